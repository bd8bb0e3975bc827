"""Residents' words out of the history's events into ``PersonalText`` rows that can be erased
(``putright.complaints.personal``).

Each existing event's personal values (``data`` at the keys in ``PERSONAL_KEYS``, and ``reason``) are
moved into ``PersonalText`` rows and replaced in the event by tokens, and the complaint's chain is
sealed again over the new stored form. This is the one time existing events are rewritten; it
happens only for a complaint whose chain verifies first (a complaint whose history was already
altered is left exactly as it is, so ``putright verify history`` still reports it, and it is listed
here). The append-only triggers are dropped for the rewrite and created again at the end."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    from putright.complaints.history import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def guard_personal_text(apps, schema_editor):
    from putright.complaints.personal import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def unguard_personal_text(apps, schema_editor):
    from putright.complaints.personal import trigger_sql

    for statement in trigger_sql(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


def move_personal_text(apps, schema_editor):
    from putright.complaints.history import GENESIS, event_hash, verify_chain
    from putright.complaints.personal import Splitter

    alias = schema_editor.connection.alias
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    PersonalText = apps.get_model("complaints", "PersonalText")
    Complaint = apps.get_model("complaints", "Complaint")
    events = ComplaintEvent._base_manager.using(alias)
    for complaint_id, reference in Complaint._base_manager.using(alias).values_list("pk", "reference"):
        rows = list(events.filter(complaint_id=complaint_id).order_by("sequence"))
        if not rows:
            continue
        if verify_chain(reference, rows):
            print(f"\n  {reference}: its history does not verify, so it is left as it was (not moved)")
            continue
        splitter = Splitter(complaint_id, model=PersonalText)
        previous = GENESIS
        changed = []
        for row in rows:
            row.data = splitter.data(row.data)
            row.reason = splitter.text(row.reason)
            row.chain_hash = event_hash(row, previous)
            previous = row.chain_hash
            changed.append(row)
        PersonalText._base_manager.using(alias).bulk_create(splitter.rows)
        events.bulk_update(changed, ["data", "reason", "chain_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_merge_20261202_1336"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonalText",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("value", models.TextField(blank=True)),
                ("key", models.CharField(blank=True, max_length=64)),
                ("erased_at", models.DateTimeField(blank=True, null=True)),
                ("erased_by", models.CharField(blank=True, max_length=200)),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="personal_texts",
                        to="complaints.complaint",
                    ),
                ),
            ],
            options={
                "verbose_name": "personal text in the history",
                "verbose_name_plural": "personal texts in the history",
            },
        ),
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.RunPython(move_personal_text, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(guard_personal_text, unguard_personal_text),
    ]
