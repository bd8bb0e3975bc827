"""The Code check every letter must pass before it is issued. Pure Python: no Django.

:func:`check_letter` takes the letter as plain text (see :mod:`putright.letters.extract` for files)
and, for each element the Code requires of that kind of letter
(:func:`putright.code.letters.required_elements`), says whether it is present, the provision, the
requirement in the Code's words, and the evidence: the sentence that satisfied it. A letter
``can_issue`` only when every element is present. Plain-language figures
(:mod:`putright.letters.readability`) are reported alongside and never block.

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
  ``[add ...]``, ``[TBC]``, ``<<...>>``, runs of ``___``). A marked section is authoritative: if it is
  empty the element is missing even when wording elsewhere would match.
* a provision number that several required elements share (2024 5.6 for the definition and the
  outcomes sought; every item of 2022 5.8, which is bulleted, not lettered) does not mark any of
  them: name the element. Markers the letter kind does not require are reported as warnings.

Pattern detection (plain letters)
---------------------------------
Without markers, each element is recognised by patterns on sentences (case-insensitive); some
need a second pattern in the same paragraph. A block ending in a colon is read with the block
after it (a lead-in and its list). The patterns, in brief (see ``_rules`` for the exact ones). Headings (one-line blocks without a full stop)
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from putright.code.contents import Element
from putright.code.letters import (
    AnyElement,
    LetterElement,
    LetterKind,
    LetterRequirement,
    kind_stage,
    parse_kind,
    required_elements,
)
from putright.letters.ombudsman import OmbudsmanContact, ombudsman_contact
from putright.letters.readability import Readability, blocks, readability, split_sentences

CONTEXT_KEYS = ("stage", "third_stage", "response_due", "new_deadline", "ombudsman")
EVIDENCE_LIMIT = 400


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementResult:
    element: str
    label: str
    provision: str
    requirement: str
    present: bool
    evidence: str | None = None
    #: "marker" (a marked section), "pattern" (wording), or None when missing
    method: str | None = None
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "element": self.element,
            "label": self.label,
            "provision": self.provision,
            "requirement": self.requirement,
            "present": self.present,
            "status": "present" if self.present else "missing",
            "evidence": self.evidence,
            "method": self.method,
            "note": self.note,
        }


@dataclass(frozen=True)
class CheckResult:
    kind: str
    edition: str
    elements: tuple[ElementResult, ...]
    readability: Readability
    warnings: tuple[str, ...] = field(default=())

    @property
    def can_issue(self) -> bool:
        return all(e.present for e in self.elements)

    @property
    def missing(self) -> tuple[ElementResult, ...]:
        return tuple(e for e in self.elements if not e.present)

    def element(self, name: str) -> ElementResult:
        for result in self.elements:
            if result.element == name:
                return result
        raise KeyError(name)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "edition": self.edition,
            "can_issue": self.can_issue,
            "missing": [{"element": e.element, "provision": e.provision} for e in self.missing],
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
_PLACEHOLDERS = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\[\s*(?:insert|enter|add|tbc|todo|to do|placeholder)\b[^\]]*\]|<<[^>]*>>|_{3,}",
    re.IGNORECASE | re.DOTALL,
)


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
    def filled(self) -> bool:
        return bool(re.search(r"\w", _PLACEHOLDERS.sub(" ", self.content)))


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
_BULLET_START = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)]|[a-z][.)])\s+")


def _is_heading(block: str) -> bool:
    """A one-line block without a full stop: a heading, salutation or sign-off, not a statement."""
    line = block.strip()
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
        paragraphs = [(tuple(split_sentences(b)), _is_heading(b)) for b in merged]
        kept = [(p, h) for p, h in paragraphs if p]
        return cls(
            text=text,
            paragraphs=tuple(p for p, _ in kept),
            headings=frozenset(i for i, (_, h) in enumerate(kept) if h),
        )


def _evidence(sentence: str) -> str:
    cleaned = " ".join(sentence.split())
    return cleaned if len(cleaned) <= EVIDENCE_LIMIT else cleaned[: EVIDENCE_LIMIT - 1] + "…"


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
_DATE_PATTERNS = (
    re.compile(
        rf"\b{_WEEKDAY}?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}}))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_WEEKDAY}?(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d/-])"),
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
)
_WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|a|a few)\s+"
    r"(?:working\s+|calendar\s+|business\s+)?(?:days?|weeks?|months?)\b"
    r"|\bby the end of\b|\bin the week (?:beginning|commencing|of)\b|\bnext (?:week|month)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _FoundDate:
    day: int
    month: int
    year: int | None

    def same(self, expected: date) -> bool:
        return (
            self.day == expected.day
            and self.month == expected.month
            and (self.year is None or self.year == expected.year)
        )


def find_dates(text: str) -> list[_FoundDate]:
    """Dates in UK formats (day first; US month-first only with a month name)."""
    found: list[_FoundDate] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            raw_month = m.group("m")
            month = _MONTHS.get(raw_month.lower().rstrip(".")) if raw_month.isalpha() else int(raw_month)
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
            found.append(_FoundDate(day, month, year))
    return found


def _has_date(sentence: str) -> bool:
    return bool(find_dates(sentence))


# --- rules -----------------------------------------------------------------------------------

Test = re.Pattern[str] | Callable[[str], bool]


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


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

    def find(self, letter: _Letter) -> str | None:
        for index, paragraph in enumerate(letter.paragraphs):
            if index in letter.headings and not self.headings:
                continue
            whole = _without_links(" ".join(paragraph))
            if not all(_ok(t, whole) for t in self.paragraph):
                continue
            for sentence in paragraph:
                words = _without_links(sentence)
                if (
                    _ok(self.anchor, words)
                    and all(_ok(t, words) for t in self.sentence)
                    and not any(_ok(t, words) for t in self.unless)
                ):
                    return sentence
        return None


_LINK = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|co|net)\.?(?:uk)?\S*",
    re.IGNORECASE,
)


def _without_links(text: str) -> str:
    """Web and email addresses blanked out, so "housing-ombudsman.org.uk/make-a-complaint" is not
    read as words (the contact details are recognised separately)."""
    return _LINK.sub(" ", text)


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
    r"|\bwithin\b|\blet us know\b|\bvisit\b|\bby post\b"
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
)
_OUTCOMES = _p(
    r"\boutcomes? (?:you|that you|sought)\b|\byou would (?:like|prefer)\b|\byou want(?:ed)? (?:us to|a|an|the|your)\b"
    r"|\byou (?:have )?asked (?:us )?(?:for|to|that)\b|\byou are (?:seeking|looking for|asking for|asking us|hoping)\b"
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
    r"|\b(?:remaining|next) (?:actions?|work|repairs?|steps)\b|\bactions? (?:that )?we (?:will|still|need to)\b"
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
)
_PAY_OR_DO = _p(
    r"\bpay|paid|payment|credit|transfer|complet|carry out|carried out|repair|\bfix|replac|install|redecorat|visit|appointment|attend|arrive|receive|start|finish|\bdone\b|account"
)
_NOT_ACCEPT = _p(
    r"\b(?:cannot|can't|can not|are unable to|will not|won't|are not able to|have decided not to|are not going to|do not|don't) "
    r"(?:accept|escalate|consider|investigate|progress|take (?:your complaint|this|it) (?:to|forward|further)|treat (?:this|it|your))\b"
    r"|\bnot suitable\b|\bout(?:side)? (?:of )?(?:our|the) complaints? (?:procedure|process|policy)\b|\bexclu(?:de|ded|sion)\b"
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
        return (Rule(_OUTCOMES),)
    if element == Element.RESPONSIBILITIES:
        return (Rule(_RESPONSIBILITIES),)
    if element == LetterElement.RESPONSE_DATE:
        return (Rule(_date_or_within, sentence=(_RESPONSE_WORDS,), unless=(_p(r"\b(?:received|logged)\b"),)),)
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
        return (Rule(_DECISION, unless=(_RESIDENT_WANTS,)),)
    if element == Element.REASONS:
        return (Rule(_REASONS, unless=(_p(r"\bescalat|\bombudsman\b|\bstage\s*(?:2|two|3|three)\b"),)),)
    if element == Element.REMEDY:
        return (Rule(_p(_REMEDY), unless=(_RESIDENT_WANTS,)),)
    if element == Element.OUTSTANDING_ACTIONS:
        return (Rule(_OUTSTANDING),)
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


# --- special detectors -------------------------------------------------------------------------


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


def _ombudsman_route(letter: _Letter, contact: OmbudsmanContact) -> str | None:
    details_anywhere = bool(contact.find(letter.text))
    for index, paragraph in enumerate(letter.paragraphs):
        if index in letter.headings:
            continue
        whole = " ".join(paragraph)
        for sentence in paragraph:
            words = _without_links(sentence)
            if (
                _OMBUDSMAN.search(words)
                and _OMBUDSMAN_ROUTE_VERB.search(words)
                and (details_anywhere or _OMBUDSMAN_HOW.search(whole))
            ):
                return sentence
    return None


def _dated(letter: _Letter, rules: tuple[Rule, ...], expected: date | None) -> tuple[str | None, str]:
    """Find a dated sentence; with ``expected``, one that gives that date."""
    if expected is None:
        for rule in rules:
            found = rule.find(letter)
            if found:
                return found, ""
        return None, ""
    seen: list[str] = []
    for index, paragraph in enumerate(letter.paragraphs):
        if index in letter.headings:
            continue
        for sentence in paragraph:
            single = _Letter(text=sentence, paragraphs=((sentence,),))
            if any(rule.find(single) for rule in rules):
                seen.append(sentence)
                if any(d.same(expected) for d in find_dates(sentence)):
                    return sentence, ""
    if seen:
        return None, f"the letter gives a date, but not {expected:%-d %B %Y}: {_evidence(seen[0])}"
    return None, ""


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


def check_letter(
    text: str,
    kind: LetterKind | str,
    edition: str = "2024",
    context: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check ``text`` against what the Code requires of a ``kind`` letter under ``edition``.

    ``context`` (all optional): ``stage`` (for an extension notice: 1 or 2, default 1),
    ``third_stage`` (2022: the landlord has a third stage), ``response_due`` and ``new_deadline``
    (a date the letter must give), ``ombudsman`` (an :class:`OmbudsmanContact`; default: the
    configured details). Raises ``UnknownLetterKind``, ``UnknownEdition``, ``KindNotInEdition`` or
    ``ValueError`` for bad input.
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
        LetterElement.RESPONSE_DATE: _as_date(context.get("response_due"), "response_due"),
        Element.NEW_DEADLINE: _as_date(context.get("new_deadline"), "new_deadline"),
    }

    clean, sections = parse_markers(text)
    letter = _Letter.read(clean)
    results: list[ElementResult] = []
    for requirement in required:
        base = dict(
            element=requirement.element.value,
            label=requirement.label,
            provision=requirement.provision,
            requirement=requirement.requirement,
        )
        marked = [
            s for s in sections if any(_marker_matches(t, requirement, edition, required) for t in s.tokens)
        ]
        if marked:
            filled = next((s for s in marked if s.filled), None)
            if filled:
                first = next((line.strip() for line in filled.lines if line.strip()), "")
                results.append(
                    ElementResult(**base, present=True, evidence=_evidence(first), method="marker")
                )
            else:
                results.append(
                    ElementResult(
                        **base,
                        present=False,
                        note=f"the marked section for {requirement.provision} is empty or only placeholders",
                    )
                )
            continue
        note = ""
        found: str | None
        if requirement.element == Element.OMBUDSMAN_CONTACT_DETAILS:
            found = _contact_details(letter, contact)
        elif requirement.element == Element.OMBUDSMAN_ROUTE:
            found = _ombudsman_route(letter, contact)
        elif requirement.element in expected:
            found, note = _dated(letter, _rules(requirement.element, at), expected[requirement.element])
        else:
            rules = _rules(requirement.element, at)
            found = next((f for f in (r.find(letter) for r in rules) if f), None)
        if found:
            results.append(ElementResult(**base, present=True, evidence=_evidence(found), method="pattern"))
        else:
            results.append(
                ElementResult(**base, present=False, note=note or _HINTS.get(requirement.element.value, ""))
            )
    return CheckResult(
        kind=chosen.value,
        edition=edition,
        elements=tuple(results),
        readability=readability(clean),
        warnings=tuple(_marker_warnings(sections, edition, required)),
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
