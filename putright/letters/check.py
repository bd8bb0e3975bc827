"""The Code check every letter must pass before it is issued. Pure Python: no Django.

:func:`check_letter` takes the letter as plain text (see :mod:`putright.letters.extract` for files)
and, for each element the Code requires of that kind of letter
(:func:`putright.code.letters.required_elements`), gives a status, the provision, the requirement
in the Code's words, and the evidence: the sentence relied on.

* ``present``: found, and it does what the element requires;
* ``missing``: not there, or a section that is empty, boilerplate or does not do it;
* ``wrong``: a fact differs from the record or the configuration: an Ombudsman telephone number,
  website, email, postcode or PO Box that is not the configured one (:mod:`putright.letters.facts`),
  or a date the record holds (``response_due``, ``new_deadline``, ``remedy_due``) given differently;
* ``confirm``: the check is unsure; a person must confirm the sentence it relied on
  (:meth:`CheckResult.with_confirmations`, recorded on the draft by the letters app).

A letter ``can_issue`` only when every element is present or confirmed, no Ombudsman detail is
wrong, and no day it says the resident got in touch or the complaint was made or received is one
that cannot be (after the letter's day, or a receipt after the record's received date:
:mod:`putright.letters.contact_dates`). Each element is judged from, in order: a marked section naming it (authoritative, but its
content must do what the element requires: "Please do not contact anyone else about this." under
``[6.19 g]`` is missing); a heading naming it (``_HEADINGS``: "3. Reasons for the decision",
"What we found") and the content under it; the letter's wording (the patterns below, one signal
among several). What each element must do is in :class:`_Judge`. Plain-language figures
(:mod:`putright.letters.readability`) are reported alongside and never block.

The sections below describe the markers and the patterns; where they say "present" for a marked
section, read "judged on its content" as above.

Marked sections (templates)
---------------------------
A template can mark the parts the Code requires, so the check does not depend on wording:

* a **marker line** starts with one or more tokens in square brackets, then an optional heading::

      [6.9 g] How to take your complaint to stage 2
      [2024 6.9 g] How to take your complaint to stage 2
      [5.6 outcomes_sought] What you would like us to do
      [complaint_definition, outcomes_sought] Your complaint

  A token is a provision number (optionally with its edition and item letter, ``6.9 g`` or
  ``6.9g``), an element name (``escalation_route``, as listed by ``putright letter kinds``), or a
  provision number followed by an element name. Tokens are separated by commas.
* the **section** is the lines after the marker line, up to the next marker line, a closing line
  ``[/]`` or ``[/6.9 g]``, or the end of the text. The heading is not content.
* in HTML, an element with ``data-code="6.9 g"`` is a marked section; in DOCX, a paragraph typed as
  a marker line, or a content control tagged ``code:6.9 g`` (``extract`` turns both into marker
  lines).
* a marked element is **present when its section has content**: words left after removing
  unfilled placeholders (``{{ ... }}``, ``{% ... %}``, ``[insert ...]``, ``[enter ...]``,
  ``[add ...]``, ``[TBC]``, ``<<...>>``, runs of ``___``) and any lead-in left with nothing after
  it ("Our understanding of your complaint is:" over a blank). A marked section is authoritative:
  if it is empty the element is missing even when wording elsewhere would match.
* a provision number that several required elements share (2024 5.6 for the definition and the
  outcomes sought; every item of 2022 5.8, which is bulleted, not lettered) does not mark any of
  them: name the element. Markers the letter kind does not require are reported as warnings.

Pattern detection (plain letters)
---------------------------------
Without markers, each element is recognised by patterns on sentences (case-insensitive); some
need a second pattern in the same paragraph. A block ending in a colon is read with the block
after it (a lead-in and its list). For the definition and the outcomes sought (2024 5.6), a lead-in
followed straight away by a sentence that starts as another part of the letter (``_another_part``:
a dated promise of the response, a sign-off, the route onward, the stage it is logged at, and for
the outcomes what the landlord is responsible for) is not the element on its own words: a person
confirms it. The patterns, in brief (see ``_rules`` for the exact ones). Headings (one-line blocks without a full stop)
are not read, except for the complaint stage ("Our stage 1 response" states it):

* complaint stage: "stage 1"/"stage one"/"first stage" (2, 3 likewise) with complaint, response,
  logged, acknowledged or review in the same sentence.
* complaint definition: "your complaint is about", "you are unhappy/dissatisfied with",
  "you complained", "our understanding of your complaint", "you told us that"...
* outcomes sought: "you would like", "you want us to", "you have asked us to", "the outcome(s)
  you are seeking"...
* responsibilities (2024 5.7): "responsible"/"responsibility", "a matter for", "outside our
  remit", "we cannot investigate/deal with"...
* response date / new date: a date (``14 March 2025``, ``Friday 14th March``, ``14/03/2025``,
  ``14.03.25``, ``2025-03-14``, ``March 14, 2025``) or "within 10 working days", with respond,
  reply, decision, hear from... A new date must not be the original one ("was due", "previously").
  With ``context={"new_deadline": date}`` or ``{"response_due": date}`` that exact date must be given.
* extension reasons: "because", "reason", "due to", "waiting for"... with extend, extension, more
  time, delay, later in the same paragraph.
* the Ombudsman's contact details: the configured telephone, website, online form, email,
  postcode or PO Box (:mod:`putright.letters.ombudsman`), in any spacing.
* decision: "upheld", "not upheld", "partly upheld", "we uphold", "we have decided that your
  complaint", "our decision is that"...
* reasons: "because", "the reason(s) for/why", "this is why", "we found that", "our
  investigation showed", "due to", "this means"...
* remedy: "remedy", "compensation", "put things right", "we will offer/pay/refund", "our offer",
  an amount in £ (not in a sentence about what the resident asked for).
* outstanding actions: "outstanding", "still to do", "no further actions", "remaining work",
  "next steps".
* escalation route (6.9 g): "stage 2" (or "escalate", "ask for a review", "take it further" when
  the sentence is not about the Ombudsman) with a how in the same paragraph: contact, reply,
  write, call, phone, email, online, form, within, let us know, tell us, visit, by post.
* Ombudsman route (6.19 g): "Ombudsman" with refer, escalate, bring, take, complain, ask them,
  investigate, look at, review; and a how: the contact details anywhere in the letter, or online,
  form, write to, call, phone, email, website, by post in the paragraph.
* reasons for not accepting/escalating: "we cannot/will not accept/escalate/consider",
  "not suitable", "outside our complaints policy", "excluded" with a because/reason/since/as in
  the paragraph.
* right to the Ombudsman (2.4, 5.11): "Ombudsman" with right/can/may/ask/refer in the sentence
  and decision/decided/disagree/not to accept/not to escalate in the paragraph.
* remedy what / by when (7.3): remedy words or "we will arrange/repair/replace..."; a date or
  "within 4 weeks" or "by the end of" with pay, complete, repair, visit...
* progress (5.9): "progress", "so far", "since we last wrote", "we have now received/spoken/
  visited...", "we are still waiting...".
* update interval (5.9): "every two weeks", "weekly", "each Friday", "next update", "we will
  contact you again on/by..." with update/contact/call/write.
* outstanding-action timescale (6.17): a date or "within"/"by the end of"/"next week" with
  complete, repair, visit, appointment...
* restrictions: reasons ("because"/"due to"/"following" + behaviour, abusive, threatening...);
  details ("only by email", "a named contact", "you can still", "will not affect"); Equality Act
  ("Equality Act", "reasonable adjustments", "support needs", "another format"...); review
  ("review" with restriction/arrangement/decision and a date, "within", "every", months, weeks).

Limits: patterns see words, not meaning. A sentence that uses the words without giving the
substance ("we will tell you our decision later") can satisfy a pattern, and unusual wording can
miss one; the evidence is reported so a person can judge, and templates should use markers.
Negation is not understood beyond the patterns above. An apology alone is not read as a remedy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from putright.code.contents import BARE_NONE as _BARE_NONE
from putright.code.contents import NO_REMEDY as _NO_REMEDY
from putright.code.contents import NONE_OUTSTANDING as _NONE_OUTSTANDING
from putright.code.contents import Element
from putright.code.letters import (
    AnyElement,
    KindNotInEdition,
    LetterElement,
    LetterKind,
    LetterRequirement,
    kind_stage,
    parse_kind,
    required_elements,
)
from putright.code.provisions import EDITIONS
from putright.letters.contact_dates import WrongDate, wrong_dates
from putright.letters.dates import MONTH as _MONTH
from putright.letters.dates import MONTHS as _MONTHS
from putright.letters.dates import FoundDate as _FoundDate
from putright.letters.dates import find_dates
from putright.letters.facts import WrongDetail, wrong_ombudsman_details
from putright.letters.ombudsman import OmbudsmanContact, ombudsman_contact
from putright.letters.placeholders import BLANK_MOST, BLANKS, blanks_left
from putright.letters.readability import Readability, blocks, readability, split_sentences


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CONTEXT_KEYS = (
    "stage",
    "third_stage",
    "response_due",
    "new_deadline",
    "remedy_due",
    "ombudsman",
    "scaffold",
    "issued_on",
    "is_working_day",
    "received_on",
    "escalation_requested_on",
)
EVIDENCE_LIMIT = 400


# --- results ---------------------------------------------------------------------------------

#: what the check says of one element
PRESENT, MISSING, WRONG, CONFIRM = "present", "missing", "wrong", "confirm"
STATUSES = (PRESENT, MISSING, WRONG, CONFIRM)


@dataclass(frozen=True)
class Confirmation:
    """A person's confirmation that the sentence relied on for a "confirm" element does what the Code
    requires. It holds only while the check relies on the same sentence."""

    element: str
    evidence: str
    by: str
    at: str


@dataclass(frozen=True)
class ElementResult:
    element: str
    label: str
    provision: str
    requirement: str
    #: whether the element counts as there for issuing: "present", or "confirm" confirmed by a person
    present: bool
    evidence: str | None = None
    #: "marker" (a marked section), "heading" (a heading and what is under it), "pattern"
    #: (wording), or None when nothing was found
    method: str | None = None
    note: str = ""
    #: present, missing, wrong (a fact differs from the record or the configured details) or
    #: confirm (the check is unsure: a person must confirm the sentence it relied on)
    status: str = ""
    confirmed_by: str | None = None
    confirmed_at: str | None = None
    #: a response date: the day the letter promises the response by, when the check could tell
    given: date | None = None
    #: missing because its section holds nothing but these blanks ("[enter the decision]"): the
    #: element's own "add the decision" says what to do there, once
    blanks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", PRESENT if self.present else MISSING)
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def needs_confirmation(self) -> bool:
        return self.status == CONFIRM and not self.confirmed_by

    def as_dict(self) -> dict[str, object]:
        return {
            "element": self.element,
            "label": self.label,
            "provision": self.provision,
            "requirement": self.requirement,
            "present": self.present,
            "status": self.status,
            "evidence": self.evidence,
            "sentence": self.evidence,
            "method": self.method,
            "date_given": self.given.isoformat() if self.given else None,
            "note": self.note,
            "confirmed_by": self.confirmed_by,
            "confirmed_at": self.confirmed_at,
        }


@dataclass(frozen=True)
class CheckResult:
    kind: str
    edition: str
    elements: tuple[ElementResult, ...]
    readability: Readability
    warnings: tuple[str, ...] = field(default=())
    #: Ombudsman contact details in the letter that differ from the configured ones
    wrong_details: tuple[WrongDetail, ...] = field(default=())
    #: days the letter says the resident got in touch, made the complaint or the landlord received
    #: it that cannot be (:mod:`putright.letters.contact_dates`)
    wrong_dates: tuple[WrongDate, ...] = field(default=())

    @property
    def can_issue(self) -> bool:
        return all(e.present for e in self.elements) and not self.wrong_details and not self.wrong_dates

    @property
    def why_not(self) -> str:
        """What stops the letter, in words: "2 elements missing, 1 element wrong, a date is wrong"."""

        def count(n: int, what: str) -> str:
            return f"{n} {what}{'s' if n != 1 else ''}"

        parts = [
            count(len(self.missing), "element") + " missing" if self.missing else "",
            count(len(self.wrong), "element") + " wrong" if self.wrong else "",
            "an Ombudsman detail is wrong" if self.wrong_details and not self.wrong else "",
            ("a date is wrong" if len(self.wrong_dates) == 1 else f"{len(self.wrong_dates)} dates are wrong")
            if self.wrong_dates
            else "",
            f"{len(self.unconfirmed)} to confirm" if self.unconfirmed else "",
        ]
        return ", ".join(p for p in parts if p)

    @property
    def missing(self) -> tuple[ElementResult, ...]:
        """Elements whose status is "missing"."""
        return tuple(e for e in self.elements if e.status == MISSING)

    @property
    def wrong(self) -> tuple[ElementResult, ...]:
        return tuple(e for e in self.elements if e.status == WRONG)

    @property
    def unconfirmed(self) -> tuple[ElementResult, ...]:
        return tuple(e for e in self.elements if e.needs_confirmation)

    @property
    def blocking(self) -> tuple[ElementResult, ...]:
        """Every element that stops the letter being issued: missing, wrong or unconfirmed."""
        return tuple(e for e in self.elements if not e.present)

    @property
    def with_confirmed(self) -> tuple[ElementResult, ...]:
        """Elements a person confirmed."""
        return tuple(e for e in self.elements if e.confirmed_by)

    def element(self, name: str) -> ElementResult:
        for result in self.elements:
            if result.element == name:
                return result
        raise KeyError(name)

    def with_confirmations(self, confirmations: Iterable[Confirmation]) -> CheckResult:
        """The result with each "confirm" element a person confirmed, for the same sentence, counted."""
        by_element = {(c.element, c.evidence): c for c in confirmations}
        elements = []
        for e in self.elements:
            found = by_element.get((e.element, e.evidence or ""))
            if e.status == CONFIRM and found is not None:
                e = replace(e, present=True, confirmed_by=found.by, confirmed_at=found.at)
            elements.append(e)
        return replace(self, elements=tuple(elements))

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "edition": self.edition,
            "can_issue": self.can_issue,
            "missing": [{"element": e.element, "provision": e.provision} for e in self.missing],
            "wrong": [{"element": e.element, "provision": e.provision, "note": e.note} for e in self.wrong],
            "to_confirm": [
                {"element": e.element, "provision": e.provision, "sentence": e.evidence}
                for e in self.unconfirmed
            ],
            "wrong_details": [w.as_dict() for w in self.wrong_details],
            "wrong_dates": [w.as_dict() for w in self.wrong_dates],
            "elements": [e.as_dict() for e in self.elements],
            "readability": self.readability.as_dict(),
            "warnings": list(self.warnings),
        }


# --- markers ---------------------------------------------------------------------------------

_ELEMENT_NAMES = {e.value for e in Element} | {e.value for e in LetterElement}
_NUMBER = re.compile(
    r"(?:(?P<edition>\d{4})\s+)?(?P<number>\d{1,2}\.\d{1,2})(?:\s*(?P<item>[a-z])\b)?", re.IGNORECASE
)
_MARKER_LINE = re.compile(r"^\s*\[(?P<close>/)?(?P<tokens>[^\[\]\n]{0,160})\]\s*(?P<heading>.*)$")
#: a blank left in the letter (:data:`putright.letters.placeholders.BLANKS`), or ``<<...>>``, or a line
#: of underscores
_PLACEHOLDERS = re.compile(rf"{BLANKS}|<<[^>]{{0,{BLANK_MOST}}}>>|_{{3,}}", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class MarkerToken:
    edition: str | None
    number: str | None
    element: str | None

    def __str__(self) -> str:
        parts = [p for p in (self.edition, self.number, self.element) if p]
        return " ".join(parts)


@dataclass
class MarkedSection:
    tokens: tuple[MarkerToken, ...]
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "\n".join(self.lines).strip()

    @property
    def said(self) -> str:
        """What the section says so far (:func:`said_so_far`)."""
        return said_so_far(self.content)


def said_so_far(content: str) -> str:
    """A section's content without its unfilled placeholders, and without a lead-in left with nothing
    after it: "Our understanding of your complaint is:" over a blank, or "We are responsible for:
    [enter ...]", says nothing yet, though its words match the element's wording."""
    lines = [line.rstrip() for line in _PLACEHOLDERS.sub(" ", content).splitlines()]
    while lines and (not lines[-1].strip() or _lead_in(lines[-1])):
        lines.pop()
    return "\n".join(lines).strip()


#: the most words a bare lead-in has ("Our understanding of your complaint is:"); a longer line
#: ending in a colon says something itself ("We have decided to partly uphold your complaint, for the
#: reasons below:")
_LEAD_IN_WORDS = 6


def _lead_in(line: str) -> bool:
    """A short line ending in a colon that introduces what should follow it, saying nothing itself."""
    words = line.strip()
    return words.endswith(":") and len(words.split()) <= _LEAD_IN_WORDS and not re.search(r"\d", words)


