"""Database behaviour a query needs beyond what the ORM says."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import connection, connections, transaction


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


def kept_indexes(indexes: Mapping[str, str], *, added_by: tuple[str, str]) -> Callable[..., None]:
    """A ``post_migrate`` receiver that creates each of ``indexes`` (name: ``"table (columns)"``) that
    is missing, on the tables that exist.

    For the indexes an app adds to another app's table with SQL of its own (the reporting app's
    covering indexes, the team view's workload index), which Django's migration state does not
    know. On SQLite, a migration that alters such a table rebuilds it (a copy, then the original
    dropped) and the indexes go with it. A new database was safe, because the indexes' own
    migrations ran after the rebuild. A landlord's database upgraded across one was not. Complaints
    0016 (``address_given``) dropped both from every upgraded SQLite database, and the queue's
    count and the governance figures read every complaint row again. ``IF NOT EXISTS``: nothing is
    done where they are there. ``added_by`` (app label, migration name) is the migration that adds
    them: while it is not applied (never yet, or reversed by ``migrate <app> zero``), none is made."""

    def create_missing(sender: Any, using: str = "default", **kwargs: Any) -> None:
        from django.db.migrations.recorder import MigrationRecorder

        database = connections[using]
        if added_by not in MigrationRecorder(database).applied_migrations():
            return
        tables = set(database.introspection.table_names())
        with database.cursor() as cursor:
            for name, target in indexes.items():
                if target.split(" ", 1)[0] in tables:
                    cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    return create_missing
