"""The figures managers, the MRC and the governing body see (2024 9.6, 9.7 a-d), as SQL aggregates
over :func:`putright.governance.facts.complaint_facts`, each with the complaints behind it.

A *measure* has a key, a label, the provision it reports on, and the filter that picks the
complaints it counts (its *denominator* for a rate); a rate also has a *numerator* filter (e.g.
"responded on or before the due date"). :func:`figures` computes every measure in one aggregate
query; :func:`complaints_for` returns the complaints behind any figure (``part`` = ``all``,
``met`` or ``missed``), which is what the dashboard's links open.

Timeliness follows the Regulator of Social Housing's rule for TSM CH02: a step counts as within the
Code's timescale when it was done on or before its due date, where the due date includes any
extension the Code allows (2024 6.4, 6.15: up to 10 / 20 further working days, or longer with a
good reason recorded). The core refuses any other extension, so every recorded extension is one the
Code allows; those that relied on a good reason are counted separately for scrutiny.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth

from putright.code.lifecycle import (
    DeadlineExtended,
    ReferredToOmbudsman,
    RemedyAgreed,
    RemedyCompleted,
    RemedyKind,
    RemedyWithdrawal,
    RemedyWithdrawn,
)
from putright.complaints.models import Complaint, ComplaintEvent, Extension, LearningPoint, Remedy
from putright.governance import live
from putright.governance.event_fields import field as event_field
from putright.governance.facts import AsAt, complaint_facts, snapshot
from putright.governance.models import (
    ADVERSE_FINDINGS,
    OmbudsmanCase,
    OmbudsmanCaseProgress,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OrderCompliance,
)
from putright.governance.tally import Tally

# --------------------------------------------------------------------------------------------------
# Periods


def _calendar_year(year: int) -> None:
    """A reporting year runs into the next calendar year, so both must be ones ``date`` can hold: a
    ValueError (as ``date`` gives for 10000) for any other, rather than its OverflowError for a
    number too large for a C integer, which no caller expects."""
    if not MINYEAR <= year < MAXYEAR:
        raise ValueError(f"{year} is not a year a reporting year can start in")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period must end on or after the day it starts")

    @classmethod
    def reporting_year(cls, year: int) -> Period:
        """The TSM and annual report year: 1 April to 31 March."""
        _calendar_year(year)
        return cls(date(year, 4, 1), date(year + 1, 3, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1 to 4 of the reporting year starting 1 April ``year``."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1, 2, 3 or 4")
        _calendar_year(year)
        starts = [date(year, 4, 1), date(year, 7, 1), date(year, 10, 1), date(year + 1, 1, 1)]
        ends = [date(year, 6, 30), date(year, 9, 30), date(year, 12, 31), date(year + 1, 3, 31)]
        return cls(starts[quarter - 1], ends[quarter - 1])

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    def range(self) -> tuple[date, date]:
        return (self.start, self.end)


def reporting_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


# --------------------------------------------------------------------------------------------------
# Measures over the facts


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    provision: str
    base: Callable[[Period, date], Q]
    hit: Callable[[Period, date], Q] | None = None
    hit_label: str = ""
    group: str = "volumes"

    @property
    def is_rate(self) -> bool:
        return self.hit is not None


def _in(field: str) -> Callable[[Period, date], Q]:
    return lambda p, today: Q(**{f"{field}__range": p.range()})


def _on_time(done: str, due: str) -> Callable[[Period, date], Q]:
    return lambda p, today: Q(**{f"{done}__lte": F(due)})


def _acknowledged_in(stage: int) -> Callable[[Period, date], Q]:
    """The stage's acknowledgements in the period, each due under the Code, and a stage answered in
    the period never acknowledged (imported as it happened): it was not acknowledged in time (2024
    6.2, 6.11), so it is counted, and never as on time (its acknowledgement date is empty)."""

    def build(p: Period, today: date) -> Q:
        return _acknowledged_made(stage)(p, today) | _never_acknowledged(stage)(p, today)

    return build


def _acknowledged_made(stage: int) -> Callable[[Period, date], Q]:
    """The stage's acknowledgements made in the period, each due under the Code (2024 6.2, 6.11): what
    the figure "acknowledgements in the period" counts, without a stage answered without one
    (:func:`_never_acknowledged`), which :func:`_acknowledged_in` counts as missed."""

    def build(p: Period, today: date) -> Q:
        s = f"s{stage}"
        return Q(**{f"{s}_ack_on__range": p.range(), f"{s}_ack_due__isnull": False})

    return build


def _acknowledged_late(stage: int) -> Callable[[Period, date], Q]:
    """The stage's acknowledgements in the period made after their due date (2024 6.2, 6.11): those
    that happened, not a stage answered without one (:func:`_never_acknowledged`)."""

    def build(p: Period, today: date) -> Q:
        s = f"s{stage}"
        return Q(
            **{
                f"{s}_ack_on__range": p.range(),
                f"{s}_ack_due__isnull": False,
                f"{s}_ack_on__gt": F(f"{s}_ack_due"),
            }
        )

    return build


def _never_acknowledged(stage: int) -> Callable[[Period, date], Q]:
    """A stage answered in the period that was never acknowledged (imported as it happened): no
    acknowledgement happened, so none is counted as made, but one was due and missed (2024 6.2, 6.11)."""

    def build(p: Period, today: date) -> Q:
        s = f"s{stage}"
        return Q(
            **{f"{s}_ack_on__isnull": True, f"{s}_resp_on__range": p.range(), f"{s}_ack_due__isnull": False}
        )

    return build


def _open_past_due(stage: int, step: str) -> Callable[[Period, date], Q]:
    """Still waiting at ``today`` with the due date passed (not withdrawn or declined)."""

    def build(p: Period, today: date) -> Q:
        s = f"s{stage}"
        waiting = Q(withdrawn=False, declined_stage__isnull=True)
        if step == "ack":
            # a stage answered without being acknowledged (imported as it happened) waits no longer
            unanswered = {f"{s}_ack_on__isnull": True, f"{s}_resp_on__isnull": True}
            return waiting & Q(**unanswered, **{f"{s}_ack_due__lt": today})
        return waiting & Q(**{f"{s}_resp_on__isnull": True, f"{s}_resp_due__lt": today})

    return build


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("contacts", "Contacts received", "2024 3.1", _in("received_on")),
        Measure(
            "s1_received",
            "Stage 1 complaints received",
            "2024 6.2",
            lambda p, t: Q(s1=True, received_on__range=p.range()),
        ),
        Measure(
            "s2_received",
            "Stage 2 complaints received (escalations)",
            "2024 6.11",
            lambda p, t: Q(s2=True, s2_req_on__range=p.range()),
        ),
        Measure(
            "declined",
            "Complaints not accepted",
            "2024 2.1",
            lambda p, t: Q(declined_stage=1, declined_on__range=p.range()),
        ),
        Measure(
            "escalation_refused",
            "Escalations refused",
            "2024 5.11",
            lambda p, t: Q(declined_stage=2, declined_on__range=p.range()),
        ),
        Measure(
            "s1_ack",
            "Stage 1 acknowledged within 5 working days",
            "2024 6.2",
            _acknowledged_in(1),
            _on_time("s1_ack_on", "s1_ack_due"),
            "acknowledged on time",
            "timeliness",
        ),
        Measure(
            "s1_resp",
            "Stage 1 responses within timescale (10 working days, plus extensions)",
            "2024 6.3",
            _in("s1_resp_on"),
            _on_time("s1_resp_on", "s1_resp_due"),
            "responded on time",
            "timeliness",
        ),
        Measure(
            "s2_ack",
            "Stage 2 acknowledged within 5 working days",
            "2024 6.11",
            _acknowledged_in(2),
            _on_time("s2_ack_on", "s2_ack_due"),
            "acknowledged on time",
            "timeliness",
        ),
        Measure(
            "s2_resp",
            "Stage 2 responses within timescale (20 working days, plus extensions)",
            "2024 6.14",
            _in("s2_resp_on"),
            _on_time("s2_resp_on", "s2_resp_due"),
            "responded on time",
            "timeliness",
        ),
        *(
            m
            for n, provision in ((1, "2024 6.2"), (2, "2024 6.11"))
            for m in (
                Measure(
                    f"s{n}_ack_made",
                    f"Stage {n} acknowledgements made in the period",
                    provision,
                    _acknowledged_made(n),
                    group="timeliness",
                ),
                Measure(
                    f"s{n}_ack_late",
                    f"Stage {n} acknowledged, after the Code's timescale",
                    provision,
                    _acknowledged_late(n),
                    group="timeliness",
                ),
                Measure(
                    f"s{n}_ack_never",
                    f"Stage {n} not acknowledged: answered without an acknowledgement",
                    provision,
                    _never_acknowledged(n),
                    group="timeliness",
                ),
            )
        ),
        Measure(
            "s1_ack_overdue",
            "Stage 1 awaiting acknowledgement, past due",
            "2024 6.2",
            _open_past_due(1, "ack"),
            group="overdue",
        ),
        Measure(
            "s1_resp_overdue",
            "Stage 1 awaiting response, past due",
            "2024 6.3",
            _open_past_due(1, "resp"),
            group="overdue",
        ),
        Measure(
            "s2_ack_overdue",
            "Stage 2 awaiting acknowledgement, past due",
            "2024 6.11",
            _open_past_due(2, "ack"),
            group="overdue",
        ),
        Measure(
            "s2_resp_overdue",
            "Stage 2 awaiting response, past due",
            "2024 6.14",
            _open_past_due(2, "resp"),
            group="overdue",
        ),
    )
}

#: the grouped breakdowns: key -> (fact column grouped, base measure, label)
BREAKDOWNS: dict[str, tuple[str, str, str]] = {
    "category": ("category__name", "s1_received", "Stage 1 complaints by category"),
    "area": ("property__area", "s1_received", "Stage 1 complaints by area"),
    "s1_outcome": ("s1_outcome", "s1_resp", "Stage 1 outcomes"),
    "s2_outcome": ("s2_outcome", "s2_resp", "Stage 2 outcomes"),
    "declined_ground": ("declined_ground", "declined", "Complaints not accepted, by ground"),
}


@dataclass
class Figure:
    key: str
    label: str
    provision: str
    value: int
    numerator: int | None = None
    hit_label: str = ""
    group: str = "volumes"

    @property
    def percent(self) -> float | None:
        if self.numerator is None or not self.value:
            return None
        return round(100.0 * self.numerator / self.value, 1)

    @property
    def missed(self) -> int:
        return self.value - (self.numerator or 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "provision": self.provision,
            "value": self.value,
            "numerator": self.numerator,
            "percent": self.percent,
        }


def _facts(as_at: AsAt, period: Period | None = None) -> QuerySet[Any]:
    """The facts, narrowed to complaints that can have a step in ``period``: received by its end and,
    from the projection, not ended before it starts (a complaint's steps all fall on or before the
    day it ended; an escalation re-opens it). Open complaints stay in, for the overdue measures."""
    if not as_at.live:
        assert period is not None
        rows: QuerySet[Any] = snapshot(as_at.pinned(), period.start, period.end).annotate(
            cid=F("complaint_id")
        )
        return rows
    facts: QuerySet[Any] = complaint_facts(as_at).annotate(cid=F("pk"))
    if period is not None:
        facts = facts.filter(received_on__lte=period.end)
        facts = facts.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    return facts


def fact_figures(
    period: Period, as_at: AsAt, keys: list[str] | None = None, *, tally: Tally | None = None
) -> dict[str, Figure]:
    """Every measure over the facts in one aggregate query (live: from ``tally`` when given)."""
    today = as_at.today
    chosen = [MEASURES[k] for k in (keys or list(MEASURES))]
    if as_at.live:
        found = tally.figures() if tally is not None else live.figures(period.range(), today)
        return {
            m.key: Figure(
                key=m.key,
                label=m.label,
                provision=m.provision,
                value=found[m.key][0],
                numerator=found[m.key][1],
                hit_label=m.hit_label,
                group=m.group,
            )
            for m in chosen
        }
    aggregates: dict[str, Any] = {}
    for m in chosen:
        base = m.base(period, today)
        aggregates[f"{m.key}__d"] = Count("pk", filter=base)
        if m.hit is not None:
            aggregates[f"{m.key}__n"] = Count("pk", filter=base & m.hit(period, today))
    row = _facts(as_at, period).aggregate(**aggregates)
    return {
        m.key: Figure(
            key=m.key,
            label=m.label,
            provision=m.provision,
            value=row[f"{m.key}__d"],
            numerator=row.get(f"{m.key}__n"),
            hit_label=m.hit_label,
            group=m.group,
        )
        for m in chosen
    }


@dataclass
class Bar:
    label: str
    value: int
    link: dict[str, str] = field(default_factory=dict)


def breakdown(
    key: str, period: Period, as_at: AsAt, *, limit: int = 12, tally: Tally | None = None
) -> list[Bar]:
    column, measure_key, _ = BREAKDOWNS[key]
    m = MEASURES[measure_key]
    if as_at.live:
        pairs = (
            tally.breakdown(key, limit) if tally is not None else live.breakdown(key, period.range(), limit)
        )
    else:
        pairs = [(r[column], r["n"]) for r in _grouped(column, m, period, as_at, limit)]
    return [
        Bar(
            label=_group_label(key, value),
            value=n,
            link={"measure": measure_key, "by": key, "value": value if value is not None else ""},
        )
        for value, n in pairs
    ]


def _grouped(column: str, m: Measure, period: Period, as_at: AsAt, limit: int) -> QuerySet[Any]:
    rows: QuerySet[Any] = (
        _facts(as_at, period)
        .filter(m.base(period, as_at.today))
        .values(column)
        .annotate(n=Count("pk"))
        .order_by("-n", column)[:limit]
    )
    return rows


def _group_label(key: str, value: Any) -> str:
    if value in (None, ""):
        return {"category": "No category", "area": "No area recorded"}.get(key, "Not recorded")
    return str(value).replace("_", " ").capitalize() if key.endswith(("outcome", "ground")) else str(value)


def monthly(period: Period, as_at: AsAt, *, tally: Tally | None = None) -> list[dict[str, Any]]:
    """Stage 1 and stage 2 complaints received per month of the period."""
    if as_at.live:
        s1, s2 = tally.monthly() if tally is not None else live.monthly(period.range())
        return _months(period, s1, s2)
    facts = _facts(as_at, period)
    s1 = dict(
        facts.filter(s1=True, received_on__range=period.range())
        .annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    s2 = dict(
        facts.filter(s2=True, s2_req_on__range=period.range())
        .annotate(month=TruncMonth("s2_req_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return _months(period, s1, s2)


def _months(period: Period, s1: dict[Any, int], s2: dict[Any, int]) -> list[dict[str, Any]]:
    out = []
    month = date(period.start.year, period.start.month, 1)
    while month <= period.end:
        key = _month_key(month)
        out.append(
            {
                "month": month,
                "s1": next((n for m, n in s1.items() if _month_key(m) == key), 0),
                "s2": next((n for m, n in s2.items() if _month_key(m) == key), 0),
            }
        )
        month = date(month.year + (month.month // 12), month.month % 12 + 1, 1)
    return out


def _month_key(value: Any) -> str:
    if isinstance(value, str):
        return value[:7]
    return f"{value.year:04d}-{value.month:02d}"


def repeat_complainants(
    period: Period, as_at: AsAt, *, minimum: int = 2, limit: int = 10, tally: Tally | None = None
) -> list[Bar]:
    """Residents with ``minimum`` or more stage 1 complaints received in the period (9.2, 9.4)."""
    rows = (
        _live_repeats(period, "resident", minimum, limit, tally)
        if as_at.live
        else _facts(as_at, period)
        .filter(s1=True, received_on__range=period.range())
        .values("resident_id", "resident__name")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .order_by("-n", "resident_id")[:limit]
    )
    return [
        Bar(
            r["resident__name"],
            r["n"],
            {"measure": "s1_received", "by": "resident", "value": str(r["resident_id"])},
        )
        for r in rows
    ]


def repeat_properties(
    period: Period, as_at: AsAt, *, minimum: int = 2, limit: int = 10, tally: Tally | None = None
) -> list[Bar]:
    rows = (
        _live_repeats(period, "property", minimum, limit, tally)
        if as_at.live
        else _facts(as_at, period)
        .filter(s1=True, received_on__range=period.range(), property__isnull=False)
        .values("property_id", "property__reference", "property__address_line_1")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .order_by("-n", "property_id")[:limit]
    )
    return [
        Bar(
            f"{r['property__reference']} {r['property__address_line_1']}",
            r["n"],
            {"measure": "s1_received", "by": "property", "value": str(r["property_id"])},
        )
        for r in rows
    ]


# --------------------------------------------------------------------------------------------------
# Extensions and remedies: rows of their own (projection) or events (as at)

EXTRA_MEASURES: dict[str, tuple[str, str]] = {
    # a referral is an event on the complaint; what the Ombudsman then did is an Ombudsman case in the
    # register (``OmbudsmanCase``). Both are reported for 9.7 c, side by side, with the referrals no
    # case was recorded for, so the two figures explain each other (3.7 is about telling residents of
    # their right to go to the Ombudsman, which no count of referrals shows).
    "referred": ("Complaints referred to the Ombudsman (referral recorded on the complaint)", "2024 9.7 c"),
    "extensions_1": ("Stage 1 extensions granted", "2024 6.4"),
    "extensions_2": ("Stage 2 extensions granted", "2024 6.15"),
    "extensions_good_reason": ("Extensions beyond the Code's limit, on a recorded good reason", "2024 6.4"),
    "remedies": ("Remedies agreed", "2024 7.3"),
    "remedies_financial": ("Financial remedies agreed", "2024 7.1"),
    "remedies_amount_not_counted": (
        "Remedies that are not financial with an amount recorded, not counted as compensation "
        "(recorded before only a financial remedy could hold an amount)",
        "2024 7.1",
    ),
    "remedies_completed": ("Remedies completed", "2024 7.3"),
    "remedies_paid": (
        "Financial remedies paid (completed): the compensation paid is their amounts",
        "2024 7.1",
    ),
    "remedies_overdue": ("Remedies past their due date, not completed", "2024 7.3"),
    "remedies_withdrawn": ("Remedies withdrawn: recorded in error, declined or replaced", "2024 7.3"),
    "remedies_withdrawn_after_due": (
        "Remedies withdrawn after they fell due, not carried out by then (declined or replaced)",
        "2024 7.3",
    ),
    "remedies_below_defined_sum": ("Offers below the Ombudsman's defined sums", "2024 7.4"),
    "learning_points": ("Learning points recorded", "2024 9.1"),
    "ombudsman_cases": (
        "Ombudsman cases recorded in the Ombudsman register, referred in the period",
        "2024 9.7 c",
    ),
    "ombudsman_referrals_unrecorded": (
        "Referrals in the period with no Ombudsman case recorded in the Ombudsman register",
        "2024 9.7 c",
    ),
    "ombudsman_adverse": ("Ombudsman findings of maladministration or service failure", "2024 9.7 c"),
    "ombudsman_orders_due": ("Ombudsman orders and recommendations due", "2024 9.7 c"),
    "ombudsman_orders_overdue": ("Ombudsman orders past due, not complied with", "2024 9.7 c"),
    "ombudsman_investigations_open": ("Ombudsman investigations open at the as-at day", "2024 9.7 c"),
    "ombudsman_orders_complied": (
        "Ombudsman orders and recommendations due in the period, complied with by the as-at day",
        "2024 9.7 c",
    ),
    "ombudsman_orders_complied_on_time": (
        "Ombudsman orders and recommendations due in the period, complied with by their due date",
        "2024 9.7 c",
    ),
}


# the history fields read here, checked against the Code's event classes at import (item 7)
_EXTENDED_STAGE = event_field(DeadlineExtended, "stage")
_EXTENDED_GOOD_REASON = event_field(DeadlineExtended, "good_reason")
_REMEDY_NUMBER = event_field(RemedyAgreed, "number")
_REMEDY_AMOUNT = event_field(RemedyAgreed, "amount_pence")
_REMEDY_DUE = event_field(RemedyAgreed, "due")
_REMEDY_KIND = event_field(RemedyAgreed, "remedy_kind")
_COMPLETED_NUMBER = event_field(RemedyCompleted, "number")
_WITHDRAWN_NUMBER = event_field(RemedyWithdrawn, "number")
_WITHDRAWN_GROUND = event_field(RemedyWithdrawn, "ground")


def _extension_rows(period: Period, as_at: AsAt, stage: int | None = None) -> QuerySet[Any]:
    """Extensions granted in the period (at ``stage`` if given). As at a past moment the stage is
    compared as stored JSON (2.0 is 2), never cast: a cast runs on every extension in the period,
    and one imported with an odd stage would stop the PostgreSQL report."""
    if as_at.live:
        granted = Extension.objects.filter(granted_on__range=period.range())
        return granted if stage is None else granted.filter(stage=stage)
    events = as_at.events().filter(kind=DeadlineExtended.kind, on__range=period.range())
    return events if stage is None else events.filter(_EXTENDED_STAGE.equals(stage))


def _extension_beyond_limit(rows: QuerySet[Any], as_at: AsAt) -> QuerySet[Any]:
    if as_at.live:
        return rows.exclude(good_reason="")
    return rows.exclude(_EXTENDED_GOOD_REASON.equals(""))


def _remedy_rows(period: Period, as_at: AsAt) -> QuerySet[Any]:
    """Remedies agreed in the period, with their amount and whether completed by the as-at. As at a
    past moment the amount and due date are read from the history only when stored as a whole number
    and a real ISO date (see :mod:`event_fields`): one remedy imported with an odd value would otherwise
    stop the PostgreSQL report, and SQLite would read it another way."""
    if as_at.live:
        return Remedy.objects.filter(agreed_on__range=period.range()).annotate(
            amount=F("amount_pence"),
            completed=F("completed_on"),
            due_on=F("due"),
            rkind=F("kind"),
            withdrawn=F("withdrawn_on"),
            withdrawn_as=F("withdrawn_ground"),
        )
    completed = (
        as_at.events()
        .filter(complaint_id=OuterRef("complaint_id"), kind=RemedyCompleted.kind)
        .filter(_COMPLETED_NUMBER.equals(OuterRef(_REMEDY_NUMBER.lookup)))
    )
    withdrawn = (
        as_at.events()
        .filter(complaint_id=OuterRef("complaint_id"), kind=RemedyWithdrawn.kind)
        .filter(_WITHDRAWN_NUMBER.equals(OuterRef(_REMEDY_NUMBER.lookup)))
    )
    return (
        as_at.events()
        .filter(kind=RemedyAgreed.kind, on__range=period.range())
        .annotate(
            amount=_REMEDY_AMOUNT.as_whole_number(),
            due_on=_REMEDY_DUE.as_date_text(),
            rkind=_REMEDY_KIND.text(),
        )
        .annotate(
            completed=Subquery(completed.order_by("sequence").values("on")[:1]),
            withdrawn=Subquery(withdrawn.order_by("sequence").values("on")[:1]),
            withdrawn_as=Subquery(
                withdrawn.order_by("sequence").annotate(ground=_WITHDRAWN_GROUND.text()).values("ground")[:1]
            ),
        )
    )


#: a financial remedy (2024 7.1) with an amount: the only money the compensation figures total. An
#: amount on another kind (an apology that took £50, recorded before the core refused it) is no
#: compensation, and is listed beside the figures as not counted (:data:`AMOUNTS_NOT_COUNTED`)
_FINANCIAL = Q(rkind=RemedyKind.FINANCIAL.value)
#: the extra figure listing amounts on remedies that are not financial, shown beside the money
AMOUNTS_NOT_COUNTED = "remedies_amount_not_counted"
#: the financial remedies completed: the list behind the compensation paid, which totals their amounts
PAID = "remedies_paid"
#: the extra figures said with the money rather than as figures of their own
WITH_THE_MONEY = (PAID, AMOUNTS_NOT_COUNTED)


def _financial(rows: QuerySet[Any]) -> QuerySet[Any]:
    """The financial remedies among ``rows`` with an amount: those the compensation figures total."""
    return rows.filter(_FINANCIAL, amount__gt=0)


def _withdrawn_after_due(period: Period, as_at: AsAt) -> QuerySet[Any]:
    """Remedies withdrawn after they fell due, not carried out by then, as declined by the resident or
    replaced (2024 7.3: followed through). Withdrawing an overdue remedy took it out of "past due"
    and its complaint off 7.3's failing list: the record looked more compliant than the service given.
    One recorded in error was never owed, and is counted as withdrawn only."""
    rows: QuerySet[Any] = (
        _remedy_rows(period, as_at)
        .filter(withdrawn__isnull=False)
        .exclude(withdrawn_as=RemedyWithdrawal.RECORDED_IN_ERROR)
    )
    if as_at.live:
        return rows.filter(withdrawn__gt=F("due_on"))
    # the history's due date is ISO text (or NULL when it is not a real date): compared as text
    as_text: QuerySet[Any] = rows.annotate(withdrawn_text=Cast("withdrawn", CharField()))
    return as_text.filter(withdrawn_text__gt=F("due_on"))


def _standing_remedy_rows(period: Period, as_at: AsAt) -> QuerySet[Any]:
    """Remedies agreed in the period and not withdrawn by the as-at: a remedy recorded in error,
    declined or replaced is counted as withdrawn only (2024 7.3)."""
    return _remedy_rows(period, as_at).filter(withdrawn__isnull=True)


def below_defined_sums(period: Period, as_at: AsAt) -> QuerySet[Any]:
    """Offers decided in the period, per failure, below the Ombudsman's defined sum (2024 7.4)."""
    from putright.ombudsman.models import RemedyDecision

    return RemedyDecision.objects.filter(
        as_at.recorded("decided_at"),
        decided_at__date__range=period.range(),
        defined_pence__isnull=False,
        offered_pence__lt=F("defined_pence"),
    )


