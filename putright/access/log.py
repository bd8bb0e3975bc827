"""Writing the access log: one ``INSERT`` per page or file served, from values the view has already
read (the complaint's id, the person's id), so a hot path pays one statement and no read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putright.access.models import AccessRecord

What = AccessRecord.What
How = AccessRecord.How


def record_access(
    request: HttpRequest,
    *,
    complaint_id: int,
    what: str,
    how: str = How.VIEWED,
    object_id: int | None = None,
) -> None:
    """Record that the person signed in on ``request`` viewed or downloaded ``what`` of a complaint."""
    user: Any = getattr(request, "user", None)
    path = request.path
    AccessRecord.objects.create(
        complaint_id=complaint_id,
        user_id=user.pk if user is not None and user.is_authenticated else None,
        what=what,
        how=how,
        object_id=object_id,
        path=path[:300],
        door="api" if path.startswith("/api/") else "web",
    )
