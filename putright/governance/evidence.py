"""What the records can show about each provision of the self-assessment form (2024 8.1 a).

Every provision gets one of three honest states, never "Yes" from nothing:

* **records show compliance**: the rule was tested over the period on at least ``MINIMUM_CASES``
  cases (or, for a governance record such as an appointment, the record exists for the whole
  period) and none failed. The evidence says the rule, the period, the number of cases and the
  minimum.
* **records show non-compliance**: one or more cases fail the rule; each is listed with why and a
  link to it.
* **records cannot show this**: too few cases, a gap the records cannot fill, or a provision only a
  policy, training record or published page can evidence (as the seed landlords do: "Talk to us
  policy - section 3.1"). The person answering gives that evidence.

``RULES`` is a table of rules, each citing its provision. Rules read the record through the typed
selectors in :mod:`putright.governance.records` (issue 14, item 7), never string keys into stored
event JSON. A rule that says "non-compliance" makes the service refuse a "Yes" without an
explanation (:func:`putright.governance.services.answer_provision`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, partial
from typing import Any

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from putright.code.calendar import WorkingCalendar
from putright.code.exclusions import ExclusionGround
from putright.code.letters import LetterKind
from putright.code.lifecycle import (
    AcceptedAsComplaint,
    Acknowledged,
    ChoiceToComplainOffered,
    Communication,
    ComplaintChoice,
    DeadlineExtended,
    Declined,
    EscalationRequested,
    HandlerAllocated,
    IndependenceConfirmed,
    NewIssuesHandling,
    NewIssuesRaised,
    OutstandingActionAdded,
    OutstandingActionCompleted,
    ReceivedDateCorrected,
    Responded,
    UpdateIntervalAgreed,
    Withdrawn,
)
from putright.code.timescales import timescales
from putright.code.wording import long_date
from putright.complaints.models import (
    Complaint,
    ContactRestriction,
    Correspondence,
    Landlord,
    LearningPoint,
    ReasonableAdjustment,
)
from putright.complaints.personal import ERASED
from putright.complaints.rules import landlord_rules
from putright.complaints.selectors import people_named
from putright.governance.event_fields import field as event_field
from putright.governance.facts import AsAt, complaint_facts, visible_at
from putright.governance.measures import Figure, Period, complaints_for, extra_figures, fact_figures
from putright.governance.models import (
    AnnualReport,
    Appointment,
    ComplianceTrigger,
    ExceptionalCircumstance,
    RecordsShow,
    ReportReceipt,
    ReportRun,
    SelfAssessment,
    ServiceImprovement,
    SystemicReview,
)
from putright.governance.performance import Scope
from putright.governance.records import E, Recorded, events_of, letters_issued, outgoing_contact_days
from putright.workspace.models import Amendment, ChangeKind

YES, NO = "yes", "no"
COMPLIANCE, NON_COMPLIANCE, CANNOT_SHOW = (
    RecordsShow.COMPLIANCE.value,
    RecordsShow.NON_COMPLIANCE.value,
    RecordsShow.CANNOT_SHOW.value,
)

#: fewer cases than this and the records do not propose compliance (a rule passed by 2 cases proves little)
MINIMUM_CASES = int(getattr(settings, "PUTRIGHT_EVIDENCE_MINIMUM_CASES", 5))
#: at most this many failing cases are kept on an entry (the count is always exact)
CASES_LISTED = 50


@dataclass(frozen=True)
class Case:
    """One record that fails a rule, and why."""

    complaint_id: int | None
    reference: str
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "complaint_id": self.complaint_id,
            "reference": self.reference,
            "why": self.why,
            "href": f"/workspace/complaints/{self.reference}/" if self.complaint_id else "",
        }


@dataclass
class Evidence:
    state: str
    summary: str
    rule: str = ""
    period: str = ""
    covered: int = 0
    minimum: int = MINIMUM_CASES
    failing: int = 0
    cases: list[Case] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    #: records the landlord must check for itself before it can answer (not failing: unknown), each
    #: with why: a step told other than by a letter from PutRight, whose text nothing checked
    to_check: list[Case] = field(default_factory=list)
    #: the cases the rule covered, each with what was tested on it, read only when asked for (the list
    #: behind "All 140 steps"): a proposal's count can be opened down to its records without the
    #: self-assessment building a list nobody opens (README: self-assessment speed)
    covering: Callable[[], list[Case]] | None = field(default=None, repr=False, compare=False)

    @property
    def proposed(self) -> str | None:
        """The answer the records propose: Yes, No, or none (the landlord must evidence it)."""
        return {COMPLIANCE: YES, NON_COMPLIANCE: NO}.get(self.state)

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "proposed": self.proposed,
            "summary": self.summary,
            "rule": self.rule,
            "period": self.period,
            "covered": self.covered,
            "minimum": self.minimum,
            "failing": self.failing,
            "cases": [c.as_dict() for c in self.cases[:CASES_LISTED]],
            "figures": self.figures,
            "to_check": [c.as_dict() for c in self.to_check[:CASES_LISTED]],
            "to_check_total": len(self.to_check),
            "covered_listed": self.covering is not None and self.covered > 0,
        }


@dataclass
class Context:
    """What every rule may read: the period, the as-at, and figures computed once."""

    scope: Scope
    figures: dict[str, Figure]
    extras: dict[str, Figure]
    _events: dict[tuple[str, bool], list[Any]] = field(default_factory=dict)

    @property
    def period(self) -> Period:
        return self.scope.period

    @property
    def as_at(self) -> AsAt:
        return self.scope.as_at

    @property
    def today(self) -> date:
        return self.as_at.today

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return landlord_rules().calendar

    @cached_property
    def letters(self) -> dict[tuple[int, LetterKind], list[tuple[date, int]]]:
        return letters_issued(self.as_at, tuple(LetterKind))

    def events(self, cls: type[E], *, in_period: bool = True) -> list[Recorded[E]]:
        """``cls`` events (dated in the period unless ``in_period`` is false), read once per context."""
        key = (cls.kind, in_period)
        if key not in self._events:
            self._events[key] = events_of(cls, self.as_at, period=self.period if in_period else None)
        return self._events[key]

    def fig(self, label: str, value: Any, measure: str = "", part: str = "all") -> dict[str, Any]:
        return {"label": label, "value": value, "href": self.scope.link(measure, part) if measure else ""}


def judged(
    ctx: Context,
    *,
    rule: str,
    what: str,
    covered: int,
    failing: Iterable[Case],
    unknown: str = "",
    minimum: int | None = None,
    figures: list[dict[str, Any]] | None = None,
    to_check: Iterable[Case] = (),
    covering: Callable[[], list[Case]] | None = None,
) -> Evidence:
    """The state for a rule tested on ``covered`` cases: any failure is non-compliance; fewer cases
    than ``minimum``, or something the records cannot settle (``unknown``), is "cannot show".
    ``covering`` lists those cases when asked (:func:`covered_steps`, :func:`covered_complaints`)."""
    minimum = MINIMUM_CASES if minimum is None else minimum
    cases = list(failing)
    failed = len({(c.complaint_id, c.reference, c.why) for c in cases})
    base = Evidence(
        state=CANNOT_SHOW,
        summary="",
        rule=rule,
        period=ctx.period.label,
        covered=covered,
        minimum=minimum,
        failing=failed,
        cases=cases,
        figures=figures or [],
        to_check=list(to_check),
        covering=covering,
    )
    if cases:
        base.state = NON_COMPLIANCE
        base.summary = f"{failed} of {covered} {what} in the period fail the rule: {rule}."
    elif covered == 0:
        base.summary = f"No {what} in the period: nothing to show compliance from. Give the evidence."
    elif covered < minimum:
        base.summary = (
            f"{covered} {what} in the period: too few to show compliance "
            f"(PutRight proposes it from {minimum} or more). Give the evidence."
        )
    elif unknown:
        base.summary = f"{covered} {what} in the period, none failing, but {unknown}"
    else:
        base.state = COMPLIANCE
        base.summary = f"All {covered} {what} in the period meet the rule: {rule}."
    return base


def cannot_show(
    ctx: Context, rule: str, summary: str, figures: list[dict[str, Any]] | None = None
) -> Evidence:
    return Evidence(
        state=CANNOT_SHOW, summary=summary, rule=rule, period=ctx.period.label, figures=figures or []
    )


Rule = Callable[[Context], Evidence]
#: edition -> provision -> (what the rule tests, the rule)
RULES: dict[str, dict[str, tuple[str, Rule]]] = {"2024": {}, "2022": {}}


def rule(
    provision: str, what: str, *, also_2022: tuple[str, ...] = (), edition: str = "2024"
) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the evidence rule for ``provision`` (and for the 2022 provisions that ask
    the same thing)."""

    def register(fn: Rule) -> Rule:
        RULES[edition][provision] = (what, fn)
        for number in also_2022:
            RULES["2022"][number] = (what, fn)
        return fn

    return register


def _complaint_cases(rows: QuerySet[Complaint], why: str) -> list[Case]:
    return [Case(pk, ref, why) for pk, ref in rows.values_list("pk", "reference")]


def covered_steps(
    rows: Iterable[Recorded[Any]], what: str | Callable[[Any], str]
) -> Callable[[], list[Case]]:
    """The cases a rule covered, one a step: each ``what`` ("stage 1 response", or read from the
    event) on its day. Listed only when called."""
    kept = list(rows)
    return lambda: [_step(r, what if isinstance(what, str) else what(r.event)) for r in kept]


def _step(r: Recorded[Any], what: str) -> Case:
    return Case(r.complaint_id, r.reference, f"{what} on {long_date(r.event.on)}")


def covered_complaints(*parts: tuple[Callable[[], QuerySet[Complaint]], str]) -> Callable[[], list[Case]]:
    """The cases a rule covered, read from the figures' lists (each a query and what it holds) only
    when called."""
    return lambda: [case for rows, why in parts for case in _complaint_cases(rows(), why)]


def _letter_missing(ctx: Context, steps: list[Recorded[Any]], kind: LetterKind, what: str) -> list[Case]:
    """Steps with no letter of ``kind`` issued on or after them: each step takes the first letter
    issued for its complaint on or after its day (two steps need two letters). A step recorded with
    how the resident was told (``communication``) is evidenced by it; the letter it names told that
    step and is no other step's letter."""
    used: dict[int, int] = defaultdict(int)
    telling = {_letter_id(s.event.communication) for s in steps if s.event.communication is not None}
    missing = []
    for step in sorted(steps, key=lambda s: (s.complaint_id, s.event.on)):
        if step.event.communication is not None:
            # recorded with how the resident was told: its letter, or a written communication sent
            # another way whose text is kept (a step counts only then, so this is the evidence)
            continue
        days = [
            d
            for d, pk in ctx.letters.get((step.complaint_id, kind), [])
            if d >= step.event.on and pk not in telling
        ]
        index = used[step.complaint_id]
        if index < len(days):
            used[step.complaint_id] += 1
        else:
            missing.append(
                Case(
                    step.complaint_id,
                    step.reference,
                    f"{what} on {long_date(step.event.on)}: no letter issued",
                )
            )
    return missing


def _one_per_complaint(cases: Iterable[Case]) -> list[Case]:
    """``cases`` with each complaint once, its reasons joined: for a rule that counts complaints, so
    a complaint failing two ways is not counted twice ("40 of 20 complaints fail", found in a
    browser walk)."""
    whys: dict[tuple[int | None, str], list[str]] = {}
    for c in cases:
        said = whys.setdefault((c.complaint_id, c.reference), [])
        if c.why not in said:
            said.append(c.why)
    return [Case(pk, reference, "; ".join(said)) for (pk, reference), said in whys.items()]


def _listed(references: list[str]) -> str:
    return ", ".join(references[:5]) + (f" and {len(references) - 5} more" if len(references) > 5 else "")


def _sent_by_another_system(rows: Iterable[Recorded[Any]], noun: str, unchecked: str) -> dict[str, Any]:
    """``unknown`` and ``to_check`` for :func:`judged`: the steps of ``rows`` (each a ``noun``:
    "response") not told by a letter issued from PutRight, whose check would have looked for
    ``unchecked``. Told by another system, their text is kept (5.12) but nothing checked it: a "Yes"
    would rest on "Sent by post.". Imported from another system, nothing of what the resident was sent
    is kept at all. Each is listed, linked, for the landlord to check; the sentence names none (it is
    the same for every reader, and some may not see every complaint)."""
    sent: dict[str, int] = {"sent": 0, "imported": 0}
    to_check: list[Case] = []
    for r in rows:
        told = r.event.communication
        if told is None or _letter_id(told) is not None:
            continue
        imported = told.method == "imported"
        sent["imported" if imported else "sent"] += 1
        how = (
            f"imported from {told.reference}: nothing of what the resident was sent is kept here"
            if imported
            else f"told by {told.method} (not a letter issued from PutRight): not checked for {unchecked}"
        )
        to_check.append(Case(r.complaint_id, r.reference, f"{noun} on {long_date(r.event.on)}, {how}"))
    said = []
    for how, count in sent.items():
        if not count:
            continue
        one = count == 1
        if how == "sent":
            said.append(
                f"{count} {noun}{'' if one else 's'} {'was' if one else 'were'} told to the resident other than "
                f"by a letter issued from PutRight: {'its' if one else 'their'} text is kept but was not "
                f"checked for {unchecked}"
            )
        else:
            said.append(
                f"{count} {noun}{'' if one else 's'} {'was' if one else 'were'} imported from another system: "
                f"what the resident was sent is not kept here, so nothing shows {unchecked}"
            )
    if not said:
        return {"unknown": "", "to_check": []}
    them = "it" if len(to_check) == 1 else "them"
    return {
        "unknown": "; ".join(said) + f". Check {them} (listed as records to check) and give the evidence.",
        "to_check": to_check,
    }


