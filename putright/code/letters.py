"""The letters a landlord sends under the Code, and what each must contain, per edition.

Every required element cites the provision that requires it (through :func:`cite`, so a number the
edition does not have fails at import) and quotes the provision's own words for the requirement
(checked against the stored text, so a quote can never drift from the Code). The stage responses
reuse :func:`putright.code.contents.stage_response` (2024 6.9 a-g, 6.19 a-g; 2022 5.8, 5.16, 5.20),
so the lifecycle and the letters' Code check read the same lists.

Where the Code requires something of a letter without listing it item by item, PutRight reads it
as follows (the element and the provision it cites):

* acknowledgements (2024 6.2 / 6.11; 2022 4.1): the complaint stage; the complaint definition and
  the outcomes sought (2024 5.6; 2022 4.2, 5.10), as two elements so each can be reported; which
  aspects the landlord is and is not responsible for (2024 5.7; the 2022 Code has no such rule);
  and the date the resident can expect the response (2024 6.3 / 6.14; 2022 5.1 / 5.13). The 2022
  Code requires no stage to be stated at the stage 2 acknowledgement, so none is asked for.
* extension notice (2024 6.4 / 6.15, 6.5 / 6.16; 2022 5.1 / 5.13 / 5.18): the new date, the
  reasons, and the Ombudsman's contact details.
* decision not to accept (2024 2.4; 2022 1.9) and not to escalate (2024 5.11 with section 2, so
  2.4; 2022 5.9): the reasons and the right to take the decision to the Ombudsman. A 2022 refusal to
  escalate to a third stage is not 5.9's, which is about progressing to "stage two": it asks for the
  reasons 4.14 requires ("must have clear and valid reasons for taking that course of action"), and
  no right to approach the Ombudsman about the decision, which the 2022 Code gives only at 5.9 (the
  Ombudsman's contact details, 2.7, are still asked for, as in every 2022 letter).
* remedy offer (2024 7.3; 2022 6.5): what will happen, and by when, as two elements.
* keeping-informed update (2024 5.9; 2022 4.10, 4.11): progress, and the agreed interval.
* outstanding-action update (2024 6.17; 2022 5.5): the outstanding actions, and when they will be
  done.
* contact restriction notice (2024 5.14, 5.15; 2022 4.19): reasons and review (2024 only: the 2022
  Code requires neither), what the restriction is (proportionate, appropriate to needs) and regard
  for the Equality Act 2010.
* contact restriction ended (after the review 2024 5.14 requires): the Code lists nothing such a
  letter must contain, so the check asks for nothing under the 2024 Code (the 2022 Code's
  Ombudsman details, below, still apply). The default template says the restriction has ended and
  how the resident can contact the landlord again.
* every 2022 letter: the Ombudsman's contact details (2022 2.7: "as part of its regular
  correspondence with residents").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from putright.code.contents import Element, stage_response
from putright.code.provisions import EDITIONS, UnknownEdition, cite, provision


class LetterKind(StrEnum):
    """A kind of letter the Code check knows, by its slug."""

    STAGE1_ACKNOWLEDGEMENT = "stage1-acknowledgement"
    STAGE2_ACKNOWLEDGEMENT = "stage2-acknowledgement"
    EXTENSION_NOTICE = "extension-notice"
    STAGE1_RESPONSE = "stage1-response"
    STAGE2_RESPONSE = "stage2-response"
    STAGE3_RESPONSE = "stage3-response"
    DECISION_NOT_TO_ACCEPT = "decision-not-to-accept"
    DECISION_NOT_TO_ESCALATE = "decision-not-to-escalate"
    REMEDY_OFFER = "remedy-offer"
    KEEPING_INFORMED_UPDATE = "keeping-informed-update"
    OUTSTANDING_ACTION_UPDATE = "outstanding-action-update"
    CONTACT_RESTRICTION_NOTICE = "contact-restriction-notice"
    CONTACT_RESTRICTION_ENDED = "contact-restriction-ended"
    DEFINITION_AMENDED = "definition-amended"


class LetterElement(StrEnum):
    """Letter content the Code requires beyond :class:`putright.code.contents.Element`."""

    OUTCOMES_SOUGHT = "outcomes_sought"
    RESPONSE_DATE = "response_date"
    REMEDY_WHAT = "remedy_what"
    REMEDY_BY_WHEN = "remedy_by_when"
    COMPLAINT_PROGRESS = "complaint_progress"
    ACTION_TIMESCALE = "action_timescale"
    RESTRICTION_DETAILS = "restriction_details"
    EQUALITY_REGARD = "equality_regard"


AnyElement = Element | LetterElement


KIND_DESCRIPTIONS: dict[LetterKind, str] = {
    LetterKind.STAGE1_ACKNOWLEDGEMENT: "acknowledging, defining and logging a complaint at stage 1",
    LetterKind.STAGE2_ACKNOWLEDGEMENT: "acknowledging, defining and logging an escalation request at stage 2",
    LetterKind.EXTENSION_NOTICE: "telling the resident the response will take longer, and why",
    LetterKind.STAGE1_RESPONSE: "the landlord's response at the completion of stage 1",
    LetterKind.STAGE2_RESPONSE: "the landlord's response at the completion of stage 2",
    LetterKind.STAGE3_RESPONSE: "the landlord's response at the completion of stage 3 (2022 Code only)",
    LetterKind.DECISION_NOT_TO_ACCEPT: "explaining a decision not to accept a complaint",
    LetterKind.DECISION_NOT_TO_ESCALATE: "explaining a decision not to escalate a complaint",
    LetterKind.REMEDY_OFFER: "setting out a remedy: what will happen and by when",
    LetterKind.KEEPING_INFORMED_UPDATE: "keeping the resident informed while a response is outside the timescales",
    LetterKind.OUTSTANDING_ACTION_UPDATE: "an update on actions still outstanding after the response",
    LetterKind.CONTACT_RESTRICTION_NOTICE: "restricting contact because of unacceptable behaviour",
    LetterKind.CONTACT_RESTRICTION_ENDED: "telling the resident a contact restriction has ended after its review",
    LetterKind.DEFINITION_AMENDED: "setting out the complaint definition again, with new issues the resident raised",
}


_STAGE_OF_KIND: dict[LetterKind, int] = {
    LetterKind.STAGE1_ACKNOWLEDGEMENT: 1,
    LetterKind.STAGE2_ACKNOWLEDGEMENT: 2,
    LetterKind.STAGE1_RESPONSE: 1,
    LetterKind.STAGE2_RESPONSE: 2,
    LetterKind.STAGE3_RESPONSE: 3,
}


class UnknownLetterKind(LookupError):
    def __init__(self, slug: str) -> None:
        super().__init__(
            f"unknown letter kind {slug!r}: choose one of {', '.join(k.value for k in LetterKind)}"
        )
        self.slug = slug


class KindNotInEdition(LookupError):
    """A kind the edition has no place for (a stage 3 response under the 2024 Code)."""

    def __init__(self, kind: LetterKind, edition: str, why: str) -> None:
        super().__init__(f"the {edition} Code has no {kind.value} letter: {why}")
        self.kind = kind
        self.edition = edition


@dataclass(frozen=True)
class LetterRequirement:
    """One element a letter must contain: the provision requiring it and the Code's own words."""

    element: AnyElement
    provision: str
    requirement: str
    label: str

    def as_dict(self) -> dict[str, str]:
        return {
            "element": self.element.value,
            "label": self.label,
            "provision": self.provision,
            "requirement": self.requirement,
        }


