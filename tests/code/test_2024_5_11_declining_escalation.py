"""2024 5.11 (2022 4.14, 5.9): a landlord must not refuse to escalate a complaint unless it has valid
reasons, clearly set out, complying with section 2: the same reasons as for not accepting one."""

from __future__ import annotations

from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation
from putright.code.exclusions import ExclusionGround


def _refuse(journey: Journey, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "ground": ExclusionGround.LEGAL_PROCEEDINGS,
        "explanation": "Since stage 1 you have issued a claim at court about the same repairs.",
        "considered_on_merits": "The claim covers every point of the complaint.",
        "right_to_ombudsman_given": True,
    }
    values.update(overrides)
    return journey.decide(lc.decline_escalation, **values)


def test_2024_5_11_refusing_to_escalate_needs_a_valid_reason() -> None:
    journey = Journey().to_escalation_requested()
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, ground="resident_is_persistent")
    assert refused.value.provision == "2024 5.11"


def test_2024_5_11_the_reasons_must_be_set_out() -> None:
    journey = Journey().to_escalation_requested()
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, explanation="")
    assert refused.value.provision == "2024 5.11"


def test_2024_5_11_section_2_applies_merits_and_the_right_to_the_ombudsman() -> None:
    journey = Journey().to_escalation_requested()
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, considered_on_merits="")
    assert refused.value.provision == "2024 2.5"
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, right_to_ombudsman_given=False)
    assert refused.value.provision == "2024 2.4"


def test_2024_5_11_a_valid_refusal_declines_at_stage_2_on_a_section_2_exclusion() -> None:
    journey = Journey().to_escalation_requested()
    event = _refuse(journey)
    assert event.stage == 2
    assert event.provision() == "2024 2.2"
    assert journey.case.state == "declined"


def test_2024_5_11_only_a_stage_2_request_can_be_refused_escalation() -> None:
    journey = Journey().to_escalation_requested()
    actions = lc.allowed_actions(journey.case)
    assert lc.Action.DECLINE_ESCALATION in actions
    assert lc.Action.DECLINE not in actions
    stage_1 = Journey()
    stage_1.accept()
    assert lc.Action.DECLINE_ESCALATION not in lc.allowed_actions(stage_1.case)


def test_2022_4_14_refusing_to_escalate_rests_on_the_same_reasons_as_not_accepting() -> None:
    journey = Journey(on=RECEIVED_2022).to_escalation_requested()
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, ground="resident_is_persistent")
    assert refused.value.provision == "2022 4.14"
    assert _refuse(journey).provision() == "2022 1.8"
