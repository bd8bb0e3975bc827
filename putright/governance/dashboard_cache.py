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
scope and day, so a request whose data is unchanged costs that one query; when anything differs the
figures are recomputed and stored with the new version. Nothing expires on a timer: a stored version
that no longer matches is never used. Only the live dashboard is kept this way; figures as at a past
day already come from their own cache (``facts.snapshot``).
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from putright.complaints.models import (
    Category,
    ClosureDay,
    ComplaintEvent,
    Landlord,
    LearningPoint,
    Property,
    Resident,
)
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
    parts.append(f"(SELECT {q('token')} FROM {_table(DataMarker)} WHERE {q('id')} = 1)")  # noqa: S608 -- table and column names are ours, quoted
    stored = _table(DashboardFigures)
    parts.append(f"(SELECT {q('version')} FROM {stored} WHERE {q('key')} = %s)")  # noqa: S608 -- table and column names are ours, quoted
    parts.append(f"(SELECT {q('figures')} FROM {stored} WHERE {q('key')} = %s)")  # noqa: S608 -- table and column names are ours, quoted
    return "SELECT " + ", ".join(parts)


def cache_key(scope: Scope, today: date) -> str:
    return f"dashboard:{scope.period.start.isoformat()}:{scope.period.end.isoformat()}:{today.isoformat()}"


def data_version(key: str, today: date) -> tuple[str, bytes | None, str | None]:
    """(the current data version, the figures stored under ``key``, the version they were stored at),
    in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [key, key])
        row = cursor.fetchone()
    *version, stored_version, stored = row
    current = repr((today.isoformat(), *(str(v) for v in version)))
    return current, (bytes(stored) if stored is not None else None), stored_version


def figures_for(scope: Scope, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``compute()`` for a live ``scope``, reused while the data version is unchanged."""
    if not scope.as_at.live:
        return compute()
    today = timezone.localdate()
    key = cache_key(scope, today)
    version, stored, stored_version = data_version(key, today)
    if stored is not None and stored_version == version:
        result: dict[str, Any] = pickle.loads(stored)  # noqa: S301 -- written only by store() below
        return result
    result = compute()
    store(key, version, today, result)
    return result


def store(key: str, version: str, today: date, result: dict[str, Any]) -> None:
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with transaction.atomic():
            DashboardFigures.objects.filter(day__lt=today).delete()  # earlier days are never asked again
            DashboardFigures.objects.update_or_create(
                key=key, defaults={"version": version, "figures": blob, "day": today}
            )
    except IntegrityError:  # another worker stored the same key at the same moment; either will do
        pass


def mark_changed(**_: Any) -> None:
    """Change the marker's token, so every stored version stops matching."""
    token = uuid.uuid4().hex
    if not DataMarker.objects.filter(pk=1).update(token=token, changed_at=timezone.now()):
        try:
            with transaction.atomic():
                DataMarker.objects.create(pk=1, token=token)
        except IntegrityError:
            DataMarker.objects.filter(pk=1).update(token=token, changed_at=timezone.now())


def _mark_edit(created: bool = False, **kwargs: Any) -> None:
    if not created:
        mark_changed()


def connect() -> None:
    """Called from ``GovernanceConfig.ready``."""
    for model in MARKED:
        post_save.connect(mark_changed, sender=model, dispatch_uid=f"gov-dashboard-save-{model.__name__}")
        post_delete.connect(mark_changed, sender=model, dispatch_uid=f"gov-dashboard-del-{model.__name__}")
    for model in MARKED_ON_EDIT:
        post_save.connect(_mark_edit, sender=model, dispatch_uid=f"gov-dashboard-save-{model.__name__}")
        post_delete.connect(mark_changed, sender=model, dispatch_uid=f"gov-dashboard-del-{model.__name__}")
