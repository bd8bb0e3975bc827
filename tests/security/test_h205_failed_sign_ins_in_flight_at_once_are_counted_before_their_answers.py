"""Review 205: sign-in and two-factor count only failed attempts. The count was made after the answer
and the limit only looked at before it, so every attempt in flight at once (a password check takes a
while; an attacker sends many together) was let through on the count before any of them: limit "3 an
hour" let through as many guesses as were sent together. Each attempt now takes its place in the count
as it arrives, and gives it back when it succeeds (a redirect), so no more than the limit are ever in
flight or answered wrong, and successes still never count."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from putright.web.ratelimits import RateLimitMiddleware, check

pytestmark = pytest.mark.django_db


def _attempt(n: int) -> Any:
    return RequestFactory().post(
        "/sign-in/", {"username": "olu", "password": f"guess {n}"}, REMOTE_ADDR="203.0.113.5"
    )


def test_h205_attempts_in_flight_together_are_held_to_the_limit(settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"sign-in": ("3/h", "100/h")}
    # five attempts arrive before any is answered
    limited = [check(_attempt(n)) is not None for n in range(5)]
    assert limited == [False, False, False, True, True]


def test_h205_a_success_gives_its_place_back(settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"sign-in": ("3/h", "3/h")}
    signed_in = RateLimitMiddleware(lambda request: HttpResponseRedirect("/staff/"))
    wrong = RateLimitMiddleware(lambda request: HttpResponse("Enter a correct username and password"))
    for n in range(6):
        assert signed_in(_attempt(n)).status_code == 302
    assert [wrong(_attempt(n)).status_code for n in range(4)] == [200, 200, 200, 429]
