"""``by_key``: a row read by its unique key with SQL built once is the row the ORM would have made.

The API's create, the token check and every step's landlord rules read their rows this way (issue 17:
building the query was most of a small lookup's cost). If a converter were missed (a date left as
text, a naive datetime, JSON left as a string) or a column shifted, the comparisons below fail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, models
from django.db.models import Model
from django.test.utils import CaptureQueriesContext, isolate_apps

from putright.accounts.models import ApiToken, Role, User
from putright.accounts.services import create_api_token
from putright.api.models import IdempotencyKey
from putright.complaints import services
from putright.complaints.lookup import Key, by_key, by_keys
from putright.complaints.models import (
    Category,
    ClosureDay,
    Complaint,
    ComplaintEvent,
    Landlord,
    PendingStep,
    PersonalText,
    Property,
    Resident,
    Stage,
)
from putright.complaints.rules import _closures_sql, landlord_rules, remembered
from putright.governance.models import DashboardFigures
from putright.letters.models import IssuedLetter

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


# -- attacks (review of the change): where raw SQL built once could answer differently from the ORM


def _complaint(officer: User, name: str = "Rita") -> Complaint:
    return services.receive_complaint(
        resident=services.create_resident(name=name),
        summary="Damp",
        channel="email",
        actor=officer,
        accept=True,
    )


def test_a_key_given_as_an_instance_of_another_model_is_refused_as_the_orm_refuses_it(officer: User) -> None:
    """``by_key(Complaint, pk=resident)`` used the resident's id and found the complaint that happens
    to share it: a wrong row where the ORM raises."""
    complaint = _complaint(officer)
    stranger = Resident.objects.filter(pk=complaint.pk).first() or Resident.objects.create(
        pk=complaint.pk, name="Sam"
    )
    with pytest.raises((TypeError, ValueError)):
        list(Complaint.objects.filter(pk=stranger))  # type: ignore[misc]  # the wrong model, on purpose
    with pytest.raises((TypeError, ValueError)):
        by_key(Complaint, pk=stranger)
    with pytest.raises(ValueError):
        list(Stage.objects.filter(complaint=stranger, number=1))  # type: ignore[misc]  # the wrong model, on purpose
    with pytest.raises(ValueError, match="Complaint"):
        by_key(Stage, complaint=stranger, number=1)
    assert by_key(Stage, complaint=complaint, number=1) is not None  # the right model still works


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**64])
def test_a_key_beyond_the_columns_range_finds_nothing_as_the_orm_finds_nothing(value: int) -> None:
    assert Resident.objects.filter(pk=value).first() is None
    assert by_key(Resident, pk=value) is None
    assert by_key(Stage, complaint_id=value, number=1) is None
    assert by_key(Stage, complaint_id=1, number=2**40) is None  # a small-integer column


def test_a_key_of_the_wrong_type_is_the_orms_error_and_a_float_is_the_orms_row() -> None:
    resident = Resident.objects.create(name="Rita")
    with pytest.raises(ValueError, match="expected a number"):
        by_key(Resident, pk="abc")
    assert by_key(Resident, pk=str(resident.pk)) == resident
    as_float: Any = float(resident.pk)
    assert by_key(Resident, pk=as_float) == Resident.objects.filter(pk=as_float).first()


def test_json_uuid_binary_date_and_null_foreign_key_columns_come_back_as_the_orm_makes_them(
    officer: User,
) -> None:
    complaint = _complaint(officer)
    pending = PendingStep.objects.create(
        complaint=complaint,
        step="acknowledge",
        stage=1,
        label="Acknowledged",
        fields={"definition": "Damp", "n": [1, 2.5, None, True], "nested": {"é": "ü"}},
        decided_on=date(2026, 3, 2),
    )
    same_row(by_key(PendingStep, pk=pending.pk), PendingStep.objects.get(pk=pending.pk))
    text = PersonalText.objects.create(complaint=complaint, value="words", key="k")
    same_row(by_key(PersonalText, pk=text.pk), PersonalText.objects.get(pk=text.pk))
    same_row(by_key(PersonalText, pk=str(text.pk)), PersonalText.objects.get(pk=text.pk))
    figures = DashboardFigures.objects.create(
        key="all", version="v1", figures=b"\x00\xffbytes", day=date(2026, 3, 2)
    )
    found: Any = by_key(DashboardFigures, key="all")
    expected = DashboardFigures.objects.get(pk=figures.pk)
    same_row(found, expected)
    assert bytes(found.figures) == b"\x00\xffbytes"


def test_a_model_whose_manager_returns_its_own_queryset_class_is_refused() -> None:
    with pytest.raises(ValueError, match="reads rows its own way"):
        by_key(IssuedLetter, pk=1)


@isolate_apps("complaints")
def test_a_model_whose_manager_filters_rows_is_refused() -> None:
    """A default manager that hides rows (say, only active ones) returns a plain QuerySet: ``by_key``
    would find the hidden rows the ORM query did not."""

    class Active(models.Manager["Hidden"]):
        def get_queryset(self) -> models.QuerySet[Hidden]:
            return super().get_queryset().filter(active=True)

    class Hidden(models.Model):  # noqa: DJ008 -- a model for this test only
        slug = models.CharField(max_length=10, unique=True)
        active = models.BooleanField(default=True)
        objects = Active()

        class Meta:
            app_label = "complaints"

    with pytest.raises(ValueError, match="reads rows its own way"):
        by_key(Hidden, slug="x")


@isolate_apps("complaints")
def test_a_model_with_a_parent_table_is_refused() -> None:
    """Multi-table inheritance keeps the parent's columns in the parent's table: one table's SELECT
    cannot read them."""

    class Parent(models.Model):  # noqa: DJ008 -- a model for this test only
        code = models.CharField(max_length=10, unique=True)

        class Meta:
            app_label = "complaints"

    class Child(Parent):  # noqa: DJ008 -- a model for this test only
        extra = models.CharField(max_length=10)

        class Meta:
            app_label = "complaints"

    with pytest.raises(ValueError, match="parent"):
        by_key(Child, pk=1)


def test_closure_days_added_and_removed_in_one_request_are_seen_by_the_next_read() -> None:
    Landlord.objects.all().delete()
    with remembered():
        assert landlord_rules().calendar is not None  # no landlord row yet: Landlord.load() makes it
        assert Landlord.objects.count() == 1
        day = date(2026, 12, 29)
        assert landlord_rules().calendar.is_working_day(day)
        closure = ClosureDay.objects.create(date=day, reason="closed")
        assert not landlord_rules().calendar.is_working_day(day)
        closure.delete()
        assert landlord_rules().calendar.is_working_day(day)


def test_many_closure_days_all_reach_the_calendar() -> None:
    first = date(2030, 1, 1)
    days = [first + timedelta(days=n) for n in range(0, 1500, 2)]  # about four years, every other day
    ClosureDay.objects.bulk_create([ClosureDay(date=day, reason="closed") for day in days])
    calendar = landlord_rules().calendar
    assert all(not calendar.is_working_day(day) for day in days)
    assert calendar.is_working_day(date(2030, 1, 2)) == (date(2030, 1, 2).weekday() < 5)


def test_a_reference_to_no_row_reads_as_no_related_object_as_select_related_makes_it() -> None:
    """Foreign keys are checked at commit (deferred): inside a transaction a resident may point at a
    home that is not there. ``select_related`` gives ``None``, not a home whose every field is empty."""
    resident = services.create_resident(name="Rita")
    Resident.objects.filter(pk=resident.pk).update(property_id=987654)
    expected = Resident.objects.select_related("property").get(pk=resident.pk)
    found: Any = by_key(Resident, pk=resident.pk, related="property")
    assert found.property_id == expected.property_id == 987654
    with CaptureQueriesContext(connection) as queries:
        assert expected.property is None
        assert found.property is None
    assert len(queries) == 0
    Resident.objects.filter(pk=resident.pk).update(property_id=None)  # the checks at the test's end


def test_an_extra_value_named_as_a_field_is_refused_as_annotate_refuses_it() -> None:
    with pytest.raises(ValueError, match="would replace a field"):
        by_key(Landlord, pk=1, extra={"third_stage": "SELECT 1"})


# --------------------------------------------------------------------------------------------------
# by_keys: several rows, each by its unique key, in one SELECT (a create's category, resident and
# landlord's rules; issue 17)


def test_by_keys_gives_each_row_as_by_key_gives_it_in_one_query(officer: User) -> None:
    """Every kind of column through a subquery (dates, datetimes, JSON, UUID, bytes, a foreign key
    read with its row, a scalar subquery of our own), each row as ``by_key`` and the ORM make it."""
    complaint = _complaint(officer)
    home = Property.objects.create(reference="HX-9", address_line_1="9 High Street")
    housed = services.create_resident(name="Rita", property=home)
    _, token = create_api_token(officer, "reporting")
    ClosureDay.objects.create(date=date(2026, 12, 24), reason="closed")
    text = PersonalText.objects.create(complaint=complaint, value="words", key="k")
    figures = DashboardFigures.objects.create(
        key="all", version="v1", figures=b"\x00\xff", day=date(2026, 3, 2)
    )
    landlord = Landlord.load()
    keys = [
        Key(Category, {"slug": "repairs"}),
        Key(Resident, {"pk": housed.pk}, related="property"),
        Key(Landlord, {"pk": landlord.pk}, extra={"closure_days": _closures_sql()}),
        Key(ApiToken, {"key_hash": token.key_hash}, related="user"),
        Key(Stage, {"complaint_id": complaint.pk, "number": 1}),
        Key(PersonalText, {"pk": text.pk}),
        Key(DashboardFigures, {"key": "all"}),
    ]
    with CaptureQueriesContext(connection) as queries:
        found: list[Any] = by_keys(*keys)
        assert found[1].property is not None and found[3].user is not None  # read with their rows
    assert len(queries) == 1
    one_by_one: list[Any] = [by_key(k.model, related=k.related, extra=k.extra, **k.key) for k in keys]
    for mine, theirs in zip(found, one_by_one, strict=True):
        same_row(mine, theirs)
    same_row(found[1].property, home)
    same_row(found[3].user, User.objects.get(pk=officer.pk))
    assert found[2].closure_days == one_by_one[2].closure_days
    same_row(found[4], Stage.objects.get(complaint=complaint, number=1))
    assert bytes(found[6].figures) == bytes(figures.figures)


def test_by_keys_a_row_not_there_is_none_and_the_others_are_still_found(officer: User) -> None:
    unhoused = services.create_resident(name="Sam")
    found: list[Any] = by_keys(
        Key(Category, {"slug": "no-such-category"}),
        Key(Resident, {"pk": unhoused.pk}, related="property"),
        Key(Resident, {"pk": unhoused.pk + 1000}),
    )
    assert found[0] is None and found[2] is None
    same_row(found[1], Resident.objects.get(pk=unhoused.pk))
    assert found[1].property is None
    assert by_keys() == []


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_by_keys_a_key_beyond_its_columns_range_is_none_as_by_key_makes_it(value: int) -> None:
    resident = Resident.objects.create(name="Rita")
    found = by_keys(Key(Resident, {"pk": value}), Key(Resident, {"pk": resident.pk}))
    assert found == [None, resident]


def test_by_keys_refuses_what_by_key_refuses(officer: User) -> None:
    with pytest.raises(ValueError, match="not one of its unique keys"):
        by_keys(Key(Category, {"slug": "repairs"}), Key(Resident, {"name": "Rita"}))
    with pytest.raises(ValueError, match="None"):
        by_keys(Key(Property, {"reference": None}))
    with pytest.raises(ValueError, match="reads rows its own way"):
        by_keys(Key(ComplaintEvent, {"pk": 1}))


def test_a_create_through_the_api_reads_the_landlords_rules_once_with_its_category_and_resident(
    officer: User,
) -> None:
    """The create's category, resident and landlord's row in one SELECT, and the rules kept for the
    request: receiving the complaint does not read the landlord again. A closure day still moves the
    acknowledgement deadline (2024 6.2: five working days), so the rules read this way are used."""
    from api.test_api_v1 import Api

    resident = services.create_resident(name="Rita")
    api = Api(officer)
    body = {
        "resident_id": resident.pk,
        "channel": "telephone",
        "summary": "The repair was never done.",
        "category": "repairs",
        "received_on": "2025-03-03",  # a Monday
        "accept_as_complaint": True,
    }
    api.post("/complaints", body)  # first-use reads (the token's last use) out of the count
    ClosureDay.objects.create(date=date(2025, 3, 5), reason="staff training")
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/complaints", body)
    assert response.status_code == 201, response.content
    landlord_reads = [q["sql"] for q in queries.captured_queries if "complaints_landlord" in q["sql"]]
    assert len(landlord_reads) == 1, landlord_reads
    assert "complaints_category" in landlord_reads[0] and "complaints_resident" in landlord_reads[0]
    assert response.json()["deadline"]["due"] == "2025-03-11"  # Mon 3 + 5 working days, 5 March closed
    unknown = api.post("/complaints", {**body, "category": "no-such"})
    assert unknown.status_code == 422 and "unknown category" in unknown.content.decode()
    nobody = api.post("/complaints", {**body, "resident_id": resident.pk + 1000})
    assert nobody.status_code == 422 and "no resident has id" in nobody.content.decode()


def test_rules_read_before_a_change_in_the_same_request_are_not_kept() -> None:
    """``rules.remember`` takes a landlord row only if nothing changed since it was read: a closure day
    added in between is in the calendar the rest of the request uses."""
    from putright.complaints import rules

    with remembered():
        seen = rules.changes()
        (landlord,) = by_keys(rules.landlord_key())
        ClosureDay.objects.create(date=date(2026, 12, 24), reason="closed")
        assert isinstance(landlord, Landlord)
        rules.remember(landlord, seen)
        assert not landlord_rules().calendar.is_working_day(date(2026, 12, 24))
        with pytest.raises(ValueError, match="closure days"):
            rules.remember(Landlord.objects.get(pk=landlord.pk), rules.changes())


def test_by_keys_matches_the_orm_for_every_model_by_key_reads(tmp_path: Any, settings: Any) -> None:
    """Every model ``by_key`` reads, on the demo landlord's rows: each column of each row read through
    ``by_keys`` (beside the landlord's row and a row not there) as the ORM reads it."""
    from django.apps import apps

    from putright.complaints.lookup import _plainly_read
    from putright.complaints.rules import landlord_key
    from putright.demo.loader import load_demo

    settings.PUTRIGHT_DATA_DIR = tmp_path
    load_demo(homes=100, out=lambda _: None)
    Landlord.objects.filter(pk=1).update(third_stage=True, time_limit_months=9, edition="2022")
    checked = 0
    for model in apps.get_models():
        try:
            _plainly_read(model)
        except ValueError:
            continue
        for row in model._default_manager.order_by("-pk")[:3]:
            found = by_keys(Key(model, {"pk": row.pk}), landlord_key(), Key(Category, {"slug": "nope"}))
            assert found[2] is None
            same_row(found[0], row)
            same_row(found[1], Landlord.objects.get(pk=1))
            checked += 1
    assert checked > 30
