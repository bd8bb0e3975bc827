"""The record says what happened, when it happened, and only once the resident was told (issue 11).

Each test names the provision it protects: 2024 5.12 (a full record: honest dates), 6.2/6.9/6.4/2.4
(a communicated step counts only with its communication), 6.4/6.15 (an extension is decided before
the deadline), 1.2 and 1.5 (the edition and date of a complaint made about a service request),
6.13 (independence checked against the person acting), and the over-enforced rules replaced by what
the Code says (2022 4.2, 2022 1.8, 2022 5.8, 2.2 whenever it arises).
"""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2022, RECEIVED_2024, Journey, definition, stage_response

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.exclusions import ExclusionGround

LETTER = lc.Communication(method="letter", reference="letter:1")


def _record(
    journey: Journey, event: lc.Event, *, today: date, actor: str = "Alice", **kwargs: object
) -> lc.Event:
    return lc.as_recorded(
        journey.case,
        event,
        actor=actor,
        today=today,
        calendar=journey.rules.calendar,
        **kwargs,  # type: ignore[arg-type]
    )


def _acknowledgement(journey: Journey, on: date) -> lc.Event:
    return lc.acknowledge(journey.case, on=on, definition=definition(), rules=journey.rules)


# --- honest dates (2024 5.12) -------------------------------------------------------------------


def test_2024_5_12_a_step_dated_in_the_future_is_refused() -> None:
    journey = Journey()
    journey.accept()
    event = _acknowledgement(journey, date(2024, 6, 5))
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=date(2024, 6, 4), communication=LETTER)
    assert refused.value.provision == "2024 5.12"
    assert "future" in refused.value.detail


def test_2024_5_12_a_step_dated_before_the_step_it_follows_is_refused() -> None:
    journey = Journey().to_stage_1_acknowledged()  # acknowledged on 5 June 2024
    acknowledged_on = journey.case.acknowledged_on[1]
    response = lc.respond(
        journey.case, on=acknowledged_on, handler="Alice", response=stage_response(), rules=journey.rules
    )
    early = lc.Responded(**{**response.__dict__, "on": date(2024, 6, 4)})
    with pytest.raises(CodeViolation) as refused:
        _record(journey, early, today=date(2024, 6, 10), communication=LETTER)
    assert refused.value.provision == "2024 5.12"
    assert "before the step it follows" in refused.value.detail


def test_2024_5_12_a_step_more_than_two_working_days_old_needs_a_reason_and_shows_as_recorded_late() -> None:
    journey = Journey()
    journey.accept()
    event = _acknowledgement(journey, date(2024, 6, 4))  # a Tuesday
    # Friday 7 June: 3 working days later
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=date(2024, 6, 7), communication=LETTER)
    assert refused.value.provision == "2024 5.12"
    recorded = _record(
        journey, event, today=date(2024, 6, 7), communication=LETTER, late_reason="System down on Tuesday"
    )
    assert recorded.late_reason == "System down on Tuesday"
    # Thursday 6 June: 2 working days later is not late, and no reason is kept
    on_time = _record(journey, event, today=date(2024, 6, 6), communication=LETTER, late_reason="not needed")
    assert on_time.late_reason == ""


def test_2022_4_15_the_same_honest_dates_under_the_2022_code() -> None:
    journey = Journey(on=RECEIVED_2022)
    journey.accept()
    event = _acknowledgement(journey, date(2023, 6, 6))
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=date(2023, 6, 5), communication=LETTER)
    assert refused.value.provision == "2022 4.15"


# --- a communicated step counts only with its communication ------------------------------------


def test_2024_6_2_an_acknowledgement_counts_only_once_the_resident_is_told() -> None:
    journey = Journey()
    journey.accept()
    event = _acknowledgement(journey, journey.today)
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=journey.today)
    assert refused.value.provision == "2024 6.2"
    held = _record(journey, event, today=journey.today, held=True)
    assert held.communication is None
    told = _record(journey, event, today=journey.today, communication=LETTER)
    assert told.communication == LETTER