def parse_kind(slug: str | LetterKind) -> LetterKind:
    try:
        return LetterKind(str(slug).strip().lower())
    except ValueError:
        raise UnknownLetterKind(str(slug)) from None


def letter_kinds(edition: str | None = None) -> tuple[LetterKind, ...]:
    """The kinds of letter, or those an edition has (no stage 3 under 2024)."""
    if edition is None:
        return tuple(LetterKind)
    if edition not in EDITIONS:
        raise UnknownEdition(edition)
    return tuple(k for k in LetterKind if not (edition == "2024" and k == LetterKind.STAGE3_RESPONSE))


def kind_stage(kind: LetterKind) -> int | None:
    """The complaint stage a kind belongs to, if the kind itself fixes it."""
    return _STAGE_OF_KIND.get(kind)


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def _quote(edition: str, number: str, fragment: str) -> str:
    """``fragment`` as it stands in the provision (checked), so a requirement always quotes the Code."""
    found = provision(edition, number.split(" ")[0])
    if _normalise(fragment) not in _normalise(found.full_text):
        raise ValueError(f"{edition} {number} does not say {fragment!r}")
    return fragment


def _req(edition: str, number: str, element: AnyElement, label: str, fragment: str) -> LetterRequirement:
    return LetterRequirement(
        element=element,
        provision=cite(edition, number),
        requirement=_quote(edition, number, fragment),
        label=label,
    )


