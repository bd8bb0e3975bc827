"""2024 6.19: at the completion of stage 2 the landlord confirms in writing (a) to (f) as at stage 1
and (g) how to escalate the matter to the Ombudsman Service. Stage 2 is the final response (6.10)."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response

from putright.code.contents import Element
from putright.code.contents import stage_response as required_contents
from putright.code.errors import CodeViolation

ROUTE = "You may refer your complaint to the Housing Ombudsman Service."
MISSABLE = [
    ("c", "decision"),
    ("d", "reasons"),
    ("e", "remedy"),
    ("f", "outstanding_actions"),
    ("g", "escalation_route"),
]


@pytest.mark.parametrize(("label", "field"), MISSABLE, ids=[f"6.19 {label}" for label, _ in MISSABLE])
def test_2024_6_19_stage_2_response_missing_an_element_cites_its_item(label: str, field: str) -> None:
    journey = Journey().to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(**{"escalation_route": ROUTE, field: ""}))
    assert refused.value.provision == f"2024 6.19 {label}"
    assert refused.value.missing == (f"2024 6.19 {label}",)


def test_2024_6_19_g_is_the_route_to_the_ombudsman() -> None:
    required = required_contents("2024", 2, final=True)
    assert [r.provision for r in required] == [f"2024 6.19 {label}" for label in "abcdefg"]
    assert required[-1].element == Element.OMBUDSMAN_ROUTE
    assert "Ombudsman" in required[-1].requirement


@pytest.mark.parametrize("label", ["a", "b"], ids=["6.19 a", "6.19 b"])
def test_2024_6_19_a_and_b_stage_and_definition_are_filled_from_the_case(label: str) -> None:
    journey = Journey().to_stage_2_responded()
    written = journey.case.responses[2]
    if label == "a":
        assert written.complaint_stage == "Stage 2"
    else:
        assert written.complaint_definition.startswith(journey.case.definitions[2].complaint)


def test_2024_6_19_stage_2_response_is_final() -> None:
    journey = Journey().to_stage_2_responded()
    event = journey.events[-1]
    assert event.final
    assert event.provision() == "2024 6.19"
    assert journey.case.final_stage_responded
