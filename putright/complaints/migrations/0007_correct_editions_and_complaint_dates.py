"""Re-read every stored complaint that the new rules affect (see ``putright.complaints.corrections``):
complaints received from 1 April 2024 are under the 2024 Code, and a complaint about a service
request was received on the day it was made. The events are not changed."""

from collections import defaultdict
from typing import Any

from django.db import migrations


def correct(apps: Any, schema_editor: Any) -> None:
    from putright.complaints.corrections import corrected_fields, needs_correction

    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    kinds: dict[int, set[str]] = defaultdict(set)
    for complaint_id, kind in ComplaintEvent.objects.filter(
        kind__in=("triaged_as_service_request", "accepted_as_complaint")
    ).values_list("complaint_id", "kind"):
        kinds[complaint_id].add(kind)
    for pk, edition, received_on in Complaint.objects.values_list("pk", "edition", "received_on").iterator():
        if not needs_correction(edition=edition, received_on=received_on, kinds=kinds[pk]):
            continue
        events = ComplaintEvent.objects.filter(complaint_id=pk).order_by("sequence").values_list("data", flat=True)
        Complaint.objects.filter(pk=pk).update(**corrected_fields(list(events)))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_trustworthy_record")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
