"""Covering indexes on the complaint projections for the governance aggregates (SQLite and
PostgreSQL). They are added here, by the reporting app, so the records layer's models are untouched;
``IF NOT EXISTS`` makes them safe to re-run. A later migration that rebuilds one of these tables on
SQLite drops them: the app creates them again after every ``migrate`` (``putright.governance.indexes``),
and ``tests/governance`` checks they exist."""

from django.db import migrations

from putright.governance.indexes import INDEXES


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("complaints", "0003_seed_reference_data")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