def test_2024_6_9_a_stage_1_response_counts_only_in_writing_to_the_resident() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = lc.respond(
        journey.case, on=journey.today, handler="Alice", response=stage_response(), rules=journey.rules
    )
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=journey.today)
    assert refused.value.provision == "2024 6.9"


def test_2024_6_4_an_extension_counts_only_once_explained_to_the_resident() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = lc.extend(
        journey.case, on=journey.today, working_days=5, reason="Survey", ombudsman_details_given=True
    )
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=journey.today)
    assert refused.value.provision == "2024 6.4"


def test_2024_2_4_a_decision_not_to_accept_counts_only_once_explained_to_the_resident() -> None:
    journey = Journey()
    event = lc.decline(
        journey.case,
        on=journey.today,
        ground=ExclusionGround.LEGAL_PROCEEDINGS,
        explanation="A claim about the same disrepair was filed at court on 1 May.",
        considered_on_merits="No part of the complaint falls outside the claim.",
        right_to_ombudsman_given=True,
    )
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, today=journey.today)
    assert refused.value.provision == "2024 2.4"


def test_2024_5_11_a_refusal_to_escalate_counts_only_once_explained_to_the_resident() -> None:
    journey = Journey().to_escalation_requested()
    event = lc.decline_escalation(
        journey.case,
        on=journey.today,
        ground=ExclusionGround.LEGAL_PROCEEDINGS,
        explanation="A claim was filed at court.",
        considered_on_merits="The whole complaint is in the claim.",
        right_to_ombudsman_given=True,
    )
    with pytest.raises(CodeViolation) as refused:
        # someone new to it: the stage 1 handler refusing it is refused first (2024 6.13)
        _record(journey, event, today=journey.today, actor="Bola")
    assert refused.value.provision == "2024 5.11"


def test_steps_the_code_does_not_require_to_be_communicated_need_no_communication() -> None:
    journey = Journey()
    journey.accept()
    event = lc.allocate_handler(journey.case, on=journey.today, handler="Alice")
    assert _record(journey, event, today=journey.today).communication is None


# --- extensions before the deadline (2024 6.4, 6.15) ----------------------------------------------


def test_2024_6_4_an_extension_after_the_response_was_due_is_refused() -> None:
    journey = Journey().to_stage_1_acknowledged()
    due = journey.case.response_due[1]
    on_the_day = lc.extend(
        journey.case, on=due, working_days=5, reason="Survey", ombudsman_details_given=True
    )
    assert on_the_day.new_due > due
    with pytest.raises(CodeViolation) as refused:
        lc.extend(
            journey.case,
            on=date(due.year, due.month, due.day + 1),
            working_days=5,
            reason="Survey",
            ombudsman_details_given=True,
        )
    assert refused.value.provision == "2024 6.4"
    assert "on or before the day the response is due" in refused.value.detail


def test_2024_6_15_a_stage_2_extension_after_the_response_was_due_is_refused() -> None:
    journey = Journey().to_stage_2_acknowledged()
    due = journey.case.response_due[2]
    late = journey.rules.calendar.add_working_days(due, 1)
    with pytest.raises(CodeViolation) as refused:
        lc.extend(journey.case, on=late, working_days=5, reason="Survey", ombudsman_details_given=True)
    assert refused.value.provision == "2024 6.15"


# --- editions by law (2024 1.2) and the complaint's own date (1.5) -----------------------------------


def test_2024_1_2_a_complaint_received_from_1_april_2024_is_under_the_2024_code_whatever_the_setting() -> (
    None
):
    assert Journey(on=RECEIVED_2024, edition="2022").case.edition == "2024"
    assert Journey(on=date(2024, 4, 1), edition="2022").case.edition == "2024"
    assert Journey(on=date(2024, 3, 28), edition="2022").case.edition == "2022"
    assert lc.edition_by_law(date(2024, 3, 28), "2024") == "2024"


