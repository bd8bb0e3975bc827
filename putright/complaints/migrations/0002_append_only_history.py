"""Database triggers that refuse UPDATE and DELETE on complaint events (see ``history.py``)."""

from django.db import migrations


def create_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
