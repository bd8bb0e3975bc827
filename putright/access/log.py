"""Writing the access log: one ``INSERT`` per page or file served, from values the view has already
read (the complaint's id, the person's id), so a hot path pays one statement and no read. A list
page (the queue, a search, today's work, the team's page, a list export) writes one multi-row
``INSERT`` with a row for each complaint or resident it showed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from putright.access.models import AccessRecord

What = AccessRecord.What
How = AccessRecord.How

#: the doors, from the address asked for
_DOORS = (("/api/", "api"), ("/track/", "portal"), ("/admin/", "admin"))


def door_of(path: str) -> str:
    return next((door for prefix, door in _DOORS if path.startswith(prefix)), "web")


def _row(
    request: HttpRequest,
    *,
    complaint_id: int | None,
    resident_id: int | None,
    what: str,
    how: str,
    object_id: int | None,
) -> AccessRecord:
    user: Any = getattr(request, "user", None)
    path = request.path
    return AccessRecord(
        complaint_id=complaint_id,
        resident_id=resident_id,
        user_id=user.pk if user is not None and user.is_authenticated else None,
        what=what,
        how=how,
        object_id=object_id,
        path=path[:300],
        door=door_of(path),
    )


def record_access(
    request: HttpRequest,
    *,
    complaint_id: int | None = None,
    what: str,
    how: str = How.VIEWED,
    object_id: int | None = None,
    resident_id: int | None = None,
) -> None:
    """Record that the person on ``request`` (a member of staff, or a resident following their
    complaint, who has no account) viewed or downloaded ``what`` of a complaint or a resident."""
    _row(
        request,
        complaint_id=complaint_id,
        resident_id=resident_id,
        what=what,
        how=how,
        object_id=object_id,
    ).save(force_insert=True)


def record_listed(
    request: HttpRequest,
    *,
    complaint_ids: Iterable[int] = (),
    resident_ids: Iterable[int] = (),
    how: str = How.VIEWED,
    what: str = What.LISTED,
) -> None:
    """Record each complaint and resident a list page or list export showed: one ``INSERT`` for all
    of them, and none when the list was empty."""
    rows = [
        _row(request, complaint_id=pk, resident_id=None, what=what, how=how, object_id=None)
        for pk in complaint_ids
    ]
    rows += [
        _row(request, complaint_id=None, resident_id=pk, what=what, how=how, object_id=None)
        for pk in resident_ids
    ]
    if rows:
        AccessRecord.objects.bulk_create(rows)
