"""2024 5.3: a process with more than two stages is not acceptable under any circumstances."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation
from putright.code.timescales import timescales


def test_2024_5_3_two_stages_at_most() -> None:
    scales = timescales("2024")
    assert (scales.max_stages, scales.max_stages_provision) == (2, "2024 5.3")
    assert set(scales.respond) == {1, 2}


def test_2024_5_3_no_third_stage_after_the_stage_2_response() -> None:
    journey = Journey().to_stage_2_responded()
    assert journey.case.final_stage_responded
    assert lc.Action.REQUEST_ESCALATION not in lc.allowed_actions(journey.case)
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2024 5.3"


def test_2024_5_3_no_third_stage_even_for_a_landlord_that_had_one_under_2022() -> None:
    journey = Journey(rules=lc.Rules(third_stage=True)).to_stage_2_responded()
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2024 5.3"


def test_2024_5_3_no_third_stage_after_closing_either() -> None:
    journey = Journey().to_stage_2_responded()
    journey.close()
    with pytest.raises(CodeViolation) as refused:
        journey.escalate()
    assert refused.value.provision == "2024 5.3"