def _ombudsman_cases(as_at: AsAt) -> QuerySet[OmbudsmanCase]:
    cases = OmbudsmanCase.objects.filter(as_at.recorded())
    if not as_at.live:
        cases = cases.filter(referred_on__lte=as_at.today)
    return cases


def _progress_recorded_by(as_at: AsAt) -> QuerySet[OmbudsmanCaseProgress]:
    """Each case's history rows recorded by the as-at's moment, the latest first."""
    assert as_at.moment is not None
    return OmbudsmanCaseProgress.objects.filter(
        case_id=OuterRef("pk"), recorded_at__lte=as_at.moment
    ).order_by("-recorded_at", "-id")


def ombudsman_cases_as_recorded(as_at: AsAt) -> QuerySet[Any]:
    """The Ombudsman cases recorded by the as-at, each with its progress as recorded by the as-at's
    moment (the latest row of its history by then, not the case's values as they stand now: 2024 9.7 c,
    a report re-run for its own moment shows what it showed): ``progress_as_recorded`` (what the
    lists behind the figures name), ``started_as_recorded``,
    ``determined_as_recorded`` and ``progress_known``, false where the case's history began after that
    moment (recorded before history was kept), so nothing is known of its progress then."""
    cases = _ombudsman_cases(as_at)
    if as_at.moment is None:
        return cases.annotate(
            progress_as_recorded=F("progress"),
            started_as_recorded=F("investigation_started_on"),
            determined_as_recorded=F("determined_on"),
            progress_known=Value(True),
        )
    latest = _progress_recorded_by(as_at)
    return cases.annotate(
        progress_as_recorded=Subquery(latest.values("progress")[:1]),
        started_as_recorded=Subquery(latest.values("investigation_started_on")[:1]),
        determined_as_recorded=Subquery(latest.values("determined_on")[:1]),
        progress_known=Exists(latest),
    )


