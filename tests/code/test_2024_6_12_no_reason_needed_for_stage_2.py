"""2024 6.12: residents must not be required to explain their reasons for requesting stage 2."""

from __future__ import annotations

from code_lifecycle_helpers import RECEIVED_2022, Journey


def test_2024_6_12_escalation_without_a_reason_is_accepted() -> None:
    journey = Journey().to_stage_1_responded()
    event = journey.escalate()
    assert event.reason == ""
    assert journey.case.state == "escalation_requested"
    assert journey.case.stage == 2


def test_2024_6_12_a_reason_given_is_kept() -> None:
    journey = Journey().to_stage_1_responded()
    assert (
        journey.escalate(reason="  The radiator is still leaking. ").reason
        == "The radiator is still leaking."
    )


def test_2022_5_11_escalation_at_the_residents_request_needs_no_reason() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_responded()
    assert journey.escalate().reason == ""
