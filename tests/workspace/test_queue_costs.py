"""What every queue page costs the database beyond its rows (issue 17: the queue slower than run G).

Its total (the open complaints the person may see) and its count of contacts already late if they are
complaints (2024 6.2) are read from an index alone, not from every open complaint's row to see whether
it is restricted (100,000 complaints on SQLite: 8.4 and 4 ms a page, then 1.3 and 0.4). The total's
index is the team view's workload index (``tests/web/test_kept_indexes.py`` keeps it on upgraded
databases); the waiting contacts' is ``complaint_waiting``.
And the response dates promised on the page's rows (2024 6.3, 6.14) are read without a transaction
of their own: turning PostgreSQL's JIT off for them cost three statements a page for a query the
planner prices far below ``jit_above_cost``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.rules import landlord_rules
from putright.letters.posting import with_response_dates_given
from putright.workspace.selectors import (
    QUEUE_COUNT_LIMIT,
    QueueFilters,
    _filtered_queue,
    late_if_a_complaint,
)


def _filters() -> QueueFilters:
    return QueueFilters()


@contextmanager
def _no_table_scan() -> Iterator[None]:
    """PostgreSQL prices a scan of a test's few rows below any index: told not to scan the table, it
    shows which index it reads."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")


def _plan(user: User, *, late: bool) -> str:
    today = timezone.localdate()
    complaints = _filtered_queue(user, _filters(), today=today)
    if late:
        complaints = complaints.filter(late_if_a_complaint(landlord_rules().calendar, today))
    elif connection.vendor == "sqlite":
        complaints = complaints.filter(is_open__in=[True])  # as queue_total asks SQLite
    sql, params = complaints.order_by().values("pk")[: QUEUE_COUNT_LIMIT + 1].query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with _no_table_scan(), connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


def _covering(columns: set[str]) -> list[str]:
    """The complaint table's indexes holding every one of ``columns`` (on SQLite a row's id is its
    address, in every index)."""
    if connection.vendor == "sqlite":
        columns = columns - {"id"}
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "complaints_complaint")
    return [name for name, index in indexes.items() if index["index"] and columns <= set(index["columns"])]


@pytest.mark.django_db
def test_2024_6_2_the_queue_total_is_counted_from_the_workload_index(
    staff: dict[str, User], make: Make
) -> None:
    for i in range(3):
        make("complaint", name=f"Open {i}")
    plan = _plan(staff["officer"], late=False)
    if connection.vendor == "sqlite":
        assert "COVERING INDEX workspace_complaint_workload" in plan, plan
    else:
        # PostgreSQL chooses among the indexes holding is_open and restricted (the workload index,
        # or the page index, which also holds the id and so is read alone): an index, not the table
        assert "Seq Scan" not in plan and "Index" in plan, plan


@pytest.mark.django_db
def test_2024_6_2_contacts_late_if_complaints_are_counted_from_an_index_alone(
    staff: dict[str, User], make: Make
) -> None:
    """Every column the count reads is in one index, led by the two it searches on; PostgreSQL
    chooses it over reading rows once a landlord has some, SQLite at any size."""
    covering = _covering({"state", "received_on", "restricted", "is_open", "id"})
    assert "complaint_waiting" in covering, covering
    if connection.vendor == "sqlite":
        for i in range(3):
            make("received", name=f"Waiting {i}", received_on=date(2025, 1, 6))
        plan = _plan(staff["officer"], late=True)
        assert "COVERING INDEX complaint_waiting" in plan, plan


@pytest.mark.django_db
def test_2024_6_3_the_response_dates_promised_on_a_page_s_rows_need_no_transaction(
    staff: dict[str, User], make: Make
) -> None:
    """The page's promised dates were read inside ``BEGIN; SET LOCAL jit = off; ...; COMMIT`` on
    PostgreSQL: every queue page paid three statements more for a query of a page's rows. Across a
    landlord (a queryset) the JIT stays off (``tests/web/test_without_jit.py``)."""
    page = [make("stage_1_acknowledged", name=f"Acknowledged {i}").pk for i in range(3)]
    with CaptureQueriesContext(connection) as captured:
        with_response_dates_given(page, by=timezone.localdate())
    assert [q["sql"] for q in captured.captured_queries if "union" in q["sql"].lower()]
    assert len(captured.captured_queries) == 1, [q["sql"] for q in captured.captured_queries]
