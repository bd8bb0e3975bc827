"""Database triggers that refuse UPDATE and DELETE on issued letters (see ``immutable.py``)."""

from django.db import migrations


def create_triggers(apps, schema_editor):
    from putright.letters.immutable import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    from putright.letters.immutable import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial"), ("complaints", "0002_append_only_history")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
