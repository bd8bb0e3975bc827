"""The dry run: each row of the file checked and turned into the core events it would record.

Checks in order, all reported (not just the first): blank required cells, dates that cannot be read,
unknown categories, channels and outcomes, a stage 2 without a stage 1, a response dated before the
complaint, dates in the wrong order, and rows that share a reference. Each check is made whatever the
others found (one that needs a date PutRight could not read is not). A row that passes them is then
run through the core's own steps (``putright.code.lifecycle``: receive, accept, acknowledge,
respond, escalate, close) with :func:`~putright.code.lifecycle.as_imported`, so imported history
obeys the Code's order; anything the core refuses is that row's problem, not a crash. A breach of
the Code the history records (the stage 1 handler responding at stage 2, 2024 6.13; a response at a
stage never acknowledged, 2024 6.2, 6.11) is not a problem of the data: it is imported as it
happened, with a warning, and counts against the landlord. No date is made up for it. Nothing here
writes to the database."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from putright.code import lifecycle as core
from putright.code.errors import LifecycleError
from putright.code.lifecycle import (
    SUMMARY_MOST,
    Case,
    Channel,
    ComplaintDefinition,
    Event,
    Outcome,
    Rules,
    StageResponse,
    evolve,
)
from putright.code.timescales import timescales
from putright.code.wording import long_date
from putright.imports.dates import DateProblem, parse_date
from putright.imports.mapping import DATE_FIELDS, REQUIRED, Mapping
from putright.imports.reading import SourceRow, Table

LABELS = {
    "reference": "reference",
    "resident_name": "resident's name",
    "received_on": "date received",
    "summary": "summary",
    "stage_1_acknowledged_on": "stage 1 acknowledged",
    "stage_1_responded_on": "stage 1 response",
    "stage_2_requested_on": "stage 2 requested",
    "stage_2_acknowledged_on": "stage 2 acknowledged",
    "stage_2_responded_on": "stage 2 response",
    "closed_on": "closed",
}
#: the longest text PutRight keeps in each of these (the database's column sizes)
LIMITS = {
    "reference": 200,
    "resident_name": 200,
    "resident_email": 254,
    "resident_phone": 40,
    "summary": SUMMARY_MOST,
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: the order a complaint's dates must follow
ORDER = (
    "received_on",
    "stage_1_acknowledged_on",
    "stage_1_responded_on",
    "stage_2_requested_on",
    "stage_2_acknowledged_on",
    "stage_2_responded_on",
    "closed_on",
)


def not_held(source: str) -> str:
    """What an imported step says for the parts of it the previous system did not give: said plainly,
    never made up."""
    return f"Not held in PutRight: imported from {source}; see the previous system's record."


#: how a report line says a row is imported with a breach of the Code in it (as it happened); the
#: pages read the row's ``warnings``, never this text (a reference can hold it)
WARNING = "; WARNING: "
#: how a report line says something of a row's history that breaches no provision (``RowPlan.notes``)
NOTE = "; note: "


@dataclass
class RowPlan:
    number: int
    key: str
    problems: list[str] = field(default_factory=list)
    #: breaches of the Code the row's history records, imported as they happened (they count
    #: against the landlord in the self-assessment)
    warnings: list[str] = field(default_factory=list)
    #: what the row's history lacks that the Code does not require, said plainly and not as a warning
    #: (a 2022 stage 2 never acknowledged: that edition sets no time to acknowledge it)
    notes: list[str] = field(default_factory=list)
    #: the date fields whose cells could not be read (a check needing one of them cannot be made)
    unreadable: set[str] = field(default_factory=set)
    #: set when the row was imported before (the complaint's PutRight reference) or repeats a row
    skip: str = ""
    events: list[Event] = field(default_factory=list)
    case: Case | None = None
    values: dict[str, Any] = field(default_factory=dict)
    category_id: int | None = None

    @property
    def status(self) -> str:
        if self.problems:
            return "problem"
        return "skip" if self.skip else "create"

    def what(self, *, imported: bool = False) -> str:
        """What the row would create (``imported``: created), or why not, without its row, warnings
        or notes (the report's "what")."""
        if self.problems:
            return "NOT IMPORTED: " + "; ".join(self.problems)
        if self.skip:
            return f"nothing to do: {self.skip}"
        assert self.case is not None
        return f"{'created' if imported else 'would create'} {summary(self.case)}"

    def describe(self, *, imported: bool = False) -> str:
        """One line for the report: what it would create, or why not, with its warnings and notes."""
        head = f"row {self.number}" + (f" ({self.key})" if self.key else "")
        said = [f"{WARNING}{warning}" for warning in self.warnings] + [f"{NOTE}{note}" for note in self.notes]
        return f"{head}: {self.what(imported=imported)}" + ("".join(said) if self.status == "create" else "")


def summary(case: Case) -> str:
    """What an imported complaint is: its stage, whether it is open, and its next Code deadline."""
    steps = [f"received {long_date(case.received_on)}"]
    for stage in (1, 2):
        if stage > 1 and stage in case.escalation_requested_on:
            steps.append(f"stage {stage} requested {long_date(case.escalation_requested_on[stage])}")
        if stage in case.acknowledged_on:
            steps.append(f"stage {stage} acknowledged {long_date(case.acknowledged_on[stage])}")
        elif stage in case.responded_on:
            steps.append(f"stage {stage} not acknowledged")
        if stage in case.responded_on:
            outcome = case.responses[stage].outcome.value.replace("_", " ")
            steps.append(f"stage {stage} response {long_date(case.responded_on[stage])} ({outcome})")
    if case.status == core.Status.CLOSED:
        state = f"a closed stage {case.stage} complaint ({case.edition} Code), closed {long_date(case.ended_on or case.received_on)}"
    else:
        due = case.current_deadline()
        next_due = f"; next Code deadline {long_date(due[0])} ({due[1]})" if due else ""
        state = f"an open stage {case.stage} complaint ({case.edition} Code){next_due}"
    return f"{state}: " + ", ".join(steps)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def identity(key: str) -> str:
    """What makes two of the previous system's references the same complaint: the reference with
    its spaces collapsed (``_text``) and its case ignored. Spreadsheets and people change the case
    of a reference ("hx-1001" for "HX-1001"); read as different, the same complaint was imported twice."""
    return key.casefold()


def _choice(value: str, table: AnyMapping[str, str], allowed: type[Any], what: str) -> Any:
    """A channel or outcome from the file's wording: the mapping's table first, then PutRight's own
    names however written ("Partly upheld", "partly-upheld")."""
    wanted = {k.lower(): v for k, v in table.items()}.get(value.lower(), value)
    normal = wanted.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return allowed(normal)
    except ValueError:
        names = ", ".join(m.value for m in allowed)
        raise ValueError(f"unknown {what} {value!r} (use one of {names}, or map it in [{what}s])") from None


def _category(value: str, mapping: Mapping, categories: AnyMapping[str, int]) -> int:
    wanted = {k.lower(): v for k, v in mapping.categories.items()}.get(value.lower(), value)
    found = categories.get(wanted.strip().lower())
    if found is None:
        raise ValueError(f"unknown category {value!r} (add it in PutRight, or map it in [categories])")
    return found


@dataclass(frozen=True)
class Context:
    """What the dry run needs from PutRight: the landlord's rules and edition, today, the categories
    (slug and name, lowered, to id) and the keys already imported (``identity`` of the key to
    PutRight reference)."""

    rules: Rules
    today: date
    source: str
    categories: AnyMapping[str, int]
    imported: AnyMapping[str, str]
    edition: str | None = None


def _read(row: SourceRow, mapping: Mapping, ctx: Context, plan: RowPlan) -> dict[str, Any]:
    raw = {name: row.cells.get(column) for name, column in mapping.columns.items()}
    values: dict[str, Any] = {}
    for name in REQUIRED:
        if not _text(raw.get(name)):
            plan.problems.append(f"{LABELS[name]} is blank")
    for name in DATE_FIELDS:
        cell = raw.get(name)
        if not _text(cell) and not isinstance(cell, int | float):
            continue
        try:
            values[name] = parse_date(cell)
        except DateProblem as problem:
            plan.problems.append(f"{LABELS[name]}: {problem}")
            plan.unreadable.add(name)
    for name in (
        "reference",
        "resident_name",
        "summary",
        "resident_email",
        "resident_phone",
        "stage_1_handler",
        "stage_2_handler",
    ):
        values[name] = _text(raw.get(name))
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            plan.problems.append(
                f"{LABELS.get(name, name.replace('_', ' '))} is longer than {limit:,} characters"
            )
    if values["resident_email"] and not EMAIL.fullmatch(values["resident_email"]):
        # not quoted: the report is kept with the run, where no erasure of the resident reaches it
        plan.problems.append("the resident's email is not an email address")
    category = _text(raw.get("category"))
    if category:
        try:
            plan.category_id = _category(category, mapping, ctx.categories)
        except ValueError as problem:
            plan.problems.append(str(problem))
    channel = _text(raw.get("channel")) or mapping.defaults.get("channel", "")
    if not channel:
        plan.problems.append("channel is blank and the mapping gives no [defaults] channel")
    else:
        try:
            values["channel"] = _choice(channel, mapping.channels, Channel, "channel")
        except ValueError as problem:
            plan.problems.append(str(problem))
    for stage in (1, 2):
        name = f"stage_{stage}_outcome"
        outcome = _text(raw.get(name))
        if outcome:
            try:
                values[name] = _choice(outcome, mapping.outcomes, Outcome, "outcome")
            except ValueError as problem:
                plan.problems.append(str(problem))
        elif f"stage_{stage}_responded_on" in values:
            plan.problems.append(f"stage {stage} has a response date but no outcome")
    return values


def _shape(values: dict[str, Any], plan: RowPlan) -> None:
    """The problems a person sees in the dates themselves, said in their words before the core's.
    Made whatever else is wrong with the row, so the dry run tells every problem at once; a check
    that needs a date the row has but PutRight could not read (``plan.unreadable``) is not made."""
    stage_2 = [
        f for f in ("stage_2_requested_on", "stage_2_acknowledged_on", "stage_2_responded_on") if f in values
    ]
    if stage_2 and not {"stage_1_responded_on"} & (values.keys() | plan.unreadable):
        plan.problems.append(
            "a stage 2 without a stage 1 response (2024 6.10: stage 2 follows the stage 1 response)"
        )
    received = values.get("received_on")
    if received is not None:
        for stage in (1, 2):
            responded = values.get(f"stage_{stage}_responded_on")
            if responded is not None and responded < received:
                plan.problems.append(
                    f"the stage {stage} response ({long_date(responded)}) is before the complaint was received ({long_date(received)})"
                )
    given = [(name, values[name]) for name in ORDER if name in values]
    for (earlier, first), (later, second) in itertools.pairwise(given):
        if earlier == "received_on" and later.endswith("_responded_on"):
            continue  # said above: a response before the complaint was received
        if second < first:
            plan.problems.append(
                f"dates in the wrong order: {LABELS[later]} ({long_date(second)}) is before {LABELS[earlier]} ({long_date(first)})"
            )


def _timed_unacknowledged(case: Case, on: date, rules: Rules) -> str:
    """What a warning says of the timing of a response at ``case``'s stage, never acknowledged:
    counted from the last day the acknowledgement was due (2024 6.3, 6.14 from 6.2, 6.11;
    ``core.response_due_unacknowledged``), it breaks the response timescale only if after that date."""
    due = core.response_due_unacknowledged(case, rules)
    acknowledge_by = case.acknowledgement_due.get(case.stage)
    if due is None or acknowledge_by is None:
        return ""
    provision = timescales(case.edition).respond[case.stage].provision.rsplit(" ", 1)[-1]
    said = (
        f"; its response is timed from the last day the acknowledgement was due ({long_date(acknowledge_by)}), "
        f"so it was due by {long_date(due)} ({provision}): answered {long_date(on)}"
    )
    if on > due:
        return f"{said}, after it: it will count against {provision} as late"
    return f"{said}, on or before it: it does not count against {provision}"


def _run_core(values: dict[str, Any], plan: RowPlan, ctx: Context) -> None:
    """Decide every step with the core, as imported history; the first refusal is the row's problem."""
    source = f"{ctx.source} row {plan.number}"
    rules = ctx.rules
    gaps = not_held(ctx.source)
    case: Case | None = None

    def take(decide: Callable[[Case], Event]) -> None:
        nonlocal case
        assert case is not None
        event = core.as_imported(case, decide(case), source=source, today=ctx.today)
        plan.events.append(event)
        case = evolve(case, event)

    try:
        received = values["received_on"]
        contact = core.receive(
            on=received, channel=values["channel"], summary=values["summary"], edition=ctx.edition
        )
        # the first event starts the case; it is checked (not in the future) against the case it starts
        first = core.as_imported(evolve(None, contact), contact, source=source, today=ctx.today)
        case = evolve(None, first)
        plan.events.append(first)
        take(partial(core.accept_as_complaint, on=received, rules=rules))
        for stage in (1, 2):
            if stage == 2 and "stage_2_requested_on" in values:
                take(partial(core.request_escalation, on=values["stage_2_requested_on"], rules=rules))
            if f"stage_{stage}_acknowledged_on" in values:
                definition = ComplaintDefinition(
                    complaint=values["summary"], outcomes_sought=gaps, responsible_for=gaps
                )
                on = values[f"stage_{stage}_acknowledged_on"]
                take(partial(core.acknowledge, on=on, definition=definition, rules=rules))
            if f"stage_{stage}_responded_on" in values:
                handler = core.imported_handler(values.get(f"stage_{stage}_handler", ""), stage)
                response = StageResponse(
                    outcome=values[f"stage_{stage}_outcome"],
                    decision=gaps,
                    reasons=gaps,
                    remedy=gaps,
                    outstanding_actions=gaps,
                    escalation_route=gaps,
                )
                on = values[f"stage_{stage}_responded_on"]
                assert case is not None
                missed = core.acknowledgement_missed(case)
                if f"stage_{stage}_acknowledged_on" not in values:
                    # never acknowledged, as the previous system records it: no date is made up
                    response = dataclasses.replace(response, complaint_definition=gaps)
                    said = (
                        f"stage {stage} has a response but no acknowledgement date: imported as it "
                        "happened, with no acknowledgement recorded"
                    )
                    if missed:
                        plan.warnings.append(
                            f"{said}; it will count against {missed.rsplit(' ', 1)[-1]} as not acknowledged "
                            "in time" + _timed_unacknowledged(case, on, rules)
                        )
                    else:  # the edition sets no time to acknowledge this stage (2022 5.10-5.13)
                        plan.notes.append(
                            f"{said}; the {case.edition} Code sets no time to acknowledge stage {stage}, so it "
                            "does not count as not acknowledged in time"
                        )
                breach = core.considered_both_stages(case, stage, handler)
                if breach is not None:
                    # the person named as the case page and the self-assessment's 6.13 name them
                    named = core.imported_handler_name(handler) or handler
                    plan.warnings.append(
                        f"stage {stage} considered by {named}, who considered stage 1 ({breach}): imported "
                        f"as it happened; it will count against {breach.rsplit(' ', 1)[-1]}"
                    )
                take(
                    partial(
                        core.respond,
                        on=on,
                        handler=handler,
                        response=response,
                        rules=rules,
                        as_it_happened=True,
                    )
                )
        if "closed_on" in values:
            reason = f"Closed in the previous system ({ctx.source})"
            take(partial(core.close, on=values["closed_on"], reason=reason, rules=rules))
    except LifecycleError as refused:
        plan.events.clear()
        plan.warnings.clear()
        plan.notes.clear()
        # a refusal citing no provision is not the Code's (a day received before the working-day
        # calendar starts, say): it is not put in the Code's mouth
        said = "the Code refuses it" if refused.provision else "it cannot be recorded"
        plan.problems.append(f"{said}: {refused}")
        return
    plan.case = case


def plan_rows(table: Table, mapping: Mapping, ctx: Context) -> list[RowPlan]:
    """Every row of ``table`` checked against ``mapping``: what it would create, or its problems."""
    plans: list[RowPlan] = []
    seen: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    reference_column = mapping.columns["reference"]
    for row in table.rows:
        key = _text(row.cells.get(reference_column))
        plan = RowPlan(number=row.number, key=key)
        values = _read(row, mapping, ctx, plan)
        plan.values = values
        _shape(values, plan)
        if key:
            cells = {k: row.cells.get(v) for k, v in mapping.columns.items() if v != reference_column}
            seen.setdefault(identity(key), []).append((row.number, key, cells))
        plans.append(plan)
    by_number = {p.number: p for p in plans}
    for rows in seen.values():
        if len(rows) < 2:
            continue
        numbers = ", ".join(str(n) for n, _, _ in rows)
        first_number, first_key, first_cells = rows[0]
        if all(cells == first_cells for _, _, cells in rows):
            for number, key, _ in rows[1:]:
                written = "" if key == first_key else f", written {first_key} there"
                by_number[number].skip = f"repeats row {first_number} exactly (reference {key}{written})"
        else:
            for number, key, _ in rows:
                by_number[number].problems.append(
                    f"duplicate: reference {key} is on rows {numbers} with different details"
                    + (
                        ""
                        if all(k == key for _, k, _ in rows)
                        else " (references are read without regard to case)"
                    )
                )
    for plan in plans:
        already = ctx.imported.get(identity(plan.key)) if plan.key else None
        if already is not None and not plan.problems:
            plan.skip = f"already imported as {already}"
        if plan.problems or plan.skip:
            continue
        _run_core(plan.values, plan, ctx)
    return plans


def missing_columns(table: Table, mapping: Mapping) -> list[str]:
    """Columns the mapping names that the file does not have."""
    return [f"{name} ({column!r})" for name, column in mapping.columns.items() if column not in table.headers]
