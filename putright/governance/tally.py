"""The live dashboard's complaint figures as sums over complaints, kept in buckets of complaint ids so
that a change to a few complaints recomputes only their buckets (issue 17: the dashboard right after
a new event).

Every complaint figure on the dashboard (volumes, timeliness, overdue steps, breakdowns, months,
repeat complainants and homes, remedies, extensions, referrals) is a count or a sum of rows that each
belong to one complaint: the complaint itself, its stages, exclusions, remedies, extensions and
referral events. :func:`contributions` turns those rows into counters, one per bucket of
:data:`BUCKET` complaint ids; a figure is the sum of every bucket's counter. When new events arrive,
only the buckets of the complaints they belong to are read again (by complaint id range, an index
lookup) and their counters replaced, so the sum is exactly what a full count would give: no delta
arithmetic on guessed "before" values, every bucket is recounted from the rows as they stand.

The rules are :mod:`putright.governance.live`'s, row by row (that module stays the reference: a test
compares the two on a fixture with every kind of step, and compares the bucket path with a full
count after each kind of event).
"""

from __future__ import annotations

import heapq
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q

from putright.code.lifecycle import ReferredToOmbudsman, RemedyKind, RemedyWithdrawal
from putright.complaints.models import (
    Complaint,
    ComplaintEvent,
    ExclusionApplied,
    Extension,
    Property,
    Remedy,
    Resident,
    Stage,
)
from putright.governance.rows import as_given

#: complaints per bucket: a change re-reads at most this many complaints' rows
BUCKET = 256
#: the shape of a stored tally; a release that changes what or how it counts raises it, so tallies
#: stored by the release before are counted afresh rather than added to
FORMAT = 6  # 2: remedies withdrawn counted apart (2024 7.3); 3: and those withdrawn after they fell due;
# 4: only a financial remedy's amount counted as compensation, others' amounts apart (2024 7.1);
# 5: the financial remedies paid counted, the list behind the compensation paid (2024 7.1);
# 6: the stages answered without an acknowledgement counted apart from those acknowledged late (6.2)

#: the states a stage 1 exclusion can leave a complaint in (``live.stage_1_complaints``)
DECLINED_STATES = ("declined", "referred_to_ombudsman")

#: counted per resident and per home: thousands of keys, so a bucket keeps them as an array of ids
#: (one per complaint: compact, and quick to store and read back) and the sum is rebuilt from them
MANY = ("resident", "property")

Counts = dict[str, Any]
"""Counts by name: ``counts["ack"][stage number]``, ``counts["contacts"][None]`` for a plain count,
and in a bucket, ``counts["resident"]``, an array of resident ids (``MANY``)."""


def _pairs(counter: Any) -> Iterable[tuple[Any, int]]:
    if isinstance(counter, array):
        return ((key, 1) for key in counter)
    return counter.items()  # type: ignore[no-any-return]


def _add_into(into: Counts, counts: Counts, sign: int) -> None:
    for name, counter in counts.items():
        target = into.get(name)
        if target is None:
            target = into[name] = {}
        for key, n in _pairs(counter):
            target[key] = target.get(key, 0) + sign * n


