"""2024 6.13 (2022 5.12): the person considering the complaint at stage 2 must not be the same person
that considered the complaint at stage 1."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation

OMBUDSMAN_ROUTE = "You may refer your complaint to the Housing Ombudsman Service."


def test_2024_6_13_stage_2_handler_cannot_be_stage_1_handler() -> None:
    journey = Journey().to_escalation_requested(handler="Alice")
    with pytest.raises(CodeViolation) as refused:
        journey.allocate("Alice")
    assert refused.value.provision == "2024 6.13"


def test_2024_6_13_stage_2_response_cannot_be_issued_by_the_stage_1_handler() -> None:
    journey = Journey().to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Alice", response=stage_response(escalation_route=OMBUDSMAN_ROUTE))
    assert refused.value.provision == "2024 6.13"


def test_2024_6_13_whoever_issued_the_stage_1_response_considered_stage_1() -> None:
    # Allocated to Alice, but Dev issued the stage 1 response: neither may consider stage 2.
    journey = Journey().to_stage_1_acknowledged(handler="Alice")
    journey.respond("Dev")
    journey.escalate()
    for person in ("Alice", "Dev"):
        with pytest.raises(CodeViolation) as refused:
            journey.allocate(person)
        assert refused.value.provision == "2024 6.13"
    journey.allocate("Bola")


def test_2024_6_13_a_stage_1_handler_reallocated_away_still_considered_stage_1() -> None:
    journey = Journey()
    journey.accept()
    journey.allocate("Alice")
    journey.allocate("Chidi")  # reallocated at stage 1
    journey.acknowledge()
    journey.respond("Chidi")
    journey.escalate()
    with pytest.raises(CodeViolation) as refused:
        journey.allocate("Alice")
    assert refused.value.provision == "2024 6.13"


def test_2024_6_13_a_different_person_considers_and_answers_stage_2() -> None:
    journey = Journey().to_stage_2_responded(handler="Alice", stage_2_handler="Bola")
    case = journey.case
    assert case.handlers == {1: "Alice", 2: "Bola"}
    assert case.state == "stage_2_responded"


def test_2024_6_13_stage_1_may_be_reallocated_to_anyone() -> None:
    journey = Journey().to_stage_1_acknowledged(handler="Alice")
    journey.allocate("Bola")
    journey.allocate("Alice")
    assert journey.case.handlers[1] == "Alice"


def test_2022_5_12_stage_2_handler_cannot_be_stage_1_handler() -> None:
    journey = Journey(on=RECEIVED_2022).to_escalation_requested(handler="Alice")
    with pytest.raises(CodeViolation) as refused:
        journey.allocate("Alice")
    assert refused.value.provision == "2022 5.12"


def test_2022_5_12_stage_3_handler_considered_neither_earlier_stage() -> None:
    journey = Journey(on=RECEIVED_2022, rules=lc.Rules(third_stage=True))
    journey.to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    journey.respond("Bola", response=stage_response(escalation_route="Ask for a stage 3 panel."))
    journey.escalate()
    for person in ("Alice", "Bola"):
        with pytest.raises(CodeViolation) as refused:
            journey.allocate(person)
        assert refused.value.provision == "2022 5.12"
    journey.allocate("Chidi")
