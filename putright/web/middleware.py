"""Session lifetime and caching rules for every page.

* :class:`SessionTimeoutMiddleware`: a signed-in session ends after ``PUTRIGHT_SESSION_IDLE_MINUTES``
  (30) without a request and ``PUTRIGHT_SESSION_ABSOLUTE_HOURS`` (12) after sign-in, whatever the
  activity. Django's own expiry only gives one of the two, so both times are kept in the session.
* :class:`NoStoreMiddleware`: pages and files carry ``Cache-Control: no-store`` so no browser or
  proxy keeps a copy of a complaint, a letter or a document.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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
