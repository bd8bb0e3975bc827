"""2024 5.6: when a complaint is logged at stage 1 or escalated to stage 2 the landlord sets out its
understanding of the complaint and the outcomes sought (the complaint definition). 5.7: when
acknowledged at either stage, which aspects the landlord is, and is not, responsible for."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, definition

from putright.code.errors import CodeViolation


@pytest.mark.parametrize(
    ("blank", "provision"),
    [("complaint", "2024 5.6"), ("outcomes_sought", "2024 5.6"), ("responsible_for", "2024 5.7")],
)
def test_2024_5_6_and_5_7_stage_1_acknowledgement_needs_definition_outcomes_and_responsibilities(
    blank: str, provision: str
) -> None:
    journey = Journey()
    journey.accept()
    with pytest.raises(CodeViolation) as refused:
        journey.acknowledge(definition=definition(**{blank: "  "}))
    assert refused.value.provision == provision


@pytest.mark.parametrize(
    ("blank", "provision"),
    [("complaint", "2024 5.6"), ("outcomes_sought", "2024 5.6"), ("responsible_for", "2024 5.7")],
)
def test_2024_5_6_and_5_7_stage_2_acknowledgement_needs_them_too(blank: str, provision: str) -> None:
    journey = Journey().to_escalation_requested()
    journey.allocate("Bola")
    with pytest.raises(CodeViolation) as refused:
        journey.acknowledge(definition=definition(**{blank: ""}))
    assert refused.value.provision == provision


def test_2024_5_6_definition_is_kept_per_stage() -> None:
    journey = Journey().to_escalation_requested()
    journey.allocate("Bola")
    journey.acknowledge(definition=definition(complaint="Still leaking after stage 1."))
    case = journey.case
    assert case.definitions[1].complaint.startswith("The landlord did not repair")
    assert case.definitions[2].complaint == "Still leaking after stage 1."


def test_2024_5_7_what_the_landlord_is_not_responsible_for_may_be_empty() -> None:
    journey = Journey()
    journey.accept()
    journey.acknowledge(definition=definition(not_responsible_for=""))
    assert journey.case.state == "stage_1_acknowledged"


def test_2022_4_2_acknowledgement_sets_out_the_complaint_and_outcomes() -> None:
    journey = Journey(on=RECEIVED_2022)
    journey.accept()
    with pytest.raises(CodeViolation) as refused:
        journey.acknowledge(definition=definition(outcomes_sought=""))
    assert refused.value.provision == "2022 4.2"


def test_2024_5_6_5_7_every_gap_in_a_definition_is_named_at_once_and_2022_4_2_asks_no_responsibilities() -> (
    None
):
    from putright.code.lifecycle import definition_gaps

    empty = definition(complaint=" ", outcomes_sought="", responsible_for="")
    assert [(name, gap.provision) for name, gap in definition_gaps("2024", empty)] == [
        ("complaint_definition", "2024 5.6"),
        ("outcomes_sought", "2024 5.6"),
        ("responsible_for", "2024 5.7"),
    ]
    assert [name for name, _ in definition_gaps("2022", empty)] == ["complaint_definition", "outcomes_sought"]
    assert definition_gaps("2024", definition()) == []
