"""A report's facts are the same whichever way the database computes them, for histories an import
from an earlier system can leave (2024 5.12, 9.6; issue 17's one-pass snapshot).

Odd histories written straight into the event table (several acknowledgements and responses at one
stage, steps after a withdrawal or a closure, stages stored as "1", 1.0 or true, missing due dates,
events dated after the as-at day but recorded before its moment and the reverse, midnight UK-time
edges, a first contact dated after other steps), compared between ``facts_one_pass.rows`` and
``facts.per_complaint_rows`` on a sweep of as-ats; and values that are not dates or whole numbers on
complaints that cannot count, which must not stop the report on PostgreSQL when they do not stop it
elsewhere (found by an adversarial review: the one-pass form used to cast every event's value, not
only the one it picks). PostgreSQL only: the one-pass form is PostgreSQL's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from governance.journeys import MIXED, at_hour, raw_event

from putright.governance import facts_one_pass
from putright.governance.facts import SNAPSHOT_COLUMNS, AsAt, end_of_day, per_complaint_rows

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-pass snapshot is PostgreSQL's; SQLite uses the other"
)

_d = date


def _per_complaint(as_at: AsAt, start: date, end: date) -> dict[int, tuple[object, ...]]:
    return {r["id"]: tuple(r[c] for c in SNAPSHOT_COLUMNS) for r in per_complaint_rows(as_at, start, end)}


def _one_pass(as_at: AsAt, start: date, end: date) -> dict[int, tuple[object, ...]]:
    grouped, columns = facts_one_pass.rows(as_at, start, end)
    out: dict[int, tuple[object, ...]] = {}
    for r in grouped:
        assert r["complaint_id"] not in out, "two rows for one complaint"
        out[r["complaint_id"]] = tuple(r[c] for c in columns)
    return out


RESP = {
    "outcome": "upheld",
    "decision": "d",
    "reasons": "r",
    "remedy": "",
    "outstanding_actions": "",
    "escalation_route": "",
}


@pytest.fixture
def odd(journey):  # type: ignore[no-untyped-def]
    made = [journey(received, **steps) for received, steps in MIXED]
    # several acknowledgements and responses at one stage; a response with no outcome
    c = journey(_d(2025, 6, 2), ack=_d(2025, 6, 4), respond=_d(2025, 6, 18))
    raw_event(c, "acknowledged", _d(2025, 6, 19), stage=1, response_due="2025-07-20")
    raw_event(c, "responded", _d(2025, 6, 20), stage=1, handler="x", response={"decision": "no outcome"})
    raw_event(c, "responded", _d(2025, 6, 21), stage=2, handler="x", response=None)
    raw_event(c, "responded", _d(2025, 6, 22), stage=2, handler="x")
    made.append(c)
    # declined at stage 1, then accepted and acknowledged
    c = journey(_d(2025, 8, 4), decline=_d(2025, 8, 5))
    raw_event(c, "accepted_as_complaint", _d(2025, 8, 6), acknowledgement_due="2025-08-13")
    raw_event(c, "acknowledged", _d(2025, 8, 7), stage=1, response_due="2025-09-04")
    made.append(c)
    # withdrawn, then more steps
    c = journey(_d(2025, 6, 2), withdraw=_d(2025, 6, 3))
    raw_event(c, "acknowledged", _d(2025, 6, 4), stage=1, response_due="2025-07-01")
    raw_event(c, "responded", _d(2025, 6, 30), stage=1, handler="x", response=RESP)
    made.append(c)
    # closed before the quarter, then a non-ending step (last visible event is not an ending one)
    c = journey(_d(2025, 6, 2), ack=_d(2025, 6, 4), respond=_d(2025, 6, 18))
    raw_event(c, "closed", _d(2025, 6, 19), reason="done")
    raw_event(c, "outstanding_action_added", _d(2025, 6, 20), description="x")
    made.append(c)
    # closed before the quarter, nothing after
    c = journey(_d(2025, 6, 2), ack=_d(2025, 6, 4), respond=_d(2025, 6, 18))
    raw_event(c, "closed", _d(2025, 6, 19), reason="done")
    made.append(c)
    # extensions: without new_due, with null new_due, stage as string / float / bool
    c = journey(_d(2025, 6, 9), ack=_d(2025, 6, 10))
    raw_event(c, "deadline_extended", _d(2025, 6, 20), stage=1)
    raw_event(c, "deadline_extended", _d(2025, 6, 21), stage=1, new_due=None)
    raw_event(c, "deadline_extended", _d(2025, 6, 22), stage="1", new_due="2025-08-01")
    raw_event(c, "deadline_extended", _d(2025, 6, 23), stage=1.0, new_due="2025-08-02")
    raw_event(c, "deadline_extended", _d(2025, 6, 24), stage=True, new_due="2025-08-03")
    raw_event(c, "acknowledged", _d(2025, 6, 25), stage="2", response_due="2025-09-01")
    made.append(c)
    # escalation refused with the stage as a string and as a float; escalation to "2"
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2), respond=_d(2025, 7, 4), escalate=_d(2025, 7, 7))
    raw_event(c, "declined", _d(2025, 7, 8), stage="2", ground="previously_considered")
    raw_event(
        c,
        "escalation_requested",
        _d(2025, 7, 9),
        to_stage="2",
        acknowledgement_due="2025-07-16",
        response_due="2025-08-20",
    )
    raw_event(c, "declined", _d(2025, 7, 10), stage=2, ground="legal_proceedings")
    made.append(c)
    # events dated after D but recorded before T, and dated before D but recorded after T
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    raw_event(
        c,
        "responded",
        _d(2025, 12, 10),
        recorded_at=at_hour(_d(2025, 7, 3), 9),
        stage=1,
        handler="x",
        response=RESP,
    )
    raw_event(
        c,
        "escalation_requested",
        _d(2025, 7, 5),
        recorded_at=at_hour(_d(2026, 2, 1), 0, 0),
        to_stage=2,
        acknowledgement_due="2025-07-12",
        response_due="2025-08-20",
    )
    # recorded at 23:30 and 00:30 UK time (BST: UTC+1) around midnight
    raw_event(
        c,
        "acknowledged",
        _d(2025, 7, 6),
        recorded_at=at_hour(_d(2025, 7, 6), 23, 30),
        stage=2,
        response_due="2025-08-30",
    )
    raw_event(
        c,
        "responded",
        _d(2025, 7, 7),
        recorded_at=at_hour(_d(2025, 7, 8), 0, 30),
        stage=2,
        handler="y",
        response=RESP,
    )
    made.append(c)
    # received on one day, but its first contact dated later than other events (D between them)
    c = journey(_d(2025, 10, 1))
    raw_event(c, "acknowledged", _d(2025, 7, 1), stage=1, response_due="2025-08-01")
    made.append(c)
    # received after the year's end, with steps dated in it
    c = journey(_d(2026, 5, 1))
    raw_event(c, "acknowledged", _d(2025, 8, 1), stage=1, response_due="2025-09-01")
    made.append(c)
    # two contacts, the second a re-import
    c = journey(_d(2025, 9, 1), ack=_d(2025, 9, 2))
    raw_event(c, "contact_received", _d(2025, 9, 3), edition="2024", channel="telephone", summary="again")
    made.append(c)
    return made


PERIODS = [
    (_d(2025, 4, 1), _d(2026, 3, 31)),
    (_d(2025, 7, 1), _d(2025, 9, 30)),
    (_d(2025, 10, 1), _d(2025, 12, 31)),
]


def test_odd_histories_agree(odd):  # type: ignore[no-untyped-def]
    days = [_d(2025, 6, 1) + timedelta(days=k) for k in range(0, 300, 15)] + [_d(2025, 7, 6), _d(2025, 7, 7)]
    moments = lambda day: (  # noqa: E731
        end_of_day(day),
        at_hour(day, 23, 30),
        at_hour(day + timedelta(days=1), 0, 30),
        at_hour(_d(2025, 7, 3), 10),
        timezone.now(),
    )
    compared = 0
    for start, end in PERIODS:
        for day in days:
            for moment in moments(day):
                as_at = AsAt(day=day, moment=moment)
                expected = _per_complaint(as_at, start, end)
                got = _one_pass(as_at, start, end)
                assert got == expected, (
                    start,
                    end,
                    as_at,
                    {k for k in got.keys() | expected.keys() if got.get(k) != expected.get(k)},
                )
                compared += len(expected)
    assert compared > 1000


def test_a_complaint_ended_before_the_period_with_an_odd_declined_stage(journey):  # type: ignore[no-untyped-def]
    """Declined with stage 1.5 (imported), ended before the quarter: the per-complaint form never
    reads its facts (not a candidate); the one-pass form casts its stage anyway."""
    c = journey(_d(2025, 4, 1), decline=_d(2025, 4, 2))
    raw_event(c, "declined", _d(2025, 4, 3), stage=1.5, ground="previously_considered")
    ok = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    as_at = AsAt.of(_d(2025, 12, 31))
    expected = _per_complaint(as_at, _d(2025, 7, 1), _d(2025, 9, 30))
    assert set(expected) == {ok.pk}
    assert _one_pass(as_at, _d(2025, 7, 1), _d(2025, 9, 30)) == expected


def test_a_complaint_not_yet_visible_with_an_odd_date(journey):  # type: ignore[no-untyped-def]
    """An accepted step with a date that is not a date, on a complaint whose first contact is not
    visible at the as-at: not a candidate, so never read by the per-complaint form."""
    c = journey(_d(2025, 10, 1))
    raw_event(c, "accepted_as_complaint", _d(2025, 7, 1), acknowledgement_due="within 5 working days")
    ok = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    as_at = AsAt.of(_d(2025, 8, 31))
    expected = _per_complaint(as_at, _d(2025, 7, 1), _d(2025, 12, 31))
    assert set(expected) == {ok.pk}
    assert _one_pass(as_at, _d(2025, 7, 1), _d(2025, 12, 31)) == expected


def _refused_twice(journey):  # type: ignore[no-untyped-def]
    """A counting complaint whose escalation was refused, then refused again by an imported event
    with its stage stored as 2.0."""
    c = journey(
        _d(2025, 7, 1),
        ack=_d(2025, 7, 2),
        respond=_d(2025, 7, 4),
        escalate=_d(2025, 7, 7),
        refuse_escalation=_d(2025, 7, 8),
    )
    raw_event(c, "declined", _d(2025, 7, 10), stage=2.0, ground="legal_proceedings")
    return c


def test_a_second_refusal_with_the_stage_as_a_float(journey):  # type: ignore[no-untyped-def]
    """A counting complaint whose escalation was refused twice, the second imported with stage 2.0:
    the per-complaint form casts only the first refusal's stage; the one-pass form casts every one."""
    c = _refused_twice(journey)
    as_at = AsAt.of(_d(2025, 12, 31))
    expected = _per_complaint(as_at, _d(2025, 7, 1), _d(2025, 9, 30))
    assert set(expected) == {c.pk}
    assert _one_pass(as_at, _d(2025, 7, 1), _d(2025, 9, 30)) == expected


