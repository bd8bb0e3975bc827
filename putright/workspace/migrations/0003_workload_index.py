"""A covering index for the team view's workload counts (open complaints per handler, overdue and at
risk): with it the counts read the index alone instead of every open complaint's row. An index only,
on the complaints table; nothing about the records layer changes."""

from django.db import migrations

NAME = "workspace_complaint_workload"


def create(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON complaints_complaint (is_open, handler_id, current_due, restricted)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
