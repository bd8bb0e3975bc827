"""2024 6.9: at the completion of stage 1 the landlord confirms in writing (a) the complaint stage,
(b) the complaint definition, (c) the decision, (d) the reasons, (e) any remedy offered, (f) any
outstanding actions and (g) how to escalate to stage 2. A response lacking any of them is refused,
citing the lettered item that is missing."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response

from putright.code.contents import Element
from putright.code.contents import stage_response as required_contents
from putright.code.errors import CodeViolation

MISSABLE = [
    ("c", "decision"),
    ("d", "reasons"),
    ("e", "remedy"),
    ("f", "outstanding_actions"),
    ("g", "escalation_route"),
]


@pytest.mark.parametrize(("label", "field"), MISSABLE, ids=[f"6.9 {label}" for label, _ in MISSABLE])
def test_2024_6_9_stage_1_response_missing_an_element_cites_its_item(label: str, field: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(**{field: "   "}))
    assert refused.value.provision == f"2024 6.9 {label}"
    assert refused.value.missing == (f"2024 6.9 {label}",)
    assert journey.case.state == "stage_1_acknowledged"


def test_2024_6_9_every_missing_element_is_listed_first_one_cited() -> None:
    journey = Journey().to_stage_1_acknowledged()
    empty = {field: "" for _, field in MISSABLE}
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(**empty))
    assert refused.value.missing == tuple(f"2024 6.9 {label}" for label, _ in MISSABLE)
    assert refused.value.provision == "2024 6.9 c"


def test_2024_6_9_items_a_to_g_map_to_the_elements_in_the_codes_order() -> None:
    required = required_contents("2024", 1, final=False)
    assert [(r.provision, r.element) for r in required] == [
        ("2024 6.9 a", Element.COMPLAINT_STAGE),
        ("2024 6.9 b", Element.COMPLAINT_DEFINITION),
        ("2024 6.9 c", Element.DECISION),
        ("2024 6.9 d", Element.REASONS),
        ("2024 6.9 e", Element.REMEDY),
        ("2024 6.9 f", Element.OUTSTANDING_ACTIONS),
        ("2024 6.9 g", Element.ESCALATION_ROUTE),
    ]
    assert "stage 2" in required[-1].requirement


@pytest.mark.parametrize("label", ["a", "b"], ids=["6.9 a", "6.9 b"])
def test_2024_6_9_a_and_b_stage_and_definition_are_filled_from_the_case(label: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = journey.respond(response=stage_response(complaint_stage=" ", complaint_definition=""))
    written = journey.case.responses[1]
    if label == "a":
        assert written.complaint_stage == "Stage 1"
    else:
        assert written.complaint_definition.startswith("The landlord did not repair")
        assert "Outcomes sought: The radiator replaced" in written.complaint_definition
    assert event.provision() == "2024 6.9"


def test_2024_6_9_a_complete_response_moves_to_stage_1_responded() -> None:
    journey = Journey().to_stage_1_responded()
    case = journey.case
    assert case.state == "stage_1_responded"
    assert not case.final_stage_responded