def _not_determined_by(day: date) -> Q:
    """Cases of :func:`ombudsman_cases_as_recorded` not determined, as recorded, by ``day``."""
    return Q(determined_as_recorded__isnull=True) | Q(determined_as_recorded__gt=day)


def ombudsman_progress_not_known(as_at: AsAt) -> QuerySet[OmbudsmanCase]:
    """The cases recorded by the as-at whose progress then cannot be told: their history began after
    its moment. Counted as neither open nor closed, and said so beside the figures."""
    return ombudsman_cases_as_recorded(as_at).filter(progress_known=False)


def without_an_ombudsman_case(referrals: QuerySet[Any], as_at: AsAt) -> QuerySet[Any]:
    """The referrals (events on complaints) whose complaint has no Ombudsman case recorded by the
    as-at: the Ombudsman's investigation of them is missing from every 9.7 c figure."""
    recorded = _ombudsman_cases(as_at).filter(complaint_id=OuterRef("complaint_id"))
    return referrals.exclude(Exists(recorded))


def _ombudsman_orders(period: Period, as_at: AsAt) -> QuerySet[Any]:
    return orders_as_recorded(
        OmbudsmanOrder.objects.filter(as_at.recorded(), due__range=period.range()), as_at
    )


def orders_as_recorded(orders: QuerySet[OmbudsmanOrder], as_at: AsAt) -> QuerySet[Any]:
    """``orders``, each with its compliance as recorded by the as-at's moment (the latest row of its
    history by then, not the order's values as they stand now: 2024 9.7 c, a report re-run for its own
    moment shows what it showed, never compliance recorded, or a date of compliance corrected, since):
    ``complied_as_recorded`` (no day where none was recorded by then) and ``evidence_as_recorded``."""
    if as_at.moment is None:
        return orders.annotate(complied_as_recorded=F("complied_on"), evidence_as_recorded=F("evidence"))
    latest = OrderCompliance.objects.filter(order_id=OuterRef("pk"), recorded_at__lte=as_at.moment).order_by(
        "-recorded_at", "-id"
    )
    return orders.annotate(
        complied_as_recorded=Subquery(latest.values("complied_on")[:1]),
        evidence_as_recorded=Subquery(latest.values("evidence")[:1]),
    )