_STAGE_WORD = {1: "stage 1", 2: "stage 2", 3: "stage 3"}

_RESPONSE_LABELS: dict[Element, str] = {
    Element.COMPLAINT_STAGE: "the complaint stage",
    Element.COMPLAINT_DEFINITION: "the complaint definition",
    Element.DECISION: "the decision on the complaint",
    Element.REASONS: "the reasons for the decisions",
    Element.REMEDY: "the remedy offered to put things right",
    Element.OUTSTANDING_ACTIONS: "any outstanding actions",
    Element.ESCALATION_ROUTE: "how to escalate to the next stage",
    Element.OMBUDSMAN_ROUTE: "how to escalate to the Housing Ombudsman Service",
}


def _response(edition: str, stage: int, *, final: bool) -> tuple[LetterRequirement, ...]:
    found = []
    for item in stage_response(edition, stage, final=final):
        label = _RESPONSE_LABELS[item.element]
        if item.element == Element.ESCALATION_ROUTE:
            label = f"how to escalate to {_STAGE_WORD[stage + 1]}"
        found.append(
            LetterRequirement(
                element=item.element, provision=item.provision, requirement=item.requirement, label=label
            )
        )
    return tuple(found)


def _acknowledgement_2024(stage: int) -> tuple[LetterRequirement, ...]:
    e = "2024"
    logged, respond = ("6.2", "6.3") if stage == 1 else ("6.11", "6.14")
    logged_text = (
        "Complaints must be acknowledged, defined and logged at stage 1 of the complaint’s procedure"
        if stage == 1
        else "Requests for stage 2 must be acknowledged, defined and logged at stage 2 of the complaint’s procedure"
    )
    respond_text = (
        "Landlords must issue a full response to stage 1 complaints within 10 working days of the "
        "complaint being acknowledged."
        if stage == 1
        else "Landlords must issue a final response to the stage 2 within 20 working days of the "
        "complaint being acknowledged."
    )
    return (
        _req(
            e,
            logged,
            Element.COMPLAINT_STAGE,
            f"that the complaint is logged at {_STAGE_WORD[stage]}",
            logged_text,
        ),
        _req(
            e,
            "5.6",
            Element.COMPLAINT_DEFINITION,
            "the landlord's understanding of the complaint",
            "landlords must set out their understanding of the complaint",
        ),
        _req(
            e,
            "5.6",
            LetterElement.OUTCOMES_SOUGHT,
            "the outcomes the resident is seeking",
            "the outcomes the resident is seeking",
        ),
        _req(
            e,
            "5.7",
            Element.RESPONSIBILITIES,
            "what the landlord is and is not responsible for",
            "landlords must be clear which aspects of the complaint they are, and are not, responsible for",
        ),
        _req(
            e, respond, LetterElement.RESPONSE_DATE, "when the resident will get the response", respond_text
        ),
    )


