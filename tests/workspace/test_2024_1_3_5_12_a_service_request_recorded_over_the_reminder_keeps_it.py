"""2024 1.3: "Whenever a resident expresses dissatisfaction landlords must give them the choice to make
complaint"; 2024 5.12: "A full record must be kept". The page for recording a contact as a service
request reminds the person of the choice when the triage hint reads the resident's words as a
complaint, and never refuses (the hint may be wrong). Recorded over that reminder, the service request
used to keep only its reason: nothing showed an auditor or the Ombudsman that the hint read a
complaint, or that the person was reminded. The record now keeps both, the full record says so, and
the service requests report (1.4) counts them. The Code asks for nothing more before a service
request is recorded, so nothing new is required: the reason the step always needs ("why is this a
service request, not a complaint?") is the person's reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make
from workspace.test_2024_1_3_filing_dissatisfaction_as_a_service_request_reminds_of_the_choice import (
    UNHAPPY,
)

from putright.accounts.models import User
from putright.code import lifecycle as lc
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent
from putright.complaints.personal import TOKEN
from putright.complaints.selectors import complaint_detail
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.service_requests import service_request_report

pytestmark = pytest.mark.django_db

PLAIN = "Please can someone come and fix the dripping kitchen tap?"
CUES = "“for six weeks”, “Nobody has told”, “fed up”, “ignored”"


def _recorded_on_the_page(client: Client, contact: Complaint, reason: str = "A lift repair request") -> None:
    done = client.post(
        f"/workspace/complaints/{contact.reference}/triage-as-service-request/",
        {"on": timezone.localdate().isoformat(), "reason": reason},
    )
    assert done.status_code == 302


def _triaged(contact: Complaint) -> dict[str, object]:
    """The service request's step as the record reads it (its words resolved)."""
    detail = complaint_detail(reference=contact.reference)
    (event,) = [e for e in detail.events if e.kind == "triaged_as_service_request"]
    return dict(event.data)


def test_2024_1_3_5_12_a_service_request_recorded_over_the_reminder_keeps_that_it_was_shown(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received", summary=UNHAPPY)
    client.force_login(staff["officer"])
    _recorded_on_the_page(client, contact)
    data = _triaged(contact)
    assert data["reason"] == "A lift repair request"  # the person's reason for going on
    assert data["read_as_complaint"] is True
    assert data["read_as_complaint_percent"] == 97
    assert data["complaint_cues"] == CUES
    assert data["choice_reminder_shown"] is True
    assert data["choice_provision"] == "2024 1.3"
    page = client.get(f"/workspace/complaints/{contact.reference}/").content.decode()
    timeline = page.split('id="timeline"', 1)[1]
    assert "A lift repair request Recorded though the triage hint read the resident" in timeline
    assert f"as a complaint, 97% confident ({CUES})" in timeline
    assert (
        "the person recording it was reminded that the resident must be given the choice to make a "
        "complaint (2024 1.3)." in timeline
    )


def test_2024_1_3_a_plain_service_request_says_nothing_of_the_hint(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received", summary=PLAIN)
    client.force_login(staff["officer"])
    _recorded_on_the_page(client, contact, reason="A tap repair")
    data = _triaged(contact)
    assert data.get("read_as_complaint", False) is False
    assert data.get("choice_reminder_shown", False) is False
    page = client.get(f"/workspace/complaints/{contact.reference}/").content.decode()
    assert "triage hint read" not in page.split('id="timeline"', 1)[1]


def test_2024_1_3_the_words_the_hint_read_are_kept_where_they_can_be_erased(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """The resident's own words live outside the append-only history (as every event's text does)."""
    contact = make("received", summary=UNHAPPY)
    client.force_login(staff["officer"])
    _recorded_on_the_page(client, contact)
    stored = (
        ComplaintEvent.objects.filter(complaint=contact, kind="triaged_as_service_request")
        .values_list("data", flat=True)
        .get()
    )
    assert TOKEN.fullmatch(stored["complaint_cues"])
    assert "fed up" not in str(stored)


def test_2024_1_3_1_4_the_service_requests_report_counts_those_read_as_complaints(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    reminded = make("received", summary=UNHAPPY)
    client.force_login(staff["officer"])
    _recorded_on_the_page(client, reminded)
    # a door that shows no reminder (the API's service): read as a complaint, not reminded
    services.triage_as_service_request(
        complaint=make("received", summary=UNHAPPY), actor=staff["officer"], reason="A lift repair"
    )
    _recorded_on_the_page(client, make("received", summary=PLAIN), reason="A tap repair")
    today = timezone.localdate()
    report = service_request_report(Period(date(today.year, 1, 1), today), AsAt())
    assert report.recorded == 3
    assert report.read_as_complaint == 2
    assert report.read_as_complaint_without_reminder == 1
    year = {"from": f"{today.year}-01-01", "to": today.isoformat()}
    page = client.get("/governance/oversight/", year)
    row = page.content.decode().split('id="service-requests-read-as-complaint"', 1)[1].split("</div>", 1)[0]
    assert "Recorded though the triage hint read a complaint (1.3)" in row
    assert "2 (1 without the reminder of the choice to make a complaint)" in row
    download = client.get("/governance/oversight/", {**year, "export": "csv"}).content.decode("utf-8-sig")
    assert "Recorded though the triage hint read a complaint (1.3),2 (1 without the reminder" in download


def test_2024_1_4_a_service_request_recorded_before_the_reading_was_kept_is_counted_as_cannot_tell(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """A service request stored before PutRight kept the hint's reading has no ``read_as_complaint``
    at all. It used to count as "not read as a complaint": a figure no record behind it could show
    false. The report now counts it apart, as one of which no one can tell, and says so; a plain
    service request recorded today still counts as read as nothing."""
    client.force_login(staff["officer"])
    _recorded_on_the_page(client, make("received", summary=PLAIN), reason="A tap repair")
    old = make("received", summary=UNHAPPY)
    data = lc.event_to_data(lc.TriagedAsServiceRequest(on=timezone.localdate(), reason="A lift repair"))
    for key in ("read_as_complaint", "read_as_complaint_percent", "complaint_cues", "choice_reminder_shown"):
        data.pop(key)  # as a service request was stored before the reading was kept
    last = ComplaintEvent.objects.filter(complaint=old).order_by("-sequence").first()
    assert last is not None
    ComplaintEvent.objects.create(
        complaint=old, sequence=last.sequence + 1, kind=data["kind"], on=timezone.localdate(), data=data
    )
    today = timezone.localdate()
    report = service_request_report(Period(date(today.year, 1, 1), today), AsAt())
    assert (report.recorded, report.read_as_complaint, report.reading_not_kept) == (2, 0, 1)
    year = {"from": f"{today.year}-01-01", "to": today.isoformat()}
    page = client.get("/governance/oversight/", year)
    row = page.content.decode().split('id="service-requests-read-as-complaint"', 1)[1].split("</div>", 1)[0]
    assert "0; cannot tell for 1 recorded before PutRight kept the hint's reading" in row
