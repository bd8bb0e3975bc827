"""``inserts.together()``: the rows a create writes after the complaint row (the resident's words, the
events, the stage, the API's idempotency key) held and written together at the end of the block, in
one round trip on PostgreSQL (issue 17: creates per second with one client).

What must not change: every row is written, in the order given, as the same statement ``insert``
writes outside the block, with its id set back on it; nothing the block runs reads the tables before
the held rows are in them; an exception writes none of them; a unique key already taken is Django's
``IntegrityError``, raised before the transaction can commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from putright.accounts.models import User
from putright.api.models import IdempotencyKey
from putright.complaints import services
from putright.complaints.inserts import create, insert, together
from putright.complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    PersonalText,
    Resident,
    Stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(officer: User, resident: Resident) -> Complaint:
    """Received, not yet accepted: one event (``officer`` and ``resident``: this folder's conftest)."""
    return services.receive_complaint(resident=resident, summary="Damp", channel="email", actor=officer)


def _event(complaint: Complaint, sequence: int) -> ComplaintEvent:
    first = ComplaintEvent.objects.get(complaint=complaint, sequence=1)
    return ComplaintEvent(
        complaint=complaint,
        sequence=sequence,
        kind=first.kind,
        on=first.on,
        recorded_at=first.recorded_at,
        actor=first.actor,
        data={"n": sequence},
        provision=first.provision,
    )


def _inserts(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[2].strip('"') for q in queries.captured_queries if q["sql"].startswith("INSERT")]


def test_held_rows_are_written_at_the_end_in_order_with_their_ids(complaint: Complaint) -> None:
    words = PersonalText(complaint=complaint, value="my words", key="k")
    events = [_event(complaint, 5), _event(complaint, 6)]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, together():
        insert([words])
        insert(events)
        assert _inserts(queries) == []  # held, not yet written
        assert events[0].pk is None  # a held row has no database id yet
    assert _inserts(queries) == ["complaints_personaltext", "complaints_complaintevent"]
    assert [e.pk for e in events] == list(
        ComplaintEvent.objects.filter(complaint=complaint, sequence__in=(5, 6))
        .order_by("sequence")
        .values_list("pk", flat=True)
    )
    assert all(e._state.adding is False and e._state.db == "default" for e in events)
    assert PersonalText.objects.get(pk=words.pk).value == "my words"


def test_any_other_statement_in_the_block_finds_the_held_rows_written(complaint: Complaint) -> None:
    """A read (or an UPDATE, or a save through the ORM) inside the block runs after the held rows are
    in: nothing in the block can see the tables without them."""
    with transaction.atomic(), together():
        insert([_event(complaint, 7)])
        assert ComplaintEvent.objects.filter(complaint=complaint, sequence=7).count() == 1
        insert([_event(complaint, 8)])
        Complaint.objects.filter(pk=complaint.pk).update(summary="Damp and mould")
        assert ComplaintEvent.objects.filter(complaint=complaint, sequence=8).exists()


def test_an_exception_in_the_block_writes_none_of_its_rows(complaint: Complaint) -> None:
    before = ComplaintEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), together():
        insert([_event(complaint, 9)])
        raise RuntimeError("the step was refused")
    assert ComplaintEvent.objects.count() == before


def test_a_block_inside_another_is_part_of_it_and_its_failure_fails_the_outer_block(
    complaint: Complaint,
) -> None:
    """As ``atomic(savepoint=False)`` is part of its transaction: the inner block's rows wait for the
    outer block's end, and an exception out of the inner block, even one caught in between, makes the
    outer block raise at its end, so nothing of the transaction is kept."""
    before = ComplaintEvent.objects.count()
    with transaction.atomic(), together():
        twelfth = _event(complaint, 12)
        with together():
            insert([twelfth])
        assert twelfth.pk is None  # joined: the inner block's rows wait for the outer block's end
    assert twelfth.pk is not None and ComplaintEvent.objects.count() == before + 1

    with pytest.raises(TransactionManagementError, match="not all written"), transaction.atomic(), together():
        insert([_event(complaint, 13)])
        with pytest.raises(RuntimeError), together():
            insert([_event(complaint, 14)])
            raise RuntimeError("inner refused")
        insert([_event(complaint, 15)])
    assert ComplaintEvent.objects.count() == before + 1


def test_a_held_row_that_failed_is_never_committed_without_even_if_other_code_caught_its_error(
    officer: User, complaint: Complaint
) -> None:
    """A held row's error surfaces at the next statement, which may be inside someone else's ``try``
    (here an unrelated create that expects its own ``IntegrityError``). The block still raises at its
    end, so the transaction rolls back rather than commit a history with a row missing."""
    IdempotencyKey.objects.create(user=officer, key="k", request_hash="h", complaint=complaint)
    before = ComplaintEvent.objects.count()
    caught = []
    twentieth, twenty_first = _event(complaint, 20), _event(complaint, 21)  # read before the block
    with pytest.raises(TransactionManagementError), transaction.atomic(), together():
        insert([twentieth])
        create(IdempotencyKey(user=officer, key="k", request_hash="h2", complaint=complaint))
        insert([twenty_first])
        try:
            with transaction.atomic():
                Category.objects.create(slug="unrelated", name="Unrelated")
        except (IntegrityError, InternalError) as error:
            caught.append(type(error).__name__)
    assert caught  # the held row's error was caught as the unrelated code's own
    assert ComplaintEvent.objects.count() == before
    assert not Category.objects.filter(slug="unrelated").exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses_rather_than_writing_rows_one_by_one_unguarded() -> None:
    with pytest.raises(ValueError, match="inside a transaction"), together():
        pass


