"""Where to go after a form: the ``next`` a page sent, if it is a path on this site, else a fallback.

Django's ``url_has_allowed_host_and_scheme`` accepts any relative reference ("2025-02-30", "abc"),
and ``redirect()`` then tries such a string as a URL name and raises ``NoReverseMatch``: a 500 after
the step was taken. Only an absolute path on this host is followed, as an ``HttpResponseRedirect``
(which never looks names up)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def next_path(request: HttpRequest, wanted: str, fallback: str) -> str:
    """``wanted`` if it is a path on this site ("/workspace/..."), otherwise ``fallback``."""
    # Django's check refuses "//host" and "/\\host"; the leading "/" refuses what it lets through that
    # is no path ("2025-02-30", a URL name)
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def go_next(request: HttpRequest, wanted: str, fallback: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(next_path(request, wanted, fallback))
