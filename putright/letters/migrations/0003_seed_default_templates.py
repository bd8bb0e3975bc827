"""Seed one letter template per kind with PutRight's default wording (``defaults.py``), each part the
Code requires marked for the check. Existing templates (a landlord's own wording) are left alone."""

from django.db import migrations


def seed(apps, schema_editor):
    from putright.letters.defaults import DEFAULT_TEMPLATES

    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, default in DEFAULT_TEMPLATES.items():
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"title": default.title, "body": default.body})


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_issued_letters_immutable")]

    operations = [migrations.RunPython(seed, unseed)]
