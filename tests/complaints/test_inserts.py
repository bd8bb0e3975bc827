"""``insert``, ``create`` and ``update_row`` write what the ORM would have written.

A complaint's events, its words, its stages and the complaint row itself are written this way on every
create and step (issue 17). If a value were prepared differently (JSON, a UUID key, a date, a
datetime's time zone), a column shifted, or an id not set back on the row, the comparisons below fail;
and what the helpers cannot do the ORM's way they refuse."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.api.models import IdempotencyKey
from putright.complaints import history, services
from putright.complaints.inserts import create, create_numbered, insert, update_row
from putright.complaints.models import (
    Complaint,
    ComplaintEvent,
    Landlord,
    PersonalText,
    Stage,
)
from putright.complaints.projection import projected
from putright.complaints.selectors import case_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("olu", first_name="Olu", role=Role.COMPLAINTS_OFFICER)


@pytest.fixture
def complaint(officer: User) -> Complaint:
    resident = services.create_resident(name="Rita", email="rita@example.org")
    return services.receive_complaint(
        resident=resident, summary="Damp in the bedroom", channel="email", actor=officer, accept=True
    )


def stored(model: Any, pk: Any) -> dict[str, Any]:
    return model.objects.filter(pk=pk).values(*[f.attname for f in model._meta.concrete_fields])[0]


def test_rows_written_by_insert_read_back_as_the_orm_writes_them(complaint: Complaint) -> None:
    """Two copies of the same rows, one through ``bulk_create`` and one through ``insert``: every
    column of every row the same (JSON data, a date, a time-zone-aware datetime, foreign keys)."""
    events = list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence"))
    twin = services.receive_complaint(
        resident=complaint.resident, summary="x", channel="email", actor=None
    )  # a second complaint to hang the copies on
    ours, theirs = [], []
    for number, event in enumerate(events, start=10):
        for into in (ours, theirs):
            copy = ComplaintEvent(
                complaint=twin,
                sequence=number + (100 if into is theirs else 0),
                kind=event.kind,
                on=event.on,
                recorded_at=event.recorded_at,
                actor=event.actor,
                actor_label=event.actor_label,
                data=event.data,
                reason="a reason with ünïcode and 'quotes'",
                provision=event.provision,
            )
            into.append(copy)
    insert(ours)
    ComplaintEvent.objects.bulk_create(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        assert mine.pk is not None and mine._state.adding is False and mine._state.db == "default"
        a, b = stored(ComplaintEvent, mine.pk), stored(ComplaintEvent, other.pk)
        for name in ("id", "sequence"):
            a.pop(name), b.pop(name)
        assert a == b
        assert ComplaintEvent.objects.get(pk=mine.pk).recorded_at == mine.recorded_at
        assert timezone.is_aware(ComplaintEvent.objects.get(pk=mine.pk).recorded_at)


def test_a_key_the_model_makes_is_made_and_written(complaint: Complaint) -> None:
    """PersonalText's id is a UUID the model makes (``default=uuid.uuid4``), not the database."""
    row = PersonalText(complaint=complaint, value="words", key="k")
    insert([row])
    assert isinstance(row.pk, uuid.UUID)
    assert PersonalText.objects.get(pk=row.pk).value == "words"


def test_create_goes_through_save_when_the_model_overrides_it_or_is_listened_to(
    officer: User, complaint: Complaint
) -> None:
    """Landlord.save pins the row to id 1; Category's saves are listened to (the dashboard's marker,
    the landlord rules' memo): neither may be skipped."""
    from putright.complaints.models import Category
    from putright.governance.models import DataMarker

    Landlord.objects.all().delete()
    landlord = create(Landlord(name="Anytown Homes"))
    assert landlord.pk == 1
    before = list(DataMarker.objects.values_list("pk", "token"))
    create(Category(slug="new-kind", name="New kind"))
    assert list(DataMarker.objects.values_list("pk", "token")) != before
    key = create(IdempotencyKey(user=officer, key="k1", request_hash="h", complaint=complaint))
    assert IdempotencyKey.objects.get(pk=key.pk).complaint_id == complaint.pk


