"""Who made the complaint: the representative it was received with (2024 3.6, 5.12)."""

import django.db.models.deletion
from django.db import migrations, models


def received_with(apps, schema_editor):  # type: ignore[no-untyped-def]
    """A complaint whose representative never changed (no amendment adding or ending one) has the
    representative it was received with: the one who made it. One whose representative changed is
    left unset (the resident's), rather than guess who was there at receipt."""
    Complaint = apps.get_model("complaints", "Complaint")
    Amendment = apps.get_model("workspace", "Amendment")
    changed = Amendment.objects.filter(
        kind__in=("representative_added", "representative_ended")
    ).values("complaint_id")
    for complaint in (
        Complaint.objects.filter(representative__isnull=False).exclude(pk__in=changed).only("pk", "representative")
    ):
        Complaint.objects.filter(pk=complaint.pk).update(made_by_representative=complaint.representative_id)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0017_waiting_contacts_counted_from_an_index"),
        ("workspace", "0011_representative_changed"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="made_by_representative",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="complaints.representative",
            ),
        ),
        migrations.RunPython(received_with, migrations.RunPython.noop),
    ]
