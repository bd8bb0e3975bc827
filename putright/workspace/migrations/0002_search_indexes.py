"""GIN expression indexes for the queue's full-text search on PostgreSQL (nothing on SQLite).

The expressions are exactly what ``SearchVector(..., config=...)`` compiles to, so the planner uses
them for ``putright.workspace.selectors.search_filter``."""

from django.db import migrations

INDEXES = {
    "workspace_complaint_summary_fts": (
        "complaints_complaint",
        "to_tsvector('english'::regconfig, COALESCE(summary, ''))",
    ),
    "workspace_resident_name_fts": (
        "complaints_resident",
        "to_tsvector('simple'::regconfig, COALESCE(name, ''))",
    ),
    "workspace_property_address_fts": (
        "complaints_property",
        "to_tsvector('simple'::regconfig, COALESCE(address_line_1, '') || ' ' || COALESCE(address_line_2, '')"
        " || ' ' || COALESCE(town, ''))",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_initial"),
        ("complaints", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