@dataclass
class Tally:
    """Counters per bucket, and their running sum."""

    period: tuple[date, date]
    today: date
    buckets: dict[int, Counts] = field(default_factory=dict)
    total: Counts = field(default_factory=dict)
    #: the highest event id counted, and the ids at or below it not yet seen (a transaction that had
    #: them had not committed: PostgreSQL hands ids out on insert, not on commit)
    events: int = 0
    unseen: list[tuple[int, int, float]] = field(default_factory=list)  # (first, last, noticed at)

    # ----------------------------------------------------------------------------------------------
    # keeping it current

    def replace(self, found: dict[int, Counts], read: Iterable[int]) -> None:
        """Put freshly counted buckets in place of the old ones. ``read`` names every bucket that was
        counted again, so a bucket whose rows no longer count anything is emptied too."""
        emptied: list[Counts] = []
        for bucket in read:
            old = self.buckets.pop(bucket, {})
            _add_into(self.total, old, -1)
            emptied.append(old)
            new = found.get(bucket)
            if new:
                _add_into(self.total, new, 1)
                self.buckets[bucket] = new
        for old in emptied:  # only a subtraction leaves a zero: drop it, so a sum has no empty keys
            for name, counter in old.items():
                total = self.total[name]
                for key, _ in _pairs(counter):
                    if total.get(key) == 0:
                        del total[key]
                if not total:
                    del self.total[name]

    def __getstate__(self) -> dict[str, Any]:
        """Stored without the per-resident and per-home sums, which the buckets' arrays rebuild."""
        state = dict(self.__dict__)
        state["total"] = {k: v for k, v in self.total.items() if k not in MANY}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        for name in MANY:
            counted: Counter[int] = Counter()
            for counts in self.buckets.values():
                if name in counts:
                    counted.update(counts[name])  # counted in C
            if counted:
                self.total[name] = counted

    # ----------------------------------------------------------------------------------------------
    # the figures, in the shapes ``live`` returns them

    def n(self, name: str, key: Any = None) -> int:
        return int(self.total.get(name, {}).get(key, 0))

    def _grouped(self, name: str) -> list[tuple[Any, int]]:
        return list(self.total.get(name, {}).items())

    def figures(self) -> dict[str, tuple[int, int | None]]:
        out: dict[str, tuple[int, int | None]] = {
            "contacts": (self.n("contacts"), None),
            "s1_received": (self.n("s1_received"), None),
            "s2_received": (self.n("s2_received"), None),
            "declined": (self.n("declined", 1), None),
            "escalation_refused": (self.n("declined", 2), None),
        }
        for s in (1, 2):
            for step in ("ack", "resp"):
                out[f"s{s}_{step}"] = (self.n(step, s), self.n(step + "_on_time", s))
                out[f"s{s}_{step}_overdue"] = (self.n(step + "_overdue", s), None)
            # of those not on time: acknowledged late, and answered without an acknowledgement
            never = self.n("ack_never", s)
            out[f"s{s}_ack_late"] = (self.n("ack", s) - self.n("ack_on_time", s) - never, None)
            out[f"s{s}_ack_never"] = (never, None)
            out[f"s{s}_ack_made"] = (self.n("ack", s) - never, None)
        return out

    def breakdown(self, key: str, limit: int) -> list[tuple[Any, int]]:
        if key in ("s1_outcome", "s2_outcome"):
            rows = self._grouped(f"outcome_{key[1]}")
            return [(value or None, n) for value, n in _ordered(rows)[:limit]]
        if key not in ("category", "area", "declined_ground"):
            raise KeyError(key)
        return _ordered(self._grouped(key))[:limit]

    def monthly(self) -> tuple[dict[Any, int], dict[Any, int]]:
        return dict(self._grouped("month_1")), dict(self._grouped("month_2"))

    def repeats(self, column: str, minimum: int, limit: int) -> list[dict[str, Any]]:
        key = {"resident": "resident_id", "property": "property_id"}[column]
        counts = self.total.get(column, {})
        # the most first, then the lowest id: the few of thousands, without sorting them all
        highest = heapq.nlargest(limit, counts.values())
        floor = max(minimum, highest[-1]) if highest else minimum
        top = sorted(((v, n) for v, n in counts.items() if n >= floor), key=lambda r: (-r[1], r[0]))[:limit]
        ids = [value for value, _ in top]
        names: dict[int, dict[str, Any]]
        if column == "resident":
            names = {r.pk: {"resident__name": r.name} for r in Resident.objects.filter(pk__in=ids)}
        else:
            names = {
                p.pk: {"property__reference": p.reference, "property__address_line_1": p.address_line_1}
                for p in Property.objects.filter(pk__in=ids)
            }
        return [{key: value, "n": n, **names.get(value, {})} for value, n in top]

    def remedies(self) -> dict[str, int]:
        names = (
            "remedies",
            "remedies_financial",
            "remedies_amount_not_counted",
            "remedies_completed",
            "remedies_paid",
            "remedies_overdue",
            "remedies_withdrawn",
            "remedies_withdrawn_after_due",
            "agreed_pence",
            "paid_pence",
            "not_counted_pence",
        )
        return {name: self.n(name) for name in names}

    def extensions(self) -> dict[str, int]:
        return {name: self.n(name) for name in ("extensions_1", "extensions_2", "extensions_good_reason")}

    def referred(self) -> int:
        return self.n("referred")


