"""2024 1.4: service requests are not complaints, but are recorded, monitored and reviewed. 1.5: a
complaint must be raised when the resident is dissatisfied with the response to their service request,
even if it remains ongoing; the landlord must not stop its efforts on the service request.

PutRight models the complaint about a service request as a second case, received with
``about_service_request`` naming the first, while the first stays a service request."""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2022, RECEIVED_2024, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, TransitionNotAllowed


def test_2024_1_4_a_service_request_is_recorded_with_the_reason_and_is_not_a_complaint() -> None:
    journey = Journey()
    event = journey.decide(lc.triage_as_service_request, reason="A repair to report: leaking radiator.")
    case = journey.case
    assert event.reason == "A repair to report: leaking radiator."
    assert case.state == "service_request"
    assert not case.is_complaint
    assert case.is_open
    assert case.current_deadline() is None  # no Code timescale runs on a service request


def test_2024_1_4_triage_needs_the_reason_it_is_a_service_request() -> None:
    with pytest.raises(CodeViolation) as refused:
        Journey().decide(lc.triage_as_service_request, reason=" ")
    assert refused.value.provision == "2024 1.4"


@pytest.mark.parametrize(("received", "choice"), [(RECEIVED_2024, "2024 1.3"), (RECEIVED_2022, "2022 1.6")])
def test_2024_1_3_a_service_request_read_as_a_complaint_keeps_the_reading_and_is_not_refused(
    received: date, choice: str
) -> None:
    """Recorded over the reminder of the choice to make a complaint: the record keeps what the triage
    hint read and whether the person was reminded, citing the edition's own provision; nothing more
    is asked of them than the reason every service request needs (the Code asks for no more)."""
    reading = lc.ReadAsComplaint(percent=84, cues=("Nobody has told", "fed up"))
    event = Journey(on=received).decide(
        lc.triage_as_service_request,
        reason="Lift repair",
        read_as_complaint=reading,
        choice_reminder_shown=True,
    )
    assert isinstance(event, lc.TriagedAsServiceRequest)
    assert (event.read_as_complaint, event.read_as_complaint_percent, event.choice_reminder_shown) == (
        True,
        84,
        True,
    )
    assert event.complaint_cues == "“Nobody has told”, “fed up”"
    assert event.choice_provision == choice
    # a reminder only says something when there was a reading to remind of
    plain = Journey(on=received).decide(
        lc.triage_as_service_request, reason="Tap", choice_reminder_shown=True
    )
    assert isinstance(plain, lc.TriagedAsServiceRequest)
    assert (plain.read_as_complaint, plain.choice_reminder_shown, plain.choice_provision) == (
        False,
        False,
        "",
    )


def test_2024_1_4_a_service_request_is_resolved_without_entering_the_complaints_process() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair")
    journey.decide(lc.resolve_service_request, resolution="Radiator valve replaced.")
    case = journey.case
    assert case.state == "closed"
    assert not case.is_complaint
    assert lc.allowed_actions(case) == []


def test_2024_1_4_a_complaint_cannot_be_triaged_as_a_service_request() -> None:
    journey = Journey()
    journey.accept()
    with pytest.raises(TransitionNotAllowed):
        journey.decide(lc.triage_as_service_request, reason="Repair")


def test_2024_1_5_complaint_about_a_service_request_leaves_the_service_request_open() -> None:
    service_request = Journey(on=RECEIVED_2024)
    service_request.decide(lc.triage_as_service_request, on=RECEIVED_2024, reason="Leaking radiator.")

    complained_on = date(2024, 6, 17)
    complaint = Journey(
        on=complained_on, summary="Nobody came to fix the radiator.", about_service_request="SR-1042"
    )
    received = complaint.events[0]
    assert received.about_service_request == "SR-1042"
    accepted = complaint.accept()
    assert accepted.acknowledgement_due == date(2024, 6, 24)  # 6.2 runs from the complaint, not the request
    complaint.acknowledge()

    still = service_request.case
    assert still.state == "service_request"
    assert lc.Action.RESOLVE_SERVICE_REQUEST in lc.allowed_actions(still)
    service_request.decide(lc.resolve_service_request, on=date(2024, 6, 20), resolution="Radiator replaced.")
    assert service_request.case.state == "closed"
    assert complaint.case.state == "stage_1_acknowledged"


def test_2024_1_5_a_service_request_can_still_become_a_complaint_on_its_own_record() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair")
    assert lc.Action.ACCEPT_AS_COMPLAINT in lc.allowed_actions(journey.case)
    journey.accept()
    assert journey.case.state == "complaint"


def test_2024_1_4_a_service_request_cannot_be_declined_as_a_complaint() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair")
    assert lc.Action.DECLINE not in lc.allowed_actions(journey.case)


def test_2022_1_4_triage_needs_the_reason_it_is_a_service_request() -> None:
    with pytest.raises(CodeViolation) as refused:
        Journey(on=RECEIVED_2022).decide(lc.triage_as_service_request, reason="")
    assert refused.value.provision == "2022 1.4"


def test_2024_1_5_accepted_from_a_service_request_the_6_2_clock_runs_from_the_dissatisfaction() -> None:
    """A contact triaged as a service request on 3 June; the resident is dissatisfied with the
    response on 1 July. The complaint is acknowledged within 5 working days of 1 July, not of 3 June."""
    journey = Journey(on=RECEIVED_2024)
    journey.decide(lc.triage_as_service_request, reason="A repair to report: leaking radiator.")
    event = journey.decide(lc.accept_as_complaint, on=date(2024, 7, 1))
    assert isinstance(event, lc.AcceptedAsComplaint)
    assert event.acknowledgement_due == date(2024, 7, 8)