def _parse_token(raw: str) -> MarkerToken | None:
    token = raw.strip()
    if not token:
        return None
    if token.lower() in _ELEMENT_NAMES:
        return MarkerToken(None, None, token.lower())
    match = _NUMBER.match(token)
    if not match:
        return None
    rest = token[match.end() :].strip().lower()
    if rest and rest not in _ELEMENT_NAMES:
        return None
    number = match.group("number") + (f" {match.group('item').lower()}" if match.group("item") else "")
    return MarkerToken(match.group("edition"), number, rest or None)


def _parse_tokens(raw: str) -> tuple[MarkerToken, ...] | None:
    tokens = []
    for part in re.split(r"[,;]", raw):
        token = _parse_token(part)
        if token is None:
            return None
        tokens.append(token)
    return tuple(tokens)


def parse_markers(text: str) -> tuple[str, list[MarkedSection]]:
    """The text without marker lines (headings kept), and the marked sections in order."""
    kept: list[str] = []
    sections: list[MarkedSection] = []
    current: MarkedSection | None = None
    for line in text.splitlines():
        match = _MARKER_LINE.match(line)
        if match:
            raw = match.group("tokens")
            if match.group("close") and (not raw.strip() or _parse_tokens(raw) is not None):
                current = None
                kept.append("")
                continue
            tokens = None if match.group("close") else _parse_tokens(raw)
            if tokens:
                current = MarkedSection(tokens=tokens, heading=match.group("heading").strip())
                sections.append(current)
                kept.extend(["", current.heading, ""] if current.heading else [""])
                continue
        kept.append(line)
        if current is not None:
            current.lines.append(line)
    return "\n".join(kept), sections


# --- reading the letter ------------------------------------------------------------------------


_HEADING_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}[.)]\s+(?=[A-Z])")
_BULLET_START = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)]|[a-z][.)])\s+")


def _is_heading(block: str) -> bool:
    """A one-line block without a full stop: a heading, salutation or sign-off, not a statement."""
    line = _NUMBERED_HEADING.sub("", block.strip())
    return (
        "\n" not in line
        and not _HEADING_TERMINAL.search(line)
        and not _BULLET_START.match(line)
        and len(line.split()) <= 15
    )


@dataclass(frozen=True)
class _Letter:
    text: str
    #: paragraphs, each a tuple of sentences
    paragraphs: tuple[tuple[str, ...], ...]
    #: indexes of paragraphs that are headings (only some elements may be read from them)
    headings: frozenset[int] = frozenset()

    @classmethod
    def read(cls, text: str) -> _Letter:
        merged: list[str] = []
        carry = ""
        for block in blocks(text):
            joined = f"{carry}\n{block}" if carry else block
            if block.rstrip().endswith(":"):
                carry = joined
                continue
            merged.append(joined)
            carry = ""
        if carry:
            merged.append(carry)
        merged = [part for block in merged for part in _list_items(block)]
        paragraphs = [(tuple(split_sentences(b)), _is_heading(b)) for b in merged]
        kept = [(p, h) for p, h in paragraphs if p]
        return cls(
            text=text,
            paragraphs=tuple(p for p, _ in kept),
            headings=frozenset(i for i, (_, h) in enumerate(kept) if h),
        )


def _list_items(block: str) -> list[str]:
    """A block with a bulleted list: each item with the lines before the list (its lead-in), so a
    paragraph-level test reads one item and what introduces it, not its sibling items."""
    lines = block.splitlines()
    starts = [
        i for i, line in enumerate(lines) if _BULLET_START.match(line) and not _NUMBERED_HEADING.match(line)
    ]
    if len(starts) < 2:
        return [block]
    lead = lines[: starts[0]]
    items = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        items.append("\n".join([*lead, *lines[start:end]]))
    return items


def _first_words(sentence: str, words: int = 8) -> str:
    """The start of ``sentence``, for a note ("We will send you our full response by 17 ...")."""
    split = sentence.split()
    return " ".join(split[:words]) + (" ..." if len(split) > words else "")


def _evidence(sentence: str) -> str:
    cleaned = " ".join(sentence.split())
    return cleaned if len(cleaned) <= EVIDENCE_LIMIT else cleaned[: EVIDENCE_LIMIT - 1] + "…"


# --- dates -----------------------------------------------------------------------------------

_WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|a|a few)\s+"
    r"(?:working\s+|calendar\s+|business\s+)?(?:days?|weeks?|months?|hours?|fortnights?)\b"
    r"|\b(?:by|until|before) the end of\b|\bin the week (?:beginning|commencing|of)\b|\bnext (?:week|month)\b",
    re.IGNORECASE,
)


#: "on or before 17 March" is by 17 March; "before 17 March" (or "prior to", "ahead of") by the day before
_PROMISED_BY = re.compile(
    r"\b(on\s+or\s+before|by\s+or\s+before|on\s*/\s*before|by|before|prior\s+to|ahead\s+of|no\s+later\s+than)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: the leads that promise the day before the date they lead to
_THE_DAY_BEFORE = frozenset({"before", "prior to", "ahead of"})
_IN_THE_WEEK = re.compile(
    r"\b(?:in|during|within)?\s*the\s+week\s+(?:beginning|commencing|starting|of)\s+(?:on\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def _promise_dates(sentence: str, issued_on: date | None = None) -> list[_FoundDate]:
    """The dates a response-date sentence promises, in order, each marked ``by`` when "by",
    "before" or "no later than" leads to it, ``week`` when "in the week beginning" does. A date before the letter's day (``issued_on``) that none
    of those leads to ("your complaint of 27 February") is one it refers to, not one it promises."""
    found: list[_FoundDate] = []
    for d in find_dates(sentence):
        lead = _PROMISED_BY.search(sentence[: d.at])
        week = _IN_THE_WEEK.search(sentence[: d.at]) is not None
        when = d.as_date(issued_on) if issued_on is not None else None
        if lead is None and not week and when is not None and issued_on is not None and when < issued_on:
            continue
        word = " ".join(lead.group(1).lower().split()) if lead is not None else ""
        found.append(replace(d, by=bool(word), before=word in _THE_DAY_BEFORE, week=week))
    return found


#: a promise refused in its own words ("We will not respond by", "We cannot", "We are unable to")
_NOT_PROMISED = _p(
    r"\b(?:will|shall|can|could|would|are|am|is)\s+not\b|\b(?:won|can|shan|couldn|wouldn)['\u2019]t\b"
    r"|\bcannot\b|\bunable\b|\bnot\s+(?:be\s+)?able\b|\bnever\b"
)


def _clause_up_to(sentence: str, at: int) -> str:
    """The words of ``sentence``'s clause before ``at``: from the clause break before it."""
    starts = [b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, at)]
    return sentence[(starts[-1] if starts else 0) : at]


def _refuses_it(sentence: str, at: int) -> bool:
    """Whether the promise at ``at`` in ``sentence`` is refused in its own clause ("We will not
    respond by 14 March"), not as a condition ("If we cannot respond by 14 March, we will tell you
    why" still promises the date)."""
    lead = _clause_up_to(sentence, at)
    return bool(_NOT_PROMISED.search(lead)) and not re.search(
        r"\b(?:if|unless)\b", sentence[:at], re.IGNORECASE
    )


def days_promised(sentence: str, issued_on: date) -> list[date]:
    """The days a response-date sentence promises the response by (:func:`_the_responses`): for
    "before 12 March" the day before, a week it names left out; for "Tuesday 12 March" when 12 March
    is a Wednesday, both the 12th and the Tuesday nearest it (the resident may hold either). For a
    text already sent whose date the check finds wrong (a Saturday; such a weekday): the days the
    resident was given all the same."""
    promised = [d for d in _promise_dates(sentence, issued_on) if not _refuses_it(sentence, d.at)]
    responses = _the_responses(sentence, promised)
    if not responses:
        # none "by" and none in the response's own words: "between 8 and 15 March" promises the
        # 15th, as a letter's check reads it
        latest = max((w for w in (d.as_date(issued_on) for d in promised) if w is not None), default=None)
        responses = [d for d in promised if d.as_date(issued_on) == latest]
    return _days_of(responses, issued_on)


def _days_of(responses: list[_FoundDate], issued_on: date) -> list[date]:
    """The days ``responses`` promise (:func:`days_promised`)."""
    days = []
    for found in responses:
        named = found.as_date(issued_on)
        if named is None or found.week:
            continue
        candidates = [named]
        if found.weekday is not None and found.weekday != named.weekday():
            ahead = (found.weekday - named.weekday()) % 7
            candidates.append(
                named + timedelta(days=ahead if ahead <= 3 else ahead - 7)
            )  # the nearest such day
        days += [day - timedelta(days=1) if found.before else day for day in candidates]
    return days


#: the response itself, in a clause of a response-date sentence
_THE_RESPONSE = re.compile(r"\b(?:respon[sd]\w*|repl(?:y|ies)|answer\w*)\b", re.IGNORECASE)
#: where one clause of a sentence ends and another begins
_CLAUSE_BREAK = re.compile(
    # not the "or" of "on or before 7 March", which is one promise (helper-110: split there, "Please
    # reply on or before 7 March" lost its "Please")
    r"[;:,()]|\s(?:and/or|and|then|but|while|whereas|or(?!\s+before\b))\s|\s[\u2013\u2014-]\s",
    re.IGNORECASE,
)
#: the resident's own words quoted back ("You asked us to fix it by 4 March"): not a promise
_THEIR_WORDS = re.compile(
    r"\byou (?:asked|said|told us|wanted|requested|were told|were promised|would like)\b", re.IGNORECASE
)
#: "between 10 and 14 March": the first of a span is not what it promises
_SPAN_START = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)


def _clause(sentence: str, found: _FoundDate) -> str:
    """The clause of ``sentence`` that ``found`` is in: from the break before it to the break after."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, found.at)]
    after = _CLAUSE_BREAK.search(sentence, found.end)
    return sentence[(starts[-1] if starts else 0) : (after.start() if after else len(sentence))]


def _the_responses(sentence: str, promised: list[_FoundDate]) -> list[_FoundDate]:
    """Of the dates a response-date sentence promises, those that may be the response's: every one
    "by" (or "before", or a week) leads to, and one no such word leads to whose own clause names the
    response ("We will reply on 10 March; the repair will be done by 14 March"), the first of a span
    and the resident's own words quoted back ("You asked us to fix it by 4 March") aside. The
    caller keeps the soonest: where a sentence gives more than one, a date flagged early is read by
    a person, a later one would hide a broken promise (helper-97, helper-98 and helper-100 found
    that every rule choosing among them by their words could keep a later date than the resident
    read). Empty when none is either: the caller reads the sentence's dates itself."""
    return [
        d
        for d in promised
        if not _THEIR_WORDS.search(_clause(sentence, d))
        and (
            d.by
            or d.week
            or (_THE_RESPONSE.search(_clause(sentence, d)) and not _SPAN_START.search(sentence[: d.at]))
        )
    ]


_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_WITHIN_COUNT = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|a)\s+"
    r"(?P<working>working\s+|business\s+)?(?:calendar\s+)?(?P<unit>days?|weeks?|months?|hours?|fortnights?)\b",
    re.IGNORECASE,
)
_END_OF = re.compile(
    rf"\bby\s+the\s+end\s+of\s+(?:(?P<which>this|next)\s+(?P<unit>week|month)|the\s+(?P<week>week)"
    rf"|(?P<m>{_MONTH})\b(?:\s+(?P<y>\d{{4}}))?)",
    re.IGNORECASE,
)
#: beyond any date a letter could mean: a promise this long ends after every allowed day
_LONGEST_DAYS = 3660


@dataclass(frozen=True)
class Counted:
    """A promise given as a length of time ("within 10 working days", "by the end of next week")."""

    ends: date
    words: str
    #: where the date it counts from starts in the sentence ("within 10 working days of 3 March")
    anchor: int | None = None


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


#: what a "within N days" promise's count starts after
_OF = re.compile(r"\s+(?:of|from|after|since)\b", re.IGNORECASE)
#: where the words saying what a "within N days of" promise counts from end
_COUNT_ENDS = re.compile(
    r"[;:,()!?]|\.(?!\d)|\s(?:and|so|then|but|which|while|whereas|or|that\s+is|this\s+means)\s|\s[\u2013\u2014-]\s",
    re.IGNORECASE,
)
#: ... counted from the letter's own day: the letter itself, or a step taken with it or by the
#: landlord ("of your complaint being acknowledged", "of the date of this letter", "of our email",
#: "from today"; helper-114: "of our call", "of the date below" were counted from the receipt)
_FROM_THE_LETTER = _p(
    r"\b(?:(?:this|the|our)\s+(?:(?:text|phone)\s+)?(?:letter|e-?mail|message|call|acknowledge?ment|notice"
    r"|notification|correspondence|communication|response|reply)|(?:the\s+)?(?:date\s+)?(?:below|above)"
    r"|this\s+date|today|now|writing|issue|acknowledg\w*|accept\w*|allocat\w*|assign\w*|open\w*|start\w*"
    r"|registe\w*|record(?:ed|ing)|logg?(?:ed|ing)|pass(?:ed|ing)\s+to"
    r"|(?:we|us)\s+(?:sent|send|sending|wrote|write|writing|issued?|contact(?:ed|ing)?|call(?:ed|ing)?|spoke|speaking))\b"
)
#: ... where what follows says what the complaint was about ("of receiving your complaint about the
#: contractor"): not what the count starts from
_ABOUT = _p(r"\s(?:about|regarding|concerning|relating\s+to|in\s+relation\s+to|with|for|over)\b")
#: ... counted from something the record does not date ("of receiving your reply", "of receiving all
#: the information we need", "of the surveyor's visit"): a person reads it
_FROM_THE_UNDATED = _p(
    r"\b(?:repl(?:y|ies)|respon\w*|consent|information|evidence|documents?|photo\w*|visit\w*"
    r"|inspect\w*|survey\w*|contractor\w*|engineer\w*|quote|payment|form\s+back|signed)\b"
)
#: ... counted from the day the complaint (at stage 2, the request to escalate it) was received or
#: made ("of receiving your complaint", "of the receipt of your complaint", "of you contacting us")
_FROM_RECEIPT = _p(
    r"\b(?:receiv\w*|receipt|got|getting|made|making|rais(?:ed?|ing)|contact\w*|submi\w*|lodg\w*"
    r"|complain\w*|message|e-?mail|call|form|told|first|report(?:ed|ing)?|escalat\w*"
    r"|request\w*|review\w*|appeal\w*|ask(?:ed|ing))\b"
)
#: ... something else the landlord does: counted from the letter's day
_OURS = _p(r"\b(?:our|we|us)\b")
#: at stage 2: the request to escalate, not the complaint first made
_THE_ESCALATION = _p(r"\b(?:escalat\w*|request\w*|review\w*|appeal\w*|ask(?:ed|ing)|stage\s+(?:2|two))\b")
#: at stage 2: the complaint first made, not the request to escalate
_THE_FIRST_COMPLAINT = _p(r"\b(?:original\w*|first\s+(?:made|raised|complained)|stage\s+(?:1|one))\b")
#: the day the words after "within N days of" say something was received (``_FROM_RECEIPT``), or
#: ``None`` when the record cannot say
Receipt = Callable[[str], date | None]


def promised_within(
    sentence: str,
    issued_on: date,
    working_day: Callable[[date], bool] = _weekdays,
    receipt: Receipt | None = None,
) -> Counted | None:
    """The end of a promise ``sentence`` gives as a length of time, counted from ``issued_on`` (or
    from the date it names: "within 10 working days of 3 March", or from the day ``receipt`` gives
    for "within 10 working days of receiving your complaint"): N working (or business) days by
    ``working_day`` (the landlord's calendar), N calendar days, hours, weeks, fortnights or months,
    or "by the end of" this or next week or month, or a named month. ``ends`` is ``date.max`` for a
    length beyond any date a letter could mean. ``None`` when it gives no length the check can
    count ("within a few days" is for a person to read), or counts from a receipt the record does
    not date (no ``receipt``, or it gives ``None``). Of several "within"s, the first the landlord
    promises (:func:`_landlords_count`), or ``None`` if it promises none."""
    try:
        return _counted(sentence, issued_on, working_day, receipt)
    except (OverflowError, ValueError):
        # past the last day a date can hold ("within 10 working days of 31 December 9999", "by the
        # end of December 9999": helper-107 found both raised): after any day a letter could mean
        return Counted(date.max, sentence.strip()[:80])


def _counted_from(sentence: str, within: re.Match[str]) -> tuple[int, int] | None:
    """Where the words saying what a "within N days" promise counts from start (after its "of",
    "from", "after" or "since") and end (the clause's end, at most 80 characters on: "of receiving
    your complaint, so by 12 March" counts from the receipt, not from 12 March)."""
    of = _OF.match(sentence, within.end())
    if of is None:
        return None
    ends = _COUNT_ENDS.search(sentence, of.end(), of.end() + 80)
    far = ends.start() if ends is not None else min(len(sentence), of.end() + 80)
    # what the complaint was about is not what the count starts from ("of receiving your complaint
    # about the contractor", "... about the visit on 28 February": helper-114)
    about = _ABOUT.search(sentence, of.end(), far)
    return of.end(), about.start() if about is not None else far


