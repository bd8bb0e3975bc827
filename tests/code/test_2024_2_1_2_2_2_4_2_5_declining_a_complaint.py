"""Section 2 of the 2024 Code (2022 1.7 to 1.9): a complaint is accepted unless there is a valid
reason not to (2.1), from the acceptable exclusions (2.2), considered on its own merits (2.5), and the
resident is told why and of their right to take the decision to the Ombudsman (2.4)."""

from __future__ import annotations

from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation
from putright.code.exclusions import ExclusionGround, exclusions


def _decline(journey: Journey, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "ground": ExclusionGround.LEGAL_PROCEEDINGS,
        "explanation": "A claim about this disrepair was filed at the county court on 2 May.",
        "considered_on_merits": "Checked the claim covers the same repairs; no separate handling issue.",
        "right_to_ombudsman_given": True,
    }
    values.update(overrides)
    return journey.decide(lc.decline, **values)


def test_2024_2_1_not_accepted_without_a_valid_reason() -> None:
    journey = Journey()
    with pytest.raises(CodeViolation) as refused:
        _decline(journey, ground="too_many_complaints")
    assert refused.value.provision == "2024 2.1"
    assert journey.case.state == "received"


def test_2024_2_1_the_reasoning_is_evidenced_on_the_record() -> None:
    journey = Journey()
    _decline(journey)
    declined = journey.case.declined
    assert declined is not None
    assert declined.explanation.startswith("A claim about this disrepair")
    assert declined.considered_on_merits.startswith("Checked the claim")
    assert journey.case.is_complaint
    assert journey.case.state == "declined"


def test_2024_2_2_acceptable_exclusions_are_those_the_code_lists_and_the_policys_own() -> None:
    listed = exclusions("2024")
    assert [e.ground for e in listed] == [
        ExclusionGround.OUTSIDE_TIME_LIMIT,
        ExclusionGround.LEGAL_PROCEEDINGS,
        ExclusionGround.PREVIOUSLY_CONSIDERED,
        ExclusionGround.LANDLORD_POLICY,
    ]
    assert {e.provision for e in listed} == {"2024 2.2"}
    assert "12 months" in listed[0].description


@pytest.mark.parametrize(
    "ground",
    [
        ExclusionGround.LEGAL_PROCEEDINGS,
        ExclusionGround.PREVIOUSLY_CONSIDERED,
        ExclusionGround.LANDLORD_POLICY,
    ],
)
def test_2024_2_2_declining_on_an_acceptable_exclusion_cites_it(ground: ExclusionGround) -> None:
    journey = Journey()
    event = _decline(journey, ground=ground)
    assert event.provision() == "2024 2.2"
    assert event.ground == ground


def test_2024_2_2_a_complaint_accepted_at_stage_1_can_still_be_declined_before_acknowledgement() -> None:
    journey = Journey()
    journey.accept()
    assert _decline(journey).stage == 1


def test_2024_2_4_an_explanation_is_required() -> None:
    with pytest.raises(CodeViolation) as refused:
        _decline(Journey(), explanation=" ")
    assert refused.value.provision == "2024 2.4"


def test_2024_2_4_the_resident_is_told_of_the_right_to_go_to_the_ombudsman() -> None:
    with pytest.raises(CodeViolation) as refused:
        _decline(Journey(), right_to_ombudsman_given=False)
    assert refused.value.provision == "2024 2.4"


def test_2024_2_4_a_declined_complaint_can_go_to_the_ombudsman() -> None:
    journey = Journey()
    _decline(journey)
    assert lc.allowed_actions(journey.case) == [lc.Action.REFER_TO_OMBUDSMAN, lc.Action.CORRECT_RECEIVED_DATE]
    journey.decide(lc.refer_to_ombudsman, reference="HOS-202401234")
    assert journey.case.state == "referred_to_ombudsman"


def test_2024_2_5_no_blanket_exclusion_each_complaint_considered_on_its_merits() -> None:
    with pytest.raises(CodeViolation) as refused:
        _decline(Journey(), considered_on_merits="")
    assert refused.value.provision == "2024 2.5"


def test_2022_1_7_not_accepted_without_a_valid_reason() -> None:
    with pytest.raises(CodeViolation) as refused:
        _decline(Journey(on=RECEIVED_2022), ground="not_a_ground")
    assert refused.value.provision == "2022 1.7"


def test_2022_1_8_exclusions_are_the_codes_examples() -> None:
    assert {e.provision for e in exclusions("2022")} == {"2022 1.8"}
    assert _decline(Journey(on=RECEIVED_2022)).provision() == "2022 1.8"


def test_2022_1_9_explanation_and_right_to_the_ombudsman() -> None:
    for overrides in ({"explanation": ""}, {"right_to_ombudsman_given": False}):
        with pytest.raises(CodeViolation) as refused:
            _decline(Journey(on=RECEIVED_2022), **overrides)
        assert refused.value.provision == "2022 1.9"


def test_2022_4_7_declining_needs_the_complaint_considered_on_its_merits() -> None:
    """2022 4.7: the complaint handler must deal with complaints on their merits."""
    journey = Journey(on=RECEIVED_2022)
    with pytest.raises(CodeViolation) as refused:
        _decline(journey, considered_on_merits=" ")
    assert refused.value.provision == "2022 4.7"
