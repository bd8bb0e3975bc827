"""Rate limits on the doors anyone can knock on: the resident's complaint form, following a complaint,
staff sign-in and the API. Each is limited per address (the client's IP) and per target (the email
address on the form, the complaint reference, the username, the API token), with django-ratelimit's
counters (kept in the shared database cache, :mod:`putright.web.ratecache`).

Past a limit the answer is 429 with ``Retry-After``: a page in plain English, or for the API a JSON
problem ``{"detail": ...}``. Targets are only ever stored hashed (django-ratelimit hashes its keys).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind ``AXES_PROXY_COUNT`` trusted proxies, from ``X-Forwarded-For``."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def _field(*names: str) -> Callable[[HttpRequest], str]:
    def target(request: HttpRequest) -> str:
        for name in names:
            value = str(request.POST.get(name, "")).strip().lower()
            if value:
                return value
        return ""

    return target


def _username(request: HttpRequest) -> str:
    """The username as Django signs it in (``UsernameField`` reads it as NFKC: "ｏｌｕ" and "𝐨𝐥𝐮" are
    "olu"), so each way of writing one username counts against its one limit (review 205)."""
    return unicodedata.normalize("NFKC", _field("username")(request)).casefold()


def _bearer(request: HttpRequest) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("bearer "):
        return ""
    return hashlib.sha256(header[7:].strip().encode()).hexdigest()


@dataclass(frozen=True)
class Door:
    name: str
    path: re.Pattern[str]
    methods: frozenset[str]
    per_address: str
    per_target: str
    target: Callable[[HttpRequest], str] | None
    api: bool = False
    #: count only the attempts that fail (any answer but a redirect): signing in, or giving a code,
    #: succeeds with a redirect, and counting those locked a whole office out behind one address (50
    #: staff signing in at 9am past "30 an hour per address"); guessing is what the limit is for
    failures_only: bool = False


#: The limits; a deployment may change any rate with ``PUTRIGHT_RATES = {"complain": ("20/h", "5/h")}``.
DOORS: tuple[Door, ...] = (
    # The form: a household or an advice centre may send several; one email address a few an hour.
    Door(
        "complain",
        re.compile(r"^/complain/$"),
        frozenset({"POST"}),
        "20/h",
        "5/h",
        _field("resident_email", "representative_email"),
    ),
    # Asking for a code: per reference as well as per address, so one complaint cannot be flooded.
    Door("track", re.compile(r"^/track/$"), frozenset({"POST"}), "20/h", "10/h", _field("reference")),
    Door("track-code", re.compile(r"^/track/(code|link/[^/]+)/$"), frozenset({"POST"}), "30/h", "", None),
    Door(
        "sign-in",
        re.compile(r"^/sign-in/$"),
        frozenset({"POST"}),
        "30/h",
        "10/h",
        _username,
        failures_only=True,
    ),
    Door(
        "two-factor",
        re.compile(r"^/account/two-factor/"),
        frozenset({"POST"}),
        "30/h",
        "",
        None,
        failures_only=True,
    ),
    Door(
        "api",
        re.compile(r"^/api/"),
        frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"}),
        "1200/m",
        "600/m",
        _bearer,
        api=True,
    ),
)


def _rates(door: Door) -> tuple[str, str]:
    override: dict[str, Any] = getattr(settings, "PUTRIGHT_RATES", {}) or {}
    if door.name in override:
        per_address, per_target = override[door.name]
        return str(per_address), str(per_target)
    return door.per_address, door.per_target


def _usage(
    request: HttpRequest, group: str, value: str, rate: str, *, successes_back: bool = False
) -> dict[str, Any] | None:
    """django-ratelimit's usage of ``rate`` by ``value``, this request counted. ``successes_back``: at
    a door counting only failures, the attempts that succeeded in the same window (a second counter,
    :func:`give_back_success`) are taken off before the limit is asked, so only failures hold it."""
    if not rate or not value:
        return None
    usage: dict[str, Any] | None = get_usage(
        request, group=f"putright.{group}", key=lambda _group, _request: value, rate=rate, increment=True
    )
    if usage is not None and successes_back:
        succeeded = _successes(request, group, value, rate, count=False)
        usage["should_limit"] = usage["count"] - succeeded > usage["limit"]
    return usage


def _successes(request: HttpRequest, group: str, value: str, rate: str, *, count: bool) -> int:
    """How many attempts by ``value`` succeeded in this window of ``rate`` (one more if ``count``): the
    same key and rate as the attempts' counter, so the same window (django-ratelimit's, from the key)."""
    usage = get_usage(
        request,
        group=f"putright.{group}.succeeded",
        key=lambda _group, _request: value,
        rate=rate,
        increment=count,
    )
    return int(usage["count"]) if usage is not None else 0


def _door(request: HttpRequest) -> Door | None:
    for door in DOORS:
        if request.method in door.methods and door.path.match(request.path):
            return door
    return None


def _counters(request: HttpRequest, door: Door) -> tuple[tuple[str, str, str], ...]:
    per_address, per_target = _rates(door)
    return (
        (f"{door.name}.address", client_ip(request), per_address),
        (f"{door.name}.target", door.target(request) if door.target else "", per_target),
    )


def check(request: HttpRequest) -> tuple[Door, int] | None:
    """The door whose limit this request is past and the seconds until it opens again, or ``None``.
    Every attempt is counted as it arrives, so attempts in flight together are held to the limit (one
    counted only after its answer let through as many guesses as were sent at once: review 205); at a
    door that counts only failures, one that succeeds gives its place back (:func:`give_back_success`)."""
    door = _door(request)
    if door is None:
        return None
    waits = []
    for group, value, rate in _counters(request, door):
        usage = _usage(request, group, value, rate, successes_back=door.failures_only)
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, int(usage["time_left"])))
    return (door, max(waits)) if waits else None


def give_back_success(request: HttpRequest, response: HttpResponse) -> None:
    """At a door that counts only failures, take back the count of an attempt that succeeded (a
    redirect: signed in, or the code accepted)."""
    door = _door(request)
    if door is None or not door.failures_only or not 300 <= response.status_code < 400:
        return
    for group, value, rate in _counters(request, door):
        if rate and value:
            _successes(request, group, value, rate, count=True)


def too_many(request: HttpRequest, door: Door, wait: int) -> HttpResponse:
    minutes = max(1, (wait + 59) // 60)
    wait_text = f"{minutes} minute{'s' if minutes != 1 else ''}"
    response: HttpResponse
    if door.api:
        response = JsonResponse(
            {"provision": None, "detail": f"too many requests: try again in {wait} seconds"}, status=429
        )
    else:
        response = render(
            request, "web/rate_limited.html", {"wait": wait_text, "door": door.name}, status=429
        )
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limited = check(request)
        if limited is not None:
            return too_many(request, *limited)
        response = self.get_response(request)
        give_back_success(request, response)
        return response
