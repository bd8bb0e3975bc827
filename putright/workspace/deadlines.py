"""Deadlines the way staff read them: "due in 2 working days", "3 working days late", with the
provision behind each. One calendar is passed in, so a page of any length costs no extra queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from putright.code.calendar import WorkingCalendar
from putright.code.lifecycle import Case, Status, stage_1_acknowledgement_due
from putright.code.timescales import timescales

#: a deadline this many working days away (or fewer) is "at risk"
AT_RISK_WORKING_DAYS = 2


def phrase(calendar: WorkingCalendar, due: date | None, today: date) -> str:
    """ "due today", "due in 2 working days", "3 working days late" (same words as the
    ``working_days_phrase`` template filter, without a query per call)."""
    if due is None:
        return ""
    if due == today:
        return "due today"
    days = calendar.working_days_between(today, due)
    if due > today:
        if days == 0:
            return "due next working day"
        return f"due in {days} working day{'s' if days != 1 else ''}"
    late = -days
    if late == 0:
        return "due today"
    return f"{late} working day{'s' if late != 1 else ''} late"


def told_phrase(calendar: WorkingCalendar, promised: date, today: date) -> str:
    """How far the date the resident was told is from today: "in 3 working days", or, once passed,
    "2 working days ago" (how long the resident has been waiting past it); "" on the day itself."""
    if promised > today:
        days = calendar.working_days_between(today, promised)
        # a promised day that is not a working day (a closure added after the letter went): "next
        # working day" would name a later day than the one the resident was told
        return f"in {days} working day{'s' if days != 1 else ''}" if days > 0 else ""
    ago = -calendar.working_days_between(today, promised)
    return f"{ago} working day{'s' if ago != 1 else ''} ago" if ago > 0 else ""


def promise_stands(promised: date, sent: date, *, response_due: date, granted: Iterable[date]) -> bool:
    """Whether the response date an acknowledgement letter sent on ``sent`` gave the resident is
    kept beside the Code's date ``response_due``: only where sooner (2024 6.3, 6.14: "within"), and
    unless an extension granted after the letter was sent (on one of the days ``granted``) told the
    resident a new date before that date came. A promise already broken when the stage was extended
    stays on the record (2024 6.4)."""
    return promised < response_due and not any(sent <= day <= promised for day in granted)


def urgency(calendar: WorkingCalendar, due: date | None, today: date) -> str:
    """``late``, ``soon`` (within :data:`AT_RISK_WORKING_DAYS`), ``ok`` or ``""`` with no deadline."""
    if due is None:
        return ""
    if due < today:
        return "late"
    if calendar.working_days_between(today, due) <= AT_RISK_WORKING_DAYS:
        return "soon"
    return "ok"


@dataclass(frozen=True)
class IfAComplaint:
    """A contact still waiting for triage: the day its stage 1 acknowledgement is due if it is a
    complaint. The Code counts it "within five working days of the complaint being received" (2024
    6.2), not of the complaint being accepted, so the clock is running while the contact waits. It
    may be a service request (2024 1.4), so this is never shown as a deadline it has."""

    received_on: date
    due: date
    provision: str
    #: the working days from the day received to ``due`` (5)
    working_days: int
    phrase: str
    urgency: str


def if_a_complaint(
    status: str, received_on: date, edition: str, calendar: WorkingCalendar, today: date
) -> IfAComplaint | None:
    """The acknowledgement date a contact waiting for triage (``status`` received) would have if it
    is a complaint, counted by the core as accepting it counts it (the same calendar: bank holidays
    and the landlord's closure days); ``None`` for anything else. No query."""
    if status != Status.RECEIVED:
        return None
    due, provision = stage_1_acknowledgement_due(received_on, edition, calendar)
    return IfAComplaint(
        received_on=received_on,
        due=due,
        provision=provision,
        working_days=calendar.working_days_between(received_on, due),
        phrase=phrase(calendar, due, today),
        urgency=urgency(calendar, due, today),
    )


def last_day_received_due_before(calendar: WorkingCalendar, day: date, edition: str) -> date:
    """The latest day a contact recorded under ``edition`` can have been received on and its stage 1
    acknowledgement, if it is a complaint, be due before ``day``: received on it or earlier, the
    would-be date is before ``day``; received later, it is ``day`` or after (the date never goes
    back as the day received goes forward). "Due by Friday" is "received on or before
    ``last_day_received_due_before(calendar, Saturday, edition)``"."""
    received = day
    while stage_1_acknowledgement_due(received, edition, calendar)[0] >= day:
        received -= timedelta(days=1)
    return received


@dataclass(frozen=True)
class Deadline:
    """One deadline on a case: what is due, by when, under which provision, and whether it was met."""

    name: str
    due: date
    provision: str
    done_on: date | None
    phrase: str
    urgency: str
    note: str = ""
    #: the date the resident was told to expect it, where that is sooner than the Code's date (an
    #: acknowledgement letter promising the response sooner, 2024 6.3 "within 10 working days")
    told: date | None = None
    #: done after the date the resident was told, or not done and that date has passed
    after_told: bool = False
    #: how far off the date the resident was told is ("in 3 working days"), while it is to come
    told_phrase: str = ""
    #: a step never done that can no longer be: a stage answered without its acknowledgement
    #: (imported as it happened), which missed it (2024 6.2, 6.11); "" otherwise
    missed: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.done_on is None else self.done_on <= self.due


#: where a stage answered without an acknowledgement stands (imported as it happened)
NOT_ACKNOWLEDGED = "Not acknowledged: the stage was answered without one (imported as it happened)"


def case_deadlines(
    case: Case, calendar: WorkingCalendar, today: date, told: Mapping[int, tuple[date, date]] | None = None
) -> list[Deadline]:
    """Every deadline the case has had, stage by stage, with the provision that sets it. ``told``:
    the response date each stage's acknowledgement letter gave the resident, and the day it was sent
    (``putright.letters.posting.response_promises``); kept beside the Code's date where sooner,
    unless an extension granted after the letter was sent told the resident a new date before that
    date came."""
    scales = timescales(case.edition)
    found: list[Deadline] = []
    for stage in range(1, case.stage + 1):
        acknowledge_due = case.acknowledgement_due.get(stage)
        scale = scales.acknowledge.get(stage)
        if acknowledge_due is not None and scale is not None:
            done = case.acknowledged_on.get(stage)
            # answered without an acknowledgement: it never will be, and it was not in the Code's time
            never = done is None and stage in case.responded_on
            waiting = done is None and not never and case.is_open
            found.append(
                Deadline(
                    name=f"Stage {stage} acknowledgement",
                    due=acknowledge_due,
                    provision=scale.provision,
                    done_on=done,
                    phrase=phrase(calendar, acknowledge_due, today) if waiting else "",
                    urgency=urgency(calendar, acknowledge_due, today) if waiting else "",
                    note=NOT_ACKNOWLEDGED if never else "",
                    missed="Not acknowledged" if never else "",
                )
            )
        response_due = case.response_due.get(stage)
        if response_due is not None:
            done = case.responded_on.get(stage)
            original = case.original_response_due.get(stage)
            extended = [e for e in case.extensions if e.stage == stage]
            note = ""
            promise = (told or {}).get(stage)
            promised = (
                promise[0]
                if promise is not None
                and promise_stands(
                    *promise, response_due=response_due, granted=[e.granted_on for e in extended]
                )
                else None
            )
            if extended and original is not None:
                days = sum(e.working_days for e in extended)
                limit = scales.extension_limit[stage].provision
                note = (
                    f"Originally due {original:%-d %B %Y}; extended by {days} working "
                    f"day{'s' if days != 1 else ''} ({limit})"
                )
            found.append(
                Deadline(
                    name=f"Stage {stage} {'final ' if case.edition == '2024' and stage == 2 else ''}response",
                    due=response_due,
                    provision=scales.respond[stage].provision,
                    done_on=done,
                    phrase="" if done or not case.is_open else phrase(calendar, response_due, today),
                    urgency="" if done or not case.is_open else urgency(calendar, response_due, today),
                    note=note,
                    told=promised,
                    told_phrase=""
                    if promised is None or done or not case.is_open
                    else told_phrase(calendar, promised, today),
                    after_told=promised is not None
                    and (done > promised if done is not None else case.is_open and today > promised),
                )
            )
    return found
