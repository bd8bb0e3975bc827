"""The one audited way past the history's append-only triggers.

:func:`audited_purge` writes a :class:`~putright.records.models.PurgeRecord` (who, why, what) in the
same transaction as the deletion, then allows DELETE of events and issued letters for the block
(:func:`putright.complaints.history.history_purge`). With the PostgreSQL roles of
:mod:`putright.records.dbroles`, the application's own role has no DELETE on those tables at all, so
a purge must also run on the owner's connection (``DATABASE_URL`` set to the owner for that command).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from putright.complaints.history import history_purge
from putright.complaints.models import Complaint
from putright.records.models import PurgeRecord


@contextmanager
def audited_purge(
    *,
    by: str,
    reason: str,
    subject: str,
    detail: dict[str, Any] | None = None,
    complaints: Iterable[Complaint] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> Iterator[PurgeRecord]:
    """Allow deleting history rows for ``complaints`` (refused if any is under a legal hold)."""
    if not by.strip() or not reason.strip() or not subject.strip():
        raise ValueError("a purge needs who runs it, the reason and what it purges")
    from putright.records.retention import HoldError, held_complaints

    held = list(
        held_complaints().filter(pk__in=[c.pk for c in complaints]).values_list("reference", flat=True)
    )
    if held:
        raise HoldError("under a legal hold, so they cannot be purged: " + ", ".join(held))
    connection = connections[using]
    with transaction.atomic(using=using):
        user = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                user = cursor.fetchone()[0]
        record = PurgeRecord.objects.using(using).create(
            by=by.strip(),
            reason=reason.strip(),
            subject=subject.strip(),
            detail=detail or {},
            database_user=user,
        )
        with history_purge(using):
            yield record
