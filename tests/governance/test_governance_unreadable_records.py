"""A stored history the Code's classes cannot read (written straight into the database, never through
PutRight's doors) is said, not guessed and not a bare server error (the brief: "Bad input always gets
a clear error and loses nothing already recorded"; 2024 9.6, a full record). Found by a browser walk:
a due date of "today", 2025-02-30 or words, a response with no outcome or an extension with no new
date gave a bare 500 on the case page, the API record and a new self-assessment (2024 8.1)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from governance.journeys import raw_event

from putright.accounts.services import create_api_token
from putright.code.errors import UnreadableRecord
from putright.code.lifecycle import event_from_data
from putright.complaints.models import ComplaintEvent
from putright.governance.models import SelfAssessment

_d = date

ODD = [
    ("accepted_as_complaint", {"acknowledgement_due": "today"}, "acknowledgement_due"),
    ("deadline_extended", {"stage": 1, "new_due": "2025-02-30"}, "new_due"),
    ("deadline_extended", {"stage": 1, "new_due": None}, "new_due is empty"),
    (
        "responded",
        {"stage": 1, "handler": "x", "response": {"outcome": None, "decision": "d"}},
        "outcome is empty",
    ),
    (
        "responded",
        {"stage": 1, "handler": "x", "response": {"outcome": "sort of", "decision": "d"}},
        "outcome",
    ),
]


@pytest.mark.parametrize(("kind", "data", "named"), ODD)
def test_the_core_refuses_to_read_a_value_no_door_stores_and_names_it(kind, data, named):  # type: ignore[no-untyped-def]
    with pytest.raises(UnreadableRecord) as refused:
        event_from_data({"kind": kind, "on": "2025-07-10", **data})
    assert named in refused.value.detail
    assert "2025-07-10" in refused.value.detail
    assert "recorded nothing" in refused.value.detail


def test_an_optional_value_left_empty_is_still_read():  # type: ignore[no-untyped-def]
    """Only what the Code's event requires is refused when empty: a 2024 escalation stores no response
    due date until its acknowledgement sets one."""
    event = event_from_data(
        {
            "kind": "escalation_requested",
            "on": "2025-07-10",
            "to_stage": 2,
            "reason": "Not resolved",
            "acknowledgement_due": "2025-07-17",
            "response_due": None,
            "escalation_provision": "2024 6.11",
        }
    )
    assert event.response_due is None  # type: ignore[attr-defined]


@pytest.fixture
def odd_case(journey):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    raw_event(c, "deadline_extended", _d(2025, 7, 10), stage=1, new_due="today", good_reason="")
    return c


def test_the_case_page_says_which_step_cannot_be_read(odd_case, signed_in_officer):  # type: ignore[no-untyped-def]
    events = ComplaintEvent.objects.filter(complaint=odd_case).count()
    page = signed_in_officer.get(f"/workspace/complaints/{odd_case.reference}/")
    assert page.status_code == 500
    text = page.content.decode()
    assert "A complaint&#x27;s record cannot be read" in text or "A complaint's record cannot be read" in text
    assert "deadline extended" in text and "2025-07-10" in text and "new_due" in text
    assert ComplaintEvent.objects.filter(complaint=odd_case).count() == events  # nothing changed


def test_the_api_record_says_which_step_cannot_be_read(odd_case, officer):  # type: ignore[no-untyped-def]
    token = create_api_token(officer, "tests")[0]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    answer = api.get(f"/api/v1/complaints/{odd_case.reference}")
    assert answer.status_code == 500
    body = json.loads(answer.content)
    assert "cannot read" in body["detail"] and "new_due" in body["detail"]


def test_a_new_self_assessment_keeps_nothing_and_logs_the_complaint(journey, signed_in_officer, caplog):  # type: ignore[no-untyped-def]
    """The page says which step, never which complaint (its reader may not be allowed to open it);
    the log names the complaint for the administrator."""
    c = journey(_d(2025, 7, 1), accept=False)
    raw_event(c, "accepted_as_complaint", _d(2025, 7, 2), acknowledgement_due="today")
    page = signed_in_officer.post("/governance/self-assessment/", {"year": 2025, "edition": "2024"})
    assert page.status_code == 500
    text = page.content.decode()
    assert "acknowledgement_due" in text and c.reference not in text
    assert SelfAssessment.objects.count() == 0
    assert any(c.reference in r.getMessage() for r in caplog.records if r.name == "putright.records")


def test_a_rule_list_is_not_a_bad_request_and_names_no_complaint(odd_case, signed_in_officer):  # type: ignore[no-untyped-def]
    page = signed_in_officer.get(
        "/governance/complaints/", {"measure": "rule:2024:6.4", "from": "2025-04-01", "to": "2026-03-31"}
    )
    assert page.status_code == 500
    text = page.content.decode()
    assert "cannot read" in text and odd_case.reference not in text


def test_the_log_names_the_complaint_whose_page_failed(odd_case, signed_in_officer, caplog):  # type: ignore[no-untyped-def]
    signed_in_officer.get(f"/workspace/complaints/{odd_case.reference}/")
    assert any(odd_case.reference in r.getMessage() for r in caplog.records if r.name == "putright.records")


def test_someone_not_signed_in_sees_the_ordinary_error_page(odd_case):  # type: ignore[no-untyped-def]
    """The details are the landlord's: the resident's pages never show them."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from putright.web.unreadable import ExplainUnreadableRecords

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    error = UnreadableRecord("deadline_extended", "2025-07-10", "new_due: no date")
    assert ExplainUnreadableRecords(lambda r: None).process_exception(request, error) is None  # type: ignore[arg-type,return-value]