def _ordered(rows: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Most first, then by value, with "nothing recorded" where the database puts NULLs when sorting
    upwards (first on SQLite, last on PostgreSQL), so the bars match ``live``'s ``ORDER BY -n, value``."""
    nulls_first = connection.vendor == "sqlite"

    def order(row: tuple[Any, int]) -> tuple[int, int, Any]:
        value, n = row
        if value is None:
            return (-n, 0 if nulls_first else 2, "")
        return (-n, 1, value)

    return sorted(rows, key=order)


# --------------------------------------------------------------------------------------------------
# Counting. Rows are read through the ORM's SQL but without building its per-row results
# (``rows.as_given``).


@dataclass(frozen=True)
class _Days:
    """The period and today."""

    start: date
    end: date
    today: date

    def within(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class _Counting:
    """Counters by bucket, filled row by row."""

    def __init__(self) -> None:
        self.buckets: dict[int, Counts] = {}

    def add(self, complaint_id: int, name: str, key: Any = None, n: int = 1) -> None:
        counts = self.buckets.get(complaint_id // BUCKET)
        if counts is None:
            counts = self.buckets[complaint_id // BUCKET] = {}
        counter: Any = counts.get(name)
        if counter is None:
            counter = counts[name] = array("q") if name in MANY else {}
        if name in MANY:
            counter.append(key)
        else:
            counter[key] = counter.get(key, 0) + n


def contributions(
    period: tuple[date, date], today: date, ids: tuple[int, int] | None = None
) -> dict[int, Counts]:
    """Every row's contribution, by bucket: of the complaints with ids in ``[ids[0], ids[1])``, or
    of every complaint when ``ids`` is ``None`` (then only rows that can count are read)."""
    days = _Days(period[0], period[1], today)
    c = _Counting()
    scope = Q() if ids is None else Q(complaint_id__gte=ids[0], complaint_id__lt=ids[1])
    excluded: dict[int, set[int]] = {}
    exclusions = ExclusionApplied.objects.filter(scope).order_by()
    for cid, stage_number, applied_on, ground in as_given(
        exclusions.values_list("complaint_id", "stage", "applied_on", "ground")
    ):
        excluded.setdefault(cid, set()).add(stage_number)
        if days.within(applied_on):
            c.add(cid, "declined", stage_number)
            if stage_number == 1:
                c.add(cid, "declined_ground", ground)
    withdrawn = _count_complaints(c, days, period, ids, excluded)
    _count_stages(c, days, period, today, scope, excluded, withdrawn)
    _count_remedies(c, days, period, scope)
    _count_extensions(c, days, period, scope)
    referred = ComplaintEvent.objects.filter(scope, kind=ReferredToOmbudsman.kind).order_by()
    if ids is None:
        referred = referred.filter(on__range=period)
    for cid, on in as_given(referred.values_list("complaint_id", "on")):
        if days.within(on):
            c.add(cid, "referred")
    for counts in c.buckets.values():  # in id order, however the rows came
        for name in MANY:
            if name in counts:
                counts[name] = array("q", sorted(counts[name]))
    return c.buckets


def _count_complaints(
    c: _Counting,
    days: _Days,
    period: tuple[date, date],
    ids: tuple[int, int] | None,
    excluded: dict[int, set[int]],
) -> set[int]:
    """Count the complaints received in the period; return the withdrawn ones (their overdue steps
    do not count), which is why withdrawn complaints are read whenever they were received."""
    rows = Complaint.objects.order_by()
    if ids is None:
        rows = rows.filter(Q(received_on__range=period) | Q(state="withdrawn"))
    else:
        rows = rows.filter(pk__gte=ids[0], pk__lt=ids[1])
    withdrawn: set[int] = set()
    columns = ("pk", "received_on", "stage", "state", "category__name", "property__area")
    for cid, received_on, stage, state, category, area, resident_id, property_id in as_given(
        rows.values_list(*columns, "resident_id", "property_id")
    ):
        if state == "withdrawn":
            withdrawn.add(cid)
        if not days.within(received_on):
            continue
        c.add(cid, "contacts")
        if stage < 1 or (state in DECLINED_STATES and 1 in excluded.get(cid, ())):
            continue
        c.add(cid, "s1_received")
        c.add(cid, "category", category)
        c.add(cid, "area", area)
        c.add(cid, "month_1", _month(received_on))
        if resident_id is not None:
            c.add(cid, "resident", resident_id)
        if property_id is not None:
            c.add(cid, "property", property_id)
    return withdrawn


def _count_stages(
    c: _Counting,
    days: _Days,
    period: tuple[date, date],
    today: date,
    scope: Q,
    excluded: dict[int, set[int]],
    withdrawn: set[int],
) -> None:
    rows = Stage.objects.filter(scope).order_by()
    if not scope:
        rows = rows.filter(
            Q(escalation_requested_on__range=period)
            | Q(acknowledged_on__range=period)
            | Q(responded_on__range=period)
            | Q(acknowledged_on__isnull=True, responded_on__isnull=True, acknowledgement_due__lt=today)
            | Q(responded_on__isnull=True, response_due__lt=today)
        )
    columns = ("complaint_id", "number", "escalation_requested_on", "acknowledgement_due", "acknowledged_on")
    for cid, number, requested_on, ack_due, ack_on, resp_due, resp_on, outcome in as_given(
        rows.values_list(*columns, "response_due", "responded_on", "outcome")
    ):
        exclusions = excluded.get(cid, ())
        if number == 2 and days.within(requested_on) and 2 not in exclusions:
            c.add(cid, "s2_received")
            c.add(cid, "month_2", _month(requested_on))
        # a stage answered without ever being acknowledged (imported as it happened) missed it
        if days.within(ack_on if ack_on is not None else resp_on) and ack_due is not None:
            c.add(cid, "ack", number)
            if ack_on is None:
                c.add(cid, "ack_never", number)
            elif ack_on <= ack_due:
                c.add(cid, "ack_on_time", number)
        if days.within(resp_on):
            c.add(cid, "resp", number)
            if resp_due is not None and resp_on <= resp_due:
                c.add(cid, "resp_on_time", number)
            c.add(cid, f"outcome_{number}", outcome)
        if cid in withdrawn or exclusions:
            continue
        if ack_on is None and resp_on is None and ack_due is not None and ack_due < days.today:
            c.add(cid, "ack_overdue", number)
        if resp_on is None and resp_due is not None and resp_due < days.today:
            c.add(cid, "resp_overdue", number)


def _count_remedies(c: _Counting, days: _Days, period: tuple[date, date], scope: Q) -> None:
    rows = Remedy.objects.filter(scope).order_by()
    if not scope:
        rows = rows.filter(agreed_on__range=period)
    for cid, kind, agreed_on, amount, completed_on, due, withdrawn_on, ground in as_given(
        rows.values_list(
            "complaint_id",
            "kind",
            "agreed_on",
            "amount_pence",
            "completed_on",
            "due",
            "withdrawn_on",
            "withdrawn_ground",
        )
    ):
        if not days.within(agreed_on):
            continue
        if withdrawn_on is not None:  # not agreed after all, nor overdue: counted as withdrawn
            c.add(cid, "remedies_withdrawn")
            if (
                withdrawn_on > due and ground != RemedyWithdrawal.RECORDED_IN_ERROR
            ):  # not followed through by its due date
                c.add(cid, "remedies_withdrawn_after_due")
            continue
        c.add(cid, "remedies")
        # only a financial remedy's amount is compensation (2024 7.1); one on another kind, recorded
        # before the core refused it, is counted apart (``live.remedies``)
        financial = kind == RemedyKind.FINANCIAL and bool(amount)
        if financial:
            c.add(cid, "remedies_financial")
            c.add(cid, "agreed_pence", n=amount)
        elif amount:
            c.add(cid, "remedies_amount_not_counted")
            c.add(cid, "not_counted_pence", n=amount)
        if completed_on is not None:
            c.add(cid, "remedies_completed")
            if financial:
                c.add(cid, "remedies_paid")
                c.add(cid, "paid_pence", n=amount)
        elif due < days.today:
            c.add(cid, "remedies_overdue")


def _count_extensions(c: _Counting, days: _Days, period: tuple[date, date], scope: Q) -> None:
    rows = Extension.objects.filter(scope).order_by()
    if not scope:
        rows = rows.filter(granted_on__range=period)
    for cid, granted_on, stage, good_reason in as_given(
        rows.values_list("complaint_id", "granted_on", "stage", "good_reason")
    ):
        if not days.within(granted_on):
            continue
        if stage in (1, 2):
            c.add(cid, f"extensions_{stage}")
        if good_reason:
            c.add(cid, "extensions_good_reason")


#: when a tally is counted in full, event ids this far below the highest are checked for any not yet
#: committed (a step's transaction takes milliseconds; an import's a minute or two)
UNSEEN_WINDOW = 50_000
#: ids handed out and rolled back are never seen: runs of unseen ids are looked for this long (no
#: step's or import's transaction is open for so long), and only the most recent runs are kept
UNSEEN_FOR_SECONDS = 15 * 60
UNSEEN_RUNS = 100
#: more new events than this since a tally was kept, and counting in full is as quick
CATCH_UP_LIMIT = 20_000

Runs = list[tuple[int, int, float]]


def _in_runs(runs: Runs) -> Q:
    found = Q()
    for first, last, _ in runs:
        found |= Q(pk__range=(first, last))
    return found


def _visible(ids: Q) -> dict[int, int]:
    """Event id -> complaint id, of the events matching ``ids`` that are visible now."""
    return dict(as_given(ComplaintEvent.objects.filter(ids).order_by().values_list("pk", "complaint_id")))


def _missing(runs: Runs, seen: dict[int, int], above: int) -> Runs:
    """The runs of ids within ``runs`` (and above ``above``) not in ``seen``, each keeping when it
    was first noticed: the most recent few, and none looked for longer than it could be pending."""
    out: Runs = []
    oldest = time.time() - UNSEEN_FOR_SECONDS
    for first, last, noticed in runs:
        if noticed < oldest:
            continue
        start = None
        for pk in range(max(first, above + 1), last + 1):
            if pk in seen:
                if start is not None:
                    out.append((start, pk - 1, noticed))
                    start = None
            elif start is None:
                start = pk
        if start is not None:
            out.append((start, last, noticed))
    return out[-UNSEEN_RUNS:]


def full(period: tuple[date, date], today: date, events: int = 0) -> Tally:
    """Every complaint counted, as of the highest event id ``events``."""
    counted = Tally(period=period, today=today, events=events)
    low = max(events - UNSEEN_WINDOW, 0)
    seen = _visible(Q(pk__gt=low, pk__lte=events))  # before the rows are read: see ``catch_up``
    counted.unseen = _missing([(low + 1, events, time.time())], seen, low) if events > low else []
    found = contributions(period, today)
    counted.replace(found, list(found))
    return counted


def catch_up(counted: Tally, events: int) -> bool:
    """Count again the buckets of the complaints with events after ``counted.events`` up to
    ``events``, or among those not seen before. The events are looked up before the rows are read
    again, so one committed in between is counted now and again later, never missed. False (and
    nothing changed) when there are too many to catch up with: count in full instead."""
    if events - counted.events > CATCH_UP_LIMIT:
        return False
    newer = [(counted.events + 1, events, time.time())] if events > counted.events else []
    runs = [*counted.unseen, *newer]
    seen = _visible(_in_runs(runs)) if runs else {}
    counted.unseen = _missing(runs, seen, events - UNSEEN_WINDOW)
    counted.events = max(counted.events, events)
    refresh(counted, set(seen.values()))
    return True


def any_seen(unseen: Runs) -> bool:
    """Whether any event id in these runs, unseen when figures were counted, is visible now."""
    return bool(unseen) and ComplaintEvent.objects.filter(_in_runs(unseen)).exists()


def refresh(counted: Tally, complaint_ids: Iterable[int]) -> None:
    """Count again the buckets of ``complaint_ids``."""
    for bucket in sorted({cid // BUCKET for cid in complaint_ids}):
        lo = bucket * BUCKET
        counted.replace(contributions(counted.period, counted.today, (lo, lo + BUCKET)), [bucket])
