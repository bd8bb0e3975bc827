"""2024 1.3: "Whenever a resident expresses dissatisfaction landlords must give them the choice to make a
complaint." 2022 1.6: "if the resident requests it, the issue must be logged as a complaint."

The choice offered and what the resident chose are recorded; when they ask for a complaint it is
logged the same day, and nothing lets staff refuse it because they see a service request. Offering
the choice is not demanded where nobody expressed dissatisfaction (that would be a rule the Code does
not make)."""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed


def _offer(journey: Journey, chose: str, **overrides: str) -> tuple[lc.Event, ...]:
    values = {"about": "Third missed repair appointment", "how_offered": "Asked on the call"}
    values.update(overrides)
    events = lc.offer_choice_to_complain(
        journey.case, on=journey.today, chose=chose, rules=journey.rules, **values
    )
    journey.events.extend(events)
    return events


def test_2024_1_3_resident_who_asks_has_the_complaint_logged_from_a_service_request() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair request")
    offered, logged = _offer(journey, "make_a_complaint")
    assert isinstance(offered, lc.ChoiceToComplainOffered)
    assert offered.during == "service_request"
    assert offered.provision() == "2024 1.3"
    assert isinstance(logged, lc.AcceptedAsComplaint)
    assert logged.on == offered.on
    case = journey.case
    assert case.state == "complaint"
    # the complaint was made the day the resident asked (2024 1.5), so its clock runs from that day
    assert case.received_on == offered.on
    assert case.acknowledgement_due[1] == date(2024, 6, 11)


def test_2024_1_3_resident_who_does_not_want_to_complain_now_stays_a_service_request() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair request")
    (offered,) = _offer(journey, "not_now")
    assert offered.chose == lc.ComplaintChoice.NOT_NOW
    assert journey.case.state == "service_request"
    # and may still ask later: it is logged then
    journey.today = date(2024, 6, 10)
    _offer(journey, "make_a_complaint", how_offered="Resident rang back")
    assert journey.case.state == "complaint"
    assert journey.case.received_on == date(2024, 6, 10)


def test_2024_1_3_choice_on_a_new_contact_and_a_survey() -> None:
    contact = Journey()
    (offered,) = _offer(contact, "not_now")
    assert offered.during == "contact"
    assert contact.case.state == "received"
    survey = Journey(channel="survey", summary="Unhappy with the repairs service")
    offered, logged = _offer(survey, "make_a_complaint")
    assert offered.during == "survey"
    assert isinstance(logged, lc.AcceptedAsComplaint)
    # from a contact the clock runs from the day it was received
    assert survey.case.received_on == survey.events[0].on


def test_2024_1_3_a_complaint_asked_for_can_still_be_declined_on_a_valid_exclusion_with_reasons() -> None:
    journey = Journey()
    _offer(journey, "make_a_complaint")
    journey.decide(
        lc.decline,
        ground="legal_proceedings",
        explanation="Court claim filed about the same disrepair.",
        considered_on_merits="The claim covers the same repairs.",
        right_to_ombudsman_given=True,
    )
    assert journey.case.state == "declined"


def test_2024_1_3_the_record_says_what_the_dissatisfaction_was_and_how_the_choice_was_offered() -> None:
    journey = Journey()
    with pytest.raises(CodeViolation) as refused:
        _offer(journey, "not_now", about="  ")
    assert refused.value.provision == "2024 1.3"
    with pytest.raises(CodeViolation) as refused:
        _offer(journey, "not_now", how_offered="")
    assert refused.value.provision == "2024 1.3"
    with pytest.raises(InvalidRequest):
        _offer(journey, "maybe")
    assert len(journey.events) == 1


def test_2024_1_3_not_offered_on_a_complaint_already_logged_nor_demanded_on_triage() -> None:
    journey = Journey()
    journey.accept()
    with pytest.raises(TransitionNotAllowed):
        _offer(journey, "make_a_complaint")
    # triage needs no recorded choice: not every service request expresses dissatisfaction
    other = Journey()
    other.decide(lc.triage_as_service_request, reason="Boiler service due")
    assert other.case.state == "service_request"


def test_2022_1_6_issue_logged_as_a_complaint_when_the_resident_requests_it() -> None:
    journey = Journey(on=RECEIVED_2022)
    journey.decide(lc.triage_as_service_request, reason="Chaser on a missed appointment")
    offered, logged = _offer(journey, "make_a_complaint")
    assert offered.provision() == "2022 1.6"
    assert isinstance(logged, lc.AcceptedAsComplaint)
    assert journey.case.edition == "2022"
    assert journey.case.state == "complaint"
