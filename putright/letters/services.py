"""Writing, checking and issuing letters. Views, the API and jobs call these; none writes the models.

* :func:`start_draft` fills the landlord's template for the kind with the case's values (the safe
  placeholder language, :mod:`putright.letters.placeholders`).
* :func:`check_draft` runs the Code check (:func:`putright.letters.check.check_letter`) with the
  case's edition, stage and dates.
* :func:`issue_letter` refuses a letter that misses any element the Code requires (a
  ``CodeViolation`` citing the first missing provision, e.g. "2024 6.9 g", and listing all) or that
  still has blanks; otherwise it renders HTML, text, PDF/UA and DOCX once, stores them with their
  SHA-256 in an :class:`IssuedLetter` that is never changed, puts the letter on the case's record
  (``record_correspondence``, direction "out") and, where the resident has an email address, queues
  the email to go after the transaction commits.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from putright.accounts.models import User
from putright.code.compensation import pounds
from putright.code.contents import Element
from putright.code.errors import CodeViolation, InvalidRequest, LifecycleError, TransitionNotAllowed
from putright.code.exclusions import ExclusionGround
from putright.code.letters import (
    LetterElement,
    LetterKind,
    UnknownLetterKind,
    kind_stage,
    letter_kinds,
    parse_kind,
)
from putright.code.lifecycle import (
    Acknowledged,
    DeadlineExtended,
    NewIssuesRaised,
    Rules,
    recorded_outstanding_actions,
    recorded_remedies,
    response_definition,
    response_stage,
    rule,
)
from putright.code.offers import sums_not_recorded, sums_of_withdrawn
from putright.code.provisions import cite
from putright.code.wording import long_date
from putright.complaints import services as complaint_services
from putright.complaints.models import (
    Complaint,
    ComplaintEvent,
    ContactMethod,
    ContactRestriction,
    Correspondence,
    ExclusionApplied,
    Extension,
    Format,
    Landlord,
    OutstandingAction,
    PendingStep,
    ReasonableAdjustment,
    Remedy,
    Stage,
)
from putright.complaints.rules import landlord_and_rules, landlord_rules
from putright.complaints.selectors import case_for
from putright.complaints.wording import clause, remedy_words
from putright.intake.mime import html_to_text
from putright.letters.check import (
    CONFIRM,
    MISSING,
    WRONG,
    CheckResult,
    Confirmation,
    ElementResult,
    check_letter,
    days_promised,
    markers_for_edition,
    scaffold_of,
)
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.document import (
    Letterhead,
    LetterMeta,
    letter_docx,
    letter_html,
    letter_pdf,
    letter_text,
)
from putright.letters.models import (
    UNSENT,
    DeliveryStatus,
    ElementConfirmation,
    IssuedLetter,
    LetterDelivery,
    LetterDraft,
    LetterheadSettings,
    LetterPosting,
    LetterTemplate,
    LetterTemplateVersion,
    ResponseDateInTextSent,
    kind_name,
)
from putright.letters.ombudsman import ombudsman_contact
from putright.letters.placeholders import (
    _CONTROL,
    as_read,
    blanks_left,
    clean_value,
    fill,
    placeholders_in,
    plain,
)
from putright.records.stored_files import files_kept_with_their_rows

#: formats PutRight produces itself; others (braille, audio, translation) are arranged by hand
PRODUCED_FORMATS = {Format.STANDARD, Format.LARGE_PRINT, Format.PLAIN_TEXT, Format.EMAIL, Format.EASY_READ}


def format_date(value: date | None) -> str:
    return long_date(value) if value else ""


# --- the letterhead -------------------------------------------------------------------------------


def letterhead() -> Letterhead:
    found = LetterheadSettings.load()
    logo: bytes | None = None
    logo_type = ""
    if found.logo:
        try:
            with found.logo.open("rb") as handle:
                logo = handle.read()
            logo_type = (
                "image/jpeg" if (found.logo.name or "").lower().endswith((".jpg", ".jpeg")) else "image/png"
            )
        except OSError:
            logo = None
    return Letterhead(
        name=found.organisation_name or Landlord.load().name,
        address=tuple(line.strip() for line in found.address.splitlines() if line.strip()),
        phone=found.phone,
        email=found.email,
        website=found.website,
        signoff_name=found.signoff_name,
        signoff_role=found.signoff_role,
        logo=logo,
        logo_type=logo_type,
    )


# --- the case's values ------------------------------------------------------------------------------


def letter_stage(complaint: Complaint, kind: LetterKind) -> int:
    return kind_stage(kind) or max(1, complaint.stage)


def _address(complaint: Complaint) -> tuple[str, ...]:
    # the resident's postal address as it stands (a move is recorded on the resident; an address
    # they gave that is not yet matched to a home is still theirs); the home the complaint is about
    # only when no address is recorded for the resident
    if lines := complaint.resident.postal_address:
        return lines
    return complaint.property.address_lines if complaint.property is not None else ()


def writes_to_representative(complaint: Complaint) -> bool:
    """Whether letters and emails go to the resident's representative: only once the resident's
    consent to them acting is recorded (2024 3.6: the resident chooses to have a representative).
    Before that a letter about the resident's complaint would disclose it to someone the resident
    may not have chosen, so it goes to the resident."""
    representative = complaint.representative
    return representative is not None and representative.consented


def _addressee(complaint: Complaint) -> tuple[str, tuple[str, ...]]:
    if complaint.representative is not None and writes_to_representative(complaint):
        representative = complaint.representative
        lines: tuple[str, ...] = (f"On behalf of {complaint.resident.name}",)
        if representative.postal_address:
            # the address they gave for letters (2024 3.6: the representative deals with it)
            return representative.name, (*lines, *representative.postal_address)
        if representative.contact and not representative.email:
            # free-text contact details recorded by staff ("Email, telephone or address"): the parts
            # that could be an address, never a telephone number on the envelope
            lines = (
                *lines,
                *(p.strip() for p in representative.contact.split(",") if p.strip() and not _phone_like(p)),
            )
        return representative.name, lines
    return complaint.resident.name, _address(complaint)


def _phone_like(text: str) -> bool:
    """Whether ``text`` is a telephone number ("07700 900123", "+44 (0)20 7946 0000")."""
    digits = sum(c.isdigit() for c in text)
    return digits >= 6 and all(c.isdigit() or c in " +-()." for c in text.strip())


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


#: a response's sections its letter says as written (the stage and the definition too, when written:
#: :func:`held_values`)
RESPONSE_SAID_AS_WRITTEN = ("decision", "reasons", "remedy", "outstanding_actions", "escalation_route")
#: every section of a response its letter says, as the form names them
RESPONSE_SAID = ("complaint_stage", "complaint_definition", *RESPONSE_SAID_AS_WRITTEN)


def held_values(held: PendingStep, *, today: date) -> dict[str, str]:
    """What a held step's letter says, from what the handler wrote when recording it (one entry:
    the step's Code fields are the letter's Code sections), with its dates as they will be if the
    letter is issued ``today``."""
    fields = held.fields
    values: dict[str, str] = {}
    if held.step == "acknowledge":
        values.update(
            {
                "definition.complaint": fields.get("complaint_definition", ""),
                "definition.outcomes_sought": fields.get("outcomes_sought", ""),
                "definition.responsible_for": fields.get("responsible_for", ""),
                "definition.not_responsible_for": (
                    f"We are not responsible for: {fields['not_responsible_for']}"
                    if fields.get("not_responsible_for")
                    else "There is nothing in your complaint that we are not responsible for."
                ),
            }
        )
    elif held.step == "respond":
        for key in RESPONSE_SAID_AS_WRITTEN:
            values[f"response.{key}"] = str(fields.get(key) or "")
        values["response.outcome"] = str(fields.get("outcome") or "").replace("_", " ")
        # the stage and the definition as the response records them (2024 6.9 a, b; 6.19 a, b): as
        # written on the form, else what the core records when they are left empty
        stage = Stage.objects.filter(complaint_id=held.complaint_id, number=held.stage).first()
        values["response.complaint_stage"] = str(fields.get("complaint_stage") or "").strip() or (
            response_stage(held.stage)
        )
        values["response.complaint_definition"] = str(
            fields.get("complaint_definition") or ""
        ).strip() or stage_response_definition(stage)
    elif held.step == "extend":
        values["extension.reason"] = fields.get("reason", "")
        values["extension.working_days"] = str(fields.get("working_days", ""))
    elif held.step in ("decline", "decline_escalation"):
        values["exclusion.reason"] = fields.get("explanation", "")
        values["exclusion.previously_considered"] = previously_considered(
            fields.get("previously_considered_in"), fields.get("ground")
        )
    preview = complaint_services.preview_held_step(held, on=today)
    if isinstance(preview, Acknowledged):
        values["deadline.response_due"] = format_date(preview.response_due)
        values["deadline.original_response_due"] = format_date(preview.response_due)
    if isinstance(preview, NewIssuesRaised) and preview.definition is not None:
        values["definition.complaint"] = preview.definition.complaint
        values["definition.outcomes_sought"] = preview.definition.outcomes_sought
    if isinstance(preview, DeadlineExtended):
        values["extension.new_response_due"] = format_date(preview.new_due)
        values["deadline.original_response_due"] = format_date(preview.previous_due)
    return values


#: the letter that tells the resident of each step held until they are told (by its ``PendingStep.step``)
STEP_LETTERS = {
    "acknowledge": "stage{stage}-acknowledgement",
    "respond": "stage{stage}-response",
    "extend": "extension-notice",
    "decline": "decision-not-to-accept",
    "amend_definition": "definition-amended",
    "decline_escalation": "decision-not-to-escalate",
}


def step_letter_kind(step: str, stage: int | None) -> LetterKind:
    """The kind of letter that tells the resident of ``step`` at ``stage``. Not accepting a complaint
    at stage 2 (or 3), which was accepted and answered at stage 1, refuses to take it through all the
    stages (2024 5.11; 2022 5.9, at a third stage 4.14): its letter sets out the reasons for that and,
    where the Code gives it (2.4; 2022 5.9, not at a third stage), the right to take the decision to
    the Ombudsman, not "we cannot accept this as a complaint", which a browser walk found issued at
    stage 2."""
    if step == "decline" and stage is not None and stage > 1:
        step = "decline_escalation"
    return parse_kind(STEP_LETTERS[step].format(stage=stage))


def step_letter_kind_if_any(step: str, stage: int | None) -> LetterKind | None:
    """:func:`step_letter_kind`, or ``None`` where no kind of letter exists for it (a 2022 third
    stage has no acknowledgement letter): for pages that only offer letters, never a 500."""
    try:
        return step_letter_kind(step, stage)
    except UnknownLetterKind:
        return None


def step_label_of_letter(kind: str) -> str:
    """What the step a ``kind`` letter tells the resident of is called ("response")."""
    for step, pattern in STEP_LETTERS.items():
        if re.fullmatch(pattern.replace("{stage}", r"\d"), kind):
            return complaint_services.STEP_LABELS[step]
    return "step"


def held_step_kind(held: PendingStep) -> LetterKind:
    return step_letter_kind(held.step, held.stage)


def letter_values(
    complaint: Complaint,
    kind: LetterKind | str,
    *,
    today: date | None = None,
    held: PendingStep | None = None,
) -> dict[str, str]:
    """The values a template's placeholders name, from the case as it stands (and the held step the
    letter tells the resident of, when there is one)."""
    chosen = parse_kind(kind)
    day = today or timezone.localdate()
    stage_number = letter_stage(complaint, chosen)
    stage = Stage.objects.filter(complaint=complaint, number=stage_number).first()
    response: Mapping[str, Any] = stage.response if stage and stage.response else {}
    head = letterhead()
    contact = ombudsman_contact()
    rules = landlord_rules()
    landlord = Landlord.load()
    addressee, _ = _addressee(complaint)
    values: dict[str, str] = {
        "letter.date": format_date(day),
        "landlord.name": head.name,
        "resident.name": complaint.resident.name,
        "resident.address": "\n".join(_address(complaint)),
        "addressee.name": addressee,
        "complaint.reference": complaint.reference,
        "complaint.summary": complaint.summary,
        "complaint.received_on": format_date(complaint.received_on),
        "complaint.stage": f"stage {stage_number}",
        "handler.name": _person(complaint.handler),
        "ombudsman.name": contact.name,
        "ombudsman.phone": contact.telephone,
        "ombudsman.website": contact.website,
        "ombudsman.form_url": contact.complaint_form_url,
        "ombudsman.email": contact.email,
        "ombudsman.address": ", ".join(contact.postal_address),
        "contact.phone": head.phone,
        "contact.email": head.email,
        # counted from the day the letter is drafted; issued on a later day, ``issue_letter`` counts
        # it again from that day (``escalation_by_as_issued``)
        "deadline.escalation_by": escalation_by(day, rules=rules, landlord=landlord),
    }
    if stage is not None:
        values.update(
            {
                "definition.complaint": stage.complaint_definition,
                "definition.outcomes_sought": stage.outcomes_sought,
                "definition.responsible_for": stage.responsible_for,
                "definition.not_responsible_for": (
                    f"We are not responsible for: {stage.not_responsible_for}"
                    if stage.not_responsible_for
                    else ""
                ),
                "deadline.response_due": format_date(stage.response_due),
                "deadline.original_response_due": format_date(
                    stage.original_response_due or stage.response_due
                ),
            }
        )
        if not stage.not_responsible_for and stage.responsible_for:
            values["definition.not_responsible_for"] = (
                "There is nothing in your complaint that we are not responsible for."
            )
    for key in ("decision", "reasons", "remedy", "outstanding_actions", "escalation_route"):
        values[f"response.{key}"] = str(response.get(key) or "")
    values["response.outcome"] = str(response.get("outcome") or "").replace("_", " ")
    # the stage and the definition the response records (2024 6.9 a, b; 6.19 a, b); before it is
    # recorded, what the response form opens with and the core records when they are left empty (a
    # held response's own replace them below)
    values["response.complaint_stage"] = str(response.get("complaint_stage") or "") or (
        response_stage(stage_number) if stage_number is not None else ""
    )
    values["response.complaint_definition"] = str(
        response.get("complaint_definition") or ""
    ) or stage_response_definition(stage)
    if chosen in (
        LetterKind.STAGE1_RESPONSE,
        LetterKind.STAGE2_RESPONSE,
        LetterKind.STAGE3_RESPONSE,
    ) and not (values["response.remedy"] and values["response.outstanding_actions"]):
        # a response letter started before the response is recorded: the remedies and outstanding
        # actions the record holds, as the response form opens with (2024 6.9 e, f; 6.19 e, f), never
        # an empty section read as "nothing was offered" (a held response's own replace them below)
        case = case_for(complaint)
        values["response.remedy"] = values["response.remedy"] or recorded_remedies(case)
        values["response.outstanding_actions"] = values["response.outstanding_actions"] or (
            recorded_outstanding_actions(case)
        )
    if not values["response.escalation_route"]:
        # a response letter started before the response is recorded: the landlord's standard words,
        # as the response form opens with (a held response's own route replaces them below)
        if chosen == LetterKind.STAGE1_RESPONSE:
            values["response.escalation_route"] = standard_escalation_route()
        elif chosen in (LetterKind.STAGE2_RESPONSE, LetterKind.STAGE3_RESPONSE):
            values["response.escalation_route"] = standard_ombudsman_route()
    extension = (
        Extension.objects.filter(complaint=complaint, stage=stage_number)
        .order_by("-granted_on", "-id")
        .first()
    )
    if extension is not None:
        values["extension.new_response_due"] = format_date(extension.new_due)
        values["extension.reason"] = extension.reason
        values["extension.working_days"] = str(extension.working_days)
        values["deadline.original_response_due"] = format_date(extension.previous_due)
    remedies = list(
        Remedy.objects.filter(
            complaint=complaint, completed_on__isnull=True, withdrawn_on__isnull=True
        ).order_by("number")
    )
    if remedies:
        values["remedy.list"] = "\n".join(
            f"- {remedy_words(r.description, r.amount_pence)}, by {format_date(r.due)}" for r in remedies
        )
        values["remedy.by_when"] = format_date(max(r.due for r in remedies))
    actions = list(
        OutstandingAction.objects.filter(complaint=complaint, completed_on__isnull=True).order_by("number")
    )
    if actions:
        values["actions.list"] = "\n".join(
            f"- {clause(a.description)}: {a.owner}, by {format_date(a.due)}" for a in actions
        )
        values["actions.by_when"] = format_date(max(a.due for a in actions))
    interval = (
        ComplaintEvent.objects.filter(complaint=complaint, kind="update_interval_agreed")
        .order_by("-sequence")
        .first()
    )
    if interval is not None:
        every = interval.data.get("every_working_days")
        method = str(interval.data.get("method") or "").replace("_", " ")
        values["update.interval"] = f"every {every} working days" + (f" by {method}" if method else "")
    exclusion = ExclusionApplied.objects.filter(complaint=complaint).order_by("-applied_on", "-id").first()
    if exclusion is not None:
        values["exclusion.reason"] = exclusion.explanation
        declined = (
            ComplaintEvent.objects.filter(complaint=complaint, kind="declined").order_by("-sequence").first()
        )
        data = declined.data if declined is not None else {}
        values["exclusion.previously_considered"] = previously_considered(
            data.get("previously_considered_in"), data.get("ground")
        )
    # a notice reads the restriction in force; the letter about an ended one, the one that ended last
    ended = chosen == LetterKind.CONTACT_RESTRICTION_ENDED
    restriction = (
        ContactRestriction.objects.filter(resident=complaint.resident, ended_on__isnull=not ended)
        .order_by("-ended_on" if ended else "-starts_on", "-id")
        .first()
    )
    if restriction is not None:
        values["restriction.details"] = restriction.restriction
        values["restriction.reason"] = restriction.reason
        values["restriction.equality"] = restriction.equality_considerations
        values["restriction.review_due"] = format_date(restriction.review_due)
        if restriction.ended_on is not None:
            values["restriction.ended_on"] = format_date(restriction.ended_on)
    if held is not None:
        values.update(held_values(held, today=day))
    return values


def stage_response_definition(stage: Stage | None) -> str:
    """The complaint definition a response records for ``stage`` when the handler leaves it as the
    response form opens with it, or empty (``code.lifecycle.response_definition``). Empty where the
    stage has no definition."""
    if stage is None or not stage.complaint_definition.strip():
        return ""
    return response_definition(stage.complaint_definition, stage.outcomes_sought)


def escalation_by(day: date, *, rules: Rules | None = None, landlord: Landlord | None = None) -> str:
    """``{{ deadline.escalation_by }}`` for a letter issued on ``day``: the last day of the landlord's
    window for asking for stage 2 (``Landlord.escalation_window_working_days``), counted from ``day``."""
    calendar = (rules or landlord_rules()).calendar
    window = (landlord or Landlord.load()).escalation_window_working_days
    return format_date(calendar.add_working_days(day, window))


#: The Code sets no time limit on asking for stage 2. 2024 6.10: "If all or part of the complaint is
#: not resolved to the resident's satisfaction at stage 1, it must be progressed to stage 2 of the
#: landlord's procedure." 6.11: "Requests for stage 2 must be acknowledged, defined and logged at
#: stage 2 of the complaint's procedure within five working days of the escalation request being
#: received." 6.12: "Residents must not be required to explain their reasons for requesting a stage 2
#: consideration." A window for asking (``Landlord.escalation_window_working_days``, which the
#: resident's page keeps to) is the landlord's own policy, and the letter may state it: counted from
#: the date of the letter, never a date written on the day the response was recorded, which goes
#: stale if the letter is issued later.
def standard_escalation_route() -> str:
    """The landlord's standard words for how to escalate to stage 2 (2024 6.9 g), which the stage 1
    response form opens with: from the facts the default template's fixed sentence used (the
    complaints email and phone on the letterhead, the landlord's window), so the route the response
    records is the one its letter says (``{{ response.escalation_route }}``)."""
    head = LetterheadSettings.load()
    ways = [
        "reply to this letter",
        *([f"email {head.email.strip()}"] if head.email.strip() else []),
        *([f"call us on {head.phone.strip()}"] if head.phone.strip() else []),
    ]
    how = ", ".join(ways[:-1]) + " or " + ways[-1] if len(ways) > 1 else ways[0]
    window = Landlord.load().escalation_window_working_days
    within = f" within {window} working days of the date of this letter" if window else ""
    return f"You can ask us to take your complaint to stage 2. Please {how}{within}."


def standard_ombudsman_route() -> str:
    """The landlord's standard words for how to refer the complaint to the Ombudsman after its final
    response (2024 6.19 g: "details of how to escalate the matter to the Ombudsman Service if the
    individual remains dissatisfied"; 2022 5.20), which the final response form opens with: the words
    the default stage 2 template used to fix, with the Ombudsman's configured contact details, so the
    route the response records is the one its letter says (``{{ response.escalation_route }}``)."""
    contact = ombudsman_contact()
    ways = [
        ("Telephone", contact.telephone),
        ("Online complaint form", contact.complaint_form_url),
        ("Email", contact.email),
        ("Post", ", ".join(contact.postal_address)),
    ]
    lines = "\n".join(f"- {label}: {value.strip()}" for label, value in ways if value.strip())
    return (
        f"If you remain unhappy, you can refer your complaint to the {contact.name}, which is free and "
        f"independent. You can contact them online, by phone or by post:\n\n{lines}"
    )


def previously_considered(earlier: object, ground: object) -> str:
    """What a letter refusing to escalate a matter previously considered says of the earlier complaint
    that considered it (2024 5.11: "Landlords must clearly set out these reasons"), or nothing on any
    other ground, whatever was typed (a form without scripts posts it; helper-136), or when none is
    named."""
    named = str(earlier or "").strip()
    if str(ground or "") != ExclusionGround.PREVIOUSLY_CONSIDERED.value or not named:
        return ""
    return f"We considered this matter before, in {named}."


# --- templates ----------------------------------------------------------------------------------------


def template_for(kind: LetterKind | str) -> LetterTemplate:
    """The landlord's template for ``kind`` (created from the default if it was removed)."""
    chosen = parse_kind(kind)
    found = LetterTemplate.objects.filter(kind=chosen.value).first()
    if found is None:
        default = DEFAULT_TEMPLATES[chosen.value]
        found = LetterTemplate.objects.create(kind=chosen.value, title=default.title, body=default.body)
    return found


def template_body(complaint: Complaint, kind: LetterKind | str, body: str | None = None) -> str:
    """The landlord's template for ``kind`` (or ``body``, a version of it), its markers read in the
    complaint's own edition (:func:`markers_for_edition`): one template serves complaints under
    either Code, and a 2022 complaint's letter carried the 2024 Code's markers. The stage and third
    stage are the ones its check is given (:func:`check_context`)."""
    chosen = parse_kind(kind)
    text = template_for(chosen).body if body is None else body
    stage = letter_stage(complaint, chosen) if chosen == LetterKind.EXTENSION_NOTICE else None
    third_stage = complaint.edition == "2022" and landlord_and_rules()[0].third_stage
    return markers_for_edition(text, chosen, complaint.edition, stage=stage, third_stage=third_stage)


def save_template(*, kind: LetterKind | str, title: str, body: str, actor: User | None) -> LetterTemplate:
    from putright.letters.placeholders import validate

    validate(title)
    validate(body)
    template = template_for(kind)
    template.title = title.strip()
    template.body = _clean_body(body, "a template")
    template.updated_at = timezone.now()
    template.updated_by = actor
    template.full_clean()
    with transaction.atomic():
        template.save()
        LetterTemplateVersion.objects.create(
            kind=template.kind,
            title=template.title,
            body=template.body,
            saved_at=template.updated_at,
            saved_by=actor,
        )
    return template


def restore_default_template(*, kind: LetterKind | str, actor: User | None) -> LetterTemplate:
    default = DEFAULT_TEMPLATES[parse_kind(kind).value]
    return save_template(kind=kind, title=default.title, body=default.body, actor=actor)


# --- drafts ---------------------------------------------------------------------------------------------


#: the longest letter or template body taken, in characters: about 40 pages, far more than any
#: letter to a resident, and a bound on the time one check of it takes (a few seconds)
LETTER_MOST = 100_000


def too_long(body: str, what: str = "a letter") -> str | None:
    """Why ``body`` is too long to take, if it is. Counted as saved, one character to a line end: a
    browser sends each as two ("\r\n")."""
    length = len(body.replace("\r\n", "\n"))
    if length <= LETTER_MOST:
        return None
    return (
        f"{what} can be at most {LETTER_MOST:,} characters (about 40 pages); this one has "
        f"{length:,}: shorten it"
    )


def _clean_body(body: str, what: str = "a letter") -> str:
    """``body`` with its line ends made one kind and control characters taken out; a body longer
    than ``LETTER_MOST`` is refused with a clear error (nothing is saved)."""
    problem = too_long(body, what)
    if problem:
        raise InvalidRequest(None, problem)
    return _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n"))


def _kind_for(complaint: Complaint, kind: LetterKind | str) -> LetterKind:
    try:
        chosen = parse_kind(kind)
    except LookupError as error:
        raise InvalidRequest(None, str(error)) from None
    if chosen not in letter_kinds(complaint.edition):
        raise InvalidRequest(None, f"the {complaint.edition} Code has no {chosen.value} letter")
    return chosen


#: the letters that tell the resident of a stage's consideration: whoever writes, confirms or issues
#: one at stage 2 must not have considered stage 1 (2024 6.13; 2022 5.12)
_CONSIDERING_KINDS = frozenset(
    {
        LetterKind.STAGE2_ACKNOWLEDGEMENT,
        LetterKind.STAGE2_RESPONSE,
        LetterKind.STAGE3_RESPONSE,
        LetterKind.EXTENSION_NOTICE,
        # deciding not to go on with the complaint at stage 2 is considering it there
        LetterKind.DECISION_NOT_TO_ACCEPT,
        LetterKind.DECISION_NOT_TO_ESCALATE,
    }
)


def _independent(complaint: Complaint, kind: LetterKind | str, stage: int | None, actor: User | None) -> None:
    """2024 6.13 for the person writing, confirming or issuing a stage 2 letter: the record would
    otherwise show the stage 2 handler's step while the resident received the stage 1 handler's work."""
    if parse_kind(str(kind)) in _CONSIDERING_KINDS:
        complaint_services.check_acting_independently(
            complaint=complaint, actor=actor, stage=stage if stage is not None else complaint.stage
        )


def start_draft(
    *,
    complaint: Complaint,
    kind: LetterKind | str,
    actor: User | None,
    body: str | None = None,
    title: str | None = None,
    today: date | None = None,
    held: PendingStep | None = None,
) -> LetterDraft:
    """A new draft of a ``kind`` letter: the template filled with the case's values, or ``body``.
    With ``held``, the letter tells the resident of that held step: issuing it records the step."""
    chosen = _kind_for(complaint, kind)
    _independent(complaint, chosen, letter_stage(complaint, chosen), actor)
    if held is None:
        held = _held_step_for(complaint, chosen.value, letter_stage(complaint, chosen))
    template = template_for(chosen)
    values = letter_values(complaint, chosen, today=today, held=held)
    filled_body = fill(template_body(complaint, chosen, template.body), values) if body is None else body
    filled_title = fill(template.title, values) if title is None else title
    if not filled_body.strip():
        raise InvalidRequest(None, "a letter needs a body")
    if not filled_title.strip():
        raise InvalidRequest(None, "a letter needs a title")
    if body is None and too_long(filled_body):
        raise InvalidRequest(
            None,
            f"the letter telling the resident of this would have {len(filled_body):,} characters, more than "
            f"the {LETTER_MOST:,} a letter can have (about 40 pages): shorten what was entered",
        )
    return LetterDraft.objects.create(
        complaint=complaint,
        kind=chosen.value,
        edition=complaint.edition,
        stage=letter_stage(complaint, chosen),
        title=filled_title.strip()[:300],
        body=_clean_body(filled_body),
        created_by=actor,
        pending_step=held,
    )


def take_step(
    perform: Callable[[], Complaint], *, complaint: Complaint, actor: User | None
) -> tuple[Complaint, LetterDraft | None]:
    """Take a step at any door (``perform`` calls its service). If the step was held because the
    resident must be told of it, its letter is drafted from what was entered and returned with the
    complaint; the step counts when that letter is issued. The same for the API and the workspace."""
    # one unit: a letter that cannot be drafted (what was entered would make it longer than a letter
    # can be) leaves no held step behind that no letter could ever tell the resident of
    # the fields its letter could never say ("[TBC]", a route without the Ombudsman's details) are
    # refused with the Code's own refusals, before anything is recorded (``fields_no_letter_can_say``)
    with transaction.atomic():
        after, held = perform_and_hold(perform, complaint=complaint)
        return after, (draft_for_held_step(held=held, actor=actor) if held else None)


def blanks_recorded(held: PendingStep) -> list[tuple[str, str]]:
    """(field, blank) for each field of ``held`` whose value its letter says (:func:`held_values`)
    and that leaves a blank in it ("[TBC]", "[insert date]"), read as the letter check reads blanks
    (:func:`blanks_left`, on the value as the letter prints it)."""
    said = "\n".join(held_values(held, today=timezone.localdate()).values())
    found = []
    for name, value in held.fields.items():
        if isinstance(value, str) and value.strip() and value.strip() in said:
            blank = blank_left_in(value)
            if blank is not None:
                found.append((name, blank))
    return found


def blank_left_in(value: str) -> str | None:
    """The first blank ``value`` leaves in a letter that says it ("[TBC]", "[insert date]"), read as
    the letter check reads blanks (:func:`blanks_left`, on the value as the letter prints it)."""
    blanks = blanks_left(clean_value(value))
    return blanks[0] if blanks else None


def blank_refusal(blank: str, *, sent: bool = False) -> str:
    """What a field holding ``blank`` is told: the letter saying it could never be issued; ``sent``
    (told another way), the text kept as sent does not say it, so it is not what the resident was told
    (2024 5.12)."""
    if sent:
        return (
            f"\u201c{blank}\u201d is a blank left to fill in, and the text kept as sent does not say it: "
            "the record says what the resident was told. Write what the text told them"
        )
    return (
        f"\u201c{blank}\u201d is a blank left to fill in: the letter telling the resident says what is "
        "written here, and a letter with a blank in it cannot be issued. Write what it stands for"
    )


def blank_was_sent(blank: str, sent: str | None) -> bool:
    """``blank`` is in ``sent``, the text of a step told another way as the resident read it: a
    section saying it is what the resident was told (2024 5.12), never refused."""
    return sent is not None and plain(blank) in plain(text_as_read(sent))


#: set while a step is recorded as told by a letter already issued (``already_issued``): no letter
#: is to be written from its fields, and the issued letter is checked against them instead
_TOLD_BY_AN_ISSUED_LETTER: ContextVar[bool] = ContextVar("putright_told_by_an_issued_letter", default=False)


@contextmanager
def told_by_an_issued_letter() -> Iterator[None]:
    """Record the steps taken inside as told by a letter already issued: what the resident was told
    is that letter, which ``already_issued`` checks says what the step records, so the fields are not
    read for a letter PutRight would write (:func:`fields_no_letter_can_say`)."""
    token = _TOLD_BY_AN_ISSUED_LETTER.set(True)
    try:
        yield
    finally:
        _TOLD_BY_AN_ISSUED_LETTER.reset(token)


def fields_no_letter_can_say(
    sender: object,
    *,
    complaint: Complaint,
    step: str,
    stage: int,
    fields: dict[str, Any],
    told: complaint_services.Told | None,
    **_: Any,
) -> list[tuple[str, str, str | None]]:
    """(field, message, provision) for each field of a step the resident is told of that the record must not
    hold (connected to ``complaint_services.checking_fields``, asked at every door before the step is
    decided; each door shows them on their fields with the Code's own refusals, keeping what was
    typed, and nothing is recorded):

    * a blank left in a field its letter says ("[TBC]", "[insert date]"): a letter with a blank in it
      cannot be issued, and the held step was stuck until discarded (browser walk). Told another way
      too, unless the text kept as sent says the same blank: the record's sections are what the
      resident was told (2024 5.12), and a "[TBC]" the text never said is not that; one it said is;
    * the route onward of a response whose letter PutRight is to write (2024 6.9 g, 6.19 g), which
      the letter check would refuse at issue (:func:`route_the_letter_cannot_say`)."""
    if step not in STEP_LETTERS or _TOLD_BY_AN_ISSUED_LETTER.get():
        return []
    held = as_held(complaint=complaint, step=step, stage=stage, fields=fields)
    sent = told.body if told is not None and told.letter_id is None else None
    # read from the fields alone first: what the letter would say is read (from the record) only
    # where a field holds a blank, so a step without one costs no more statements
    typed = any(isinstance(v, str) and blank_left_in(v) is not None for v in fields.values())
    problems: list[tuple[str, str, str | None]] = [
        (name, blank_refusal(blank, sent=sent is not None), None)
        for name, blank in (blanks_recorded(held) if typed else [])
        if not blank_was_sent(blank, sent)
    ]
    if told is None and step == "respond" and not any(name == "escalation_route" for name, _, _ in problems):
        problems += route_the_letter_cannot_say(held)
    return problems


def as_held(*, complaint: Complaint, step: str, stage: int, fields: dict[str, Any]) -> PendingStep:
    """A step not yet recorded, as it would be held with ``fields`` (never saved): what its letter
    would say is read from it as from a held step's (:func:`held_values`)."""
    return PendingStep(
        complaint=complaint, step=step, stage=stage, fields=fields, decided_on=timezone.localdate()
    )


#: the elements a response's route onward is (2024 6.9 g, 6.19 g; 2022 5.8, 5.16, 5.20)
_ROUTE_ONWARD = (Element.ESCALATION_ROUTE.value, Element.OMBUDSMAN_ROUTE.value)


def route_the_letter_cannot_say(held: PendingStep) -> list[tuple[str, str, str | None]]:
    """``[("escalation_route", why, provision)]`` where the letter telling the resident of the response ``held``
    could not be issued for its route onward: the letter as PutRight drafts it from the landlord's
    template and these fields, judged by the check issuing runs (:func:`check_letter`, with the
    context :func:`check_draft` gives it), finds the route missing, or wrong in the route's own words
    (the Ombudsman's number mistyped). Never where the check passes it or asks a person to confirm
    it, nor where the template does not say the route (the template's to put right, not the field's).
    The held response was stuck until discarded: its letter must say the route it records
    (:func:`differs_from_the_record`)."""
    route = str(held.fields.get("escalation_route") or "").strip()
    if not route:
        return []  # the Code's own refusal names it (a response must confirm its route)
    kind = held_step_kind(held)
    complaint = held.complaint
    today = timezone.localdate()
    body = fill(template_body(complaint, kind), letter_values(complaint, kind, today=today, held=held))
    if plain(route) not in plain(body):
        return []
    context = check_context(complaint, kind.value, held.stage, held=held, on=today)
    result = check_letter(_clean_body(body), kind, complaint.edition, context)
    onward = next((e for e in result.elements if e.element in _ROUTE_ONWARD), None)
    if onward is None or onward.status not in (MISSING, WRONG):
        return []
    if onward.status == WRONG and not (onward.evidence and plain(onward.evidence) in plain(route)):
        return []  # wrong elsewhere in the letter: that field's to put right, refused at issue
    # the provision the route enforces: "details of how to escalate the matter to the Ombudsman
    # Service" (2024 6.9 g, 6.19 g; 2022 5.8, 5.16, 5.20), as the check cites it
    return [("escalation_route", _route_refusal(onward, route), onward.provision)]


def _route_refusal(onward: ElementResult, route: str) -> str:
    """What the route field is told: the Code's words, what the check finds, and for the Ombudsman
    route without any of their contact details, what they are."""
    why = f"{onward.provision} requires \u201c{onward.requirement.rstrip('.;')}\u201d: {onward.note.rstrip('.')}."
    contact = ombudsman_contact()
    if onward.element == Element.OMBUDSMAN_ROUTE.value and not contact.find(route):
        given = _and([d for d in (contact.telephone, contact.complaint_form_url, contact.email) if d.strip()])
        why += f" It gives none of the {contact.name}'s contact details ({given})."
    return why + " The letter telling the resident says this route, and could not be issued with it"


def perform_and_hold(
    perform: Callable[[], Complaint], *, complaint: Complaint
) -> tuple[Complaint, PendingStep | None]:
    """Take a step (``perform``) and return the complaint with the step it held until the resident
    is told, if it held one."""
    before = {p.pk for p in complaint_services.held_steps(complaint)} if complaint.not_yet_sent else set()
    after = perform()
    if before:
        # a held step recorded again replaces the one waiting: its letter's email, not yet sent,
        # would send the resident the version the record no longer holds
        stop_emails_of_dead_steps(complaint)
    if not after.not_yet_sent:
        return after, None
    held = [p for p in complaint_services.held_steps(after) if p.pk not in before]
    return after, (held[-1] if held else None)


def draft_for_held_step(*, held: PendingStep, actor: User | None) -> LetterDraft:
    """The letter telling the resident of ``held``, written from the landlord's template with what the
    handler recorded; an unissued draft already written for it is reused."""
    existing = (
        LetterDraft.objects.filter(pending_step=held, issued__isnull=True).order_by("-updated_at").first()
    )
    if existing is not None:
        return existing
    return start_draft(complaint=held.complaint, kind=held_step_kind(held), actor=actor, held=held)


def preview_body(
    *, complaint: Complaint, kind: LetterKind | str, today: date | None = None
) -> tuple[str, str]:
    """(title, body) of the template filled for the case, without saving a draft: with what a held
    step of the letter's kind records, if one waits (a letter started by hand for it then says what
    the step records, rather than blanks the check would compare with the record)."""
    chosen = _kind_for(complaint, kind)
    template = template_for(chosen)
    held = _held_step_for(complaint, chosen.value, letter_stage(complaint, chosen))
    values = letter_values(complaint, chosen, today=today, held=held)
    return fill(template.title, values), fill(template_body(complaint, chosen, template.body), values)


def update_draft(
    *, draft: LetterDraft, body: str, title: str | None = None, actor: User | None = None
) -> LetterDraft:
    if IssuedLetter.objects.filter(draft=draft).exists():
        raise TransitionNotAllowed(None, "this letter has been issued: start a new letter to write again")
    _independent(draft.complaint, draft.kind, draft.stage, actor)
    if not body.strip():
        raise InvalidRequest(None, "a letter needs a body")
    draft.body = _clean_body(body)
    if title is not None and title.strip():
        draft.title = title.strip()[:300]
    draft.updated_at = timezone.now()
    draft.save(update_fields=["body", "title", "updated_at"])
    return draft


#: the most working days the Extend form takes (``ExtendForm.working_days``): the dates a letter
#: telling of an extension not yet recorded may give
EXTENSION_DAYS_MOST = 60


def promisable_response_dates(start: date, due: date) -> list[date]:
    """The response dates an acknowledgement letter may give: the date the Code's timescale sets
    (``due``), or any working day from ``start`` (the day it is issued) up to it. The Code sets
    the limit, not the date: "landlords must respond to the complaint within 10 working days of the
    complaint being acknowledged" (2024 6.3; 20 at stage 2, 6.14), so promising sooner is allowed;
    the date the letter gives is kept with it (``IssuedLetter.response_date_given``) and the case
    shows it beside the Code's."""
    calendar = landlord_rules().calendar
    days = [start + timedelta(days=n) for n in range((due - start).days + 1)] if due >= start else []
    return sorted({d for d in days if calendar.is_working_day(d)} | {due})


def _response_dates(context: dict[str, Any], *, issued_on: date, start: date, due: date) -> None:
    """Put in ``context`` what the check needs to judge an acknowledgement's response date: the
    dates it may give (from ``start`` to ``due``), the day it is issued and the landlord's calendar
    (a "within N working days" counts from that day in those working days)."""
    context["response_due"] = promisable_response_dates(start, due)
    context["issued_on"] = issued_on
    context["is_working_day"] = landlord_rules().calendar.is_working_day


def check_context(
    complaint: Complaint,
    kind: str,
    stage: int | None,
    *,
    held: PendingStep | None = None,
    on: date | None = None,
    step_recorded: bool = False,
) -> dict[str, Any]:
    """What the Code check needs beyond the text: the stage and the dates the letter must give. For a
    letter telling the resident of a held step, the dates the step will carry if it is issued ``on``;
    ``step_recorded``: of the step just recorded, only the dates the record holds."""
    chosen = parse_kind(kind)
    day = on or timezone.localdate()
    # a section saying only the template's own words ("for the reason below.") says nothing
    context: dict[str, Any] = {
        "scaffold": scaffold_of(template_body(complaint, chosen)),
        # a day the letter says the complaint was made or received is judged against these
        "issued_on": day,
        "received_on": complaint.received_on,
    }
    at = stage or letter_stage(complaint, chosen)
    if kind_stage(chosen) is None and chosen == LetterKind.EXTENSION_NOTICE:
        context["stage"] = at
    if complaint.edition == "2022" and landlord_and_rules()[0].third_stage:
        context["third_stage"] = True
    row = Stage.objects.filter(complaint=complaint, number=at).first()
    if row is not None and row.escalation_requested_on is not None:
        # what a stage 2 letter's "within 20 working days of receiving your request" counts from
        context["escalation_requested_on"] = row.escalation_requested_on
    if (
        chosen in (LetterKind.STAGE1_ACKNOWLEDGEMENT, LetterKind.STAGE2_ACKNOWLEDGEMENT)
        and row
        and row.response_due
    ):
        # the date first set, the current one, or a working day before them from the day the stage
        # was acknowledged: dates the record holds or a response within them meets
        recorded = [d for d in (row.original_response_due, row.response_due) if d]
        _response_dates(context, issued_on=day, start=max(row.acknowledged_on or day, day), due=max(recorded))
        context["response_due"] = sorted({*recorded, *context["response_due"]})
    elif chosen in (LetterKind.STAGE1_ACKNOWLEDGEMENT, LetterKind.STAGE2_ACKNOWLEDGEMENT) and held is None:
        # a letter acknowledging the complaint before the step is recorded: the response date it
        # gives must be the one acknowledging on the day it is issued sets, or sooner (2024 6.3, 6.14)
        due = complaint_services.response_due_if_acknowledged(complaint, stage=at, on=day)
        if due is not None:
            _response_dates(context, issued_on=day, start=day, due=due)
    if chosen == LetterKind.REMEDY_OFFER:
        dues = list(
            Remedy.objects.filter(
                complaint=complaint, completed_on__isnull=True, withdrawn_on__isnull=True
            ).values_list("due", flat=True)
        )
        if dues:
            context["remedy_due"] = dues
    if chosen == LetterKind.EXTENSION_NOTICE:
        extension = (
            Extension.objects.filter(complaint=complaint, stage=at).order_by("-granted_on", "-id").first()
        )
        # the date the last extension set (a copy of its letter), or, for a letter telling of an
        # extension not yet recorded, a date one can set: a working day after the date now due
        # (2024 6.4, 6.15: weekends, bank holidays and closure days are not working days)
        dates = [extension.new_due] if extension is not None else []
        if held is None and not step_recorded and row and row.response_due and row.responded_on is None:
            dates += landlord_rules().calendar.working_days_after(row.response_due, EXTENSION_DAYS_MOST)
        if dates:
            context["new_deadline"] = dates
    if held is not None:
        preview = complaint_services.preview_held_step(held, on=day)
        if isinstance(preview, Acknowledged):
            _response_dates(context, issued_on=day, start=day, due=preview.response_due)
        if isinstance(preview, DeadlineExtended):
            context["new_deadline"] = preview.new_due
    return context


def confirmations(draft: LetterDraft) -> list[Confirmation]:
    return [
        Confirmation(
            element=c.element,
            evidence=c.evidence,
            by=_person(c.confirmed_by) or "(unknown)",
            at=timezone.localtime(c.confirmed_at).isoformat(timespec="minutes"),
        )
        for c in ElementConfirmation.objects.filter(draft=draft).select_related("confirmed_by")
    ]


def check_draft(draft: LetterDraft, *, on: date | None = None) -> CheckResult:
    """The Code check of ``draft`` (as if issued ``on``, today by default), with each "confirm" element
    a person has confirmed (for the same sentence) counted as there."""
    held = held_step_of(draft)
    context = check_context(draft.complaint, draft.kind, draft.stage, held=held, on=on)
    result = check_letter(draft.body, draft.kind, draft.edition, context)
    return result.with_confirmations(confirmations(draft))


def _response_date_given(result: CheckResult) -> date | None:
    """The response date an acknowledgement letter promises, as the check read it from the sentence
    it relied on (``None`` if it gives none the check could count, or asks a person to confirm it)."""
    return next(
        (e.given for e in result.elements if e.element == LetterElement.RESPONSE_DATE.value and e.present),
        None,
    )


def _response_date_unsure(result: CheckResult) -> tuple[date, str] | None:
    """The date, and the sentence, the check asks a person to confirm as the response date's ("We
    will let you know by 7 March"); ``None`` if it asks none."""
    return next(
        (
            (e.given, e.evidence or "")
            for e in result.elements
            if e.element == LetterElement.RESPONSE_DATE.value and e.status == CONFIRM and e.given
        ),
        None,
    )


def confirm_element(
    *, draft: LetterDraft, element: str, actor: User | None, now: datetime | None = None
) -> ElementConfirmation:
    """Record that ``actor`` confirms the sentence the check relied on for ``element`` does what the
    Code requires. Only an element the check is unsure of ("confirm") can be confirmed: a missing or
    wrong element must be put right in the letter."""
    with transaction.atomic():
        draft = LetterDraft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
        if IssuedLetter.objects.filter(draft=draft).exists():
            raise TransitionNotAllowed(None, "this letter has been issued: nothing can be confirmed on it")
        _independent(draft.complaint, draft.kind, draft.stage, actor)
        result = check_draft(draft)
        try:
            found = result.element(element)
        except KeyError:
            raise InvalidRequest(None, f"{element!r} is not an element this letter must contain") from None
        if found.status != "confirm" or not found.evidence:
            raise InvalidRequest(
                found.provision,
                f"{found.label} is {found.status}: only an element the check asks a person to confirm can be "
                "confirmed",
            )
        confirmation, _created = ElementConfirmation.objects.get_or_create(
            draft=draft,
            element=element,
            evidence=found.evidence,
            defaults={"confirmed_by": actor, "confirmed_at": now or timezone.now()},
        )
    return confirmation


def check_text(*, complaint: Complaint, kind: str, body: str) -> CheckResult:
    chosen = _kind_for(complaint, kind)
    return check_letter(
        _clean_body(body), chosen, complaint.edition, check_context(complaint, chosen.value, None)
    )


def gaps_in_text_sent_another_way(
    *, complaint: Complaint, step: str, stage: int | None, body: str, sent_on: date | None = None
) -> str:
    """What the text of a step told to the resident another way (an email or letter from another
    system, kept as sent: 2024 5.12) does not set out that a PutRight letter for the step must: the same
    Code check, run on what was kept. Said to the person recording it, never refused: the resident
    has been told, and the record must say so as it happened. Judged as of ``sent_on``, the day it was
    sent: "within 10 working days" counts from then, not from the day it is recorded. "" when nothing
    is missing or wrong, or no letter of PutRight's tells of the step."""
    kind = step_letter_kind_if_any(step, stage)
    if kind is None or not body.strip():
        return ""
    length = _length(body)
    if length > LETTER_MOST:
        # kept as sent, whatever its length (2024 5.12); the check reads no more than a letter can hold
        return (
            f"The text kept as sent has {length:,} characters, more than the {LETTER_MOST:,} a letter can "
            "have, so PutRight did not check it for what the Code requires. The step is recorded as told "
            "that day; read the text yourself, and if the resident was not told all the Code requires, "
            "send them a letter that does."
        )
    result = _check_text_sent(complaint, kind, body, sent_on)
    if result is None:
        return ""  # a kind this edition has no letter for: nothing to compare
    missing = [f"{e.label} ({e.provision})" for e in result.missing]
    # what is wrong with each, in the check's words: "wrongly (the record or the Code does not allow
    # it)" was said of a text saying when the response would NOT come (browser walk)
    wrong = [
        f"{e.label} ({e.provision}) wrongly ({e.note.rstrip('.')})"
        if e.note
        else f"{e.label} ({e.provision}) wrongly (the record or the Code does not allow it)"
        for e in result.wrong
    ]
    if not missing and not wrong:
        return ""
    said = []
    if missing:
        said.append(f"does not set out {_and(missing)}")
    if wrong:
        said.append(f"gives {_and(wrong)}")
    return (
        f"The text kept as sent {' and '.join(said)}: {a_or_an(kind_name(kind.value).lower())} from PutRight "
        "could not be issued like that. The step is recorded as told that day; if the resident was not "
        "told these, send them a letter that does."
    )


def _length(body: str) -> int:
    return len(body.replace("\r\n", "\n"))


#: a text kept as sent that is an email's HTML (another system's, pasted or sent through the API)
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|b|strong|i|em|u|a|html|body|table|tr|td|ul|ol|li|h[1-6])(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)  # a tag ends its name with a space, "/" or ">": "<a.smith@landlord.org>" in a plain text is not one


