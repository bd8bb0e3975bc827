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
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

if TYPE_CHECKING:
    from putright.complaints.models import ComplaintEvent

EVENTS_TABLE = "complaints_complaintevent"
REFUSAL = "complaint history is append-only (2024 5.12): events cannot be changed or deleted"
PURGE_FUNCTION = "putright_history_purge_allowed"
PURGE_SETTING = "putright.history_purge"

_purge_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("putright_history_purge", default=False)


def append_only_trigger_sql(
    vendor: str,
    *,
    table: str,
    prefix: str,
    pg_function: str,
    refusal: str,
    create: bool = True,
    erase_when: str = "",
) -> list[str]:
    """Triggers that make ``table`` append-only: UPDATE always refused, DELETE (and, on PostgreSQL,
    TRUNCATE) refused with ``refusal`` unless a :func:`history_purge` is in force.

    The triggers are named ``{prefix}_no_update``/``_no_delete`` on SQLite and ``{prefix}_no_change``/
    ``_no_truncate`` (running the function ``pg_function``) on PostgreSQL. Used for the complaint
    history here and for issued letters (:mod:`putright.letters.immutable`).

    ``erase_when``, a condition on ``OLD`` and ``NEW``, lets through the one UPDATE that erases a row's
    personal content and nothing else (issued letters; never the events).
    """
    if vendor == "sqlite":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS {prefix}_no_update",
                f"DROP TRIGGER IF EXISTS {prefix}_no_delete",
            ]
        return [
            f"""CREATE TRIGGER {prefix}_no_update BEFORE UPDATE ON {table}
        {f"WHEN NOT ({erase_when})" if erase_when else ""}
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
            {f"IF TG_OP = 'UPDATE' AND ({erase_when}) THEN RETURN NEW; END IF;" if erase_when else ""}
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


# --------------------------------------------------------------------------------------------------
# Tamper evidence: a hash chain per complaint.
#
# Each event's ``chain_hash`` is the SHA-256 of its content (every field that says what happened, when,
# to which complaint, by whom and why) together with the previous event's ``chain_hash``; the first
# event of a complaint chains from ``GENESIS``. Changing, removing or reordering any event, by any
# means that gets past the triggers (a superuser, a restored copy edited offline), breaks the chain
# from that event on, and ``putright verify history`` reports it.

#: The "previous hash" of a complaint's first event.
GENESIS = "0" * 64


def event_content(row: ComplaintEvent) -> dict[str, Any]:
    """The fields of an event that the chain protects, as plain JSON values."""
    from putright.complaints.personal import stored_form

    recorded_at = row.recorded_at.astimezone(UTC).isoformat(timespec="microseconds")
    data, reason = stored_form(row)
    return {
        "complaint": row.complaint_id,
        "sequence": row.sequence,
        "kind": row.kind,
        "on": row.on.isoformat(),
        "recorded_at": recorded_at,
        "actor": row.actor_id,
        "actor_label": row.actor_label,
        # the stored forms (tokens for personal text, :mod:`putright.complaints.personal`) even when
        # the row's words were resolved for reading
        "data": data,
        "reason": reason,
        "provision": row.provision,
    }


def event_hash(row: ComplaintEvent, previous: str) -> str:
    """The chain hash of ``row`` given the chain hash of the event before it (``GENESIS`` for the first).

    The content is serialised canonically (sorted keys, no spaces, UTF-8), so the same event read back
    from SQLite, PostgreSQL or a restored backup hashes the same."""
    canonical = json.dumps(
        {"previous": previous, "event": event_content(row)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def previous_hash(complaint_id: int, sequence: int) -> str:
    """The chain hash of the event before ``sequence`` of a complaint (``GENESIS`` before the first)."""
    if sequence <= 1:
        return GENESIS
    from putright.complaints.models import ComplaintEvent

    found = (
        ComplaintEvent.objects.filter(complaint_id=complaint_id, sequence=sequence - 1)
        .values_list("chain_hash", flat=True)
        .first()
    )
    # A missing predecessor is recorded as such: the chain will not verify, which is the point.
    return found or GENESIS


def seal(row: ComplaintEvent, previous: str | None = None) -> ComplaintEvent:
    """Set ``row.chain_hash`` before it is saved; ``previous`` defaults to the stored event before it."""
    if previous is None:
        previous = previous_hash(row.complaint_id, row.sequence)
    row.chain_hash = event_hash(row, previous)
    return row


@dataclass(frozen=True)
class ChainBreak:
    """One place where a complaint's history does not verify."""

    complaint_id: int
    reference: str
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"{self.reference} event {self.sequence}: {self.problem}"


def verify_chain(reference: str, rows: Iterable[ComplaintEvent]) -> list[ChainBreak]:
    """Check one complaint's events (in sequence order): numbering without gaps, each hash as computed."""
    breaks: list[ChainBreak] = []
    previous = GENESIS
    expected_sequence = 1
    for row in rows:
        if row.sequence != expected_sequence:
            breaks.append(
                ChainBreak(
                    row.complaint_id,
                    reference,
                    row.sequence,
                    f"expected event {expected_sequence} here: events are missing or renumbered",
                )
            )
            expected_sequence = row.sequence
        computed = event_hash(row, previous)
        if not row.chain_hash:
            breaks.append(ChainBreak(row.complaint_id, reference, row.sequence, "has no chain hash"))
        elif row.chain_hash != computed:
            breaks.append(
                ChainBreak(
                    row.complaint_id,
                    reference,
                    row.sequence,
                    "its content or an earlier event changed after it was recorded (hash does not match)",
                )
            )
        # Chain on from the stored hash, so one altered event is reported once, not for every later one.
        previous = row.chain_hash or computed
        expected_sequence += 1
    return breaks


@dataclass
class ChainReport:
    complaints: int = 0
    events: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    #: SHA-256 over every complaint's last chain hash: write it down (or send it off-site) and a later
    #: run that prints a different digest for the same history shows it was rewritten wholesale.
    digest: str = ""
    #: erasures found, one line per complaint: "PR-000123: 9 personal texts erased on 2 December 2026
    #: by Olu Officer" (an erasure is not a break: the chain still verifies)
    erased: list[str] = field(default_factory=list)


def verify_all_chains(*, batch_size: int = 5000) -> ChainReport:
    """Walk every complaint's events in order, checking each chain (one streaming pass)."""
    from putright.complaints.models import Complaint, ComplaintEvent
    from putright.complaints.personal import tokens_in

    references = dict(Complaint.objects.values_list("pk", "reference"))
    report = ChainReport()
    heads = hashlib.sha256()
    current: int | None = None
    rows: list[ComplaintEvent] = []
    #: personal texts to check, by complaint: (complaint id, sequence, row id, digest)
    texts: list[tuple[int, int, str, str]] = []

    def finish() -> None:
        if current is None:
            return
        reference = references.get(current, f"complaint {current}")
        report.breaks.extend(verify_chain(reference, rows))
        report.complaints += 1
        heads.update(f"{current}:{rows[-1].chain_hash}\n".encode())
        for row in rows:
            texts.extend((current, row.sequence, pk, d) for pk, d in tokens_in([row.data, row.reason]))
        if len(texts) >= batch_size:
            check_texts()

    def check_texts() -> None:
        report.breaks.extend(_check_personal_texts(texts, references, report.erased))
        texts.clear()

    events = ComplaintEvent.objects.order_by("complaint_id", "sequence").iterator(chunk_size=batch_size)
    for row in events:
        report.events += 1
        if row.complaint_id != current:
            finish()
            current, rows = row.complaint_id, []
        rows.append(row)
    finish()
    check_texts()
    seen_complaints = report.complaints
    if seen_complaints < len(references):
        with_events = set(ComplaintEvent.objects.values_list("complaint_id", flat=True).distinct())
        for pk, reference in references.items():
            if pk not in with_events:
                report.breaks.append(ChainBreak(pk, reference, 0, "has no events at all (they were removed)"))
    report.digest = heads.hexdigest()
    return report


def _check_personal_texts(
    texts: list[tuple[int, int, str, str]], references: dict[int, str], erased: list[str]
) -> list[ChainBreak]:
    """Each personal text against the digest its event carries (``putright.complaints.personal``)."""
    from collections import Counter

    from putright.complaints.personal import check_tokens

    breaks: list[ChainBreak] = []
    notes: Counter[tuple[int, str]] = Counter()
    problems, erasures = check_tokens([(pk, d) for _, _, pk, d in texts])
    for complaint_id, sequence, pk, _ in texts:
        reference = references.get(complaint_id, f"complaint {complaint_id}")
        if pk in problems:
            breaks.append(ChainBreak(complaint_id, reference, sequence, problems[pk]))
        elif pk in erasures:
            notes[(complaint_id, erasures[pk])] += 1
    for (complaint_id, when), count in sorted(notes.items()):
        reference = references.get(complaint_id, f"complaint {complaint_id}")
        erased.append(f"{reference}: {count} personal text(s) {when}")
    return breaks