def _acknowledgement_2022(stage: int) -> tuple[LetterRequirement, ...]:
    e = "2022"
    if stage == 1:
        return (
            _req(
                e,
                "4.1",
                Element.COMPLAINT_STAGE,
                "that the complaint is logged at stage 1",
                "it must be acknowledged and logged at stage one of the complaints procedure",
            ),
            _req(
                e,
                "4.2",
                Element.COMPLAINT_DEFINITION,
                "the landlord's understanding of the complaint",
                "landlords must set out their understanding of the complaint",
            ),
            _req(
                e,
                "4.2",
                LetterElement.OUTCOMES_SOUGHT,
                "the outcomes the resident is seeking",
                "the outcomes the resident is seeking",
            ),
            _req(
                e,
                "5.1",
                LetterElement.RESPONSE_DATE,
                "when the resident will get the response",
                "Landlords must respond to the complaint within 10 working days of the complaint being logged.",
            ),
        )
    return (
        _req(
            e,
            "5.10",
            Element.COMPLAINT_DEFINITION,
            "the landlord's understanding of the issues outstanding",
            "landlords must set out their understanding of issues outstanding",
        ),
        _req(
            e,
            "5.10",
            LetterElement.OUTCOMES_SOUGHT,
            "the outcomes the resident is seeking",
            "the outcomes the resident is seeking",
        ),
        _req(
            e,
            "5.13",
            LetterElement.RESPONSE_DATE,
            "when the resident will get the response",
            "Landlords must respond to the stage two complaint within 20 working days of the complaint being escalated.",
        ),
    )


def _extension(edition: str, stage: int) -> tuple[LetterRequirement, ...]:
    if edition == "2024":
        number, details = {1: ("6.4", "6.5"), 2: ("6.15", "6.16")}[stage]
        return (
            _req(
                edition,
                number,
                Element.NEW_DEADLINE,
                "the new date for the response",
                "inform the resident of the expected timescale for response",
            ),
            _req(
                edition,
                number,
                Element.EXTENSION_REASONS,
                "the reasons for the extension",
                "the reason(s) must be clearly explained to the resident",
            ),
            _req(
                edition,
                details,
                Element.OMBUDSMAN_CONTACT_DETAILS,
                "the Ombudsman's contact details",
                "they must be provided with the contact details of the Ombudsman",
            ),
        )
    number = {1: "5.1", 2: "5.13", 3: "5.18"}[stage]
    if stage == 3:
        date_text = "An explanation and a date for when the stage three response will be received"
        reason_text = date_text
    else:
        date_text = "a clear timeframe for when the response will be received"
        reason_text = "landlords may provide an explanation to the resident"
    return (
        _req(edition, number, Element.NEW_DEADLINE, "the new date for the response", date_text),
        _req(edition, number, Element.EXTENSION_REASONS, "the reasons for the extension", reason_text),
    )


def _decision_not_to_accept(edition: str) -> tuple[LetterRequirement, ...]:
    number = "2.4" if edition == "2024" else "1.9"
    return (
        _req(
            edition,
            number,
            Element.EXCLUSION_REASONS,
            "why the matter is not suitable for the complaints process",
            "the reasons why the matter is not suitable for the complaints process",
        ),
        _req(
            edition,
            number,
            Element.RIGHT_TO_OMBUDSMAN,
            "the right to take the decision to the Ombudsman",
            "the right to take that decision to the Ombudsman",
        ),
    )


def _decision_not_to_escalate(edition: str, stage: int) -> tuple[LetterRequirement, ...]:
    if edition == "2024":
        return (
            _req(
                edition,
                "5.11",
                Element.EXCLUSION_REASONS,
                "the reasons for not escalating",
                "Landlords must clearly set out these reasons, and they must comply with the provisions "
                "set out in section 2 of this Code.",
            ),
            _req(
                edition,
                "2.4",
                Element.RIGHT_TO_OMBUDSMAN,
                "the right to take the decision to the Ombudsman (section 2, through 5.11)",
                "the right to take that decision to the Ombudsman",
            ),
        )
    if stage >= 3:
        # 2022 4.14, not 5.9 ("progressed to stage two"): see the module's notes
        return (
            _req(
                edition,
                "4.14",
                Element.EXCLUSION_REASONS,
                "the reasons for not escalating",
                "must have clear and valid reasons for taking that course of action",
            ),
        )
    return (
        _req(
            edition,
            "5.9",
            Element.EXCLUSION_REASONS,
            "the reasons for not escalating",
            "it must clearly communicate in writing its reasons for not escalating",
        ),
        _req(
            edition,
            "5.9",
            Element.RIGHT_TO_OMBUDSMAN,
            "the right to take the decision to the Ombudsman",
            "the resident's right to approach the Ombudsman about its decision",
        ),
    )


