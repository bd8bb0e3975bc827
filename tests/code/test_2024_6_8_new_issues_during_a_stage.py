"""2024 6.8: "Where residents raise additional complaints during the investigation, these must be
incorporated into the stage 1 response if they are related and the stage 1 response has not been
issued. Where the stage 1 response has been issued, the new issues are unrelated to the issues already
being investigated or it would unreasonably delay the response, the new issues must be logged as a new
complaint." 2022 5.7 says the same as a "should"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest

ADDED = lc.NewIssuesHandling.ADDED_TO_DEFINITION
NEW = lc.NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT


def _raise(journey: Journey, **overrides: Any) -> lc.Event:
    values: dict[str, Any] = {
        "issues": "The bathroom radiator leaks as well.",
        "related": True,
        "would_unreasonably_delay": False,
        "handled": ADDED,
        "reason": "Same heating system; the response is not yet issued.",
    }
    values.update(overrides)
    return journey.decide(lc.record_new_issues, **values)


def test_2024_6_8_related_issues_before_the_response_are_added_to_the_definition() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = _raise(journey, added_outcomes="Both radiators replaced.")
    assert isinstance(event, lc.NewIssuesRaised)
    assert event.provision() == "2024 6.8"
    definition = journey.case.definitions[1]
    assert "The bathroom radiator leaks as well." in definition.complaint
    assert definition.complaint.startswith("The landlord did not repair the leaking radiator")
    assert definition.outcomes_sought.endswith("Also: Both radiators replaced.")
    # incorporated into the stage 1 response: the response confirms the amended definition (6.9 b)
    journey.respond()
    assert "bathroom radiator" in journey.case.responses[1].complaint_definition


def test_2024_6_8_amended_definition_counts_only_once_the_resident_is_told() -> None:
    journey = Journey().to_stage_1_acknowledged()
    event = lc.record_new_issues(
        journey.case,
        on=journey.today,
        issues="The bathroom radiator too.",
        related=True,
        would_unreasonably_delay=False,
        handled=ADDED,
        reason="Same system",
    )
    assert lc.communication_required(journey.case, event) == "2024 5.6"
    with pytest.raises(CodeViolation, match="told"):
        lc.as_recorded(journey.case, event, actor="1", today=journey.today, calendar=journey.rules.calendar)
    logged_new = lc.record_new_issues(
        journey.case,
        on=journey.today,
        issues="The fence is broken.",
        related=False,
        would_unreasonably_delay=False,
        handled=NEW,
        reason="Unrelated to the heating",
        new_complaint="PR-000009",
    )
    # a new complaint is told of through its own acknowledgement
    assert lc.communication_required(journey.case, logged_new) is None


@pytest.mark.parametrize(
    ("related", "delay"),
    [(False, False), (True, True)],
    ids=["unrelated", "would-unreasonably-delay"],
)
def test_2024_6_8_unrelated_or_delaying_issues_must_be_a_new_complaint(related: bool, delay: bool) -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _raise(journey, related=related, would_unreasonably_delay=delay)
    assert refused.value.provision == "2024 6.8"
    event = _raise(
        journey, related=related, would_unreasonably_delay=delay, handled=NEW, new_complaint="PR-000002"
    )
    assert isinstance(event, lc.NewIssuesRaised)
    assert event.new_complaint == "PR-000002"
    assert journey.case.definitions[1].complaint.startswith("The landlord did not repair")


def test_2024_6_8_after_the_stage_1_response_new_issues_are_a_new_complaint() -> None:
    journey = Journey().to_stage_1_responded()
    with pytest.raises(CodeViolation, match="stage 1 response has been issued"):
        _raise(journey)
    _raise(journey, handled=NEW, new_complaint="PR-000002", reason="Stage 1 response already issued")
    # and at stage 2 too: the stage 1 response has been issued
    stage_2 = Journey().to_stage_2_acknowledged()
    with pytest.raises(CodeViolation):
        _raise(stage_2)
    _raise(stage_2, handled=NEW, new_complaint="PR-000003", reason="Raised during stage 2")


def test_2024_6_8_related_issues_before_the_response_are_not_split_off_without_cause() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation, match="must be incorporated"):
        _raise(journey, handled=NEW, new_complaint="PR-000002")


def test_2024_6_8_the_reason_and_the_link_are_recorded() -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation, match="reason"):
        _raise(journey, reason=" ")
    with pytest.raises(InvalidRequest, match="reference of the new complaint"):
        _raise(journey, related=False, handled=NEW, new_complaint="")
    with pytest.raises(InvalidRequest):
        _raise(journey, handled="ignored")
    assert journey.case.state == "stage_1_acknowledged"
    assert journey.today == date(2024, 6, 5)


def test_2024_6_8_blank_new_issues_are_refused_in_plain_words() -> None:
    """The refusal read "the new issues the resident raised is required" (found in a browser walk)."""
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        _raise(journey, issues=" ")
    assert refused.value.provision == "2024 6.8"
    assert "the new issues the resident raised are required" in str(refused.value)


def test_2022_5_7_a_should_either_choice_is_recorded_with_its_reason() -> None:
    journey = Journey(on=RECEIVED_2022).to_stage_1_acknowledged()
    # unrelated issues added to the definition: best practice says otherwise, but it is not refused
    event = _raise(journey, related=False, reason="Resident asked for one answer to both")
    assert event.provision() == "2022 5.7"
    event = _raise(journey, handled=NEW, new_complaint="PR-000002", reason="Needs a surveyor first")
    assert event.provision() == "2022 5.7"
    journey.respond()
    with pytest.raises(CodeViolation) as refused:
        _raise(journey)
    assert refused.value.provision == "2022 5.7"


def test_2024_6_8_and_6_13_only_amending_a_stage_2_definition_counts_as_considering_it() -> None:
    journey = Journey().to_stage_2_acknowledged(handler="Alice", stage_2_handler="Bola")
    logged = lc.record_new_issues(
        journey.case,
        on=journey.today,
        issues="The fence",
        related=False,
        would_unreasonably_delay=False,
        handled=NEW,
        reason="Unrelated",
        new_complaint="PR-000004",
    )
    # the stage 1 handler may log new issues as a new complaint: they do not consider stage 2
    recorded = lc.as_recorded(
        journey.case, logged, actor="Alice", today=journey.today, calendar=journey.rules.calendar
    )
    journey.events.append(recorded)
    assert "Alice" not in journey.case.considered_by[2]
