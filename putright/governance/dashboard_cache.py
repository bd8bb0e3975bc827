"""The dashboard's figures, computed once and reused while the data they come from is unchanged.

Every figure on the live dashboard is a function of:

* the complaint history: ``ComplaintEvent`` is append-only and every projection the figures read
  (``Complaint``, ``Stage``, ``Remedy``, ``Extension``, ``ExclusionApplied``) changes only when a
  service appends an event, so the highest event id stands for all of them;
* the governance rows the dashboard reads (Ombudsman cases, findings and orders, exceptional
  circumstances, and the compliance triggers and self-assessments behind the "self-assessment due"
  banner) and learning points: inserts change their row count and highest id; edits and deletes
  change :class:`~putright.governance.models.DataMarker`'s token (signals below);
* the landlord's settings and closure days (working days and due dates), and the names of categories,
  homes and residents the breakdowns show: edits change the marker; new rows their highest id;
* the period asked for, and today's date (overdue measures).

:func:`data_version` reads all of that in one small query, together with the figures stored for the
scope and day, so a request whose data is unchanged costs that one query. Nothing expires on a timer:
a stored version that no longer matches is never used. Only the live dashboard is kept this way;
figures as at a past day already come from their own cache (``facts.snapshot``).

When the version differs, the figures are built again, but the complaint counts behind them come from
a :class:`~putright.governance.tally.Tally`: counts per bucket of complaint ids, kept (in the
database, and in each web process) with the highest event id they have counted. New events mean only
their complaints' buckets are counted again (issue 17: the dashboard right after a change, about
600 ms at 100,000 complaints when everything was recounted). The tally is counted in full only for a
new day or scope, or after a change to what complaints are counted under (a category's name, a home's
area, projections rebuilt: the ``COUNTED_CHANGE`` marker). A test compares the kept tally with a full
count after every kind of step.

Events are noticed by id, and PostgreSQL hands ids out when a transaction inserts, not when it
commits: ids at or below a tally's watermark that it could not see are kept with it and with the
stored figures, and looked for again (``tally.catch_up``, ``tally.any_seen``).
"""

from __future__ import annotations

import pickle
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from putright.complaints.lookup import unique
from putright.complaints.models import (
    Category,
    ClosureDay,
    ComplaintEvent,
    Landlord,
    LearningPoint,
    Property,
    Resident,
)
from putright.complaints.projection import changed_without_event
from putright.governance import tally
from putright.governance.models import (
    ComplianceTrigger,
    DashboardFigures,
    DataMarker,
    ExceptionalCircumstance,
    OmbudsmanCase,
    OmbudsmanFinding,
    OmbudsmanOrder,
    SelfAssessment,
)
from putright.governance.performance import Scope
from putright.governance.tally import Tally

#: tables whose inserts are seen through COUNT(*) and MAX(id) (small tables)
COUNTED: tuple[type[models.Model], ...] = (
    OmbudsmanCase,
    OmbudsmanFinding,
    OmbudsmanOrder,
    ExceptionalCircumstance,
    ComplianceTrigger,
    SelfAssessment,
    LearningPoint,
)
#: large tables whose inserts are seen through MAX(id) alone (an index lookup, not a count)
HIGHEST_ID: tuple[type[models.Model], ...] = (ComplaintEvent, Category, Property, Resident)
#: edits and deletes of these change the marker (inserts too, except for homes and residents, which
#: are created with complaints and caught by MAX(id), so receiving a complaint never waits on it)
MARKED: tuple[type[models.Model], ...] = (*COUNTED, Landlord, ClosureDay, Category)
MARKED_ON_EDIT: tuple[type[models.Model], ...] = (Property, Resident)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


#: the key suffix of a scope's stored tally. What it counts from, besides the history, is its
#: ``Version.base``: the day (overdue steps), the marker of changes to what complaints are counted
#: under, and how tallies are kept. Anything else the figures read (governance rows, names,
#: settings) changes the figures built from the tally, never the tally itself
TALLY = ":tally"


