"""Fixtures for the security tests: the complaint builders and letter cases of the other suites, and
a way to tamper with the record as someone who got past the application would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from complaints.conftest import build, handler_1, handler_2, officer, resident  # noqa: F401
from django.db import connection
from letters.conftest import case_for_kind, fill_blanks, letterhead  # noqa: F401

from putright.complaints import history
from putright.letters import immutable


@contextmanager
def triggers_dropped() -> Iterator[None]:
    """What an attacker with the table owner's rights could do: drop the append-only triggers, change
    rows, put the triggers back. (The application's own role cannot: see putright/dbroles.py.)"""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in history.trigger_sql(vendor, create=False) + immutable.trigger_sql(
            vendor, create=False
        ):
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in history.trigger_sql(vendor) + immutable.trigger_sql(vendor):
                cursor.execute(statement)


@pytest.fixture
def tamper():  # type: ignore[no-untyped-def]
    return triggers_dropped
