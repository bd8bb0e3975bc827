"""Existing records are corrected by deciding again from their events (issue 11, items 4 and 5):
a complaint received from 1 April 2024 is under the 2024 Code (1.2), and a complaint about a service
request was received on the day it was made (1.5). The events themselves are never changed."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps

from putright.code import lifecycle as lc
from putright.complaints.models import Complaint, ComplaintEvent, Resident

migration = importlib.import_module(
    "putright.complaints.migrations.0007_correct_editions_and_complaint_dates"
)


def _old_record(resident: Resident, events: list[lc.Event], **stale: object) -> Complaint:
    """A complaint as an earlier PutRight wrote it: events as then decided, projection as then read."""
    first = events[0]
    assert isinstance(first, lc.ContactReceived)
    complaint = Complaint.objects.create(
        reference=f"PR-OLD-{Complaint.objects.count() + 1}",
        resident=resident,
        channel=first.channel.value,
        summary=first.summary,
        edition=first.edition,
        received_on=first.on,
        **stale,  # type: ignore[arg-type]
    )
    for number, event in enumerate(events, start=1):
        ComplaintEvent.objects.create(
            complaint=complaint, sequence=number, kind=event.kind, on=event.on, data=lc.event_to_data(event)
        )
    return complaint


def test_2024_1_2_a_complaint_logged_under_the_2022_setting_after_april_2024_is_corrected(db: None) -> None:
    resident = Resident.objects.create(name="Rita")
    received = lc.ContactReceived(
        on=date(2024, 6, 3), edition="2022", channel=lc.Channel.EMAIL, summary="Leak"
    )
    accepted = lc.AcceptedAsComplaint(
        on=date(2024, 6, 3), acknowledgement_due=date(2024, 6, 10), acknowledgement_provision="2022 4.1"
    )
    complaint = _old_record(
        resident, [received, accepted], current_due=date(2024, 6, 10), current_due_provision="2022 4.1"
    )
    events_before = list(ComplaintEvent.objects.values_list("data", flat=True))
    migration.correct(apps, None)
    complaint.refresh_from_db()
    assert complaint.edition == "2024"
    assert complaint.current_due_provision == "2024 6.2"
    assert list(ComplaintEvent.objects.values_list("data", flat=True)) == events_before


def test_2024_1_5_a_complaint_about_a_service_request_is_counted_from_the_day_it_was_made(db: None) -> None:
    resident = Resident.objects.create(name="Sam")
    received = lc.ContactReceived(
        on=date(2024, 3, 20), edition="2022", channel=lc.Channel.TELEPHONE, summary="Tap"
    )
    triaged = lc.TriagedAsServiceRequest(on=date(2024, 3, 20), reason="Repair")
    accepted = lc.AcceptedAsComplaint(
        on=date(2024, 4, 15), acknowledgement_due=date(2024, 4, 22), acknowledgement_provision="2022 4.1"
    )
    complaint = _old_record(resident, [received, triaged, accepted])
    assert complaint.received_on == date(2024, 3, 20)
    migration.correct(apps, None)
    complaint.refresh_from_db()
    assert complaint.received_on == date(2024, 4, 15)
    assert complaint.contact_received_on == date(2024, 3, 20)
    assert complaint.edition == "2024"


def test_records_the_rules_do_not_affect_are_left_alone(db: None) -> None:
    resident = Resident.objects.create(name="Una")
    received = lc.ContactReceived(
        on=date(2023, 6, 5), edition="2022", channel=lc.Channel.EMAIL, summary="Noise"
    )
    complaint = _old_record(resident, [received], current_due_provision="kept")
    migration.correct(apps, None)
    complaint.refresh_from_db()
    assert (complaint.edition, complaint.current_due_provision) == ("2022", "kept")
