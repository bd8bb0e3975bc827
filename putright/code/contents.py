"""What each written step must contain, per edition, citing the provision that requires it.

The lifecycle refuses a stage response that lacks an element (2024 6.9, 6.19; 2022 5.8, 5.16,
5.20); the letters' Code check reads the same lists to say "present" or "missing" for each element
of a draft letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from putright.code.provisions import UnknownEdition, cite, provision


class Element(StrEnum):
    """A piece of content the Code requires in a written response or notice."""

    COMPLAINT_STAGE = "complaint_stage"
    COMPLAINT_DEFINITION = "complaint_definition"
    DECISION = "decision"
    REASONS = "reasons"
    REMEDY = "remedy"
    OUTSTANDING_ACTIONS = "outstanding_actions"
    ESCALATION_ROUTE = "escalation_route"
    OMBUDSMAN_ROUTE = "ombudsman_route"
    RESPONSIBILITIES = "responsibilities"
    NEW_DEADLINE = "new_deadline"
    EXTENSION_REASONS = "extension_reasons"
    OMBUDSMAN_CONTACT_DETAILS = "ombudsman_contact_details"
    EXCLUSION_REASONS = "exclusion_reasons"
    RIGHT_TO_OMBUDSMAN = "right_to_ombudsman"
    REMEDY_WHAT_AND_WHEN = "remedy_what_and_when"
    UPDATE_INTERVAL = "update_interval"
    RESTRICTION_REASONS = "restriction_reasons"
    RESTRICTION_REVIEW = "restriction_review"


@dataclass(frozen=True)
class RequiredElement:
    element: Element
    provision: str
    requirement: str


def _items(edition: str, number: str, elements: tuple[Element, ...]) -> tuple[RequiredElement, ...]:
    """Pair a listed provision's items, in order, with the elements they require."""
    items = provision(edition, number).items
    if len(items) < len(elements):
        raise ValueError(f"{edition} {number} lists {len(items)} items, {len(elements)} expected")
    found = []
    for item, element in zip(items, elements, strict=False):
        citation = cite(edition, f"{number} {item.label}") if item.label.isalpha() else cite(edition, number)
        found.append(RequiredElement(element=element, provision=citation, requirement=item.text))
    return tuple(found)


def _one(edition: str, number: str, element: Element, requirement: str) -> RequiredElement:
    return RequiredElement(element=element, provision=cite(edition, number), requirement=requirement)


_RESPONSE_CORE = (
    Element.COMPLAINT_STAGE,
    Element.COMPLAINT_DEFINITION,
    Element.DECISION,
    Element.REASONS,
    Element.REMEDY,
    Element.OUTSTANDING_ACTIONS,
)


def stage_response(edition: str, stage: int, *, final: bool) -> tuple[RequiredElement, ...]:
    """What a stage response must confirm in writing.

    ``final`` is whether this stage is the landlord's last: then the route onward is the
    Ombudsman, otherwise it is the next stage.
    """
    if edition == "2024":
        number = {1: "6.9", 2: "6.19"}[stage]
        onward = Element.ESCALATION_ROUTE if stage == 1 else Element.OMBUDSMAN_ROUTE
        return _items(edition, number, (*_RESPONSE_CORE, onward))
    if edition == "2022":
        number = {1: "5.8", 2: "5.16", 3: "5.20"}[stage]
        listed = _items(edition, number, _RESPONSE_CORE)
        onward = Element.OMBUDSMAN_ROUTE if final else Element.ESCALATION_ROUTE
        texts = [item.text for item in provision(edition, number).items[len(_RESPONSE_CORE) :]]
        wanted = "Ombudsman" if final else "stage"
        requirement = next((t for t in texts if wanted in t), texts[-1])
        return (*listed, _one(edition, number, onward, requirement))
    raise UnknownEdition(edition)


# --------------------------------------------------------------------------------------------------
# Reading a section that says there is none: the letters' Code check reads a response letter's remedy
# and outstanding actions with these, and the lifecycle reads the response's own sections with them
# (a response cannot say there is none while the record holds some: 2024 6.9 e, f; 6.19 e, f)

