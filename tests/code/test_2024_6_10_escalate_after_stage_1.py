"""2024 6.10 (2022 5.11): a complaint goes to stage 2 when stage 1 has not resolved it, so only once
the stage 1 response has been given."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code.errors import CodeViolation


def test_2024_6_10_no_escalation_before_acknowledgement() -> None:
    journey = Journey()
    journey.accept()
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2024 6.10"


def test_2024_6_10_no_escalation_before_the_stage_1_response() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2024 6.10"


def test_2024_6_10_escalation_after_the_stage_1_response() -> None:
    journey = Journey().to_stage_1_responded()
    assert journey.escalate().to_stage == 2


def test_2024_6_10_escalation_after_stage_1_was_closed() -> None:
    journey = Journey().to_stage_1_responded()
    journey.close(reason="No reply from the resident in 20 working days.")
    assert journey.escalate().to_stage == 2
    assert journey.case.ended_on is None


def test_2022_5_11_no_escalation_before_stage_1_is_completed() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2022 5.11"
