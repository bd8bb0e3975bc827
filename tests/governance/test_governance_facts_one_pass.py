"""A report's facts are the same whichever way the database computes them (2024 9.6, 9.7; the
record behind every figure, 2024 5.12).

On PostgreSQL a snapshot of the facts (``facts._build_snapshot``) is computed in one pass over the
history (``facts_one_pass``); everywhere else with a correlated subquery per fact and complaint
(``facts.per_complaint_rows``). Here the two are compared row by row, on every kind of step and on a
sweep of as-ats (days before, during and after the steps; moments before some were recorded), so a
report cannot say one thing on PostgreSQL and another on SQLite. PostgreSQL only: the one-pass form
uses its array aggregates; the test command runs the suite on PostgreSQL too."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from governance.journeys import MIXED
from governance.test_2024_6_2_a_corrected_day_received_in_the_figures import _corrected_later, _logged_late

from putright.governance import facts_one_pass
from putright.governance.facts import (
    SNAPSHOT_COLUMNS,
    SNAPSHOT_TARGETS,
    AsAt,
    end_of_day,
    per_complaint_rows,
    snapshot,
)
from putright.governance.models import FactSnapshot

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-pass snapshot is PostgreSQL's; SQLite uses the other"
)

PERIODS = [
    (date(2025, 4, 1), date(2026, 3, 31)),  # the reporting year of the fixture
    (date(2025, 7, 1), date(2025, 9, 30)),  # a quarter: complaints ended before it are left out
    (date(2025, 9, 1), date(2025, 9, 30)),
]


def _per_complaint(as_at: AsAt, start: date, end: date) -> dict[int, tuple[object, ...]]:
    return {r["id"]: tuple(r[c] for c in SNAPSHOT_COLUMNS) for r in per_complaint_rows(as_at, start, end)}


def _one_pass(as_at: AsAt, start: date, end: date) -> dict[int, tuple[object, ...]]:
    grouped, columns = facts_one_pass.rows(as_at, start, end)
    assert columns == ["complaint_id", *SNAPSHOT_COLUMNS[1:]]
    return {r["complaint_id"]: tuple(r[c] for c in columns) for r in grouped}


@pytest.fixture
def history(journey, officer, handler_1):  # type: ignore[no-untyped-def]
    """MIXED (every kind of step), a complaint whose day received was corrected after it was logged
    (its acknowledgement date is the correction's, 2024 5.12, 6.2), and a complaint whose stage 1
    deadline is extended twice, then answered and escalated: its response due date is the last
    extension's, not the first."""
    made = [journey(received, **steps) for received, steps in MIXED]
    made.append(
        _logged_late(
            officer, handler_1, received=date(2025, 6, 2), corrected=date(2025, 6, 9), ack=date(2025, 6, 12)
        )
    )
    # corrected a week after it was logged, from May into June: the sweep sees it before and after
    made.append(
        _corrected_later(
            officer,
            received=date(2025, 5, 30),
            logged=date(2025, 6, 9),
            on=date(2025, 6, 16),
            to=date(2025, 6, 2),
        )
    )
    twice = journey(
        date(2025, 6, 9),
        ack=date(2025, 6, 10),
        extend=[(date(2025, 6, 20), 5, ""), (date(2025, 6, 27), 5, "The specialist report is needed.")],
        respond=date(2025, 7, 8),
        escalate=date(2025, 7, 10),
    )
    return [*made, twice]


def test_one_pass_and_per_complaint_facts_agree_on_every_as_at(history):  # type: ignore[no-untyped-def]
    days = [date(2025, 5, 30) + timedelta(days=7 * k) for k in range(24)]
    compared = 0
    for start, end in PERIODS:
        for day in days:
            for moment in (end_of_day(day), timezone.now()):
                as_at = AsAt(day=day, moment=moment)
                expected = _per_complaint(as_at, start, end)
                assert _one_pass(as_at, start, end) == expected, (start, end, as_at.describe())
                compared += len(expected)
    assert compared > 500  # the sweep compared real rows, not empty sets


def test_the_comparison_sees_every_kind_of_fact(history):  # type: ignore[no-untyped-def]
    """The rows compared above hold each fact the figures read: a test of agreement on empty columns
    would prove nothing."""
    rows = _one_pass(AsAt.of(date(2025, 12, 31)), *PERIODS[0])
    index = {c: i for i, c in enumerate(SNAPSHOT_COLUMNS)}
    filled = {c for c in SNAPSHOT_COLUMNS if any(r[index[c]] not in (None, False) for r in rows.values())}
    assert filled == set(SNAPSHOT_COLUMNS)
    declined_stages = {r[index["declined_stage"]] for r in rows.values()}
    assert {1, 2} <= declined_stages  # declined at stage 1, and an escalation refused (2024 5.11)
    twice = history[-1]
    mine = rows[twice.pk]
    first_due = twice.events.filter(kind="deadline_extended").order_by("sequence").first().data["new_due"]
    last_due = twice.events.filter(kind="deadline_extended").order_by("-sequence").first().data["new_due"]
    assert first_due != last_due
    assert mine[index["s1_resp_due"]].isoformat() == last_due  # the last extension's date (2024 6.4)
    corrected = history[-3]
    assert rows[corrected.pk][index["s1_ack_due"]] == date(2025, 6, 16)  # from the corrected 9 June
    moved = history[-2]
    assert rows[moved.pk][index["received_as_at"]] == date(2025, 6, 2)
    before = _one_pass(AsAt(day=date(2025, 6, 13), moment=end_of_day(date(2025, 6, 13))), *PERIODS[0])
    assert before[moved.pk][index["received_as_at"]] == date(2025, 5, 30)  # as the records stood then


def test_a_complaint_ended_before_the_period_is_left_out(history):  # type: ignore[no-untyped-def]
    """The withdrawn complaint (3 September 2025) counts in September, not in the quarter after it."""
    as_at = AsAt.of(date(2025, 12, 31))
    september = _one_pass(as_at, date(2025, 9, 1), date(2025, 9, 30))
    autumn = _one_pass(as_at, date(2025, 10, 1), date(2025, 12, 31))
    withdrawn = next(c for c in history if c.state == "withdrawn")
    assert withdrawn.pk in september and withdrawn.pk not in autumn
    assert autumn == _per_complaint(as_at, date(2025, 10, 1), date(2025, 12, 31))


def test_a_snapshot_on_postgresql_is_built_in_one_pass(history):  # type: ignore[no-untyped-def]
    FactSnapshot.objects.all().delete()
    as_at = AsAt(day=date(2026, 3, 31), moment=timezone.make_aware(datetime(2026, 4, 1, 9, 0)))
    with CaptureQueriesContext(connection) as queries:
        written = [SNAPSHOT_TARGETS.get(c, c) for c in SNAPSHOT_COLUMNS[1:]]
        rows = list(snapshot(as_at, *PERIODS[0]).values_list("complaint_id", *written))
    # the rows read by one SELECT (which PostgreSQL may run in parallel), then written with COPY
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT f.")]
    assert any("MIN(ARRAY[" in sql and "GROUP BY" in sql for sql in selects)
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "governance_complaintfact"')
    ]
    expected = _per_complaint(as_at, *PERIODS[0])
    assert {r[0]: tuple(r[1:]) for r in rows} == {k: v[1:] for k, v in expected.items()}
