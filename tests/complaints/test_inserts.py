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
from putright.complaints.inserts import create, insert, update_row
from putright.complaints.models import (
    Complaint,
    ComplaintEvent,
    Landlord,
    PersonalText,
    Stage,
)

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
        q["sql"].split()[0] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE"}
    ]
    # the complaint, its words, its two events (one INSERT), its projection (one UPDATE), its stage
    assert writes == ["INSERT", "INSERT", "INSERT", "UPDATE", "INSERT"]
