"""2024 7.3 (2022 6.5): the remedy offer must clearly set out what will happen and by when, and any
remedy proposed must be followed through to completion. 5.13: remedies are possible at any stage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed


def _agree(journey: Journey, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "description": "Replace the radiator and make good the wall.",
        "due": date(2024, 8, 1),
        "remedy_kind": lc.RemedyKind.ACTION_ON_DELAY,
        "agreed_with_resident": True,
    }
    values.update(overrides)
    return journey.decide(lc.agree_remedy, **values)


def test_2024_7_3_remedy_must_say_what_will_happen() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _agree(journey, description="  ")
    assert refused.value.provision == "2024 7.3"


def test_2024_7_3_remedy_must_say_by_when() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _agree(journey, due=None)
    assert refused.value.provision == "2024 7.3"


def test_2024_7_3_remedy_is_recorded_with_what_and_when() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = _agree(journey)
    assert event.provision() == "2024 7.3"
    remedy = journey.case.remedy(1)
    assert (remedy.description, remedy.due, remedy.completed_on) == (
        "Replace the radiator and make good the wall.",
        date(2024, 8, 1),
        None,
    )


def test_2024_7_3_completion_needs_evidence() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _agree(journey)
    with pytest.raises(CodeViolation) as refused:
        journey.decide(lc.complete_remedy, number=1, evidence="")
    assert refused.value.provision == "2024 7.3"
    journey.decide(lc.complete_remedy, number=1, evidence="Job 5561 signed off by the resident.")
    remedy = journey.case.remedy(1)
    assert remedy.completed_on == journey.today
    assert remedy.evidence == "Job 5561 signed off by the resident."


def test_2024_7_3_followed_through_to_completion_even_after_closure() -> None:
    journey = Journey().to_stage_1_responded()
    _agree(journey)
    journey.close()
    assert lc.Action.COMPLETE_REMEDY in lc.allowed_actions(journey.case)
    journey.decide(lc.complete_remedy, number=1, evidence="Invoice 88 and photographs.")
    assert lc.Action.COMPLETE_REMEDY not in lc.allowed_actions(journey.case)
    with pytest.raises(TransitionNotAllowed):
        journey.decide(lc.complete_remedy, number=1, evidence="again")


def test_2024_7_3_a_financial_remedy_needs_an_amount_and_dates_are_sane() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(InvalidRequest):
        _agree(journey, remedy_kind=lc.RemedyKind.FINANCIAL)
    with pytest.raises(InvalidRequest):
        _agree(journey, due=date(2024, 6, 1))
    with pytest.raises(InvalidRequest):
        journey.decide(lc.complete_remedy, number=9, evidence="x")
    assert _agree(journey, remedy_kind="financial", amount_pence=25000).amount_pence == 25000


def test_2024_5_13_a_remedy_can_be_agreed_at_any_stage_without_escalation() -> None:
    journey = Journey()
    journey.accept()
    assert _agree(journey).number == 1  # before even acknowledging
    journey.acknowledge()
    assert _agree(journey).number == 2


def test_2022_6_5_remedy_what_and_by_when() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _agree(journey, due=None)
    assert refused.value.provision == "2022 6.5"
    assert _agree(journey, due=date(2023, 8, 1)).provision() == "2022 6.5"


def _withdraw(journey: Journey, number: int = 1, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "ground": lc.RemedyWithdrawal.RECORDED_IN_ERROR,
        "reason": "Recorded twice: the same repair as remedy 1.",
    }
    values.update(overrides)
    return journey.decide(lc.withdraw_remedy, number=number, **values)


def test_2024_7_3_a_remedy_that_will_not_happen_is_withdrawn_with_its_reason_not_completed() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _agree(journey)
    _agree(journey)
    assert lc.Action.WITHDRAW_REMEDY in lc.allowed_actions(journey.case)
    _withdraw(journey, number=2)
    remedy = journey.case.remedy(2)
    assert remedy.withdrawn_on == journey.today and remedy.completed_on is None
    assert remedy.withdrawn_ground == lc.RemedyWithdrawal.RECORDED_IN_ERROR
    assert remedy.withdrawn_reason == "Recorded twice: the same repair as remedy 1."
    assert not remedy.pending and journey.case.remedy(1).pending
    # a withdrawn remedy is never then counted as done, nor withdrawn twice
    with pytest.raises(TransitionNotAllowed, match="withdrawn"):
        journey.decide(lc.complete_remedy, number=2, evidence="Done")
    with pytest.raises(TransitionNotAllowed, match="withdrawn"):
        _withdraw(journey, number=2)
    journey.decide(lc.complete_remedy, number=1, evidence="Job 5561 signed off.")
    assert lc.Action.WITHDRAW_REMEDY not in lc.allowed_actions(journey.case)
    assert lc.Action.COMPLETE_REMEDY not in lc.allowed_actions(journey.case)


def test_2024_7_3_a_completed_remedy_cannot_be_withdrawn() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _agree(journey)
    journey.decide(lc.complete_remedy, number=1, evidence="Paid by BACS.")
    with pytest.raises(TransitionNotAllowed, match="completed"):
        _withdraw(journey)


def test_2024_7_3_withdrawing_needs_a_reason_and_a_known_ground() -> None:
    journey = Journey().to_stage_1_acknowledged()
    _agree(journey)
    with pytest.raises(CodeViolation) as refused:
        _withdraw(journey, reason="  ")
    assert refused.value.provision == "2024 7.3"
    with pytest.raises(InvalidRequest, match="unknown reason"):
        _withdraw(journey, ground="changed_our_mind")
    with pytest.raises(InvalidRequest, match="no remedy number 7"):
        _withdraw(journey, number=7)
    _withdraw(journey, ground="declined_by_resident", reason="She would rather we spent it on the repair.")
    assert journey.case.remedy(1).withdrawn_ground == lc.RemedyWithdrawal.DECLINED_BY_RESIDENT


def test_2024_7_3_withdrawing_follows_the_remedy_after_the_complaint_is_closed() -> None:
    journey = Journey().to_stage_1_responded()
    _agree(journey)
    journey.close()
    _withdraw(journey, ground=lc.RemedyWithdrawal.REPLACED, reason="Replaced by remedy 2, a new boiler.")
    assert journey.case.remedy(1).withdrawn_on is not None


def test_2024_7_3_a_remedy_is_never_done_or_withdrawn_before_the_day_it_was_agreed() -> None:
    """Found by an adversarial review: completing took a date before the remedy was agreed (with no
    late reason, if within 2 working days), so the record showed compensation paid before it was
    offered, and on time. Withdrawing already refused it."""
    journey = Journey().to_stage_1_acknowledged()
    _agree(journey)
    agreed = journey.case.remedy(1).agreed_on
    before = agreed - timedelta(days=1)
    with pytest.raises(InvalidRequest, match=r"cannot be completed on .* before that"):
        journey.decide(lc.complete_remedy, on=before, number=1, evidence="Paid by BACS.")
    with pytest.raises(InvalidRequest, match=r"cannot be withdrawn on .* before that"):
        _withdraw(journey, on=before)
    journey.decide(lc.complete_remedy, on=agreed, number=1, evidence="Paid by BACS the same day.")
    assert journey.case.remedy(1).completed_on == agreed


@pytest.mark.parametrize("kind", [k for k in lc.RemedyKind if k != lc.RemedyKind.FINANCIAL])
def test_2024_7_3_an_amount_is_refused_on_a_remedy_that_is_not_financial(kind: lc.RemedyKind) -> None:
    """A browser walk recorded an apology with £50: the case showed "1. Apology (£50.00)" and the
    governance figures counted the £50 as money agreed. A payment is a financial remedy of its own,
    with what and by when (7.3)."""
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(InvalidRequest) as refused:
        _agree(journey, remedy_kind=kind, amount_pence=5000)
    assert "only a financial remedy has an amount" in refused.value.detail
    # the form names it on the amount field (the core's own list of problems)
    problems = lc.remedy_problems(
        "2024", on=None, description="Sorry.", due=date(2024, 8, 1), remedy_kind=kind, amount_pence=5000
    )
    assert [argument for argument, _ in problems] == ["amount_pence"]
    assert not journey.case.remedies
    _agree(journey, remedy_kind=kind)  # without the amount it is recorded
    _agree(journey, remedy_kind=lc.RemedyKind.FINANCIAL, amount_pence=5000)
    assert [r.amount_pence for r in journey.case.remedies] == [0, 5000]
