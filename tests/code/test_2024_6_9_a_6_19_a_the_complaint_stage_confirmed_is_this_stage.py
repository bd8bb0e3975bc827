"""2024 6.9 a, 6.19 a: a stage response confirms in writing "the complaint stage". The stage is free
text on the response form, and a stage 1 response could record and print "Stage 2" or "final": the
resident was told they had had the final response, when 6.9 g gives them the right to escalate to
stage 2. Now a complaint stage that names another stage (and not this one), or calls a stage the
final one when it is not, is refused, citing the item. The landlord's own wording is not refused."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response

from putright.code.errors import CodeViolation
from putright.code.lifecycle import stage_named_otherwise

ROUTE = "You may refer your complaint to the Housing Ombudsman Service."


@pytest.mark.parametrize("said", ["Stage 2", "stage two", "Second stage", "Final stage", "Stage 1 (final)"])
def test_2024_6_9_a_a_stage_1_response_saying_another_stage_is_refused(said: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(complaint_stage=said))
    assert refused.value.provision == "2024 6.9 a"
    assert said in str(refused.value)
    assert journey.case.state == "stage_1_acknowledged"


def test_2024_6_19_a_a_stage_2_response_saying_stage_1_is_refused() -> None:
    journey = Journey().to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(complaint_stage="Stage 1", escalation_route=ROUTE))
    assert refused.value.provision == "2024 6.19 a"


@pytest.mark.parametrize(
    "said",
    [
        "Stage 1",
        "Stage one",
        "stage 1 (first stage)",
        "First stage",
        "Stage 1 - not the final stage",
        "Stage 1 of 2",
    ],
)
def test_2024_6_9_a_the_landlords_own_wording_of_stage_1_is_recorded(said: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    journey.respond(response=stage_response(complaint_stage=said))
    assert journey.case.responses[1].complaint_stage == said


@pytest.mark.parametrize(
    "said", ["Stage 2", "Stage two, our final stage", "Stage 2, after your stage 1 response"]
)
def test_2024_6_19_a_the_landlords_own_wording_of_stage_2_is_recorded(said: str) -> None:
    journey = Journey().to_stage_2_acknowledged()
    journey.respond("Bola", response=stage_response(complaint_stage=said, escalation_route=ROUTE))
    assert journey.case.responses[2].complaint_stage == said


def test_2022_5_16_a_stage_2_before_a_third_stage_is_not_the_final_one() -> None:
    assert stage_named_otherwise("Stage 2 (final)", 2, final=False) is not None
    assert stage_named_otherwise("Stage 2 (final)", 2, final=True) is None
    assert stage_named_otherwise("Stage 3", 3, final=True) is None