#: a line break inside a sentence of an email's HTML ("by<br>Friday 11 December"): a space to the
#: reader, and the sentence stays one (helper-98: read as two, no response date was found)
_BREAK_MID_SENTENCE = re.compile(r"(?<=[^.!?:;,\s>])\s*<br\s*/?>", re.IGNORECASE)


def text_as_read(body: str) -> str:
    """A text kept as sent, as the resident read it: an email's HTML without its tags, scripts or
    styles (email intake's own reading), a plain text as it is."""
    return html_to_text(_BREAK_MID_SENTENCE.sub(" ", body)) if _HTML_TAG.search(body) else body


def _check_text_sent(
    complaint: Complaint, kind: LetterKind, body: str, sent_on: date | None
) -> CheckResult | None:
    """The Code check of the text of a step just recorded as told another way, as of ``sent_on``,
    the day it was sent (``None`` for a kind this edition has no letter for). An email's HTML is read
    as the resident read it, by the reading email intake gives an HTML email (inscriptis: no tags,
    scripts or styles; before, "by <b>12 March 2025</b>" gave no date)."""
    text = text_as_read(body)
    try:
        chosen = _kind_for(complaint, kind)
        # the step just recorded: its own dates, not any an extension not yet recorded could set
        context = check_context(complaint, chosen.value, None, on=sent_on, step_recorded=True)
        return check_letter(_clean_body(text), chosen, complaint.edition, context)
    except LifecycleError:
        return None


