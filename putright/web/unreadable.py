"""A stored history PutRight cannot read, explained to staff instead of a bare server error.

PutRight's doors never store an event the Code's classes cannot read back, so one that cannot be read
(a due date of "today", a response with no outcome) was written straight into the database. The
core refuses to guess (:class:`putright.code.errors.UnreadableRecord`); this middleware turns that
into a page that says which step (never which complaint: the page may list complaints its reader may
not open) and logs it, with the complaint, for the administrator. Anyone not signed in as staff gets
the ordinary error page: the details are the landlord's. The API answers the same in its own format
(``putright.api.v1``), logged by the same :func:`report`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from putright.code.errors import UnreadableRecord

log = logging.getLogger("putright.records")


def report(request: HttpRequest, error: UnreadableRecord) -> None:
    """Log ``error`` for the administrator, with the complaint when the reader knew it."""
    log.error("unreadable stored history at %s, %s", request.path, error.for_the_log)


class ExplainUnreadableRecords:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UnreadableRecord):
            return None
        report(request, exception)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # the ordinary error page
        response = TemplateResponse(request, "web/unreadable_record.html", {"error": exception}, status=500)
        response.render()
        return response
