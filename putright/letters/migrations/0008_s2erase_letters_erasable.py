"""Issued letters stay append-only, with one exception the database checks itself: an erasure may
blank a letter's HTML, text, source and files, keeping its four hashes and what, when and by whom
(``putright.letters.immutable.ERASE_WHEN``)."""

from django.db import migrations


def recreate(apps, schema_editor):
    from putright.letters.immutable import trigger_sql

    vendor = schema_editor.connection.vendor
    for statement in trigger_sql(vendor, create=False) + trigger_sql(vendor, create=True):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("letters", "0007_merge_20261202_1334")]

    operations = [migrations.RunPython(recreate, recreate)]
