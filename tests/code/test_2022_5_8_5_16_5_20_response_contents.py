"""2022 5.8, 5.16, 5.20: what each stage's written response confirms. At the final stage the route
onward is the Housing Ombudsman Service; where the landlord has a third stage, stage 2 gives the route
to stage three instead (5.16)."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc
from putright.code.contents import Element
from putright.code.contents import stage_response as required_contents
from putright.code.errors import CodeViolation

THIRD_STAGE = lc.Rules(third_stage=True)


@pytest.mark.parametrize(
    "field", ["decision", "reasons", "remedy", "outstanding_actions", "escalation_route"]
)
def test_2022_5_8_stage_1_response_needs_each_element(field: str) -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(**{field: ""}))
    assert refused.value.provision == "2022 5.8"


def test_2022_5_16_final_stage_needs_the_ombudsman_route() -> None:
    required = required_contents("2022", 2, final=True)
    assert required[-1].element == Element.OMBUDSMAN_ROUTE
    assert "Housing Ombudsman" in required[-1].requirement
    journey = Journey(on=RECEIVED_2022).to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(escalation_route=""))
    assert refused.value.provision == "2022 5.16"
    event = journey.respond("Bola", response=stage_response(escalation_route="The Housing Ombudsman ..."))
    assert event.final


def test_2022_5_16_with_a_third_stage_stage_2_gives_the_route_to_stage_three() -> None:
    required = required_contents("2022", 2, final=False)
    assert required[-1].element == Element.ESCALATION_ROUTE
    assert "stage three" in required[-1].requirement
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(escalation_route=" "))
    assert refused.value.provision == "2022 5.16"
    assert not journey.respond("Bola", response=stage_response(escalation_route="Ask for stage 3.")).final


def test_2022_5_20_stage_three_is_final_and_needs_the_ombudsman_route() -> None:
    assert "Housing Ombudsman" in required_contents("2022", 3, final=True)[-1].requirement
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    journey.respond("Bola", response=stage_response(escalation_route="Ask for stage 3."))
    journey.escalate()
    journey.allocate("Chidi")
    journey.acknowledge()
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Chidi", response=stage_response(escalation_route=""))
    assert refused.value.provision == "2022 5.20"
    assert journey.respond("Chidi", response=stage_response(escalation_route="The Ombudsman ...")).final