def test_the_log_names_the_complaint_a_resident_could_not_open(journey, client, caplog):  # type: ignore[no-untyped-def]
    """The resident sees the ordinary error page; the administrator's log says which complaint."""
    from putright.portal import access

    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    c.resident.email = "rita@example.org"
    c.resident.save()
    raw_event(c, "deadline_extended", _d(2025, 7, 10), stage=1, new_due="today", good_reason="")
    client.post(f"/track/link/{access.issue(c, 'rita@example.org').token}/")
    client.raise_request_exception = False
    assert client.get("/track/complaint/").status_code == 500
    assert any(c.reference in r.getMessage() for r in caplog.records if r.name == "putright.records")


def test_2024_1_4_an_unreadable_service_request_step_leaves_the_rest_of_oversight_working(  # type: ignore[no-untyped-def]
    journey, signed_in_officer, caplog
):
    """One service request step another system left unreadable used to take down the whole oversight
    page, where appointments (2024 9.4) and reports received (9.7) are recorded. Now only the service
    requests report (1.4) says it cannot be shown; the download refuses rather than leave it out."""
    c = journey(_d(2025, 7, 1), accept=False)
    raw_event(c, "triaged_as_service_request", _d(2025, 7, 2), reason=["not", "text"])
    year = {"from": "2025-04-01", "to": "2026-03-31"}
    page = signed_in_officer.get("/governance/oversight/", year)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="service-requests-unreadable"' in text
    assert "triaged as service request" in text and "reason: expected text, found a list" in text
    assert c.reference not in text
    assert 'id="appointments"' in text  # the part staff record in still works
    assert ">Recorded</dt>" not in text  # no figures shown beside the warning
    assert any(c.reference in r.getMessage() for r in caplog.records if r.name == "putright.records")
    assert "export=csv" not in text  # no download offered that would fail
    download = signed_in_officer.get("/governance/oversight/", {**year, "export": "csv"})
    assert download.status_code == 500


def test_2024_1_4_the_service_requests_report_shows_when_every_step_reads(journey, signed_in_officer):  # type: ignore[no-untyped-def]
    journey(_d(2025, 7, 1), accept=False)
    page = signed_in_officer.get("/governance/oversight/", {"from": "2025-04-01", "to": "2026-03-31"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "service-requests-unreadable" not in text and ">Recorded</dt>" in text
    assert "export=csv" in text
