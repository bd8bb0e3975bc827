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

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

EVENTS_TABLE = "complaints_complaintevent"
REFUSAL = "complaint history is append-only (2024 5.12): events cannot be changed or deleted"
PURGE_FUNCTION = "putright_history_purge_allowed"
PURGE_SETTING = "putright.history_purge"

_purge_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("putright_history_purge", default=False)

SQLITE_CREATE = [
    f"""CREATE TRIGGER complaint_event_no_update BEFORE UPDATE ON {EVENTS_TABLE}
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER complaint_event_no_delete BEFORE DELETE ON {EVENTS_TABLE}
        WHEN NOT {PURGE_FUNCTION}()
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS complaint_event_no_update",
    "DROP TRIGGER IF EXISTS complaint_event_no_delete",
]

POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION complaint_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
        END;
        $$""",
    f"""CREATE TRIGGER complaint_event_no_change BEFORE UPDATE OR DELETE ON {EVENTS_TABLE}
        FOR EACH ROW EXECUTE FUNCTION complaint_event_append_only()""",
    f"""CREATE TRIGGER complaint_event_no_truncate BEFORE TRUNCATE ON {EVENTS_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION complaint_event_append_only()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS complaint_event_no_truncate ON {EVENTS_TABLE}",
    f"DROP TRIGGER IF EXISTS complaint_event_no_change ON {EVENTS_TABLE}",
    "DROP FUNCTION IF EXISTS complaint_event_append_only()",
]


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


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
