"""2024 5.12 (2022 4.15): a day received recorded wrongly is put right on the record, beside the day it
replaces; the stage 1 acknowledgement date follows the corrected day (2024 6.2). A correction can
never make the record show a complaint arriving later than PutRight itself saw it, nor after a
step taken on it: those would make a late acknowledgement read as on time."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from code_lifecycle_helpers import RECEIVED_2022, RECEIVED_2024, Journey, definition

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed

TODAY = RECEIVED_2024 + timedelta(days=20)


def _correct(
    journey: Journey, received_on: date, *, recorded_on: date | None = None, reason: str = "Email dated then"
) -> lc.ReceivedDateCorrected:
    event = lc.correct_received_date(
        journey.case,
        on=TODAY,
        received_on=received_on,
        reason=reason,
        recorded_on=recorded_on or journey.events[0].on,
        rules=journey.rules,
    )
    assert isinstance(event, lc.ReceivedDateCorrected)
    journey.events.append(event)
    return event


def _accepted(on: date = RECEIVED_2024) -> Journey:
    journey = Journey(on=on)
    journey.decide(lc.accept_as_complaint, on=on + timedelta(days=1))
    return journey


def test_2024_5_12_an_earlier_day_moves_the_acknowledgement_date_with_it() -> None:
    journey = _accepted()
    assert journey.case.acknowledgement_due[1] == date(2024, 6, 10)
    event = _correct(journey, date(2024, 5, 29))  # a Wednesday: 5 working days to 5 June
    assert (event.previous, event.received_on) == (RECEIVED_2024, date(2024, 5, 29))
    assert event.acknowledgement_due == date(2024, 6, 5)
    case = journey.case
    assert case.received_on == case.contact_received_on == date(2024, 5, 29)
    assert case.acknowledgement_due[1] == date(2024, 6, 5)
    assert case.current_deadline() == (date(2024, 6, 5), "2024 6.2")
    assert event.provision() == "2024 5.12"


def test_2024_6_2_an_acknowledgement_late_by_the_corrected_day_reads_late() -> None:
    journey = _accepted()
    journey.decide(lc.acknowledge, on=date(2024, 6, 7), definition=definition())
    _correct(journey, date(2024, 5, 28))
    case = journey.case
    assert case.acknowledged_on[1] == date(2024, 6, 7)
    assert case.acknowledgement_due[1] == date(2024, 6, 4)  # the acknowledgement was 3 days late
    # the response clock runs from the acknowledgement (2024 6.3), not from the day received
    assert case.response_due[1] == case.original_response_due[1]


def test_2024_5_12_a_reason_is_required() -> None:
    with pytest.raises(CodeViolation) as refused:
        _correct(_accepted(), date(2024, 5, 31), reason="  ")
    assert refused.value.provision == "2024 5.12"
    assert "how the day it was received is known" in refused.value.detail


def test_2024_5_12_not_later_than_the_day_it_was_put_on_the_record() -> None:
    journey = Journey(on=date(2024, 6, 3))
    with pytest.raises(CodeViolation) as refused:
        _correct(journey, date(2024, 6, 5), recorded_on=date(2024, 6, 4))
    assert refused.value.provision == "2024 5.12"
    assert (
        "logged on 4 June 2024, so the day it was received must be on or before then" in refused.value.detail
    )
    # up to that day it may be later: logged on the 4th as received the 3rd, it came on the 4th
    assert _correct(journey, date(2024, 6, 4), recorded_on=date(2024, 6, 4)).received_on == date(2024, 6, 4)


def test_2024_6_2_not_later_than_the_first_step_on_it() -> None:
    journey = _accepted()  # accepted on 4 June
    with pytest.raises(CodeViolation) as refused:
        _correct(journey, date(2024, 6, 5), recorded_on=date(2024, 6, 10))
    assert "first step on the complaint was taken on 4 June 2024, so the day it" in refused.value.detail
    later = _correct(journey, date(2024, 6, 4), recorded_on=date(2024, 6, 10))
    assert later.acknowledgement_due == date(2024, 6, 11)


def test_2024_5_12_not_in_the_future() -> None:
    journey = Journey(on=TODAY)
    with pytest.raises(CodeViolation) as refused:
        _correct(journey, TODAY + timedelta(days=1), recorded_on=TODAY + timedelta(days=1))
    assert "future" in refused.value.detail


def test_the_same_day_is_not_a_correction() -> None:
    with pytest.raises(InvalidRequest) as refused:
        _correct(_accepted(), RECEIVED_2024)
    assert "already recorded as received on 3 June 2024" in refused.value.detail


def test_not_before_the_issue_it_is_about() -> None:
    journey = Journey()
    journey.decide(lc.accept_as_complaint, on=RECEIVED_2024, issue_date=date(2024, 6, 1))
    with pytest.raises(InvalidRequest) as refused:
        _correct(journey, date(2024, 5, 31))
    assert "the issue happened on 1 June 2024" in refused.value.detail


def test_a_correction_that_would_change_the_edition_is_refused() -> None:
    """The 2024 Code is statutory for complaints received from 1 April 2024: a 2022-Code complaint
    cannot be moved past that day without being handled again under the other Code."""
    journey = Journey(on=date(2024, 3, 28))
    journey.decide(lc.accept_as_complaint, on=date(2024, 4, 3))
    assert journey.case.edition == "2022"
    with pytest.raises(InvalidRequest) as refused:
        _correct(journey, date(2024, 4, 2), recorded_on=date(2024, 4, 3))
    assert "is under the 2024 Code, not the 2022 Code" in refused.value.detail


def test_2022_a_correction_cites_the_2022_record_provision() -> None:
    journey = _accepted(RECEIVED_2022)
    event = _correct(journey, RECEIVED_2022 - timedelta(days=1))
    assert event.provision() == "2022 4.15"


def test_2024_1_5_a_complaint_about_a_service_request_keeps_the_contact_day() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, on=RECEIVED_2024, reason="Repair")
    journey.decide(lc.accept_as_complaint, on=date(2024, 6, 12))
    assert journey.case.received_on == date(2024, 6, 12)
    # bounded by its acceptance, not the service request's first step
    _correct(journey, date(2024, 6, 10), recorded_on=date(2024, 6, 12))
    case = journey.case
    assert (case.contact_received_on, case.received_on) == (RECEIVED_2024, date(2024, 6, 10))
    with pytest.raises(InvalidRequest) as refused:
        _correct(journey, RECEIVED_2024 - timedelta(days=1), recorded_on=date(2024, 6, 12))
    assert "(2024 1.5)" in refused.value.detail


def test_before_acceptance_no_acknowledgement_date_is_set_and_acceptance_counts_from_it() -> None:
    journey = Journey()
    event = _correct(journey, date(2024, 5, 31))
    assert event.acknowledgement_due is None
    journey.decide(lc.accept_as_complaint, on=date(2024, 6, 4))
    assert journey.case.acknowledgement_due[1] == date(2024, 6, 7)


def test_a_correction_is_not_a_step_later_steps_follow() -> None:
    """Dated the day it is made, a correction does not stop a step done yesterday being recorded."""
    journey = _accepted()
    _correct(journey, date(2024, 5, 31))
    assert journey.case.last_step_on == RECEIVED_2024 + timedelta(days=1)
    journey.decide(lc.acknowledge, on=date(2024, 6, 6), definition=definition())


def test_a_resolved_service_request_has_no_clock_to_correct() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, on=RECEIVED_2024, reason="Repair")
    with pytest.raises(TransitionNotAllowed):
        _correct(journey, date(2024, 5, 31))


def test_the_event_round_trips_through_storage() -> None:
    journey = _accepted()
    event = _correct(journey, date(2024, 5, 31))
    assert lc.event_from_data(lc.event_to_data(event)) == event


def test_2024_6_2_whoever_handles_or_acknowledged_stage_1_cannot_move_the_day_later() -> None:
    """A later day gives more time for the acknowledgement: not for the person whose clock it is."""
    journey = Journey()
    journey.decide(lc.accept_as_complaint, on=RECEIVED_2024 + timedelta(days=1))
    journey.decide(lc.allocate_handler, on=RECEIVED_2024 + timedelta(days=1), handler="7")
    later = dict(on=TODAY, received_on=RECEIVED_2024 + timedelta(days=1), reason="x", recorded_on=TODAY)
    with pytest.raises(CodeViolation) as refused:
        lc.correct_received_date(journey.case, by="7", **later)  # type: ignore[arg-type]
    assert "you handle or acknowledged this complaint" in refused.value.detail
    ack = lc.acknowledge(journey.case, on=RECEIVED_2024 + timedelta(days=2), definition=definition())
    journey.events.append(dataclasses.replace(ack, actor="8"))
    with pytest.raises(CodeViolation):
        lc.correct_received_date(journey.case, by="8", **later)  # type: ignore[arg-type]
    assert lc.correct_received_date(journey.case, by="9", **later).received_on == later["received_on"]
    # an earlier day, whoever makes it: it shows less time, never more
    earlier = dict(later, received_on=RECEIVED_2024 - timedelta(days=3))
    assert lc.correct_received_date(journey.case, by="7", **earlier).received_on == earlier["received_on"]


def test_2024_5_12_an_acceptance_dated_the_day_received_does_not_stop_a_later_day() -> None:
    """Logged on the 10th as received on the 3rd (a typing slip for the 7th) and accepted in the same
    step, the acceptance carries the slip: the day it was logged bounds the correction instead."""
    journey = Journey()
    accepted = lc.accept_as_complaint(journey.case, on=RECEIVED_2024)
    journey.events.append(dataclasses.replace(accepted, with_contact=True))  # as receive_complaint does
    fixed = _correct(
        journey, RECEIVED_2024 + timedelta(days=4), recorded_on=RECEIVED_2024 + timedelta(days=7)
    )
    assert fixed.acknowledgement_due == date(2024, 6, 14)


def test_2024_5_12_an_acceptance_recorded_on_its_own_bounds_a_later_day_whatever_its_date() -> None:
    """Accepted separately and dated the day received, the acceptance says the complaint was there
    that day: the day received cannot move past it (found in a review)."""
    journey = Journey()
    journey.decide(lc.accept_as_complaint, on=RECEIVED_2024)
    with pytest.raises(CodeViolation) as refused:
        _correct(journey, RECEIVED_2024 + timedelta(days=4), recorded_on=RECEIVED_2024 + timedelta(days=7))
    assert "first step on the complaint was taken on 3 June 2024" in refused.value.detail


def test_2024_6_2_whoever_moved_the_day_later_neither_handles_nor_acknowledges_stage_1() -> None:
    """The other order of the same thing: move the day later first, then take the clock (found in a
    review). Someone else handles and acknowledges stage 1."""
    journey = Journey()
    journey.decide(lc.accept_as_complaint, on=RECEIVED_2024 + timedelta(days=2))
    moved = lc.correct_received_date(
        journey.case,
        on=TODAY,
        received_on=RECEIVED_2024 + timedelta(days=1),
        reason="The call log",
        recorded_on=TODAY,
        by="7",
    )
    journey.events.append(dataclasses.replace(moved, actor="7"))
    assert journey.case.moved_later_by == frozenset({"7"})
    with pytest.raises(CodeViolation) as refused:
        lc.allocate_handler(journey.case, on=TODAY, handler="7")
    assert "someone else must handle and acknowledge stage 1" in refused.value.detail
    ack = lc.acknowledge(journey.case, on=TODAY, definition=definition())
    with pytest.raises(CodeViolation):
        lc.as_recorded(journey.case, ack, actor="7", today=TODAY, calendar=journey.rules.calendar, held=True)
    lc.as_recorded(journey.case, ack, actor="8", today=TODAY, calendar=journey.rules.calendar, held=True)
    assert lc.allocate_handler(journey.case, on=TODAY, handler="8").handler == "8"


def test_2024_1_5_a_second_correction_keeps_the_service_requests_own_day() -> None:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, on=RECEIVED_2024, reason="Repair")
    journey.decide(lc.accept_as_complaint, on=date(2024, 6, 12))
    _correct(journey, RECEIVED_2024, recorded_on=date(2024, 6, 12))  # to the service request's day
    _correct(journey, date(2024, 6, 10), recorded_on=date(2024, 6, 12))
    assert (journey.case.contact_received_on, journey.case.received_on) == (RECEIVED_2024, date(2024, 6, 10))
    assert journey.case.received_first_recorded == date(2024, 6, 12)


def test_the_edition_is_read_with_the_landlords_choice_at_the_time() -> None:
    """Received 2 April 2024 with the landlord's setting 2022, the complaint is 2024 by law; moved to
    28 March it would be 2022: refused, and never by advising a withdrawal the resident did not make."""
    journey = Journey(on=date(2024, 4, 2), edition="2022")
    journey.decide(lc.accept_as_complaint, on=date(2024, 4, 3))
    assert journey.case.edition == "2024"
    with pytest.raises(InvalidRequest) as refused:
        _correct(journey, date(2024, 3, 28), recorded_on=date(2024, 4, 3))
    assert "is under the 2022 Code, not the 2024 Code" in refused.value.detail
    assert "withdraw" not in refused.value.detail and "add a note to the complaint" in refused.value.detail