def _version_sql() -> str:
    q = connection.ops.quote_name
    parts: list[str] = []
    for model in COUNTED:
        parts.append(f"(SELECT COUNT(*) FROM {_table(model)})")  # noqa: S608 -- table and column names are ours, quoted
        parts.append(f"(SELECT MAX({q('id')}) FROM {_table(model)})")  # noqa: S608 -- table and column names are ours, quoted
    for model in HIGHEST_ID:
        parts.append(f"(SELECT MAX({q('id')}) FROM {_table(model)})")  # noqa: S608 -- table and column names are ours, quoted
    landlord = _table(Landlord)
    for column in ("edition", "third_stage", "escalation_window_working_days"):
        parts.append(f"(SELECT {q(column)} FROM {landlord} WHERE {q('id')} = 1)")  # noqa: S608 -- table and column names are ours, quoted
    closure = _table(ClosureDay)
    parts.append(f"(SELECT COUNT(*) FROM {closure})")  # noqa: S608 -- table and column names are ours, quoted
    parts.append(f"(SELECT MAX({q('date')}) FROM {closure})")  # noqa: S608 -- table and column names are ours, quoted
    for marker in (ANY_CHANGE, COUNTED_CHANGE):
        parts.append(f"(SELECT {q('token')} FROM {_table(DataMarker)} WHERE {q('id')} = {marker})")  # noqa: S608 -- table and column names are ours, quoted
    stored = _table(DashboardFigures)
    parts.append(f"(SELECT {q('version')} FROM {stored} WHERE {q('key')} = %s)")  # noqa: S608 -- table and column names are ours, quoted
    parts.append(f"(SELECT {q('figures')} FROM {stored} WHERE {q('key')} = %s)")  # noqa: S608 -- table and column names are ours, quoted
    parts.append(f"(SELECT {q('version')} FROM {stored} WHERE {q('key')} = %s)")  # noqa: S608 -- table and column names are ours, quoted
    return "SELECT " + ", ".join(parts)


def cache_key(scope: Scope, today: date) -> str:
    return f"dashboard:{scope.period.start.isoformat()}:{scope.period.end.isoformat()}:{today.isoformat()}"


@dataclass(frozen=True)
class Version:
    """What the figures depend on, read in one query with what is stored."""

    current: str  # all of it
    base: str  # what the tally depends on besides events: the day and the counted-change marker
    events: int  # the highest event id
    stored: bytes | None  # the figures stored for the key
    stored_version: str | None  # and the version they were stored at
    tally_version: str | None  # the base and highest event id the stored tally was counted at


def data_version(key: str, today: date) -> Version:
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [key, key, key + TALLY])
        row = cursor.fetchone()
    *version, stored_version, stored, tally_version = row
    events = version[2 * len(COUNTED) + HIGHEST_ID.index(ComplaintEvent)]
    return Version(
        current=repr((today.isoformat(), *(str(v) for v in version))),
        # the COUNTED_CHANGE marker (read last), and how tallies are kept (a release may change it)
        base=repr((today.isoformat(), str(version[-1]), tally.BUCKET, tally.FORMAT)),
        events=int(events or 0),
        stored=bytes(stored) if stored is not None else None,
        stored_version=stored_version,
        tally_version=tally_version,
    )


#: each web process keeps the tallies it last used, so that a change costs neither reading the stored
#: tally back nor writing it each time: key -> (the stored tally's version it started from, the
#: tally). A few scopes only (at 100,000 complaints a year's tally is a few megabytes).
_in_process: OrderedDict[str, tuple[str, Tally]] = OrderedDict()
KEPT_IN_PROCESS = 2
#: the stored tally is written again once it is this many events behind, so a process that has no
#: tally of its own (just started, or serving another scope) counts again at most their complaints
STORE_AFTER_EVENTS = 100


#: the shape of the stored figures: figures stored by a release that shaped them otherwise are never
#: shown (2: the Ombudsman figures and the remedy figures as their own lists, 2024 9.7 c; 3: money
#: totals financial remedies only, with the amounts on other kinds said apart, 2024 7.1; 4: the money
#: paid links to the financial remedies paid, not every remedy completed; 5: the acknowledgements made
#: link to those made (2024 6.2, 6.11), the Ombudsman summary's figures to what they count, 9.7 c)
FIGURES_FORMAT = 5


def figures_for(scope: Scope, compute: Callable[[Tally | None], dict[str, Any]]) -> dict[str, Any]:
    """``compute(tally)`` for a live ``scope``, reused while the data version is unchanged, and
    computed from a tally brought up to date when only new events differ."""
    if not scope.as_at.live:
        return compute(None)
    today = timezone.localdate()
    key = cache_key(scope, today)
    version = data_version(key, today)
    if version.stored is not None and version.stored_version == version.current:
        kept: dict[str, Any] = pickle.loads(version.stored)  # noqa: S301 -- written only by store() below
        # (stored by this release: figures and the event ids unseen when they were counted)
        if kept.get("format") == FIGURES_FORMAT and not tally.any_seen(kept.get("unseen", [])):
            return kept["figures"]  # type: ignore[no-any-return]
    counted, stored_events = _current_tally(key, version, scope, today)
    result = compute(counted)
    store(
        key, version.current, today, {"figures": result, "unseen": counted.unseen, "format": FIGURES_FORMAT}
    )
    started_from = version.tally_version or ""
    if stored_events is None or version.events - stored_events >= STORE_AFTER_EVENTS:
        started_from = f"{version.base}|{version.events}"
        store(key + TALLY, started_from, today, counted)
    _in_process[key] = (started_from, counted)
    _in_process.move_to_end(key)
    while len(_in_process) > KEPT_IN_PROCESS:
        _in_process.popitem(last=False)
    return result


