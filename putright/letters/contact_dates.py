"""The days a letter says the resident contacted the landlord, made the complaint, or the landlord
received it, judged against the letter's own day and the record. Pure Python: no Django.

A letter is evidence of what the resident was told, so a date it gives for something that has
happened must be one that can have happened:

* **after the letter's day** ("Thank you for contacting us on 3 January 2030" in a letter issued on
  6 December 2026): wrong, whichever words give it. Nothing can have happened on a day still to come.
* **a receipt or making of the complaint after the record's received date** ("we received your
  complaint on 8 December" when the record says 1 December): wrong. The Code's time limits count
  from the day the complaint was received (2024 6.2: acknowledged "within five working days of the
  complaint being received"; 2022 4.1), so the letter would tell the resident the clock started
  later than it did, and a late acknowledgement would read as on time.
* **a receipt before the record's date**: a warning, not a refusal. Nothing reads as more timely
  than it was; a person looks at which is right (the received date is the record's, 2024 1.5).

A wrong date stops the letter being issued until it is put right or left out: the Code does not
require a letter to give these dates, so leaving one out is always open and loses nothing.

Only a date tied to the words is read: "on" straight after "you contacted us", "thank you for
contacting us", "you made your complaint", "we received your complaint" (with "by phone", "by
email" and the like between), "of" or "dated" after "your complaint/email/letter", or a date
before them ("On 3 March you contacted us"). A date inside what the resident said is not read
("you told us the visit on 10 December was missed" gives the visit's day, not the contact's). A date
without a year is read as the latest such day on or before the letter's day: a day in the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from putright.code.timescales import timescales
from putright.letters.dates import FoundDate, find_dates
from putright.letters.readability import blocks, split_sentences

#: what the words say happened on the date: the resident got in touch, the resident made the
#: complaint, or the landlord received it
CONTACT, MADE, RECEIVED = "contact", "made", "received"

_CHANNEL = (
    r"(?:\s+(?:by|via|over|through|on|using)\s+(?:the\s+|our\s+|your\s+)?"
    r"(?:phone|telephone|email|e-mail|letter|post|webchat|live\s+chat|website|online\s+form|form|portal|app"
    r"|social\s+media))?"
)
_TO_US = r"(?:\s+(?:to|with)\s+us)?"
_THE_COMPLAINT = r"(?:your|a|the|this|that)\s+(?:formal\s+)?complaint"
_LEADS: tuple[tuple[str, str], ...] = (
    (
        CONTACT,
        r"\byou\s+(?:first\s+|originally\s+|last\s+)?(?:contacted|wrote\s+to|emailed|e-mailed|called|rang|phoned"
        r"|telephoned|messaged|spoke\s+to|got\s+in\s+touch\s+with|came\s+to\s+see)\s+(?:us|me|our\s+\w+(?:\s+team)?)",
    ),
    (
        CONTACT,
        r"\bthank\s+you\s+for\s+(?:contacting|writing\s+to|emailing|calling|phoning|getting\s+in\s+touch\s+with)\s+us",
    ),
    (
        MADE,
        rf"\byou\s+(?:first\s+)?(?:complained|(?:made|raised|submitted|sent|lodged|logged|reported)\s+(?:us\s+)?"
        rf"{_THE_COMPLAINT})",
    ),
    (MADE, rf"\b{_THE_COMPLAINT}\s+(?:(?:that|which)\s+)?you\s+(?:made|raised|submitted|sent|lodged)"),
    (MADE, r"\byour\s+complaint\s+(?:was|has\s+been)\s+(?:first\s+)?(?:made|raised|submitted|lodged|sent)"),
    (RECEIVED, rf"\b(?:we|i)\s+(?:first\s+)?received\s+{_THE_COMPLAINT}"),
    (RECEIVED, r"\byour\s+complaint\s+(?:was|has\s+been)\s+(?:first\s+)?received"),
    (CONTACT, rf"\b(?:we|i)\s+(?:logged|registered|recorded|acknowledged)\s+{_THE_COMPLAINT}"),
)
#: the words, then "on" and the date ("you contacted us by phone on 3 March")
_ON = [
    (what, re.compile(rf"{lead}{_CHANNEL}{_TO_US}\s*,?\s+on\s+(?:the\s+)?$", re.IGNORECASE))
    for what, lead in _LEADS
]
#: "your email of 3 March", "your complaint dated 3 March", "your complaint received on 3 March"
_OF = re.compile(
    r"\byour\s+(?P<what>complaint|email|e-mail|letter|message|online\s+form|form|call|telephone\s+call|phone\s+call)"
    r"\s+(?:of|dated|sent\s+on|made\s+on|(?P<received>received\s+on))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "On 3 March you contacted us": the date, then the words
_DATE_FIRST = re.compile(r"(?:^|\b)on\s+(?:the\s+)?$", re.IGNORECASE)
_AFTER = [(what, re.compile(rf"^\s*,?\s*(?:{lead})", re.IGNORECASE)) for what, lead in _LEADS]


@dataclass(frozen=True)
class WrongDate:
    """A day the letter says something happened that cannot be true, by the letter's own day or the
    record."""

    #: the words the date is tied to ("you contacted us", "we received your complaint")
    said: str
    given: date
    sentence: str
    why: str
    #: the provision whose clock counts from the day the complaint was received (2024 6.2, 2022 4.1)
    provision: str = ""

    def message(self) -> str:
        return f"the letter says \u201c{self.said}\u201d on {self.given:%-d %B %Y}, but {self.why}"

    def as_dict(self) -> dict[str, str]:
        return {
            "said": self.said,
            "date": self.given.isoformat(),
            "sentence": self.sentence,
            "provision": self.provision,
            "message": self.message(),
        }


@dataclass(frozen=True)
class _Said:
    what: str
    words: str
    found: FoundDate
    sentence: str


def _tied(sentence: str) -> list[_Said]:
    """Each date in ``sentence`` tied to words saying the resident got in touch, made the complaint,
    or the landlord received it."""
    tied: list[_Said] = []
    for found in find_dates(sentence):
        before = sentence[: found.at]
        said: tuple[str, str] | None = None
        for what, pattern in _ON:
            m = pattern.search(before)
            if m is not None:
                said = (what, re.sub(r",?\s+on\s+(?:the\s+)?$", "", m.group(0), flags=re.IGNORECASE))
                break
        if said is None:
            m = _OF.search(before)
            if m is not None:
                complaint = m.group("what").lower() == "complaint"
                what = RECEIVED if complaint and m.group("received") else CONTACT
                said = (what, re.sub(r"\s+(?:the\s+)?$", "", m.group(0)))
        if said is None and _DATE_FIRST.search(before):
            for what, pattern in _AFTER:
                m = pattern.search(sentence[found.end :])
                if m is not None:
                    said = (what, m.group(0).strip(" ,"))
                    break
        if said is not None:
            words = " ".join(said[1].split())
            tied.append(_Said(said[0], words[0].lower() + words[1:], found, sentence))
    return tied


def _day(found: FoundDate, issued_on: date | None, received_on: date | None) -> date | None:
    """The day ``found`` means: its own year if it gives one; else the latest such day on or before
    the letter's day (it says something has happened), or without that the one nearest the record's
    received date."""
    if found.year is not None:
        return found.as_date(date(found.year, 1, 1))
    if issued_on is not None:
        for year in (issued_on.year, issued_on.year - 1, issued_on.year - 4):
            try:
                day = date(year, found.month, found.day)
            except ValueError:
                continue
            if day <= issued_on:
                return day
        return None
    return found.as_date(received_on) if received_on is not None else None


def _when(day: date) -> str:
    return f"{day:%-d %B %Y}"


def wrong_dates(
    text: str, *, issued_on: date | None, received_on: date | None, edition: str
) -> tuple[tuple[WrongDate, ...], tuple[str, ...]]:
    """The dates in ``text`` that say the resident got in touch or made the complaint, or the
    landlord received it, on a day that cannot be (refused), and the receipt dates earlier than the
    record's (warnings). See the module docstring."""
    wrong: list[WrongDate] = []
    warnings: list[str] = []
    acknowledge = timescales(edition).acknowledge.get(1)
    provision = acknowledge.provision if acknowledge is not None else ""
    for block in blocks(text):
        for sentence in (" ".join(s.split()) for s in split_sentences(block)):
            for said in _tied(sentence):
                day = _day(said.found, issued_on, received_on)
                if day is None:
                    continue
                if issued_on is not None and day > issued_on:
                    why = f"that is after the day the letter is issued ({_when(issued_on)}): give the day it happened"
                    wrong.append(WrongDate(said.words, day, sentence, why, provision))
                elif received_on is not None and said.what in (MADE, RECEIVED) and day > received_on:
                    why = (
                        f"the record says the complaint was received on {_when(received_on)}, and the Code's "
                        f"time limits count from that day ({provision}): give that date or leave the date out"
                    )
                    wrong.append(WrongDate(said.words, day, sentence, why, provision))
                elif received_on is not None and said.what == RECEIVED and day < received_on:
                    warnings.append(
                        f"The letter says \u201c{said.words}\u201d on {_when(day)}; the record says the complaint was "
                        f"received on {_when(received_on)}. Check which is right: the Code's time limits count "
                        f"from the record's date ({provision})."
                    )
    return tuple(wrong), tuple(warnings)