def _letter_id(communication: Communication) -> int | None:
    """The issued letter a communication names ("letter:<id>"), if it is one."""
    method, _, pk = communication.reference.partition(":")
    return int(pk) if communication.method == "letter" and method == "letter" and pk.isdigit() else None


# --------------------------------------------------------------------------------------------------
# Timeliness (6.2, 6.3, 6.11, 6.14)

#: a stage answered without ever being acknowledged (imported as it happened), in the 6.2 and 6.11
#: evidence's figures and list alike
NOT_ACKNOWLEDGED = "not acknowledged: answered without an acknowledgement"


def _timeliness(
    ctx: Context, key: str, overdue_key: str, what: str, rule_text: str, unknown: str = ""
) -> Evidence:
    f, late_now = ctx.figures[key], ctx.figures[overdue_key]
    late_label, overdue_label = "late", "past due, still waiting"
    if key.endswith("_ack"):
        # a stage answered without an acknowledgement (imported as it happened) was due one and
        # missed it (2024 6.2, 6.11): counted in the rate as not within, but never as an
        # acknowledgement made, nor as a late one
        never = ctx.figures[f"{key}_never"]
        figures = [
            ctx.fig(f"{what} in the period", ctx.figures[f"{key}_made"].value, f"{key}_made"),
            ctx.fig("within the Code's timescale", f.numerator, key, "met"),
            ctx.fig(late_label, ctx.figures[f"{key}_late"].value, f"{key}_late"),
            ctx.fig(NOT_ACKNOWLEDGED, never.value, f"{key}_never"),
        ]
        late = complaints_for(f"{key}_late", ctx.period, ctx.as_at)
        unacknowledged = complaints_for(f"{key}_never", ctx.period, ctx.as_at)
        failing = _complaint_cases(late, late_label) + _complaint_cases(unacknowledged, NOT_ACKNOWLEDGED)
        parts: tuple[tuple[Callable[[], QuerySet[Complaint]], str], ...] = (
            (lambda: complaints_for(key, ctx.period, ctx.as_at, part="met"), "within the Code's timescale"),
            (lambda: complaints_for(f"{key}_late", ctx.period, ctx.as_at), late_label),
            (lambda: complaints_for(f"{key}_never", ctx.period, ctx.as_at), NOT_ACKNOWLEDGED),
        )
    else:
        figures = [
            ctx.fig(f"{what} in the period", f.value, key),
            ctx.fig("within the Code's timescale", f.numerator, key, "met"),
            ctx.fig(late_label, f.missed, key, "missed"),
        ]
        missed = complaints_for(key, ctx.period, ctx.as_at, part="missed")
        failing = _complaint_cases(missed, late_label)
        parts = (
            (lambda: complaints_for(key, ctx.period, ctx.as_at, part="met"), "within the Code's timescale"),
            (lambda: missed, late_label),
        )
    figures.append(ctx.fig(f"still waiting, past due, at {ctx.today:%-d %B %Y}", late_now.value, overdue_key))
    failing += _complaint_cases(complaints_for(overdue_key, ctx.period, ctx.as_at), overdue_label)
    return judged(
        ctx,
        rule=rule_text,
        what=what.lower(),
        covered=f.value + late_now.value,
        failing=failing,
        figures=figures,
        unknown=unknown,
        covering=covered_complaints(
            *parts, (lambda: complaints_for(overdue_key, ctx.period, ctx.as_at), overdue_label)
        ),
    )


def on_time_by_a_later_day(ctx: Context) -> list[str]:
    """The references of the period's stage 1 complaints whose acknowledgement is on time, or not yet
    due, only because their day received was corrected to a later day (2024 5.12, 6.2): on time by
    the day received now, but late by a day the record held before a correction moved it later.
    PutRight cannot tell whether the corrected day is true; the reason recorded with it can."""
    ids = {
        pk
        for key in ("s1_ack", "s1_received")
        for pk in complaints_for(key, ctx.period, ctx.as_at).values_list("pk", flat=True)
    }
    earliest: dict[int, date] = {}  # the earliest day a correction to a later day moved on from
    for r in events_of(ReceivedDateCorrected, ctx.as_at, complaint_ids=ids):
        if r.event.received_on > r.event.previous:
            earliest[r.complaint_id] = min(r.event.previous, earliest.get(r.complaint_id, r.event.previous))
    if not earliest:
        return []
    rows = (
        complaint_facts(ctx.as_at)
        .filter(pk__in=set(earliest))
        .values_list("pk", "reference", "edition", "s1_ack_due", "s1_ack_on", "withdrawn", "declined_stage")
    )
    found = set()
    for pk, reference, edition, due_now, acknowledged, withdrawn, declined in rows:
        if due_now is None or (acknowledged is None and (withdrawn or declined is not None)):
            continue  # never acknowledged and no longer waiting: nothing made timely
        due_before = timescales(edition).acknowledge_stage_1.deadline(ctx.calendar, earliest[pk])
        day = acknowledged or ctx.today
        if due_before < day <= due_now:
            found.add(reference)
    return sorted(found)


@rule("6.2", "Stage 1 acknowledged within 5 working days of receipt")
def r_6_2(ctx: Context) -> Evidence:
    moved = on_time_by_a_later_day(ctx)
    shown = _listed(moved)
    return _timeliness(
        ctx,
        "s1_ack",
        "s1_ack_overdue",
        "Stage 1 acknowledgements",
        "each stage 1 complaint acknowledged by its due date under the Code (5 working days from receipt)",
        unknown=f"{len(moved)} of them {'is' if len(moved) == 1 else 'are'} on time only by a day received "
        "that was corrected to a later "
        f"day ({shown}): read the reasons on their records, then give the evidence."
        if moved
        else "",
    )


@rule("6.3", "Stage 1 response within 10 working days of acknowledgement", also_2022=("5.1",))
def r_6_3(ctx: Context) -> Evidence:
    return _timeliness(
        ctx,
        "s1_resp",
        "s1_resp_overdue",
        "Stage 1 responses",
        "each stage 1 response issued by its due date under the Code, with any extension the Code allows",
    )


@rule("6.11", "Stage 2 acknowledged within 5 working days of the escalation request")
def r_6_11(ctx: Context) -> Evidence:
    return _timeliness(
        ctx,
        "s2_ack",
        "s2_ack_overdue",
        "Stage 2 acknowledgements",
        "each escalation acknowledged by its due date under the Code (5 working days from the request)",
    )


@rule("6.14", "Stage 2 response within 20 working days of acknowledgement", also_2022=("5.13",))
def r_6_14(ctx: Context) -> Evidence:
    return _timeliness(
        ctx,
        "s2_resp",
        "s2_resp_overdue",
        "Stage 2 responses",
        "each stage 2 response issued by its due date under the Code, with any extension the Code allows",
    )


# --------------------------------------------------------------------------------------------------
# Extensions (6.4, 6.5, 6.15, 6.16)


def _extensions(ctx: Context, stage: int) -> list[Recorded[DeadlineExtended]]:
    return [r for r in ctx.events(DeadlineExtended) if r.event.stage == stage]


def _extension_rule(ctx: Context, stage: int) -> Evidence:
    limit = 10 if stage == 1 else 20
    rows = _extensions(ctx, stage)
    failing = []
    earlier = {
        (r.complaint_id, r.event.on, r.event.new_due): r.event.working_days
        for r in events_of(DeadlineExtended, ctx.as_at, complaint_ids={r.complaint_id for r in rows})
        if r.event.stage == stage
    }
    # each complaint's own extensions, so a complaint's total reads its own (every extension of
    # every complaint was read for each one: 4.7 s at 100,000 complaints)
    by_complaint: dict[int, list[tuple[tuple[date, date], int]]] = {}
    for (cid, on, due), days in earlier.items():
        by_complaint.setdefault(cid, []).append(((on, due), days))
    for r in rows:
        e = r.event
        total = sum(days for when, days in by_complaint.get(r.complaint_id, []) if when <= (e.on, e.new_due))
        if e.on > e.previous_due:
            failing.append(
                Case(
                    r.complaint_id,
                    r.reference,
                    f"extended on {long_date(e.on)}, after the deadline of {long_date(e.previous_due)}",
                )
            )
        if total > limit and not e.good_reason.strip():
            failing.append(
                Case(r.complaint_id, r.reference, f"{total} working days in all with no good reason recorded")
            )
    failing += _letter_missing(ctx, rows, LetterKind.EXTENSION_NOTICE, "extension")
    return judged(
        ctx,
        rule=(
            f"each stage {stage} extension decided before the deadline, no more than {limit} working days without "
            "a recorded good reason, and its reasons told to the resident in an issued extension notice"
        ),
        what=f"stage {stage} extensions",
        covered=len(rows),
        covering=covered_steps(rows, f"stage {stage} extension"),
        failing=failing,
        **_sent_by_another_system(rows, "extension", "the reasons for the extension"),
        figures=[ctx.fig(f"Stage {stage} extensions granted", len(rows), f"extensions_{stage}")],
    )


@rule(
    "6.4",
    "Stage 1 extensions decided before the deadline, within 10 working days or for good reason, reasons told",
)
def r_6_4(ctx: Context) -> Evidence:
    return _extension_rule(ctx, 1)


@rule(
    "6.15",
    "Stage 2 extensions decided before the deadline, within 20 working days or for good reason, reasons told",
)
def r_6_15(ctx: Context) -> Evidence:
    return _extension_rule(ctx, 2)


def _ombudsman_details(ctx: Context, stage: int) -> Evidence:
    rows = _extensions(ctx, stage)
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            f"extension on {long_date(r.event.on)} without the Ombudsman's details",
        )
        for r in rows
        if not r.event.ombudsman_details_given
    ]
    return judged(
        ctx,
        rule="the Ombudsman's contact details recorded as given with each extension",
        what=f"stage {stage} extensions",
        covered=len(rows),
        covering=covered_steps(rows, f"stage {stage} extension"),
        failing=failing,
        # told by an extension notice from PutRight, the details were checked in the letter; told by
        # another system, the record has only the box ticked when the extension was recorded
        **_sent_by_another_system(rows, "extension", "the Ombudsman's contact details"),
    )


@rule("6.5", "Ombudsman's details given with a stage 1 extension")
def r_6_5(ctx: Context) -> Evidence:
    return _ombudsman_details(ctx, 1)


@rule("6.16", "Ombudsman's details given with a stage 2 extension")
def r_6_16(ctx: Context) -> Evidence:
    return _ombudsman_details(ctx, 2)


# --------------------------------------------------------------------------------------------------
# Stage 2 (6.10, 6.13)

_ALLOCATED_STAGE = event_field(HandlerAllocated, "stage")


@rule("6.13", "Stage 2 considered by someone who did not consider stage 1", also_2022=("5.12",))
def r_6_13(ctx: Context) -> Evidence:
    stage_2: dict[int, Recorded[Any]] = {}
    # only the stage 2 allocations are read (a year's stage 1 allocations are six times as many)
    for a in events_of(HandlerAllocated, ctx.as_at, period=ctx.period, where=_ALLOCATED_STAGE.equals(2)):
        stage_2.setdefault(a.complaint_id, a)
    for h in ctx.events(Responded):
        if h.event.stage == 2:
            stage_2.setdefault(h.complaint_id, h)
    # everyone who handled those complaints at any stage, whenever (stage 1 is often before the period)
    ids = set(stage_2)
    people: dict[tuple[int, int], set[str]] = defaultdict(set)
    last: dict[tuple[int, int, str], date] = {}  # the day each person was last given or decided a stage
    for a in events_of(HandlerAllocated, ctx.as_at, complaint_ids=ids):
        people[(a.complaint_id, a.event.stage)].add(a.event.handler)
        last[(a.complaint_id, a.event.stage, a.event.handler)] = a.event.on
    for h in events_of(Responded, ctx.as_at, complaint_ids=ids):
        people[(h.complaint_id, h.event.stage)].add(h.event.handler)
        last[(h.complaint_id, h.event.stage, h.event.handler)] = h.event.on
    # as the core reads it (Case.considered_by): someone a manager confirmed never considered a
    # stage (allocated in error, reallocated before any work) did not consider it, unless they were
    # given the stage again or decided on it afterwards
    for c in events_of(IndependenceConfirmed, ctx.as_at, complaint_ids=ids):
        key = (c.complaint_id, c.event.stage, c.event.person)
        if key not in last or last[key] <= c.event.on:
            people[(c.complaint_id, c.event.stage)].discard(c.event.person)
    both_stages = {cid: both for cid in stage_2 if (both := people[(cid, 1)] & people[(cid, 2)])}
    named = people_named(ref for both in both_stages.values() for ref in both)
    failing = [
        Case(
            cid,
            stage_2[cid].reference,
            "stage 2 considered by " + ", ".join(sorted(named[p] for p in both)) + ", who considered stage 1",
        )
        for cid, both in both_stages.items()
    ]
    return judged(
        ctx,
        rule="no one who considered stage 1 considered stage 2",
        what="complaints considered at stage 2",
        covered=len(stage_2),
        covering=covered_steps(
            stage_2.values(),
            lambda e: "stage 2 handler allocated" if isinstance(e, HandlerAllocated) else "stage 2 response",
        ),
        failing=failing,
    )


