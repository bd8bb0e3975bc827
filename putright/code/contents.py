"""What each written step must contain, per edition, citing the provision that requires it.

The lifecycle refuses a stage response that lacks an element (2024 6.9, 6.19; 2022 5.8, 5.16,
5.20); the letters' Code check reads the same lists to say "present" or "missing" for each element
of a draft letter.
"""

from __future__ import annotations

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
