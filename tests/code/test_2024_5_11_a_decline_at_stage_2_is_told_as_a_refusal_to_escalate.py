"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so. Landlords must clearly set out these reasons, and they
must comply with the provisions set out in section 2 of this Code." 2.4 is the explanation when a
landlord "decides not to accept a complaint". Declining a complaint after its stage 2 acknowledgement, as
refusing its escalation before it, refuses to take it through all stages (its letter is the refusal to
escalate): the resident must be told of it under 5.11, never cited as a complaint not accepted (2.4),
which a complaint accepted and answered at stage 1 never was. 2022 5.9: "In instances where a landlord
declines to escalate a complaint it must clearly communicate in writing its reasons for not escalating
as well as the resident's right to approach the Ombudsman about its decision." """

from __future__ import annotations

from datetime import timedelta

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation
from putright.code.exclusions import ExclusionGround

REASONS = dict(
    ground=ExclusionGround.LEGAL_PROCEEDINGS,
    explanation="Since stage 1 you have issued a claim at court about the same repairs.",
    considered_on_merits="The claim covers every point of the complaint.",
    right_to_ombudsman_given=True,
)


def _declined(journey: Journey) -> lc.Event:
    return lc.decline(journey.case, on=journey.today + timedelta(days=1), rules=journey.rules, **REASONS)


def test_2024_5_11_a_decline_after_the_stage_2_acknowledgement_is_told_as_a_refusal_to_escalate() -> None:
    journey = Journey().to_stage_2_acknowledged()
    assert lc.communication_required(journey.case, _declined(journey)) == "2024 5.11"


def test_2022_5_9_a_decline_after_the_stage_2_acknowledgement_is_told_as_a_refusal_to_escalate() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_2_acknowledged()
    assert journey.case.edition == "2022"
    assert lc.communication_required(journey.case, _declined(journey)) == "2022 5.9"


def test_2024_2_4_a_decline_at_stage_1_is_told_as_a_complaint_not_accepted() -> None:
    journey = Journey().to_stage_1_acknowledged()
    assert lc.communication_required(journey.case, _declined(journey)) == "2024 2.4"


# --- what the decision must say, cited as the letter telling it is (``code.letters``) ---------------


def _refused(journey: Journey, **missing: object) -> CodeViolation:
    with pytest.raises(CodeViolation) as refused:
        lc.decline(
            journey.case, on=journey.today + timedelta(days=1), rules=journey.rules, **{**REASONS, **missing}
        )
    return refused.value


def test_2024_5_11_a_stage_2_decline_without_its_reasons_is_refused_under_5_11_not_2_4() -> None:
    journey = Journey().to_stage_2_acknowledged()
    assert _refused(journey, explanation="").provision == "2024 5.11"
    # the right to the Ombudsman is section 2's, which 5.11 says a refusal must comply with
    assert _refused(journey, right_to_ombudsman_given=False).provision == "2024 2.4"


def test_2022_5_9_a_stage_2_decline_without_its_reasons_or_the_ombudsman_is_refused_under_5_9() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_2_acknowledged()
    assert _refused(journey, explanation="").provision == "2022 5.9"
    assert _refused(journey, right_to_ombudsman_given=False).provision == "2022 5.9"


def test_2022_5_9_a_refused_escalation_without_its_reasons_or_the_ombudsman_is_refused_under_5_9() -> None:
    journey = Journey(on=RECEIVED_2022).to_escalation_requested()
    for missing in ({"explanation": ""}, {"right_to_ombudsman_given": False}):
        with pytest.raises(CodeViolation) as refused:
            journey.decide(lc.decline_escalation, **{**REASONS, **missing})
        assert refused.value.provision == "2022 5.9"


def test_2024_2_4_a_stage_1_decline_without_its_explanation_is_refused_under_2_4() -> None:
    journey = Journey().to_stage_1_acknowledged()
    assert _refused(journey, explanation="").provision == "2024 2.4"
    assert _refused(journey, right_to_ombudsman_given=False).provision == "2024 2.4"
