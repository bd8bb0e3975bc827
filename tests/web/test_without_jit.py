"""PostgreSQL's JIT compiler is turned off for the queries that ask it (the letters promising a
response sooner, across a landlord's open complaints: 400-490 ms with it, 81-83 ms without at
100,000 complaints, ``benchmarks/bench_promises.py``), and for nothing else: the setting ends with
the transaction it was made in, so a kept connection does not carry it to the next request."""

from __future__ import annotations

import pytest
from django.db import connection

from putright.web.database import without_jit

pytestmark = pytest.mark.django_db(transaction=True)


def _jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return str(cursor.fetchone()[0])


def test_the_jit_is_off_inside_and_as_it_was_after() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the JIT compiler is PostgreSQL's")
    before = _jit()
    with without_jit():
        assert _jit() == "off"
    assert _jit() == before


def test_on_sqlite_it_changes_nothing() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite has no JIT to turn off")
    with without_jit(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