def test_update_row_changes_the_named_columns_of_one_row(complaint: Complaint) -> None:
    other = services.receive_complaint(resident=complaint.resident, summary="y", channel="email", actor=None)
    before = stored(Complaint, other.pk)
    assert update_row(Complaint, complaint.pk, summary="Changed", current_due=date(2027, 1, 4)) == 1
    assert stored(Complaint, other.pk) == before
    row = Complaint.objects.get(pk=complaint.pk)
    assert (row.summary, row.current_due) == ("Changed", date(2027, 1, 4))
    assert update_row(Complaint, 10**9, summary="nobody") == 0


def test_what_the_orm_would_do_differently_is_refused(officer: User, complaint: Complaint) -> None:
    with pytest.raises(ValueError, match="expression"):
        update_row(Complaint, complaint.pk, stage=F("stage") + 1)
    with pytest.raises(ValueError, match="non-key"):
        update_row(Complaint, complaint.pk, id=5)
    saved = ComplaintEvent.objects.filter(complaint=complaint).first()
    assert saved is not None
    with pytest.raises(ValueError, match="saved"):
        insert([saved])  # an event is written once (history is append-only)
    with pytest.raises(ValueError, match="one model"):
        insert([PersonalText(complaint=complaint), Stage(complaint=complaint, number=3)])


def test_a_create_and_a_step_still_seal_the_history_chain(officer: User, complaint: Complaint) -> None:
    """The events written by insert are the ones sealed: the chain verifies from the first."""
    services.acknowledge_complaint(
        complaint=complaint,
        actor=officer,
        complaint_definition="The damp in the bedroom and the repair not done",
        outcomes_sought="The damp treated",
        responsible_for="The damp",
        told=services.Told(method="email", on=timezone.localdate(), subject="Ack", body="We have it"),
    )
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 3
    report = history.verify_all_chains()
    assert (report.complaints, report.events, report.breaks) == (1, 3, [])


def test_a_create_writes_in_as_few_statements_as_before(officer: User) -> None:
    resident = services.create_resident(name="Sam")
    with CaptureQueriesContext(connection) as queries:
        services.receive_complaint(
            resident=resident, summary="Leak", channel="telephone", actor=officer, accept=True
        )
    writes = [
        (verb, q["sql"].split(verb, 1)[1].split()[1].strip('"'))
        for q in queries.captured_queries
        for verb in ("INSERT", "UPDATE")
        if q["sql"].startswith(verb) or (q["sql"].startswith("WITH") and f" {verb} INTO " in q["sql"])
    ]
    # the complaint (projected, with its reference), its words, its two events (one INSERT), its
    # stage; no UPDATE of the row just written
    assert writes == [
        ("INSERT", "complaints_complaint"),
        ("INSERT", "complaints_personaltext"),
        ("INSERT", "complaints_complaintevent"),
        ("INSERT", "complaints_stage"),
    ], [q["sql"][:80] for q in queries.captured_queries]


# --------------------------------------------------------------------------------------------------
# create_numbered: the reference made from the row's own id in the INSERT


def _received(officer: User, summary: str = "Leak") -> Complaint:
    resident = services.create_resident(name="Sam")
    return services.receive_complaint(
        resident=resident, summary=summary, channel="telephone", actor=officer, accept=True
    )


def test_2024_5_12_a_new_complaint_is_stored_with_its_reference_and_projection(officer: User) -> None:
    """Read back from the database (not the object in hand): the reference is "PR-" and the id the
    database gave, and the row already says what projecting its history afresh says."""
    complaint = _received(officer)
    row = Complaint.objects.get(pk=complaint.pk)
    assert row.reference == complaint.reference == f"PR-{complaint.pk:06d}"
    last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence")[0]
    fresh = projected(row.pk, case_for(row), set(), last.recorded_at)
    assert {name: getattr(row, name) for name in fresh.fields} == fresh.fields
    assert row.state == "complaint" and row.current_due is not None


