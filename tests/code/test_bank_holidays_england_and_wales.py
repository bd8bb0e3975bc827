"""Every England and Wales bank holiday from 2018 to 2030, written out from the GOV.UK lists.

Every timescale in the Code counts working days, so a missing or extra bank holiday moves every
deadline around it. The list below is typed in by hand (https://www.gov.uk/bank-holidays and the
announced future dates), never generated, and the calendar must give exactly these weekday
holidays for each year: substitute days included, one-off holidays included.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.easter import easter

from putright.code.calendar import (
    KEPT_BANK_HOLIDAYS,
    WorkingCalendar,
    bank_holidays,
    bank_holidays_from_the_package,
    is_bank_holiday,
    kept_bank_holidays_text,
)

D = date

ENGLAND_AND_WALES_BANK_HOLIDAYS: dict[int, list[date]] = {
    2018: [
        D(2018, 1, 1),  # New Year's Day
        D(2018, 3, 30),  # Good Friday
        D(2018, 4, 2),  # Easter Monday
        D(2018, 5, 7),  # Early May bank holiday
        D(2018, 5, 28),  # Spring bank holiday
        D(2018, 8, 27),  # Summer bank holiday
        D(2018, 12, 25),  # Christmas Day
        D(2018, 12, 26),  # Boxing Day
    ],
    2019: [
        D(2019, 1, 1),
        D(2019, 4, 19),
        D(2019, 4, 22),
        D(2019, 5, 6),
        D(2019, 5, 27),
        D(2019, 8, 26),
        D(2019, 12, 25),
        D(2019, 12, 26),
    ],
    2020: [
        D(2020, 1, 1),
        D(2020, 4, 10),
        D(2020, 4, 13),
        D(2020, 5, 8),  # Early May bank holiday moved to Friday for VE Day's 75th anniversary
        D(2020, 5, 25),
        D(2020, 8, 31),
        D(2020, 12, 25),
        D(2020, 12, 28),  # Boxing Day (substitute day: 26 December was a Saturday)
    ],
    2021: [
        D(2021, 1, 1),
        D(2021, 4, 2),
        D(2021, 4, 5),
        D(2021, 5, 3),
        D(2021, 5, 31),
        D(2021, 8, 30),
        D(2021, 12, 27),  # Christmas Day (substitute day)
        D(2021, 12, 28),  # Boxing Day (substitute day)
    ],
    2022: [
        D(2022, 1, 3),  # New Year's Day (substitute day)
        D(2022, 4, 15),
        D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),  # Spring bank holiday, moved to Thursday
        D(2022, 6, 3),  # Platinum Jubilee bank holiday
        D(2022, 8, 29),
        D(2022, 9, 19),  # Bank Holiday for the State Funeral of Queen Elizabeth II
        D(2022, 12, 26),  # Boxing Day
        D(2022, 12, 27),  # Christmas Day (substitute day)
    ],
    2023: [
        D(2023, 1, 2),  # New Year's Day (substitute day)
        D(2023, 4, 7),
        D(2023, 4, 10),
        D(2023, 5, 1),
        D(2023, 5, 8),  # Bank holiday for the coronation of King Charles III
        D(2023, 5, 29),
        D(2023, 8, 28),
        D(2023, 12, 25),
        D(2023, 12, 26),
    ],
    2024: [
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 5, 6),
        D(2024, 5, 27),
        D(2024, 8, 26),
        D(2024, 12, 25),
        D(2024, 12, 26),
    ],
    2025: [
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),  # Boxing Day (substitute day)
    ],
    2027: [
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2027, 5, 3),
        D(2027, 5, 31),
        D(2027, 8, 30),
        D(2027, 12, 27),  # Christmas Day (substitute day)
        D(2027, 12, 28),  # Boxing Day (substitute day)
    ],
    2028: [
        D(2028, 1, 3),  # New Year's Day (substitute day)
        D(2028, 4, 14),
        D(2028, 4, 17),
        D(2028, 5, 1),
        D(2028, 5, 29),
        D(2028, 8, 28),
        D(2028, 12, 25),
        D(2028, 12, 26),
    ],
    2029: [
        D(2029, 1, 1),
        D(2029, 3, 30),
        D(2029, 4, 2),
        D(2029, 5, 7),
        D(2029, 5, 28),
        D(2029, 8, 27),
        D(2029, 12, 25),
        D(2029, 12, 26),
    ],
    2030: [
        D(2030, 1, 1),
        D(2030, 4, 19),
        D(2030, 4, 22),
        D(2030, 5, 6),
        D(2030, 5, 27),
        D(2030, 8, 26),
        D(2030, 12, 25),
        D(2030, 12, 26),
    ],
}

YEARS = sorted(ENGLAND_AND_WALES_BANK_HOLIDAYS)


def _anonymous_gregorian_easter(year: int) -> date:
    """Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@pytest.mark.parametrize("year", YEARS)
def test_calendar_weekday_bank_holidays_equal_the_published_list(year: int) -> None:
    assert sorted(bank_holidays(year)) == ENGLAND_AND_WALES_BANK_HOLIDAYS[year]


@pytest.mark.parametrize("year", YEARS)
def test_written_list_is_self_consistent(year: int) -> None:
    """Guards the hand-typed list itself: all weekdays, eight a year plus the known one-offs, and
    Good Friday and Easter Monday where two independent Easter computations put them."""
    listed = ENGLAND_AND_WALES_BANK_HOLIDAYS[year]
    assert all(day.weekday() < 5 and day.year == year for day in listed)
    one_offs = {2022: 2, 2023: 1}  # Platinum Jubilee and State Funeral; Coronation
    assert len(listed) == 8 + one_offs.get(year, 0)
    sunday = _anonymous_gregorian_easter(year)
    assert sunday == easter(year)
    assert sunday - timedelta(days=2) in listed
    assert sunday + timedelta(days=1) in listed


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 5, 8),
        D(2022, 6, 2),
        D(2022, 6, 3),
        D(2022, 9, 19),
        D(2023, 5, 8),
        D(2027, 12, 27),
        D(2027, 12, 28),
    ],
)
def test_one_off_and_substitute_days_are_not_working_days(day: date) -> None:
    assert is_bank_holiday(day)
    assert not WorkingCalendar().is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 5, 4),  # the first Monday of May 2020 was a working day: the holiday moved to VE Day
        D(2022, 5, 30),  # the last Monday of May 2022 was a working day: Spring moved to 2 June
        D(2020, 12, 26),  # Boxing Day 2020 fell on a Saturday: a weekend, not a weekday holiday
    ],
)
def test_moved_holidays_leave_their_usual_day_alone(day: date) -> None:
    assert day not in bank_holidays(day.year)


def test_the_kept_list_is_what_the_holidays_package_gives_today() -> None:
    """``bank_holidays.toml`` is the package's answer for the indexed years, written down so a web
    worker need not import the package's 251 countries (about 8 MB). After an upgrade of the package
    that adds or moves a holiday this fails: run ``python -m putright.code.calendar`` to write it
    again."""
    assert KEPT_BANK_HOLIDAYS.read_text(encoding="utf-8") == kept_bank_holidays_text()


@pytest.mark.parametrize("year", [2014, 2041])
def test_years_outside_the_kept_list_still_come_from_the_package(year: int) -> None:
    assert bank_holidays(year) == bank_holidays_from_the_package(year)
    assert date(year, 12, 25) in bank_holidays(year) or date(year, 12, 25).weekday() >= 5