def _remedy_offer(edition: str) -> tuple[LetterRequirement, ...]:
    number = "7.3" if edition == "2024" else "6.5"
    return (
        _req(
            edition,
            number,
            LetterElement.REMEDY_WHAT,
            "what will happen to put things right",
            "The remedy offer must clearly set out what will happen",
        ),
        _req(edition, number, LetterElement.REMEDY_BY_WHEN, "by when it will happen", "and by when"),
    )


def _definition_amended(edition: str) -> tuple[LetterRequirement, ...]:
    """New issues added to the complaint definition (2024 6.8): the definition is set out again."""
    number = "5.6" if edition == "2024" else "4.2"
    return (
        _req(
            edition,
            number,
            Element.COMPLAINT_DEFINITION,
            "the landlord's understanding of the complaint, with the new issues",
            "landlords must set out their understanding of the complaint",
        ),
        _req(
            edition,
            number,
            LetterElement.OUTCOMES_SOUGHT,
            "the outcomes the resident is seeking",
            "the outcomes the resident is seeking",
        ),
    )


def _keeping_informed(edition: str) -> tuple[LetterRequirement, ...]:
    if edition == "2024":
        return (
            _req(
                edition,
                "5.9",
                LetterElement.COMPLAINT_PROGRESS,
                "an update on the complaint's progress",
                "keeping them informed about their complaint",
            ),
            _req(
                edition,
                "5.9",
                Element.UPDATE_INTERVAL,
                "the agreed interval for the next update",
                "the landlord must agree with the resident suitable intervals for keeping them informed",
            ),
        )
    return (
        _req(
            edition,
            "4.10",
            LetterElement.COMPLAINT_PROGRESS,
            "an update on the investigation's progress",
            "Landlords should keep residents regularly updated about the progress of the investigation",
        ),
        _req(
            edition,
            "4.11",
            Element.UPDATE_INTERVAL,
            "the agreed frequency and method of updates",
            "Landlords must adhere to any reasonable arrangements agreed with residents in terms of "
            "frequency and method of communication.",
        ),
    )


def _outstanding_actions(edition: str) -> tuple[LetterRequirement, ...]:
    number = "6.17" if edition == "2024" else "5.5"
    updates = (
        "appropriate updates provided to the resident"
        if edition == "2024"
        else "regular updates provided to the resident"
    )
    promptly = "actioned promptly" if edition == "2024" else "actioned expeditiously"
    return (
        _req(
            edition,
            number,
            Element.OUTSTANDING_ACTIONS,
            "the outstanding actions and their progress",
            f"Outstanding actions must still be tracked and {promptly} with {updates}",
        ),
        _req(
            edition,
            number,
            LetterElement.ACTION_TIMESCALE,
            "when the outstanding actions will be done",
            promptly,
        ),
    )


def _contact_restriction(edition: str) -> tuple[LetterRequirement, ...]:
    if edition == "2024":
        return (
            _req(
                edition,
                "5.14",
                Element.RESTRICTION_REASONS,
                "the reasons for the restriction",
                "Landlords must be able to evidence reasons for putting any restrictions in place",
            ),
            _req(
                edition,
                "5.15",
                LetterElement.RESTRICTION_DETAILS,
                "what the restriction is, and how the resident can still contact the landlord",
                "Any restrictions placed on contact due to unacceptable behaviour must be proportionate",
            ),
            _req(
                edition,
                "5.15",
                LetterElement.EQUALITY_REGARD,
                "regard for the resident's needs under the Equality Act 2010",
                "demonstrate regard for the provisions of the Equality Act 2010",
            ),
            _req(
                edition,
                "5.14",
                Element.RESTRICTION_REVIEW,
                "when the restriction will be reviewed",
                "must keep restrictions under regular review",
            ),
        )
    return (
        _req(
            edition,
            "4.19",
            LetterElement.RESTRICTION_DETAILS,
            "what the restriction is, and how the resident can still contact the landlord",
            "Any restrictions placed on a resident's contact due to unacceptable behaviour should be "
            "appropriate to their needs",
        ),
        _req(
            edition,
            "4.19",
            LetterElement.EQUALITY_REGARD,
            "regard for the resident's needs under the Equality Act 2010",
            "should demonstrate regard for the provisions of the Equality Act 2010",
        ),
    )


