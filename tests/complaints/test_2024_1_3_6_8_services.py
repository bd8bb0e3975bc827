"""2024 1.3 and 6.8 through the services: what is written to the record, in one transaction, and what
is refused without writing anything."""

from __future__ import annotations

from datetime import date

import pytest
from complaints.complaint_states import RECEIVED
from complaints.conftest import Build

from putright.accounts.models import User
from putright.code.errors import CodeViolation, TransitionNotAllowed
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep


def _day(n: int) -> date:
    return date.fromordinal(RECEIVED.toordinal() + n)


def _kinds(complaint: Complaint) -> list[str]:
    return list(
        ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("kind", flat=True)
    )


def test_2024_1_3_choice_and_complaint_recorded_together_from_a_service_request(
    build: Build, officer: User
) -> None:
    with services.recording_as_it_happened():
        sr = services.triage_as_service_request(
            complaint=build("received"), actor=officer, reason="Repair to the fan", on=_day(1)
        )
        sr = services.offer_choice_to_complain(
            complaint=sr,
            actor=officer,
            about="Second missed visit",
            how_offered="On the call",
            chose="not_now",
            on=_day(3),
        )
        assert sr.state == "service_request"
        complaint = services.offer_choice_to_complain(
            complaint=sr,
            actor=officer,
            about="Third missed visit",
            how_offered="Resident rang back",
            chose="make_a_complaint",
            on=_day(7),
        )
    complaint.refresh_from_db()
    assert complaint.state == "complaint"
    assert _kinds(complaint)[-3:] == [
        "choice_to_complain_offered",
        "choice_to_complain_offered",
        "accepted_as_complaint",
    ]
    last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence")
    assert [e.provision for e in last[:2]] == ["2024 6.2", "2024 1.3"]
    assert all(e.actor == officer for e in last[:2])


def test_2024_1_3_a_back_dated_choice_needs_its_late_reason_and_writes_nothing_when_refused(
    build: Build, officer: User
) -> None:
    received = build("received")
    before = _kinds(received)
    with pytest.raises(CodeViolation, match="recorded late"):
        services.offer_choice_to_complain(
            complaint=received,
            actor=officer,
            about="Missed visit",
            how_offered="Call",
            chose="make_a_complaint",
            on=RECEIVED,
        )
    assert _kinds(received) == before
    received.refresh_from_db()
    assert received.state == "received"


def test_2024_6_8_added_to_the_definition_is_held_until_the_resident_is_told(
    build: Build, handler_1: User
) -> None:
    complaint = build("stage_1_acknowledged")
    before = _kinds(complaint)
    held = services.record_new_issues(
        complaint=complaint,
        actor=handler_1,
        issues="The kitchen extractor does not work either.",
        related=True,
        would_unreasonably_delay=False,
        handled="added_to_definition",
        reason="Same ventilation problem; response not yet issued.",
        added_outcomes="Fix the extractor.",
    )
    assert held.not_yet_sent == "amended complaint definition"
    assert _kinds(complaint) == before
    pending = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    services.send_held_step(
        pending=pending,
        told=services.Told(
            method="email", on=date.today(), body="We have added the extractor to your complaint."
        ),
    )
    complaint.refresh_from_db()
    assert _kinds(complaint)[-1] == "new_issues_raised"
    stage = complaint.stages.get(number=1)
    assert "kitchen extractor" in stage.complaint_definition
    assert stage.outcomes_sought.endswith("Also: Fix the extractor.")
    event = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence").first()
    assert event is not None and event.provision == "2024 6.8"
    assert event.data["communication"]["method"] == "email"


def test_2024_6_8_logged_as_a_new_complaint_linked_both_ways(build: Build, handler_1: User) -> None:
    complaint = build("stage_1_responded")
    count = Complaint.objects.count()
    services.record_new_issues(
        complaint=complaint,
        actor=handler_1,
        issues="The garden fence was left broken by the contractor.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="Stage 1 response already issued; a different repair.",
    )
    assert Complaint.objects.count() == count + 1
    new = Complaint.objects.order_by("-pk").first()
    assert new is not None and new.state == "complaint"
    assert new.resident_id == complaint.resident_id
    first = ComplaintEvent.objects.get(complaint=new, sequence=1)
    assert first.data["raised_during"] == complaint.reference
    link = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence").first()
    assert link is not None and link.data["new_complaint"] == new.reference


def test_2024_6_8_a_refused_choice_logs_no_new_complaint(build: Build, handler_1: User) -> None:
    complaint = build("stage_1_acknowledged")
    count = Complaint.objects.count()
    with pytest.raises(CodeViolation) as refused:
        services.record_new_issues(
            complaint=complaint,
            actor=handler_1,
            issues="The bathroom mould has spread to the hall.",
            related=True,
            would_unreasonably_delay=False,
            handled="logged_as_new_complaint",
            reason="Easier to track separately",
        )
    assert refused.value.provision == "2024 6.8"
    assert Complaint.objects.count() == count
    with pytest.raises(TransitionNotAllowed):
        services.record_new_issues(
            complaint=build("received"),
            actor=handler_1,
            issues="x",
            related=False,
            would_unreasonably_delay=False,
            handled="logged_as_new_complaint",
            reason="y",
        )


def test_2024_6_8_a_stage_1_response_is_not_issued_past_new_issues_held_for_it(
    build: Build, handler_1: User
) -> None:
    """Related new issues the handler chose to add to the definition must be incorporated into the stage
    1 response (2024 6.8). While their amended definition waits to be told to the resident, issuing the
    response would leave them out with nothing on the record to show it (a held step is not an event,
    and once the response is issued the held amendment can never be sent): the response is refused."""
    from complaints.complaint_states import RESPONSE

    complaint = build("stage_1_acknowledged")
    services.record_new_issues(
        complaint=complaint,
        actor=handler_1,
        issues="The kitchen extractor does not work either.",
        related=True,
        would_unreasonably_delay=False,
        handled="added_to_definition",
        reason="Same ventilation problem; response not yet issued.",
    )
    before = _kinds(complaint)
    with pytest.raises(CodeViolation) as refused:
        services.respond_to_complaint(
            complaint=complaint,
            actor=handler_1,
            told=services.Told(method="post", on=date.today(), body="Sent by post."),
            **RESPONSE,
        )
    assert refused.value.provision == "2024 6.8"
    assert _kinds(complaint) == before
    pending = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    services.send_held_step(
        pending=pending,
        told=services.Told(method="post", on=date.today(), body="We have added the extractor."),
    )
    services.respond_to_complaint(
        complaint=complaint,
        actor=handler_1,
        told=services.Told(method="post", on=date.today(), body="Sent by post."),
        **RESPONSE,
    )
    assert _kinds(complaint)[-2:] == ["new_issues_raised", "responded"]