@rule("6.10", "Complaints escalated when the resident asks, or refused on a valid ground")
def r_6_10(ctx: Context) -> Evidence:
    # 2024 6.10 says "progressed to stage 2" of what stage 1 did not resolve, by the acknowledgement
    # 6.11 times. 2022 5.9 says it too, but the 2022 Code sets no time to acknowledge a stage 2 request
    # (every one passed here), and asks in writing for a refusal's reasons: :func:`r_2022_5_9`
    requests = [r for r in ctx.events(EscalationRequested) if r.event.to_stage == 2]
    ids = {r.complaint_id for r in requests}
    acknowledged = {
        r.complaint_id for r in events_of(Acknowledged, ctx.as_at, complaint_ids=ids) if r.event.stage == 2
    }
    refused = {
        r.complaint_id for r in events_of(Declined, ctx.as_at, complaint_ids=ids) if r.event.stage == 2
    }
    # a stage 2 answered without an acknowledgement (imported as it happened) was progressed; its
    # missed acknowledgement counts against 6.11
    answered = {
        r.complaint_id for r in events_of(Responded, ctx.as_at, complaint_ids=ids) if r.event.stage == 2
    }
    progressed = acknowledged | refused | answered  # once: a union per request took 0.4 s at 100,000
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            f"escalation asked for on {long_date(r.event.on)}: not progressed, acknowledgement due {long_date(due)}",
        )
        for r in requests
        if r.complaint_id not in progressed
        and (due := r.event.acknowledgement_due) is not None
        and due < ctx.today
    ]
    return judged(
        ctx,
        rule="each escalation request progressed to stage 2 or refused on a valid ground by its acknowledgement date",
        what="escalation requests",
        covered=len(requests),
        covering=covered_steps(requests, "escalation asked for"),
        failing=failing,
    )


# --------------------------------------------------------------------------------------------------
# Outstanding actions (6.6, 6.17) and remedies (7.3)


@rule("6.6", "Outstanding actions tracked to completion")
def r_6_6(ctx: Context) -> Evidence:
    added = [
        r
        for r in ctx.events(OutstandingActionAdded, in_period=False)
        if r.event.due <= ctx.today or ctx.period.start <= r.event.on <= ctx.period.end
    ]
    done = {
        (r.complaint_id, r.event.number): r.event.on
        for r in ctx.events(OutstandingActionCompleted, in_period=False)
    }
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            f"action {r.event.number} due {long_date(r.event.due)}, not completed",
        )
        for r in added
        if r.event.due < ctx.today and (r.complaint_id, r.event.number) not in done
    ]
    unknown, to_check = _no_update_after(ctx, added, done)
    return judged(
        ctx,
        rule="each outstanding action completed by its due date or still in time",
        what="outstanding actions",
        covered=len(added),
        covering=covered_steps(added, lambda e: f"action {e.number}, due {long_date(e.due)}, set"),
        failing=failing,
        unknown=unknown,
        to_check=to_check,
    )


def _no_update_after(
    ctx: Context, added: list[Recorded[OutstandingActionAdded]], done: dict[tuple[int, int], date]
) -> tuple[str, list[Case]]:
    """6.6, 6.17: actions are "actioned promptly with appropriate updates provided to the resident".
    What is appropriate the records cannot judge; an action completed in the period with no contact with
    the resident (or their representative) recorded since the day it was set (the response that set it
    is that day's) shows none at all: listed to check, never failed. A contact after completion counts:
    telling the resident it is done is the most natural update."""
    completed = {
        (r.complaint_id, r.event.number): (r, done[(r.complaint_id, r.event.number)])
        for r in added
        if (r.complaint_id, r.event.number) in done
        and ctx.period.start <= done[(r.complaint_id, r.event.number)] <= ctx.period.end
    }
    contacts = outgoing_contact_days(ctx.as_at, {r.complaint_id for r, _ in completed.values()})
    to_check = []
    for r, on in completed.values():
        set_on = r.event.on
        if not any(d > set_on or d == set_on == on for d in contacts.get(r.complaint_id, [])):
            to_check.append(
                Case(
                    r.complaint_id,
                    r.reference,
                    f"action {r.event.number} set on {long_date(set_on)}, completed {long_date(on)}: no contact with the "
                    "resident recorded since it was set",
                )
            )
    if not to_check:
        return "", []
    one = len(to_check) == 1
    return (
        f"{len(to_check)} action{'' if one else 's'} completed in the period {'has' if one else 'have'} no contact "
        f"with the resident recorded since {'it was' if one else 'they were'} set, so the records cannot show "
        '"appropriate updates provided to the resident". Check '
        f"{'it' if one else 'them'} (listed as records to check) and give the evidence.",
        to_check,
    )


RULES["2024"]["6.17"] = ("Outstanding actions at stage 2 tracked to completion", r_6_6)


@rule("7.3", "Remedies clear, with when they will be carried out, and followed through", also_2022=("6.5",))
def r_7_3(ctx: Context) -> Evidence:
    agreed, done, overdue, withdrawn, withdrawn_late = (
        ctx.extras["remedies"],
        ctx.extras["remedies_completed"],
        ctx.extras["remedies_overdue"],
        ctx.extras["remedies_withdrawn"],
        ctx.extras["remedies_withdrawn_after_due"],
    )
    figures = [
        ctx.fig("remedies agreed, each with a due date", agreed.value, "remedies"),
        ctx.fig("completed", done.value, "remedies_completed"),
        ctx.fig("past due, not completed", overdue.value, "remedies_overdue"),
        # withdrawn remedies are not in the figures above: shown, so none leaves the record unseen
        ctx.fig(
            "withdrawn, with the reason recorded (in error, declined by the resident or replaced)",
            withdrawn.value,
            "remedies_withdrawn",
        ),
        # withdrawing an overdue remedy does not make it followed through (2024 7.3)
        ctx.fig(
            "withdrawn after they fell due, not carried out by then (declined by the resident or replaced)",
            withdrawn_late.value,
            "remedies_withdrawn_after_due",
        ),
    ]
    # by complaint, as the lists behind the figures are: "38 of 280 remedies fail" counted complaints
    # against remedies (found in a browser walk); the figures above count the remedies
    failing = _one_per_complaint(
        _complaint_cases(
            complaints_for("remedies_overdue", ctx.period, ctx.as_at), "remedy past due, not completed"
        )
        + _complaint_cases(
            complaints_for("remedies_withdrawn_after_due", ctx.period, ctx.as_at),
            "remedy withdrawn after it fell due, not carried out by then",
        )
    )
    # what the remedy is and when it will be carried out is checked in a response issued from
    # PutRight (6.9 e, 6.19 e); a response told by another system was not checked for it
    with_remedies = set(complaints_for("remedies", ctx.period, ctx.as_at).values_list("pk", flat=True))
    responses = [r for r in ctx.events(Responded) if r.complaint_id in with_remedies]
    return judged(
        ctx,
        rule="each remedy carried out by its due date",
        what="complaints with remedies",
        # with those whose only remedy was withdrawn after it fell due (not among the standing ones)
        covered=len(with_remedies | {c.complaint_id for c in failing}),
        # the same complaints, once each, as the figures' lists hold them: those counted above
        covering=lambda: _one_per_complaint(
            covered_complaints(
                (lambda: complaints_for("remedies", ctx.period, ctx.as_at), "remedy agreed"),
                (lambda: complaints_for("remedies_overdue", ctx.period, ctx.as_at), "remedy past due"),
                (
                    lambda: complaints_for("remedies_withdrawn_after_due", ctx.period, ctx.as_at),
                    "remedy withdrawn after it fell due",
                ),
            )()
        ),
        failing=failing,
        figures=figures,
        **_sent_by_another_system(responses, "response", "the remedy and when it will be carried out"),
    )


# --------------------------------------------------------------------------------------------------
# Keeping residents informed (2024 5.9, 2022 4.10)


def _update_gaps(ctx: Context, intervals: list[Recorded[UpdateIntervalAgreed]]) -> list[Case]:
    """Intervals agreed where the landlord went longer than the interval without contacting the
    resident, from the day it was agreed until the stage's response (or the as-at day)."""
    ids = {r.complaint_id for r in intervals}
    contacts = outgoing_contact_days(ctx.as_at, ids)
    responded: dict[tuple[int, int], date] = {}
    for done in events_of(Responded, ctx.as_at, complaint_ids=ids):
        responded.setdefault((done.complaint_id, done.event.stage), done.event.on)
    failing = []
    for r in intervals:
        e = r.event
        end = responded.get((r.complaint_id, e.stage), ctx.today)
        previous = e.on
        for day in [d for d in contacts.get(r.complaint_id, []) if e.on < d <= end] + [end]:
            deadline = ctx.calendar.add_working_days(previous, e.every_working_days)
            if day > deadline:
                failing.append(
                    Case(
                        r.complaint_id,
                        r.reference,
                        f"agreed to update every {e.every_working_days} working days; none between "
                        f"{long_date(previous)} and {long_date(day)}",
                    )
                )
                break
            previous = day
    return failing


def _interval_agreed(e: UpdateIntervalAgreed) -> str:
    return f"stage {e.stage} update every {e.every_working_days} working days agreed"


@rule("4.10", "Residents kept updated at the interval agreed with them", edition="2022")
def r_2022_4_10(ctx: Context) -> Evidence:
    intervals = ctx.events(UpdateIntervalAgreed)
    return judged(
        ctx,
        rule="the resident contacted at least as often as the update interval agreed with them",
        what="update intervals agreed",
        covered=len(intervals),
        covering=covered_steps(intervals, _interval_agreed),
        failing=_update_gaps(ctx, intervals),
        unknown=("where no interval was agreed the records cannot tell whether updates were regular."),
    )


@rule("5.9", "Update intervals agreed when a response will be late, and kept to")
def r_5_9(ctx: Context) -> Evidence:
    intervals = ctx.events(UpdateIntervalAgreed, in_period=False)
    agreed = {(r.complaint_id, r.event.stage) for r in intervals}
    failing = []
    late: list[Case] = []
    for stage, key in ((1, "s1_resp"), (2, "s2_resp")):
        for pk, ref in complaints_for(key, ctx.period, ctx.as_at, part="missed").values_list(
            "pk", "reference"
        ):
            late.append(Case(pk, ref, f"stage {stage} response late"))
            if (pk, stage) not in agreed:
                failing.append(Case(pk, ref, f"stage {stage} response late with no update interval agreed"))
    in_period = [r for r in intervals if ctx.period.start <= r.event.on <= ctx.period.end]
    failing += _update_gaps(ctx, in_period)
    intervals_covered = covered_steps(in_period, _interval_agreed)
    return judged(
        ctx,
        rule="every late response had an update interval agreed with the resident, and updates were given at it",
        what="late responses and intervals agreed",
        covered=len(late) + len(in_period),
        covering=lambda: late + intervals_covered(),
        failing=failing,
        figures=[
            ctx.fig("late stage 1 responses", ctx.figures["s1_resp"].missed, "s1_resp", "missed"),
            ctx.fig("late stage 2 responses", ctx.figures["s2_resp"].missed, "s2_resp", "missed"),
        ],
    )


# --------------------------------------------------------------------------------------------------
# Reasonable adjustments (5.10) and contact restrictions (5.14, 5.15)


def _resident_case(resident_id: int, latest: dict[int, tuple[int, str]], what: str) -> Case:
    pk, ref = latest.get(resident_id, (None, f"resident {resident_id}"))
    return Case(pk, ref, what)


