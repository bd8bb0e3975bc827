"""Session lifetime and caching rules for every page.

* :class:`SessionTimeoutMiddleware`: a signed-in session ends after ``PUTRIGHT_SESSION_IDLE_MINUTES``
  (30) without a request and ``PUTRIGHT_SESSION_ABSOLUTE_HOURS`` (12) after sign-in, whatever the
  activity. Django's own expiry only gives one of the two, so both times are kept in the session.
* :class:`NoStoreMiddleware`: pages and files carry ``Cache-Control: no-store`` so no browser or
  proxy keeps a copy of a complaint, a letter or a document.
* :class:`RefuseNulMiddleware`: a NUL character in a query or form value is a 400 page, and one in
  the path a 404, before any view can send it to PostgreSQL (which refuses it in any text: a 500
  otherwise).
* :class:`DropNulFromHeaders`: a cookie carrying a NUL is read as no cookie at all, before the
  session is looked up with it, and NULs are taken out of every other header.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

STARTED = "putright_session_started"
SEEN = "putright_session_seen"
#: ``SEEN`` is written at most this often (seconds), so an active session is not saved on every request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(STARTED)
            seen = session.get(SEEN)
            idle = settings.PUTRIGHT_SESSION_IDLE_MINUTES * 60
            absolute = settings.PUTRIGHT_SESSION_ABSOLUTE_HOURS * 3600
            if started is None or seen is None:
                session[STARTED] = session[SEEN] = now
            elif now - float(seen) > idle or now - float(started) > absolute:
                if now - float(seen) > idle:
                    reason = f"after {idle // 60} minutes without activity"
                else:
                    reason = f"{absolute // 3600} hours after signing in"
                logout(request)
                messages.info(request, f"You were signed out {reason}. Sign in again to carry on.")
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                target = reverse("sign-in") + "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
            elif now - float(seen) > SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.static):
            return response
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response


def start_session_clock(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """``user_logged_in``: both timeouts count from the moment of sign-in."""
    now = time.time()
    request.session[STARTED] = request.session[SEEN] = now


def _has_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())


class RefuseNulMiddleware:
    """No keyboard types a NUL, and PostgreSQL refuses one in any text it is sent, so a page that
    passed a query's filter (``?q=``) or a form's raw field to the database with one answered 500.
    Refused here for every page, with ``400.html`` saying what happened; nothing is recorded. The
    API (``/api/``) answers its own 422s, in JSON, from its schemas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            # no page's address has one: the page asked for does not exist (``/complaints/AB%00C``)
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Not Found"}, status=404)
            raise Http404("no page's address contains a NUL character")
        if not request.path.startswith("/api/") and (
            _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST))
        ):
            raise BadRequest("a query or form value contains a NUL character")
        return self.get_response(request)


class DropNulFromHeaders:
    """No browser sends a NUL in a header, but a crafted request can, and PostgreSQL refuses one in any
    text it is sent: a session cookie ``sessionid="abc\\000def"`` (which Django unquotes into a
    NUL) made every page answer 500, and a NUL in ``User-Agent`` made every sign-in answer 500 with
    the lockout (django-axes, which records the user agent) counting no failed attempt, so passwords
    could be guessed past it. Before anything reads them, a cookie carrying a NUL is dropped (read as
    no cookie: signed out) and NULs are taken out of every other header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        for name in [name for name, value in meta.items() if isinstance(value, str) and "\x00" in value]:
            if name.startswith("HTTP_") and name != "HTTP_COOKIE":
                meta[name] = meta[name].replace("\x00", "")
        cookies = request.COOKIES
        for name in [name for name, value in cookies.items() if "\x00" in name or "\x00" in value]:
            del cookies[name]
        return self.get_response(request)