def _current_tally(key: str, version: Version, scope: Scope, today: date) -> tuple[Tally, int | None]:
    """A tally brought up to date (``tally.catch_up``), and the highest event id of the stored tally
    it came from; or a full count (and ``None``) when anything but new events changed, nothing is
    stored, or too much has happened since.

    This process's own tally is used when it started from the stored one the database holds now (a
    restored or rolled-back database holds another, or none); otherwise the stored one is read."""
    base, _, watermark = (version.tally_version or "").rpartition("|")
    if base == version.base and watermark.isdigit():
        own = _in_process.pop(key, None)  # taken, so no other thread of this process changes it
        counted: Tally | None = None
        if own is not None and own[0] == version.tally_version and own[1].events <= version.events:
            counted = own[1]
        else:
            row = unique(DashboardFigures.objects.filter(key=key + TALLY).only("figures"))
            if row is not None:
                counted = pickle.loads(bytes(row.figures))  # noqa: S301 -- written only by store()
        if counted is not None and tally.catch_up(counted, version.events):
            return counted, int(watermark)
    return tally.full(scope.period.range(), today, version.events), None


def store(key: str, version: str, today: date, result: Any) -> None:
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with transaction.atomic():
            DashboardFigures.objects.filter(day__lt=today).delete()  # earlier days are never asked again
            DashboardFigures.objects.update_or_create(
                key=key, defaults={"version": version, "figures": blob, "day": today}
            )
    except IntegrityError:  # another worker stored the same key at the same moment; either will do
        pass


#: the marker rows: any change the figures read, and a change to what the tally counts by (a
#: category's name, a home's area, projections rebuilt), which also changes the first
ANY_CHANGE, COUNTED_CHANGE = 1, 2
#: edits and deletes of these change what complaints are counted under (categories are few, so
#: their inserts too; new homes are caught by MAX(id) and count nothing until a complaint's event)
COUNTED_BY: tuple[type[models.Model], ...] = (Category, Property)


def mark_changed(counted: bool = False, **_: Any) -> None:
    """Change the marker's token, so every stored version stops matching (and with ``counted``,
    every stored tally too)."""
    for pk in (ANY_CHANGE, COUNTED_CHANGE) if counted else (ANY_CHANGE,):
        token = uuid.uuid4().hex
        if not DataMarker.objects.filter(pk=pk).update(token=token, changed_at=timezone.now()):
            try:
                with transaction.atomic():
                    DataMarker.objects.create(pk=pk, token=token)
            except IntegrityError:
                DataMarker.objects.filter(pk=pk).update(token=token, changed_at=timezone.now())


def _mark_counted(**_: Any) -> None:
    mark_changed(counted=True)


def _changed_without_event(erased: bool = False, **_: Any) -> None:
    """Everything is counted again; after an erasure the stored figures (which name residents and
    homes among the repeat complainants) are deleted, not left until they are next replaced."""
    mark_changed(counted=True)
    if erased:
        DashboardFigures.objects.all().delete()


def _mark_edit(created: bool = False, sender: Any = None, **kwargs: Any) -> None:
    if not created:
        mark_changed(counted=sender in COUNTED_BY)


def connect() -> None:
    """Called from ``GovernanceConfig.ready``."""
    changed_without_event.connect(_changed_without_event, dispatch_uid="gov-dashboard-without-event")
    for model in MARKED:
        marker = _mark_counted if model in COUNTED_BY else mark_changed
        post_save.connect(marker, sender=model, dispatch_uid=f"gov-dashboard-save-{model.__name__}")
        post_delete.connect(marker, sender=model, dispatch_uid=f"gov-dashboard-del-{model.__name__}")
    for model in MARKED_ON_EDIT:
        marker = _mark_counted if model in COUNTED_BY else mark_changed
        post_save.connect(_mark_edit, sender=model, dispatch_uid=f"gov-dashboard-save-{model.__name__}")
        post_delete.connect(marker, sender=model, dispatch_uid=f"gov-dashboard-del-{model.__name__}")
