"""The 2024 Code's timescales: each test is named after the provision that sets the time."""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2024, Journey

from putright.code import lifecycle as lc
from putright.code.calendar import england_and_wales
from putright.code.errors import CodeViolation
from putright.code.exclusions import ExclusionGround, outside_time_limit, time_limit_ends
from putright.code.timescales import Clock, timescales

CALENDAR = england_and_wales()
T = timescales("2024")


def _extend(journey: Journey, working_days: int, **kwargs: object) -> lc.Event:
    kwargs.setdefault("reason", "We need a surveyor's report on the damp.")
    kwargs.setdefault("ombudsman_details_given", True)
    return journey.decide(lc.extend, working_days=working_days, **kwargs)


# --------------------------------------------------------------------------------------------------
# 6.2 and 6.3: stage 1


def test_2024_6_2_acknowledge_within_5_working_days_of_receipt() -> None:
    scale = T.acknowledge[1]
    assert scale is not None
    assert (scale.working_days, scale.clock, scale.provision) == (5, Clock.RECEIPT, "2024 6.2")
    journey = Journey(on=RECEIVED_2024)  # Monday 3 June 2024
    event = journey.accept(on=date(2024, 6, 5))  # accepted two days later: the clock still ran from receipt
    assert event.acknowledgement_due == date(2024, 6, 10)
    assert event.provision() == "2024 6.2"
    assert journey.case.current_deadline() == (date(2024, 6, 10), "2024 6.2")


def test_2024_6_2_a_saturday_complaint_is_due_as_if_received_on_the_friday() -> None:
    saturday = Journey(on=date(2024, 6, 8))
    friday = Journey(on=date(2024, 6, 7))
    assert saturday.accept().acknowledgement_due == friday.accept().acknowledgement_due == date(2024, 6, 14)


def test_2024_6_2_closure_days_push_the_acknowledgement_back() -> None:
    rules = lc.Rules(calendar=lc.WorkingCalendar(closures={date(2024, 6, 4), date(2024, 6, 5)}))
    journey = Journey(on=RECEIVED_2024, rules=rules)
    assert journey.accept().acknowledgement_due == date(2024, 6, 12)


def test_2024_6_3_respond_within_10_working_days_of_acknowledgement() -> None:
    scale = T.respond[1]
    assert (scale.working_days, scale.clock, scale.provision) == (10, Clock.ACKNOWLEDGEMENT, "2024 6.3")
    journey = Journey(on=RECEIVED_2024)
    journey.accept()
    event = journey.acknowledge(on=date(2024, 6, 6))  # Thursday
    assert event.response_due == date(2024, 6, 20)
    assert event.provision() == "2024 6.3"
    assert journey.case.current_deadline() == (date(2024, 6, 20), "2024 6.3")


def test_2024_6_3_the_response_date_a_letter_acknowledging_the_complaint_would_set() -> None:
    """For a letter acknowledging the complaint before the step is recorded: the date acknowledging on
    its issue day sets, and none for a stage not waiting to be acknowledged or a day before receipt."""
    journey = Journey(on=RECEIVED_2024)
    journey.accept()
    would = lc.response_due_if_acknowledged
    assert would(journey.case, stage=1, on=date(2024, 6, 6), rules=journey.rules) == date(2024, 6, 20)
    assert would(journey.case, stage=2, on=date(2024, 6, 6), rules=journey.rules) is None
    assert would(journey.case, stage=1, on=date(2024, 5, 31), rules=journey.rules) is None
    journey.acknowledge(on=date(2024, 6, 6))
    assert would(journey.case, stage=1, on=date(2024, 6, 7), rules=journey.rules) is None


# --------------------------------------------------------------------------------------------------
# 6.4 and 6.5: stage 1 extensions


def test_2024_6_4_extension_of_10_working_days_needs_no_good_reason() -> None:
    journey = Journey().to_stage_1_acknowledged()
    before = journey.case.response_due[1]
    event = _extend(journey, 10)
    assert event.new_due == CALENDAR.add_working_days(before, 10)
    assert event.provision() == "2024 6.4"
    assert journey.case.response_due[1] == event.new_due
    assert journey.case.original_response_due[1] == before


def test_2024_6_4_extension_beyond_10_working_days_without_good_reason_is_refused() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 11)
    assert refused.value.provision == "2024 6.4"


def test_2024_6_4_extensions_are_added_up_against_the_limit() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _extend(journey, 6)
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 5)
    assert refused.value.provision == "2024 6.4"
    _extend(journey, 4)
    assert journey.case.extension_days(1) == 10


def test_2024_6_4_longer_extension_allowed_with_a_recorded_good_reason() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = _extend(journey, 15, good_reason="The resident is in hospital until July and asked us to wait.")
    assert event.good_reason.startswith("The resident")


def test_2024_6_4_the_reason_for_an_extension_is_required() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 5, reason="   ")
    assert refused.value.provision == "2024 6.4"


def test_2024_6_5_ombudsman_contact_details_required_with_a_stage_1_extension() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 5, ombudsman_details_given=False)
    assert refused.value.provision == "2024 6.5"


# --------------------------------------------------------------------------------------------------
# 6.11, 6.14, 6.15, 6.16: stage 2


