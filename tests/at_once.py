"""Sending the same thing twice at the same moment: a double POST, two retries racing, two tabs.

Each call runs in its own thread with its own database connection (closed when it ends), and all
are released together by a barrier so they meet at the lock or the unique index they race for.
PostgreSQL only: the tests' SQLite is one shared in-memory cache, with one writer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the tests' SQLite is one shared in-memory cache)")


def at_once(call: Callable[[], T], times: int = 2) -> list[T | Exception]:
    """What each of ``times`` simultaneous ``call``s returned, or the exception it raised (so none
    is lost in its thread), in the order they finished."""
    start = threading.Barrier(times)
    outcomes: list[T | Exception] = []

    def run() -> None:
        start.wait()
        try:
            outcomes.append(call())
        except Exception as error:  # reported to the test, not lost in the thread
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
