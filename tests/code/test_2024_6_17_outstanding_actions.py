"""2024 6.17 (and 6.6 at stage 1; 2022 5.5): the response is given when the answer is known, not when
the outstanding actions are done; outstanding actions must still be tracked and actioned promptly."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed


def _add(journey: Journey, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "description": "Fit the new radiator.",
        "owner": "Repairs team",
        "due": date(2024, 8, 30),
    }
    values.update(overrides)
    return journey.decide(lc.add_outstanding_action, **values)


def test_2024_6_17_outstanding_actions_tracked_after_the_response_and_completable_after_closure() -> None:
    journey = Journey().to_stage_2_responded()
    _add(journey)
    journey.close()
    case = journey.case
    assert case.state == "closed"
    assert case.outstanding_action(1).completed_on is None
    assert lc.Action.COMPLETE_OUTSTANDING_ACTION in lc.allowed_actions(case)
    journey.decide(lc.complete_outstanding_action, number=1, note="Fitted 20 August.")
    action = journey.case.outstanding_action(1)
    assert (action.completed_on, action.note) == (journey.today, "Fitted 20 August.")
    with pytest.raises(TransitionNotAllowed):
        journey.decide(lc.complete_outstanding_action, number=1)


def test_2024_6_17_the_response_does_not_wait_for_outstanding_actions() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _add(journey)
    journey.respond()
    assert journey.case.state == "stage_1_responded"


def test_2024_6_17_an_action_can_be_added_after_closure() -> None:
    journey = Journey().to_stage_1_responded()
    journey.close()
    assert _add(journey).number == 1


def test_2024_6_6_at_stage_1_what_and_who_are_required() -> None:
    journey = Journey().to_stage_1_responded()
    for blank in ("description", "owner"):
        with pytest.raises(CodeViolation) as refused:
            _add(journey, **{blank: ""})
        assert refused.value.provision == "2024 6.6"
    with pytest.raises(InvalidRequest):
        _add(journey, due=date(2024, 6, 1))
    with pytest.raises(InvalidRequest):
        journey.decide(lc.complete_outstanding_action, number=7)


def test_2024_6_17_at_stage_2_what_and_who_are_required() -> None:
    journey = Journey().to_stage_2_responded()
    with pytest.raises(CodeViolation) as refused:
        _add(journey, owner="")
    assert refused.value.provision == "2024 6.17"


def test_2022_5_5_outstanding_actions_tracked() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_responded()
    with pytest.raises(CodeViolation) as refused:
        _add(journey, owner=" ", due=date(2023, 9, 1))
    assert refused.value.provision == "2022 5.5"


def test_2024_6_17_an_outstanding_action_is_never_completed_before_it_was_added() -> None:
    journey = Journey().to_stage_1_responded()
    _add(journey)
    added = journey.case.outstanding_action(1).added_on
    with pytest.raises(InvalidRequest, match=r"cannot be completed on .* before that"):
        journey.decide(lc.complete_outstanding_action, on=added - timedelta(days=1), number=1)
    journey.decide(lc.complete_outstanding_action, on=added, number=1, note="Fitted the same day.")
    assert journey.case.outstanding_action(1).completed_on == added