def keep_response_date_in_text_sent(
    *,
    complaint: Complaint,
    step: str,
    stage: int,
    correspondence: Correspondence,
    told: complaint_services.Told,
    **_: Any,
) -> None:
    """Keep the response date an acknowledgement sent another way gave the resident, read from its
    kept text by the check a PutRight acknowledgement passes (``ResponseDateInTextSent``;
    connected to ``complaint_services.told_another_way``). A letter may promise the response sooner
    than the Code's limit (2024 6.3, 6.14: "within"), and the case keeps to what the resident was
    told. A text that gives no date the check can count, or one the check does not read (longer
    than a letter can be: the person recording it is told to read it), keeps none."""
    kind = step_letter_kind_if_any(step, stage) if step == "acknowledge" else None
    if kind is None or not told.body.strip():
        return
    # for the door to say what was kept from the text, or that nothing was (``read_from_text_sent``)
    complaint._acknowledged_by_text = stage  # type: ignore[attr-defined]
    if _length(told.body) > LETTER_MOST:
        return
    result = _check_text_sent(complaint, kind, told.body, told.on)
    if result is None:
        return
    given = _response_date_given(result) or _response_date_given_wrongly(result, complaint, stage, told.on)
    # a date the check would ask a person to confirm is not kept as PutRight's reading: it may be a
    # visit's or a call's, later than the response the resident was told of (helper-105). The person
    # recording the step is shown it, and records the date the text gave
    complaint._response_date_unsure = _response_date_unsure(result)  # type: ignore[attr-defined]
    if given is not None:
        # on the complaint the step returns, for the door to say what was read (``read_from_text_sent``)
        complaint._response_date_in_text_sent = ResponseDateInTextSent.objects.create(  # type: ignore[attr-defined]
            complaint=complaint,
            stage=stage,
            correspondence=correspondence,
            response_date_given=given,
            sent_on=told.on,
        )


