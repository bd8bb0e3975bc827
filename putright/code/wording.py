"""Words written into a sentence of PutRight's own: a remedy's description followed by its due date,
and the date itself as people write it ("7 December 2026").

Pure (no Django): the lifecycle writes the recorded remedies and outstanding actions with them, and
the letters and pages write their lists with them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from putright.code.compensation import pounds


@lru_cache(maxsize=4096)  # the evidence pack names a few hundred days 100,000 times in a year's steps
def long_date(day: date) -> str:
    """A day as people write it, the GOV.UK way: "7 December 2026" (no leading zero, no weekday)."""
    return f"{day.day} {day:%B %Y}"


def clause(text: str) -> str:
    """``text`` to go on with ", by 18 December 2026" or " (Repairs team)": without its trailing full
    stop, as typed at the end of a sentence ("Fix the leak under the kitchen sink.", which read
    "...under the kitchen sink., by 18 December 2026": found in a browser walk). An ellipsis, or
    any other ending, is kept."""
    text = str(text or "").rstrip()
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def remedy_words(description: str, amount_pence: int) -> str:
    """A remedy as a clause to go on with ", by 14 December 2026": what will happen, and its amount
    where the description does not already give one in pounds ("Compensation for the delay (£75)")."""
    amount = f" ({pounds(amount_pence)})" if amount_pence and "£" not in description else ""
    return f"{clause(description)}{amount}"