def _latest_complaints(ctx: Context, resident_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Each resident's latest complaint, to name the resident's cases by: of the complaints that existed
    at the assessment's day and moment (:func:`visible_at`), so a past year's evidence never names a
    complaint received (or recorded) after it."""
    out: dict[int, tuple[int, str]] = {}
    for resident_id, pk, ref in (
        Complaint.objects.filter(visible_at(ctx.as_at), resident_id__in=resident_ids)
        .order_by("received_on", "pk")
        .values_list("resident_id", "pk", "reference")
    ):
        out[resident_id] = (pk, ref)
    return out


#: a date as an amendment keeps it (``workspace.records.Change``): "1 February 2025", "" for none
_AMENDED_DATE = "%d %B %Y"


def _amended_date(text: str) -> date | None:
    return datetime.strptime(text, _AMENDED_DATE).date() if text else None


def _as_then(
    ctx: Context, kind: ChangeKind, rows: list[Any], fields: tuple[str, ...]
) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """Each row's ``fields`` (an adjustment's or a restriction's dates) as the records stood at the
    assessment's day and moment, and the rows they cannot be told for. The rows hold only their latest
    dates: a review recorded after the moment (or dated after the day) moved the next review on, or
    ended the restriction, and a past year read that way looked as reviewed as it is now. So each such
    review (an amendment of ``kind``, newest first) is undone on the row of its resident whose dates it
    set. One its values cannot place on a single row (redacted on erasure, or two rows alike) leaves
    its resident's rows uncertain."""
    then = {r.pk: {name: getattr(r, name) for name in fields} for r in rows}
    mine: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        mine[r.resident_id].append(r.pk)
    uncertain: set[int] = set()
    if ctx.as_at.live or not rows:
        return then, uncertain
    later = Amendment.objects.filter(kind=kind.value, resident_id__in=set(mine)).order_by(
        "-recorded_at", "-id"
    )
    moment = ctx.as_at.moment
    for amendment in later:
        recorded = amendment.recorded_at
        if (moment is None or recorded <= moment) and timezone.localdate(recorded) <= ctx.today:
            continue  # recorded by then, and so dated by then (a review is never dated ahead)
        changed = {c.get("field"): c for c in amendment.changes}
        try:
            reviewed = _amended_date(changed.get("reviewed_on", {}).get("new", ""))
            # the dates the review set and those it replaced, as the rows keep them
            undo = {
                name: (c["new"], _amended_date(c["old"])) for name, c in changed.items() if name in fields
            }
        except (KeyError, ValueError):  # redacted, or not a date: which row it moved, and how, is lost
            uncertain.update(mine[amendment.resident_id])
            continue
        if (moment is None or recorded <= moment) and (reviewed is None or reviewed <= ctx.today):
            continue
        on = [
            pk
            for pk in mine[amendment.resident_id]
            if all(_amended_text(then[pk][name]) == new for name, (new, _) in undo.items())
        ]
        if len(on) != 1:
            uncertain.update(mine[amendment.resident_id])
            continue
        then[on[0]].update({name: old for name, (_, old) in undo.items()})
    return then, uncertain


def _amended_text(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%B %Y}"


def _uncertain(count: int, what: str) -> str:
    return (
        f"{count} {what} reviewed after the day assessed in a way the records cannot undo (a review "
        "redacted on erasure, or two alike): their state on the day cannot be told."
        if count
        else ""
    )


def _on_record(ctx: Context, rows: QuerySet[Any]) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """``rows`` (restrictions, 5.14 and 5.15; adjustments, 5.10) as the records stood at the assessment's
    moment: those recorded by then, and those that cannot be told. A row recorded after the moment was
    not on the record then, whatever day it is dated. One with no ``recorded_at`` was recorded before
    its kind kept it (:data:`_RECORDED_AT_KEPT_SINCE`): on the record at any moment after that began,
    and at an earlier moment, who can say."""
    moment = ctx.as_at.moment
    if moment is None:
        return rows, rows.none()
    undated = rows.filter(recorded_at__isnull=True)
    since = _recorded_at_kept_since(rows.model)
    if since is not None and since <= moment:
        return rows.filter(Q(recorded_at__lte=moment) | Q(recorded_at__isnull=True)), rows.none()
    return rows.filter(recorded_at__lte=moment), undated


#: the migration from which each kind of row keeps when it was recorded (those before it: null)
_RECORDED_AT_KEPT_SINCE = {ReasonableAdjustment: ("complaints", "0019_reasonable_adjustment_recorded_at")}


def _recorded_at_kept_since(model: type[Any]) -> datetime | None:
    """When this database began keeping ``model``'s ``recorded_at`` (the migration's application), or
    ``None`` if the records cannot show it."""
    migration = _RECORDED_AT_KEPT_SINCE.get(model)
    if migration is None:
        return None
    app, name = migration
    applied: datetime | None = (
        MigrationRecorder.Migration.objects.filter(app=app, name=name)
        .values_list("applied", flat=True)
        .first()
    )
    return applied


@rule("5.10", "Reasonable adjustments recorded, each with a review date, and reviewed")
def r_5_10(ctx: Context) -> Evidence:
    # those on the record at the moment (and those recorded before that was kept, which may not be)
    found, maybe = _on_record(ctx, ReasonableAdjustment.objects.filter(agreed_on__lte=ctx.today))
    undated = list(maybe)
    adjustments = [*found, *undated]
    # their review dates as at the day assessed, not as later reviews left them
    then, uncertain = _as_then(
        ctx, ChangeKind.ADJUSTMENT_REVIEWED, adjustments, ("review_due", "reviewed_on")
    )
    rows = [
        (a.pk, a.resident_id, a.agreed_on, then[a.pk]["review_due"], then[a.pk]["reviewed_on"])
        for a in adjustments
        if a.pk not in uncertain
    ]
    latest = _latest_complaints(ctx, {r[1] for r in rows})
    maybe_pks = {a.pk for a in undated}
    failing, failing_undated, passing_undated = [], 0, 0
    for pk, resident_id, agreed_on, review_due, reviewed_on in rows:
        why = ""
        if review_due is None:
            why = f"adjustment agreed {long_date(agreed_on)} has no review date"
        elif review_due < ctx.today and (reviewed_on is None or reviewed_on < review_due):
            why = f"adjustment review due {long_date(review_due)} not done"
        if pk in maybe_pks:  # on the record then, or not: never failed nor counted on a guess
            failing_undated += bool(why)
            passing_undated += not why
        elif why:
            failing.append(_resident_case(resident_id, latest, why))
    rows = [r for r in rows if r[0] not in maybe_pks]
    # the undated could change the answer if failing, or if their number would make enough to show it
    could = failing_undated + (
        passing_undated if len(rows) < MINIMUM_CASES <= len(rows) + passing_undated else 0
    )
    undated_unknown = (
        f"{could} adjustment(s) were recorded before PutRight kept when each was entered: whether they "
        "were on the record at the moment assessed cannot be told."
        if could
        else ""
    )
    found_evidence = judged(
        ctx,
        rule="each agreed adjustment has a review date and is reviewed by it (kept under active review)",
        what="reasonable adjustments on record",
        covered=len(rows),
        covering=lambda: [
            _resident_case(resident_id, latest, f"adjustment agreed {long_date(agreed_on)}")
            for _, resident_id, agreed_on, _, _ in rows
        ],
        failing=failing,
        unknown=" ".join(filter(None, (_uncertain(len(uncertain), "adjustment(s)"), undated_unknown))),
    )
    if (
        undated_unknown
        and found_evidence.state == CANNOT_SHOW
        and undated_unknown not in found_evidence.summary
    ):
        found_evidence.summary += " " + undated_unknown  # too few known: say why the rest are not counted
    return found_evidence


#: a review date further than this after a restriction starts is not "regular review": the records flag it
RESTRICTION_REVIEW_FLAG_DAYS = 366


def _restrictions(ctx: Context) -> tuple[list[ContactRestriction], set[int]]:
    """The restrictions in force in the period as the records stood at the day and moment assessed
    (recorded by then, each with its review date and end as they were: :func:`_as_then`), and those
    whose state then cannot be told."""
    rows, _ = _on_record(ctx, ContactRestriction.objects.filter(starts_on__lte=ctx.today))
    found = list(rows.order_by("starts_on", "pk"))  # each has its recorded_at: none undated
    then, uncertain = _as_then(ctx, ChangeKind.RESTRICTION_REVIEWED, found, ("review_due", "ended_on"))
    for r in found:
        r.review_due, r.ended_on = then[r.pk]["review_due"], then[r.pk]["ended_on"]
    kept = [r for r in found if r.pk in uncertain or r.ended_on is None or r.ended_on >= ctx.period.start]
    return kept, uncertain


def _restrictions_covered(
    rows: list[ContactRestriction], latest: dict[int, tuple[int, str]]
) -> Callable[[], list[Case]]:
    """The restrictions a rule covered, each on its resident's latest complaint (as its failures are)."""
    return lambda: [
        _resident_case(r.resident_id, latest, f"restriction from {long_date(r.starts_on)}") for r in rows
    ]


@rule("5.14", "Contact restrictions with evidenced reasons and kept under regular review")
def r_5_14(ctx: Context) -> Evidence:
    rows, uncertain = _restrictions(ctx)
    latest = _latest_complaints(ctx, {r.resident_id for r in rows})
    failing, far = [], []
    for r in rows:
        if not r.reason.strip():
            failing.append(
                _resident_case(
                    r.resident_id, latest, f"restriction from {long_date(r.starts_on)} has no reason recorded"
                )
            )
        if r.pk in uncertain:
            pass  # its review date and end then cannot be told: said in the summary
        elif r.review_due < ctx.today and (r.ended_on is None or r.ended_on > r.review_due):
            failing.append(
                _resident_case(
                    r.resident_id, latest, f"restriction review due {long_date(r.review_due)} not done"
                )
            )
        if (r.review_due - r.starts_on).days > RESTRICTION_REVIEW_FLAG_DAYS:
            far.append(r)
    return judged(
        ctx,
        rule="each restriction has its evidenced reason and a review date, and is reviewed by it",
        what="contact restrictions",
        covered=len(rows),
        covering=_restrictions_covered(rows, latest),
        failing=failing,
        minimum=1,
        unknown=" ".join(
            filter(
                None,
                (
                    f"{len(far)} restriction(s) set their first review more than a year after starting: "
                    "check this is the regular review the Code asks for."
                    if far
                    else "",
                    _uncertain(len(uncertain), "restriction(s)"),
                ),
            )
        ),
    )


@rule("5.15", "Contact restrictions proportionate, with regard to the Equality Act 2010 recorded")
def r_5_15(ctx: Context) -> Evidence:
    rows, _ = _restrictions(ctx)  # a review changes no Equality Act consideration: each can be read
    latest = _latest_complaints(ctx, {r.resident_id for r in rows})
    failing = [
        _resident_case(
            r.resident_id,
            latest,
            f"restriction from {long_date(r.starts_on)}: no Equality Act 2010 consideration recorded",
        )
        for r in rows
        if not r.equality_considerations.strip()
    ]
    return judged(
        ctx,
        rule="each restriction records its consideration of the Equality Act 2010",
        what="contact restrictions",
        covered=len(rows),
        covering=_restrictions_covered(rows, latest),
        failing=failing,
        minimum=1,
    )


# --------------------------------------------------------------------------------------------------
# The full record (5.12) and written responses (6.9, 6.19)

#: steps that must be communicated, and the letter that communicates each
_ACK = {1: LetterKind.STAGE1_ACKNOWLEDGEMENT, 2: LetterKind.STAGE2_ACKNOWLEDGEMENT}
_RESPONSE = {1: LetterKind.STAGE1_RESPONSE, 2: LetterKind.STAGE2_RESPONSE, 3: LetterKind.STAGE3_RESPONSE}
#: (a refusal at stage 3, under the 2022 Code's third stage, is a refusal to escalate as at stage 2,
#: "through all stages of the complaints procedure" (2022 4.14); its letter is part of the full
#: record (2022 4.15) as much as stage 2's: it was left out, and the check passed without it)
#: what a decline is called in the lists: at stage 1 a decision not to accept, later a refusal to escalate
NOT_ACCEPTED, REFUSED_ESCALATION = "decision not to accept", "refusal to escalate"
_DECLINE = {
    1: LetterKind.DECISION_NOT_TO_ACCEPT,
    2: LetterKind.DECISION_NOT_TO_ESCALATE,
    3: LetterKind.DECISION_NOT_TO_ESCALATE,
}


@rule("5.12", "Every step's communication kept as it was issued", also_2022=("4.15",))
def r_5_12(ctx: Context) -> Evidence:
    steps: list[tuple[Recorded[Any], LetterKind, str]] = []
    for ack in ctx.events(Acknowledged):
        steps.append((ack, _ACK[ack.event.stage], f"stage {ack.event.stage} acknowledgement"))
    for resp in ctx.events(Responded):
        steps.append((resp, _RESPONSE[resp.event.stage], f"stage {resp.event.stage} response"))
    for ext in ctx.events(DeadlineExtended):
        steps.append((ext, LetterKind.EXTENSION_NOTICE, f"stage {ext.event.stage} extension"))
    for r in ctx.events(Declined):
        if r.event.stage in _DECLINE:
            steps.append(
                (
                    r,
                    _DECLINE[r.event.stage],
                    NOT_ACCEPTED if r.event.stage == 1 else REFUSED_ESCALATION,
                )
            )
    failing: list[Case] = []
    by_kind: dict[tuple[LetterKind, str], list[Recorded[Any]]] = defaultdict(list)
    for r, kind, what in steps:
        by_kind[(kind, what)].append(r)
    untold: list[Case] = []
    for (kind, what), rows in by_kind.items():
        # a refusal to escalate to a (2022) third stage: 4.14 asks for its reasons, not that the
        # resident be told in writing, so it counts when recorded (``lifecycle.communication_required``)
        # and one with no letter or message kept is listed to check, never failed: the record may hold
        # all the correspondence there was
        told = [r for r in rows if r.event.kind != Declined.kind or r.event.stage < 3]
        failing += _letter_missing(ctx, told, kind, what)
        untold += [
            Case(c.complaint_id, c.reference, f"{c.why} or message kept (2022 4.14 asks for none): check")
            for c in _letter_missing(ctx, [r for r in rows if r not in told], kind, f"{what} to stage 3")
        ]
    # a step imported from another system names where it came from, not what the resident was sent
    imported = [
        r for r, _, _ in steps if r.event.communication and r.event.communication.method == "imported"
    ]
    found = _sent_by_another_system(imported, "step", "that it was kept as issued")
    if untold:
        said = (
            f"{len(untold)} refusal{'' if len(untold) == 1 else 's'} to escalate to the third stage "
            f"{'has' if len(untold) == 1 else 'have'} no letter or message kept: the 2022 Code does not ask "
            "for one, so check whether the resident was told and that anything sent is on the record "
            "(listed as records to check)."
        )
        found = {
            "unknown": "; ".join(filter(None, [found["unknown"], said])),
            "to_check": found["to_check"] + untold,
        }
    short = _kept_text_too_short([(r, what) for r, _, what in steps])
    if short:
        them = "it" if len(short) == 1 else "them"
        said = (
            f"{len(short)} step{'' if len(short) == 1 else 's'} told another way "
            f"{'has' if len(short) == 1 else 'have'} kept text that may not be the letter or message itself "
            f'(under {KEPT_TEXT_LEAST} characters, such as "Sent by post."), or erased. Check {them} '
            "(listed as records to check) and give the evidence."
        )
        found = {
            "unknown": "; ".join(filter(None, [found["unknown"], said])),
            "to_check": found["to_check"] + short,
        }
    return judged(
        ctx,
        rule="each acknowledgement, response, extension and decision recorded has its letter kept as issued",
        what="steps that must be communicated",
        covered=len(steps),
        covering=lambda: [_step(r, what) for r, _, what in steps],
        failing=failing,
        **found,
    )


#: the fewest visible characters (spaces aside) a text kept for a step told another way can have before
#: it is listed to check: the shortest complete letter in the labelled corpus (a decision not to accept)
#: has 255. A shorter text ("Sent by post.", "Letter posted, see file.") may say only that something
#: was sent; a terse email may be complete, so it is listed to check, never failed
KEPT_TEXT_LEAST = 150


def _kept_text_too_short(steps: list[tuple[Recorded[Any], str]]) -> list[Case]:
    """The steps told another way (2024 5.12) whose kept text cannot be what the resident was sent:
    under :data:`KEPT_TEXT_LEAST` characters, or erased since. Each ``what`` names the step. Nothing
    fails for it: the text may be a note beside a letter kept elsewhere, so the landlord checks."""
    kept: dict[int, tuple[Recorded[Any], str]] = {}
    for r, what in steps:
        told = r.event.communication
        kind, _, pk = (told.reference if told is not None else "").partition(":")
        if told is not None and kind == "correspondence" and pk.isdigit():
            kept[int(pk)] = (r, what)
    if not kept:
        return []
    # read only texts short enough to be in doubt; counted in Python without spaces and invisible
    # characters, so "Sent by post." padded with 200 blank lines or zero-width spaces is as short as it
    # reads (helper-93)
    short_enough = (
        Correspondence.objects.filter(pk__in=kept)
        .annotate(n=Length("body"))
        .filter(n__lt=KEPT_TEXT_READ)
        .values_list("pk", "body")
        .order_by("pk")
    )
    cases = []
    for pk, body in short_enough:
        n = _visible_length(body)
        if body != ERASED and n >= KEPT_TEXT_LEAST:
            continue
        r, what = kept[pk]
        said = (
            "its kept text was erased, so nothing shows what the resident was sent"
            if body == ERASED
            else f"the text kept has {n} characters: check it is the whole of what the resident was sent"
        )
        cases.append(
            Case(
                r.complaint_id,
                r.reference,
                f"{what} on {long_date(r.event.on)}, told by {r.event.communication.method}: {said}",
            )
        )
    return cases


#: kept texts longer than this are not read for :func:`_kept_text_too_short`: no padding that long is a
#: slip, and a landlord telling every step another way keeps thousands of full letters
KEPT_TEXT_READ = 5_000


def _visible_length(text: str) -> int:
    """The characters of ``text`` a reader sees: not spaces, line ends or invisible format characters."""
    return sum(
        1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs", "Zl", "Zp")
    )


def _written_response(ctx: Context, stage: int) -> Evidence:
    rows = [r for r in ctx.events(Responded) if r.event.stage == stage]
    return judged(
        ctx,
        **_sent_by_another_system(rows, "response", "every element the Code lists"),
        rule=(
            f"each stage {stage} response issued to the resident in writing, as a letter that passed the check of "
            "every element the Code lists"
        ),
        what=f"stage {stage} responses",
        covered=len(rows),
        covering=covered_steps(rows, f"stage {stage} response"),
        failing=_letter_missing(ctx, rows, _RESPONSE[stage], f"stage {stage} response"),
    )


@rule("6.9", "Stage 1 response issued in writing with everything the Code lists", also_2022=("5.8",))
def r_6_9(ctx: Context) -> Evidence:
    return _written_response(ctx, 1)


@rule("6.19", "Stage 2 response issued in writing with everything the Code lists", also_2022=("5.16",))
def r_6_19(ctx: Context) -> Evidence:
    return _written_response(ctx, 2)


# --------------------------------------------------------------------------------------------------
# Declines (2.1, 2.3, 2.4, 2.5) and refused escalations (5.11)

_NUMBERS = re.compile(r"[0-9]+|pr-\w+")
_PUNCTUATION = re.compile(r"[^\w\s]")
#: two explanations this alike read as the same words: a template, not a reason. The share of their
#: characters in common, in order (rapidfuzz's ratio: twice the longest common subsequence over both
#: lengths). difflib's ratio, used before, was not symmetric: over 200 characters its "junk" rule
#: ignored every common character, and two near-identical explanations scored 0.23 one way round
#: and 0.95 the other, found or missed by the order they came in (helper-97); without that rule it
#: took 8 s a field for 300 real texts
NEAR_IDENTICAL = 0.9
#: above this many declines, near-identical is checked on normalised text only (pairwise is quadratic:
#: 600 explanations of 200 characters take about 0.2 s a field, of 1,000 characters about 2 s)
PAIRWISE_LIMIT = 600
#: shorter than this (normalised), only identical wording counts: two short explanations are 90% alike
#: with opposite meanings ("Taken legal action." and "Taken no legal action.", helper-98)
NEAR_IDENTICAL_LEAST = 60


def _normalise(text: str) -> str:
    text = _NUMBERS.sub("#", text.lower())
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def _declines(ctx: Context, stage: int) -> list[Recorded[Declined]]:
    return [r for r in ctx.events(Declined) if r.event.stage == stage]


def _wording_kept(
    rows: list[Recorded[Declined]], text: Callable[[Declined], str]
) -> list[Recorded[Declined]]:
    """Those of ``rows`` that still hold the words ``text`` reads: words erased for UK GDPR
    (``putright.records.erasure``) are not compared, as the record no longer holds them."""
    return [r for r in rows if text(r.event).strip() != ERASED]


def _alike(rows: list[Recorded[Declined]], text: Callable[[Declined], str], what: str) -> list[Case]:
    """Declines whose ``text`` is the same as, or nearly the same as, another complaint's decline, of
    those whose words are kept (:func:`_wording_kept`). Two declines of one complaint are not a
    blanket approach: they are never each other's partner (before, such a pair hid a partner of
    another complaint, and neither was listed)."""
    rows = _wording_kept(rows, text)
    norm = [_normalise(text(r.event)) for r in rows]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(norm):
        groups[n].append(i)
    twins: dict[int, int] = {}
    for members in groups.values():
        for i in members:
            other = next((k for k in members if rows[k].complaint_id != rows[i].complaint_id), None)
            if other is not None:
                twins[i] = other
    if len(rows) <= PAIRWISE_LIMIT:
        # rapidfuzz (about 4 MB) is imported when the self-assessment compares wording, not in every
        # web worker at start-up (issue 17, worker RSS)
        from rapidfuzz import fuzz

        for j in range(len(rows)):
            for i in range(j):
                # two already paired: comparing them could pair neither anew (the same answer; 300
                # near-identical declines took 18 s a field)
                if (
                    norm[i] == norm[j]
                    or (i in twins and j in twins)
                    or rows[i].complaint_id == rows[j].complaint_id
                ):
                    continue
                if min(len(norm[i]), len(norm[j])) >= NEAR_IDENTICAL_LEAST and fuzz.ratio(
                    norm[i], norm[j], score_cutoff=NEAR_IDENTICAL * 100
                ):
                    twins.setdefault(i, j)
                    twins.setdefault(j, i)
    return [
        Case(
            rows[i].complaint_id,
            rows[i].reference,
            f"{what} the same as, or nearly the same as, {rows[j].reference}'s",
        )
        for i, j in sorted(twins.items())
    ]


@rule(
    "2.1",
    "Complaints not accepted only with the reasoning evidenced, each on its own merits",
    also_2022=("1.7",),
)
def r_2_1(ctx: Context) -> Evidence:
    rows = _declines(ctx, 1)
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            "no explanation recorded"
            if not r.event.explanation.strip()
            else "no consideration of its own merits recorded",
        )
        for r in rows
        if not r.event.explanation.strip() or not r.event.considered_on_merits.strip()
    ]
    return judged(
        ctx,
        rule="each decision not to accept records its explanation and the consideration of the complaint's own merits",
        what="complaints not accepted",
        covered=len(rows),
        covering=covered_steps(rows, NOT_ACCEPTED),
        failing=failing,
    )


