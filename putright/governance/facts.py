"""One row of facts per complaint, computed by the database, from either of two sources.

Every figure in governance (dashboard, TSM, MRC and annual reports, self-assessment evidence) is an
aggregate over :func:`complaint_facts`: the ``Complaint`` queryset annotated with the same named
columns whichever source they come from:

* **now** (``AsAt.now()``, the default on the dashboard): joins to the projected ``Stage`` and
  ``ExclusionApplied`` rows. Fast: one query, no history read.
* **as at** a day D and a moment T (``AsAt(day=D, moment=T)``): correlated subqueries over the
  ``ComplaintEvent`` history, taking only events that happened on or before D (``on``) and were
  recorded on or before T (``recorded_at``). Deadlines come from the events themselves
  (``acknowledgement_due``, ``response_due``, ``new_due``), so the figures are those the records
  showed at T about the days up to D, and re-running with the same D and T gives the same figures
  whatever has been recorded since.

The two sources agree (a test proves it on a fixture with every kind of step); the dashboard uses the
first, reports use the second and keep D and T with their figures (``ReportRun``).

Columns (dates are ``None`` when the step has not happened):

``s1``            accepted as a stage 1 complaint and not then declined at stage 1
``s1_ack_due``    stage 1 acknowledgement due (2024 6.2)      ``s1_ack_on``  acknowledged on
``s1_resp_due``   stage 1 response due, with any extensions (6.3, 6.4)  ``s1_resp_on``  responded on
``s1_outcome``    upheld / partly_upheld / not_upheld
``s2``            escalation to stage 2 requested and not refused (6.10, 5.11)
``s2_req_on``     escalation requested on
``s2_ack_due``    stage 2 acknowledgement due (6.11; none under the 2022 Code)  ``s2_ack_on``
``s2_resp_due``   stage 2 response due, with any extensions (6.14, 6.15)  ``s2_resp_on``
``s2_outcome``
``declined_stage`` 1 when not accepted (2.1-2.5), 2 when escalation was refused (5.11)
``declined_on``, ``declined_ground``
``withdrawn``     the complaint was withdrawn
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    DateField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from putright.code.lifecycle import (
    AcceptedAsComplaint,
    Acknowledged,
    Closed,
    ContactReceived,
    DeadlineExtended,
    Declined,
    EscalationRequested,
    ReceivedDateCorrected,
    Responded,
    ServiceRequestResolved,
    Withdrawn,
)
from putright.complaints.models import Complaint, ComplaintEvent
from putright.governance.event_fields import field, kind_of

FACT_COLUMNS = (
    "s1",
    "s1_ack_due",
    "s1_ack_on",
    "s1_resp_due",
    "s1_resp_on",
    "s1_outcome",
    "s2",
    "s2_req_on",
    "s2_ack_due",
    "s2_ack_on",
    "s2_resp_due",
    "s2_resp_on",
    "s2_outcome",
    "declined_stage",
    "declined_on",
    "declined_ground",
    "withdrawn",
)


@dataclass(frozen=True)
class AsAt:
    """When the figures are taken: events on or before ``day``, recorded by ``moment``. ``None`` for
    both means now, from the projected tables."""

    day: date | None = None
    moment: datetime | None = None

    @classmethod
    def now(cls) -> AsAt:
        return cls()

    @classmethod
    def of(cls, day: date, moment: datetime | None = None) -> AsAt:
        """As at ``day`` as the records stand now (or at ``moment``)."""
        when = moment or timezone.now()
        return cls(day=day, moment=when)

    @property
    def live(self) -> bool:
        return self.day is None

    @property
    def today(self) -> date:
        return self.day if self.day is not None else timezone.localdate()

    def pinned(self) -> AsAt:
        """The same view with ``now`` made explicit, so it can be stored and re-run."""
        if self.live:
            return AsAt(day=timezone.localdate(), moment=timezone.now())
        if self.moment is None:
            return AsAt(day=self.day, moment=timezone.now())
        return self

    def events(self) -> QuerySet[ComplaintEvent]:
        """History rows visible at this as-at."""
        rows = ComplaintEvent.objects.all()
        if self.day is not None:
            # compared through an expression so that, per complaint, the planner keeps to the
            # (complaint, kind) index rather than scanning the (kind, on) index (SQLite, no ANALYZE)
            rows = rows.alias(on_day=Cast("on", DateField())).filter(on_day__lte=self.day)
        if self.moment is not None:
            rows = rows.filter(recorded_at__lte=self.moment)
        return rows

    def recorded(self, field: str = "recorded_at") -> Q:
        """A filter for governance rows recorded by this moment."""
        return Q(**{f"{field}__lte": self.moment}) if self.moment is not None else Q()

    def describe(self) -> str:
        if self.live:
            return "now"
        moment = timezone.localtime(self.moment) if self.moment else None
        return f"as at {self.day:%-d %B %Y}" + (
            f" (records as they stood {moment:%-d %B %Y %H:%M})" if moment else ""
        )


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


# The history fields the figures read, each checked against the Code's event class at import
# (:mod:`putright.governance.event_fields`): a renamed field fails here, not as a silent 0.
_ACCEPTED_ACK_DUE = field(AcceptedAsComplaint, "acknowledgement_due")
_CORRECTED_ACK_DUE = field(ReceivedDateCorrected, "acknowledgement_due")
_CORRECTED_RECEIVED_ON = field(ReceivedDateCorrected, "received_on")
_ACK_STAGE = field(Acknowledged, "stage")
_ACK_RESPONSE_DUE = field(Acknowledged, "response_due")
_EXTENDED_STAGE = field(DeadlineExtended, "stage")
_EXTENDED_NEW_DUE = field(DeadlineExtended, "new_due")
_RESPONDED_STAGE = field(Responded, "stage")
_RESPONDED_OUTCOME = field(Responded, "response", "outcome")
_RESPONDED_RESPONSE_DUE = field(Responded, "response_due")
_ESCALATED_TO = field(EscalationRequested, "to_stage")
_ESCALATED_ACK_DUE = field(EscalationRequested, "acknowledgement_due")
_ESCALATED_RESPONSE_DUE = field(EscalationRequested, "response_due")
_DECLINED_STAGE = field(Declined, "stage")
_DECLINED_GROUND = field(Declined, "ground")
# the stage and due-date fields share their names across these kinds, so one lookup reads them all
assert _ACK_STAGE.lookup == _EXTENDED_STAGE.lookup == _DECLINED_STAGE.lookup == _RESPONDED_STAGE.lookup
assert _ACK_RESPONSE_DUE.lookup == _ESCALATED_RESPONSE_DUE.lookup == _RESPONDED_RESPONSE_DUE.lookup
assert _ACCEPTED_ACK_DUE.lookup == _CORRECTED_ACK_DUE.lookup

#: the events that set the stage 1 acknowledgement date (2024 6.2): its acceptance, and a correction
#: of the day received made after it; the last one with a date counts
SETS_STAGE_1_ACK_DUE = (
    Q(kind__in=kind_of(AcceptedAsComplaint, ReceivedDateCorrected)) & _ACCEPTED_ACK_DUE.is_real_date()
)


#: the response due date an event sets, as stored text: an extension's new date, else the date set
#: on acknowledgement or escalation, or by a response at a stage never acknowledged
RESPONSE_DUE_TEXT = Coalesce(_EXTENDED_NEW_DUE.as_date_text(), _ACK_RESPONSE_DUE.as_date_text())


def sets_response_due(stage: int) -> Q:
    """Events that set stage ``stage``'s response due date (2024 6.3, 6.4, 6.14, 6.15): its
    acknowledgement, an extension of it, the escalation to it, or its response when it was never
    acknowledged (imported as it happened: the latest day the Code could have required it,
    ``lifecycle.response_due_unacknowledged``); the last one with a date counts."""
    return Q(kind__in=kind_of(Acknowledged, DeadlineExtended, Responded)) & _ACK_STAGE.equals(
        stage
    ) | _ESCALATED_TO.equals(stage) & Q(kind=EscalationRequested.kind)


def _first(
    rows: QuerySet[ComplaintEvent], value: Any, output: Any | None = None, *, last: bool = False
) -> Any:
    """The value in the first (or last) of ``rows``. A stored value is picked as text and only the
    picked one is cast to ``output``: cast inside the subquery, PostgreSQL may cast every row's
    value before it sorts, and one odd imported value on an event that is never picked (a stage
    stored as 2.0) would fail the whole report."""
    ordered = rows.order_by("-sequence" if last else "sequence")
    picked = Subquery(ordered.annotate(v=value).values("v")[:1])
    return picked if output is None else Cast(picked, output)


def _from_events(as_at: AsAt) -> QuerySet[Complaint]:
    ev = as_at.events().filter(complaint_id=OuterRef("pk"))
    date_field = DateField()

    def response_due(n: int) -> Any:
        rows = ev.filter(sets_response_due(n)).annotate(due=RESPONSE_DUE_TEXT)
        return _first(rows.filter(due__isnull=False), F("due"), date_field, last=True)

    declined = ev.filter(kind=Declined.kind)
    accepted = ev.filter(kind=AcceptedAsComplaint.kind)
    acknowledged = {n: ev.filter(_ACK_STAGE.equals(n), kind=Acknowledged.kind) for n in (1, 2)}
    responded = {n: ev.filter(_RESPONDED_STAGE.equals(n), kind=Responded.kind) for n in (1, 2)}
    escalated = ev.filter(_ESCALATED_TO.equals(2), kind=EscalationRequested.kind)
    return Complaint.objects.annotate(
        declined_stage=_first(declined, _DECLINED_STAGE.as_one_of(1, 2)),
        declined_on=_first(declined, F("on")),
        declined_ground=_first(declined, _DECLINED_GROUND.text()),
        s1=Exists(accepted) & ~Exists(declined.filter(_DECLINED_STAGE.equals(1))),
        s1_ack_due=_first(
            ev.filter(SETS_STAGE_1_ACK_DUE), _ACCEPTED_ACK_DUE.as_date_text(), date_field, last=True
        ),
        s1_ack_on=_first(acknowledged[1], F("on")),
        s1_resp_due=response_due(1),
        s1_resp_on=_first(responded[1], F("on")),
        s1_outcome=_first(responded[1], _RESPONDED_OUTCOME.text()),
        s2=Exists(escalated) & ~Exists(declined.filter(_DECLINED_STAGE.equals(2))),
        s2_req_on=_first(escalated, F("on")),
        s2_ack_due=_first(escalated, _ESCALATED_ACK_DUE.as_date_text(), date_field),
        s2_ack_on=_first(acknowledged[2], F("on")),
        s2_resp_due=response_due(2),
        s2_resp_on=_first(responded[2], F("on")),
        s2_outcome=_first(responded[2], _RESPONDED_OUTCOME.text()),
        withdrawn=Exists(ev.filter(kind=Withdrawn.kind)),
    )


def _from_projection() -> QuerySet[Complaint]:
    return (
        Complaint.objects.annotate(
            st1=FilteredRelation("stages", condition=Q(stages__number=1)),
            st2=FilteredRelation("stages", condition=Q(stages__number=2)),
        )
        .annotate(
            declined_stage=F("exclusions__stage"),
            declined_on=F("exclusions__applied_on"),
            declined_ground=F("exclusions__ground"),
            d_stage=Coalesce(F("exclusions__stage"), 0),
        )
        .annotate(
            s1=Q(st1__id__isnull=False) & ~Q(d_stage=1),
            s1_ack_due=F("st1__acknowledgement_due"),
            s1_ack_on=F("st1__acknowledged_on"),
            s1_resp_due=F("st1__response_due"),
            s1_resp_on=F("st1__responded_on"),
            s1_outcome=F("st1__outcome"),
            s2=Q(st2__id__isnull=False) & ~Q(d_stage=2),
            s2_req_on=F("st2__escalation_requested_on"),
            s2_ack_due=F("st2__acknowledgement_due"),
            s2_ack_on=F("st2__acknowledged_on"),
            s2_resp_due=F("st2__response_due"),
            s2_resp_on=F("st2__responded_on"),
            s2_outcome=F("st2__outcome"),
            withdrawn=Q(state="withdrawn"),
        )
    )


def complaint_facts(as_at: AsAt | None = None) -> QuerySet[Any]:
    """Every complaint with its fact columns (see the module docstring)."""
    as_at = as_at or AsAt.now()
    return _from_projection() if as_at.live else _from_events(as_at)


#: the steps that end a complaint (``Complaint.ended_on``); an escalation re-opens it
ENDING_KINDS = kind_of(Closed, Withdrawn, Declined, ServiceRequestResolved)
KEEP = 20  # snapshots kept; older ones are rebuilt on demand


def received_as_at(as_at: AsAt) -> Any:
    """The day received as the records stood at the as-at (2024 5.12): the last correction of it
    visible then, else the day first recorded where it was corrected only later, else the row's day.
    A report as at a moment before a correction gives the day it gave then."""
    if as_at.live:
        return F("received_on")
    corrections = as_at.events().filter(complaint_id=OuterRef("pk"), kind=ReceivedDateCorrected.kind)
    visible = _first(corrections, _CORRECTED_RECEIVED_ON.as_date_text(), DateField(), last=True)
    return Coalesce(visible, F("received_first_recorded"), F("received_on"), output_field=DateField())


def _candidates(as_at: AsAt, start: date, end: date) -> QuerySet[Complaint]:
    """Complaints that can count in the period: visible at the as-at, received by the end, and not
    ended before the start (their last visible step ends them and is before it). Every step of a
    complaint falls on or after the one before, so nothing left out has a step in the period, and
    an ended complaint is never waiting on a step."""
    last = as_at.events().filter(complaint_id=OuterRef("pk")).order_by("-sequence")
    return (
        # the row's day first (indexed): only a corrected complaint can have been received earlier then
        Complaint.objects.filter(visible_at(as_at))
        .filter(Q(received_on__lte=end) | Q(received_first_recorded__isnull=False))
        .alias(received_then=received_as_at(as_at))
        .filter(received_then__lte=end)
        .alias(last_kind=Subquery(last.values("kind")[:1]), last_on=Subquery(last.values("on")[:1]))
        .exclude(last_kind__in=ENDING_KINDS, last_on__lt=start)
    )


def snapshot(as_at: AsAt, start: date, end: date) -> QuerySet[Any]:
    """The facts of the complaints that can count in ``start``..``end`` as at ``as_at``, written once
    into ``ComplaintFact`` by one INSERT ... SELECT over the history (:func:`_snapshot_rows`; on
    PostgreSQL a SELECT written back by COPY, :func:`_copy_rows`), then
    aggregated like any table. Same inputs, same rows: the history is
    append-only and events recorded after the moment are left out."""
    from putright.governance.models import ComplaintFact, FactSnapshot

    assert as_at.day is not None and as_at.moment is not None, "a snapshot needs a pinned as-at"
    key = f"{as_at.day.isoformat()}|{as_at.moment.isoformat()}|{start.isoformat()}|{end.isoformat()}"
    found = FactSnapshot.objects.filter(key=key).first()
    if found is None:
        found = _build_snapshot(key, as_at, start, end)
    return ComplaintFact.objects.filter(snapshot=found)


def _build_snapshot(key: str, as_at: AsAt, start: date, end: date) -> Any:
    from putright.governance.models import ComplaintFact, FactSnapshot

    sql, params, columns = _snapshot_rows(as_at, start, end)
    table = ComplaintFact._meta.db_table
    targets = ["snapshot_id", "complaint_id", *(SNAPSHOT_TARGETS.get(c, c) for c in columns[1:])]
    qn = connection.ops.quote_name
    into = f"{qn(table)} ({', '.join(qn(t) for t in targets)})"
    picked = f"{', '.join('f.' + qn(c) for c in columns)} FROM ({sql}) f"  # names are ours
    try:
        with transaction.atomic():
            made = FactSnapshot.objects.create(key=key)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    made.rows = _copy_rows(cursor, made.pk, f"SELECT {picked}", params, into)
                else:
                    cursor.execute(f"INSERT INTO {into} SELECT %s, {picked}", [made.pk, *params])
                    made.rows = cursor.rowcount
            made.save(update_fields=["rows"])
    except IntegrityError:  # built by another request meanwhile
        return FactSnapshot.objects.get(key=key)
    stale = FactSnapshot.objects.order_by("-built_at", "-pk").values_list("pk", flat=True)[KEEP:]
    old = list(stale)
    if old:
        ComplaintFact.objects.filter(snapshot_id__in=old).delete()
        FactSnapshot.objects.filter(pk__in=old).delete()
    return made


def _copy_rows(cursor: Any, snapshot_id: int, sql: str, params: Any, into: str) -> int:
    """The snapshot's rows read by the SELECT alone, then written with COPY (PostgreSQL): an INSERT
    ... SELECT is never planned in parallel (PostgreSQL 15), the SELECT alone may be, and at 100,000
    complaints its aggregate is most of the snapshot's time (issue 17: the self-assessment's 10 s)."""
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:  # names are ours
        for row in rows:
            copy.write_row((snapshot_id, *row))
    return len(rows)


def _snapshot_rows(as_at: AsAt, start: date, end: date) -> tuple[str, Any, list[str]]:
    """The SELECT of a snapshot's rows (complaint id first, then the copied complaint columns and
    ``FACT_COLUMNS``): in one pass over the history on PostgreSQL (:mod:`.facts_one_pass`), else with
    a correlated subquery per fact and complaint. Both give the same rows (a test compares them)."""
    if connection.vendor == "postgresql":
        from putright.governance import facts_one_pass

        grouped, columns = facts_one_pass.rows(as_at, start, end)
        sql, params = grouped.query.sql_with_params()
        return sql, params, columns
    sql, params = per_complaint_rows(as_at, start, end).query.sql_with_params()
    return sql, params, list(SNAPSHOT_COLUMNS)


#: the columns of a snapshot row's SELECT, in the order the INSERT writes them
SNAPSHOT_COLUMNS = ("id", "received_as_at", "category_id", "property_id", "resident_id", *FACT_COLUMNS)
#: the snapshot's column a SELECT column is written to, where the names differ (the day received as
#: at the report is the row's ``received_on``)
SNAPSHOT_TARGETS = {"received_as_at": "received_on"}


def per_complaint_rows(as_at: AsAt, start: date, end: date) -> QuerySet[Any]:
    """A snapshot's rows with a correlated subquery per fact and complaint (any database)."""
    ids = _candidates(as_at, start, end).values("pk")
    found: QuerySet[Any] = (
        _from_events(as_at)
        .filter(pk__in=ids)
        .annotate(received_as_at=received_as_at(as_at))
        .values(*SNAPSHOT_COLUMNS)
    )
    return found


def visible_at(as_at: AsAt) -> Q:
    """Complaints that existed at the as-at (their first event is visible)."""
    if as_at.live:
        return Q()
    return Q(pk__in=as_at.events().filter(kind=ContactReceived.kind).values("complaint_id"))