def _jump_ids_to(number: int) -> None:
    """Make the next complaint id ``number`` as the database's own counter would (a landlord past a
    million complaints), without writing a million rows."""
    table = Complaint._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [f'"{table}"', number]
            )
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [number - 1, table])


def test_a_reference_past_a_million_keeps_every_digit(officer: User) -> None:
    _jump_ids_to(1_234_567)
    complaint = _received(officer)
    assert complaint.pk == 1_234_567
    assert stored(Complaint, complaint.pk)["reference"] == "PR-1234567" == f"PR-{complaint.pk:06d}"


def test_ids_are_never_given_twice_even_after_the_newest_row_is_gone(officer: User) -> None:
    """As AUTOINCREMENT (SQLite) and a sequence (PostgreSQL) do: an id once given is not given
    again, so a reference once given never names another complaint."""
    first = _received(officer)
    newest = Complaint.objects.create(
        reference="to-be-removed", resident=first.resident, summary="x", received_on=first.received_on
    )
    gone = newest.pk
    Complaint.objects.filter(pk=gone).delete()  # no history: a row that never became a complaint
    third = _received(officer)
    assert first.pk < gone < third.pk
    assert third.reference == f"PR-{third.pk:06d}"


def test_the_same_numbering_without_the_one_statement_path(officer: User) -> None:
    """Where the number cannot be taken inside the INSERT (the model is listened to, or another
    database), the row is saved and numbered by an UPDATE: the same reference either way."""
    from django.db.models.signals import post_save

    def listener(**kwargs: Any) -> None:
        pass

    post_save.connect(listener, sender=Complaint)
    try:
        with CaptureQueriesContext(connection) as queries:
            complaint = _received(officer)
    finally:
        post_save.disconnect(listener, sender=Complaint)
    assert stored(Complaint, complaint.pk)["reference"] == f"PR-{complaint.pk:06d}"
    assert any(
        q["sql"].startswith('UPDATE "complaints_complaint" SET "reference"') for q in queries.captured_queries
    )


def test_create_numbered_refuses_a_row_that_has_its_id(complaint: Complaint) -> None:
    copy = Complaint(pk=complaint.pk + 1000, resident=complaint.resident, summary="x")
    with pytest.raises(ValueError, match="without its id"):
        create_numbered(copy, field="reference", prefix="PR-", digits=6)
    assert not Complaint.objects.filter(pk=complaint.pk + 1000).exists()


@pytest.mark.django_db(transaction=True)
def test_complaints_received_at_once_each_get_their_own_id_and_reference(officer: User) -> None:
    """Eight writers receiving complaints at the same moment: each id is taken inside its INSERT, so
    none is given twice and every stored reference is its own id's. PostgreSQL only: the tests'
    in-memory SQLite refuses a second writer before the code under test is reached (SQLite's one
    writer is the BEGIN IMMEDIATE lock, tested above with ids after a removed row)."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the tests' SQLite is one shared in-memory cache)")
    resident = services.create_resident(name="Rita O'Brien", email="rita@example.org")
    start, errors = threading.Barrier(8), []

    def receive(n: int) -> None:
        start.wait()
        try:
            for i in range(10):
                services.receive_complaint(
                    resident=resident,
                    summary=f"{n}-{i} 'quoted'",
                    channel="email",
                    actor=officer,
                    accept=i % 2 == 0,
                )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=receive, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = list(Complaint.objects.values_list("pk", "reference"))
    assert errors == [] and len(rows) == 80
    assert [reference for pk, reference in rows if reference != f"PR-{pk:06d}"] == []
    assert len({reference for _, reference in rows}) == 80
