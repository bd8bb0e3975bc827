"""The day received as first recorded, projected once it has been corrected (2024 5.12), filled in
from the history for any complaint whose day received was corrected before the column existed."""

from datetime import date
from typing import Any

from django.db import migrations, models


def fill_from_history(apps: Any, schema_editor: Any) -> None:
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    first: dict[int, date] = {}
    rows = ComplaintEvent.objects.filter(kind="received_date_corrected").order_by("complaint_id", "sequence")
    for complaint_id, data in rows.values_list("complaint_id", "data"):
        if complaint_id not in first and isinstance(data, dict) and data.get("previous"):
            try:
                first[complaint_id] = date.fromisoformat(str(data["previous"]))
            except ValueError:
                continue  # an unreadable history keeps its projection as it was (rebuild reports it)
    for complaint_id, day in first.items():
        Complaint.objects.filter(pk=complaint_id).update(received_first_recorded=day)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0011_remedy_withdrawn"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="received_first_recorded",
            field=models.DateField(
                blank=True, help_text="The day received as first recorded, when it was corrected since", null=True
            ),
        ),
        migrations.RunPython(fill_from_history, migrations.RunPython.noop),
    ]