@rule(
    "2.4",
    "Residents told in writing why a complaint is not accepted, with the right to go to the Ombudsman",
    also_2022=("1.9",),
)
def r_2_4(ctx: Context) -> Evidence:
    rows = _declines(ctx, 1)
    return judged(
        ctx,
        rule="each decision not to accept was issued to the resident as a letter giving the reasons and the right to take it to the Ombudsman",
        what="complaints not accepted",
        covered=len(rows),
        covering=covered_steps(rows, NOT_ACCEPTED),
        failing=_letter_missing(ctx, rows, LetterKind.DECISION_NOT_TO_ACCEPT, NOT_ACCEPTED),
        **_sent_by_another_system(rows, "decision", "the reasons and the right to take it to the Ombudsman"),
    )


@rule("2.5", "No blanket approach: each decline specific to the complaint")
def r_2_5(ctx: Context) -> Evidence:
    rows = _declines(ctx, 1)
    failing = _one_per_complaint(
        _alike(rows, lambda e: e.explanation, "explanation")
        + _alike(rows, lambda e: e.considered_on_merits, "consideration of its merits")
    )
    grounds = Counter(r.event.ground for r in rows)
    unknown = ""
    if rows and len(rows) >= MINIMUM_CASES:
        ground, n = grounds.most_common(1)[0]
        if n * 2 > len(rows):
            unknown = (
                f"one ground ({ExclusionGround(ground).value.replace('_', ' ')}) was used for {n} of {len(rows)} "
                "declines: check each was considered on its own circumstances."
            )
    compared = max(
        len(_wording_kept(rows, lambda e: e.explanation)),
        len(_wording_kept(rows, lambda e: e.considered_on_merits)),
    )
    if compared > PAIRWISE_LIMIT:
        # only identical wording (numbers and punctuation aside) was compared: a "Yes" would rest on
        # declines nobody compared for near-identical wording
        unknown = " ".join(
            filter(
                None,
                [
                    unknown,
                    f"near-identical wording was not compared ({compared} declines; it is compared for up to "
                    f"{PAIRWISE_LIMIT}): check them for explanations that differ only in a name or a date.",
                ],
            )
        )
    return judged(
        ctx,
        rule="each decline's explanation and consideration are its own, not the same words as another's",
        what="complaints not accepted",
        covered=len(rows),
        covering=covered_steps(rows, NOT_ACCEPTED),
        failing=failing,
        unknown=unknown,
        figures=[
            {"label": f"declined as {g.replace('_', ' ')}", "value": n, "href": ""}
            for g, n in grounds.most_common()
        ],
    )


def _twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@rule("2.3", "Complaints within 12 months accepted; discretion considered and recorded outside it")
def r_2_3(ctx: Context) -> Evidence:
    accepted = ctx.events(AcceptedAsComplaint)
    dated = [r for r in accepted if r.event.issue_date is not None]
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            f"issue on {long_date(r.event.issue_date)}, over 12 months before; no discretion recorded",
        )
        for r in dated
        if r.event.issue_date is not None
        and r.event.issue_date < _twelve_months_before(r.event.on)
        and not r.event.discretion_reason.strip()
    ]
    undated = len(accepted) - len(dated)
    return judged(
        ctx,
        rule="each accepted complaint records when the issue occurred, and any over 12 months the discretion applied",
        what="complaints accepted",
        covered=len(accepted),
        covering=covered_steps(accepted, "accepted as a complaint"),
        failing=failing,
        unknown=(
            f"{undated} of {len(accepted)} have no issue date recorded ({round(100 * len(dated) / len(accepted))}% have one), "
            "so the records cannot show which were within 12 months."
            if undated
            else ""
        ),
        figures=[
            {
                "label": "accepted complaints with the issue date recorded",
                "value": f"{len(dated)} of {len(accepted)}",
                "href": "",
            }
        ],
    )


