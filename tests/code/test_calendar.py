"""The working-day calendar every timescale in the Code is counted on.

Convention: "N working days from D" is the Nth working day strictly after D, whatever day D is. A
working day is a Monday to Friday that is neither an England and Wales bank holiday nor a closure
day the landlord has set.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.code.calendar import WorkingCalendar, england_and_wales

CALENDAR = england_and_wales()
CHRISTMAS_CLOSURE_2024 = WorkingCalendar(
    closures={date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)}
)


def _brute_force_working_days(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``, counted one day at a time."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and calendar.is_working_day(day):
            count += 1
    return count


# --------------------------------------------------------------------------------------------------
# The convention, on examples anyone can check on a wall calendar


def test_five_working_days_from_a_monday_is_the_next_monday() -> None:
    assert CALENDAR.add_working_days(date(2024, 6, 3), 5) == date(2024, 6, 10)


def test_from_a_saturday_counting_starts_on_monday() -> None:
    # Saturday 8 June 2024: Mon 10 is day 1, Fri 14 is day 5.
    assert CALENDAR.add_working_days(date(2024, 6, 8), 1) == date(2024, 6, 10)
    assert CALENDAR.add_working_days(date(2024, 6, 8), 5) == date(2024, 6, 14)


def test_a_saturday_contact_is_due_the_same_day_as_one_on_the_friday_before() -> None:
    friday, saturday, sunday = date(2024, 6, 7), date(2024, 6, 8), date(2024, 6, 9)
    assert CALENDAR.add_working_days(friday, 5) == date(2024, 6, 14)
    assert CALENDAR.add_working_days(saturday, 5) == CALENDAR.add_working_days(friday, 5)
    assert CALENDAR.add_working_days(sunday, 5) == CALENDAR.add_working_days(friday, 5)


def test_from_a_friday_the_first_working_day_is_monday() -> None:
    assert CALENDAR.add_working_days(date(2024, 6, 7), 1) == date(2024, 6, 10)


def test_from_a_bank_holiday_the_day_itself_does_not_count() -> None:
    # Easter Monday 1 April 2024: Tue 2 is day 1, Mon 8 is day 5.
    assert CALENDAR.add_working_days(date(2024, 4, 1), 1) == date(2024, 4, 2)
    assert CALENDAR.add_working_days(date(2024, 4, 1), 5) == date(2024, 4, 8)


def test_counting_skips_a_bank_holiday_in_the_span() -> None:
    # Thursday 23 May 2024 + 3: Fri 24, (Sat, Sun, Spring bank holiday Mon 27), Tue 28, Wed 29.
    assert CALENDAR.add_working_days(date(2024, 5, 23), 3) == date(2024, 5, 29)


def test_ten_working_days_over_christmas_2024() -> None:
    # 18, 19, 20, 23, 24, 27, 30, 31 December, 2 and 3 January.
    assert CALENDAR.add_working_days(date(2024, 12, 17), 10) == date(2025, 1, 3)


def test_landlord_closure_days_are_not_working_days() -> None:
    # Same span with the office shut 27, 30 and 31 December: 18, 19, 20, 23, 24 Dec, 2, 3, 6, 7, 8 Jan.
    assert CHRISTMAS_CLOSURE_2024.add_working_days(date(2024, 12, 17), 10) == date(2025, 1, 8)
    assert not CHRISTMAS_CLOSURE_2024.is_working_day(date(2024, 12, 30))
    assert CALENDAR.is_working_day(date(2024, 12, 30))


def test_closures_do_not_leak_into_the_shared_calendar() -> None:
    WorkingCalendar(closures={date(2024, 6, 4)})
    assert england_and_wales().is_working_day(date(2024, 6, 4))


def test_zero_working_days_is_the_day_itself() -> None:
    assert CALENDAR.add_working_days(date(2024, 6, 8), 0) == date(2024, 6, 8)


def test_a_negative_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        CALENDAR.add_working_days(date(2024, 6, 3), -1)


def test_dates_outside_the_precomputed_index_still_count_correctly() -> None:
    # 2045: Christmas Day is a Monday, Boxing Day a Tuesday.
    assert CALENDAR.add_working_days(date(2045, 12, 22), 1) == date(2045, 12, 27)
    assert CALENDAR.working_days_between(date(2045, 12, 22), date(2045, 12, 27)) == 1
    # Before the index too: 24 December 2010 (Friday) to the first working day after Christmas.
    assert CALENDAR.add_working_days(date(2010, 12, 24), 1) == date(2010, 12, 29)


def test_counting_across_the_end_of_the_index_matches_counting_by_hand() -> None:
    start = date(2040, 12, 14)
    end = CALENDAR.add_working_days(start, 30)
    assert _brute_force_working_days(CALENDAR, start, end) == 30
    assert CALENDAR.is_working_day(end)


def test_working_days_between_is_negative_backwards() -> None:
    assert CALENDAR.working_days_between(date(2024, 6, 10), date(2024, 6, 3)) == -5


def test_next_working_day() -> None:
    assert CALENDAR.next_working_day(date(2024, 6, 3)) == date(2024, 6, 3)
    assert CALENDAR.next_working_day(date(2024, 6, 8)) == date(2024, 6, 10)
    assert CALENDAR.next_working_day(date(2024, 12, 25)) == date(2024, 12, 27)


# --------------------------------------------------------------------------------------------------
# Properties

days = st.dates(min_value=date(2012, 1, 1), max_value=date(2046, 12, 31))
counts = st.integers(min_value=1, max_value=60)
closure_sets = st.frozensets(st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)), max_size=15)
calendars = st.one_of(
    st.just(CALENDAR),
    st.just(CHRISTMAS_CLOSURE_2024),
    closure_sets.map(lambda closures: WorkingCalendar(closures=closures)),
)


@given(calendar=calendars, start=days, count=counts)
@settings(max_examples=60, deadline=None)
def test_a_deadline_is_always_a_working_day(calendar: WorkingCalendar, start: date, count: int) -> None:
    due = calendar.add_working_days(start, count)
    assert due > start
    assert due.weekday() < 5
    assert calendar.is_working_day(due)


@given(start=days, a=st.integers(min_value=0, max_value=40), b=st.integers(min_value=0, max_value=40))
@settings(max_examples=200)
def test_adding_a_then_b_is_adding_a_plus_b(start: date, a: int, b: int) -> None:
    assert CALENDAR.add_working_days(CALENDAR.add_working_days(start, a), b) == CALENDAR.add_working_days(
        start, a + b
    )


@given(calendar=calendars, start=days, count=counts)
@settings(max_examples=60, deadline=None)
def test_no_weekend_holiday_or_closure_is_counted(calendar: WorkingCalendar, start: date, count: int) -> None:
    due = calendar.add_working_days(start, count)
    assert _brute_force_working_days(calendar, start, due) == count
    # and nothing earlier would do: the day before the deadline is one working day short
    assert _brute_force_working_days(calendar, start, due - timedelta(days=1)) == count - 1


@given(calendar=calendars, start=days, count=st.integers(min_value=0, max_value=60))
@settings(max_examples=60, deadline=None)
def test_working_days_between_inverts_add_working_days(
    calendar: WorkingCalendar, start: date, count: int
) -> None:
    assert calendar.working_days_between(start, calendar.add_working_days(start, count)) == count


@given(start=days, end=days)
@settings(max_examples=100)
def test_working_days_between_matches_counting_by_hand(start: date, end: date) -> None:
    if end < start:
        start, end = end, start
    if (end - start).days > 400:
        end = start + timedelta(days=400)
    assert CALENDAR.working_days_between(start, end) == _brute_force_working_days(CALENDAR, start, end)


def test_working_days_after_lists_each_working_day_in_turn_skipping_weekends_and_closures() -> None:
    calendar = WorkingCalendar(closures=[date(2025, 3, 11)])
    friday = date(2025, 3, 7)
    assert calendar.working_days_after(friday, 3) == [date(2025, 3, 10), date(2025, 3, 12), date(2025, 3, 13)]
    assert calendar.working_days_after(friday, 3) == [calendar.add_working_days(friday, n) for n in (1, 2, 3)]
    assert calendar.working_days_after(friday, 0) == []