def test_2024_1_5_a_complaint_about_a_service_request_is_received_on_the_day_it_was_made() -> None:
    journey = Journey(on=date(2024, 3, 20))
    journey.decide(lc.triage_as_service_request, reason="Repair reported")
    assert journey.case.edition == "2022"
    accepted = journey.decide(lc.accept_as_complaint, on=date(2024, 4, 15))
    case = journey.case
    assert case.received_on == date(2024, 4, 15)
    assert case.contact_received_on == date(2024, 3, 20)
    assert case.edition == "2024"
    assert isinstance(accepted, lc.AcceptedAsComplaint)
    assert accepted.acknowledgement_provision == "2024 6.2"
    assert accepted.acknowledgement_due == date(2024, 4, 22)


def test_2024_1_5_stored_acceptances_of_service_requests_replay_to_the_complaint_date() -> None:
    """Events recorded before the rule carry no complaint date: replay reads it from the state."""
    journey = Journey(on=date(2024, 3, 20))
    journey.decide(lc.triage_as_service_request, reason="Repair reported")
    old = lc.AcceptedAsComplaint(
        on=date(2024, 4, 15), acknowledgement_due=date(2024, 4, 22), acknowledgement_provision="2022 4.1"
    )
    case = lc.replay([*journey.events, old])
    assert (case.received_on, case.edition) == (date(2024, 4, 15), "2024")


# --- 2024 6.13 on the person acting -----------------------------------------------------------------


def test_2024_6_13_the_stage_1_handler_cannot_acknowledge_stage_2() -> None:
    journey = Journey().to_escalation_requested("Alice")
    journey.allocate("Bola")
    event = _acknowledgement(journey, journey.today)
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, actor="Alice", today=journey.today, communication=LETTER)
    assert refused.value.provision == "2024 6.13"
    assert _record(journey, event, actor="Bola", today=journey.today, communication=LETTER).actor == "Bola"


def test_2024_6_13_acknowledging_stage_1_is_not_considering_it() -> None:
    """6.13: "The person considering the complaint at stage 2 must not be the same person that
    considered the complaint at stage 1." A complaints officer who only logged and acknowledged stage 1
    (never allocated to it, never decided it) did not consider it, so barring them from stage 2 would be
    a rule the Code does not make; the stage 1 handler who decided it stays barred."""
    journey = Journey()
    journey.accept()
    journey.allocate("Alice")
    journey.events.append(
        _record(
            journey,
            _acknowledgement(journey, journey.today),
            actor="Carol",
            today=journey.today,
            communication=LETTER,
        )
    )
    journey.respond("Alice")
    journey.escalate()
    assert "Carol" not in journey.case.considered_by[1]
    assert "Alice" in journey.case.considered_by[1]
    journey.allocate("Bola")
    journey.acknowledge()
    event = lc.respond(
        journey.case, on=journey.today, handler="Bola", response=stage_response(), rules=journey.rules
    )
    assert _record(journey, event, actor="Carol", today=journey.today, communication=LETTER).actor == "Carol"
    with pytest.raises(CodeViolation) as refused:
        _record(journey, event, actor="Alice", today=journey.today, communication=LETTER)
    assert refused.value.provision == "2024 6.13"


def test_2024_6_13_allocated_in_error_and_never_considered_can_take_stage_2_once_a_manager_records_it() -> (
    None
):
    journey = Journey()
    journey.accept()
    journey.allocate("Zoe")
    journey.allocate("Alice")  # Zoe reallocated before any work
    journey.acknowledge()
    journey.respond("Alice")
    journey.escalate()
    with pytest.raises(CodeViolation):
        journey.allocate("Zoe")
    journey.decide(lc.confirm_independence, stage=1, person="Zoe", reason="Allocated in error on day one")
    assert journey.allocate("Zoe").handler == "Zoe"  # type: ignore[attr-defined]