def _refusals_to_escalate(ctx: Context) -> list[Recorded[Declined]]:
    """Refusals to escalate "through all stages of the complaints procedure" (2024 5.11, 2022 4.14):
    to stage 2, and to a third stage under the 2022 Code (5.17, 5.18), each at the stage it refused."""
    return [r for r in ctx.events(Declined) if r.event.stage >= 2]


def _without_reasons(rows: list[Recorded[Declined]]) -> list[Case]:
    return [
        Case(
            r.complaint_id,
            r.reference,
            f"{REFUSED_ESCALATION} on {long_date(r.event.on)}: no reasons recorded",
        )
        for r in rows
        if not r.event.explanation.strip()
    ]


def _refused_to(e: Declined) -> str:
    return f"{REFUSED_ESCALATION} to stage {e.stage}"


@rule("5.11", "Escalation refused only for a valid reason, with reasons set out in writing")
def r_5_11(ctx: Context) -> Evidence:
    rows = _refusals_to_escalate(ctx)
    failing = _without_reasons(rows)
    failing += _letter_missing(ctx, rows, LetterKind.DECISION_NOT_TO_ESCALATE, REFUSED_ESCALATION)
    return judged(
        ctx,
        rule="each refusal to escalate records its ground and reasons and was issued to the resident as a letter",
        what="escalations refused",
        covered=len(rows),
        covering=covered_steps(rows, _refused_to),
        failing=failing,
        **_sent_by_another_system(rows, "refusal", "the reasons and the right to take it to the Ombudsman"),
    )


@rule(
    "4.14",
    "Escalation through all stages refused only with clear and valid reasons, the same as for not accepting",
    edition="2022",
)
def r_2022_4_14(ctx: Context) -> Evidence:
    """2022 4.14: "A landlord must not unreasonably refuse to escalate a complaint through all stages of
    the complaints procedure and must have clear and valid reasons for taking that course of action."
    Its words ask for reasons, not a letter (the letter of a refusal to stage 2 is 2022 5.9's, of any
    refusal the full record's, 4.15). That the complaints policy sets out those reasons, the same as
    for not accepting, only the policy can show."""
    rows = _refusals_to_escalate(ctx)
    return judged(
        ctx,
        rule="each refusal to escalate, to stage 2 or to a third stage, records its ground and reasons",
        what="escalations refused",
        covered=len(rows),
        covering=covered_steps(rows, _refused_to),
        failing=_without_reasons(rows),
        unknown="the complaints policy must set out the reasons for declining to escalate, the same as "
        "the reasons for not accepting a complaint: give the policy as the evidence.",
    )


def _progressed_to_stage_2(ctx: Context, ids: set[int]) -> set[int]:
    """Of ``ids``, the complaints with a step taking stage 2 forward as the record stands at the as-at:
    given to a handler, acknowledged, extended or answered at stage 2."""
    steps: list[Recorded[Acknowledged] | Recorded[DeadlineExtended] | Recorded[Responded]] = [
        *events_of(Acknowledged, ctx.as_at, complaint_ids=ids),
        *events_of(DeadlineExtended, ctx.as_at, complaint_ids=ids),
        *events_of(Responded, ctx.as_at, complaint_ids=ids),
    ]
    return {r.complaint_id for r in steps if r.event.stage == 2} | {
        a.complaint_id
        for a in events_of(HandlerAllocated, ctx.as_at, complaint_ids=ids, where=_ALLOCATED_STAGE.equals(2))
    }


@rule(
    "5.9",
    "Complaints progressed to stage 2 when not resolved at stage 1, or refused with the reasons and the "
    "right to approach the Ombudsman in writing",
    edition="2022",
)
def r_2022_5_9(ctx: Context) -> Evidence:
    """2022 5.9: "If all or part of the complaint is not resolved to the resident's satisfaction at
    stage one it must be progressed to stage two of the landlord's procedure, unless an exclusion ground
    now applies. In instances where a landlord declines to escalate a complaint it must clearly
    communicate in writing its reasons for not escalating as well as the resident's right to approach
    the Ombudsman about its decision."

    Each refusal to escalate to stage 2 in the period (refusing the request, or declining the complaint
    at stage 2 after it) must be communicated in writing with its reasons: one with no reasons recorded,
    or with no letter issued and no other written communication kept, fails; one told another way is
    listed to check for the reasons and the right (nothing checked its text). Each request for stage 2
    in the period with a step at stage 2 since (a handler, an acknowledgement, an extension or a
    response) was progressed; one refused is counted by its refusal. The 2022 Code sets no time to
    progress one (no stage 2 acknowledgement time; 5.13 times the response), so a request with no step
    yet fails nothing: once its response date has passed it is listed to check (its lateness is
    5.13's), and until then it is not counted. A refusal to a third stage is not 5.9's ("progressed to
    stage two"): it is 2022 4.14's (:func:`r_2022_4_14`)."""
    refusals = [r for r in _refusals_to_escalate(ctx) if r.event.stage == 2]
    requests = [r for r in ctx.events(EscalationRequested) if r.event.to_stage == 2]
    ids = {r.complaint_id for r in requests}
    progressed = _progressed_to_stage_2(ctx, ids)
    decided = progressed | {
        r.complaint_id for r in events_of(Declined, ctx.as_at, complaint_ids=ids) if r.event.stage == 2
    }
    counted = [r for r in requests if r.complaint_id in progressed]
    to_check = [
        Case(
            r.complaint_id,
            r.reference,
            f"escalation asked for on {long_date(r.event.on)}: no step at stage 2 by its response date of {long_date(due)}; "
            "the 2022 Code sets no time to progress it, so the records cannot show whether it was",
        )
        for r in requests
        if r.complaint_id not in decided and (due := r.event.response_due) is not None and due < ctx.today
    ]
    told = _sent_by_another_system(
        refusals, "refusal", "the reasons for not escalating and the right to approach the Ombudsman"
    )
    unknown = told["unknown"]
    if to_check:
        one = len(to_check) == 1
        unknown = (
            f"{len(to_check)} request{'' if one else 's'} for stage 2 {'has' if one else 'have'} no step at "
            "stage 2 past the response date: the records cannot show whether "
            f"{'it was' if one else 'they were'} progressed. Check {'it' if one else 'them'} (listed as "
            "records to check) and give the evidence." + (f" {unknown}" if unknown else "")
        )
    failing = _without_reasons(refusals)
    failing += _letter_missing(ctx, refusals, LetterKind.DECISION_NOT_TO_ESCALATE, REFUSED_ESCALATION)
    progressed_cases = [
        Case(
            r.complaint_id,
            r.reference,
            f"escalation asked for on {long_date(r.event.on)}: progressed to stage 2",
        )
        for r in counted
    ]
    return judged(
        ctx,
        rule="each request for stage 2 progressed to stage 2, or refused with its reasons recorded and told "
        "to the resident in writing, with the right to approach the Ombudsman",
        what="requests for stage 2 progressed and refusals to escalate to stage 2",
        covered=len(counted) + len(refusals),
        failing=failing,
        unknown=unknown,
        to_check=to_check + told["to_check"],
        covering=lambda: progressed_cases + covered_steps(refusals, _refused_to)(),
    )


# --------------------------------------------------------------------------------------------------
# Appointments (4.1, 9.4, 9.5, 9.6)


def _appointed(ctx: Context, kind: str, role: str) -> Evidence:
    rows = list(
        Appointment.objects.filter(
            ctx.as_at.recorded(), kind=kind, appointed_on__lte=min(ctx.period.end, ctx.today)
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.period.start))
        .order_by("appointed_on", "pk")
    )
    rule_text = f"a {role} recorded as appointed throughout the period"
    if not rows:
        return cannot_show(
            ctx,
            rule_text,
            f"No {role} appointment is recorded for the period: give the evidence (e.g. the board minute).",
        )
    gaps, covered_to = [], ctx.period.start - timedelta(days=1)
    end = min(ctx.period.end, ctx.today)
    for a in rows:
        if a.appointed_on > covered_to + timedelta(days=1):
            gaps.append((covered_to + timedelta(days=1), a.appointed_on - timedelta(days=1)))
        covered_to = max(covered_to, a.ended_on or end)
    if covered_to < end:
        gaps.append((covered_to + timedelta(days=1), end))
    failing = [Case(None, f"{long_date(a)} to {long_date(b)}", f"no {role} recorded") for a, b in gaps]
    figures = [{"label": str(a), "value": a.minute or "", "href": "/governance/appointments/"} for a in rows]
    return judged(
        ctx,
        rule=rule_text,
        what="appointments",
        covered=len(rows),
        failing=failing,
        minimum=1,
        figures=figures,
    )


@rule("4.1", "A complaints officer assigned", also_2022=("3.1",))
def r_4_1(ctx: Context) -> Evidence:
    return _appointed(ctx, Appointment.Kind.COMPLAINTS_OFFICER, "complaints officer")


@rule("9.5", "A Member Responsible for Complaints appointed", also_2022=("7.3",))
def r_9_5(ctx: Context) -> Evidence:
    return _appointed(ctx, Appointment.Kind.MRC, "Member Responsible for Complaints")


@rule("9.4", "A senior lead person appointed who assesses themes and trends for systemic issues")
def r_9_4(ctx: Context) -> Evidence:
    lead = _appointed(ctx, Appointment.Kind.SENIOR_LEAD, "senior lead person")
    reviews = list(SystemicReview.objects.filter(ctx.as_at.recorded(), reviewed_on__range=ctx.period.range()))
    lead.figures += [
        {
            "label": f"review of themes and trends on {r.reviewed_on:%-d %B %Y}",
            "value": r.findings[:80],
            "href": "/governance/learning/",
        }
        for r in reviews
    ]
    if lead.state == COMPLIANCE and not reviews:
        lead.state = CANNOT_SHOW
        lead.summary += " No review of themes and trends is recorded in the period."
    else:
        lead.summary += f" {len(reviews)} reviews of themes and trends recorded in the period."
    lead.rule += ", and their reviews of themes and trends recorded"
    return lead


# --------------------------------------------------------------------------------------------------
# Reports and governance (8.1-8.5, 9.1-9.3, 9.6, 9.7)


def _year(ctx: Context) -> int:
    return ctx.period.start.year - (0 if ctx.period.start.month >= 4 else 1)


def _complete(assessment: SelfAssessment) -> bool:
    answered, on_form = assessment.progress()
    return on_form > 0 and answered == on_form


def _answered(assessment: SelfAssessment) -> str:
    answered, on_form = assessment.progress()
    return f"{answered} of {on_form} provisions answered"


@rule("8.1", "Annual complaints performance and service improvement report produced")
def r_8_1(ctx: Context) -> Evidence:
    year = _year(ctx)
    reports = list(
        AnnualReport.objects.filter(ctx.as_at.recorded(), year__in=(year - 1, year)).select_related(
            "self_assessment"
        )
    )
    figures = [
        {
            "label": f"annual report {r.year_label}",
            "value": "produced",
            "href": f"/governance/reports/annual/{r.year}/",
        }
        for r in reports
    ]
    rule_text = (
        "an annual complaints performance and service improvement report produced for the year or the last"
    )
    if not reports:
        return cannot_show(
            ctx,
            rule_text,
            "No annual report is recorded in PutRight for this year or the last: give the evidence.",
            figures,
        )
    # 2024 8.1 a: the report "must include ... the annual self-assessment against this Code"; a draft
    # with most provisions unanswered is not it (a report on a 1-of-72 draft proposed "Yes")
    with_one = [r for r in reports if r.self_assessment is not None and _complete(r.self_assessment)]
    if not with_one:
        why = "; ".join(
            f"the annual report {r.year_label} includes "
            + (
                f"self-assessment {r.self_assessment.year_label} (draft), with {_answered(r.self_assessment)}"
                if r.self_assessment is not None
                else "no self-assessment"
            )
            for r in reports
        )
        return cannot_show(
            ctx,
            rule_text + ", including a completed self-assessment (8.1 a)",
            f"2024 8.1 a asks the report to include the annual self-assessment, but {why}. Complete and "
            "approve the self-assessment, produce the report again, then give the evidence.",
            figures,
        )
    return judged(
        ctx,
        rule=rule_text + ", including a completed self-assessment (8.1 a)",
        what="annual reports with a completed self-assessment",
        covered=len(with_one),
        failing=[],
        minimum=1,
        figures=figures,
    )


@rule("8.2", "Annual report reported to the governing body and published with its response")
def r_8_2(ctx: Context) -> Evidence:
    year = _year(ctx)
    reports = list(AnnualReport.objects.filter(ctx.as_at.recorded(), year__in=(year - 1, year)))
    rule_text = "the annual report reported to the governing body and published with its response"
    # the response recorded by the moment read (a later one, or one given again, is not what the records
    # then showed), reported on a day that has come by the day read (a day still to come is a meeting
    # not yet held)
    responses = [(r, r.response_recorded_by(ctx.as_at.moment)) for r in reports]
    done = [
        r
        for r, given in responses
        if given is not None and given.reported_on <= ctx.today and given.response and given.published
    ]
    if not done:
        later = [
            r
            for r, given in responses
            if given is None and r.governing_body_responses.filter(before_history=True).exists()
        ]
        return cannot_show(
            ctx,
            rule_text,
            "No annual report is recorded as reported to the governing body and published with its response."
            + (
                " The response recorded before its history was kept cannot be told to have been recorded "
                "by this moment."
                if later
                else ""
            ),
        )
    return judged(
        ctx,
        rule=rule_text,
        what="annual reports reported and published",
        covered=len(done),
        failing=[],
        minimum=1,
    )