def complied_by(as_at: AsAt) -> Q:
    """The Ombudsman's orders (of :func:`orders_as_recorded`) complied with as at ``as_at``: on or
    before its day, as recorded by its moment (2024 9.7 c)."""
    return Q(complied_as_recorded__isnull=False, complied_as_recorded__lte=as_at.today)


def extra_rows(key: str, period: Period, as_at: AsAt) -> QuerySet[Any]:
    """The rows behind each extra measure; each has ``complaint_id`` (or ``case__complaint_id``)."""
    today = as_at.today
    if key == "referred":
        rows = ComplaintEvent.objects.all() if as_at.live else as_at.events()
        return rows.filter(kind=ReferredToOmbudsman.kind, on__range=period.range())
    if key == "extensions_1":
        return _extension_rows(period, as_at, 1)
    if key == "extensions_2":
        return _extension_rows(period, as_at, 2)
    if key == "extensions_good_reason":
        return _extension_beyond_limit(_extension_rows(period, as_at), as_at)
    if key == "remedies":
        return _standing_remedy_rows(period, as_at)
    if key == "remedies_financial":
        return _financial(_standing_remedy_rows(period, as_at))
    if key == AMOUNTS_NOT_COUNTED:
        return _standing_remedy_rows(period, as_at).exclude(_FINANCIAL).filter(amount__gt=0)
    if key == "remedies_completed":
        return _remedy_rows(period, as_at).filter(completed__isnull=False)
    if key == PAID:
        return _financial(_remedy_rows(period, as_at)).filter(completed__isnull=False)
    if key == "remedies_overdue":
        return _standing_remedy_rows(period, as_at).filter(completed__isnull=True, due_on__lt=today)
    if key == "remedies_withdrawn":
        return _remedy_rows(period, as_at).filter(withdrawn__isnull=False)
    if key == "remedies_withdrawn_after_due":
        return _withdrawn_after_due(period, as_at)
    if key == "remedies_below_defined_sum":
        return below_defined_sums(period, as_at)
    if key == "learning_points":
        return LearningPoint.objects.filter(
            as_at.recorded("created_at"), created_at__date__range=period.range()
        )
    if key == "ombudsman_cases":
        # with their progress as recorded by the as-at's moment, which the list names
        return ombudsman_cases_as_recorded(as_at).filter(referred_on__range=period.range())
    if key == "ombudsman_referrals_unrecorded":
        return without_an_ombudsman_case(extra_rows("referred", period, as_at), as_at)
    if key == "ombudsman_adverse":
        return OmbudsmanFinding.objects.filter(
            as_at.recorded(), determined_on__range=period.range(), finding__in=ADVERSE_FINDINGS
        )
    if key == "ombudsman_orders_due":
        return _ombudsman_orders(period, as_at)
    if key == "ombudsman_orders_overdue":
        return _ombudsman_orders(period, as_at).filter(due__lt=today).exclude(complied_by(as_at))
    if key == "ombudsman_investigations_open":
        return ombudsman_cases_as_recorded(as_at).filter(
            _not_determined_by(today),
            progress_known=True,
            started_as_recorded__isnull=False,
            started_as_recorded__lte=today,
        )
    if key == "ombudsman_orders_complied":
        return _ombudsman_orders(period, as_at).filter(complied_by(as_at))
    if key == "ombudsman_orders_complied_on_time":
        return extra_rows("ombudsman_orders_complied", period, as_at).filter(
            complied_as_recorded__lte=F("due")
        )
    raise KeyError(key)