def test_2024_6_13_someone_who_acted_at_stage_1_cannot_be_cleared() -> None:
    journey = Journey().to_escalation_requested("Alice")
    with pytest.raises(CodeViolation) as refused:
        journey.decide(lc.confirm_independence, stage=1, person="Alice", reason="Error")
    assert refused.value.provision == "2024 6.13"
    with pytest.raises(InvalidRequest):
        journey.decide(lc.confirm_independence, stage=1, person="Nobody", reason="Error")


# --- over-enforcement removed -------------------------------------------------------------------------


def test_2022_4_2_an_acknowledgement_needs_no_statement_of_responsibilities() -> None:
    journey = Journey(on=RECEIVED_2022)
    journey.accept()
    event = lc.acknowledge(journey.case, on=journey.today, definition=definition(responsible_for=""))
    assert isinstance(event, lc.Acknowledged)


def test_2024_5_7_an_acknowledgement_still_needs_the_responsibilities() -> None:
    journey = Journey()
    journey.accept()
    with pytest.raises(CodeViolation) as refused:
        lc.acknowledge(journey.case, on=journey.today, definition=definition(responsible_for=" "))
    assert refused.value.provision == "2024 5.7"


def test_2024_2_2_a_complaint_can_be_declined_after_acknowledgement_when_a_ground_arises() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = journey.decide(
        lc.decline,
        ground=ExclusionGround.LEGAL_PROCEEDINGS,
        explanation="The resident's solicitor filed a disrepair claim at court on 10 June.",
        considered_on_merits="Every part of the complaint is part of the claim.",
        right_to_ombudsman_given=True,
    )
    assert isinstance(event, lc.Declined)
    assert journey.case.state == "declined"


def test_2022_1_8_the_time_limit_is_the_landlords_policy() -> None:
    rules = lc.Rules(time_limit_months=12)
    journey = Journey(on=RECEIVED_2022, rules=rules)
    # nine months before: outside the Code's example of six months, inside this landlord's twelve
    accepted = journey.accept(issue_date=date(2022, 9, 5))
    assert isinstance(accepted, lc.AcceptedAsComplaint)
    strict = Journey(on=RECEIVED_2022)
    with pytest.raises(CodeViolation) as refused:
        strict.accept(issue_date=date(2022, 9, 5))
    assert refused.value.provision == "2022 1.8"


def test_2022_5_8_a_refusal_lists_only_what_is_missing() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Alice", response=stage_response(reasons=""))
    assert refused.value.missing == ("2022 5.8",)
    assert refused.value.detail.count("2022 5.8") == 1


def test_2024_6_13_a_clearance_covers_only_what_came_before_it() -> None:
    """A manager's confirmation that someone never considered stage 1 does not cover what they do
    afterwards: allocated to it again, or deciding on it (a remedy), they considered it, so they cannot
    take stage 2 on the strength of the earlier confirmation."""
    from dataclasses import replace
    from datetime import timedelta

    journey = Journey()
    journey.accept()
    journey.allocate("Zoe")
    journey.decide(lc.confirm_independence, stage=1, person="Zoe", reason="Allocated in error on day one")
    journey.acknowledge()
    remedy = journey.decide(
        lc.agree_remedy,
        description="An apology",
        due=journey.today + timedelta(days=30),
        remedy_kind="apology",
        agreed_with_resident=True,
    )
    journey.events[-1] = replace(remedy, actor="Zoe")  # Zoe decided on stage 1 after the confirmation
    assert "Zoe" in journey.case.considered_by[1]
    journey.allocate("Alice")
    journey.respond("Alice")
    journey.escalate()
    with pytest.raises(CodeViolation) as refused:
        journey.allocate("Zoe")
    assert refused.value.provision == "2024 6.13"

    again = Journey()
    again.accept()
    again.allocate("Zoe")
    again.allocate("Alice")
    again.decide(lc.confirm_independence, stage=1, person="Zoe", reason="Allocated in error on day one")
    again.allocate("Zoe")  # given stage 1 again after the confirmation
    again.allocate("Alice")
    assert "Zoe" in again.case.considered_by[1]
