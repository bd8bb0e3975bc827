"""A covering index for the team view's workload counts (open complaints per handler, overdue and at
risk): with it the counts read the index alone instead of every open complaint's row. An index only,
on the complaints table; nothing about the records layer changes."""

from django.db import migrations

from putright.workspace.indexes import INDEXES


def create(apps, schema_editor):
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
