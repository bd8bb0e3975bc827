"""Database behaviour a query needs beyond what the ORM says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """The enclosed queries without PostgreSQL's JIT compiler.

    PostgreSQL compiles a plan to machine code when its estimated cost passes ``jit_above_cost``, and
    optimises it past ``jit_optimize_above_cost``. For a short query the planner overestimates (a
    nested loop over the open complaints with a sub-plan each), compiling costs more than running:
    the letters promising a response sooner, across 100,000 complaints, took 400-490 ms with the JIT
    (326 ms of it compiling) and 81-83 ms without (``benchmarks/bench_promises.py``).

    ``SET LOCAL`` lasts to the end of the transaction: the one :func:`transaction.atomic` opens here
    when none is open (a request's own), so the setting never outlives it on a kept connection;
    inside a transaction already open it lasts to that one's end (a savepoint would not shorten
    it), one statement either way."""
    if connection.vendor != "postgresql":
        yield
        return
    if connection.in_atomic_block:
        _jit_off()
        yield
        return
    with transaction.atomic():
        _jit_off()
        yield


def _jit_off() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
