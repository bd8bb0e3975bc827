"""Builders shared by the core's lifecycle tests: a complaint's journey as a list of decided events.

Not a test module. ``Journey`` keeps the events, replays them into the case before every step (as the
storage layer does) and appends what each ``decide`` step returns, so a test reads like the
complaint's history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from putright.code import lifecycle as lc

#: A Monday in June 2024 with no bank holiday near it: the 2024 Code governs.
RECEIVED_2024 = date(2024, 6, 3)
#: A Monday in June 2023: the 2022 Code governs.
RECEIVED_2022 = date(2023, 6, 5)


def definition(**overrides: str) -> lc.ComplaintDefinition:
    values = {
        "complaint": "The landlord did not repair the leaking radiator reported three times.",
        "outcomes_sought": "The radiator replaced and an apology.",
        "responsible_for": "Repairs to the heating system and the missed appointments.",
        "not_responsible_for": "Damage to the resident's own carpet insurance claim.",
    }
    values.update(overrides)
    return lc.ComplaintDefinition(**values)


def stage_response(**overrides: Any) -> lc.StageResponse:
    values: dict[str, Any] = {
        "outcome": lc.Outcome.UPHELD,
        "decision": "We uphold the complaint.",
        "reasons": "The repair was reported three times and not attended.",
        "remedy": "An apology and a new radiator by 1 August.",
        "outstanding_actions": "Fit the new radiator (repairs team, by 1 August).",
        "escalation_route": "Reply to this letter within 20 working days to ask for stage 2.",
    }
    values.update(overrides)
    return lc.StageResponse(**values)


class Journey:
    """One contact's history. Each step decides on the replayed case and records the event."""

    def __init__(
        self,
        *,
        on: date = RECEIVED_2024,
        edition: str | None = None,
        rules: lc.Rules | None = None,
        channel: str = "telephone",
        summary: str = "My radiator is still leaking.",
        about_service_request: str = "",
    ) -> None:
        self.rules = rules or lc.Rules()
        self.today = on
        self.events: list[lc.Event] = [
            lc.receive(
                on=on,
                channel=channel,
                summary=summary,
                edition=edition,
                about_service_request=about_service_request,
            )
        ]

    @property
    def case(self) -> lc.Case:
        return lc.replay(self.events)

    def decide(self, step: Callable[..., lc.Event], *, on: date | None = None, **kwargs: Any) -> lc.Event:
        """Run ``step`` on the current case; record and return its event. ``on`` defaults to the
        day after the previous step."""
        if on is None:
            on = self.today + timedelta(days=1)
        event = step(self.case, on=on, rules=self.rules, **kwargs)
        self.events.append(event)
        self.today = on
        return event

    # Common steps with sensible content, so a test only spells out what it is about.

    def accept(self, **kwargs: Any) -> lc.Event:
        kwargs.setdefault("on", self.today)
        return self.decide(lc.accept_as_complaint, **kwargs)

    def allocate(self, handler: str, **kwargs: Any) -> lc.Event:
        return self.decide(lc.allocate_handler, handler=handler, **kwargs)

    def acknowledge(self, **kwargs: Any) -> lc.Event:
        kwargs.setdefault("definition", definition())
        return self.decide(lc.acknowledge, **kwargs)

    def respond(self, handler: str = "Alice", **kwargs: Any) -> lc.Event:
        kwargs.setdefault("response", stage_response())
        return self.decide(lc.respond, handler=handler, **kwargs)

    def escalate(self, **kwargs: Any) -> lc.Event:
        return self.decide(lc.request_escalation, **kwargs)

    def close(self, **kwargs: Any) -> lc.Event:
        return self.decide(lc.close, **kwargs)

    # Whole stretches of the journey.

    def to_stage_1_acknowledged(self, handler: str = "Alice") -> Journey:
        self.accept()
        self.allocate(handler)
        self.acknowledge()
        return self

    def to_stage_1_responded(self, handler: str = "Alice") -> Journey:
        self.to_stage_1_acknowledged(handler)
        self.respond(handler)
        return self

    def to_escalation_requested(self, handler: str = "Alice") -> Journey:
        self.to_stage_1_responded(handler)
        self.escalate()
        return self

    def to_stage_2_acknowledged(self, handler: str = "Alice", stage_2_handler: str = "Bola") -> Journey:
        self.to_escalation_requested(handler)
        self.allocate(stage_2_handler)
        self.acknowledge()
        return self

    def to_stage_2_responded(self, handler: str = "Alice", stage_2_handler: str = "Bola") -> Journey:
        self.to_stage_2_acknowledged(handler, stage_2_handler)
        route = "You may refer your complaint to the Housing Ombudsman Service."
        self.respond(stage_2_handler, response=stage_response(escalation_route=route))
        return self