#: a sentence that says no remedy is offered
NO_REMEDY = re.compile(
    r"\bno (?:remed(?:y|ies)|compensation|financial remedy|payment|award)\b|\bnot (?:offering|able to offer|making) (?:a |any )?"
    r"(?:remedy|compensation|payment|award)\b|\bwe (?:will not|won't|cannot|can't|are not) (?:be )?(?:offer|pay|award)\w*"
    r"|\bnothing (?:further )?(?:to put right|needs? to be put right)\b|\bthere is nothing (?:for us )?to put right\b"
    r"|\bnothing (?:further |more |else )?to offer\b",
    re.IGNORECASE,
)
#: a sentence that says no action is outstanding
NONE_OUTSTANDING = re.compile(
    r"\bno (?:further|other|more|outstanding) (?:actions?|work|repairs?|steps|things)\b"
    r"|\bnothing (?:else |further |more )?(?:is )?(?:outstanding|left to do|to do|remains|still to do)\b"
    r"|\b(?:all|the) (?:work|repairs?|actions?)(?: \w+){0,3} (?:has|have|is|are) (?:now )?(?:been )?(?:completed|done|finished)\b"
    r"|\bthere (?:are|is) no(?:thing)? (?:outstanding|further|other)\b|\bnone (?:are |is )?outstanding\b"
    # "No actions." on its own: "no action was taken on the repair" in a sentence is not this
    r"|^\W*no actions?\W*$",
    re.IGNORECASE,
)
#: all a section says, under its own marker or heading: there is none ("Write 'None' if none", the
#: response form says). Not in the letter's wording at large: "None." under another heading is not
#: the remedy's
BARE_NONE = re.compile(
    r"^\W*(?:none|n/?a|n\.a|not applicable|nil|nothing|no)"
    # "None at this time.", "None identified.", "Not applicable at this stage."
    r"(?:\s+(?:at this (?:time|stage)|at present|identified|outstanding|offered|required|due))?\W*$",
    re.IGNORECASE,
)

#: the sentences of the element's own that say there is none
_NONE_OF = {Element.REMEDY: NO_REMEDY, Element.OUTSTANDING_ACTIONS: NONE_OUTSTANDING}
#: the most words a sentence may have besides its "there is none" and still say only that ("There
#: is no remedy to offer."): more, and it says something else too ("No compensation, but we have
#: amended your rent record"), which is the section's own account and is never refused
_NONE_AND_AT_MOST = 4
#: words beside a "there is none" that say what there is after all: an exception, an amount, a kind
#: of remedy or a date booked
_SAYS_WHAT_THERE_IS = re.compile(
    r"\b(?:but|except|apart from|other than|besides|beyond|only|instead|booked|apolog\w*|repair\w*|"
    r"payment|paid|pay|compensation|refund\w*|fan|visit\w*)\b|£\s*\d",
    re.IGNORECASE,
)


def says_none(element: Element, text: str) -> bool:
    """``text``, a response's section for ``element``, says there is none and nothing else: "None",
    "N/A", "Nothing", "No.", "None at this time.", "No remedy.", "There are no outstanding actions.",
    or nothing at all ("-": no letter or digit) (the letters' Code check's
    reading, :data:`BARE_NONE`, :data:`NO_REMEDY`, :data:`NONE_OUTSTANDING`). An empty section is
    not read here: it is missing (2024 6.9, 6.19)."""
    if text.strip() and not re.search(r"[^\W_]", text):
        # "-", "...", "--": no letter or digit, so it says nothing of the remedy or actions at all
        return True
    sentences = [s for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if re.search(r"\w", s)]
    pattern = _NONE_OF.get(element)

    def only_none(sentence: str) -> bool:
        if BARE_NONE.search(sentence):
            return True
        found = pattern.search(sentence) if pattern is not None else None
        if found is None:
            return False
        rest = sentence[: found.start()] + " " + sentence[found.end() :]
        if _SAYS_WHAT_THERE_IS.search(rest):
            # "No compensation, but an apology", "None outstanding except the extractor fan": the
            # section's own account of what there is (helper-142), never read as none
            return False
        return len(re.findall(r"[A-Za-z£\d]+", rest)) <= _NONE_AND_AT_MOST

    return bool(sentences) and all(only_none(s) for s in sentences)