def read_from_text_sent(after: Complaint) -> str:
    """What the step just taken read from its text sent another way, said to the person recording it
    so they can see it: the response date the resident was given, where sooner than the Code's, or
    that none was kept, so a date the check could not read ("by Friday") can be recorded by a person
    who reads it (``workspace.promised_dates``). "" for any other step, or a date kept that is not
    sooner than the Code's."""
    kept: ResponseDateInTextSent | None = getattr(after, "_response_date_in_text_sent", None)
    if kept is None:
        stage: int | None = getattr(after, "_acknowledged_by_text", None)
        due = _response_due(after, stage) if stage is not None else None
        if due is None:
            return ""
        unsure: tuple[date, str] | None = getattr(after, "_response_date_unsure", None)
        maybe = f": it may be {unsure[0]:%-d %B %Y} (\u201c{_first(unsure[1])}\u201d)" if unsure else ""
        return (
            f"PutRight could not tell the response date from the text sent{maybe}, so the case keeps to "
            f"the Code's date, {due:%-d %B %Y}. If the text gave the resident a date, record it under the "
            "text in the case's full record."
        )
    due = _response_due(after, kept.stage)
    if due is None or kept.response_date_given is None or kept.response_date_given == due:
        return ""
    if kept.response_date_given > due:
        # a browser walk: "PutRight could not tell the response date" beside "gives ... wrongly"
        return (
            f"The text sent told the resident to expect the response by {kept.response_date_given:%-d %B %Y}, "
            f"later than the Code allows: the case keeps to the Code's {due:%-d %B %Y}, and its full record "
            "shows the acknowledgement told the resident a date the Code does not allow."
        )
    return (
        f"The text sent told the resident to expect the response by {kept.response_date_given:%-d %B %Y}, "
        f"sooner than the Code's {due:%-d %B %Y}: the case, the lists and the resident's page keep to "
        f"{kept.response_date_given:%-d %B %Y}."
    )