def _landlords_count(sentence: str, within: re.Match[str]) -> bool:
    """Whether the "within N days" ``within`` is the landlord's promise: its clause's words before it
    are not a request of the resident ("You can reply within 20 working days of this letter"),
    their words, or the work's arranging ("A surveyor will contact you within 5 working days") unless
    they name the response (helper-114: each was kept as the response's date, days early)."""
    lead = _clause_up_to(sentence, within.start())
    return not (
        _ASKING_THEM.search(lead)
        or _THEIR_WORDS.search(lead)
        or (_ARRANGING_THE_WORK.search(lead) and not _THE_RESPONSE_ITSELF.search(lead))
    )


def _counts_from(words: str) -> str | None:
    """What the words after "within N days of" count from: ``"letter"`` (the letter's day),
    ``"receipt"`` (the complaint's, or the request to escalate it), or ``None`` (a day the record
    does not hold)."""
    if _FROM_THE_LETTER.search(words):
        return "letter"
    if _FROM_THE_UNDATED.search(words):
        return None
    if _FROM_RECEIPT.search(words):
        return "receipt"
    return "letter" if _OURS.search(words) else None


def _counted(
    sentence: str, issued_on: date, working_day: Callable[[date], bool], receipt: Receipt | None
) -> Counted | None:
    """:func:`promised_within`, which may overflow the calendar."""
    withins = list(_WITHIN_COUNT.finditer(sentence))
    if not withins:
        end_of = _END_OF.search(sentence)
        return _end_of(end_of, issued_on) if end_of is not None else None
    m = next((w for w in withins if _landlords_count(sentence, w)), None)
    if m is None:
        return None
    start, anchor = issued_on, None
    # "within 10 working days of 3 March 2025" (or "of your complaint being acknowledged on 3
    # March"): counted from that day, not the issue day
    counted_from = _counted_from(sentence, m)
    if counted_from is not None:
        near, far = counted_from
        words = sentence[near:far]
        dated = next(
            (
                d
                for d in find_dates(sentence)
                if near <= d.at < far and not _PROMISED_BY.search(sentence[near : d.at])
            ),
            None,
        )
        from_day = dated.as_date(issued_on) if dated is not None else None
        if dated is not None and from_day is not None:
            start, anchor = from_day, dated.at
        else:
            counts_from = _counts_from(words)
            if counts_from == "receipt":
                # counted from the letter's day, "within 10 working days of receiving your complaint"
                # ended later than the resident read it (2024 6.3: the response is due 10 working
                # days from the acknowledgement, itself up to 5 from receipt)
                day = receipt(words) if receipt is not None else None
                if day is None:
                    return None
                start = day
            elif counts_from is None:
                # "of receiving your reply", "of the surveyor's visit": a day the record does not hold
                return None
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = m.group("unit").lower().rstrip("s")
    words = m.group(0).strip()
    if n > _LONGEST_DAYS:
        return Counted(date.max, words, anchor)
    if unit == "day" and m.group("working"):
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            counted += working_day(day)
        return Counted(day, words, anchor)
    days = {"hour": -(-n // 24), "day": n, "week": 7 * n, "fortnight": 14 * n}.get(unit)
    if days is not None:
        return Counted(start + timedelta(days=days), words, anchor)
    month = start.month - 1 + n
    year, month = start.year + month // 12, month % 12 + 1
    return Counted(date(year, month, min(start.day, _last_day(year, month))), words, anchor)


def _last_day(year: int, month: int) -> int:
    return (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day


def _end_of(m: re.Match[str], issued_on: date) -> Counted:
    """The last day of "by the end of this/next week" (its Friday), "of this/next month", or "of
    April" (the April on or after the letter's day)."""
    words = m.group(0).strip()
    which = (m.group("which") or "").lower()
    if m.group("week") or (m.group("unit") or "").lower() == "week":
        friday = issued_on + timedelta(days=4 - issued_on.weekday())
        return Counted(friday + timedelta(weeks=which == "next"), words)
    if m.group("unit"):
        ahead = issued_on.month + (which == "next")
        year, month = issued_on.year + (ahead > 12), (ahead - 1) % 12 + 1
    else:
        month = _MONTHS[m.group("m").lower().rstrip(".")]
        year = int(m.group("y")) if m.group("y") else issued_on.year + (month < issued_on.month)
    return Counted(date(year, month, _last_day(year, month)), words)


def _has_date(sentence: str) -> bool:
    return bool(find_dates(sentence))


# --- rules -----------------------------------------------------------------------------------

Test = re.Pattern[str] | Callable[[str], bool]
#: a sentence, what follows it in its paragraph and the rule's anchor: whether :meth:`Rule.find`
#: passes over it
Skip = Callable[[str, tuple[str, ...], Test], bool]


def _ok(test: Test, text: str) -> bool:
    if isinstance(test, re.Pattern):
        return bool(test.search(text))
    return test(text)


@dataclass(frozen=True)
class Rule:
    """``anchor`` must match a sentence (the evidence); every ``sentence`` test must match that
    sentence; every ``paragraph`` test must match somewhere in its paragraph; no ``unless`` test
    may match the sentence."""

    anchor: Test
    sentence: tuple[Test, ...] = ()
    paragraph: tuple[Test, ...] = ()
    unless: tuple[Test, ...] = ()
    #: whether a heading can satisfy it ("Our stage 1 response" states the stage; most elements
    #: need a sentence)
    headings: bool = False

    def find(self, letter: _Letter, *, skip: Skip | None = None) -> str | None:
        """The first sentence that does what the rule looks for; ``skip``: sentences (with what follows
        them in their paragraph) not to take."""
        for index, paragraph in enumerate(letter.paragraphs):
            if index in letter.headings and not self.headings:
                continue
            whole = _without_links(" ".join(paragraph))
            if not all(_ok(t, whole) for t in self.paragraph):
                continue
            for n, sentence in enumerate(paragraph):
                words = _without_links(sentence)
                if (
                    _ok(self.anchor, words)
                    and all(_ok(t, words) for t in self.sentence)
                    and not any(_ok(t, words) for t in self.unless)
                    and not _empty_lead_in(sentence, paragraph[n + 1 :])
                    and not (skip is not None and skip(sentence, paragraph[n + 1 :], self.anchor))
                ):
                    return sentence
        return None


def _empty_lead_in(sentence: str, after: tuple[str, ...]) -> bool:
    """A lead-in ("You would like us to:") with nothing after it, or only another lead-in: a
    heading left unfilled, not the element ("What you would like us to do:" over a blank)."""
    if not sentence.rstrip().endswith(":"):
        return False
    following = next((s for s in after if re.search(r"\w", s)), None)
    return following is None or following.rstrip().endswith(":")


#: the elements a letter introduces with a lead-in ("Our understanding of your complaint is:", "What
#: you would like us to do:") whose own words match the element's wording (2024 5.6)
_LEAD_IN_ELEMENTS = frozenset({Element.COMPLAINT_DEFINITION.value, LetterElement.OUTCOMES_SOUGHT.value})

#: what the element is, in a note to the person confirming it
_LEAD_IN_WHAT = {
    Element.COMPLAINT_DEFINITION.value: "your understanding of the complaint",
    LetterElement.OUTCOMES_SOUGHT.value: "the outcomes the resident is seeking",
}

#: a lead-in that is the start of the element's own sentence ("We understand that you remain unhappy
#: because:"): what follows it is the complaint, unless it is a dated promise of the response or a
#: sign-off
_FRAME = re.compile(r"\b(?:because|as|since|that)\s*$", re.IGNORECASE)

#: how a heading naming the element ends ("What you would like us to do", "What your complaint is
#: about", "The outcomes sought"), where a line that is the element itself ends in its substance
_HEADING_END = re.compile(r"\b(?:do|is|are|about|sought|seeking|want|complaint)\W*$", re.IGNORECASE)

#: a numbered or bulleted item's marker, read past
_ITEM = r"^\W*(?:\(?\d+[.)]\s*|[-\u2022*]\s*)?"

#: a promise of when the response will come, by whom it is made: "We will send you our full response
#: by 17 March", "Our complaints team will respond within 10 working days", "You will hear from us by
#: Friday", "A full response will be sent to you by ..." (with :data:`_PROMISE_WORDS` and
#: :data:`_PROMISE_WHEN`; "We will treat this as a complaint about the delay in our response to your
#: request of 6 January" has no promised date, and is not one)
_PROMISE_START = re.compile(
    _ITEM + r"(?:(?:we|i|our\b[^.]{0,40}?|a member of\b[^.]{0,40}?|someone\b[^.]{0,30}?)"
    r"(?:'ll|\s+will|\s+shall|\s+must|\s+aim to|\s+expect to|\s+intend to|\s+plan to|\s+are going to"
    r"|\s+am going to)(?:\s+\w+){0,4}?\s+(?:send|write|respond|reply|give|provide|contact|call|be in touch"
    r"|get in touch|get back|let you know|issue|hear)\b"
    r"|you\s+(?:will|should|can expect to)\s+(?:receive|get|hear)\b|expect\b"
    r"|(?:our|a|the|your)\s+(?:full\s+|final\s+|written\s+)?(?:stage\s+\w+\s+)?(?:response|reply|decision)\b"
    r"[^.]{0,60}\bwill be\b)",
    re.IGNORECASE,
)
_PROMISE_WORDS = re.compile(
    r"\brespon(?:d|se)\b|\breply\b|\bhear from\b|\bcontact you\b|\bget back\b|\b(?:be|get) in touch\b"
    r"|\bcall you\b|\bwrite to you\b|\bdecision\b",
    re.IGNORECASE,
)
_PROMISE_WHEN = re.compile(
    r"\b(?:by|before|no later than|on or before)\s+(?:the\s+)?(?:\w+day\b,?\s*)?"
    r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d|the end of)"
    r"|\bon\s+(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\bwithin\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+"
    r"(?:working\s+|calendar\s+|business\s+)?(?:days?|weeks?)\b",
    re.IGNORECASE,
)
#: a closing on its own ("Yours sincerely, Olu Officer", "With kind regards,"; at most
#: :data:`_CLOSING_WORDS` words)
_CLOSING = re.compile(
    _ITEM
    + r"(?:yours\s+(?:sincerely|faithfully|truly)|(?:with\s+)?(?:kind|best|warm|many)\s+(?:regards|thanks)"
    r"|(?:with\s+)?regards|best wishes)\b",
    re.IGNORECASE,
)
_CLOSING_WORDS = 6
#: a sentence that reports a promise or a standard rather than making one: "We must respond within 10
#: working days, but we took six weeks", "Our policy says we will respond within 5 working days"
_NOT_A_PROMISE = re.compile(
    r"\b(?:but|however|yet|although|though|whereas|instead|whenever|every time|in future)\b"
    r"|\b(?:did|does|do|have|has|had|was|were) not\b|\b(?:didn't|hasn't|haven't|wasn't|weren't|never|nobody"
    r"|no one|nothing)\b|\b(?:said|says|say|told|promised|policy|standards?)\b",
    re.IGNORECASE,
)
#: the resident's wish, in a sentence that also names a responsibility ("We are responsible for the
#: door, and you want it repaired")
_THEIR_WISH = re.compile(r"\byou (?:want|would like|asked|are asking|hope|expect)\b", re.IGNORECASE)
#: the route onward: "If you are unhappy with our response, you can ask for stage 2 by ..."
_ROUTE_ONWARD = re.compile(
    _ITEM + r"(?:if you (?:are|remain|feel|were) (?:still )?(?:unhappy|not happy|dissatisfied|not satisfied)"
    r"|if you (?:disagree|want to|would like to|wish to)"
    r"|you (?:can|may) (?:ask|escalate|refer|request|take|contact)|you have the right to)\b[^.]{0,80}"
    r"\b(?:stage\s*(?:2|two|3|three)|escalat\w*|ombudsman)\b",
    re.IGNORECASE,
)
#: the stage the complaint is logged at: "We have logged your complaint at stage 1"
_LOGGED_AT = re.compile(
    _ITEM
    + r"(?:we have (?:now )?|we |your complaint (?:has|was) (?:now )?been )(?:logged|registered|recorded)\b"
    r"[^.]{0,50}\bstage\s*(?:1|one|2|two)\b",
    re.IGNORECASE,
)
#: what the landlord is or is not responsible for: another part after the outcomes' lead-in ("What
#: you would like us to do:" over "We are responsible for the repair"), though a definition may well
#: be about it ("We are responsible for the communal lighting, and it has been out since November")
_RESPONSIBLE = re.compile(
    _ITEM + r"(?:we are|we're|we aren't|i am)(?: not| also| only)? responsible\b"
    r"|we (?:cannot|can't|are unable to|will not|won't) (?:investigate|look into|deal with|consider)\b",
    re.IGNORECASE,
)


def _another_part(sentence: str, element: str, *, framed: bool = False) -> bool:
    """Whether ``sentence``, straight after ``element``'s lead-in, plainly is another part of the
    letter: a dated promise of the response, a sign-off, the route onward, the stage it is logged at,
    and for the outcomes sought what the landlord is responsible for. Kept narrow, each recognised by
    how the sentence starts: "We did not reply to your email of 6 January", "We are sorry that ...",
    "Thank you for telling us ..." or "The Ombudsman ordered us ..." may well be the complaint, and a
    check that asks about good letters drives staff round it. After a lead-in that frames the
    sentence (``framed``: "you remain unhappy because:") only the promise and the sign-off count."""
    words = _without_links(sentence).strip()
    promise = bool(
        _PROMISE_START.search(words)
        and _PROMISE_WORDS.search(words)
        and _PROMISE_WHEN.search(words)
        and not _NOT_A_PROMISE.search(words)
    )
    sign_off = bool(_CLOSING.search(words)) and len(words.split()) <= _CLOSING_WORDS
    if promise or sign_off:
        return True
    if framed:
        return False
    if _ROUTE_ONWARD.search(words) or _LOGGED_AT.search(words):
        return True
    return (
        element == LetterElement.OUTCOMES_SOUGHT.value
        and bool(_RESPONSIBLE.search(words))
        and not _THEIR_WISH.search(words)
    )


def _lead_in_and_after(sentence: str, after: tuple[str, ...], own: Test) -> tuple[str, str, bool] | None:
    """``sentence`` as a lead-in (it ends in a colon, or a short one with the element's wording is
    run into the rest of it), what follows it (the words after the colon, or the next sentence),
    and whether it frames that sentence ("... because:"); ``None`` when it is not one."""
    text = sentence.strip()
    head, colon, tail = text.partition(":")
    if (
        colon
        and tail.strip()
        and re.match(r"\s+[A-Za-z]", tail)
        and len(head.split()) <= 8
        and _ok(own, _without_links(head))
        and not _ok(own, _without_links(tail))
    ):
        return head + ":", tail.strip(), bool(_FRAME.search(head))
    # the next sentence with words ("1." of a numbered list is its marker, not what follows)
    following = next((s for s in after if re.search(r"[A-Za-z]", s)), "")
    if text.endswith(":"):
        return (text, following, bool(_FRAME.search(text[:-1]))) if following else None
    if (
        following
        and not re.search(r"[.!?;]\W*$", text)
        and len(text.split()) <= 8
        and _HEADING_END.search(text)
    ):
        # a heading line over its text in one block ("What you would like us to do" from a template
        # whose markers were taken out): a lead-in without its colon (found in a browser walk). Only
        # a heading's wording: "You would like us to repair the fan" without its full stop is the
        # element itself (found in review)
        return text, following, bool(_FRAME.search(text))
    return None


def _lead_in_over_another_part(element: str) -> Skip:
    """For :meth:`Rule.find`: pass over a lead-in of ``element`` followed straight away by another
    part of the letter (:func:`_another_part`): "Our understanding of your complaint is:" over "We
    will send you our full response by 17 March" (its blank deleted, the next part moved up)
    defines nothing, though its words match."""

    def skip(sentence: str, after: tuple[str, ...], own: Test) -> bool:
        found = _lead_in_and_after(sentence, after, own)
        return found is not None and _another_part(found[1], element, framed=found[2])

    return skip


#: Each address is looked for only where its run of characters starts (the lookbehinds): tried at
#: every character of a long run ("a.a.a.a…", a pasted 50 kB string) it took time growing with the
#: square of the run's length, minutes for one letter (found in review).
_LINK = re.compile(
    r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|co|net)\.?(?:uk)?\S*",
    re.IGNORECASE,
)


_CONTRACTIONS = (
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "cannot"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(you|we|they)'re\b", r"\1 are"),
    (r"\b(i|you|we|they|it|he|she)'ll\b", r"\1 will"),
    (r"\b(i|you|we|they)'ve\b", r"\1 have"),
    (r"\b(i|you|we|they|he|she)'d\b", r"\1 would"),
    (r"\bi'm\b", "i am"),
    (r"\b(it|that|there|here)'s\b", r"\1 is"),
)
_CONTRACTION_PATTERNS = [(re.compile(a, re.IGNORECASE), b) for a, b in _CONTRACTIONS]


def _expand(text: str) -> str:
    """Contractions in full ("we've" -> "we have"), so one pattern reads both."""
    text = text.replace("’", "'").replace("‘", "'")
    for pattern, full in _CONTRACTION_PATTERNS:
        text = pattern.sub(full, text)
    return text


def _without_links(text: str) -> str:
    """Web and email addresses blanked out, so "housing-ombudsman.org.uk/make-a-complaint" is not
    read as words (the contact details are recognised separately); contractions in full."""
    return _expand(_LINK.sub(" ", text))


def _stage(n: int) -> re.Pattern[str]:
    word = {1: "one", 2: "two", 3: "three"}[n]
    ordinal = {1: "first", 2: "second", 3: "third"}[n]
    return _p(rf"\bstage\s*(?:{n}|{word})\b|\b{ordinal} stage\b")


def _date_or_within(sentence: str) -> bool:
    return _has_date(sentence) or bool(_WITHIN.search(sentence))


_RESIDENT_WANTS = _p(
    r"\byou (?:would like|want|wanted|asked|have asked|are seeking|are asking|requested|hoped|were hoping)\b"
)
_HOW_TO_ESCALATE = _p(
    r"\bcontact\b|\breply\b|\bwrit(?:e|ing)\b|\bcall\b|\bphone\b|\btelephone\b|\be-?mail\b|\bonline\b|\bform\b"
    r"|\bwithin\b|\blet us know\b|\bvisit\b|\bby post\b|\bring\b|\btext\b|\bspeak to\b"
    r"|\bfill in\b|\bsend us\b|\bapply\b"
)
_REMEDY = (
    r"\bremed(?:y|ies)\b|\bcompensation\b|\bgoodwill (?:payment|gesture)\b|\bput (?:things|this|it|matters) right\b"
    r"|\b(?:we|we'll|we will|we would like to|we are going to|i will|we can|we are) (?:also )?"
    r"(?:offer|pay|award|credit|refund|reimburse)(?:ing)?\b"
    r"|\bwe have (?:also |already )?(?:offered|paid|awarded|credited|refunded|reimbursed)\b"
    r"|\b(?:our|this) offer\b|£\s?\d"
)

_DEFINITION = _p(
    r"\byour complaint (?:is|was) (?:about|that)\b|\byou (?:are|were|have been|remain) (?:unhappy|dissatisfied|not happy|concerned|upset|frustrated)\b"
    r"|\byou complained\b|\bunderstanding of (?:your|the) (?:complaint|issues?)\b"
    r"|\bwe understand (?:that )?(?:your complaint|you are|you were|you remain|the issues?)\b"
    r"|\byour complaint (?:concerns|relates to|related to|is regarding)\b"
    r"|\bthe issues? (?:that )?(?:remain|outstanding)\b|\byou (?:told|wrote to|contacted) us (?:that|about|because)\b"
    r"|\byou (?:raised|reported|made) (?:a complaint|concerns?|complaints?)\b"
    r"|\byou (?:got in touch|contacted us|wrote to us|called us|rang us|emailed us|came to us)\b.{0,80}\b(?:because|about|to (?:complain|tell|report|say))\b"
    r"|\byou complain(?:ed)? (?:that|about)\b|\b(?:as|what) we understand(?: it)?,? you\b"
)
_OUTCOMES = _p(
    r"\boutcomes? (?:you|that you|sought)\b|\byou would (?:like|prefer)\b|\byou want(?:ed)? (?:us to|a|an|the|your)\b"
    r"|\byou (?:have )?asked (?:\w+ ){0,2}(?:for|to|that)\b|\byou are (?:seeking|looking for|asking for|asking us|hoping)\b"
    r"|\bwhat you (?:would like|want|are hoping|are seeking|expect)\b"
)
_RESPONSIBILITIES = _p(
    r"\bresponsib\w*|\bremit\b|\b(?:is|are) a matter for\b|\boutside (?:our|what we)\b"
    r"|\bnot (?:something|a matter|an issue) (?:that )?(?:we|for us)\b"
    r"|\b(?:we|i) (?:cannot|can't|can not|are unable to|will not|won't|are not able to) (?:investigate|look into|deal with|consider|comment on)\b"
)
_RESPONSE_WORDS = _p(
    r"respon|reply|answer|decision|write to you|hear from|outcome|contact you|get back to you|send (?:you|it)"
)
#: the response promised in a letter's ordinary words, not its name (2024 6.3, 6.14; 2022 5.1, 5.13):
#: "We will let you know by 10 March", "We will write back by ...", "We will be in touch by ...",
#: "We aim to come back to you by ...", "Our letter will reach you by ...". Good letters saying so
#: were refused as giving no date. The same words promise much else ("We will let you know if we
#: need more information by 7 March", "The managing agent will come back to you by ...": helper-103
#: found a commit reading them as the response made incomplete letters issuable), so they never
#: pass alone: with no sentence naming the response, a date they give is for a person to confirm
#: (``_Judge._dated``). The landlord's own future only, not the resident's part ("Please write to
#: us", "let us know"), the past ("We wrote to you"), another party's ("We will ask the agent to
#: write"), a refusal ("We will not be in touch before ...") or arranging the work
_WE_WILL = (
    r"\b(?:we|i)(?:['\u2019]ll| (?:will|shall|aim to|expect to|intend to|plan to|hope to|are going to))\b"
)
_ORDINARY_RESPONSE_WORDS = _p(
    rf"{_WE_WILL}(?!\s+(?:not|never)\b)"
    r"(?:(?:(?!\b(?:not|never|ask|tell|need|make sure|arrange for|get)\b)[^.;:]){0,80}?\s)?(?<!\byou to )"
    r"(?:write\b(?!\s+(?:back\s+)?to\s+(?!you\b))|let you know\b|be (?:back )?in touch\b(?!\s+with\s+(?!you\b))"
    r"|come back to you\b)"
    r"(?![^.;:]{0,80}\b(?:appointment|visit|inspect|survey|repair|contractor|engineer|operative|technician"
    r"|arrang|book|discuss|if we need|more information|whether we (?:can|will) accept|who is|name of))"
    r"|\b(?:our|my) (?:\w+ )?letter (?:will|should) (?:now |then )?reach you\b"
    r"|\byou (?:will|should|can expect to) (?:receive|get|have) (?:our|my) (?:full |written |formal )?letter\b"
    r"(?!\s+(?:about|confirming|regarding|with|on)\b)"
)
#: a sentence naming the response: "our (full) response", "a reply", "the decision", "we will respond"
_NAMES_THE_RESPONSE = _p(
    r"\b(?:our|my|a|the|your) (?:[\w-]+ ){0,3}(?:response|reply|answer|decision|findings|outcome)\b"
    r"|\b(?:we|i)(?:['\u2019]ll| will| shall| aim to| expect to)(?: \w+){0,3} (?:respond\w*|reply|answer"
    r"|contact you|get back to you|write to you)\b"
    r"|\byou (?:will|should|can expect to) (?:hear|have|get|receive)\b|\bhear (?:back )?from us\b"
    r"|\bwhat we (?:have )?(?:find|found)\b"
)
#: a date in a clause about arranging the work, not the response (not "repair": a complaint about
#: repairs is answered in a sentence that names them)
_ARRANGING_THE_WORK = _p(
    r"\b(?:appointment|visit|inspect|survey|contractor|engineer|operative|technician|arrang|book)"
)
#: a request of the resident ("Please send us photos by ..."): not the landlord's promise; "please
#: expect", "please note" are
_ASKING_THEM = _p(
    r"\bplease\b(?!\s+(?:expect|note|be aware))|\bcould you\b|\bcan you\b|\byou (?:can|may) (?!expect\b)\w+"
)
#: the response itself, not "responsible"
_THE_RESPONSE_ITSELF = _p(r"\b(?:respon(?!sib)[sd]\w*|repl(?:y|ies)|answer\w*)\b")


#: "received" with no promise after it
_RECEIVED_ONLY = _p(
    r"\b(?:received|logged)\b(?!.*(?:\b(?:by|before|no later than|within|will|shall|aim to|expect to)\b"
    r"|['\u2019]ll\b))"
)


def _only_received(sentence: str) -> bool:
    """ "We received your complaint on 3 March" is not when the response comes, unless a promise
    follows ("... and will respond by 17 March"), or the response is promised before it within a
    time counted from it ("We will respond within 10 working days from the date we received your
    complaint", "... of your complaint, which was received on 26 February": read as no response date,
    a good acknowledgement was refused). A receipt before the promise is something that happened
    ("The contractor's response was received within 10 working days of ...": helper-112)."""
    if not _RECEIVED_ONLY.search(sentence):
        return False
    within = _WITHIN_COUNT.search(sentence)
    if within is None or _counted_from(sentence, within) is None:
        return True
    before = sentence[: within.start()]
    return bool(
        re.search(r"\b(?:received|logged)\b", before, re.IGNORECASE)
    ) or not _NAMES_THE_RESPONSE.search(before)


def _names_the_response(text: str) -> bool:
    return bool(_NAMES_THE_RESPONSE.search(text) or _THE_RESPONSE_ITSELF.search(text))


def _response_clause(clause: str, *, by: bool = False) -> bool:
    """Whether a date in ``clause`` is the landlord's promise of its response: the clause names the
    response ("We will respond by ...", "You will hear from us on ...", "our full written response
    by ..."), or ``by`` leads to it in a sentence that does ("We hope to respond sooner, by Saturday
    1 March": helper-109), and it is not the resident's words, a request of them, or the work's
    arranging without naming the response ("We will contact you on 1 March to arrange a visit")."""
    return (
        (by or _names_the_response(clause))
        and not _THEIR_WORDS.search(clause)
        and not _ASKING_THEM.search(clause)
        and not (_ARRANGING_THE_WORK.search(clause) and not _THE_RESPONSE_ITSELF.search(clause))
    )


_NOT_NEW = _p(
    r"\b(?:original(?:ly)?|previous(?:ly)?|had (?:said|told|promised)|was due|were due|should have|"
    r"told you (?:that )?we would|received|logged|acknowledged)\b"
)
_REASON_WORDS = _p(
    r"\bbecause\b|\breasons?\b|\bdue to\b|\bas we (?:need|are|have|were)\b|\bso that we can\b"
    r"|\bwe (?:need|needed) (?:more|extra|further) time\b|\bwaiting (?:for|on)\b|\bin order to\b|\bthis is (?:so|to)\b"
)
_EXTENSION_WORDS = _p(
    r"extend|extension|more time|extra time|longer|delay|later than|unable to (?:respond|reply|send)"
    r"|not (?:be )?able to (?:respond|reply|send)|cannot (?:respond|reply)"
)
_DECISION = _p(
    r"\b(?:partly |partially |fully )?(?:upheld|uphold|upholding)\b"
    r"|\bwe have (?:decided|concluded|found) (?:that )?(?:your complaint|to (?:partly |partially |not )?uphold|in your favour)"
    r"|\byour complaint (?:is|was) (?:not )?(?:justified|founded|well[- ]founded)\b"
    r"|\bour decision (?:is|was) (?:that|to)\b|\bwe (?:agree|disagree) with your complaint\b"
)
_REASONS = _p(
    r"\bbecause\b|\bthe reasons? (?:for|why|is|are|behind)\b|\b(?:this|that) is why\b"
    r"|\b(?:we|i|the panel|the reviewer) (?:found|established|identified|confirmed|checked|can see|could see|saw|have seen|noted|accept) "
    r"(?:that|from|no|our|your|the|records|there)\b"
    r"|\bour (?:investigation|review|records|findings)\b.{0,40}\b(?:found|show|showed|shows|confirm|confirmed)\b"
    r"|\bdue to\b|\bas a result of\b|\bthis means\b"
)
_OUTSTANDING = _p(
    r"\boutstanding\b|\bstill (?:to (?:do|be done|complete)|needs? to be)\b|\bno (?:further|other|more) (?:actions?|work)\b"
    # "What we still need to do:", the template's own heading, read in a text from another system; not
    # "we still need to" alone ("We still need to hear from you" sets out no action: found in review)
    r"|\bwhat we still (?:need|have) to do\b|\bstill (?:needs?|has|have) to be done\b"
    r"|\b(?:remaining|next) (?:actions?|work|repairs?|steps)\b|\bactions? (?:that )?we (?:will|still|need to)\b"
)
#: a sentence that asks the resident to say whether anything is left ("If anything still needs to be
#: done, tell us."; "Tell us if there is anything outstanding."; "Is anything still outstanding?"): it
#: gives no details of an action (2024 6.9 f, 6.19 f) unless it sets one out itself
_ASKS_THE_RESIDENT = _p(
    r"^\W*(?:if|should|whenever|in case)\b"
    r"|\b(?:tell|let|contact|call|ring|phone|e-?mail|inform|write to) us\b(?: know)?(?:\W+\w+){0,3}?\W+(?:if|whether|about any|of any)\b"
    r"|^\W*(?:please\s+)?(?:report|tell us|let us know|contact us|call us|get in touch)\b"
    r"|\bknow (?:if|whether)\b|\bget in touch\b|\b(?:you can|please) report\b|\?[\"')\]]*\s*$"
)
#: what a sentence that asks the resident may still set out: an action on a day, a list it leads to
_POINTS_ON = _p(r"\b(?:below|following|as follows|listed)\b|:\s*$")
#: the day in such a sentence is the resident's, not an action's: "Please report any outstanding repairs
#: within 28 days", "Let us know by 31 March 2025 if..." (helper-93: each was read as an action's day)
_RESIDENTS_DEADLINE = _p(
    r"\b(?:report|tell us|let us know|contact us|call us|get in touch)(?:\W+\w+){0,3}?\W+(?:within|by|before)\b"
)
#: "outstanding" as praise or as money owed ("your outstanding patience", "outstanding rent arrears"),
#: not work left to do
_NOT_WORK = _p(
    r"\boutstanding (?:patience|understanding|co-?operation|service|support|help|care|effort|feedback"
    r"|contribution|kindness|courtesy|rent|arrears|balance|debt|amount|charges?|bills?)\b"
)


def _first_sentence(part: _Letter, test: Callable[[str], bool]) -> str | None:
    """The first sentence of ``part``, paragraph by paragraph, that ``test`` accepts."""
    return next((sentence for paragraph in part.paragraphs for sentence in paragraph if test(sentence)), None)


def _no_action_set_out(sentence: str) -> bool:
    """Whether ``sentence``, though it has the outstanding-actions words, sets out no action: it only
    asks the resident to report one, or its "outstanding" is praise or money owed (found in review:
    each was read as the actions present). A sentence that asks but also gives an action's day, leads
    to a list of them, or plans one ("we will replace") sets one out. Passed over, never refused for:
    :meth:`_Judge._outstanding` asks a person to confirm when it was the only one."""
    if _NOT_WORK.search(sentence) and not _OUTSTANDING.search(_NOT_WORK.sub("", sentence)):
        return True
    if not _ASKS_THE_RESIDENT.search(sentence):
        return False
    words = _without_links(sentence)
    return not (
        (_date_or_within(words) and _ACTION_WORDS.search(words) and not _RESIDENTS_DEADLINE.search(words))
        or _POINTS_ON.search(words)
        or (_PLANNED.search(words) and _ACTION_WORDS.search(words))
    )


_OMBUDSMAN = _p(r"\bombudsman\b")
_OMBUDSMAN_ROUTE_VERB = _p(
    r"\b(?:refer|escalat|bring|take|complain|ask (?:the|them|it)|investigat|look (?:at|into)|review)\w*"
)
_OMBUDSMAN_HOW = _p(
    r"\bonline\b|\bform\b|\bwrite to\b|\bcall\b|\bphone\b|\btelephone\b|\be-?mail\b|\bwebsite\b|\bby post\b"
)
_UPDATE_INTERVAL = _p(
    r"\bevery (?:\d+|one|two|three|four|five|ten|other)?\s*(?:working |calendar )?(?:days?|weeks?|fortnight|months?|monday|tuesday|wednesday|thursday|friday)\b"
    r"|\b(?:weekly|fortnightly|monthly)\b|\beach (?:week|fortnight|month|monday|tuesday|wednesday|thursday|friday)\b"
    r"|\bnext update\b|\b(?:update|contact|call|write to|email|phone) you (?:again )?(?:on|by|every|within|before)\b"
)
_UPDATE_WORDS = _p(r"update|contact|call|write|email|letter|keep you informed|hear from|phone|text")
_PROGRESS = _p(
    r"\bprogress\b|\bso far\b|\bto date\b|\bsince (?:we|our|my|i) last\b"
    r"|\b(?:we|i) have (?:now |also )?(?:received|spoken|arranged|completed|visited|inspected|asked|obtained|contacted|reviewed|been|chased|instructed|booked)\b"
    r"|\b(?:we|i) are (?:still )?(?:waiting|investigating|looking into|gathering|reviewing|chasing)\b|\binvestigation (?:is|has|remains)\b"
)
_ACTION_WORDS = _p(
    r"complet|finish|carry out|carried out|\bdone\b|\bfix|repair|install|replac|visit|appointment|attend|\bbook|start|\bfit|paint|treat|survey|inspect"
    r"|\bcall you\b|\bcheck\b|\bmonitor|\bdecorat"
)
_PAY_OR_DO = _p(
    r"\bpay|paid|payment|credit|transfer|complet|carry out|carried out|repair|\bfix|replac|install|redecorat|visit|appointment|attend|arrive|receive|start|finish|\bdone\b|account"
)
_NOT_ACCEPT = _p(
    r"\b(?:cannot|can't|can not|are unable to|is unable to|will not|won't|are not able to|ha(?:s|ve) decided not to|are not going to|do not|don't) "
    r"(?:accept|escalate|consider|investigate|progress|take (?:your complaint|this|it) (?:to|forward|further)|treat (?:this|it|your))\b"
    r"|\bdecided not to (?:do|take|progress|pursue) (?:this|it|that)\b|\bnot suitable\b|\bout(?:side)? (?:of )?(?:our|the) complaints? (?:procedure|process|policy)\b|\bexclu(?:de|ded|sion)\b"
)
_BECAUSE = _p(
    r"\bbecause\b|\breasons?\b|\bas (?:it|the|this|you|your)\b|\bsince\b|\bdue to\b|\bthis is\b|\bwhich (?:means|is)\b"
    r"|\bmore than\b|\bunder (?:our|the)\b"
)
_RIGHT = _p(
    r"\bright\b|\bcan\b|\bmay\b|\bable to\b|\bask\b|\brefer\b|\bcomplain\b|\bchallenge\b|\bapproach\b|\bcontact\b"
)
_ABOUT_DECISION = _p(
    r"decision|decided|disagree|not (?:to )?accept|not (?:to )?escalat|refus|declin|unhappy with (?:this|our)"
)
_RESTRICTION_REASON = _p(r"\bbecause\b|\breasons?\b|\bdue to\b|\bfollowing\b|\bas a result of\b|\bafter\b")
_BEHAVIOUR = _p(
    r"behaviour|conduct|abus|threat|aggressi|offensive|unacceptable|swear|language|harass|intimidat|persistent|repeated"
)
_RESTRICTION_DETAILS = _p(
    r"\bonly (?:by|in|through|via|on|to|contact|use|call|email|write)\b|\bsingle point of contact\b"
    r"|\bnamed (?:contact|officer|person|member of staff|caseworker)\b|\byou can (?:still|continue to)\b"
    r"|\b(?:will|does|do) not (?:affect|stop|change)\b|\bstill (?:be able to|report|contact|call)\b"
    r"|\b(?:we are|we have decided to|we will) (?:limit|restrict)\w*\b"
)
_EQUALITY = _p(
    r"\bequality act\b|\breasonable adjustments?\b|\bdisabilit\w*|\b(?:support|access|communication|particular|individual|additional) needs?\b"
    r"|\bvulnerab\w*|\baccessib\w*|\b(?:another|a different|other) (?:way|format|language)\b|\binterpret(?:er|ing)\b|\badvocate\b"
)
_REVIEW = _p(r"\breview\w*")
_REVIEW_OF = _p(r"restrict|arrangement|decision|\bthis\b|\bit\b|\bthem\b")


def _review_when(sentence: str) -> bool:
    return _date_or_within(sentence) or bool(
        _p(r"\bevery\b|\bafter\b|\bmonths?\b|\bweeks?\b|\bregular").search(sentence)
    )


def _rules(element: AnyElement, stage: int) -> tuple[Rule, ...]:
    """The patterns for one element; ``stage`` is the letter's stage (for stage words and routes)."""
    if element == Element.COMPLAINT_STAGE:
        return (
            Rule(
                _stage(stage),
                sentence=(_p(r"complain|respon|acknowledg|logg|record|regist|reply|decision|review"),),
                headings=True,
            ),
        )
    if element == Element.COMPLAINT_DEFINITION:
        # not "If you are not happy with this response, ..." (the route onward)
        return (Rule(_DEFINITION, unless=(_p(r"\bif you\b"),)),)
    if element == LetterElement.OUTCOMES_SOUGHT:
        # not "You asked us to look again" (the request to escalate)
        return (
            Rule(
                _OUTCOMES,
                unless=(
                    _p(
                        r"\basked (?:\w+ ){0,2}to (?:look (?:at (?:it|this|your complaint) )?again|escalate|review)"
                    ),
                ),
            ),
        )
    if element == Element.RESPONSIBILITIES:
        return (Rule(_RESPONSIBILITIES),)
    if element == LetterElement.RESPONSE_DATE:
        return (
            Rule(
                _date_or_within,
                sentence=(_RESPONSE_WORDS,),
                unless=(_only_received,),
            ),
        )
    if element == Element.NEW_DEADLINE:
        return (
            Rule(
                _has_date,
                sentence=(
                    _p(
                        r"respon|reply|answer|decision|write to you|hear from|outcome|contact you|send|\bby\b|expect|aim"
                    ),
                ),
                unless=(_NOT_NEW,),
            ),
        )
    if element == Element.EXTENSION_REASONS:
        return (Rule(_REASON_WORDS, paragraph=(_EXTENSION_WORDS,), unless=(_OMBUDSMAN,)),)
    if element == Element.DECISION:
        return (Rule(_DECISION, unless=(_RESIDENT_WANTS, _DEFERRAL)),)
    if element == Element.REASONS:
        return (
            Rule(
                _REASONS,
                unless=(
                    _p(
                        r"\bescalat|\bombudsman\b|\bstage\s*(?:2|two|3|three)\b|\bremed(?:y|ies)\b|\bcompensation\b"
                        r"|\bnone offered\b"
                    ),
                ),
            ),
        )
    if element == Element.REMEDY:
        return (Rule(_p(_REMEDY), unless=(_RESIDENT_WANTS,)),)
    if element == Element.OUTSTANDING_ACTIONS:
        return (Rule(_OUTSTANDING, unless=(_no_action_set_out,)),)
    if element == Element.ESCALATION_ROUTE:
        target = stage + 1
        return (
            Rule(_stage(target), paragraph=(_HOW_TO_ESCALATE,)),
            Rule(
                _p(
                    r"\bescalat\w*|\b(?:ask|request)\w* (?:us )?(?:for |to )?(?:a |an )?(?:review|reconsider)"
                    r"|\btake (?:your complaint|this|it|the matter|matters) further\b"
                ),
                paragraph=(_HOW_TO_ESCALATE,),
                unless=(_OMBUDSMAN,),
            ),
        )
    if element in (Element.EXCLUSION_REASONS,):
        return (Rule(_NOT_ACCEPT, paragraph=(_BECAUSE,), unless=(_OMBUDSMAN,)),)
    if element == Element.RIGHT_TO_OMBUDSMAN:
        return (Rule(_OMBUDSMAN, sentence=(_RIGHT,), paragraph=(_ABOUT_DECISION,)),)
    if element == LetterElement.REMEDY_WHAT:
        return (
            Rule(
                _p(
                    _REMEDY
                    + r"|\b(?:we|we'll|we will) (?:also )?(?:arrange|carry out|repair|replace|fix|complete|install|redecorate|inspect)\b"
                ),
                unless=(_RESIDENT_WANTS,),
            ),
        )
    if element == LetterElement.REMEDY_BY_WHEN:
        return (
            Rule(
                _date_or_within,
                sentence=(_PAY_OR_DO,),
                unless=(_p(r"\byou (?:reported|complained|told us)\b"),),
            ),
        )
    if element == LetterElement.COMPLAINT_PROGRESS:
        return (Rule(_PROGRESS),)
    if element == Element.UPDATE_INTERVAL:
        return (Rule(_UPDATE_INTERVAL, sentence=(_UPDATE_WORDS,)),)
    if element == LetterElement.ACTION_TIMESCALE:
        return (Rule(_date_or_within, sentence=(_ACTION_WORDS,)),)
    if element == Element.RESTRICTION_REASONS:
        return (Rule(_RESTRICTION_REASON, paragraph=(_BEHAVIOUR,), unless=(_REVIEW,)),)
    if element == LetterElement.RESTRICTION_DETAILS:
        return (Rule(_RESTRICTION_DETAILS),)
    if element == LetterElement.EQUALITY_REGARD:
        return (Rule(_EQUALITY),)
    if element == Element.RESTRICTION_REVIEW:
        return (Rule(_REVIEW, sentence=(_REVIEW_OF, _review_when)),)
    raise ValueError(f"no patterns for {element.value}")  # pragma: no cover - every element is covered


_HINTS: dict[str, str] = {
    Element.COMPLAINT_STAGE: "say which stage: e.g. 'This is our stage 1 response to your complaint.'",
    Element.COMPLAINT_DEFINITION: "set out the complaint: e.g. 'Your complaint is about ...'",
    LetterElement.OUTCOMES_SOUGHT: "say what the resident wants: e.g. 'You would like us to ...'",
    Element.RESPONSIBILITIES: "say what you are and are not responsible for: e.g. 'We are responsible for ...; the "
    "fence is a matter for your neighbour.'",
    LetterElement.RESPONSE_DATE: "give the date of the response: e.g. 'We will send you our response by 14 March 2025.'",
    Element.NEW_DEADLINE: "give the new date: e.g. 'We will now respond by Friday 28 March 2025.'",
    Element.EXTENSION_REASONS: "explain why more time is needed: e.g. 'We need more time because ...'",
    Element.OMBUDSMAN_CONTACT_DETAILS: "give the Ombudsman's telephone, website or address "
    "(e.g. 0300 111 3000, www.housing-ombudsman.org.uk)",
    Element.DECISION: "state the decision: e.g. 'We have decided to uphold your complaint.' / 'not upheld'",
    Element.REASONS: "give the reasons: e.g. 'This is because ...' / 'We found that ...'",
    Element.REMEDY: "set out the remedy, or say there is none: e.g. 'To put things right, we will ...' / "
    "'We are not offering a remedy because ...'",
    Element.OUTSTANDING_ACTIONS: "list outstanding actions, or say there are none: e.g. 'There are no outstanding "
    "actions.'",
    Element.ESCALATION_ROUTE: "say how to escalate: e.g. 'If you are not happy, you can ask us to take your "
    "complaint to stage 2 by replying to this letter or calling us within 20 working days.'",
    Element.OMBUDSMAN_ROUTE: "say how to refer the complaint to the Housing Ombudsman Service, with their contact "
    "details",
    Element.EXCLUSION_REASONS: "explain why: e.g. 'We cannot accept this as a complaint because ...'",
    Element.RIGHT_TO_OMBUDSMAN: "tell the resident they can ask the Housing Ombudsman to look at this decision",
    LetterElement.REMEDY_WHAT: "set out what will happen: e.g. 'We will pay you £150 compensation.'",
    LetterElement.REMEDY_BY_WHEN: "say by when: e.g. 'You will receive the payment by 21 March 2025.'",
    LetterElement.COMPLAINT_PROGRESS: "say what has happened so far: e.g. 'Since we last wrote, we have ...'",
    Element.UPDATE_INTERVAL: "state the agreed interval: e.g. 'We will update you every Friday by phone.'",
    LetterElement.ACTION_TIMESCALE: "say when the action will be done: e.g. 'Our contractor will complete the work "
    "by 4 April 2025.'",
    Element.RESTRICTION_REASONS: "give the reasons: e.g. 'We are taking this step because of the abusive language "
    "used ...'",
    LetterElement.RESTRICTION_DETAILS: "say what the restriction is and how the resident can still contact you",
    LetterElement.EQUALITY_REGARD: "show regard for the Equality Act 2010: e.g. support needs or reasonable "
    "adjustments",
    Element.RESTRICTION_REVIEW: "say when it will be reviewed: e.g. 'We will review this restriction on 10 June 2025.'",
}


# --- headings --------------------------------------------------------------------------------

_HEADING_PREFIX = re.compile(r"^\s*(?:#+\s*|\*\*|__|\d{1,2}[.)]\s+(?=[A-Z]))")
_SIGN_OFF = re.compile(
    r"^\s*(?:dear\b|yours\b|kind regards|best wishes|regards\b|with best wishes|many thanks)", re.IGNORECASE
)
_HEADINGS: dict[str, re.Pattern[str]] = {
    Element.COMPLAINT_STAGE.value: _p(
        r"\bstage\s*(?:1|2|3|one|two|three)\b|\b(?:first|second|final) response\b"
    ),
    Element.COMPLAINT_DEFINITION.value: _p(
        r"(?:what|summary of|details of|about|understanding of) (?:your|the) complaint|your complaint(?: is)? about"
        r"|what you (?:told us|said|raised|complained about)|what happened|background|your concerns"
        r"|the (?:issues?|concerns?)(?: you raised| outstanding)?\s*$|complaint summary|what (?:it|this) is about"
    ),
    LetterElement.OUTCOMES_SOUGHT.value: _p(
        r"outcomes? (?:you|sought)|(?:your|desired) outcome|what you (?:would like|want|asked|are asking|are seeking|hope)"
        r"|you would like|how you would like|what you(?:'d| would) like"
    ),
    Element.RESPONSIBILITIES.value: _p(
        r"responsib|what we can(?:not|'t)? (?:do|look at|deal with|help with)|our role|who deals with"
    ),
    LetterElement.RESPONSE_DATE.value: _p(
        r"when (?:you will|you'll|to expect|we will|we'll) (?:hear|respond|reply|get|send)|what happens next"
        r"|next steps|timescales?|response date|when to expect"
    ),
    Element.DECISION.value: _p(
        r"decision|outcome|conclusion|our (?:view|findings?)|what we (?:decided|concluded)|upheld"
    ),
    Element.REASONS.value: _p(
        r"reasons?|why we|what we found|findings|investigation|what we looked at|how we reached|explanation|our view"
    ),
    Element.REMEDY.value: _p(
        r"remed|put(?:ting)? (?:things|this|it|matters) right|compensation|what we will do|what we are doing|our offer"
        r"|make amends|apolog"
    ),
    Element.OUTSTANDING_ACTIONS.value: _p(
        r"outstanding|still (?:to do|need to do)|next steps|what happens next|what we will do next|remaining"
        r"|actions?\b|follow[- ]up|work (?:still )?to (?:do|be done)"
    ),
    Element.ESCALATION_ROUTE.value: _p(
        r"not happy|unhappy|dissatisfied|stage\s*(?:2|two)|escalat|next stage|review|what you can do"
        r"|if you disagree|taking (?:it|this|your complaint|things) further|your options"
    ),
    Element.OMBUDSMAN_ROUTE.value: _p(
        r"ombudsman|independent|not happy|unhappy|dissatisfied|if you disagree|what you can do|taking (?:it|this|your complaint|things) further"
        r"|your options"
    ),
    Element.EXCLUSION_REASONS.value: _p(
        r"\bwhy\b|reasons?|our decision|cannot accept|not accept|not escalat|cannot escalate"
    ),
    Element.RIGHT_TO_OMBUDSMAN.value: _p(
        r"ombudsman|if you disagree|your rights?|not happy|unhappy|what you can do"
    ),
    Element.NEW_DEADLINE.value: _p(r"\bwhen\b|new (?:date|deadline)|timescale|response date"),
    Element.EXTENSION_REASONS.value: _p(r"\bwhy\b|reasons?|delay|more time"),
    Element.OMBUDSMAN_CONTACT_DETAILS.value: _p(r"ombudsman|independent advice|further help"),
    LetterElement.COMPLAINT_PROGRESS.value: _p(
        r"progress|update|so far|what has happened|where (?:we are|things are)"
    ),
    Element.UPDATE_INTERVAL.value: _p(
        r"next update|when we will|keeping you informed|how we will keep|how often"
    ),
    LetterElement.ACTION_TIMESCALE.value: _p(r"\bwhen\b|timescale|dates?"),
    LetterElement.REMEDY_WHAT.value: _p(
        r"what we will do|remed|put(?:ting)? (?:things|this|it) right|our offer|compensation"
    ),
    LetterElement.REMEDY_BY_WHEN.value: _p(r"\bwhen\b|by when|timescale|dates?"),
    Element.RESTRICTION_REASONS.value: _p(r"\bwhy\b|reasons?"),
    LetterElement.RESTRICTION_DETAILS.value: _p(
        r"how you can contact|what this means|contact arrangements|what (?:is|will) change"
    ),
    LetterElement.EQUALITY_REGARD.value: _p(r"your needs|support|adjustments|equality"),
    Element.RESTRICTION_REVIEW.value: _p(r"review"),
}


def _heading_text(block: str) -> str | None:
    """The heading's words if ``block`` is a heading: one short line without a full stop."""
    line = _NUMBERED_HEADING.sub("", block.strip())
    if "\n" in line or _BULLET_START.match(line) or _SIGN_OFF.match(line):
        return None
    line = _HEADING_PREFIX.sub("", line).strip("*_# ").rstrip(":").strip()
    if not line or _HEADING_TERMINAL.search(line) or len(line.split()) > 12:
        return None
    return line


def _line_key(line: str) -> str:
    return " ".join(line.split()).casefold()


def scaffold_of(template: str) -> frozenset[str]:
    """The template's own words in its marked sections that it fills from the record: each line with
    its placeholders taken out ("I am sorry, but we need more time, for the reason below.", "We are
    responsible for:"). A letter's section that says only these says nothing of the handler's own."""
    lines: set[str] = set()
    for section in parse_markers(template)[1]:
        if "{{" not in section.content:
            continue
        for line in section.content.splitlines():
            key = _line_key(_PLACEHOLDERS.sub(" ", line))
            if re.search(r"\w", key):
                lines.add(key)
    return frozenset(lines)


def _says_more_than(content: str, scaffold: frozenset[str]) -> bool:
    """Whether a marked section says something beyond blanks, bare lead-ins and its template's own
    words (``scaffold``)."""
    keys = [_line_key(line) for line in said_so_far(content).splitlines()]
    return any(re.search(r"\w", key) and key not in scaffold for key in keys)


def without_scaffold(text: str) -> str:
    """The letter as read for its wording: without unfilled placeholders, without lead-ins left with
    nothing after them in their section, and without headings that name an element over nothing. A
    template's bare scaffold ("What your complaint is about" / "Our understanding of your complaint
    is:" over a deleted blank) says nothing to the resident, though its words match the patterns."""
    kept: list[str] = []
    said_after = False  # walking up: something is said below, before the next named heading
    for line in reversed(_PLACEHOLDERS.sub(" ", text).splitlines()):
        words = line.strip()
        if not words:
            kept.append("")
            continue
        heading = _heading_text(words)
        if heading is not None and any(p.search(heading) for p in _HEADINGS.values()):
            if said_after:
                kept.append(line)
            said_after = False
            continue
        if _lead_in(words) and not said_after:
            continue
        kept.append(line)
        said_after = True
    return "\n".join(reversed(kept))


@dataclass(frozen=True)
class HeadingSection:
    heading: str
    content: str


def heading_sections(text: str) -> list[HeadingSection]:
    """Each heading and the blocks under it, up to the next heading that names an element (or a
    sign-off): so a short line under a heading ("Not upheld") stays part of its section."""
    found: list[HeadingSection] = []
    current: tuple[str, list[str]] | None = None
    for block in blocks(text):
        heading = _heading_text(block)
        ends = _SIGN_OFF.match(block.strip()) is not None
        named = heading is not None and any(p.search(heading) for p in _HEADINGS.values())
        if ends or named or (heading is not None and current is None):
            if current is not None:
                found.append(HeadingSection(current[0], "\n\n".join(current[1]).strip()))
            current = (heading, []) if heading is not None and not ends else None
            continue
        if current is not None:
            current[1].append(block)
    if current is not None:
        found.append(HeadingSection(current[0], "\n\n".join(current[1]).strip()))
    return found


# --- substance --------------------------------------------------------------------------------

#: elements whose content must do something checkable: a section that does not do it is missing
_HARD = {
    Element.COMPLAINT_STAGE.value,
    Element.ESCALATION_ROUTE.value,
    Element.OMBUDSMAN_ROUTE.value,
    Element.OMBUDSMAN_CONTACT_DETAILS.value,
    Element.RIGHT_TO_OMBUDSMAN.value,
    LetterElement.RESPONSE_DATE.value,
    Element.NEW_DEADLINE.value,
    LetterElement.REMEDY_BY_WHEN.value,
    LetterElement.ACTION_TIMESCALE.value,
    Element.UPDATE_INTERVAL.value,
    Element.RESTRICTION_REVIEW.value,
}
#: elements a heading names unambiguously ("Reasons for our decision"): content under it that is
#: about this complaint is the element, even without the wording the patterns look for
_READ_FROM_HEADING = {
    Element.REASONS.value,
    Element.COMPLAINT_DEFINITION.value,
    LetterElement.OUTCOMES_SOUGHT.value,
}
#: reasons for a refusal, an extension or a restriction: content that gives no reason word is
#: for a person to confirm
_REASON_ELEMENTS = {
    Element.EXCLUSION_REASONS.value,
    Element.EXTENSION_REASONS.value,
    Element.RESTRICTION_REASONS.value,
}
_BOILERPLATE = _p(
    r"\b(?:we|i) have (?:now )?(?:carefully |fully |thoroughly )?(?:considered|reviewed|looked at|taken into account"
    r"|investigated|assessed)\b.{0,60}\b(?:information|evidence|complaint|points|matters|concerns|everything|case)\b"
    r"|\bin (?:line|accordance) with (?:our|the) (?:\w+ )?(?:policy|policies|procedures?)\b"
    r"|\bwe take (?:all )?complaints (?:very )?seriously\b|\bthank you for\b|\bwe (?:value|appreciate) (?:your|you)\b"
    r"|\bafter careful consideration\b|\bhaving (?:carefully )?considered\b"
    r"|\bbased on (?:all )?the (?:information|evidence)(?: available| we have)?\b|\bour decision stands\b"
    r"|\bwe are satisfied that (?:we|our) (?:acted|followed)\b|\bfor the reasons? (?:given|set out|stated)\b"
)
#: the words that introduce reasons, not reasons themselves
_REASON_LEAD = _p(r"\b(?:made|reached|came to|come to|took|taken|make|reach)\b")
_REMEDY_OR_ROUTE = _p(r"\bremed|\bcompensation|£\s?\d|\bstage\s*(?:2|two)\b|\bombudsman\b|\bescalat")
_PLANNED = _p(r"\b(?:will|is booked|are booked|booked for|is due|are due|going to|plan to|arranged for)\b")
_NEGATED = _p(r"\b(?:do not|don't|never|cannot|can't|must not|should not)\b")
_DEFERRAL = _p(
    r"\bdecide later\b|\b(?:will|shall) (?:decide|make (?:a|our|the) decision|reach (?:a|our) decision"
    r"|let you know (?:our|the) (?:decision|outcome)|tell you (?:our|the) (?:decision|outcome)|give you (?:our|a) decision)"
    r"|\bnot (?:yet )?(?:made|reached|come to) (?:a|our|any) (?:decision|conclusion)\b|\byet to (?:decide|reach)\b"
    r"|\bnot yet decided\b|\bdecision (?:later|in due course|soon)\b|\bhave not decided\b"
)
_DECISION_IN_WORDS = _p(
    r"\bwe (?:accept|agree|acknowledge|recognise)(?: that)? (?:we|our|there|you|the|it|this)\b"
    r"|\bwe (?:got|have got) (?:this|it|things|some things) wrong\b|\bwe (?:were|are) (?:at fault|wrong)\b"
    r"|\bwe (?:did not|didn't) (?:do anything wrong|get this wrong|make a mistake|find (?:any )?fault)\b"
    r"|\bin your favour\b|\bno (?:fault|failings?|service failure)\b|\bservice failure\b|\bmaladministration\b"
    r"|\b(?:is|was) (?:not )?justified\b|\bwe (?:have )?found (?:no|some|a) (?:fault|failings?|failure)\b"
)
_APOLOGY = _p(
    r"\b(?:we|i) (?:sincerely |deeply |are truly )?(?:apologise|apologize|are sorry|am sorry)\b|\bour apolog"
)
_REMEDY_DONE = _p(
    r"\b(?:we have|has been|have been) (?:already )?(?:paid|credited|refunded|transferred|completed|repaired|fixed|replaced)\b"
)
_STOP_WORDS = """compla respon letter contac please thank happy unhapp servic stage ombuds decisi reason becaus would could
    should about which there their these those other after before being where while within workin sincer faithf
    regard inform furthe again still today yours housin counci associ writin wrote teleph number refere manage
    office invest review consid under policy proced people person think things thing know going making asked
    really every since first second letters emails called spoke spoken email phone contact"""
_STOP_STEMS = set(_STOP_WORDS.split())


def _stems(text: str) -> set[str]:
    return {w.lower()[:6] for w in re.findall(r"[A-Za-z]{5,}", _without_links(text))} - _STOP_STEMS


def _prose(text: str) -> list[str]:
    return [s for b in blocks(text) for s in split_sentences(b) if len(re.findall(r"[A-Za-z]+", s)) >= 3]


def _boilerplate_only(text: str) -> bool:
    sentences = _prose(text)
    return bool(sentences) and all(_BOILERPLATE.search(s) for s in sentences)


_EMPTY_TALK = _p(
    r"\bhave a (?:nice|good|great|lovely) (?:day|week|weekend)\b|\bbest wishes\b|\bkind regards\b|\bthank you\b"
    r"|\b(?:do not|don't) contact\b|\blorem ipsum\b|\bsee (?:above|below|attached)\b|\bas (?:above|discussed)\b"
    r"|^\W*(?:n/?a|tbc|tba|test|none|nothing|yes|no|ok)\W*$"
)


def _says_something(text: str) -> bool:
    """Content that can be the element a marker names: a sentence of five words or more that is not
    boilerplate, a pleasantry or an instruction not to contact anyone."""
    return any(
        len(re.findall(r"[A-Za-z£\d]+", s)) >= 5 and not _BOILERPLATE.search(s) and not _EMPTY_TALK.search(s)
        for s in _prose(text)
    )


def _related(section: str, rest: str) -> bool:
    """The section shares at least two topic words (stems of five letters or more, not letter
    boilerplate) with the rest of the letter: it is about this complaint."""
    return len(_stems(section) & _stems(rest)) >= 2


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: str | None = None
    note: str = ""
    #: for a response date: the day the letter promises it by, when the check could tell
    given: date | None = None


def _first_prose(text: str) -> str:
    sentences = _prose(text)
    if sentences:
        return sentences[0]
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class _Judge:
    """Everything one check needs besides the element: the letter, its stage, context and facts."""

    letter: _Letter
    stage: int
    edition: str
    contact: OmbudsmanContact
    expected: dict[str, frozenset[date]]
    wrong_details: tuple[WrongDetail, ...]
    #: the day the letter is issued (context ``issued_on``): a "within N working days" promise counts from it
    issued_on: date | None = None
    #: whether a day is one of the landlord's working days (context ``is_working_day``; Monday to
    #: Friday without it)
    working_day: Callable[[date], bool] = _weekdays
    #: the day the record says the complaint was received (context ``received_on``) and, at stage 2,
    #: the request to escalate it (``escalation_requested_on``): what "within 10 working days of
    #: receiving your complaint" counts from
    received_on: date | None = None
    escalation_requested_on: date | None = None

    def _receipt(self, words: str) -> date | None:
        """The day the words after "within N days of" say something was received (``_FROM_RECEIPT``):
        at stage 2 the request to escalate, ``None`` where they name the complaint and not the
        request: "of receiving your complaint" may be the complaint first made, or the request to
        escalate it, and the two end on different days (a person reads it)."""
        if self.stage < 2:
            return self.received_on
        if _THE_ESCALATION.search(words):
            # "your request to escalate your stage 1 complaint" is the request (helper-114)
            return self.escalation_requested_on
        if _THE_FIRST_COMPLAINT.search(words):
            return self.received_on
        return None if re.search(r"\bcomplain", words, re.IGNORECASE) else self.escalation_requested_on

    # -- what counts as the element in a piece of text -------------------------------------

    def _rule_hit(
        self,
        element: AnyElement,
        part: _Letter,
        *,
        skip: Skip | None = None,
    ) -> str | None:
        if element == Element.OMBUDSMAN_CONTACT_DETAILS:
            return _contact_details(part, self.contact)
        if element == Element.OMBUDSMAN_ROUTE:
            return _ombudsman_route(part, self.letter, self.contact)
        return next((f for f in (r.find(part, skip=skip) for r in _rules(element, self.stage)) if f), None)

    def _lead_in_only(self, element: AnyElement, part: _Letter) -> Verdict | None:
        """For the definition and the outcomes sought (2024 5.6), when their wording is found only in
        a lead-in followed straight away by another part of the letter: the check cannot tell that
        the element is there, so a person confirms it or writes it (never "present" on the lead-in's
        own words; never "missing", which would refuse a letter that may be right)."""
        lead_in = self._rule_hit(element, part)
        if lead_in is None:
            return None
        own = _rules(element, self.stage)[0].anchor
        for paragraph in part.paragraphs:
            if lead_in in paragraph:
                n = paragraph.index(lead_in)
                found = _lead_in_and_after(lead_in, paragraph[n + 1 :], own)
                if found is None:
                    return None
                head, following, _framed = found
                evidence = lead_in if following in lead_in else f"{lead_in} {following}"
                what = _LEAD_IN_WHAT[element.value]
                return Verdict(
                    CONFIRM,
                    evidence.strip(),
                    f"the words after {_first_words(head)!r} read as another part of the letter "
                    f"({_first_words(following)!r}). If they set out {what}, confirm them; if not, write "
                    f"{what} there and check the letter again",
                )
        return None

    def substance(self, element: AnyElement, text: str, *, source: str) -> Verdict:
        """Judge ``text`` (a marked section, a heading's section, or the whole letter) for ``element``.

        ``source`` is "marker", "heading" or "pattern"."""
        part = self.letter if source == "pattern" else _Letter.read(text)
        name = element.value
        ombudsman_wrong = name in (
            Element.OMBUDSMAN_CONTACT_DETAILS.value,
            Element.OMBUDSMAN_ROUTE.value,
            Element.RIGHT_TO_OMBUDSMAN.value,
        ) and bool(self.wrong_details)
        if ombudsman_wrong:
            w = self.wrong_details[0]
            return Verdict(WRONG, w.sentence, w.message())
        if element == Element.DECISION:
            return self._decision(part, text, source)
        if element == Element.REMEDY:
            return self._remedy(part, text, source)
        if element == Element.OUTSTANDING_ACTIONS:
            return self._outstanding(part, text, source)
        if name in _LEAD_IN_ELEMENTS:
            hit = self._rule_hit(element, part, skip=_lead_in_over_another_part(name))
            if hit is None:
                only = self._lead_in_only(element, part)
                if only is not None:
                    return only
        else:
            hit = self._rule_hit(element, part)
        if name in self.expected:
            return self._dated(element, part, hit)
        if element == Element.ESCALATION_ROUTE and not hit and source != "pattern":
            # the marker or heading says this is the route onward: the content must give a how
            hit = _first_sentence(
                part, lambda s: bool(_HOW_TO_ESCALATE.search(_without_links(s))) and not _NEGATED.search(s)
            )
        if element == Element.REASONS and hit and _BOILERPLATE.search(hit) and _boilerplate_only(text or hit):
            hit = None
        if element == Element.REASONS and hit and not _stems(_REASON_LEAD.sub(" ", hit)):
            # "because of our policy", "the reason is that this is our decision": a reason word with
            # no ground after it; a person confirms it is the reasons, or writes them
            return Verdict(
                CONFIRM,
                hit,
                "this gives no ground for the decision (what was found, and why): confirm or write it",
            )
        if hit:
            return Verdict(PRESENT, hit)
        if element == Element.REASONS and source == "pattern":
            after = self._after_decision()
            if after:
                return Verdict(
                    CONFIRM, after, "these may be the reasons (they follow the decision): confirm them"
                )
        return self._fallback(element, text, source)

    def _after_decision(self) -> str | None:
        """The first sentence of substance after the decision, in its paragraph or the next."""
        paragraphs = self.letter.paragraphs
        for index, paragraph in enumerate(paragraphs):
            for n, sentence in enumerate(paragraph):
                if not _DECISION.search(_without_links(sentence)):
                    continue
                following = list(paragraph[n + 1 :])
                if index + 1 < len(paragraphs) and index + 1 not in self.letter.headings:
                    following += list(paragraphs[index + 1])
                for candidate in following:
                    if _says_something(candidate) and not _REMEDY_OR_ROUTE.search(candidate):
                        return candidate
                return None
        return None

    def _fallback(self, element: AnyElement, text: str, source: str) -> Verdict:
        """No rule matched: what a section's content still tells us."""
        if source == "pattern" or not _prose(text):
            return Verdict(MISSING)
        first = _first_prose(text)
        if _boilerplate_only(text):
            return Verdict(
                MISSING, note=f"the section says nothing about this complaint, it is boilerplate: {first!r}"
            )
        if element.value in _HARD:
            return Verdict(
                MISSING,
                note=f"the section ({first!r}) does not do what the Code requires: {_HINTS[element.value]}",
            )
        if (
            source == "heading"
            and element.value in _LEAD_IN_ELEMENTS
            and all(_another_part(s, element.value) for s in _prose(text))
        ):
            # "What you would like us to do" over "We are responsible for the repair": the next part
            # of the letter moved up under the heading, not the element (2024 5.6)
            return Verdict(
                CONFIRM,
                first,
                f"the words under the heading read as another part of the letter ({_first_words(first)!r}). "
                f"If they set out {_LEAD_IN_WHAT[element.value]}, confirm them; if not, write "
                f"{_LEAD_IN_WHAT[element.value]} there and check the letter again",
            )
        rest = self.letter.text.replace(text, " ")
        if source == "heading" and element.value in _READ_FROM_HEADING and _related(text, rest):
            return Verdict(PRESENT, first, "read from the heading and the content under it")
        if source == "marker" and _says_something(text):
            if element.value in _REASON_ELEMENTS:
                return Verdict(
                    CONFIRM, first, "the marked section gives no reason the check can see: confirm it"
                )
            return Verdict(PRESENT, first, "read from the marked section")
        return Verdict(
            CONFIRM,
            first,
            "the section has content, but the check cannot tell that it does what the Code requires",
        )

    def _decision(self, part: _Letter, text: str, source: str) -> Verdict:
        sentences = [s for p in part.paragraphs for s in p]
        for sentence in sentences:
            words = _without_links(sentence)
            if _DEFERRAL.search(words):
                if source != "pattern":
                    return Verdict(MISSING, note=f"{sentence!r} puts the decision off: state the outcome")
                continue
        hit = self._rule_hit(Element.DECISION, part)
        if hit:
            return Verdict(PRESENT, hit)
        for paragraph in part.paragraphs:
            for sentence in paragraph:
                if _DECISION_IN_WORDS.search(sentence) and not _DEFERRAL.search(sentence):
                    if source != "pattern":
                        return Verdict(PRESENT, sentence, "a decision in words under its marker or heading")
                    return Verdict(CONFIRM, sentence, "a decision in words: confirm it states the outcome")
        if source != "pattern" and _prose(text):
            return Verdict(
                CONFIRM, _first_prose(text), "the section does not say upheld, partly upheld or not upheld"
            )
        return Verdict(MISSING)

    def _remedy(self, part: _Letter, text: str, source: str) -> Verdict:
        sentences = [(i, s) for i, p in enumerate(part.paragraphs) for s in p]
        for _, sentence in sentences:
            if _NO_REMEDY.search(sentence) or (source != "pattern" and _BARE_NONE.search(sentence)):
                # the response form asks for "None" where no remedy is offered: the letter it filled
                # was refused for saying so, and discarding it lost what was typed (browser walk)
                return Verdict(PRESENT, sentence)
        hit = self._rule_hit(Element.REMEDY, part)
        if hit:
            scope = (
                text if source != "pattern" else next((" ".join(p) for p in part.paragraphs if hit in p), hit)
            )
            if (
                _date_or_within(scope)
                or _REMEDY_DONE.search(scope)
                or _p(r"\bimmediately\b|\btoday\b").search(scope)
                or self._when_anywhere(_PAY_OR_DO)
            ):
                return Verdict(PRESENT, hit)
            number = "7.3" if self.edition == "2024" else "6.5"
            return Verdict(
                CONFIRM,
                hit,
                f"the remedy does not seem to say by when ({self.edition} {number}: what will happen and by when)",
            )
        apology = next((s for _, s in sentences if _APOLOGY.search(s)), None)
        if apology:
            return Verdict(
                CONFIRM, apology, "an apology is a remedy (7.1) when it is for what went wrong: confirm"
            )
        return self._fallback(Element.REMEDY, text, source)

    def _outstanding(self, part: _Letter, text: str, source: str) -> Verdict:
        for paragraph in part.paragraphs:
            for sentence in paragraph:
                if _NONE_OUTSTANDING.search(sentence) or (
                    source != "pattern" and _BARE_NONE.search(sentence)
                ):
                    return Verdict(PRESENT, sentence)
        hit = self._rule_hit(Element.OUTSTANDING_ACTIONS, part)
        scope = text if source != "pattern" else next((" ".join(p) for p in part.paragraphs if hit in p), "")
        if source != "pattern" and not hit and _prose(text) and _ACTION_WORDS.search(text):
            hit = _first_prose(text)
        if not hit:
            planned = _first_sentence(
                part,
                lambda s: (
                    bool(_PLANNED.search(_without_links(s)))
                    and bool(_ACTION_WORDS.search(s))
                    and _date_or_within(s)
                ),
            )
            if planned:
                return Verdict(CONFIRM, planned, "this reads as work still to do, with a date: confirm it")
            asked = _first_sentence(
                part, lambda s: bool(_OUTSTANDING.search(_without_links(s))) and _no_action_set_out(s)
            )
            if asked:
                # never refused for it: the letter may set the actions out in words the check does not read
                return Verdict(
                    CONFIRM,
                    asked,
                    "this asks the resident to tell you of anything left rather than setting out the "
                    "outstanding actions: confirm they are set out",
                )
        if hit:
            if _date_or_within(scope) or self._when_anywhere(_ACTION_WORDS):
                return Verdict(PRESENT, hit)
            return Verdict(CONFIRM, hit, "say when the outstanding actions will be done")
        return self._fallback(Element.OUTSTANDING_ACTIONS, text, source)

    def _when_anywhere(self, doing: re.Pattern[str]) -> bool:
        """A sentence anywhere in the letter that says when something will be done."""
        return any(
            bool(doing.search(sentence)) and _date_or_within(sentence)
            for paragraph in self.letter.paragraphs
            for sentence in paragraph
        )

    def _dated(self, element: AnyElement, part: _Letter, hit: str | None) -> Verdict:
        wanted = self.expected[element.value]
        if not wanted:
            if hit:
                return Verdict(PRESENT, hit)
            unsure = self._in_ordinary_words(element, part, wanted)
            return unsure if unsure is not None else Verdict(MISSING)
        rules = _rules(element, self.stage)
        seen: list[str] = []
        refused: list[Verdict] = []
        promises: list[Verdict] = []
        for index, paragraph in enumerate(part.paragraphs):
            if index in part.headings:
                continue
            for sentence in paragraph:
                single = _Letter(text=sentence, paragraphs=((sentence,),))
                if not any(rule.find(single) for rule in rules):
                    continue
                if element == LetterElement.RESPONSE_DATE:
                    judged = self._response_promise(sentence, wanted)
                    if judged is None:
                        continue
                    (promises if judged.status == PRESENT else refused).append(judged)
                    continue
                dates = find_dates(sentence)
                matched = [w for w in wanted if any(d.same(w) for d in dates)]
                if matched:
                    # every sentence giving the response a date is read, not the first that keeps
                    # the record's: "We will now send you our response by 5 January" beside "our
                    # response may in fact take until 20 January" passed on the first, and the
                    # record held a date sooner than the resident was told (browser walk)
                    later = self._later_for_the_response(
                        self._response_sentences(element, part), max(matched)
                    )
                    return later if later is not None else Verdict(PRESENT, sentence)
                if dates:
                    seen.append(sentence)
        if promises:
            # of several sentences promising the response, the soonest date: the resident holds the
            # landlord to the earliest they were given. The first was kept, so "We will contact you by
            # 14 March about the fan. We will send you our full response by 7 March" kept 14 March, a
            # week later than the resident was told (helper-103)
            # no sentence is passed over for its words: helper-108 found every filter tried left out
            # a sooner promise of the response ("Please expect our reply by 5 March", "our response
            # about the repairs by 5 March") and kept a later date. A date flagged early ("You asked
            # for a reply by 28 February" beside it) is read by a person; a later one would hide it
            soonest = min(promises, key=lambda v: v.given or date.max)
            sooner = self._refused_sooner(refused, soonest.given, wanted)
            if sooner is not None:
                return sooner
            # and a later one than the record allows, in any words ("our response may take until
            # ..."): the resident was told it too, so it is not passed over for the sentence that
            # keeps the record's date (browser walk)
            later = self._later_for_the_response([v.evidence or "" for v in refused], max(wanted))
            if later is not None:
                return later
            if not any(self._promises_the_response(v) for v in promises):
                # no sentence whose date is the landlord's promise of its response: "Please reply by 5
                # March if our summary is wrong", "We will contact you by 5 March to book the repair"
                # passed as the response date, and an acknowledgement giving none was issued
                # (helper-109; so before this session too). A person reads it
                return replace(
                    soonest,
                    status=CONFIRM,
                    note="this date may not be when the response comes (it reads as the resident's to "
                    "do, or the work's): confirm it is, or give the date (\u201cWe will send you our "
                    "response by ...\u201d)",
                )
            return soonest
        if refused:
            return refused[0]
        if seen:
            ranged = element in (LetterElement.RESPONSE_DATE, Element.NEW_DEADLINE) and len(wanted) > 3
            return Verdict(WRONG, seen[0], _why_not_given(seen[0], wanted, ranged=ranged))
        unsure = self._in_ordinary_words(element, part, wanted)
        if unsure is not None:
            return unsure
        if hit and element == LetterElement.RESPONSE_DATE:
            # the response's words with a date, in no sentence that promises a day the check can count:
            # "We are sorry we did not respond to your email of 28 February" passed as the response
            # date, and an acknowledgement giving none was issued (helper-105). A person reads it
            return Verdict(
                CONFIRM,
                hit,
                "the check cannot tell what day this sentence promises the response by: confirm it tells "
                "the resident when the response comes, or give the date (\u201cWe will send you our "
                "response by ...\u201d)",
            )
        return Verdict(PRESENT, hit) if hit else Verdict(MISSING)

    def _response_sentences(self, element: AnyElement, part: _Letter) -> list[str]:
        """The sentences of ``part`` (not its headings) that the element's rules read as giving a
        date for it."""
        rules = _rules(element, self.stage)
        return [
            sentence
            for index, paragraph in enumerate(part.paragraphs)
            if index not in part.headings
            for sentence in paragraph
            if any(rule.find(_Letter(text=sentence, paragraphs=((sentence,),))) for rule in rules)
        ]

    def _days_for_the_response(self, sentence: str, near: date) -> list[date]:
        """Every day ``sentence`` gives the landlord's response by, in any words: a date whose own
        clause names the response, or that "by" leads to in a sentence naming it
        (``_response_clause``), however hedged ("may take until", "could be as late as", "at the
        latest", "up to"), and the end of a "within N days" the landlord gives it. Not a date it
        refuses in its own words ("We will not respond by 20 December"), the day a count starts
        from, the resident's words, a request of them or the work's arranging."""
        counted = (
            promised_within(sentence, self.issued_on, self.working_day, self._receipt)
            if self.issued_on is not None and _names_the_response(sentence)
            else None
        )
        anchor = counted.anchor if counted is not None else None
        named = _names_the_response(sentence)
        theirs = [
            d
            for d in _promise_dates(sentence, near)
            if d.at != anchor
            and _response_clause(_clause(sentence, d), by=d.by and named)
            and not _refuses_it(sentence, d.at)
        ]
        days = _days_of(theirs, near)
        within = _WITHIN_COUNT.search(sentence)
        if counted is not None and not (within is not None and _refuses_it(sentence, within.start())):
            days.append(counted.ends)
        return days

    def _later_for_the_response(self, sentences: Iterable[str], last: date) -> Verdict | None:
        """The first of ``sentences`` that gives the response a day after ``last`` (the latest
        the record holds for it), for a person to confirm: a resident told "by 5 January" and "it may take until 20
        January" was told both, and a record holding 5 January looks better than what they were told
        (2024 6.3, 6.5, 6.14: the response, and a new deadline, are the record's)."""
        near = self.issued_on or last
        for sentence in sentences:
            later = [day for day in self._days_for_the_response(sentence, near) if day > last]
            if later:
                # a person reads it: the date may be for something else the sentence names (a repair
                # after the response, another enquiry), which the check cannot always tell (helper-137)
                return Verdict(
                    CONFIRM,
                    sentence,
                    f"this sentence gives a later date ({max(later):%-d %B %Y}) than the record holds for the "
                    f"response ({last:%-d %B %Y}). If it is for the response, even as what it may take, the "
                    "resident holds you to it: give the one date, the record's. Confirm only if it is for "
                    "something else",
                )
        return None

    def _promises_the_response(self, verdict: Verdict) -> bool:
        """Whether a passing response-date sentence gives its date as the landlord's promise of its
        response (``_response_clause``), by a date its own clause, or "by" in a sentence naming the
        response, ties to it."""
        sentence = verdict.evidence or ""
        if _response_clause(sentence):  # "We will respond between 10 and 14 March", "within 10 working days"
            return True
        named = _names_the_response(sentence)
        return any(
            _response_clause(_clause(sentence, d), by=d.by and named)
            for d in _promise_dates(sentence, self.issued_on)
        )

    def _refused_sooner(
        self, refused: list[Verdict], given: date | None, wanted: frozenset[date]
    ) -> Verdict | None:
        """Of the response-date sentences the check refused, one promising the response by a day from
        the letter's own up to ``given`` (a Saturday, a weekday that is not the date's: "by Saturday 1
        March" beside "We will write to you by 7 March"), or by a day that does not exist ("by
        Friday 29 February 2025"). The resident holds the landlord to it, so the letter must put it
        right; and for a text already sent it is the promise kept. Passing on the other sentence kept
        7 March, later than the resident was told (helper-105). Only a date whose own clause names
        the response counts (``_response_clause``): not a visit's, another party's, the resident's
        words or a leaflet's (helper-107, helper-108). A refused date after ``given`` (an escalation
        deadline, a later date the limit does not allow) does not block a sentence that passes."""
        if given is None:
            return None
        first = self.issued_on or min(wanted)
        for verdict in refused:
            sentence = verdict.evidence or ""
            named = _names_the_response(sentence)
            theirs = [
                d
                for d in _promise_dates(sentence, first)
                if _response_clause(_clause(sentence, d), by=d.by and named)
                and not _refuses_it(sentence, d.at)
            ]
            if any(d.as_date(first) is None for d in theirs):
                return verdict
            if any(first <= day <= given for day in _days_of(theirs, first)):
                return verdict
        return None

    def _in_ordinary_words(
        self, element: AnyElement, part: _Letter, wanted: frozenset[date]
    ) -> Verdict | None:
        """For a letter with no sentence the named-response rule passes or refuses: of the sentences
        promising the response in ordinary words (``_ORDINARY_RESPONSE_WORDS``) with a date the record
        allows (any date, with no record to compare), the soonest, for a person to confirm it is the
        response's; ``None`` if none does (a date the record does not allow is not read as a promise
        the letter makes), or if another sentence names the response with no such date ("We'll get
        back to you on Friday"): the ordinary words may then promise something else, later."""
        if element != LetterElement.RESPONSE_DATE:
            return None
        sentences = [
            s for i, paragraph in enumerate(part.paragraphs) if i not in part.headings for s in paragraph
        ]
        found: list[Verdict] = []
        for sentence in sentences:
            if not _ORDINARY_RESPONSE_WORDS.search(sentence):
                continue
            judged = self._response_promise(sentence, wanted) if wanted else None
            if (judged is not None and judged.status == PRESENT) or (not wanted and find_dates(sentence)):
                found.append(
                    Verdict(
                        CONFIRM,
                        sentence,
                        "this may say when the response comes, in words other than its name: confirm it "
                        "does (not a visit, a call or another letter), or say so plainly "
                        "(\u201cWe will send you our response by ...\u201d)",
                        given=judged.given if judged is not None else None,
                    )
                )
        candidates = {v.evidence for v in found}
        if not found or any(_NAMES_THE_RESPONSE.search(s) for s in sentences if s not in candidates):
            # "We'll get back to you on Friday. We will let you know by 14 March": read as the response's,
            # 14 March was a week later than the Friday the resident read (helper-105)
            return None
        # of several, the soonest (helper-105: the first was taken)
        return min(found, key=lambda v: v.given or date.max)

    def _named_day(self, found: _FoundDate, wanted: frozenset[date]) -> date | None:
        """The day ``found`` names, its year the nearest the letter's day if it gives none; ``None``
        if it names a weekday the day is not."""
        when = found.as_date(self.issued_on or min(wanted))
        if when is None or (found.weekday is not None and found.weekday != when.weekday()):
            return None
        return when

    def _week_ends(self, found: _FoundDate, wanted: frozenset[date]) -> date | None:
        """For "in the week beginning 17 March": the last of the landlord's working days in the seven
        days from it, the day a resident reads as the latest the promise allows."""
        when = self._named_day(found, wanted)
        if when is None:
            return None
        days = [when + timedelta(days=n) for n in range(7)]
        return max((d for d in days if self.working_day(d)), default=None)

    def _allowed(self, found: _FoundDate, wanted: frozenset[date]) -> date | None:
        """The allowed day ``found`` promises: itself, for "before 22 December" the day before (a
        resident reads it as "by 21 December"), for "in the week beginning 17 March" the last working
        day of that week."""
        if found.week:
            last = self._week_ends(found, wanted)
            return last if last is not None and last in wanted else None
        if not found.before:
            return next((w for w in wanted if found.same(w)), None)
        # "before 12 March" is not "by 12 March", even when 12 March may be given: read as the date
        # itself, the record kept to a promise one day later than the resident was given
        when = self._named_day(found, wanted)
        if when is None:
            return None
        eve = when - timedelta(days=1)
        earlier = [w for w in wanted if w <= eve]
        return max(earlier) if earlier and eve <= max(wanted) else None

    def _response_promise(self, sentence: str, wanted: frozenset[date]) -> Verdict | None:
        """A response-date sentence judged: every date it promises must be one the record allows
        (dates before the letter's day that no "by" leads to, and the day a "within N working days
        of" counts from, are what it refers to, not what it promises); with no date, a "within N
        ..." or "by the end of ..." promise must end by the last allowed day. ``None`` when it
        promises nothing the check can count (left to the element's wording)."""
        last = max(wanted)
        counted = (
            promised_within(sentence, self.issued_on, self.working_day, self._receipt)
            if self.issued_on
            else None
        )
        anchor = counted.anchor if counted is not None else None
        promised = [d for d in _promise_dates(sentence, self.issued_on) if d.at != anchor]
        within = _WITHIN_COUNT.search(sentence)
        first = promised[0].at if promised else within.start() if within is not None else None
        if first is not None and _refuses_it(sentence, first):
            # "We will not send you our full response by 18 December. It will be sometime in February"
            # passed, quoting the sentence that says the response will not come then (browser walk)
            return Verdict(
                WRONG,
                sentence,
                "this sentence says when the response will not come: give the date it will come by, up "
                f"to {last:%-d %B %Y} (\u201cWe will send you our response by ...\u201d)",
            )
        if promised:
            allowed = [self._allowed(d, wanted) for d in promised]
            if all(allowed):
                by = [a for a, d in zip(allowed, promised, strict=True) if a and (d.by or d.week)]
                responses = _the_responses(sentence, promised)
                by = [a for a, d in zip(allowed, promised, strict=True) if a and d in responses]
                given = min(by) if by else max(a for a in allowed if a)
                if (
                    counted is not None
                    and self.issued_on is not None
                    and self.issued_on <= counted.ends < given
                ):
                    # "within 10 working days of receiving your complaint, which means by 17 March":
                    # the sooner of the two, as the resident holds the landlord to it (helper-112)
                    given = counted.ends
                return Verdict(PRESENT, sentence, given=given)
            failing = next(d for d, a in zip(promised, allowed, strict=True) if a is None)
            week_ends = self._week_ends(failing, wanted) if failing.week else None
            if week_ends is not None and week_ends > last:
                return Verdict(
                    WRONG,
                    sentence,
                    f"the letter promises the response in a week that runs to {week_ends:%-d %B %Y}, later than "
                    f"the Code allows: the response must come by {last:%-d %B %Y}. Give a working day up to then",
                )
            return Verdict(
                WRONG, sentence, _why_not_given(sentence, wanted, ranged=len(wanted) > 3, found=failing)
            )
        if counted is None:
            return None
        if self.issued_on is not None and counted.ends < self.issued_on:
            # "within 10 working days of receiving your complaint" in a letter sent 12 working days
            # after it: a promise already broken when the resident reads it
            return Verdict(
                WRONG,
                sentence,
                f"\u201c{counted.words}\u201d, counted from the day it names, ended on {counted.ends:%-d %B %Y}, "
                f"before this letter: give the date the response will come, up to {last:%-d %B %Y}",
            )
        if counted.ends <= last:
            return Verdict(PRESENT, sentence, given=counted.ends)
        ends = (
            "after the longest time the letter may give"
            if counted.ends == date.max
            else (f"on {counted.ends:%-d %B %Y}")
        )
        return Verdict(
            WRONG,
            sentence,
            f"the letter promises the response later than the Code allows: \u201c{counted.words}\u201d "
            f"ends {ends}, but the response must come by {last:%-d %B %Y}. Give a working day up to then, "
            "or a promise that ends by then",
        )


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _why_not_given(
    sentence: str, wanted: frozenset[date], *, ranged: bool, found: _FoundDate | None = None
) -> str:
    """Why the date ``sentence`` gives (``found``, or the first it gives) is not one of ``wanted``,
    in words that say what to give; ``ranged``: ``wanted`` is every working day in a span (a
    response or new date), not a list of the record's own dates (remedies)."""
    first, last = min(wanted), max(wanted)
    found = found or find_dates(sentence)[0]
    for day in sorted(wanted):
        if found.same_day(day):
            return (
                f"the letter gives {_WEEKDAY_NAMES[found.weekday or 0]} {day:%-d %B %Y}, but "
                f"{day:%-d %B %Y} is a {_WEEKDAY_NAMES[day.weekday()]}"
            )
    if not ranged:
        given = ", ".join(f"{w:%-d %B %Y}" for w in sorted(wanted))
        return f"the letter gives a different date from the record ({given})"
    # a range of working days: an extension's new date (after the date now due), or the date an
    # acknowledgement promises the response (the Code's limit or sooner)
    when = found.as_date(first)
    why = (
        f"{when:%-d %B %Y} is after {last:%-d %B %Y}, the latest it can be"
        if when is not None and when > last
        else f"{when:%-d %B %Y} is before {first:%-d %B %Y}, the earliest it can be"
        if when is not None and when < first
        else f"{when:%-d %B %Y} is not a working day (a weekend, bank holiday or closure day)"
        if when is not None
        else "that is no date"
    )
    return (
        f"the letter gives a date the record cannot hold: {why}. Give any working day from "
        f"{first:%-d %B %Y} to {last:%-d %B %Y}"
    )


def _contact_details(letter: _Letter, contact: OmbudsmanContact) -> str | None:
    for paragraph in letter.paragraphs:
        for sentence in paragraph:
            if contact.find(sentence):
                return sentence
    # a detail broken across sentences (e.g. the address on several lines)
    for paragraph in letter.paragraphs:
        if contact.find(" ".join(paragraph)):
            return " ".join(paragraph)
    return None


def _ombudsman_route(part: _Letter, whole: _Letter, contact: OmbudsmanContact) -> str | None:
    """A sentence telling the resident they can take the complaint to the Ombudsman, in a letter
    that gives a way to reach the Ombudsman (a configured contact detail anywhere in it)."""
    if not contact.find(whole.text):
        return None
    for index, paragraph in enumerate(part.paragraphs):
        if index in part.headings:
            continue
        for sentence in paragraph:
            words = _without_links(sentence)
            if _OMBUDSMAN.search(words) and _OMBUDSMAN_ROUTE_VERB.search(words):
                return sentence
    return None


# --- the check -------------------------------------------------------------------------------


def _as_date(value: Any, key: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"context {key!r} must be a date or YYYY-MM-DD, not {value!r}")


def _marker_matches(
    token: MarkerToken, requirement: LetterRequirement, edition: str, required: tuple[LetterRequirement, ...]
) -> bool:
    if token.edition and token.edition != edition:
        return False
    number = requirement.provision.split(" ", 1)[1]
    if token.element:
        return token.element == requirement.element.value and (token.number is None or token.number == number)
    sharing = [r for r in required if r.provision.split(" ", 1)[1] == token.number]
    return token.number == number and len(sharing) == 1


def _marker_warnings(
    sections: list[MarkedSection], edition: str, required: tuple[LetterRequirement, ...]
) -> list[str]:
    warnings: list[str] = []
    for section in sections:
        for token in section.tokens:
            if token.edition and token.edition != edition:
                warnings.append(
                    f"marker [{token}] is for the {token.edition} Code; this letter is checked against {edition}"
                )
                continue
            if any(_marker_matches(token, r, edition, required) for r in required):
                continue
            sharing = [r for r in required if r.provision.split(" ", 1)[1] == token.number]
            if token.element is None and len(sharing) > 1:
                names = ", ".join(r.element.value for r in sharing)
                warnings.append(
                    f"marker [{token}] covers {len(sharing)} elements here ({names}): name the element, "
                    f"e.g. [{token.number} {sharing[0].element.value}]"
                )
            else:
                warnings.append(f"marker [{token}] is not an element this letter kind requires")
    return warnings


def _requirements_or_none(
    kind: LetterKind | str, edition: str, stage: int | None, third_stage: bool
) -> tuple[LetterRequirement, ...]:
    """What a ``kind`` letter must contain under ``edition``, or nothing where the edition has no such
    letter (at that stage)."""
    for at in (stage, None):
        try:
            return required_elements(kind, edition, stage=at, third_stage=third_stage and edition == "2022")
        except (KindNotInEdition, ValueError):
            continue
    return ()


def markers_for_edition(
    text: str,
    kind: LetterKind | str,
    edition: str,
    *,
    stage: int | None = None,
    third_stage: bool = False,
) -> str:
    """``text`` (a template) with its markers read in the letter's own edition. A landlord has one
    template a kind for complaints under either Code, and the defaults' markers are the 2024 Code's
    numbers (``[6.2]``, ``[5.6 complaint_definition]``, ``[5.7]``): a 2022 complaint's letter carried
    them, and its check warned of four markers "not an element this letter kind requires" that staff
    could do nothing about. A marker that names nothing under ``edition`` but names an element under
    the other edition becomes that element's name (``[complaint_stage]``, which holds in either
    edition) where ``edition`` requires the element too, and is taken out where it does not (the 2022
    Code has no 5.7): its heading stays, as a heading, and its words stay, unmarked. A marker naming
    nothing in either edition, or naming its edition (``[2024 5.7]``), is left for the check to warn
    of. ``stage`` and ``third_stage`` are as :func:`check_letter`'s context gives them."""
    required = _requirements_or_none(kind, edition, stage, third_stage)
    others = [(e, _requirements_or_none(kind, e, stage, third_stage)) for e in EDITIONS if e != edition]
    out: list[str] = []
    for line in text.split("\n"):
        match = _MARKER_LINE.match(line)
        tokens = None if match is None or match.group("close") else _parse_tokens(match.group("tokens"))
        if match is None or not tokens:
            out.append(line)
            continue
        kept: list[MarkerToken] = []
        changed = False
        for token in tokens:
            if token.edition or any(_marker_matches(token, r, edition, required) for r in required):
                kept.append(token)
                continue
            named = next(
                (r for other, listed in others for r in listed if _marker_matches(token, r, other, listed)),
                None,
            )
            if named is None:
                kept.append(token)
                continue
            changed = True
            if any(r.element == named.element for r in required):
                element = MarkerToken(None, None, named.element.value)
                if element not in kept:
                    kept.append(element)
        if not changed:
            out.append(line)
            continue
        heading = match.group("heading").strip()
        if kept:
            out.append(f"[{', '.join(str(t) for t in kept)}]" + (f" {heading}" if heading else ""))
        else:
            # the section ends here; its heading is printed as the marker's was, its words unmarked
            out.extend(["[/]", "", f"# {heading}", ""] if heading else ["[/]"])
    return "\n".join(out)


def _dates(value: Any, key: str) -> frozenset[date]:
    if value is None:
        return frozenset()
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return frozenset(d for d in (_as_date(v, key) for v in values) if d is not None)


def check_letter(
    text: str,
    kind: LetterKind | str,
    edition: str = "2024",
    context: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check ``text`` against what the Code requires of a ``kind`` letter under ``edition``.

    ``context`` (all optional): ``stage`` (for an extension notice: 1 or 2, default 1),
    ``third_stage`` (2022: the landlord has a third stage), ``response_due``, ``new_deadline`` and
    ``remedy_due`` (a date, or for remedies a list of dates, the record holds: a date the letter
    gives for the element must be one of them), ``ombudsman`` (an :class:`OmbudsmanContact`;
    default: the configured details), ``scaffold`` (:func:`scaffold_of` the letter's template: a
    marked section saying only its template's own words is empty), ``issued_on`` (the day the letter
    is issued: an acknowledgement's "within N working days" must end by the last ``response_due``
    date, and no day the letter says something happened may be after it), ``received_on`` (the day
    the record says the complaint was received: a stage 1 letter may not say it was received later,
    :mod:`putright.letters.contact_dates`; and what "within 10 working days of receiving your
    complaint" counts from), ``escalation_requested_on`` (the day the request to escalate was
    received: what a stage 2 letter's "of receiving your request" counts from), ``is_working_day``
    (the landlord's calendar). Raises
    ``UnknownLetterKind``, ``UnknownEdition``, ``KindNotInEdition`` or ``ValueError`` for bad input.

    Each element is judged from, in order: a marked section naming it (authoritative); a heading
    that names it, with the content under it; the letter's wording. See the module docstring.
    """
    chosen = parse_kind(kind)
    context = dict(context or {})
    unknown = sorted(set(context) - set(CONTEXT_KEYS))
    if unknown:
        raise ValueError(f"unknown context key(s) {', '.join(unknown)}: use {', '.join(CONTEXT_KEYS)}")
    stage_value = context.get("stage")
    stage = int(stage_value) if stage_value is not None else None
    required = required_elements(chosen, edition, stage=stage, third_stage=bool(context.get("third_stage")))
    at = kind_stage(chosen) or stage or 1
    contact = context.get("ombudsman") or ombudsman_contact()
    if not isinstance(contact, OmbudsmanContact):
        raise ValueError("context 'ombudsman' must be an OmbudsmanContact")
    expected = {
        LetterElement.RESPONSE_DATE.value: _dates(context.get("response_due"), "response_due"),
        Element.NEW_DEADLINE.value: _dates(context.get("new_deadline"), "new_deadline"),
        LetterElement.REMEDY_BY_WHEN.value: _dates(context.get("remedy_due"), "remedy_due"),
    }

    clean, sections = parse_markers(text)
    letter = _Letter.read(without_scaffold(clean))
    scaffold = frozenset(context.get("scaffold") or ())
    judge = _Judge(
        letter=letter,
        stage=at,
        edition=edition,
        contact=contact,
        expected=expected,
        wrong_details=tuple(wrong_ombudsman_details(clean, contact)),
        issued_on=_as_date(context.get("issued_on"), "issued_on"),
        working_day=context.get("is_working_day") or _weekdays,
        received_on=_as_date(context.get("received_on"), "received_on"),
        escalation_requested_on=_as_date(context.get("escalation_requested_on"), "escalation_requested_on"),
    )
    headed = heading_sections(clean)
    results: list[ElementResult] = []
    for requirement in required:
        base = dict(
            element=requirement.element.value,
            label=requirement.label,
            provision=requirement.provision,
            requirement=requirement.requirement,
        )
        name = requirement.element.value
        marked = [
            s for s in sections if any(_marker_matches(t, requirement, edition, required) for t in s.tokens)
        ]
        verdict: Verdict | None = None
        method = "marker"
        # the verdict that the element's section or heading says nothing, and the blanks it holds
        empty: tuple[Verdict | None, tuple[str, ...]] = (None, ())
        if marked:
            filled = next((s for s in marked if _says_more_than(s.content, scaffold)), None)
            if filled is None:
                verdict = Verdict(
                    MISSING,
                    note=f"the marked section for {requirement.provision} is empty or only placeholders",
                )
                empty = (verdict, tuple(b for s in marked for b in blanks_left(s.content)))
            else:
                verdict = judge.substance(requirement.element, filled.said, source="marker")
        if verdict is None:
            pattern = _HEADINGS.get(name)
            for section in headed:
                if pattern is None or not pattern.search(section.heading):
                    continue
                if not re.search(r"\w", said_so_far(section.content)):
                    verdict, method = (
                        Verdict(MISSING, note=f"the heading {section.heading!r} has nothing under it"),
                        "heading",
                    )
                    empty = (verdict, tuple(blanks_left(section.content)))
                    continue
                found = judge.substance(requirement.element, section.content, source="heading")
                if found.status == PRESENT or found.status == WRONG:
                    verdict, method = found, "heading"
                    break
                if verdict is None or verdict.status == MISSING:
                    verdict, method = found, "heading"
            if verdict is not None and verdict.status != PRESENT and verdict.status != WRONG:
                from_wording = judge.substance(requirement.element, clean, source="pattern")
                if from_wording.status in (PRESENT, WRONG) or (
                    # a 5.6 lead-in over another part: the wording says "confirm", never less
                    # (and its note names the words in question, where the heading's says only that
                    # it cannot tell)
                    name in _LEAD_IN_ELEMENTS
                    and verdict.status in (MISSING, CONFIRM)
                    and from_wording.status == CONFIRM
                ):
                    verdict, method = from_wording, "pattern"
        if verdict is None:
            verdict, method = judge.substance(requirement.element, clean, source="pattern"), "pattern"
        note = verdict.note or ("" if verdict.status == PRESENT else _HINTS.get(name, ""))
        results.append(
            ElementResult(
                **base,
                present=verdict.status == PRESENT,
                status=verdict.status,
                evidence=_evidence(verdict.evidence) if verdict.evidence else None,
                method=method if verdict.evidence else None,
                note=note,
                # a date for a person to confirm is the letter's once confirmed (``with_confirmations``)
                given=verdict.given if verdict.status in (PRESENT, CONFIRM) else None,
                blanks=empty[1] if verdict is empty[0] else (),
            )
        )
    dates, date_warnings = wrong_dates(
        clean,
        issued_on=judge.issued_on,
        received_on=judge.received_on,
        edition=edition,
        # a kind's own stage, or the one given (an extension notice): a keeping-informed update or a
        # remedy offer may be at stage 2, where "we received your complaint" may be the escalation
        stage=kind_stage(chosen) or stage or 0,
        sentences=[s for paragraph in letter.paragraphs for s in paragraph],
    )
    return CheckResult(
        kind=chosen.value,
        edition=edition,
        elements=tuple(results),
        readability=readability(clean),
        warnings=(*_marker_warnings(sections, edition, required), *date_warnings),
        wrong_details=judge.wrong_details,
        wrong_dates=dates,
    )


def check_file(
    path: str | Path,
    kind: LetterKind | str,
    edition: str = "2024",
    context: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Extract the text of a ``.txt``/``.md``/``.html``/``.docx`` letter and check it."""
    from putright.letters.extract import extract_text

    return check_letter(extract_text(path), kind, edition, context)
