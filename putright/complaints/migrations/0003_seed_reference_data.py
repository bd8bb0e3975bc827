"""The landlord settings row and the starting complaint categories."""

from django.db import migrations

CATEGORIES = [
    ("repairs", "Repairs"),
    ("damp-and-mould", "Damp and mould"),
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("staff-conduct", "Staff conduct"),
    ("communication", "Communication"),
    ("estate-services", "Estate services"),
    ("rent-and-charges", "Rent and charges"),
    ("neighbourhood", "Neighbourhood"),
    ("adaptations", "Adaptations"),
    ("other", "Other"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    Landlord = apps.get_model("complaints", "Landlord")
    for slug, name in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name})
    Landlord.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("complaints", "Category").objects.filter(
        slug__in=[slug for slug, _ in CATEGORIES], complaints__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_append_only_history")]

    operations = [migrations.RunPython(seed, unseed)]