def _first(sentence: str, most: int = 200) -> str:
    """``sentence``, cut at a word before ``most`` characters if longer, for a message."""
    return sentence if len(sentence) <= most else sentence[:most].rsplit(" ", 1)[0] + "\u2026"


def _response_due(complaint: Complaint, stage: int) -> date | None:
    """The Code's date for ``stage``'s response as the record now holds it."""
    return (
        Stage.objects.filter(complaint=complaint, number=stage).values_list("response_due", flat=True).first()
    )


def _response_date_given_wrongly(
    result: CheckResult, complaint: Complaint, stage: int, sent_on: date
) -> date | None:
    """The response date a text already sent gave, where the check finds its date wrong (a Saturday,
    "Tuesday 12 March" when 12 March is a Wednesday): a PutRight letter saying that could not be
    issued, but the resident was given it. The earliest day its sentence names from the day it was
    sent to before the Code's date: the record cannot keep a later promise than the resident was
    given. With none in that span, the earliest after the Code's date: a date the Code does not
    allow, kept as what the resident was told (the case keeps to the Code's date; a browser walk
    found the record said only that PutRight "could not tell"). ``None`` if it names no day from
    the day it was sent."""
    element = next((e for e in result.elements if e.element == LetterElement.RESPONSE_DATE.value), None)
    if element is None or element.status != WRONG or not element.evidence:
        return None
    due = _response_due(complaint, stage)
    if due is None:
        return None
    days = [d for d in days_promised(element.evidence, sent_on) if sent_on <= d]
    return min([d for d in days if d < due] or days, default=None)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- issuing --------------------------------------------------------------------------------------------