#: the figures whose rows belong to an Ombudsman case rather than directly to a complaint
ON_AN_OMBUDSMAN_CASE = (
    "ombudsman_adverse",
    "ombudsman_orders_due",
    "ombudsman_orders_overdue",
    "ombudsman_orders_complied",
    "ombudsman_orders_complied_on_time",
)
#: the extra figures the dashboard and reports show under the Ombudsman (2024 9.7 c), in order
OMBUDSMAN_FIGURES = (
    "referred",
    "ombudsman_cases",
    "ombudsman_referrals_unrecorded",
    "ombudsman_adverse",
    "ombudsman_orders_due",
    "ombudsman_orders_overdue",
)


#: the extra figures said in the Ombudsman summary's sentence (investigations open, orders complied
#: with), each linked to its list, rather than as figures of their own
WITH_THE_OMBUDSMAN_SUMMARY = (
    "ombudsman_investigations_open",
    "ombudsman_orders_complied",
    "ombudsman_orders_complied_on_time",
)


def _complaint_ids(key: str, rows: QuerySet[Any]) -> QuerySet[Any]:
    if key in ON_AN_OMBUDSMAN_CASE:
        return rows.values("case__complaint_id")
    return rows.values("complaint_id")


def _live_repeats(
    period: Period, column: str, minimum: int, limit: int, tally: Tally | None
) -> list[dict[str, Any]]:
    if tally is not None:
        return tally.repeats(column, minimum, limit)
    return live.repeats(period.range(), column, minimum, limit)


