"""2024 5.12: a full record. The history of a complaint is append-only at every layer: the model,
its manager, the admin, and the database's own triggers."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from putright.accounts.models import User
from putright.complaints.history import EVENTS_TABLE, history_purge
from putright.complaints.models import Complaint, ComplaintEvent, HistoryIsAppendOnly


@pytest.fixture
def event(build) -> ComplaintEvent:
    return build("complaint").events.order_by("sequence").first()


def test_2024_5_12_an_event_cannot_be_saved_again(event: ComplaintEvent) -> None:
    event.reason = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        event.save()


def test_2024_5_12_an_event_cannot_be_deleted(event: ComplaintEvent) -> None:
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()


def test_2024_5_12_the_manager_refuses_update_and_delete(event: ComplaintEvent) -> None:
    with pytest.raises(HistoryIsAppendOnly):
        ComplaintEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(HistoryIsAppendOnly):
        ComplaintEvent.objects.all().delete()
    with pytest.raises(HistoryIsAppendOnly):
        ComplaintEvent.objects.bulk_update([event], ["reason"])
    assert ComplaintEvent.objects.get(pk=event.pk).reason == event.reason


def test_2024_5_12_a_complaint_with_history_cannot_be_deleted(event: ComplaintEvent) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Complaint.objects.filter(pk=event.complaint_id).delete()


def test_2024_5_12_raw_sql_update_is_refused_by_the_database(event: ComplaintEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {EVENTS_TABLE} SET reason = 'rewritten' WHERE id = %s", [event.pk])
    assert ComplaintEvent.objects.get(pk=event.pk).reason == event.reason


def test_2024_5_12_raw_sql_delete_is_refused_by_the_database(event: ComplaintEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE id = %s", [event.pk])
    assert ComplaintEvent.objects.filter(pk=event.pk).exists()


def test_2024_5_12_raw_sql_update_is_refused_even_during_a_purge(event: ComplaintEvent) -> None:
    """A purge may erase whole records; nothing may ever edit one."""
    with (
        history_purge(),
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {EVENTS_TABLE} SET reason = 'rewritten' WHERE id = %s", [event.pk])


def test_2024_5_12_emptying_the_whole_table_is_refused_by_the_database(event: ComplaintEvent) -> None:
    """PostgreSQL's TRUNCATE; on SQLite the same intent is a DELETE with no WHERE clause (its
    "truncate optimisation", which must not bypass the trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # no deferred checks pending in the test's transaction
            statement = f"TRUNCATE {EVENTS_TABLE} CASCADE"
        else:
            statement = f"DELETE FROM {EVENTS_TABLE}"
        try:
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(statement)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert ComplaintEvent.objects.filter(pk=event.pk).exists()


def test_a_deliberate_purge_can_erase_events(event: ComplaintEvent) -> None:
    with history_purge(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE id = %s", [event.pk])
    assert not ComplaintEvent.objects.filter(pk=event.pk).exists()
    # and the permission ends with the block
    other = ComplaintEvent.objects.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE id = %s", [other.pk])


def test_2024_5_12_the_admin_is_read_only_for_events(event: ComplaintEvent) -> None:
    admin = site._registry[ComplaintEvent]
    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("root", password="a long password 123")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, event)
    assert not admin.has_delete_permission(request, event)
    assert admin.get_actions(request) == {}
    complaint_admin = site._registry[Complaint]
    assert not complaint_admin.has_change_permission(request, event.complaint)
    assert not complaint_admin.has_delete_permission(request, event.complaint)


@pytest.mark.django_db(transaction=True)
def test_flush_erases_the_whole_database_for_transactional_tests(build) -> None:
    """Django's test runner flushes between transactional (live server, browser) tests; the
    overridden ``flush`` is the one ordinary command allowed past the triggers."""
    build("stage_1_responded")
    assert ComplaintEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not ComplaintEvent.objects.exists()
    assert not Complaint.objects.exists()
