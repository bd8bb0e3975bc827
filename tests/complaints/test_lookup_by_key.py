"""``by_key``: a row read by its unique key with SQL built once is the row the ORM would have made.

The API's create, the token check and every step's landlord rules read their rows this way (issue 17:
building the query was most of a small lookup's cost). If a converter were missed (a date left as
text, a naive datetime, JSON left as a string) or a column shifted, the comparisons below fail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from putright.accounts.models import ApiToken, Role, User
from putright.accounts.services import create_api_token
from putright.api.models import IdempotencyKey
from putright.complaints import services
from putright.complaints.lookup import by_key
from putright.complaints.models import (
    Category,
    ClosureDay,
    ComplaintEvent,
    Landlord,
    Property,
    Resident,
    Stage,
)
from putright.complaints.rules import _closures_sql

pytestmark = pytest.mark.django_db


def same_row(found: Model | None, expected: Model) -> None:
    """Every column equal, of the same type, and the row marked as read from the database."""
    assert found is not None
    assert type(found) is type(expected)
    for field in expected._meta.concrete_fields:
        mine, theirs = getattr(found, field.attname), getattr(expected, field.attname)
        assert mine == theirs, field.name
        assert type(mine) is type(theirs), field.name
        if hasattr(theirs, "tzinfo"):
            assert (mine.tzinfo is None) == (theirs.tzinfo is None), field.name
    assert found._state.adding is False
    assert found._state.db == expected._state.db == "default"


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("olu", first_name="Olu", role=Role.COMPLAINTS_OFFICER)


def test_each_kind_of_column_comes_back_as_the_orm_makes_it(officer: User) -> None:
    home = Property.objects.create(reference="HX-1", address_line_1="1 High Street")
    resident = services.create_resident(name="Rita", email="rita@example.org", property=home)
    complaint = services.receive_complaint(
        resident=resident, summary="Damp", channel="email", actor=officer, accept=True
    )
    _, token = create_api_token(officer, "reporting")
    ClosureDay.objects.create(date=date(2026, 12, 24), reason="closed")
    landlord = Landlord.load()

    same_row(by_key(User, pk=officer.pk), User.objects.get(pk=officer.pk))
    same_row(by_key(ApiToken, key_hash=token.key_hash), ApiToken.objects.get(pk=token.pk))  # datetimes
    same_row(by_key(Resident, pk=resident.pk), Resident.objects.get(pk=resident.pk))
    same_row(by_key(Property, reference="HX-1"), home)
    same_row(by_key(Category, slug="repairs"), Category.objects.get(slug="repairs"))
    same_row(by_key(Landlord, pk=landlord.pk), Landlord.objects.get(pk=landlord.pk))
    # dates and foreign keys, found by a two-column unique constraint
    stage = Stage.objects.get(complaint=complaint, number=1)
    same_row(by_key(Stage, complaint_id=complaint.pk, number=1), stage)
    assert stage.acknowledgement_due is not None


def test_a_related_row_is_read_in_the_same_query_or_is_none(officer: User) -> None:
    home = Property.objects.create(reference="HX-2", address_line_1="2 High Street")
    housed = services.create_resident(name="Rita", property=home)
    unhoused = services.create_resident(name="Sam")
    _, token = create_api_token(officer, "")
    expected = User.objects.get(pk=officer.pk)
    with CaptureQueriesContext(connection) as queries:
        found: Any = by_key(ApiToken, key_hash=token.key_hash, related="user")
        with_home: Any = by_key(Resident, pk=housed.pk, related="property")
        without: Any = by_key(Resident, pk=unhoused.pk, related="property")
        same_row(found.user, expected)
        same_row(with_home.property, home)
        assert without.property is None
    assert len(queries) == 3  # reading .user and .property asked nothing more


def test_a_scalar_subquery_is_set_on_the_row() -> None:
    ClosureDay.objects.create(date=date(2026, 12, 24), reason="closed")
    ClosureDay.objects.create(date=date(2026, 12, 23), reason="closed")
    found: Any = by_key(Landlord, pk=Landlord.load().pk, extra={"closure_days": _closures_sql()})
    assert str(found.closure_days).replace(" 00:00:00", "") == "2026-12-23,2026-12-24"


def test_nothing_found_is_none_and_a_key_that_is_not_unique_is_refused(officer: User) -> None:
    assert by_key(Category, slug="no-such-category") is None
    assert by_key(IdempotencyKey, user_id=officer.pk, key="never sent") is None
    with pytest.raises(ValueError, match="not one of its unique keys"):
        by_key(Resident, name="Rita")  # many residents may share a name
    with pytest.raises(ValueError, match="not one of its unique keys"):
        by_key(IdempotencyKey, key="k")  # unique only together with the user
    with pytest.raises(ValueError, match="None"):
        by_key(Property, reference=None)  # a unique column may hold many NULLs


def test_a_value_is_prepared_as_the_field_prepares_it(officer: User) -> None:
    """A key given as a model instance, or a date as the field stores it, finds the same row."""
    ClosureDay.objects.create(date=date(2026, 12, 24), reason="closed")
    assert by_key(ClosureDay, date=date(2026, 12, 24)) is not None
    assert by_key(ClosureDay, date=date(2026, 12, 24) + timedelta(days=1)) is None
    complaint = services.receive_complaint(
        resident=services.create_resident(name="Rita"),
        summary="Damp",
        channel="email",
        actor=officer,
        accept=True,
    )
    assert by_key(Stage, complaint=complaint, number=1) is not None


def test_a_model_whose_manager_reads_rows_its_own_way_is_refused(officer: User) -> None:
    """The events' manager puts the resident's words back into each event: a row read past it would
    carry the stored marker instead of the words (this test's first version caught exactly that)."""
    complaint = services.receive_complaint(
        resident=services.create_resident(name="Rita"), summary="Damp", channel="email", actor=officer
    )
    with pytest.raises(ValueError, match="reads rows its own way"):
        by_key(ComplaintEvent, complaint=complaint, sequence=1)