def remedy_counts(period: Period, as_at: AsAt, *, tally: Tally | None = None) -> dict[str, int] | None:
    """Every live remedy figure and sum (``live.remedies``), from ``tally`` when given, in one pass;
    ``None`` as at a past moment, whose figures are read from the history. A page showing the remedy
    figures, the money and the amounts not counted reads this once and gives it to each."""
    if not as_at.live:
        return None
    return tally.remedies() if tally is not None else live.remedies(period.range(), as_at.today)


def _live_remedies(
    period: Period, as_at: AsAt, tally: Tally | None, remedies: dict[str, int] | None
) -> dict[str, int] | None:
    return remedies if remedies is not None and as_at.live else remedy_counts(period, as_at, tally=tally)


def extra_figures(
    period: Period, as_at: AsAt, *, tally: Tally | None = None, remedies: dict[str, int] | None = None
) -> dict[str, Figure]:
    """Each of :data:`EXTRA_MEASURES`. ``remedies`` is :func:`remedy_counts`, when already read."""
    known: dict[str, int] = dict(_live_remedies(period, as_at, tally, remedies) or {})
    if tally is not None and as_at.live:
        known.update(tally.extensions())
        known["referred"] = tally.referred()
    elif as_at.live:  # one pass each over remedies and extensions
        known.update(live.extensions(period.range()))
    out = {}
    for key, (label, provision) in EXTRA_MEASURES.items():
        value = known[key] if key in known else extra_rows(key, period, as_at).count()
        out[key] = Figure(key=key, label=label, provision=provision, value=value, group="extra")
    return out


