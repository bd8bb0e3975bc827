"""2024 5.9 (2022 4.10, 4.11): where a response will fall outside the Code's timescales the landlord
agrees with the resident suitable intervals for keeping them informed."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed


def test_2024_5_9_update_interval_agreed_with_how_the_resident_is_kept_informed() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = journey.decide(lc.agree_update_interval, every_working_days=5, method="Phone call on Fridays")
    assert event.provision() == "2024 5.9"
    assert journey.case.update_interval_working_days == 5


def test_2024_5_9_the_method_is_required() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.decide(lc.agree_update_interval, every_working_days=5, method="")
    assert refused.value.provision == "2024 5.9"


@pytest.mark.parametrize("days", [0, -5, 261])
def test_2024_5_9_the_interval_must_be_a_real_interval(days: int) -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(InvalidRequest):
        journey.decide(lc.agree_update_interval, every_working_days=days, method="Email")


@pytest.mark.parametrize("days", [21, 22, 65])
def test_2024_5_9_a_monthly_or_longer_interval_agreed_with_the_resident_is_recorded(days: int) -> None:
    """5.9 leaves the interval to the landlord and resident: no 20-working-day cap."""
    journey = Journey().to_stage_1_acknowledged()
    event = journey.decide(lc.agree_update_interval, every_working_days=days, method="Letter each month")
    assert event.every_working_days == days


def test_2024_5_9_only_while_a_response_is_being_prepared() -> None:
    journey = Journey().to_stage_1_responded()
    with pytest.raises(TransitionNotAllowed):
        journey.decide(lc.agree_update_interval, every_working_days=5, method="Email")


def test_2022_4_10_keep_residents_regularly_updated() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.decide(lc.agree_update_interval, every_working_days=5, method=" ")
    assert refused.value.provision == "2022 4.10"
    assert journey.decide(lc.agree_update_interval, every_working_days=5, method="Letter").provision() == (
        "2022 4.10"
    )