def _ombudsman_2022() -> LetterRequirement:
    return _req(
        "2022",
        "2.7",
        Element.OMBUDSMAN_CONTACT_DETAILS,
        "the Ombudsman's contact details",
        "Landlords must provide residents with contact information for the Ombudsman as part of its "
        "regular correspondence with residents.",
    )


def required_elements(
    kind: LetterKind | str,
    edition: str = "2024",
    *,
    stage: int | None = None,
    third_stage: bool = False,
) -> tuple[LetterRequirement, ...]:
    """What a letter of ``kind`` must contain under ``edition``, each element citing its provision.

    ``stage`` is the complaint stage for kinds that do not fix it themselves (an extension notice:
    6.4 at stage 1, 6.15 at stage 2); it defaults to 1. ``third_stage`` says a 2022 landlord has a
    third stage, so a stage 2 response must give the route to stage 3 rather than the Ombudsman.
    """
    chosen = parse_kind(kind)
    if edition not in EDITIONS:
        raise UnknownEdition(edition)
    fixed = kind_stage(chosen)
    if fixed is not None and stage is not None and stage != fixed:
        raise ValueError(f"a {chosen.value} letter is at stage {fixed}, not stage {stage}")
    at = fixed or stage or 1
    max_stage = 3 if edition == "2022" else 2
    if not 1 <= at <= max_stage:
        raise KindNotInEdition(chosen, edition, f"it has no stage {at}")
    if third_stage and edition != "2022":
        raise KindNotInEdition(
            chosen, edition, "a third stage is not acceptable under any circumstances (5.3)"
        )

    found: tuple[LetterRequirement, ...]
    if chosen in (LetterKind.STAGE1_ACKNOWLEDGEMENT, LetterKind.STAGE2_ACKNOWLEDGEMENT):
        found = _acknowledgement_2024(at) if edition == "2024" else _acknowledgement_2022(at)
    elif chosen == LetterKind.EXTENSION_NOTICE:
        found = _extension(edition, at)
    elif chosen in (LetterKind.STAGE1_RESPONSE, LetterKind.STAGE2_RESPONSE, LetterKind.STAGE3_RESPONSE):
        final = at == max_stage if edition == "2024" else (at == 3 or (at == 2 and not third_stage))
        found = _response(edition, at, final=final)
    elif chosen == LetterKind.DECISION_NOT_TO_ACCEPT:
        found = _decision_not_to_accept(edition)
    elif chosen == LetterKind.DECISION_NOT_TO_ESCALATE:
        found = _decision_not_to_escalate(edition, at)
    elif chosen == LetterKind.REMEDY_OFFER:
        found = _remedy_offer(edition)
    elif chosen == LetterKind.KEEPING_INFORMED_UPDATE:
        found = _keeping_informed(edition)
    elif chosen == LetterKind.OUTSTANDING_ACTION_UPDATE:
        found = _outstanding_actions(edition)
    elif chosen == LetterKind.CONTACT_RESTRICTION_ENDED:
        found = ()  # the Code lists no content for it (see the module's notes)
    elif chosen == LetterKind.DEFINITION_AMENDED:
        found = _definition_amended(edition)
    else:
        found = _contact_restriction(edition)
    if edition == "2022" and not any(r.element == Element.OMBUDSMAN_CONTACT_DETAILS for r in found):
        found = (*found, _ombudsman_2022())
    return found
