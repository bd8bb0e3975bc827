"""Sums of money a letter names that no remedy on the record is for (2024 7.3; 2022 6.5).

2024 7.3: "Any remedy offered must reflect the extent of any service failures and the level of
detriment caused to the resident as a result. A reasonable timescale must be agreed with the
resident to implement the remedy." A remedy is followed through only if it is on the record: a
response whose text offers £400 while the record holds a £150 remedy tells the resident one thing
and the governing body, the reminders and the Ombudsman another.

This only *asks*. A letter names sums for other reasons (the rent, a bill the resident paid, the
Ombudsman's guidance), so a sum that is not a remedy's is never a refusal: the person writing the
letter is shown it and decides. A sum matches when it is the amount of one remedy recorded on the
complaint and not withdrawn (one already paid is still one the letter may speak of) or the total of
those (a letter may give "£400 in all" for £150 and £250). A sum that is only a withdrawn remedy's
is asked about on its own: a letter drafted before the remedy was withdrawn still offers it."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: "£150", "£1,250.00", "£ 40.5" (read as £40.50), and "150 pounds" (no pence)
_MONEY = re.compile(
    r"£\s?(?P<sterling>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{1,2}))?(?![\d,]*\d)"
    r"|\b(?P<words>\d{1,3}(?:,\d{3})+|\d+)\s+pounds\b",
    re.IGNORECASE,
)


def sums_named(text: str) -> list[int]:
    """The sums of money ``text`` names, in pence, each once, in the order they first appear."""
    found: dict[int, None] = {}
    for match in _MONEY.finditer(text):
        whole = match.group("sterling") or match.group("words")
        pence = (match.group("pence") or "").ljust(2, "0") if match.group("sterling") else "00"
        found[int(whole.replace(",", "")) * 100 + int(pence or 0)] = None
    return [amount for amount in found if amount > 0]


def sums_not_recorded(text: str, *, standing: Iterable[int], withdrawn: Iterable[int] = ()) -> list[int]:
    """The sums ``text`` names that are neither the amount of a remedy still standing (``standing``:
    every remedy not withdrawn, done or not, in pence) nor their total, nor a withdrawn remedy's
    (``withdrawn``: those are :func:`sums_of_withdrawn`)."""
    still = [amount for amount in standing if amount > 0]
    known = set(still) | {amount for amount in withdrawn if amount > 0}
    if still:
        known.add(sum(still))
    return [amount for amount in sums_named(text) if amount not in known]


def sums_of_withdrawn(text: str, *, standing: Iterable[int], withdrawn: Iterable[int]) -> list[int]:
    """The sums ``text`` names that are a withdrawn remedy's and no standing remedy's (nor their
    total): the letter may still offer what will not be carried out."""
    still = [amount for amount in standing if amount > 0]
    known = set(still) | ({sum(still)} if still else set())
    gone = {amount for amount in withdrawn if amount > 0}
    return [amount for amount in sums_named(text) if amount in gone and amount not in known]