def _pence(rows: QuerySet[Any]) -> int:
    return int(rows.aggregate(total=Coalesce(Sum("amount"), 0))["total"])


def money(
    period: Period, as_at: AsAt, *, tally: Tally | None = None, remedies: dict[str, int] | None = None
) -> dict[str, int]:
    """Compensation agreed in the period and, of it, paid (remedy completed) by the as-at, in pence:
    the amounts of financial remedies only (2024 7.1). An amount stored on another kind is not
    compensation; :func:`amounts_not_counted` says how much was left out, and on which remedies.
    ``remedies`` is :func:`remedy_counts`, when already read."""
    found = _live_remedies(period, as_at, tally, remedies)
    if found is not None:
        return {"agreed_pence": found["agreed_pence"], "paid_pence": found["paid_pence"]}
    # the rows the figures link to, so each sum and its list cannot disagree
    return {
        "agreed_pence": _pence(extra_rows("remedies_financial", period, as_at)),
        "paid_pence": _pence(extra_rows(PAID, period, as_at)),
    }


def amounts_not_counted(
    period: Period, as_at: AsAt, *, tally: Tally | None = None, remedies: dict[str, int] | None = None
) -> dict[str, int]:
    """The amounts stored on remedies agreed in the period that are not financial (recorded before the
    core refused them), which :func:`money` leaves out: how many remedies, and how much in pence, so
    the figures say what they left out rather than change silently. The remedies are
    ``extra_rows(AMOUNTS_NOT_COUNTED, ...)``; ``remedies`` is :func:`remedy_counts`, when already read."""
    found = _live_remedies(period, as_at, tally, remedies)
    if found is not None:
        return {"remedies": found[AMOUNTS_NOT_COUNTED], "pence": found["not_counted_pence"]}
    rows = extra_rows(AMOUNTS_NOT_COUNTED, period, as_at)
    return {"remedies": rows.count(), "pence": _pence(rows)}