#: what each held step records that its letter must say, by placeholder: the record's entry and the
#: letter are one (an edit of the letter that drops it would leave the record saying what the
#: resident was never told)
_RECORDED_SECTIONS = {
    "definition.complaint": "the complaint definition",
    "response.complaint_stage": "the complaint stage",
    "response.complaint_definition": "the complaint definition",
    "definition.outcomes_sought": "the outcomes sought",
    "definition.responsible_for": "what we are responsible for",
    "response.decision": "the decision",
    "response.reasons": "the reasons",
    "response.remedy": "the remedy",
    "response.outstanding_actions": "the outstanding actions",
    "response.escalation_route": "how to escalate",
    "extension.reason": "the reason for the extension",
    "exclusion.reason": "the reason for the decision",
}


#: the same, to name a recorded section elsewhere ("the reasons")
RECORDED_SECTIONS = _RECORDED_SECTIONS


def differs_from_the_record(text: str, kind: str, held: PendingStep, *, today: date) -> list[str]:
    """What ``held`` records (in the sections its template fills from it) that a ``kind`` letter
    saying ``text`` does not say. A landlord's template without a section asks for nothing. Capital
    letters and a closing full stop do not change what is said: "We are responsible for: repairs to
    the fan" says what "Repairs to the fan." records (refused in a browser walk). Both are compared
    as the resident reads them (a value's "[" or "{{" is written escaped only where it needs to be)."""
    values = held_values(held, today=today)
    names = set(placeholders_in(template_for(kind).body))
    body = plain(as_read(text)).casefold()
    return [
        label
        for name, label in _RECORDED_SECTIONS.items()
        if name in names
        and str(values.get(name) or "").strip()
        and plain(as_read(fill("{{ " + name + " }}", values))).casefold().rstrip(".") not in body
    ]


def _not_dated_earlier(draft: LetterDraft, *, today: date) -> None:
    """A template's ``{{ letter.date }}`` is filled on the day the letter is drafted; issued on a later
    day, the letter would tell the resident it was written (and so sent) earlier than it was. Looks
    for the template's date line, filled with the drafting day, in the letter."""
    drafted = timezone.localdate(draft.created_at)
    if drafted == today:
        return
    day = format_date(drafted)
    for line in template_for(draft.kind).body.splitlines():
        if "letter.date" not in placeholders_in(line):
            continue
        pattern = "".join(
            re.escape(day) if name == "letter.date" else ".*?" if name else re.escape(text)
            for text, name in _line_parts(line)
        )
        if any(re.fullmatch(pattern, kept.strip()) for kept in draft.body.splitlines()):
            edition = draft.edition
            raise CodeViolation(
                rule(edition, "record"),
                f"the letter is dated {day}, the day it was drafted, but it is issued today, "
                f"{format_date(today)}: change its date to today",
            )


@dataclass(frozen=True)
class EscalationDateAsIssued:
    """A letter's last day to ask for stage 2 counted again from the day it is issued."""

    body: str
    given: str  # the date the draft says, counted from the day it was drafted
    issued: str  # the date counted from the day it is issued


def escalation_by_as_issued(draft: LetterDraft, *, today: date) -> EscalationDateAsIssued | None:
    """``{{ deadline.escalation_by }}`` is filled on the day the letter is drafted; issued on a later
    day, that date would give the resident fewer working days than the landlord's own window. The
    letter's body with each line of the template's that gives the date, kept as filled with the
    drafting day's date, given the date counted from ``today`` instead: the rest of the letter, and
    a line the person rewrote or a date they typed themselves, are kept as they are. ``None`` when
    nothing changes (issued the day it was drafted, a template without the date, a line rewritten)."""
    drafted = timezone.localdate(draft.created_at)
    if drafted >= today:
        return None
    given, issued = escalation_by(drafted), escalation_by(today)
    if given == issued:
        return None
    patterns = [
        re.compile(
            "".join(
                f"({re.escape(given)})"
                if name == "deadline.escalation_by"
                else "(?:.*?)"
                if name
                else re.escape(text)
                for text, name in _line_parts(line)
            )
        )
        for line in template_for(draft.kind).body.splitlines()
        if "deadline.escalation_by" in placeholders_in(line)
    ]
    lines = draft.body.split("\n")
    changed = False
    for number, kept in enumerate(lines):
        lead = len(kept) - len(kept.lstrip())
        match = next((m for p in patterns if (m := p.fullmatch(kept.strip())) is not None), None)
        if match is None:
            continue
        line = kept
        for group in reversed(range(1, (match.lastindex or 0) + 1)):
            start, end = match.span(group)
            line = line[: lead + start] + issued + line[lead + end :]
        lines[number] = line
        changed = True
    return EscalationDateAsIssued("\n".join(lines), given, issued) if changed else None


