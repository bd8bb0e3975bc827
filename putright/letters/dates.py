"""Dates as letters write them (UK formats, day first), found in text. Pure Python: no Django.

:func:`find_dates` gives each date with where it starts, the year if the letter gives one and the
day of the week if it names one; :meth:`FoundDate.as_date` picks a year when the letter gives none.
The letter check (:mod:`putright.letters.check`) and the dates a letter says things happened
(:mod:`putright.letters.contact_dates`) read dates through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
WEEKDAY = r"(?:(?P<w>mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
WEEKDAYS = {"mon": 0, "tues": 1, "wednes": 2, "thurs": 3, "fri": 4, "satur": 5, "sun": 6}
DATE_PATTERNS = (
    re.compile(
        rf"\b{WEEKDAY}?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}}))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{WEEKDAY}?(?P<m>{MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:\b{WEEKDAY})?(?<![\d/.-])(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y>\d{{4}}|\d{{2}})(?![\d/-])",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
)


@dataclass(frozen=True)
class FoundDate:
    day: int
    month: int
    year: int | None
    #: the day of the week the letter names with it (Monday 0), if it names one
    weekday: int | None = None
    #: where it starts in the text searched
    at: int = 0
    #: where it ends in the text searched
    end: int = 0
    #: "by", "before" or "no later than" leads to it (set by ``_promise_dates``)
    by: bool = False
    #: "before" leads to it: the promise is the day before (set by ``_promise_dates``)
    before: bool = False
    #: "in the week beginning" (commencing, starting, of) leads to it: the promise is the seven days
    #: from it (set by ``_promise_dates``)
    week: bool = False

    def same(self, expected: date) -> bool:
        """The letter gives ``expected``: the same day and month, the same year if it gives one, and
        the same day of the week if it names one ("Monday 15 December 2026", a Tuesday, is not)."""
        return self.same_day(expected) and (self.weekday is None or self.weekday == expected.weekday())

    def same_day(self, expected: date) -> bool:
        return (
            self.day == expected.day
            and self.month == expected.month
            and (self.year is None or self.year == expected.year)
        )

    def as_date(self, near: date) -> date | None:
        """The date, its year (if not given) the one that puts it nearest ``near``."""
        years = [self.year] if self.year is not None else [near.year - 1, near.year, near.year + 1]
        found: list[date] = []
        for year in years:
            try:
                found.append(date(year, self.month, self.day))
            except ValueError:
                continue
        return min(found, key=lambda d: abs((d - near).days)) if found else None


def find_dates(text: str) -> list[FoundDate]:
    """Dates in UK formats (day first; US month-first only with a month name)."""
    found: list[FoundDate] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            raw_month = m.group("m")
            month = MONTHS.get(raw_month.lower().rstrip(".")) if raw_month.isalpha() else int(raw_month)
            day = int(m.group("d"))
            year_text = m.group("y")
            year = int(year_text) if year_text else None
            if year is not None and year < 100:
                year += 2000
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if (
                raw_month.isalpha()
                and raw_month.lower() == "may"
                and not year
                and not re.search(r"\d", m.group(0))
            ):
                continue
            named = m.groupdict().get("w")
            weekday = WEEKDAYS[named.lower()] if named else None
            found.append(FoundDate(day, month, year, weekday, m.start(), end=m.end()))
    return sorted(found, key=lambda f: f.at)
