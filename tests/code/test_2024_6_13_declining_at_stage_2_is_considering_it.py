"""2024 6.13: "The person considering the complaint at stage 2 must not be the same person that
considered the complaint at stage 1." (2022 5.12: "The person considering the complaint at stage two,
must not be the same person that considered the complaint at stage one.") Deciding not to go on with the
complaint at stage 2, by not accepting it or refusing to escalate it, is considering it at stage 2: a
browser walk found the stage 1 handler declined a stage 2 complaint and issued its letter, while the
same person was refused the stage 2 response."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation

DECLINE = dict(
    ground="legal_proceedings",
    explanation="Court proceedings about the same repair were started on 3 June.",
    considered_on_merits="We looked at whether anything in the complaint falls outside the proceedings.",
    right_to_ombudsman_given=True,
)


def _recorded(journey: Journey, event: lc.Event, actor: str, *, held: bool = False) -> lc.Event:
    return lc.as_recorded(
        journey.case,
        event,
        actor=actor,
        today=journey.today,
        calendar=journey.rules.calendar,
        communication=None if held else lc.Communication(method="letter", reference="letter:1"),
        held=held,
    )


def _declined_at_stage_2(journey: Journey) -> lc.Event:
    return lc.decline(journey.case, on=journey.today, rules=journey.rules, **DECLINE)


@pytest.mark.parametrize("held", [False, True])
def test_2024_6_13_the_stage_1_handler_cannot_decline_the_complaint_at_stage_2(held: bool) -> None:
    journey = Journey().to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    event = _declined_at_stage_2(journey)
    with pytest.raises(CodeViolation) as refused:
        _recorded(journey, event, "Alice", held=held)
    assert refused.value.provision == "2024 6.13"
    assert "at stage 2 must not be the same person" in refused.value.detail


def test_2024_6_13_the_stage_2_handler_may_decline_the_complaint_at_stage_2() -> None:
    journey = Journey().to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    recorded = _recorded(journey, _declined_at_stage_2(journey), "Bola")
    assert recorded.actor == "Bola"


def test_2024_6_13_the_stage_1_handler_may_decline_at_stage_1() -> None:
    journey = Journey().to_stage_1_acknowledged(handler="Alice")
    recorded = _recorded(journey, _declined_at_stage_2(journey), "Alice")
    assert recorded.actor == "Alice"


def test_2024_6_13_the_stage_1_handler_cannot_refuse_to_escalate() -> None:
    journey = Journey().to_escalation_requested(handler="Alice")
    event = lc.decline_escalation(journey.case, on=journey.today, rules=journey.rules, **DECLINE)
    with pytest.raises(CodeViolation) as refused:
        _recorded(journey, event, "Alice")
    assert refused.value.provision == "2024 6.13"
    assert _recorded(journey, event, "Bola").actor == "Bola"


def test_2022_5_12_the_stage_1_handler_cannot_decline_the_complaint_at_stage_2() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    event = _declined_at_stage_2(journey)
    with pytest.raises(CodeViolation) as refused:
        _recorded(journey, event, "Alice")
    assert refused.value.provision == "2022 5.12"


@pytest.mark.parametrize("action", [lc.Action.DECLINE, lc.Action.RESPOND])
def test_2024_6_13_the_doors_ask_the_same_test_before_offering_a_stage_2_step(action: lc.Action) -> None:
    journey = Journey().to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    with pytest.raises(CodeViolation) as refused:
        lc.check_may_take(journey.case, action, "Alice")
    assert refused.value.provision == "2024 6.13"
    lc.check_may_take(journey.case, action, "Bola")
    lc.check_may_take(journey.case, lc.Action.ALLOCATE_HANDLER, "Alice")