def _triggers(ctx: Context, kinds: tuple[str, ...], provision: str) -> Evidence:
    last = (
        SelfAssessment.objects.filter(approved_on__isnull=False, approved_on__lte=ctx.today)
        .order_by("-approved_on")
        .first()
    )
    triggers = list(ComplianceTrigger.objects.filter(ctx.as_at.recorded(), kind__in=kinds, on__lte=ctx.today))
    rule_text = f"a self-assessment approved after each event that calls for one ({provision})"
    if not triggers:
        return cannot_show(
            ctx, rule_text, f"No event recorded that calls for a new self-assessment ({provision})."
        )
    failing = [
        Case(None, str(t), "no self-assessment approved since")
        for t in triggers
        if last is None or last.approved_on is None or t.on > last.approved_on
    ]
    return judged(
        ctx,
        rule=rule_text,
        what="events calling for a self-assessment",
        covered=len(triggers),
        failing=failing,
        minimum=1,
    )


@rule(
    "8.3",
    "Self-assessment after a significant restructure, merger or change in procedures",
    also_2022=("8.2",),
)
def r_8_3(ctx: Context) -> Evidence:
    return _triggers(ctx, ("restructure", "merger", "procedure_change"), "8.3")


@rule("8.4", "Self-assessment reviewed when the Ombudsman asks")
def r_8_4(ctx: Context) -> Evidence:
    return _triggers(ctx, ("ombudsman_request",), "8.4")


@rule("8.5", "Exceptional circumstances reported to the Ombudsman and residents, with a return date")
def r_8_5(ctx: Context) -> Evidence:
    rows = list(
        ExceptionalCircumstance.objects.filter(ctx.as_at.recorded(), started_on__lte=ctx.period.end).exclude(
            ended_on__lt=ctx.period.start
        )
    )
    rule_text = (
        "each exceptional circumstance told to the Ombudsman and residents and published on the website"
    )
    if not rows:
        return cannot_show(ctx, rule_text, "No exceptional circumstances recorded in the period.")
    failing = [Case(None, r.title, "not published on the website") for r in rows if not r.published_on]
    return judged(
        ctx, rule=rule_text, what="exceptional circumstances", covered=len(rows), failing=failing, minimum=1
    )


@rule("9.1", "Learning beyond the individual complaint recorded")
def r_9_1(ctx: Context) -> Evidence:
    """9.1 asks it of each complaint: a "Yes" needs learning (a learning point or a service
    improvement) recorded on every complaint responded to in the period. One learning point among
    many complaints cannot show that the others were considered."""
    found = _learning_recorded(ctx)
    if found.state != COMPLIANCE:
        return found
    responded = {h.complaint_id for h in ctx.events(Responded)}
    considered = set(
        LearningPoint.objects.filter(
            ctx.as_at.recorded("created_at"), complaint_id__in=responded
        ).values_list("complaint_id", flat=True)
    ) | set(
        ServiceImprovement.complaints.through.objects.filter(
            complaint_id__in=responded,
            serviceimprovement__in=ServiceImprovement.objects.filter(ctx.as_at.recorded()),
        ).values_list("complaint_id", flat=True)
    )
    if responded - considered:
        return cannot_show(
            ctx,
            found.rule,
            f"{len(responded)} complaints responded to in the period; learning is recorded on "
            f"{len(considered)}. The records cannot show the other {len(responded - considered)} were "
            "considered for service improvements. Give the evidence.",
            found.figures,
        )
    return found


def _learning_recorded(ctx: Context) -> Evidence:
    points = ctx.extras["learning_points"].value
    improvements = ServiceImprovement.objects.filter(
        ctx.as_at.recorded(), recorded_at__date__range=ctx.period.range()
    ).count()
    figures = [
        ctx.fig("learning points recorded", points, "learning_points"),
        {"label": "service improvements recorded", "value": improvements, "href": "/governance/learning/"},
    ]
    rule_text = "learning points and service improvements recorded from complaints in the period"
    if not points and not improvements:
        return cannot_show(
            ctx, rule_text, "No learning points or service improvements recorded in the period.", figures
        )
    return judged(
        ctx,
        rule=rule_text,
        what="learning records",
        covered=points + improvements,
        failing=[],
        minimum=1,
        figures=figures,
    )


RULES["2024"]["9.2"] = ("Complaints used as intelligence to improve services", _learning_recorded)


@rule("9.3", "Learning and improvements reported to residents, staff and committees", also_2022=("7.2",))
def r_9_3(ctx: Context) -> Evidence:
    rows = list(
        ServiceImprovement.objects.filter(ctx.as_at.recorded(), recorded_at__date__range=ctx.period.range())
    )
    failing = [
        Case(None, r.title, "not recorded as reported to anyone") for r in rows if not r.reported_to.strip()
    ]
    return judged(
        ctx,
        rule="each service improvement records who it was reported to",
        what="service improvements",
        covered=len(rows),
        failing=failing,
        minimum=1,
    )


def _quarters_ended(ctx: Context) -> list[Period]:
    year = _year(ctx)
    return [
        q
        for q in (Period.quarter(year, n) for n in (1, 2, 3, 4))
        if q.end < ctx.today and q.end <= ctx.period.end
    ]


@rule("9.7", "The MRC and the governing body recorded as receiving each quarterly report")
def r_9_7(ctx: Context) -> Evidence:
    quarters = _quarters_ended(ctx)
    runs = ReportRun.objects.filter(ctx.as_at.recorded(), kind=ReportRun.Kind.MRC_QUARTERLY)
    receipts = ReportReceipt.objects.filter(ctx.as_at.recorded(), received_on__lte=ctx.today, run__in=runs)
    received: dict[date, set[str]] = defaultdict(set)
    for period_from, body in receipts.values_list("run__period_from", "body"):
        received[period_from].add(body)
    missing = []
    for q in quarters:
        lacking = {ReportReceipt.Body.MRC, ReportReceipt.Body.GOVERNING_BODY} - received[q.start]
        if lacking:
            names = " and ".join(ReportReceipt.Body(b).label for b in sorted(lacking))
            missing.append(f"{q.label}: not recorded as received by the {names}")
    figures = [
        {
            "label": "quarterly reports received by both",
            "value": f"{len(quarters) - len(missing)} of {len(quarters)} quarters ended",
            "href": "/governance/reports/",
        }
    ]
    rule_text = "each quarter's report recorded as received by the MRC and by the governing body"
    if not quarters:
        return cannot_show(ctx, rule_text, "No quarter of the year has ended yet.", figures)
    return judged(
        ctx,
        rule=rule_text,
        what="quarters ended",
        covered=len(quarters),
        failing=[],
        minimum=1,
        unknown=("; ".join(missing) + ". Give the evidence (e.g. board minutes).") if missing else "",
        figures=figures,
    )


@rule("9.6", "The MRC appointed and the governing body receiving regular information on complaints")
def r_9_6(ctx: Context) -> Evidence:
    mrc = r_9_5(ctx)
    reports = r_9_7(ctx)
    if mrc.state == NON_COMPLIANCE or reports.state != COMPLIANCE:
        mrc.state = NON_COMPLIANCE if mrc.state == NON_COMPLIANCE else CANNOT_SHOW
    mrc.summary += " " + reports.summary
    mrc.rule += "; " + reports.rule
    return mrc


@rule("1.4", "Service requests recorded, monitored and reviewed", also_2022=("1.4",))
def r_1_4(ctx: Context) -> Evidence:
    from putright.governance.service_requests import service_request_report

    report = service_request_report(ctx.period, ctx.as_at)
    figures = [
        {
            "label": "service requests recorded",
            "value": report.recorded,
            "href": "/governance/oversight/#service-requests",
        },
        {"label": "resolved", "value": report.resolved, "href": ""},
        {"label": "still open", "value": len(report.still_open), "href": ""},
        {
            "label": "recorded though the triage hint read a complaint (1.3)",
            "value": report.read_as_complaint,
            "href": "/governance/oversight/#service-requests-read-as-complaint",
        },
    ]
    if report.reading_not_kept:  # 0 would claim the hint read none of them: no one can tell
        figures.append(
            {
                "label": "recorded before the triage hint's reading was kept (cannot tell)",
                "value": report.reading_not_kept,
                "href": "/governance/oversight/#service-requests-read-as-complaint",
            }
        )
    return cannot_show(
        ctx,
        "service requests recorded and monitored in PutRight; regular review is the landlord's evidence",
        f"{report.recorded} service requests recorded in the period, {report.resolved} resolved, "
        f"{len(report.still_open)} still open (see the service requests report). The records show they are "
        "recorded and monitored; give the evidence of regular review.",
        figures,
    )


@rule(
    "1.3",
    "The choice to make a complaint given when dissatisfaction is expressed, and a complaint logged when asked",
    also_2022=("1.6",),
)
def r_1_3(ctx: Context) -> Evidence:
    offered = ctx.events(ChoiceToComplainOffered)
    asked = [r for r in offered if r.event.chose == ComplaintChoice.MAKE_A_COMPLAINT]
    logged: dict[int, list[date]] = defaultdict(list)
    for accepted in events_of(AcceptedAsComplaint, ctx.as_at, complaint_ids={r.complaint_id for r in asked}):
        logged[accepted.complaint_id].append(accepted.event.on)
    failing = [
        Case(
            r.complaint_id,
            r.reference,
            f"the resident asked for a complaint on {long_date(r.event.on)}: none logged",
        )
        for r in asked
        if not any(day >= r.event.on for day in logged[r.complaint_id])
    ]
    figures = [
        {"label": "choices to make a complaint recorded", "value": len(offered), "href": ""},
        {"label": "residents who asked for a complaint", "value": len(asked), "href": ""},
    ]
    return judged(
        ctx,
        rule="each expression of dissatisfaction recorded in PutRight has the resident's choice recorded, and "
        "each resident who asked for a complaint had it logged (expressions of dissatisfaction nobody "
        "recorded cannot be shown: the landlord's policy and training are the evidence for those)",
        what="choices to make a complaint recorded",
        covered=len(offered),
        covering=covered_steps(
            offered, lambda e: f"choice to make a complaint given ({e.chose.replace('_', ' ')})"
        ),
        failing=failing,
        # PutRight logs the complaint a resident asks for in the same step as their choice, so its own
        # records cannot show the opposite: only a choice never recorded could, and that is not there
        unknown="PutRight records a choice only when someone records it, and logs the complaint asked for "
        "with it, so the records cannot show that every resident who expressed dissatisfaction was given "
        "the choice. Give the evidence (policy, training, call and survey reviews).",
        figures=figures,
    )


@rule(
    "6.8",
    "New issues raised during a stage added to the complaint definition or logged as a new complaint",
    also_2022=("5.7",),
)
def r_6_8(ctx: Context) -> Evidence:
    raised = ctx.events(NewIssuesRaised)
    named = {r.event.new_complaint for r in raised if r.event.new_complaint}
    logged = set(
        Complaint.objects.filter(visible_at(ctx.as_at), reference__in=named).values_list(
            "reference", flat=True
        )
    )
    responded = {
        r.complaint_id: r.event.on
        for r in reversed(events_of(Responded, ctx.as_at, complaint_ids={r.complaint_id for r in raised}))
        if r.event.stage == 1
    }
    failing = []
    for r in raised:
        event, why = r.event, ""
        must = event.new_issues_provision.startswith("2024")  # 2022 5.7 is a "should"
        issued = responded.get(r.complaint_id)
        if event.handled == NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT:
            if event.new_complaint not in logged:
                why = f"logged as a new complaint {event.new_complaint or '(no reference)'}, which is not on the record"
            elif (
                must
                and event.related
                and not event.would_unreasonably_delay
                and not (issued and issued <= event.on)
            ):
                why = "related issues raised before the stage 1 response were not incorporated into it"
        elif issued is not None and issued <= event.on:
            why = f"added to the definition after the stage 1 response was issued ({long_date(issued)})"
        elif must and (not event.related or event.would_unreasonably_delay):
            why = "unrelated or delaying issues added to the definition instead of logged as a new complaint"
        elif event.communication is None:
            why = "the amended complaint definition was not told to the resident"
        if not why and not event.reason.strip():
            why = "no reason recorded for the choice"
        if why:
            failing.append(
                Case(r.complaint_id, r.reference, f"new issues raised on {long_date(event.on)}: {why}")
            )
    return judged(
        ctx,
        rule="new issues raised during a stage added to the complaint definition (related, before the stage 1 "
        "response, told to the resident) or logged as a new complaint linked to this one, each with its reason",
        what="new issues recorded",
        covered=len(raised),
        covering=covered_steps(raised, lambda e: f"new issues raised at stage {e.stage}"),
        failing=failing,
    )


# --------------------------------------------------------------------------------------------------
# 2022 stage 3 (5.17-5.19): not applicable without a third stage