def test_an_odd_value_never_picked_does_not_stop_the_report_whatever_the_plan(journey):  # type: ignore[no-untyped-def]
    """The per-complaint form too casts only the value it picks, whichever plan PostgreSQL chooses
    (CI found it flaky). With the index walk ruled out PostgreSQL sorts each complaint's events, and
    a value cast inside the subquery is cast for every row before the sort: the refused escalation's
    second refusal (stage 2.0), a later acceptance's and a later escalation's due dates in words,
    and an extension's new date in words followed by a later extension with a date, are all on
    events that are never picked."""
    c = _refused_twice(journey)
    raw_event(c, "accepted_as_complaint", _d(2025, 7, 11), acknowledgement_due="within 5 working days")
    raw_event(c, "escalation_requested", _d(2025, 7, 12), to_stage=2, acknowledgement_due="soon")
    raw_event(c, "deadline_extended", _d(2025, 7, 13), stage=2, new_due="two more weeks")
    raw_event(c, "deadline_extended", _d(2025, 7, 14), stage=2, new_due="2025-08-29")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    as_at = AsAt.of(_d(2025, 12, 31))
    rows = _per_complaint(as_at, _d(2025, 7, 1), _d(2025, 9, 30))
    assert set(rows) == {c.pk}
    assert _one_pass(as_at, _d(2025, 7, 1), _d(2025, 9, 30)) == rows
