"""Facts a letter states that PutRight can check: the Ombudsman's contact details. Pure Python.

A letter that gives the Housing Ombudsman Service a telephone number, website, email address,
postcode or PO Box other than the configured ones (:mod:`putright.letters.ombudsman`) sends the
resident to the wrong place; the Code check reports it as "wrong" on the element that relies on
the details, and the letter cannot be issued.

Which details are the Ombudsman's: a detail whose own text names the Ombudsman
(``ombudsman@...``, ``www.some-ombudsman.org``), or whose nearest preceding name, within its
sentence or line, is the Ombudsman rather than the landlord ("us", "we", "our", "the council"...)
or another body (Citizens Advice, Shelter, a councillor, an MP, the local authority). A detail on a
line with no name of its own (``Telephone: 0300 ...`` in a list) takes the last name before it in
the same paragraph; a lead-in ending in a colon, or a short heading, carries into the block after
it. The landlord's own details, given next to the Ombudsman's in a sentence such as "call us on
0161 ... or the Ombudsman on 0300 111 3000", are told apart by that nearest name.

Dates (response due, new deadline, remedy due) are checked in :mod:`putright.letters.check`,
where the sentence that gives each date is found.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from putright.letters.ombudsman import OmbudsmanContact
from putright.letters.readability import blocks

_PHONE = re.compile(r"(?<![\w/.-])(?:\+\s?44[\s\-.]*(?:\(0\)[\s\-.]*)?|\(?0)(?:\d[\s\-.)]*){9,10}(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org\.uk|co\.uk|gov\.uk|org|com|uk|net)"
    r"(?:/[^\s,;)]*)?",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*Box\s+\d+\b", re.IGNORECASE)
_OMBUDSMAN_NAME = re.compile(r"\bombudsman\b|\bHOS\b", re.IGNORECASE)
_OTHER_NAME = re.compile(
    r"\b(?:us|we|our|me|my|I|council|association|landlord|complaints team|housing team|repairs team"
    r"|citizens advice|shelter|councillor|MP|member of parliament|designated person|local authority"
    r"|contractor|advocate)\b",
    re.IGNORECASE,
)
#: a paragraph that points to details set out after it ("whose contact details are set out below")
_INTRODUCES = re.compile(
    r"\bbelow\b|\bas follows\b|\bdetails are\b|\bcontact (?:them|it) (?:on|at|by)\b", re.IGNORECASE
)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")


@dataclass(frozen=True)
class WrongDetail:
    """An Ombudsman contact detail in the letter that is not the configured one."""

    detail: str
    found: str
    expected: str
    sentence: str

    def message(self) -> str:
        return f"the letter gives the Ombudsman's {self.detail} as {self.found}; it is {self.expected}"

    def as_dict(self) -> dict[str, str]:
        return {
            "detail": self.detail,
            "found": self.found,
            "expected": self.expected,
            "sentence": self.sentence,
            "message": self.message(),
        }


def _units(block: str) -> list[str]:
    found: list[str] = []
    for line in block.splitlines():
        found.extend(p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z(£\"'])", line.strip()) if p)
    return found


class _Names:
    """Every name mentioned in a unit ("ombudsman" or "other"), in order, to look up the last one
    before a detail. Looked up, not searched again: a paragraph of 10,000 telephone numbers searched
    its text again before each one, and took over a minute to check."""

    def __init__(self, unit: str) -> None:
        found = sorted(
            (match.start(), match.end(), label)
            for pattern, label in ((_OMBUDSMAN_NAME, "ombudsman"), (_OTHER_NAME, "other"))
            for match in pattern.finditer(unit)
        )
        # names do not overlap one another, so their ends are in order too
        self._ends = [end for _, end, _ in found]
        self._labels = [label for _, _, label in found]

    def last(self, before: int | None = None) -> str | None:
        """The last name that ends by ``before`` (default: the last of all), if any."""
        index = len(self._labels) if before is None else bisect_right(self._ends, before)
        return self._labels[index - 1] if index else None


def _details(unit: str) -> list[tuple[int, str, str]]:
    """(position, kind, text) of every contact detail in ``unit``."""
    found: list[tuple[int, str, str]] = []
    # the spans taken so far, in order, none overlapping another: a new span overlaps one only if it
    # overlaps the last that starts before it ends (a search, not a pass over them all)
    starts: list[int] = []
    ends: list[int] = []

    def add(kind: str, match: re.Match[str]) -> None:
        start, end = match.start(), match.end()
        index = bisect_left(starts, end)
        if index and ends[index - 1] > start:
            return
        starts.insert(index, start)
        ends.insert(index, end)
        found.append((start, kind, match.group(0).strip().rstrip(".").strip()))

    for kind, pattern in (
        ("email", _EMAIL),
        ("website", _WEBSITE),
        ("telephone", _PHONE),
        ("postcode", _POSTCODE),
        ("PO Box", _PO_BOX),
    ):
        for match in pattern.finditer(unit):
            add(kind, match)
    return sorted(found)


def _expected(kind: str, contact: OmbudsmanContact) -> str:
    if kind == "telephone":
        return contact.telephone
    if kind == "website":
        return contact.website
    if kind == "email":
        return contact.email
    if kind == "postcode":
        return next((line for line in contact.postal_address if _POSTCODE.fullmatch(line.strip())), "")
    return next((line for line in contact.postal_address if _PO_BOX.match(line.strip())), "")


def _matches(kind: str, text: str, contact: OmbudsmanContact) -> bool:
    names = contact.find(text)
    if kind == "postcode" or kind == "PO Box":
        return "postal_address" in names
    if kind == "website":
        return bool({"website", "complaint_form_url"} & set(names))
    return kind in names


#: the most wrong details reported for one letter, each quoting at most ``QUOTED_MOST`` characters of
#: its sentence: one letter of 7,600 wrong numbers in one sentence made a check result of 750 MB
WRONG_MOST = 20
QUOTED_MOST = 300


def _quoted(unit: str) -> str:
    said = " ".join(unit.split())
    return said if len(said) <= QUOTED_MOST else said[: QUOTED_MOST - 1].rstrip() + "…"


def wrong_ombudsman_details(text: str, contact: OmbudsmanContact) -> list[WrongDetail]:
    """Every Ombudsman contact detail in ``text`` that differs from ``contact``: the first ``WRONG_MOST``."""
    wrong: list[WrongDetail] = []
    carried: str | None = None
    for block in blocks(text):
        context = carried
        for unit in _units(block):
            names = _Names(unit)
            for position, kind, found in _details(unit):
                owner = "ombudsman" if _OMBUDSMAN_NAME.search(found) else names.last(position) or context
                if owner != "ombudsman" or _matches(kind, found, contact):
                    continue
                expected = _expected(kind, contact)
                if not expected:
                    continue
                wrong.append(WrongDetail(kind, found, expected, _quoted(unit)))
                if len(wrong) == WRONG_MOST:
                    return wrong
            context = names.last() or context
        stripped = block.strip()
        heading = "\n" not in stripped and not _TERMINAL.search(stripped) and len(stripped.split()) <= 12
        introduces = stripped.endswith(":") or heading or bool(_INTRODUCES.search(stripped))
        carried = context if introduces else None
    return wrong
