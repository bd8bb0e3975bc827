"""The database's own guard on the history: triggers that refuse UPDATE and DELETE on events.

The model and its manager already refuse to change events, but only for code that goes through the
ORM. The triggers make the database itself refuse, whatever the client (raw SQL, a shell, another
program):

* UPDATE of an event is always refused.
* DELETE (and, on PostgreSQL, TRUNCATE) is refused unless a *purge* is deliberately allowed for the
  session, with :func:`history_purge`. Only two things do that: ``manage.py flush`` (which erases the
  whole database, as Django's test runner does between transactional tests), and, in future, the
  erasure of whole records at the end of the landlord's retention period. On SQLite the permission
  is a SQL function that only PutRight's own connections define, so the ``sqlite3`` shell cannot
  delete events at all; on PostgreSQL it is the session setting ``putright.history_purge``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

EVENTS_TABLE = "complaints_complaintevent"
REFUSAL = "complaint history is append-only (2024 5.12): events cannot be changed or deleted"
PURGE_FUNCTION = "putright_history_purge_allowed"
PURGE_SETTING = "putright.history_purge"

_purge_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("putright_history_purge", default=False)


def append_only_trigger_sql(
    vendor: str, *, table: str, prefix: str, pg_function: str, refusal: str, create: bool = True
) -> list[str]:
    """Triggers that make ``table`` append-only: UPDATE always refused, DELETE (and, on PostgreSQL,
    TRUNCATE) refused with ``refusal`` unless a :func:`history_purge` is in force.

    The triggers are named ``{prefix}_no_update``/``_no_delete`` on SQLite and ``{prefix}_no_change``/
    ``_no_truncate`` (running the function ``pg_function``) on PostgreSQL. Used for the complaint
    history here and for issued letters (:mod:`putright.letters.immutable`).
    """
    if vendor == "sqlite":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS {prefix}_no_update",
                f"DROP TRIGGER IF EXISTS {prefix}_no_delete",
            ]
        return [
            f"""CREATE TRIGGER {prefix}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{refusal}'); END""",
            f"""CREATE TRIGGER {prefix}_no_delete BEFORE DELETE ON {table}
        WHEN NOT {PURGE_FUNCTION}()
        BEGIN SELECT RAISE(ABORT, '{refusal}'); END""",
        ]
    if vendor == "postgresql":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS {prefix}_no_truncate ON {table}",
                f"DROP TRIGGER IF EXISTS {prefix}_no_change ON {table}",
                f"DROP FUNCTION IF EXISTS {pg_function}()",
            ]
        return [
            f"""CREATE OR REPLACE FUNCTION {pg_function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{refusal}' USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
        END;
        $$""",
            f"""CREATE TRIGGER {prefix}_no_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {pg_function}()""",
            f"""CREATE TRIGGER {prefix}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {pg_function}()""",
        ]
    raise ImproperlyConfigured(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    return append_only_trigger_sql(
        vendor,
        table=EVENTS_TABLE,
        prefix="complaint_event",
        pg_function="complaint_event_append_only",
        refusal=REFUSAL,
        create=create,
    )


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: define the purge permission on PutRight's SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            PURGE_FUNCTION, 0, lambda: int(_purge_allowed.get()), deterministic=False
        )


@contextmanager
def history_purge(using: str = "default") -> Iterator[None]:
    """Allow DELETE of events inside the block, for erasing whole records. Never for editing them."""
    connection = connections[using]
    token = _purge_allowed.set(True)
    postgresql = connection.vendor == "postgresql"
    try:
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', false)", [PURGE_SETTING])
        yield
    finally:
        _purge_allowed.reset(token)
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [PURGE_SETTING])


# A note for future migrations: on SQLite, altering the events table makes Django rebuild it (create a
# copy, drop the original), which drops these triggers with it. Any migration that alters
# ComplaintEvent must re-create them (``RunPython`` calling ``trigger_sql(vendor)``);
# tests/complaints/test_history_append_only.py fails if they are missing.