def test_2024_6_11_acknowledge_stage_2_within_5_working_days_of_the_escalation_request() -> None:
    scale = T.acknowledge[2]
    assert scale is not None
    assert (scale.working_days, scale.clock, scale.provision) == (5, Clock.ESCALATION_REQUEST, "2024 6.11")
    journey = Journey().to_stage_1_responded()
    event = journey.escalate(on=date(2024, 7, 5))  # Friday
    assert event.acknowledgement_due == date(2024, 7, 12)
    assert event.response_due is None  # the 2024 stage 2 clock starts at acknowledgement (6.14)
    assert event.provision() == "2024 6.11"
    assert journey.case.current_deadline() == (date(2024, 7, 12), "2024 6.11")


def test_2024_6_14_final_response_within_20_working_days_of_stage_2_acknowledgement() -> None:
    scale = T.respond[2]
    assert (scale.working_days, scale.clock, scale.provision) == (20, Clock.ACKNOWLEDGEMENT, "2024 6.14")
    journey = Journey().to_escalation_requested()
    journey.allocate("Bola")
    event = journey.acknowledge(on=date(2024, 7, 1))  # Monday
    assert event.response_due == date(2024, 7, 29)
    assert journey.case.current_deadline() == (date(2024, 7, 29), "2024 6.14")


def test_2024_6_15_stage_2_extension_up_to_20_working_days_without_good_reason() -> None:
    journey = Journey().to_stage_2_acknowledged()
    assert _extend(journey, 20).provision() == "2024 6.15"
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 1)
    assert refused.value.provision == "2024 6.15"


def test_2024_6_15_stage_2_extension_beyond_20_working_days_needs_good_reason() -> None:
    journey = Journey().to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 21)
    assert refused.value.provision == "2024 6.15"
    _extend(journey, 21, good_reason="Awaiting the structural engineer the resident asked for.")


def test_2024_6_16_ombudsman_contact_details_required_with_a_stage_2_extension() -> None:
    journey = Journey().to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 5, ombudsman_details_given=False)
    assert refused.value.provision == "2024 6.16"


# --------------------------------------------------------------------------------------------------
# 2.3: the twelve month time limit


def test_2024_2_3_time_limit_is_12_months() -> None:
    assert T.time_limit_months == 12
    assert T.time_limit_provision == "2024 2.3"
    assert time_limit_ends("2024", date(2023, 6, 3)) == date(2024, 6, 3)
    assert not outside_time_limit("2024", issue_date=date(2023, 6, 3), received_on=date(2024, 6, 3))
    assert outside_time_limit("2024", issue_date=date(2023, 6, 2), received_on=date(2024, 6, 3))


def test_2024_2_3_complaint_within_12_months_is_accepted_without_discretion() -> None:
    journey = Journey(on=RECEIVED_2024)
    event = journey.accept(issue_date=date(2023, 6, 3))
    assert event.discretion_reason == ""
    assert journey.case.issue_date == date(2023, 6, 3)


def test_2024_2_3_accepting_outside_12_months_needs_discretion_recorded() -> None:
    journey = Journey(on=RECEIVED_2024)
    with pytest.raises(CodeViolation) as refused:
        journey.accept(issue_date=date(2023, 1, 10))
    assert refused.value.provision == "2024 2.3"
    event = journey.accept(
        issue_date=date(2023, 1, 10), discretion_reason="The resident only learned of the overcharge in May."
    )
    assert event.discretion_reason.startswith("The resident")


def test_2024_2_3_declining_for_the_time_limit_only_when_actually_outside_it() -> None:
    decline = {
        "ground": ExclusionGround.OUTSIDE_TIME_LIMIT,
        "explanation": "The issue happened more than a year before you complained.",
        "considered_on_merits": "No safeguarding or health and safety concern; no good reason for delay.",
        "right_to_ombudsman_given": True,
    }
    within = Journey(on=RECEIVED_2024)
    with pytest.raises(CodeViolation) as refused:
        within.decide(lc.decline, issue_date=date(2023, 12, 1), **decline)
    assert refused.value.provision == "2024 2.3"

    unknown = Journey(on=RECEIVED_2024)
    with pytest.raises(CodeViolation) as refused:
        unknown.decide(lc.decline, **decline)
    assert refused.value.provision == "2024 2.3"

    outside = Journey(on=RECEIVED_2024)
    event = outside.decide(lc.decline, issue_date=date(2022, 11, 1), **decline)
    assert event.ground == ExclusionGround.OUTSIDE_TIME_LIMIT
    assert outside.case.state == "declined"


# --------------------------------------------------------------------------------------------------
# Which edition governs


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2024, 3, 28), "2022"),  # Thursday before Easter 2024: the 2022 Code still governed
        (date(2024, 3, 31), "2022"),
        (date(2024, 4, 1), "2024"),  # the 2024 Code became statutory on 1 April 2024
        (date(2024, 4, 2), "2024"),
        (date(2022, 4, 1), "2022"),
    ],
)
def test_2024_edition_in_force_from_1_april_2024(received: date, expected: str) -> None:
    assert Journey(on=received).case.edition == expected


def test_a_complaint_keeps_the_edition_in_force_when_received() -> None:
    # Received under the 2022 Code, handled in April 2024: 2022 timescales and citations throughout.
    journey = Journey(on=date(2024, 3, 28))
    assert journey.accept().provision() == "2022 4.1"
    event = journey.acknowledge(on=date(2024, 4, 3))
    assert event.provision() == "2022 5.1"
    assert event.response_due == date(2024, 4, 17)