def _line_parts(line: str) -> list[tuple[str, str]]:
    """A template line as (text, "") and ("", placeholder name) parts, in order."""
    parts: list[tuple[str, str]] = []
    at = 0
    for match in re.finditer(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}", line.strip()):
        parts.append((line.strip()[at : match.start()], ""))
        parts.append(("", match.group(1)))
        at = match.end()
    parts.append((line.strip()[at:], ""))
    return [p for p in parts if p != ("", "")]


def _says_what_the_step_records(draft: LetterDraft, held: PendingStep, *, today: date) -> None:
    differs = differs_from_the_record(draft.body, draft.kind, held, today=today)
    if differs:
        edition = draft.edition
        raise CodeViolation(
            rule(edition, "record"),
            f"the letter no longer says what the {held.label} records for {', '.join(differs)}: the record "
            "must be what the resident is sent. Put the recorded text back, or discard the held "
            f"{held.label} and record it again with what the letter should say",
        )


#: a held step that will never be sent: a letter drafted for it says what no record says
DEAD_STEPS = (PendingStep.State.REPLACED, PendingStep.State.DISCARDED)


def dead_step_of(letter: IssuedLetter) -> PendingStep | None:
    """The held step ``letter`` was issued for, if it was since discarded or replaced: its email
    must not go (the resident would be sent what the record no longer holds)."""
    return PendingStep.objects.filter(letters__issued=letter, state__in=DEAD_STEPS).first()


def stop_emails(deliveries: QuerySet[LetterDelivery]) -> int:
    """Stop those of ``deliveries`` not yet sent (queued or failed): no try runs them again.
    Returns how many were stopped."""
    return deliveries.filter(status__in=UNSENT).update(status=DeliveryStatus.CANCELLED, next_attempt_at=None)


def stop_emails_of_dead_steps(complaint: Complaint) -> int:
    """Stop the unsent emails of ``complaint``'s letters issued for held steps since discarded or
    replaced. Returns how many were stopped."""
    return stop_emails(
        LetterDelivery.objects.filter(
            letter__complaint=complaint, letter__draft__pending_step__state__in=DEAD_STEPS
        )
    )


_GREETING = re.compile(r"^\s*Dear\s+(?P<name>[^,\n]+?)\s*,?\s*$", re.MULTILINE | re.IGNORECASE)


def _greets_someone_else(draft: LetterDraft) -> CodeViolation | None:
    """A letter drafted before the resident's consent to their representative was recorded greets
    the resident, and is then addressed and emailed to the representative (or the other way round,
    once a representative no longer acts): "Dear Sharon Evans" under "Peter Advocate, on behalf of
    Sharon Evans" (found in a browser walk). Only a greeting naming the other person exactly is
    refused; "Dear Mr Advocate" or "Dear Sir or Madam" is the writer's choice."""
    complaint = draft.complaint
    representative = complaint.representative
    if representative is None:
        return None
    greeting = _GREETING.search(draft.body)
    if greeting is None:
        return None
    addressee, _ = _addressee(complaint)
    other = complaint.resident.name if addressee == representative.name else representative.name
    if " ".join(greeting.group("name").split()).casefold() != " ".join(other.split()).casefold():
        return None
    return CodeViolation(
        cite(draft.edition, "3.6" if draft.edition == "2024" else "4.5"),
        f'the letter says "Dear {greeting.group("name").strip()}" but it goes to {addressee}: '
        + (
            "the resident's consent to their representative was recorded since it was drafted"
            if addressee == representative.name
            else "no consent is recorded for the representative to act for the resident"
        )
        + ". Change the greeting, or start the letter again",
    )


def _for_a_dead_step(draft: LetterDraft, held: PendingStep) -> CodeViolation:
    """A draft written for a held step that was discarded or replaced: issuing it would send the
    resident a second, different version of a step the record no longer holds (a stage 1 response
    the complaint's history does not have)."""
    edition = draft.edition
    again = (
        PendingStep.objects.filter(
            complaint_id=held.complaint_id, step=held.step, stage=held.stage, pk__gt=held.pk
        )
        .exclude(state__in=DEAD_STEPS)
        .exists()
    )
    what = "discarded" if held.state == PendingStep.State.DISCARDED else "replaced by a later version"
    if again:
        instead = (
            f"The {held.label} recorded since is on the case page, with its own letter if it has one; "
            "start a new letter if the resident needs to be told something else"
        )
    else:
        instead = (
            f"If the {held.label} is still to be sent, record it again: that drafts its own letter. "
            "Start a new letter if the resident needs to be told something else"
        )
    return CodeViolation(
        rule(edition, "record"),
        f"this letter was written for {a_or_an(held.label)} that was {what}, so it says what the complaint's "
        f"record no longer holds and cannot be issued. {instead}",
    )


def a_or_an(words: str) -> str:
    """``words`` with its indefinite article: "an acknowledgement", "a response"."""
    return ("an " if words[:1].lower() in "aeiou" and words[:1] else "a ") + words


def told_by_another_letter(draft: LetterDraft, held: PendingStep) -> IssuedLetter | None:
    """The letter PutRight issued that told the resident of ``held``, when it is not ``draft``: the
    step's own letter after a hand-started one of its kind was issued, or after the step was recorded
    as told by a letter already issued. A step sent another way (an email outside PutRight) has no
    such letter, and its own letter may follow as the written copy."""
    if held.state != PendingStep.State.SENT:
        return None
    return (
        IssuedLetter.objects.filter(draft__pending_step=held)
        .exclude(draft=draft)
        .order_by("issued_at", "id")
        .first()
    )


def _for_a_step_already_told(draft: LetterDraft, held: PendingStep, letter: IssuedLetter) -> CodeViolation:
    """A draft for a held step that another PutRight letter already told the resident of: issuing it
    would send the resident the same step a second time (a second acknowledgement email)."""
    edition = draft.edition
    return CodeViolation(
        rule(edition, "record"),
        f'the resident was already sent the {held.label} in the letter "{letter.title}" issued on '
        f"{timezone.localdate(letter.issued_at):%-d %B %Y}, so this letter would send it a second "
        "time and cannot be issued. Start a new letter if the resident needs to be told something else",
    )


_REFUSAL_WORDS = {"missing": "missing", "wrong": "wrong", "confirm": "not yet confirmed by a person"}


def _refusal(result: CheckResult) -> CodeViolation:
    """Why ``result`` stops the letter: each element missing, wrong or awaiting confirmation, any
    Ombudsman detail that differs from the configured one, and any day it says the resident got in
    touch or the complaint was made or received that cannot be."""
    blocking = result.blocking
    parts = [
        f"{m.label} ({m.provision}) is {_REFUSAL_WORDS[m.status]}"
        + (f": {m.note}" if m.status == "wrong" and m.note else "")
        for m in blocking
    ]
    parts += [w.message() for w in result.wrong_details]
    parts += [w.message() for w in result.wrong_dates]
    provision = (
        blocking[0].provision
        if blocking
        else f"{result.edition} " + ("6.5" if result.edition == "2024" else "2.7")
        if result.wrong_details
        else result.wrong_dates[0].provision
    )
    return CodeViolation(
        provision,
        "the letter cannot be issued: " + "; ".join(parts),
        missing=tuple(m.provision for m in blocking),
    )


def named_contact(complaint: Complaint, head: Letterhead) -> str:
    """A named contact in the sign-off, where a reasonable adjustment asks for one."""
    adjustments = ReasonableAdjustment.objects.filter(resident=complaint.resident)
    if not any(
        re.search(r"named (?:contact|person|officer)|single point of contact", a.adjustment, re.I)
        for a in adjustments
    ):
        return ""
    name = _person(complaint.handler) or head.signoff_name
    if not name:
        return ""
    how = " or ".join(v for v in (head.phone, head.email) if v)
    return f"Your named contact for this complaint is {name}." + (
        f" You can reach them on {how}." if how else ""
    )


def large_print(complaint: Complaint) -> bool:
    if complaint.resident.preferred_format == Format.LARGE_PRINT:
        return True
    return ReasonableAdjustment.objects.filter(
        resident=complaint.resident, adjustment__icontains="large print"
    ).exists()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "letter"


def email_address(complaint: Complaint) -> str:
    """Where an issued letter is emailed: the representative's address when the letter is written to
    them, otherwise the resident's. "" when it is to be printed and posted: no address, or a resident
    who prefers contact by letter (2022 4.11: "adhere to any reasonable arrangements agreed with
    residents in terms of ... method of communication"). Before, a resident recorded as preferring
    letters was emailed, and the step counted from an email they may never read."""
    representative = complaint.representative
    if representative is not None and writes_to_representative(complaint):
        # theirs only: a letter addressed to the representative was emailed to the resident when the
        # representative had no address (helper-92)
        return representative.email.strip()
    if complaint.resident.preferred_contact_method == ContactMethod.LETTER:
        return ""
    return complaint.resident.email.strip()


def not_emailed_because(complaint: Complaint) -> str:
    """Why a letter for ``complaint`` will be printed rather than emailed, "" when it is emailed."""
    if email_address(complaint):
        return ""
    if complaint.representative is not None and writes_to_representative(complaint):
        return "No email address is recorded for the representative: print the PDF and post it to them."
    if (
        complaint.resident.email.strip()
        and complaint.resident.preferred_contact_method == ContactMethod.LETTER
    ):
        return "The resident prefers contact by letter: print the PDF and post it."
    return "No email address is recorded: print the PDF and post it."


