"""The rate limits' counter cache: ``add`` stores a counter only if none is alive, in two statements
(the cull's count and one upsert) instead of Django's savepoint, read, insert and rollback, and a
counter that has expired is replaced, as Django's database cache does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_add_keeps_a_live_counter_and_counts_on_from_it() -> None:
    cache = caches["ratelimit"]
    with time_machine.travel(START, tick=False):
        with CaptureQueriesContext(connection) as ctx:
            assert cache.add("api.address:1", 1, 60) is True
        assert len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]) == 2
        assert cache.add("api.address:1", 1, 60) is False
        assert cache.incr("api.address:1") == 2
        assert cache.get("api.address:1") == 2


def test_an_expired_counter_is_replaced_by_add() -> None:
    cache = caches["ratelimit"]
    with time_machine.travel(START, tick=False):
        assert cache.add("track.target:x", 1, 60) is True
        assert cache.incr("track.target:x") == 2
    with time_machine.travel(START + timedelta(seconds=61), tick=False):
        assert cache.add("track.target:x", 1, 60) is True
        assert cache.get("track.target:x") == 1
