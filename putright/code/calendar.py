"""Working days in England and Wales, for every timescale in the Code.

A working day is a Monday to Friday that is not a bank holiday in England and Wales and not a
closure day the landlord has set (for example the days between Christmas and New Year).

Convention used everywhere in PutRight: "N working days from D" is the Nth working day strictly
after D, whatever day D is. The day itself never counts, so a complaint received at 4pm loses
nothing, and one received on a Saturday is due on the same day as one received on the Friday
before it.

Bank holidays come from the ``holidays`` package (England subdivision, which England and Wales
share), including substitute ("observed") days and one-off holidays such as 3 June 2022,
19 September 2022 and 8 May 2023; tests pin every date from 2018 to 2030 against the published
list. For the indexed years they are read from ``bank_holidays.toml``, the package's own answer
written down (``python -m putright.code.calendar`` writes it again; a test fails when the two
differ, as after an upgrade of the package that adds a one-off holiday): the package imports all of
its 251 countries to give one, about 8 MB in every web worker for a list of 26 years.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

#: Years for which working days are precomputed; dates outside are still handled, more slowly.
_INDEXED_YEARS = range(2015, 2041)
#: the ``holidays`` package's weekday bank holidays for the indexed years, written down
KEPT_BANK_HOLIDAYS = Path(__file__).with_name("bank_holidays.toml")


@cache
def _kept_bank_holidays() -> dict[int, frozenset[date]]:
    years = tomllib.loads(KEPT_BANK_HOLIDAYS.read_text(encoding="utf-8"))["years"]
    return {int(year): frozenset(days) for year, days in years.items()}


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year`` that fall on a weekday (substitute days included)."""
    kept = _kept_bank_holidays().get(year)
    return kept if kept is not None else bank_holidays_from_the_package(year)


def bank_holidays_from_the_package(year: int) -> frozenset[date]:
    """What the ``holidays`` package gives for ``year``: for years outside the kept list, and to
    check and write it."""
    import holidays  # here, not at start-up: it imports every country it knows

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in found if day.weekday() < 5)


def kept_bank_holidays_text() -> str:
    """``bank_holidays.toml`` as the package gives it today."""
    lines = [
        "# England and Wales bank holidays on weekdays, substitute days included, as the `holidays`",
        "# package gives them (England subdivision). Written by `python -m putright.code.calendar`;",
        "# tests/code/test_bank_holidays_england_and_wales.py fails when the package says otherwise.",
        "",
        "[years]",
    ]
    for year in _INDEXED_YEARS:
        days = ", ".join(day.isoformat() for day in sorted(bank_holidays_from_the_package(year)))
        lines.append(f"{year} = [{days}]")
    return "\n".join(lines) + "\n"


def first_day_covered() -> date:
    """The first day of the first year whose bank holidays are kept (``bank_holidays.toml``). Before it
    the working days the Code's timescales count cannot be told truthfully (the package's answer for
    year 26 is no bank holidays at all), so no complaint is recorded as received before it."""
    return date(min(_kept_bank_holidays()), 1, 1)


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


class WorkingCalendar:
    """Weekends, England and Wales bank holidays and the landlord's own closure days."""

    def __init__(self, closures: Iterable[date] = ()) -> None:
        self.closures: frozenset[date] = frozenset(closures)
        start = date(_INDEXED_YEARS.start, 1, 1)
        end = date(_INDEXED_YEARS.stop, 1, 1)
        days = (start + timedelta(days=offset) for offset in range((end - start).days))
        self._index: list[date] = [day for day in days if self.is_working_day(day)]
        self._first = start
        self._last = end - timedelta(days=1)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not is_bank_holiday(day) and day not in self.closures

    def _indexed(self, day: date) -> bool:
        return self._first <= day <= self._last

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day strictly after ``start``; ``start`` itself when count is 0."""
        if count < 0:
            raise ValueError("a number of working days cannot be negative")
        if count == 0:
            return start
        position = bisect.bisect_right(self._index, start) + count - 1
        if self._indexed(start) and position < len(self._index):
            return self._index[position]
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_after(self, start: date, count: int) -> list[date]:
        """The first ``count`` working days strictly after ``start``, in order: the dates an extension
        of 1 to ``count`` working days from ``start`` gives."""
        return [self.add_working_days(start, n) for n in range(1, count + 1)]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

        The inverse of :meth:`add_working_days`: ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        if self._indexed(start) and self._indexed(end):
            return bisect.bisect_right(self._index, end) - bisect.bisect_right(self._index, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, otherwise the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


@cache
def england_and_wales() -> WorkingCalendar:
    """The calendar with no landlord closures (shared, built once)."""
    return WorkingCalendar()


if __name__ == "__main__":
    KEPT_BANK_HOLIDAYS.write_text(kept_bank_holidays_text(), encoding="utf-8")
    print(f"wrote {KEPT_BANK_HOLIDAYS}")
