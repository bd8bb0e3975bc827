"""2022 4.14, 5.9: a refusal to escalate to a 2022 third stage cited 5.9 for its reasons and for the
resident's right to approach the Ombudsman, and was refused without that right. 5.9 is about stage
two: "If all or part of the complaint is not resolved to the resident's satisfaction at stage one it
must be progressed to stage two ... In instances where a landlord declines to escalate a complaint it
must clearly communicate in writing its reasons for not escalating as well as the resident's right to
approach the Ombudsman about its decision." A refusal to a third stage rests on 4.14: "A landlord
must not unreasonably refuse to escalate a complaint through all stages of the complaints procedure
and must have clear and valid reasons for taking that course of action." The 2022 Code gives no right
to approach the Ombudsman about that decision, so nothing is refused for want of it; the letter still
gives the Ombudsman's contact details, as every 2022 letter does (2.7)."""

from __future__ import annotations

from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc
from putright.code.contents import Element
from putright.code.errors import CodeViolation
from putright.code.exclusions import ExclusionGround
from putright.code.letters import LetterKind, required_elements

THIRD_STAGE = lc.Rules(third_stage=True)


def _asked_for_stage_3() -> Journey:
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    journey.respond("Bola", response=stage_response(escalation_route="Ask for a stage 3 panel review."))
    journey.escalate()
    assert journey.case.stage == 3
    return journey


def _refuse(journey: Journey, **overrides: Any) -> lc.Declined:
    values: dict[str, Any] = {
        "ground": ExclusionGround.LEGAL_PROCEEDINGS,
        "explanation": "Since stage 2 you have issued a claim at court about the same repairs.",
        "considered_on_merits": "The claim covers every point of the complaint.",
        "right_to_ombudsman_given": True,
    }
    values.update(overrides)
    event = journey.decide(lc.decline_escalation, **values)
    assert isinstance(event, lc.Declined)
    return event


def test_2022_4_14_a_refusal_to_a_third_stage_without_reasons_is_refused_under_4_14() -> None:
    with pytest.raises(CodeViolation) as refused:
        _refuse(_asked_for_stage_3(), explanation="")
    assert refused.value.provision == "2022 4.14"


def test_2022_4_14_a_refusal_to_a_third_stage_needs_no_right_to_the_ombudsman() -> None:
    journey = _asked_for_stage_3()
    event = _refuse(journey, right_to_ombudsman_given=False)
    assert event.stage == 3
    assert journey.case.state == "declined"


def test_2022_4_14_a_refusal_to_a_third_stage_is_told_under_4_14_when_told_at_all() -> None:
    """4.14 asks for reasons, not that the refusal be told in writing: it counts when recorded, and how
    the resident was told is kept under 4.14 when given
    (tests/governance/test_2022_4_14_a_refusal_to_a_third_stage_needs_no_letter.py)."""
    journey = _asked_for_stage_3()
    assert lc.decline_provisions("2022", 3) == ("2022 4.14", None)
    case = journey.case
    refusal = _refuse(journey)
    assert lc.communication_required(case, refusal) is None
    assert lc.communication_kept(case, refusal) == "2022 4.14"


def test_2022_5_9_a_refusal_to_stage_2_still_needs_its_reasons_and_the_right_to_the_ombudsman() -> None:
    assert lc.decline_provisions("2022", 2) == ("2022 5.9", "2022 5.9")
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_escalation_requested()
    with pytest.raises(CodeViolation) as refused:
        _refuse(journey, right_to_ombudsman_given=False)
    assert refused.value.provision == "2022 5.9"
    assert lc.communication_required(journey.case, _refuse(journey)) == "2022 5.9"


def test_2022_4_14_the_letter_refusing_a_third_stage_asks_only_what_the_2022_code_does() -> None:
    third = {
        (r.element, r.provision)
        for r in required_elements(LetterKind.DECISION_NOT_TO_ESCALATE, "2022", stage=3, third_stage=True)
    }
    assert third == {
        (Element.EXCLUSION_REASONS, "2022 4.14"),
        (Element.OMBUDSMAN_CONTACT_DETAILS, "2022 2.7"),
    }
    second = {
        (r.element, r.provision)
        for r in required_elements(LetterKind.DECISION_NOT_TO_ESCALATE, "2022", stage=2, third_stage=True)
    }
    assert second == {
        (Element.EXCLUSION_REASONS, "2022 5.9"),
        (Element.RIGHT_TO_OMBUDSMAN, "2022 5.9"),
        (Element.OMBUDSMAN_CONTACT_DETAILS, "2022 2.7"),
    }
