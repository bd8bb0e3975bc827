"""Each complaint file produced records the other complaints it names (linked by new issues, 2024
6.8), so it is served only to a reader who may open them all.

A file already produced cannot be read back safely here (what it named depended on whether its
producer could open the linked complaint on the day, which the records do not keep), so each is
taken to name every complaint its complaint's history links by new issues today: a reader who may
not open one of them is refused it and can produce the file afresh. A file produced with nobody
recorded as its producer named none (nobody's access was asked), and names none here either.
"""

from django.db import migrations, models

#: where an event keeps the reference of the complaint it links by new issues (as in
#: ``putright.complaints.selectors.LINKED_BY``, copied: a migration does not import the app's code)
LINKED_BY = {"new_issues_raised": "new_complaint", "contact_received": "raised_during"}


def names_from_history(apps, schema_editor):  # type: ignore[no-untyped-def]
    ComplaintFileProduced = apps.get_model("ombudsman", "ComplaintFileProduced")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    files = ComplaintFileProduced.objects.filter(produced_by__isnull=False)
    linked: dict[int, set[str]] = {}
    events = ComplaintEvent.objects.filter(
        complaint_id__in=files.values("complaint_id"), kind__in=list(LINKED_BY)
    ).values_list("complaint_id", "kind", "data")
    for complaint_id, kind, data in events.iterator():
        reference = str((data or {}).get(LINKED_BY[kind]) or "")
        if reference:
            linked.setdefault(complaint_id, set()).add(reference)
    for record in files.only("pk", "complaint_id").iterator():
        named = sorted(linked.get(record.complaint_id, ()))
        if named:
            ComplaintFileProduced.objects.filter(pk=record.pk).update(complaints_named=named)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0018_complaint_made_by_representative"),
        ("ombudsman", "0001_h16_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaintfileproduced",
            name="complaints_named",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(names_from_history, migrations.RunPython.noop),
    ]