_ESCALATED_TO = event_field(EscalationRequested, "to_stage")


def _stage_3_due(
    request: Recorded[EscalationRequested], extensions: list[Recorded[DeadlineExtended]], by: date
) -> tuple[date, date, list[Recorded[DeadlineExtended]]]:
    """The stage 3 response date the request set (2022 5.18: "within 20 working days of the complaint
    being escalated"), the date in force on ``by`` with the extensions decided since the request and
    on or before ``by``, and those of them decided after the date then in force. Such an extension
    moves nothing: when the date it follows passed, the landlord had neither responded "within 20
    working days of the complaint being escalated" nor given additional time, so the response was
    already late (the core refuses to record one, citing 5.18; only an imported history carries it)."""
    first = request.event.response_due
    assert first is not None  # the caller keeps only requests that set a response date
    due, after_the_deadline = first, []
    for x in sorted(
        (x for x in extensions if request.event.on <= x.event.on <= by), key=lambda x: x.event.on
    ):
        if x.event.on > due:
            after_the_deadline.append(x)
        else:
            due = x.event.new_due
    return first, due, after_the_deadline


def _decided_late(extensions: list[Recorded[DeadlineExtended]]) -> str:
    """Why a stage 3 response (or wait) is late although additional time was recorded: the time was
    decided after the response was due (:func:`_stage_3_due`)."""
    if not extensions:
        return ""
    said = "; ".join(f"on {long_date(x.event.on)}, to {long_date(x.event.new_due)}" for x in extensions)
    return f" (additional time decided after it was due, {said}, extends nothing)"


@rule(
    "5.18",
    "Stage 3 only at the resident's request, answered within 20 working days of the escalation; "
    "additional time only to convene a panel, with an explanation and a date",
    edition="2022",
)
def r_2022_5_18(ctx: Context) -> Evidence:
    """2022 5.18: "Complaints should only go to a third stage if the resident has actively requested a
    third stage review of their complaint. Where a third stage is in place and has been requested,
    landlords must respond to the stage three complaint within 20 working days of the complaint being
    escalated. Additional time will only be justified if related to convening a panel. An explanation
    and a date for when the stage three response will be received should be provided to the resident."

    Each stage 3 response in the period, and each request still waiting past its 20 working days at
    the as-at, read as the record stood then. A response with no request for a third stage before it
    fails (the resident did not ask); one after the 20 working days and after any extension fails as
    late, as does one within additional time decided only after the response was due (an imported
    history can carry it): by then the response had already missed the 20 working days, and time
    added afterwards cannot make it "within" them (:func:`_stage_3_due`). One after the 20 working
    days but within an extension decided in time is neither: the records keep the reason
    staff gave, not whether the additional time was for convening a panel, the only reason the Code
    allows, so it is listed to check and the rule proposes no answer. Each stage 3 extension in the
    period is the explanation and date the resident should be given: one with no letter issued fails,
    as an extension at stage 1 or 2 does (:func:`_extension_rule`)."""
    requests = [
        r
        for r in events_of(EscalationRequested, ctx.as_at, where=_ESCALATED_TO.equals(3))
        if r.event.response_due is not None
    ]
    responses = [r for r in ctx.events(Responded) if r.event.stage == 3]
    ids = {q.complaint_id for q in requests} | {r.complaint_id for r in responses}
    asked: dict[int, list[Recorded[EscalationRequested]]] = defaultdict(list)
    for q in requests:
        asked[q.complaint_id].append(q)
    extended: dict[int, list[Recorded[DeadlineExtended]]] = defaultdict(list)
    for x in events_of(DeadlineExtended, ctx.as_at, complaint_ids=ids):
        if x.event.stage == 3:
            extended[x.complaint_id].append(x)
    # what ended a request: its stage 3 response, a refusal at stage 3, or a withdrawal
    ended: dict[int, list[date]] = defaultdict(list)
    for answered in events_of(Responded, ctx.as_at, complaint_ids=ids):
        if answered.event.stage == 3:
            ended[answered.complaint_id].append(answered.event.on)
    for refused in events_of(Declined, ctx.as_at, complaint_ids=ids):
        if refused.event.stage == 3:
            ended[refused.complaint_id].append(refused.event.on)
    for w in events_of(Withdrawn, ctx.as_at, complaint_ids=ids):
        ended[w.complaint_id].append(w.event.on)

    failing: list[Case] = []
    to_check: list[Case] = []
    covered: list[Case] = []
    for r in responses:
        on = r.event.on
        covered.append(_step(r, "stage 3 response"))
        before = [q for q in asked.get(r.complaint_id, []) if q.event.on <= on]
        if not before:
            failing.append(
                Case(
                    r.complaint_id,
                    r.reference,
                    f"stage 3 response on {long_date(on)}: no request for a third stage recorded",
                )
            )
            continue
        first_due, due, late_extensions = _stage_3_due(before[-1], extended[r.complaint_id], on)
        if on <= first_due:
            continue
        if on > due:
            failing.append(
                Case(
                    r.complaint_id,
                    r.reference,
                    f"stage 3 response on {long_date(on)}, due {long_date(due)}: late"
                    + _decided_late(late_extensions),
                )
            )
        else:
            to_check.append(
                Case(
                    r.complaint_id,
                    r.reference,
                    f"stage 3 response on {long_date(on)}, after the 20 working days (due {long_date(first_due)}), "
                    f"within additional time to {long_date(due)}: the records cannot show it was for convening a panel",
                )
            )
    for cid, made in asked.items():
        request = made[-1]
        first_due, due, late_extensions = _stage_3_due(request, extended[cid], ctx.today)
        if any(day >= request.event.on for day in ended[cid]) or first_due >= ctx.today:
            continue  # answered, refused or withdrawn, or still within the 20 working days
        covered.append(
            Case(cid, request.reference, f"stage 3 response due {long_date(first_due)}, still waiting")
        )
        if due < ctx.today:
            failing.append(
                Case(
                    cid,
                    request.reference,
                    f"stage 3 response due {long_date(due)}, still waiting at {long_date(ctx.today)}"
                    + _decided_late(late_extensions),
                )
            )
        else:
            to_check.append(
                Case(
                    cid,
                    request.reference,
                    f"stage 3 response due {long_date(first_due)}, still waiting within additional time to {long_date(due)}: "
                    "the records cannot show it is for convening a panel",
                )
            )
    extensions = [x for x in ctx.events(DeadlineExtended) if x.event.stage == 3]
    failing += _letter_missing(ctx, extensions, LetterKind.EXTENSION_NOTICE, "stage 3 extension")
    told = _sent_by_another_system(
        extensions, "extension", "an explanation and a date for the stage 3 response"
    )
    unknown = told["unknown"]
    if to_check:
        one = len(to_check) == 1
        unknown = (
            f"{len(to_check)} {'is' if one else 'are'} answered, or waiting, within additional time beyond the "
            "20 working days: the records cannot show whether it was for convening a panel, the only reason "
            "2022 5.18 allows. Check "
            f"{'it' if one else 'them'} (listed as records to check) and give the evidence."
            + (f" {unknown}" if unknown else "")
        )
    return judged(
        ctx,
        rule=(
            "each stage 3 complaint requested by the resident and answered within 20 working days of the "
            "escalation, any additional time only to convene a panel, with an explanation and a date "
            "given in an issued extension notice"
        ),
        what="stage 3 complaints answered or waiting past due",
        covered=len(covered),
        failing=failing,
        unknown=unknown,
        to_check=to_check + told["to_check"],
        covering=lambda: covered,
    )


def _details_where_no_agreement(ctx: Context, stage: int, provision: str) -> Evidence:
    """2022 5.3 (stage 1), 5.15 (stage 2) and 5.19 (stage 3), in the same words: "Where agreement over
    an extension period cannot be reached, landlords should provide the Housing Ombudsman's contact
    details so the resident can challenge the landlord's plan for responding and/or the proposed
    timeliness of a landlord's response."

    Their words ask for the details only where agreement over the extension cannot be reached. The
    records keep each extension and whether the details were recorded as given with it, but not
    whether the resident agreed to the extension period: an extension without the details may have
    been agreed, so none can be failed, and a rule that could never show non-compliance proves nothing
    by finding none. So the entry says the records cannot tell, however many extensions they hold,
    with the figures for what they do hold and the extensions read. (2024 6.5 and 6.16 ask for the
    details with every extension, so they can be judged; these cannot.)"""
    rows = _extensions(ctx, stage)
    given = sum(1 for r in rows if r.event.ombudsman_details_given)
    found = cannot_show(
        ctx,
        f"where agreement over a stage {stage} extension period could not be reached, the Ombudsman's "
        "contact details provided",
        f"{len(rows)} stage {stage} extension{'' if len(rows) == 1 else 's'} in the period, {given} with "
        "the Ombudsman's contact details recorded as given, but the records do not keep whether agreement "
        f"over an extension period was reached, which is when 2022 {provision} asks for the details: the "
        "records cannot tell. Give the evidence (the policy, and how disagreement over an extension is "
        "handled).",
        [
            ctx.fig(f"Stage {stage} extensions granted", len(rows)),
            ctx.fig("with the Ombudsman's contact details recorded as given", given),
        ],
    )
    # the extensions it read, listed as every rule on cases lists them, though they settle nothing
    found.covered, found.covering = len(rows), covered_steps(rows, f"stage {stage} extension")
    return found


#: 2022 5.3, 5.15 and 5.19: one provision a stage, in the same words, so one rule read for each stage
for _number, _stage in (("5.3", 1), ("5.15", 2), ("5.19", 3)):
    rule(
        _number,
        f"Ombudsman's contact details where agreement over a stage {_stage} extension cannot be reached",
        edition="2022",
    )(partial(_details_where_no_agreement, stage=_stage, provision=_number))


#: the 2022 provisions about a third stage; "not applicable" (with the reason) when the landlord has none
THIRD_STAGE_2022 = ("5.17", "5.18", "5.19")


def not_applicable_reason(edition: str, number: str) -> str:
    """Why a provision does not apply to this landlord, or ``""`` when it does."""
    if edition == "2022" and number in THIRD_STAGE_2022 and not Landlord.load().third_stage:
        return "We have a two-stage complaints procedure: there is no third stage."
    return ""


# --------------------------------------------------------------------------------------------------


def context(scope: Scope) -> Context:
    return Context(
        scope=scope,
        figures=fact_figures(scope.period, scope.as_at),
        extras=extra_figures(scope.period, scope.as_at),
    )


def evaluate(edition: str, number: str, ctx: Context) -> Evidence | None:
    found = RULES.get(edition, {}).get(number)
    return found[1](ctx) if found else None


@dataclass(frozen=True)
class Listed:
    """The complaints behind a rule's entry, and why each is listed (its steps' reasons joined)."""

    complaints: QuerySet[Complaint]
    why: dict[int, str]
    #: the cases listed, which may be more than the complaints (140 steps on 98 complaints)
    cases: int = 0
    #: of those, the cases on no complaint (a resident's adjustment or restriction, 2024 5.10, 5.14),
    #: counted but not in ``complaints``
    not_on_a_complaint: int = 0


#: the lists behind a rule's entry: its failing cases, those to check, and every case it covered
RULE_LISTS = {"all": "Failing", "check": "To check for", "covered": "Covered by"}


def failing_complaints(edition: str, number: str, scope: Scope, *, part: str = "all") -> Listed:
    """The complaints a rule finds failing, for the list behind an entry; ``part="check"``: those it
    lists for the landlord to check (:attr:`Evidence.to_check`); ``part="covered"``: every case it
    tested, so "All 5 complaints considered at stage 2" opens down to those five (2024 8.1 a: every
    Yes it proposes has records behind it). With why each is listed: the list said only the
    complaint, so a reader had to open each to learn which step to check."""
    if part not in RULE_LISTS:
        raise ValueError(
            f"A rule's list is part=all (failing) or part=check (to check) or part=covered (every case "
            f"it tested), not {part!r}"
        )
    found = evaluate(edition, number, context(scope))
    if found is None:
        raise KeyError(number)
    if part == "covered":
        if found.covering is None:
            # said of what the rule keeps, not of what it tests: a rule on governance records (an
            # appointment), or one proposing nothing from cases (1.4), keeps no such list
            raise ValueError(
                f"{edition} {number} keeps no list of every case it covered; its failing cases (part=all) "
                "and those to check (part=check) are listed where it finds any"
            )
        listed = found.covering()
    else:
        listed = found.to_check if part == "check" else found.cases
    why: dict[int, list[str]] = {}
    for c in listed:
        if c.complaint_id is not None and c.why not in (said := why.setdefault(c.complaint_id, [])):
            said.append(c.why)
    return Listed(
        complaints=complaint_facts(scope.as_at).filter(pk__in=set(why)),
        why={pk: "; ".join(said) for pk, said in why.items()},
        cases=len(listed),
        not_on_a_complaint=sum(1 for c in listed if c.complaint_id is None),
    )


def rules_table(edition: str = "2024") -> list[tuple[str, str]]:
    """(provision, what the records show) for every rule, in the Code's order."""
    return sorted(
        ((p, what) for p, (what, _) in RULES[edition].items()),
        key=lambda r: tuple(int(x) for x in r[0].split(".")),
    )