def progress_not_known_note(cases: int, without_a_start: int = 0) -> str:
    """What the Ombudsman figures leave out: cases whose history began after the as-at's moment, and
    cases recorded as under investigation without the day it started (so whether it had started by
    the as-at day is not known); "" for none (said once, for the dashboard, the MRC's report and the
    annual report alike)."""
    notes = []
    if cases:
        one = cases == 1
        notes.append(
            f"Cannot tell for {cases} Ombudsman case{'' if one else 's'}: {'its' if one else 'their'} progress "
            f"was recorded before {'its' if one else 'their'} history was kept, so whether "
            f"{'it was' if one else 'they were'} under investigation then is not known, and "
            f"{'it is' if one else 'they are'} not counted."
        )
    if without_a_start:
        one = without_a_start == 1
        notes.append(
            f"Cannot tell for {without_a_start} Ombudsman case{'' if one else 's'} recorded as under "
            f"investigation without the day the investigation started: {'it is' if one else 'they are'} "
            "not counted (record the start date on the case)."
        )
    return " ".join(notes)


def ombudsman_start_not_known(as_at: AsAt) -> QuerySet[Any]:
    """The cases recorded (by the as-at's moment) as under investigation, not determined by its day,
    with no day the investigation started: not counted as open, and said so (2024 9.7 c; walker-186
    found one left out of "investigations open" with nothing said)."""
    return ombudsman_cases_as_recorded(as_at).filter(
        _not_determined_by(as_at.today),
        progress_known=True,
        progress_as_recorded=OmbudsmanCase.Progress.INVESTIGATION,
        started_as_recorded__isnull=True,
    )


def ombudsman_summary(period: Period, as_at: AsAt) -> dict[str, Any]:
    findings = (
        OmbudsmanFinding.objects.filter(as_at.recorded(), determined_on__range=period.range())
        .values("finding")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    # the rows each figure links to (``extra_rows``), so a figure and its list cannot disagree
    return {
        "open_investigations": extra_rows("ombudsman_investigations_open", period, as_at).count(),
        # cases whose history began after the as-at's moment: not counted open or closed, and said so
        "progress_not_known": (unknown := ombudsman_progress_not_known(as_at).count()),
        "investigation_start_not_known": (no_start := ombudsman_start_not_known(as_at).count()),
        "progress_not_known_note": progress_not_known_note(unknown, no_start),
        "findings": [{"finding": f["finding"], "n": f["n"]} for f in findings],
        "orders_due": extra_rows("ombudsman_orders_due", period, as_at).count(),
        "orders_complied": extra_rows("ombudsman_orders_complied", period, as_at).count(),
        "orders_complied_on_time": extra_rows("ombudsman_orders_complied_on_time", period, as_at).count(),
    }


# --------------------------------------------------------------------------------------------------
# The complaints behind a figure

PARTS = ("all", "met", "missed")


def complaints_for(
    measure: str,
    period: Period,
    as_at: AsAt,
    *,
    part: str = "all",
    by: str = "",
    value: str = "",
) -> QuerySet[Complaint]:
    """The complaints a figure counts. Raises ``KeyError`` for an unknown measure or ``ValueError``
    for a bad part or breakdown."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}")
    if measure in EXTRA_MEASURES:
        ids = _complaint_ids(measure, extra_rows(measure, period, as_at))
        return complaint_facts(as_at).filter(pk__in=ids)
    m = MEASURES[measure]
    q = m.base(period, as_at.today)
    facts = _facts(as_at, period)
    if m.hit is not None and part == "missed":
        # what was counted and not met: everything but the met, not ``~hit``, which drops a row whose
        # date is empty (NOT (NULL <= due) is NULL), as a stage answered without an acknowledgement
        # has on the live facts, so the dashboard's "late" link opened none of them
        hit = m.hit(period, as_at.today)
        facts = facts.filter(q).exclude(pk__in=facts.filter(q & hit).values("pk"))
    else:
        if m.hit is not None and part == "met":
            q &= m.hit(period, as_at.today)
        facts = facts.filter(q)
    if by:
        column = {
            "resident": "resident_id",
            "property": "property_id",
            **{k: v[0] for k, v in BREAKDOWNS.items()},
        }.get(by)
        if column is None:
            raise ValueError(f"unknown breakdown {by!r}")
        if value == "":
            facts = facts.filter(Q(**{f"{column}__isnull": True}) | Q(**{column: ""}))
        else:
            facts = facts.filter(**{column: value})
    return complaint_facts(as_at).filter(pk__in=facts.values("cid"))


def any_event_in(period: Period) -> Exists:
    return Exists(ComplaintEvent.objects.filter(complaint_id=OuterRef("pk"), on__range=period.range()))
