"""Tamper evidence: every event carries ``chain_hash`` (its content and the previous event's hash).

Existing events are back-filled complaint by complaint in sequence order. The append-only triggers
refuse UPDATE, so they are dropped for the back-fill and created again at the end (on SQLite adding
the column rebuilds the table, which drops them anyway)."""

from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def backfill(apps, schema_editor):
    from putright.complaints.history import GENESIS, event_hash

    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    manager = ComplaintEvent._base_manager.using(schema_editor.connection.alias)
    batch = []
    current, previous = None, GENESIS
    for row in manager.order_by("complaint_id", "sequence").iterator(chunk_size=2000):
        if row.complaint_id != current:
            current, previous = row.complaint_id, GENESIS
        row.chain_hash = event_hash(row, previous)
        previous = row.chain_hash
        batch.append(row)
        if len(batch) >= 1000:
            manager.bulk_update(batch, ["chain_hash"])
            batch = []
    if batch:
        manager.bulk_update(batch, ["chain_hash"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_page_indexes_cover_is_open")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField(
            model_name="complaintevent",
            name="chain_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
