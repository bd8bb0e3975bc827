"""The Code's timescales, per edition, each citing the provision that sets it.

A timescale is a number of working days counted from an event (see ``calendar`` for the
convention). Deadlines are computed once, when the event that starts the clock is recorded, and
stored with it, so a later change to the landlord's closure days never moves a past deadline.

Where an edition is silent, the timescale is ``None`` (the 2022 Code sets no time to acknowledge a
stage 2 request). Where its words are "five days" (2022 4.1) PutRight counts working days, as the
2024 Code (6.2) later made explicit; the README's design notes record this reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from putright.code.calendar import WorkingCalendar
from putright.code.provisions import UnknownEdition, cite


class Clock(StrEnum):
    """What starts a timescale's clock."""

    RECEIPT = "the complaint being received"
    ACKNOWLEDGEMENT = "the complaint being acknowledged"
    LOGGING = "the complaint being logged"
    ESCALATION_REQUEST = "the escalation request being received"
    ESCALATION = "the complaint being escalated"
    DEADLINE = "the response deadline"


@dataclass(frozen=True)
class Timescale:
    name: str
    working_days: int
    clock: Clock
    provision: str

    def deadline(self, calendar: WorkingCalendar, start: date) -> date:
        return calendar.add_working_days(start, self.working_days)

    def describe(self) -> str:
        return f"{self.name}: within {self.working_days} working days of {self.clock} ({self.provision})"


@dataclass(frozen=True)
class Timescales:
    """Everything time-bound in one edition of the Code."""

    edition: str
    acknowledge: dict[int, Timescale | None]
    respond: dict[int, Timescale]
    extension_limit: dict[int, Timescale]
    #: months after the issue (or the resident becoming aware of it) within which a complaint
    #: must be accepted; ``None`` when the edition leaves the limit to the landlord's policy.
    time_limit_months: int | None
    time_limit_provision: str
    max_stages: int
    max_stages_provision: str

    @property
    def acknowledge_stage_1(self) -> Timescale:
        """The stage 1 acknowledgement's timescale, from the day received (2024 6.2; 2022 4.1)."""
        scale = self.acknowledge[1]
        assert scale is not None  # every edition sets a stage 1 acknowledgement time
        return scale

    def all(self) -> list[Timescale]:
        found = [t for t in self.acknowledge.values() if t is not None]
        return found + list(self.respond.values()) + list(self.extension_limit.values())


def _t(edition: str, number: str, name: str, days: int, clock: Clock) -> Timescale:
    return Timescale(name=name, working_days=days, clock=clock, provision=cite(edition, number))


TIMESCALES: dict[str, Timescales] = {
    "2024": Timescales(
        edition="2024",
        acknowledge={
            1: _t("2024", "6.2", "Stage 1 acknowledgement", 5, Clock.RECEIPT),
            2: _t("2024", "6.11", "Stage 2 acknowledgement", 5, Clock.ESCALATION_REQUEST),
        },
        respond={
            1: _t("2024", "6.3", "Stage 1 response", 10, Clock.ACKNOWLEDGEMENT),
            2: _t("2024", "6.14", "Stage 2 final response", 20, Clock.ACKNOWLEDGEMENT),
        },
        extension_limit={
            1: _t("2024", "6.4", "Stage 1 extension without good reason", 10, Clock.DEADLINE),
            2: _t("2024", "6.15", "Stage 2 extension without good reason", 20, Clock.DEADLINE),
        },
        time_limit_months=12,
        time_limit_provision=cite("2024", "2.3"),
        max_stages=2,
        max_stages_provision=cite("2024", "5.3"),
    ),
    "2022": Timescales(
        edition="2022",
        acknowledge={
            1: _t("2022", "4.1", "Stage 1 acknowledgement", 5, Clock.RECEIPT),
            2: None,
            3: None,
        },
        respond={
            1: _t("2022", "5.1", "Stage 1 response", 10, Clock.LOGGING),
            2: _t("2022", "5.13", "Stage 2 response", 20, Clock.ESCALATION),
            3: _t("2022", "5.18", "Stage 3 response", 20, Clock.ESCALATION),
        },
        extension_limit={
            1: _t("2022", "5.1", "Stage 1 extension without good reason", 10, Clock.DEADLINE),
            2: _t("2022", "5.13", "Stage 2 extension without good reason", 10, Clock.DEADLINE),
            3: _t("2022", "5.18", "Stage 3 extension (only to convene a panel)", 0, Clock.DEADLINE),
        },
        # 2022 1.8 gives "over six months ago" as an example exclusion the landlord's policy may set.
        time_limit_months=6,
        time_limit_provision=cite("2022", "1.8"),
        max_stages=3,
        max_stages_provision=cite("2022", "5.17"),
    ),
}


def timescales(edition: str) -> Timescales:
    try:
        return TIMESCALES[edition]
    except KeyError:
        raise UnknownEdition(edition) from None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
