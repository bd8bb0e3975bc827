"""The 2022 Code's timescales: each test is named after the provision that sets the time.

The 2022 Code allows a third stage (5.17, 5.18) where the landlord has one; ``Rules(third_stage=True)``
says so. Its stage 2 and 3 clocks run from the escalation, not from an acknowledgement.
"""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation
from putright.code.exclusions import outside_time_limit
from putright.code.timescales import Clock, timescales

T = timescales("2022")
THIRD_STAGE = lc.Rules(third_stage=True)


def _extend(journey: Journey, working_days: int, **kwargs: object) -> lc.Event:
    kwargs.setdefault("reason", "We are waiting for the contractor's report.")
    kwargs.setdefault("ombudsman_details_given", True)
    return journey.decide(lc.extend, working_days=working_days, **kwargs)


def test_2022_4_1_acknowledge_and_log_within_5_days_of_receipt() -> None:
    scale = T.acknowledge[1]
    assert scale is not None
    assert (scale.working_days, scale.clock, scale.provision) == (5, Clock.RECEIPT, "2022 4.1")
    journey = Journey(on=RECEIVED_2022)  # Monday 5 June 2023
    event = journey.accept()
    assert journey.case.edition == "2022"
    assert event.acknowledgement_due == date(2023, 6, 12)
    assert event.provision() == "2022 4.1"


def test_2022_5_1_respond_within_10_working_days_of_logging() -> None:
    scale = T.respond[1]
    assert (scale.working_days, scale.clock, scale.provision) == (10, Clock.LOGGING, "2022 5.1")
    journey = Journey(on=RECEIVED_2022)
    journey.accept()
    event = journey.acknowledge(on=date(2023, 6, 7))
    assert event.response_due == date(2023, 6, 21)
    assert journey.case.current_deadline() == (date(2023, 6, 21), "2022 5.1")


def test_2022_5_1_extension_no_more_than_a_further_10_days_without_good_reason() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 11)
    assert refused.value.provision == "2022 5.1"
    assert _extend(journey, 10).provision() == "2022 5.1"


def test_2022_5_3_extension_does_not_demand_ombudsman_details_as_2024_does() -> None:
    # 2022 5.3 asks for the Ombudsman's details only where agreement on an extension cannot be reached.
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    _extend(journey, 5, ombudsman_details_given=False)


def test_2022_5_13_stage_2_response_within_20_working_days_of_escalation() -> None:
    scale = T.respond[2]
    assert (scale.working_days, scale.clock, scale.provision) == (20, Clock.ESCALATION, "2022 5.13")
    assert T.acknowledge[2] is None  # the 2022 Code sets no time to acknowledge stage 2
    journey = Journey(on=RECEIVED_2022).to_stage_1_responded()
    event = journey.escalate(on=date(2023, 7, 3))  # Monday
    assert event.acknowledgement_due is None
    assert event.response_due == date(2023, 7, 31)
    assert event.provision() == "2022 5.13"
    assert journey.case.current_deadline() == (date(2023, 7, 31), "2022 5.13")
    journey.allocate("Bola")
    acknowledged = journey.acknowledge(on=date(2023, 7, 10))
    assert acknowledged.response_due == date(2023, 7, 31)  # acknowledging does not restart the clock


def test_2022_5_13_stage_2_extension_no_more_than_a_further_10_days_without_good_reason() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 11)
    assert refused.value.provision == "2022 5.13"
    _extend(journey, 11, good_reason="The resident asked for a site meeting after the holidays.")


def test_2022_5_17_two_stages_unless_the_landlord_has_a_third() -> None:
    assert (T.max_stages, T.max_stages_provision) == (3, "2022 5.17")
    journey = Journey(on=RECEIVED_2022).to_stage_2_responded()
    assert journey.case.final_stage_responded
    assert lc.Action.REQUEST_ESCALATION not in lc.allowed_actions(journey.case, journey.rules)
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2022 5.17"


def test_2022_5_18_third_stage_response_within_20_working_days_when_the_landlord_has_one() -> None:
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    third = "Ask for a stage 3 panel review within 20 working days."
    journey.respond("Bola", response=stage_response(escalation_route=third))
    assert not journey.case.final_stage_responded
    assert lc.Action.REQUEST_ESCALATION in lc.allowed_actions(journey.case, THIRD_STAGE)
    event = journey.escalate(on=date(2023, 9, 4))  # Monday
    assert event.to_stage == 3
    assert event.response_due == date(2023, 10, 2)
    assert event.provision() == "2022 5.18"
    assert journey.case.state == "stage_3_requested"


def test_2022_5_18_third_stage_extension_only_with_a_reason_such_as_convening_a_panel() -> None:
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    journey.respond("Bola", response=stage_response(escalation_route="Ask for stage 3."))
    journey.escalate()
    journey.allocate("Chidi")
    journey.acknowledge()
    with pytest.raises(CodeViolation) as refused:
        _extend(journey, 1)
    assert refused.value.provision == "2022 5.18"
    _extend(journey, 5, good_reason="Convening the residents' panel.")


def test_2022_1_8_six_month_exclusion_example_is_the_time_limit() -> None:
    assert (T.time_limit_months, T.time_limit_provision) == (6, "2022 1.8")
    assert outside_time_limit("2022", issue_date=date(2022, 12, 4), received_on=RECEIVED_2022)
    assert not outside_time_limit("2022", issue_date=date(2022, 12, 5), received_on=RECEIVED_2022)
    journey = Journey(on=RECEIVED_2022)
    with pytest.raises(CodeViolation) as refused:
        journey.accept(issue_date=date(2022, 10, 1))
    assert refused.value.provision == "2022 1.8"
    journey.accept(issue_date=date(2022, 10, 1), discretion_reason="A health and safety issue (1.8).")