def issue_letter(*, draft: LetterDraft, actor: User | None, now: datetime | None = None) -> IssuedLetter:
    """Issue ``draft``: refused unless every element the Code requires is present and no blank is left.
    Its PDF and Word files are deleted again if the letter is refused after they were written."""
    with files_kept_with_their_rows() as store:
        # the complaint first, as every step and ``send_held_step`` lock it: two letters for one step
        # issued at the same moment (two copies of a step sent another way) are decided one after the
        # other, the second seeing the first (2024 5.12)
        complaint_services.lock_complaint(draft.complaint_id)
        draft = (
            LetterDraft.objects.select_for_update(of=("self",))
            .select_related(
                "complaint__resident__property",
                "complaint__property",
                "complaint__representative",
                "complaint__handler",
            )
            .get(pk=draft.pk)
        )
        if IssuedLetter.objects.filter(draft=draft).exists():
            raise TransitionNotAllowed(None, "this letter has already been issued")
        complaint = draft.complaint
        _independent(complaint, draft.kind, draft.stage, actor)
        refreshed = escalation_by_as_issued(draft, today=timezone.localdate(now))
        if refreshed is not None:
            # the letter and the draft say the same: what the resident is sent is what was kept
            draft.body = refreshed.body
            draft.save(update_fields=["body"])
        held = held_step_of(draft)
        problems = _record_problems(draft, held, today=timezone.localdate(now))
        if problems:
            raise problems[0]
        result = check_draft(draft, on=timezone.localdate(now) if now else None)
        if not result.can_issue:
            raise _refusal(result)
        blanks = blanks_left(draft.body) + blanks_left(draft.title)
        if blanks:
            raise InvalidRequest(
                None, "the letter still has blanks to fill in: " + ", ".join(dict.fromkeys(blanks))
            )
        moment = now or timezone.now()
        head = letterhead()
        addressee, address = _addressee(complaint)
        meta = LetterMeta(
            title=as_read(draft.title),
            issued_on=timezone.localdate(moment),
            reference=complaint.reference,
            addressee=addressee,
            address=address,
            large_print=large_print(complaint),
            named_contact=named_contact(complaint, head),
            issued_at=moment,
        )
        html = letter_html(draft.body, head, meta)
        text = letter_text(draft.body, head, meta)
        pdf = letter_pdf(html)
        docx = letter_docx(draft.body, head, meta)
        to = email_address(complaint)
        correspondence = complaint_services.record_correspondence(
            complaint=complaint,
            actor=actor,
            direction="out",
            channel="email" if to else "letter",
            subject=meta.title,
            body=text,
            occurred_at=moment,
            correspondent=addressee,
        )
        stem = f"{moment:%Y%m%d}-{_slug(draft.kind)}"
        letter = IssuedLetter(
            complaint=complaint,
            draft=draft,
            kind=draft.kind,
            edition=draft.edition,
            stage=draft.stage,
            title=meta.title,
            addressee=addressee,
            preferred_format=complaint.resident.preferred_format,
            source=draft.body,
            rendered_html=html,
            rendered_text=text,
            html_sha256=_sha256(html.encode("utf-8")),
            text_sha256=_sha256(text.encode("utf-8")),
            pdf_sha256=_sha256(pdf),
            docx_sha256=_sha256(docx),
            check_result=result.as_dict(),
            response_date_given=_response_date_given(result),
            correspondence=correspondence,
            issued_by=actor,
            issued_at=moment,
        )
        store(letter.pdf, f"{stem}-{_sha256(pdf)[:12]}.pdf", ContentFile(pdf))
        store(letter.docx, f"{stem}-{_sha256(docx)[:12]}.docx", ContentFile(docx))
        letter.save()
        pending = held is not None and held.state == PendingStep.State.PENDING
        if pending and draft.pending_step_id is None:  # the letter is the held step's, on the record too
            draft.pending_step = held
            draft.save(update_fields=["pending_step"])
        if pending and held is not None:
            # the step counts from the day the resident is sent the letter: the day its email is
            # sent (``posting.tell_after_email``), or the day it is recorded as posted
            # (``posting.record_sent``). The Code must allow it today (an extension issued after the
            # deadline, 2024 6.4), or nothing is issued
            _allowed_today(held, letter, actor=actor, on=timezone.localdate(moment))
        if to:
            delivery = LetterDelivery.objects.create(
                letter=letter,
                provider=settings.PUTRIGHT_EMAIL_PROVIDER,
                to=to,
                max_attempts=settings.PUTRIGHT_LETTER_DELIVERY_ATTEMPTS,
            )
            transaction.on_commit(lambda: enqueue_delivery(delivery.pk))
    return letter


def _allowed_today(held: PendingStep, letter: IssuedLetter, *, actor: User | None, on: date) -> None:
    """Refuse issuing ``letter`` for ``held`` if the Code would refuse the step were the resident
    sent it ``on`` (today): it can only be sent later, when the Code allows no more."""
    complaint_services.check_held_step(
        pending=held, told=complaint_services.Told(method="letter", on=on, letter_id=letter.pk), actor=actor
    )


def _record_problems(draft: LetterDraft, held: PendingStep | None, *, today: date) -> list[CodeViolation]:
    """What issuing ``draft`` today would refuse besides the Code check and blanks: a letter dated
    before the day it is issued, a letter for a held step that will never be sent, and one that no
    longer says what its held step records (2024 5.12)."""
    problems: list[CodeViolation] = []
    try:
        _not_dated_earlier(draft, today=today)
    except CodeViolation as problem:
        problems.append(problem)
    if (greets := _greets_someone_else(draft)) is not None:
        problems.append(greets)
    if held is not None and held.state in DEAD_STEPS:
        problems.append(_for_a_dead_step(draft, held))
    elif held is not None and (told := told_by_another_letter(draft, held)) is not None:
        problems.append(_for_a_step_already_told(draft, held, told))
    elif held is not None:
        # pending: it is about to be sent; sent another way: this letter is the same step again
        try:
            _says_what_the_step_records(draft, held, today=today)
        except CodeViolation as problem:
            problems.append(problem)
    return problems


#: the letters that offer remedies (2024 7.3): the responses and the remedy letter
OFFERING = (
    LetterKind.STAGE1_RESPONSE,
    LetterKind.STAGE2_RESPONSE,
    LetterKind.STAGE3_RESPONSE,
    LetterKind.REMEDY_OFFER,
)


@dataclass(frozen=True)
class SumsToAsk:
    """Sums of money a response or remedy letter names that the record does not hold as remedies
    standing (``putright.code.offers``): asked about on the draft page, never a refusal."""

    not_on_record: list[str]
    withdrawn: list[str]

    def __bool__(self) -> bool:
        return bool(self.not_on_record or self.withdrawn)


def sums_to_ask(complaint: Complaint, kind: LetterKind | str, text: str) -> SumsToAsk:
    """The sums a response or remedy letter names that no remedy standing on ``complaint`` is for
    (nor their total), and those that are only a withdrawn remedy's (a letter drafted before the
    withdrawal still offers it). A letter names the rent or a bill too, so these are questions."""
    if parse_kind(kind) not in OFFERING or ("£" not in text and "pound" not in text.lower()):
        return SumsToAsk([], [])
    amounts = list(Remedy.objects.filter(complaint=complaint).values_list("amount_pence", "withdrawn_on"))
    standing = [pence for pence, withdrawn in amounts if withdrawn is None]
    withdrawn = [pence for pence, when in amounts if when is not None]
    return SumsToAsk(
        not_on_record=[pounds(p) for p in sums_not_recorded(text, standing=standing, withdrawn=withdrawn)],
        withdrawn=[pounds(p) for p in sums_of_withdrawn(text, standing=standing, withdrawn=withdrawn)],
    )


def held_step_of(draft: LetterDraft) -> PendingStep | None:
    """The held step ``draft`` tells the resident of: its own, or the one waiting of its kind."""
    return draft.pending_step or _held_step_for(draft.complaint, draft.kind, draft.stage)


def record_problems(draft: LetterDraft) -> list[CodeViolation]:
    """What issuing ``draft`` today would be refused for, to say on the draft page before the person
    presses Issue: a letter the Code check passes could otherwise still be refused."""
    return _record_problems(draft, held_step_of(draft), today=timezone.localdate())


def _held_step_for(complaint: Complaint, kind: str, stage: int | None) -> PendingStep | None:
    """A held step a letter of this kind and stage tells the resident of, when the letter was started
    from the letters page or the API rather than from the step."""
    # read from the database, not the object passed in, which may be older than the held step
    if not Complaint.objects.filter(pk=complaint.pk).exclude(not_yet_sent="").exists():
        return None
    for held in complaint_services.held_steps(complaint):
        if held_step_kind(held).value == kind and stage in (None, held.stage):
            return held
    return None


def enqueue_delivery(delivery_id: int) -> None:
    """Queue sending the email, after the transaction that issued it committed; not if it was sent or
    stopped before then (the demo sends its letters' emails as it loads: a task each would run once,
    doing nothing, when the worker started)."""
    from putright.letters.tasks import deliver_letter

    if LetterDelivery.objects.filter(pk=delivery_id, status__in=UNSENT).exists():
        deliver_letter.enqueue(delivery_id)


def retry_delivery(*, delivery: LetterDelivery) -> LetterDelivery:
    """Send a failed email again now (the button on the case, the management command)."""
    with transaction.atomic():
        found = LetterDelivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
        if found.status == DeliveryStatus.SENT:
            raise TransitionNotAllowed(None, "this email has already been sent")
        if LetterPosting.objects.filter(letter_id=found.letter_id).exists():
            raise TransitionNotAllowed(
                None, "this letter was recorded as posted instead: it is not emailed too"
            )
        if found.status == DeliveryStatus.CANCELLED or dead_step_of(found.letter) is not None:
            raise TransitionNotAllowed(
                None,
                "this email was stopped: the step its letter told of was discarded or recorded again, "
                "and the resident is not to be sent it",
            )
        found.status = DeliveryStatus.QUEUED
        found.next_attempt_at = None
        if found.attempts >= found.max_attempts:
            found.max_attempts = found.attempts + 1
        found.save(update_fields=["status", "next_attempt_at", "max_attempts"])
        transaction.on_commit(lambda: enqueue_delivery(found.pk))
    return found


def verify_file(letter: IssuedLetter, which: str) -> bytes:
    """The stored PDF or DOCX, read back and checked against the hash taken when it was issued."""
    field = {"pdf": letter.pdf, "docx": letter.docx}[which]
    expected = {"pdf": letter.pdf_sha256, "docx": letter.docx_sha256}[which]
    with field.open("rb") as handle:
        data: bytes = handle.read()
    if _sha256(data) != expected:
        raise OSError(
            f"the stored {which.upper()} of this letter does not match the hash taken when it was issued"
        )
    return data
