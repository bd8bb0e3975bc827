"""Covering indexes on the complaint projections for the governance aggregates (SQLite and
PostgreSQL). They are added here, by the reporting app, so the records layer's models are untouched;
``IF NOT EXISTS`` makes them safe to re-run. A later migration that rebuilds one of these tables on
SQLite drops them: ``tests/governance`` checks they exist."""

from django.db import migrations

INDEXES = {
    "gov_complaint_received": "complaints_complaint (received_on, stage, state, category_id, property_id, resident_id)",
    "gov_stage_acknowledged": "complaints_stage (acknowledged_on, number, acknowledgement_due)",
    "gov_stage_responded": "complaints_stage (responded_on, number, response_due, outcome)",
    "gov_stage_escalated": "complaints_stage (escalation_requested_on, number, complaint_id)",
    "gov_exclusion_applied": "complaints_exclusionapplied (applied_on, stage, ground)",
    "gov_event_complaint_kind": "complaints_complaintevent (complaint_id, kind, sequence)",
}


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("complaints", "0003_seed_reference_data")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