def test_a_unique_key_already_taken_is_djangos_integrity_error_and_nothing_is_kept(
    officer: User, complaint: Complaint
) -> None:
    """The API catches ``django.db.IntegrityError`` for a retry sent twice at once: a held row that
    breaks a unique key must raise it, from the block, before the transaction can commit."""
    IdempotencyKey.objects.create(user=officer, key="k", request_hash="h", complaint=complaint)
    events = ComplaintEvent.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic(), together():
        insert([_event(complaint, 13)])
        create(IdempotencyKey(user=officer, key="k", request_hash="h2", complaint=complaint))
    assert ComplaintEvent.objects.count() == events
    assert IdempotencyKey.objects.get(user=officer, key="k").request_hash == "h"


def test_2024_5_12_a_received_complaint_writes_its_rows_together_after_the_complaint_row(
    officer: User,
) -> None:
    """``receive_complaint``: the complaint row first (its id is what the others hang on), then its
    words, events and stage, each its own INSERT; on PostgreSQL the three in one pipeline (one round
    trip), read from libpq's own pipeline status as each statement is sent."""
    resident = services.create_resident(name="Sam")
    sent: list[tuple[str, bool]] = []

    def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith("INSERT") or " INSERT INTO " in sql:
            table = sql.split("INSERT INTO ", 1)[1].split()[0].strip('"')
            sent.append((table, _in_pipeline()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        complaint = services.receive_complaint(
            resident=resident, summary="Leak", channel="telephone", actor=officer, accept=True
        )
    assert [table for table, _ in sent] == [
        "complaints_complaint",
        "complaints_personaltext",
        "complaints_complaintevent",
        "complaints_stage",
    ]
    piped = connection.vendor == "postgresql"
    assert [in_pipeline for _, in_pipeline in sent] == [False, piped, piped, piped]
    assert Stage.objects.filter(complaint=complaint).count() == 1
    assert complaint._appended.pk is not None  # type: ignore[attr-defined]


def _in_pipeline() -> bool:
    if connection.vendor != "postgresql":
        return False
    from psycopg import pq

    return bool(connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF)


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_write_and_its_rollback_the_connection_serves_the_next_create(officer: User) -> None:
    """A real transaction (not the test's): after the pipeline's error and the rollback, the same
    connection writes the next complaint whole."""
    resident = services.create_resident(name="Rita")
    first = services.receive_complaint(resident=resident, summary="Damp", channel="email", actor=officer)
    IdempotencyKey.objects.create(user=officer, key="k", request_hash="h", complaint=first)
    with pytest.raises(IntegrityError), transaction.atomic(), together():
        insert([_event(first, 40)])
        create(IdempotencyKey(user=officer, key="k", request_hash="h2", complaint=first))
    again = services.receive_complaint(
        resident=resident, summary="Again", channel="email", actor=officer, accept=True
    )
    assert ComplaintEvent.objects.filter(complaint=again).count() == 2
    assert not ComplaintEvent.objects.filter(complaint=first, sequence=40).exists()


def test_a_savepoint_inside_the_block_keeps_its_meaning(officer: User, complaint: Complaint) -> None:
    """Django's own way of handling a duplicate, ``try: with atomic(): create(...) except
    IntegrityError``, works inside the block as it does outside: the held row is written before the
    savepoint is released, its error is that savepoint's (rolled back, raised to the code that opened
    it, which handles it), and the block goes on and commits. Rows held inside a savepoint that is
    rolled back are never written."""
    IdempotencyKey.objects.create(user=officer, key="k", request_hash="h", complaint=complaint)
    kept, handled, undone = _event(complaint, 30), _event(complaint, 31), _event(complaint, 32)
    outcome = []
    with transaction.atomic(), together():
        insert([kept])
        try:
            with transaction.atomic():
                insert([handled])
                create(IdempotencyKey(user=officer, key="k", request_hash="h2", complaint=complaint))
        except IntegrityError:
            outcome.append("the duplicate key was handled by the code that opened the savepoint")
        try:
            with transaction.atomic():
                insert([undone])
                raise RuntimeError("refused")
        except RuntimeError:
            outcome.append("refused")
    assert len(outcome) == 2
    sequences = set(ComplaintEvent.objects.filter(complaint=complaint).values_list("sequence", flat=True))
    assert 30 in sequences and 31 not in sequences and 32 not in sequences
    assert IdempotencyKey.objects.get(user=officer, key="k").request_hash == "h"


def test_a_failure_before_the_last_held_row_is_raised_once_without_psycopg_noise(
    officer: User, complaint: Complaint, caplog: pytest.LogCaptureFixture
) -> None:
    """The first of two held rows breaks a unique key: the block raises Django's ``IntegrityError``,
    writes neither row, and (PostgreSQL) leaves psycopg nothing to log as "error ignored" when its
    pipeline ends, since an operator reading the log would take that for a second, unhandled fault."""
    IdempotencyKey.objects.create(user=officer, key="k", request_hash="h", complaint=complaint)
    events = ComplaintEvent.objects.count()
    with caplog.at_level("WARNING"), pytest.raises(IntegrityError), transaction.atomic(), together():
        create(IdempotencyKey(user=officer, key="k", request_hash="h2", complaint=complaint))
        insert([_event(complaint, 13)])
    assert ComplaintEvent.objects.count() == events
    assert [r.getMessage() for r in caplog.records if r.name.startswith("psycopg")] == []
