"""Covering indexes on the complaint projections for the governance aggregates (SQLite and
PostgreSQL), added by the reporting app with SQL of its own so the records layer's models are
untouched. Created by migration 0002 and again after every ``migrate`` wherever one is missing
(:func:`putright.web.database.kept_indexes`): a migration that rebuilds one of these tables on SQLite
drops them."""

INDEXES = {
    "gov_complaint_received": "complaints_complaint (received_on, stage, state, category_id, property_id, resident_id)",
    "gov_stage_acknowledged": "complaints_stage (acknowledged_on, number, acknowledgement_due)",
    "gov_stage_responded": "complaints_stage (responded_on, number, response_due, outcome)",
    "gov_stage_escalated": "complaints_stage (escalation_requested_on, number, complaint_id)",
    "gov_exclusion_applied": "complaints_exclusionapplied (applied_on, stage, ground)",
    "gov_event_complaint_kind": "complaints_complaintevent (complaint_id, kind, sequence)",
}
