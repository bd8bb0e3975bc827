"""The days a letter says the resident got in touch, made the complaint, or the landlord received it,
judged against the letter's own day and the record. Pure Python: no Django.

A letter is evidence of what the resident was told, so a day it gives for something that has
happened must be one that can have happened. Two things stop a letter being issued:

* **a day after the letter's own** ("Thank you for contacting us on 3 January 2030" in a letter
  issued on 6 December 2026), whichever of the words below give it. Nothing can have happened on a
  day still to come. Cited as the full record (2024 5.12, 2022 4.15: "the original complaint and
  the date received").
* **in a stage 1 letter, a receipt after the record's received date** ("we received your complaint
  on 8 December" when the record says 1 December). The five working days to acknowledge count from
  the day the complaint was received (2024 6.2, 2022 4.1), so the letter would tell the resident the
  clock started later than it did, and a late acknowledgement would read as on time. A stage 1
  letter is one whose kind is at stage 1, or an extension notice given stage 1; a keeping-informed
  update or remedy offer may be at stage 2, where "we received your complaint" may be the escalation
  request.

What the check cannot be sure of is a warning, not a refusal:

* a receipt before the record's date (nothing reads as more timely than it was), or after it by a
  named way ("we received your complaint in writing on 3 December", the first by phone on the 1st);
* in a stage 1 letter, a contact day later than the record's received date ("thank you for
  contacting us on 2 December" when the record says 30 November, perhaps since corrected): it may
  mean a later contact, so it is not refused;
* a contact day without a year that reads as still to come: "2 January" in a letter of 20 December
  may be nearly a year ago. Give the year. (A receipt without a year cannot be nearly a year before
  the letter and is refused.)

"You complained on", "you made your complaint on" and the like are judged only against the letter's
day: a resident can complain again or add to a complaint, so a later day is not wrong.

A wrong day stops the letter until it is put right or left out: the Code does not require a letter
to give these days, so leaving one out is always open and loses nothing.

**Which dates are read.** Only a date tied to the words: "on" straight after "you contacted us",
"thank you for contacting us" (or "...contacting Northgate Homes", "...for your email"), "you made
your complaint", "we have received your complaint", "the Council received your complaint", "your
complaint was received", "your complaint, which we received" (with "by phone", "by email", "in
writing" and the like between); "of", "dated" or "sent/made/received on" after "your
complaint/email/letter/call" (not a bare "on": "we will respond to your complaint on 14 December"
is what the landlord will do); a form line ("Date received: 4 December 2026"); or a sentence opening
"On 3 March, you contacted us" or "On 3 March we received your complaint". Nothing else is: a date
inside what the resident said ("you told us the visit on 10 December was missed"), one belonging to
a noun before the words ("the appointment on 10 January you rang us about"), or "your complaint
form", "complaints team", "complaint handler".

**A date without a year** is read as the coming day when that is at most two weeks after the
letter's day ("9 December" in a letter of 6 December 2026 is this Wednesday), else as the latest
such day on or before it ("10 January" in a letter of 20 December 2026 is 10 January 2026). The
message quotes the letter's own words and says how they were read. A weekday named with it ("Monday
21 December") picks the year it falls on.

Only a bounded stretch of text either side of each date is searched, so a long letter (a repairs
log pasted in as one block) costs no more per date than a short one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from putright.code.lifecycle import rule
from putright.code.timescales import timescales
from putright.code.wording import long_date
from putright.letters.dates import FoundDate, find_dates
from putright.letters.readability import blocks, split_sentences

#: what the words say happened on the date: the resident got in touch or made the complaint (judged
#: only against the letter's day), or the landlord received it (also against the record)
CONTACT, RECEIVED = "contact", "received"

#: how far before and after a date the words tying it are looked for
_WINDOW = 160
#: a year-less date this many days ahead of the letter's day or fewer is read as that coming day
_AHEAD = 14

_CHANNEL = (
    r"(?P<channel>\s*,?\s+(?:by|via|over|through|on|using|in)\s+(?:the\s+|our\s+|your\s+)?"
    r"(?:phone|telephone|email|e-mail|letter|post|writing|person|webchat|live\s+chat|website|online\s+form|form"
    r"|portal|app|social\s+media)\s*,?)?"
)
_TO_US = r"(?:\s+(?:to|with)\s+us)?"
#: a complaint, not a "complaint form", "complaints team" or "complaint handler"
_THE_COMPLAINT = (
    r"(?:your|a|the|this|that)\s+(?:formal\s+|first\s+|original\s+|stage\s*(?:1|one)\s+)?complaint"
    r"(?!s\b|['’]s\b|\s+(?:form|team|handler|officer|manager|department|process|procedure|policy|response"
    r"|review|reference|number|letter|email|file|record|log|notes?|report)\b)"
)
_NAME = r"(?:\s+(?!about\b|regarding\b|concerning\b|on\b|today\b|again\b)[\w&'’-]+){0,3}"
#: who received it, for a sentence opening "On 3 March, ...": "we", "I", "the Council"
_WHO = r"(?:(?:we|i)\s+|the\s+[\w&'’-]+(?:\s+[\w&'’-]+)?\s+|[\w&'’-]+\s+(?:homes|housing|council|trust)\s+)?"
_LEADS: tuple[tuple[str, str], ...] = (
    (
        CONTACT,
        r"\byou\s+(?:first\s+|originally\s+|last\s+)?(?:contacted|wrote\s+to|emailed|e-mailed|called|rang|phoned"
        r"|telephoned|messaged|spoke\s+to|got\s+in\s+touch\s+with|came\s+to\s+see)\s+(?:us|me|our\s+\w+(?:\s+team)?"
        r"|the\s+\w+\s+team)",
    ),
    (
        CONTACT,
        rf"\bthanks?(?:\s+you)?\s+(?:very\s+much\s+)?for\s+(?:contacting|writing\s+to|emailing|calling|phoning"
        rf"|getting\s+in\s+touch(?:\s+with)?|reaching\s+out(?:\s+to)?){_NAME}",
    ),
    (CONTACT, r"\bthanks?(?:\s+you)?\s+(?:very\s+much\s+)?for\s+your\s+(?:email|e-mail|letter|call|message)"),
    (
        CONTACT,
        rf"\byou\s+(?:first\s+)?(?:complained|(?:made|raised|submitted|sent|lodged|logged|reported)\s+(?:us\s+)?"
        rf"{_THE_COMPLAINT})",
    ),
    (CONTACT, rf"\b{_THE_COMPLAINT}\s+(?:(?:that|which)\s+)?you\s+(?:made|raised|submitted|sent|lodged)"),
    (
        CONTACT,
        r"\byour\s+complaint\s+(?:was|has\s+been)\s+(?:first\s+)?(?:made|raised|submitted|lodged|sent)",
    ),
    (CONTACT, rf"\b(?:we|i)\s+(?:have\s+)?(?:logged|registered|recorded|acknowledged)\s+{_THE_COMPLAINT}"),
    (
        RECEIVED,
        rf"(?<!you )(?<!they )\b(?:has\s+|have\s+|(?<=\w)['’]ve\s+)?(?:first\s+)?(?:received|got)\s+{_THE_COMPLAINT}",
    ),
    (
        RECEIVED,
        r"\byour\s+(?:stage\s*(?:1|one)\s+)?complaint,?\s+(?:(?:which|that)\s+)?(?:was\s+|has\s+been\s+)?(?:first\s+)?"
        r"received(?:\s+by\s+(?:us|our\s+[\w-]+(?:\s+[\w-]+)?))?",
    ),
    (RECEIVED, r"\byour\s+complaint\s+reached\s+us"),
    (RECEIVED, r"\bcomplaint,?\s+(?:(?:which|that)\s+)?(?:we|i)\s+(?:have\s+)?received"),
)
#: the words, then "on" and the date ("you contacted us by phone on 3 March")
_ON = [
    (what, re.compile(rf"{lead}{_CHANNEL}{_TO_US}\s*,?\s+on\s+(?:the\s+)?$", re.IGNORECASE))
    for what, lead in _LEADS
]
#: "your email of 3 March", "your complaint dated 3 March", "your complaint received on 3 March";
#: not a bare "on" ("we will respond to your complaint on 14 December" is not when it was made)
_OF = re.compile(
    r"\byour\s+(?P<what>complaint|email|e-mail|letter|message|online\s+form|call|telephone\s+call|phone\s+call)"
    r"\s+(?:of|dated|sent\s+on|made\s+on|(?P<received>received\s+on))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: a form line: "Date received: 4 December 2026", "Complaint received on - 4 December 2026"
_FORM_LINE = re.compile(
    r"(?:^|\n)\s*(?P<label>(?P<received>(?:date\s+(?:complaint\s+)?received|complaint\s+received|received)(?:\s+on)?)"
    r"|date\s+(?:of\s+(?:your\s+)?complaint|complaint\s+made))\s*[:\-–]?\s*$",
    re.IGNORECASE,
)
#: "On 3 March you contacted us": "On" opens the sentence (after at most a linking word)
_DATE_FIRST = re.compile(
    r"^\W*(?:(?:and|but|then|also|so|firstly|first|originally|initially|previously)\s*,?\s+)?(?P<on>on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AFTER = [
    (what, re.compile(rf"^\s*,?\s*(?:{_WHO if what == RECEIVED else ''}{lead}){_CHANNEL}", re.IGNORECASE))
    for what, lead in _LEADS
]


@dataclass(frozen=True)
class WrongDate:
    """A day the letter says something happened that cannot be, by the letter's own day or the
    record."""

    #: the letter's words, from those tying the date to the date itself ("thank you for contacting
    #: us on 3 January 2030")
    said: str
    #: the day as read (for a date without a year, the reading ``message`` names)
    given: date
    sentence: str
    why: str
    #: the provision the day is judged under (see the module docstring)
    provision: str = ""
    #: the letter gives no year: ``given`` is how the check read it
    read: bool = False

    def message(self) -> str:
        read = f" (read as {long_date(self.given)})" if self.read else ""
        return f"the letter says \u201c{self.said}\u201d{read}, but {self.why}"

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
    #: the letter's words, from the lead to the end of the date
    quote: str
    found: FoundDate
    #: the words name a way it came ("in writing", "by email"): perhaps a second way, not the first
    channel: bool = False


#: who did it, before "received" or "have received": "we", "I", "the Council", "Northgate Homes"
_SUBJECT = re.compile(
    r"(?:\b(?:[Ww]e|I)|\b[Oo]ur\s+[\w-]+(?:\s+[\w-]+)?|(?:\b[Tt]he\s+)?\b[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2})\s*$"
)


def _lead(sentence: str, found: FoundDate) -> tuple[str, int, int, bool] | None:
    """What the words around the date ``found`` say happened on it, where the words tying it start
    and end in ``sentence`` (the date included), and whether they name a way it came ("in writing",
    "by email": a second way, not the first)."""
    # a window starting mid-sentence is not the sentence's start: "On 3 March" cannot open it
    offset = max(found.at - _WINDOW, 0)
    before = sentence[offset : found.at] if offset == 0 else "x " + sentence[offset : found.at]
    shift = offset - (2 if offset else 0)
    for what, pattern in _ON:
        m = pattern.search(before)
        if m is not None:
            subject = _SUBJECT.search(before[: m.start()]) if what == RECEIVED else None
            start = subject.start() if subject is not None else m.start()
            return what, start + shift, found.end, bool(m.group("channel"))
    m = _OF.search(before)
    if m is not None:
        complaint = m.group("what").lower() == "complaint"
        return (
            (RECEIVED if complaint and m.group("received") else CONTACT),
            m.start() + shift,
            found.end,
            False,
        )
    m = _FORM_LINE.search(before)
    if m is not None:
        return (RECEIVED if m.group("received") else CONTACT), m.start("label") + shift, found.end, False
    opening = _DATE_FIRST.search(before)
    if opening is not None:
        after = sentence[found.end : found.end + _WINDOW]
        for what, pattern in _AFTER:
            m = pattern.search(after)
            if m is not None:
                return what, opening.start("on") + shift, found.end + m.end(), bool(m.group("channel"))
    return None


#: between two dates of one list: "on 1 December and 10 December", "on 1 December, 3 December",
#: "on 1 December and again on 10 December" (a bare "1, 3 and 10 December" names no month for the
#: first days and is not read)
_LIST_JOIN = re.compile(
    r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:again\s+|then\s+|also\s+)?(?:on\s+)?(?:the\s+)?$", re.IGNORECASE
)
#: what may follow the last date of such a list: the clause ends there ("on 1 and 10 December, about
#: the leak"), not "and on 10 December we will visit", where the date begins a clause of its own
_LIST_END = re.compile(
    r"^\s*(?:$|[.;:)!?]|,(?!\s*(?:we|i|you|our|they|he|she|it|the|this|that|there|someone|a)\b)"
    r"|(?:about|regarding|concerning|to|by|in|with|when)\b)",
    re.IGNORECASE,
)


def _tied(sentence: str) -> list[_Said]:
    """Each date in ``sentence`` tied to words saying the resident got in touch or made the
    complaint, or the landlord received it; a list of dates after those words ("you contacted us on 1
    December and 10 December") is tied date by date, where the list ends with its clause."""
    tied: list[_Said] = []
    previous: tuple[str, int, FoundDate, bool] | None = None  # what, where its words start, its date, channel
    for found in find_dates(sentence):
        lead = _lead(sentence, found)
        if lead is None and previous is not None:
            what, start, last, channel = previous
            if _LIST_JOIN.match(sentence[last.end : found.at]) and _LIST_END.match(sentence[found.end :]):
                lead = what, start, found.end, channel
        if lead is not None:
            what, start, end, channel = lead
            quote = " ".join(sentence[start:end].split()).strip(" ,.:")
            tied.append(_Said(what, quote, found, channel))
            previous = what, start, found, channel
        else:
            previous = None
    return tied


def _read(found: FoundDate, issued_on: date | None, received_on: date | None) -> date | None:
    """The day ``found`` means (see the module docstring), ``None`` when the check cannot tell."""
    if found.year is not None:
        return found.as_date(date(found.year, 1, 1))
    near = issued_on or received_on
    if near is None:
        return None
    readings: list[date] = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            readings.append(date(year, found.month, found.day))
        except ValueError:
            continue
    if found.weekday is not None:
        on_it = [d for d in readings if d.weekday() == found.weekday]
        return on_it[0] if len(on_it) == 1 else None
    coming = [d for d in readings if near < d <= near + timedelta(days=_AHEAD)]
    if coming:
        return coming[0]
    past = [d for d in readings if d <= near]
    return max(past) if past else None


def wrong_dates(
    text: str,
    *,
    issued_on: date | None,
    received_on: date | None,
    edition: str,
    stage: int = 1,
    sentences: Iterable[str] | None = None,
) -> tuple[tuple[WrongDate, ...], tuple[str, ...]]:
    """The dates in ``text`` saying the resident got in touch or made the complaint, or the landlord
    received it, on a day that cannot be (refused), and the receipts earlier than the record's
    (warnings). ``stage``: the stage the letter is known to be for, 0 if not known (a keeping-informed
    update at stage 2 may mean the escalation request): only a stage 1 letter's receipt is compared
    with the record's received date. ``sentences``: ``text`` already split into sentences (the
    check has done it once). See the module docstring."""
    wrong: list[WrongDate] = []
    warnings: list[str] = []
    clock = timescales(edition).acknowledge_stage_1.provision
    record = rule(edition, "record")
    if sentences is None:
        sentences = [s for block in blocks(text) for s in split_sentences(block)]
    for sentence in sentences:
        for said in _tied(sentence):
            day = _read(said.found, issued_on, received_on)
            if day is None:
                continue
            read = said.found.year is None
            as_read = f" (read as {long_date(day)})" if read else ""
            evidence = " ".join(sentence.split())
            if issued_on is not None and day > issued_on and (not read or said.what == RECEIVED):
                why = (
                    f"that is after the day the letter is issued ({long_date(issued_on)}). Give the day it "
                    "happened" + (", with its year" if read else "")
                )
                wrong.append(WrongDate(said.quote, day, evidence, why, record, read))
            elif issued_on is not None and day > issued_on:
                # "you first contacted us on 2 January" in a December letter: a coming day, or one
                # nearly a year ago; the check cannot tell which
                warnings.append(
                    f"The letter says \u201c{said.quote}\u201d{as_read}, a day still to come. If it was in an "
                    f"earlier year, give the year ({record})."
                )
            elif received_on is None or stage != 1:
                continue
            elif said.what != RECEIVED:
                if day > received_on:
                    # in a stage 1 letter, most often the day the complaint came: a day a correction
                    # of the record replaced, or a later contact (2024 5.12)
                    warnings.append(
                        f"The letter says \u201c{said.quote}\u201d{as_read}; the record says the complaint "
                        f"was received on {long_date(received_on)}. If the letter means the day the "
                        f"complaint came, give the record's date ({clock})."
                    )
            elif day > received_on and not said.channel:
                why = (
                    f"the record says the complaint was received on {long_date(received_on)}, and the five "
                    "working days to acknowledge it count from that day. Give that date or leave the date out"
                )
                wrong.append(WrongDate(said.quote, day, evidence, why, clock, read))
            elif day != received_on:
                # earlier than the record, or by a second way ("in writing on 3 December", the first by phone)
                warnings.append(
                    f"The letter says \u201c{said.quote}\u201d{as_read}; the record says the complaint was "
                    f"received on {long_date(received_on)}. Check which is right: the five working days to "
                    f"acknowledge it count from the record's date ({clock})."
                )
    return tuple(wrong), tuple(warnings)
