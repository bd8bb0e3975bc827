"""Writes to the complaint record, named in the Code's words.

Every step on a complaint goes the same way (:func:`_step`): in one transaction, lock the complaint
row, replay its events to the core ``Case``, ask the core step (``putright.code.lifecycle``) for an
event with the landlord's ``Rules``, append that ONE event with who, when, why and the provision it
applied, and re-project. The core judges; this module only stores. A refused step raises the core's
``CodeViolation``, ``TransitionNotAllowed`` or ``InvalidRequest`` (``putright.code.errors``) and
writes nothing. Problems with the request itself that the core cannot see (a representative of
another resident, an inactive handler) raise ``InvalidRequest`` too, so callers handle one family.

Staff are known to the core by their user pk written as a string (:func:`staff_ref`).

All services take keyword arguments only; ``actor`` is the member of staff doing it (``None`` for
the system or the resident portal, with ``actor_label`` saying who); ``on`` is the day it happened,
today (UK) by default.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import mimetypes
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, cast

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import get_valid_filename

from putright.accounts.models import User
from putright.code import lifecycle as core
from putright.code.errors import (
    CodeViolation,
    InvalidRequest,
    LifecycleError,
    TransitionNotAllowed,
    UnreadableRecord,
)
from putright.code.exclusions import ExclusionGround
from putright.code.lifecycle import (
    Case,
    Channel,
    Communication,
    ComplaintDefinition,
    Event,
    Outcome,
    RemedyKind,
    Route,
    Rules,
    StageResponse,
    event_from_data,
    event_to_data,
    evolve,
    replay,
)
from putright.code.provisions import EDITIONS, cite
from putright.complaints import history, inserts, personal, search
from putright.complaints.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintEvent,
    ContactMethod,
    ContactRestriction,
    Correspondence,
    Direction,
    Format,
    LearningPoint,
    Party,
    PendingStep,
    Property,
    ReasonableAdjustment,
    Representative,
    Resident,
)
from putright.complaints.projection import changed_without_event, project, project_change, projected
from putright.complaints.rules import landlord_and_rules, landlord_rules, remembered
from putright.complaints.selectors import read_as_complaint
from putright.records.stored_files import files_kept_with_their_rows

# --------------------------------------------------------------------------------------------------
# Shared machinery

log = logging.getLogger("putright.records")


def staff_ref(user: User) -> str:
    """How the core knows a member of staff."""
    return str(user.pk)


def full_citation(edition: str, provision: str | None) -> str:
    """``"2024 6.2"`` from an event's provision, whether it came with its edition or as a number."""
    if not provision:
        return ""
    head, _, _ = provision.partition(" ")
    if head in EDITIONS:
        return provision
    try:
        return cite(edition, provision)
    except LookupError:
        return f"{edition} {provision}"


def _label(actor: User | None, actor_label: str) -> str:
    if actor_label:
        return actor_label
    if actor is None:
        return "PutRight"
    return actor.get_full_name() or actor.get_username()


def _why(event: Event) -> str:
    """The reason an event carries in its own words, when the caller gave none."""
    for name in ("reason", "explanation", "resolution", "evidence", "note", "discretion_reason"):
        value = getattr(event, name, "")
        if isinstance(value, str) and value:
            return value
    return ""


_AS_OF: ContextVar[datetime | None] = ContextVar("putright_recording_as_of", default=None)
_AS_IT_HAPPENED: ContextVar[bool] = ContextVar("putright_recording_as_it_happened", default=False)


@contextmanager
def recording_as_of(moment: datetime) -> Iterator[None]:
    """Record steps as if it were ``moment``: its the events' ``recorded_at`` and the "today" the
    date checks use. For the demo landlord and imports of past complaints; no door uses this."""
    token = _AS_OF.set(moment)
    try:
        yield
    finally:
        _AS_OF.reset(token)


@contextmanager
def recording_as_it_happened() -> Iterator[None]:
    """Record each step as if on the day it is dated (at noon, UK time): how the demo landlord's
    year and test fixtures build past complaints through the same services and checks as staff,
    without every past step looking "recorded late". No door (API, workspace, portal, intake)
    uses this."""
    token = _AS_IT_HAPPENED.set(True)
    try:
        yield
    finally:
        _AS_IT_HAPPENED.reset(token)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


def _now(on: date | None = None) -> datetime:
    if on is not None and _AS_IT_HAPPENED.get():
        # never after the real moment: a step dated today, recorded in the morning, recorded at noon
        # would be left out of a report as at now until noon
        return min(_noon(on), _AS_OF.get() or timezone.now())
    return _AS_OF.get() or timezone.now()


def _today(on: date | None = None) -> date:
    return timezone.localdate(_now(on))


@dataclass(frozen=True)
class Told:
    """How and when the resident was told of a step the Code requires to be communicated.

    ``method`` "letter" with ``letter_id``: a letter issued by PutRight (``issue_letter`` says so).
    Otherwise a written communication sent another way ("email", "post", "portal", "hand"), whose
    text (``body``) is kept on the record as correspondence (2024 5.12). ``on`` is the day it was
    issued: the step's date for every clock and report."""

    method: str
    on: date
    letter_id: int | None = None
    subject: str = ""
    body: str = ""


TOLD_METHODS = ("letter", "email", "post", "portal", "hand")

#: sent inside a step's transaction, after its event is appended, when the resident was told of it
#: another way and its text kept as correspondence (``complaint``, ``step``, ``stage``,
#: ``correspondence``, ``told``): the letters app reads there what the text promised the resident
#: (an acknowledgement's response date, 2024 6.3, 6.14), as it does for its own letters
told_another_way = Signal()
#: sent before a step the resident is told of is decided (``complaint``, ``step``, ``stage``, ``fields``
#: as the step records them, ``told``: how the resident was told, ``None`` while its letter is to be
#: written): each receiver returns (field, message, provision) for each field whose words the record
#: must not hold (a blank left, "[TBC]", provision ``None``; a route onward the letter telling the
#: resident could not say, 2024 6.9 g, 6.19 g). Every one is refused with the Code's own refusals
#: about fields, at once, at every door (``_step``), citing the first provision among them
checking_fields = Signal()
#: sent when a complaint's representative is put on its record by a service here, not by a change the
#: workspace keeps itself (``complaint``, ``representative``, ``actor``, ``source``): carried over to a
#: complaint logged from another's new issues (2024 6.8; ``source`` the complaint they were raised on),
#: or the resident's consent to them recorded on it (2024 3.6; ``source`` None), with ``occasion``
#: (when and how, where not the consent's own words: given when the complaint was logged, confirmed
#: when matching) and ``previous`` (the consent it replaced, if any). The workspace keeps it in that
#: complaint's history (2024 5.12: each complaint's record says when and how)
representative_recorded = Signal()
_TOLD_CHANNELS = {
    "letter": Channel.LETTER,
    "post": Channel.LETTER,
    "email": Channel.EMAIL,
    "portal": Channel.ONLINE_FORM,
    "hand": Channel.IN_PERSON,
}


def _events(complaint: Complaint) -> list[Event]:
    return _history(complaint)[0]


def _history(complaint: Complaint) -> tuple[list[Event], str]:
    """The complaint's events, with their words (``personal``), and the chain hash of the last one
    (``GENESIS`` if none): one query for the events, one for their words."""
    rows = list(
        ComplaintEvent.objects.filter(complaint=complaint)
        .order_by("sequence")
        .values_list("data", "chain_hash")
    )
    resolved = personal.resolve_data([data for data, _ in rows])
    events = [event_from_data(data, reference=complaint.reference) for data in resolved]
    return events, (rows[-1][1] if rows else history.GENESIS)


def _append(
    complaint: Complaint,
    case_before: Case | None,
    event: Event,
    *,
    sequence: int,
    actor: User | None,
    actor_label: str,
    reason: str,
    previous: str,
    before_projection: Callable[[ComplaintEvent], None] | None = None,
) -> Case:
    """Record ``event`` as the complaint's next event, chained to ``previous`` (the chain hash of the
    event before it), and bring the projections up to date, writing only what the event changed.
    ``before_projection`` runs between the two (for what the projection's complaint row should carry)."""
    case = evolve(case_before, event)
    row = _event_row(
        complaint, case, event, sequence=sequence, actor=actor, actor_label=actor_label, reason=reason
    )
    inserts.insert([history.seal(personal.split_event(row), previous)])
    if before_projection is not None:
        before_projection(row)
    project_change(complaint, case_before, case, last_event_at=row.recorded_at)
    complaint._appended = row  # type: ignore[attr-defined]
    return case


def _event_row(
    complaint: Complaint,
    case: Case,
    event: Event,
    *,
    sequence: int,
    actor: User | None,
    actor_label: str,
    reason: str,
    recorded_at: datetime | None = None,
) -> ComplaintEvent:
    """The unsaved event row for ``event`` (``case`` is the case after it, for its edition), recorded
    now unless ``recorded_at`` says when."""
    return ComplaintEvent(
        complaint=complaint,
        sequence=sequence,
        kind=event.kind,
        on=event.on,
        recorded_at=recorded_at or _now(event.on),
        actor=actor,
        actor_label=_label(actor, actor_label),
        data=event_to_data(event),
        reason=reason.strip() or _why(event),
        provision=full_citation(case.edition, event.provision()),
    )


def _communication(
    complaint: Complaint, told: Told, actor: User | None
) -> tuple[Communication, Correspondence | None]:
    """The core's record of how the resident was told; a communication sent outside PutRight's
    letters is kept as correspondence with its text (2024 5.12), returned beside it."""
    if told.method not in TOLD_METHODS:
        raise InvalidRequest(None, f"unknown way of telling the resident {told.method!r}")
    if told.letter_id is not None:
        return Communication(method="letter", reference=f"letter:{told.letter_id}"), None
    if not told.body.strip():
        raise CodeViolation(
            core.rule(complaint.edition, "record"),
            "keep what the resident was sent: the text of the letter or message is required",
        )
    sent = record_correspondence(
        complaint=complaint,
        actor=actor,
        direction=Direction.OUT,
        channel=_TOLD_CHANNELS.get(told.method, Channel.LETTER),
        subject=told.subject or "",
        body=told.body,
        # a day only: kept at noon, which the record reads as "no time given" (``time_given``)
        occurred_at=_noon(told.on) if told.on != _today(told.on) else _now(told.on),
        party=Party.REPRESENTATIVE if complaint.representative_id else Party.RESIDENT,
        # named, as a letter issued from PutRight is: "to Resident" named nobody (a browser walk)
        correspondent=(complaint.representative or complaint.resident).name,
    )
    return Communication(method=told.method, reference=f"correspondence:{sent.pk}"), sent


#: the steps the Code requires to be communicated, by the service that takes them: what they are
#: called while they wait to be sent
STEP_LABELS = {
    "acknowledge": "acknowledgement",
    "respond": "response",
    "extend": "extension",
    "decline": "decision not to accept",
    "decline_escalation": "decision not to escalate",
    "amend_definition": "amended complaint definition",
}


def _hold(
    complaint: Complaint,
    event: Event,
    *,
    step: str,
    fields: dict[str, Any],
    actor: User | None,
    late_reason: str,
) -> PendingStep:
    """Keep a decided step that the resident has not yet been told of (see ``PendingStep``)."""
    stage = int(getattr(event, "stage", 0) or complaint.stage or 1)
    waiting = bool(complaint.not_yet_sent)  # kept by every change to held steps: none held, none to replace
    if waiting:
        PendingStep.objects.filter(
            complaint=complaint, step=step, stage=stage, state=PendingStep.State.PENDING
        ).update(state=PendingStep.State.REPLACED, closed_at=_now())
    held = PendingStep.objects.create(
        complaint=complaint,
        step=step,
        stage=stage,
        label=STEP_LABELS[step],
        fields=fields,
        decided_on=event.on,
        late_reason=late_reason.strip(),
        recorded_by=actor,
        recorded_at=_now(),
    )
    if waiting:
        _mark_not_yet_sent(complaint)
    else:  # the only step waiting is this one
        complaint.not_yet_sent = held.label
        Complaint.objects.filter(pk=complaint.pk).update(not_yet_sent=held.label)
    return held


def _mark_not_yet_sent(complaint: Complaint) -> None:
    waiting = (
        PendingStep.objects.filter(complaint=complaint, state=PendingStep.State.PENDING)
        .order_by("-recorded_at", "-id")
        .values_list("label", flat=True)
        .first()
    )
    complaint.not_yet_sent = waiting or ""
    Complaint.objects.filter(pk=complaint.pk).update(not_yet_sent=complaint.not_yet_sent)


def _step(
    complaint: Complaint,
    decide: Callable[[Case, Rules], Event],
    *,
    actor: User | None,
    actor_label: str = "",
    reason: str = "",
    late_reason: str = "",
    told: Told | None = None,
    step: str = "",
    fields: dict[str, Any] | None = None,
) -> Complaint:
    """Lock, replay, decide, check the record (``core.as_recorded``: honest date, 6.13 on the person
    acting, how the resident was told), append one event, project. Returns the complaint as it now
    stands. A step the Code requires to be communicated, given no ``told``, is held as a
    ``PendingStep`` (nothing is appended) until its letter is issued. The landlord's rules are read
    once in it, whoever else needs them (the check of a kept text, ``told_another_way``)."""
    with transaction.atomic(), remembered():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        events, last_hash = _history(locked)
        case = replay(events)
        rules = landlord_rules()
        event = _decided_with_fields_checked(
            locked, case, rules, decide, step=step, fields=fields or {}, told=told
        )
        ref = staff_ref(actor) if actor else ""
        needs = core.communication_required(case, event)
        check = dict(actor=ref, today=_today(event.on), calendar=rules.calendar, late_reason=late_reason)
        if needs and told is None:
            if not step:
                raise InvalidRequest(None, "this step must say how the resident was told")
            core.as_recorded(case, event, held=True, **check)  # type: ignore[arg-type]
            _hold(locked, event, step=step, fields=fields or {}, actor=actor, late_reason=late_reason)
            return locked
        # kept when given, required or not (a refusal to a 2022 third stage: ``core.communication_kept``)
        communication, kept = (
            _communication(locked, told, actor)
            if told is not None and core.communication_kept(case, event)
            else (None, None)
        )
        recorded = core.as_recorded(case, event, communication=communication, **check)  # type: ignore[arg-type]
        after = _append(
            locked,
            case,
            recorded,
            sequence=len(events) + 1,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            previous=last_hash,
        )
        if kept is not None:
            assert told is not None
            told_another_way.send(
                sender=Complaint,
                complaint=locked,
                step=step,
                stage=int(getattr(event, "stage", 0) or after.stage or 1),
                correspondence=kept,
                told=told,
            )
        if step and locked.not_yet_sent:  # a step of this kind may be waiting: it is sent now
            stage = int(getattr(event, "stage", 0) or case.stage or 1)
            PendingStep.objects.filter(
                complaint=locked, step=step, stage=stage, state=PendingStep.State.PENDING
            ).update(state=PendingStep.State.SENT, event=locked._appended, closed_at=_now())  # type: ignore[attr-defined]
            _mark_not_yet_sent(locked)
    return locked


def _decided_with_fields_checked(
    complaint: Complaint,
    case: Case,
    rules: Rules,
    decide: Callable[[Case, Rules], Event],
    *,
    step: str,
    fields: dict[str, Any],
    told: Told | None,
) -> Event:
    """``decide`` the step, refusing with it every field its ``checking_fields`` receivers refuse: on
    their own, or beside the Code's refusals about fields ("None" over the record's remedies, 2024 6.9
    e, f), so each door names every field's problem at once rather than the Code's first and the
    blanks only once those are put right. A refusal that is not about fields (the complaint's state,
    2024 6.13) is raised as it is."""
    problems: tuple[tuple[str, str, str | None], ...] = ()
    if step:
        stage = int(case.stage or 1)
        answers = checking_fields.send(
            sender=Complaint, complaint=complaint, step=step, stage=stage, fields=fields, told=told
        )
        said: list[list[tuple[str, str, str | None]]] = [
            list(cast(Any, answer) or ()) for _, answer in answers
        ]
        problems = tuple(problem for found in said for problem in found)
    on_fields = tuple((name, message) for name, message, _ in problems)
    try:
        event = decide(case, rules)
    except LifecycleError as refused:
        if on_fields and refused.fields:
            named = {name for name, _ in refused.fields}
            refused.fields = (*refused.fields, *(p for p in on_fields if p[0] not in named))
        raise
    if problems:
        detail = "; ".join(message for _, message in on_fields)
        provision = next((p for _, _, p in problems if p), None)
        if provision is not None:  # a rule of the Code refuses one of them: the 422 names it
            raise CodeViolation(provision, detail, fields=on_fields)
        raise InvalidRequest(None, detail, fields=on_fields)
    return event


#: the held steps that consider a stage (2024 6.13 applies to whoever tells the resident of them):
#: deciding not to go on with the complaint at stage 2 is considering it there
_CONSIDERING_STEPS = ("acknowledge", "extend", "respond", "decline", "decline_escalation")


def check_acting_independently(*, complaint: Complaint, actor: User | None, stage: int) -> None:
    """2024 6.13 (2022 5.12) at the doors that are not steps: the person writing, confirming, issuing
    or sending the letter of a stage 2 step must not have considered stage 1, as the step's own
    service requires of the person recording it. Raises ``CodeViolation``; nothing is recorded."""
    if actor is None or stage < 2:
        return
    core.check_independent(replay(_events(complaint)), stage, staff_ref(actor))


def _steps(
    complaint: Complaint,
    decide: Callable[[Case, Rules], tuple[Event, ...]],
    *,
    actor: User | None,
    reason: str = "",
    late_reason: str = "",
) -> Complaint:
    """As :func:`_step`, for a Code step that is recorded as more than one event in one transaction
    (the choice to complain and the complaint it asks for, 2024 1.3). None of them may be a step the
    resident must be told of."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        events, previous = _history(locked)
        case = replay(events)
        rules = landlord_rules()
        ref = staff_ref(actor) if actor else ""
        for offset, event in enumerate(decide(case, rules), start=1):
            if core.communication_required(case, event):  # pragma: no cover -- a core contract
                raise InvalidRequest(None, "this step must say how the resident was told")
            recorded = core.as_recorded(
                case,
                event,
                actor=ref,
                today=_today(event.on),
                calendar=rules.calendar,
                late_reason=late_reason,
            )
            case = _append(
                locked,
                case,
                recorded,
                sequence=len(events) + offset,
                actor=actor,
                actor_label="",
                reason=reason,
                previous=previous,
            )
            previous = locked._appended.chain_hash  # type: ignore[attr-defined]
    return locked


def held_steps(complaint: Complaint) -> list[PendingStep]:
    """The steps recorded on ``complaint`` and not yet sent to the resident, oldest first."""
    return list(
        PendingStep.objects.filter(complaint=complaint, state=PendingStep.State.PENDING).order_by(
            "recorded_at", "id"
        )
    )


def lock_complaint(complaint_id: int) -> None:
    """Take the complaint's row lock, the order every step locks in (then its held steps, drafts,
    letters), inside the caller's transaction: two doors acting on one complaint at once are decided
    one after the other, the second seeing the first. Reads no row into memory."""
    list(Complaint.objects.select_for_update().filter(pk=complaint_id).values_list("pk", flat=True))


def send_held_step(
    *, pending: PendingStep, told: Told, actor: User | None = None, late_reason: str = ""
) -> Complaint:
    """The resident has been told of ``pending`` (its letter was issued, or it was sent another way):
    decide the step again on that day, as the person who recorded it, and append its event. The
    Code may refuse it now (an extension told after the deadline, 6.4): nothing is recorded then.
    ``actor``, the person sending it, is held to 2024 6.13 at stage 2 as the recorder was. Told more
    than 2 working days ago, it needs ``late_reason``, as any step does (2024 5.12)."""
    with transaction.atomic():
        # the complaint first (the order every step locks in), then the held step as it is now: two
        # doors sending the same held step at once (its letter issued while it is told by another)
        # each read it waiting, and an extension was appended twice (found by an adversarial review)
        lock_complaint(pending.complaint_id)
        pending = PendingStep.objects.select_for_update().select_related("complaint").get(pk=pending.pk)
        return _send_held_step(pending=pending, told=told, actor=actor, late_reason=late_reason)


class _Undone(Exception):
    """Rolls back a step taken only to see whether the Code allows it."""


def check_held_step(*, pending: PendingStep, told: Told, actor: User | None = None) -> None:
    """Raise what ``send_held_step`` would refuse if the resident were told of ``pending`` as
    ``told`` says; nothing is recorded (the step is taken in a savepoint that is always rolled
    back, with what it would have done after the commit)."""
    try:
        with transaction.atomic():
            send_held_step(pending=pending, told=told, actor=actor)
            raise _Undone
    except _Undone:
        return


def _send_held_step(*, pending: PendingStep, told: Told, actor: User | None, late_reason: str) -> Complaint:
    if pending.state != PendingStep.State.PENDING:
        raise InvalidRequest(None, f"this {pending.label} is not waiting to be sent ({pending.state})")
    if pending.step in _CONSIDERING_STEPS:
        check_acting_independently(complaint=pending.complaint, actor=actor, stage=pending.stage)
    service = _STEP_SERVICES[pending.step]
    arguments = dict(pending.fields)
    if "handler_id" in arguments:
        handler_id = arguments.pop("handler_id")
        arguments["handler"] = User.objects.get(pk=handler_id) if handler_id else None
    if arguments.get("issue_date"):
        arguments["issue_date"] = date.fromisoformat(arguments["issue_date"])
    arguments["late_reason"] = late_reason
    return service(complaint=pending.complaint, actor=pending.recorded_by, told=told, **arguments)


def preview_held_step(pending: PendingStep, *, on: date) -> Event | None:
    """The event ``pending`` would be if the resident were told on ``on`` (for its letter's dates: an
    acknowledgement's response date, an extension's new date), or ``None`` if the Code would refuse
    it then. Nothing is recorded."""
    fields = pending.fields
    case = replay(_events(pending.complaint))
    rules = landlord_rules()
    try:
        if pending.step == "acknowledge":
            definition = ComplaintDefinition(
                complaint=fields["complaint_definition"],
                outcomes_sought=fields["outcomes_sought"],
                responsible_for=fields["responsible_for"],
                not_responsible_for=fields.get("not_responsible_for", ""),
            )
            return core.acknowledge(case, on=on, definition=definition, rules=rules)
        if pending.step == "amend_definition":
            return core.record_new_issues(
                case,
                on=on,
                issues=fields["issues"],
                related=bool(fields["related"]),
                would_unreasonably_delay=bool(fields["would_unreasonably_delay"]),
                handled=fields["handled"],
                reason=fields["reason"],
                added_outcomes=fields.get("added_outcomes", ""),
                rules=rules,
            )
        if pending.step == "extend":
            return core.extend(
                case,
                on=on,
                working_days=int(fields["working_days"]),
                reason=fields["reason"],
                ombudsman_details_given=bool(fields["ombudsman_details_given"]),
                good_reason=fields.get("good_reason", ""),
                rules=rules,
            )
    except LifecycleError:
        return None
    return None


def response_due_if_acknowledged(complaint: Complaint, *, stage: int, on: date) -> date | None:
    """The response date acknowledging ``complaint`` at ``stage`` on ``on`` would set (2024 6.3,
    6.14), or ``None`` where that stage is not waiting to be acknowledged. Nothing is recorded."""
    case = replay(_events(complaint))
    return core.response_due_if_acknowledged(case, stage=stage, on=on, rules=landlord_rules())


def discard_held_step(*, pending: PendingStep, actor: User | None) -> PendingStep:
    """Throw away a step that was never sent (recorded in error, or to be written again). At stage 2
    not by someone who considered stage 1 (2024 6.13): it is the stage 2 handler's decision."""
    if pending.state != PendingStep.State.PENDING:
        raise InvalidRequest(None, f"this {pending.label} is not waiting to be sent ({pending.state})")
    if pending.step in _CONSIDERING_STEPS:
        check_acting_independently(complaint=pending.complaint, actor=actor, stage=pending.stage)
    pending.state = PendingStep.State.DISCARDED
    pending.closed_at = _now()
    pending.save(update_fields=["state", "closed_at"])
    _mark_not_yet_sent(pending.complaint)
    return pending


def _active_staff(user: User, what: str) -> str:
    if not user.is_active:
        raise InvalidRequest(None, f"{user} cannot be {what}: their account is not active")
    return staff_ref(user)


# --------------------------------------------------------------------------------------------------
# People and homes


def create_resident(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    property: Property | None = None,
    address_given: str = "",
    postcode_given: str = "",
    preferred_contact_method: ContactMethod | str = ContactMethod.EMAIL,
    preferred_format: Format | str = Format.STANDARD,
    language: str = "",
    support_needs: str = "",
) -> Resident:
    """A resident. ``address_given`` and ``postcode_given`` are an address they gave that matches no
    home we know, kept as given for staff to match; ``preferred_contact_method`` is "" when they
    have not said."""
    if not name.strip():
        raise InvalidRequest(None, "the resident's name is required")
    return Resident.objects.create(
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        property=property,
        address_given=address_given.strip(),
        postcode_given=postcode_given.strip().upper(),
        preferred_contact_method=ContactMethod(preferred_contact_method) if preferred_contact_method else "",
        preferred_format=Format(preferred_format),
        language=language.strip(),
        support_needs=support_needs.strip(),
    )


def add_representative(
    *,
    resident: Resident,
    name: str,
    relationship: str,
    contact: str = "",
    consent_recorded_on: date | None = None,
    consent_evidence: str = "",
    preferred_contact_method: ContactMethod | str = "",
    address: str = "",
) -> Representative:
    """Someone to deal with the complaint on the resident's behalf (2024 3.6). Consent given with it
    is checked as :func:`record_representative_consent` checks it: how it was given, and not on a day
    still to come (a consent dated 2099 was taken as consent today, and letters went to them)."""
    if not name.strip() or not relationship.strip():
        raise InvalidRequest(None, "a representative needs a name and their relationship to the resident")
    if consent_recorded_on is not None:
        _check_consent(on=consent_recorded_on, evidence=consent_evidence)
    return Representative.objects.create(
        resident=resident,
        name=name.strip(),
        relationship=relationship.strip(),
        contact=contact.strip(),
        consent_recorded_on=consent_recorded_on,
        consent_evidence=consent_evidence.strip(),
        preferred_contact_method=ContactMethod(preferred_contact_method) if preferred_contact_method else "",
        address_given=postal_lines(address),
    )


def postal_lines(address: str) -> str:
    """A postal address as kept: one line each, blank lines and spaces around dropped."""
    return "\n".join(line.strip() for line in address.splitlines() if line.strip())


def _check_consent(*, on: date, evidence: str) -> None:
    if not evidence.strip():
        raise InvalidRequest(cite("2024", "3.6"), "say how the resident gave their consent")
    if on > _today():
        raise InvalidRequest(cite("2024", "5.12"), "consent cannot be recorded for a day in the future")


def own_representative(complaint: Complaint) -> Representative | None:
    """The complaint's representative as a record no other complaint shares (2024 5.12): a change to
    it (consent recorded, details corrected) is then this complaint's only, as its history says. A
    record shared (complaints logged before each had its own, 2024 6.8) is copied for this one, with
    what it holds. Call inside the transaction that changes it, the complaint's row locked."""
    if complaint.representative_id is None:
        return None
    representative = Representative.objects.select_for_update().get(pk=complaint.representative_id)
    if Complaint.objects.filter(representative_id=representative.pk).exclude(pk=complaint.pk).exists():
        shared = representative
        representative = _copy_of(representative)
        Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
        # the same person, now on this complaint's own record: if they made the complaint, they still
        # did (2024 3.6), so its page still says "What you told us" to them
        Complaint.objects.filter(pk=complaint.pk, made_by_representative=shared).update(
            made_by_representative=representative
        )
        if complaint.made_by_representative_id == shared.pk:
            complaint.made_by_representative = representative
    complaint.representative = representative
    return representative


def _copy_of(representative: Representative) -> Representative:
    """A new record of the same person, as recorded: their details and the consent recorded."""
    copy = Representative.objects.get(pk=representative.pk)
    copy.pk = None
    copy.save(force_insert=True)
    return copy


def record_representative_consent(
    *, complaint: Complaint, on: date, evidence: str, actor: User | None
) -> Representative:
    """The resident's consent to the complaint's representative, recorded when it is given, which may
    be after the complaint was logged (2024 3.6 does not make consent a condition of logging it). It
    is this complaint's consent: a complaint logged from its new issues (2024 6.8) has its own record,
    and its history says when and how its consent was recorded (2024 5.12)."""
    _check_consent(on=on, evidence=evidence)
    with transaction.atomic():
        Complaint.objects.select_for_update(of=("self",)).filter(pk=complaint.pk).count()
        locked = own_representative(complaint)
        if locked is None:
            raise InvalidRequest(cite("2024", "3.6"), "this complaint has no representative")
        if locked.consent_recorded_on is not None:
            # a second tab, or the form sent again: when and how the resident consented stays as
            # first recorded, not overwritten
            raise TransitionNotAllowed(
                cite("2024", "3.6"),
                f"the resident's consent was already recorded on {locked.consent_recorded_on:%-d %B %Y} "
                f"({locked.consent_evidence}): it stays as recorded",
            )
        locked.consent_recorded_on = on
        who = f" (recorded by {_label(actor, '')})" if actor is not None else ""
        locked.consent_evidence = evidence.strip() + who
        locked.save(update_fields=["consent_recorded_on", "consent_evidence"])
        representative_recorded.send(
            sender=record_representative_consent,
            complaint=complaint,
            representative=locked,
            actor=actor,
            source=None,
        )
    return locked


def record_reasonable_adjustment(
    *,
    resident: Resident,
    adjustment: str,
    agreed_on: date,
    disclosed_disability: str = "",
    review_due: date | None = None,
) -> ReasonableAdjustment:
    """Keep a record of an agreed adjustment and any disability disclosed, for review (2024 5.10)."""
    if not adjustment.strip():
        raise InvalidRequest(cite("2024", "5.10"), "the agreed adjustment is required")
    return ReasonableAdjustment.objects.create(
        resident=resident,
        adjustment=adjustment.strip(),
        disclosed_disability=disclosed_disability.strip(),
        agreed_on=agreed_on,
        review_due=review_due,
    )


def record_contact_restriction(
    *,
    resident: Resident,
    restriction: str,
    reason: str,
    starts_on: date,
    review_due: date,
    equality_considerations: str = "",
    actor: User | None = None,
) -> ContactRestriction:
    """Restrict contact for unacceptable behaviour, with the evidence, and a review date (2024 5.14)."""
    if not restriction.strip() or not reason.strip():
        raise InvalidRequest(cite("2024", "5.14"), "a restriction needs what it is and the evidenced reason")
    if review_due <= starts_on:
        raise InvalidRequest(cite("2024", "5.14"), "a restriction must be reviewed after it starts")
    return ContactRestriction.objects.create(
        resident=resident,
        restriction=restriction.strip(),
        reason=reason.strip(),
        equality_considerations=equality_considerations.strip(),
        starts_on=starts_on,
        review_due=review_due,
        recorded_by=actor,
    )


# --------------------------------------------------------------------------------------------------
# Receiving a complaint


def receive_complaint(
    *,
    resident: Resident,
    summary: str,
    channel: Channel | str,
    actor: User | None,
    received_on: date | None = None,
    representative: Representative | None = None,
    property: Property | None = None,
    category: Category | None = None,
    about_service_request: str = "",
    edition: str | None = None,
    raised_during: str = "",
    restricted: bool = False,
    restricted_to: Iterable[User] = (),
    accept: bool = False,
    route: Route | str = Route.INVESTIGATION,
    issue_date: date | None = None,
    discretion_reason: str = "",
    actor_label: str = "",
    made_by_representative: bool = True,
) -> Complaint:
    """Record a contact from a resident (or their representative) on any channel (2024 3.1) and give
    it a reference. A complaint received with a representative is recorded as made by them unless
    ``made_by_representative`` is false (new issues raised on a complaint the resident made). With ``accept=True`` (staff or the online form are clear it is a complaint) it is
    also accepted as a stage 1 complaint, its acknowledgement due within 5 working days of the day
    received (6.2): the clock runs from receipt, accepted or not."""
    if representative is not None and representative.resident_id != resident.pk:
        raise InvalidRequest(None, "the representative acts for a different resident")
    landlord, rules = landlord_and_rules()
    if edition is not None and edition not in EDITIONS:
        raise InvalidRequest(None, f"unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}")
    day = received_on or _today()
    if day > _today(day):
        raise CodeViolation(
            cite("2024", "5.12"),
            f"a complaint cannot be received in the future ({day.day} {day:%B %Y})",
            fields=(("received_on", "Date received must be today or in the past"),),
        )
    # before any edition is chosen by it: 1900, or 0026 for 2026, has no edition nor calendar to count by
    core.received_on_counted(day)
    if edition is not None and core.edition_by_law(day, edition) != edition:
        raise InvalidRequest(
            None,
            f"a complaint received on {day.day} {day:%B %Y} is under the {core.edition_by_law(day)} Code: "
            "the 2024 Code is statutory for every complaint received from 1 April 2024",
        )
    event = core.receive(
        on=day,
        channel=channel,
        summary=summary,
        edition=edition or landlord.edition or None,
        about_service_request=about_service_request.strip(),
        raised_during=raised_during,
    )
    ref = staff_ref(actor) if actor else ""
    events: list[Event] = [dataclasses.replace(event, actor=ref)]
    cases = [evolve(None, events[0])]
    if accept:
        accepted = core.accept_as_complaint(
            cases[0],
            on=event.on,
            route=route,
            issue_date=issue_date,
            discretion_reason=discretion_reason,
            rules=rules,
        )
        events.append(dataclasses.replace(accepted, actor=ref, with_contact=True))
        cases.append(evolve(cases[0], events[1]))
    recorded_at = [_now(recorded.on) for recorded in events]
    # savepoint=False: no SAVEPOINT round trips when the caller's transaction is already open (the API).
    # together(): the resident's words, the events and the stage go to the database in one round trip
    # at the end (each still its own INSERT), after the complaint row they hang on
    with transaction.atomic(savepoint=False):
        with inserts.together():
            # The complaint row goes in already projected and with its reference (made from its id in
            # the same INSERT), so nothing needs an UPDATE. No handler is known at receipt; were one,
            # ``project_change`` below would write it.
            complaint = inserts.create_numbered(
                Complaint(
                    resident=resident,
                    representative=representative,
                    # a complaint received with a representative is one they made for the resident (the
                    # online form's "for someone else", staff's "contacted by the representative")
                    made_by_representative=representative if made_by_representative else None,
                    # the home's id only: reading the resident's home row to copy its id cost a query
                    property_id=property.pk if property is not None else resident.property_id,
                    category=category,
                    summary=event.summary,
                    about_service_request=event.about_service_request,
                    restricted=restricted,
                    **projected(0, cases[-1], set(), recorded_at[-1]).fields,
                ),
                field="reference",  # "PR-" and the id in at least six digits
                prefix="PR-",
                digits=6,
            )
            if restricted_to:
                complaint.restricted_to.set(list(restricted_to))
            # The events in one INSERT, each sealed to the one before it (``history.seal``).
            rows, previous = [], history.GENESIS
            words = personal.Splitter(complaint.pk)  # the residents' words, kept apart from the events
            for sequence, (recorded, case, at) in enumerate(
                zip(events, cases, recorded_at, strict=True), start=1
            ):
                row = _event_row(
                    complaint,
                    case,
                    recorded,
                    sequence=sequence,
                    actor=actor,
                    actor_label=actor_label,
                    reason="",
                    recorded_at=at,
                )
                row.data, row.reason = words.data(row.data), words.text(row.reason)
                history.seal(row, previous)
                previous = row.chain_hash
                rows.append(row)
            words.save()
            inserts.insert(rows)
            project_change(complaint, None, cases[-1], last_event_at=rows[-1].recorded_at)
            complaint._appended = rows[-1]  # type: ignore[attr-defined]
        if representative is not None and representative.consented and not raised_during:
            # consent given with the complaint when it was logged (the workspace's new contact, the
            # online form's "for someone else", the API): its history says when and how (2024 3.6,
            # 5.12), as it does for consent recorded later. A complaint logged from another's new
            # issues says where its consent came from instead (:func:`record_new_issues`)
            representative_recorded.send(
                sender=receive_complaint,
                complaint=complaint,
                representative=representative,
                actor=actor,
                source=None,
                occasion=_consent_given(actor, channel, actor_label),
                given=True,
                actor_label=_label(actor, actor_label),
            )
    return complaint


def _consent_given(actor: User | None, channel: Channel | str, actor_label: str) -> str:
    """How the history says the resident's consent to their representative was given with the
    complaint (2024 3.6, 5.12): on the residents' online form, or to the member of staff (or other
    door) who logged it, by name."""
    if actor is None and channel == Channel.ONLINE_FORM:
        return "Given on the online form, with the complaint"
    return f"Given with the complaint, logged by {_label(actor, actor_label)}"


# --------------------------------------------------------------------------------------------------
# Triage


def offer_choice_to_complain(
    *,
    complaint: Complaint,
    actor: User | None,
    about: str,
    how_offered: str,
    chose: core.ComplaintChoice | str,
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """The resident expressed dissatisfaction and was given the choice to make a complaint: record
    how, and what they chose; when they asked for a complaint it is logged with it, the same day
    (2024 1.3, 1.5; 2022 1.6)."""
    day = on or _today()
    return _steps(
        complaint,
        lambda case, rules: core.offer_choice_to_complain(
            case, on=day, about=about, how_offered=how_offered, chose=chose, rules=rules
        ),
        actor=actor,
        late_reason=late_reason,
    )


def triage_as_service_request(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    on: date | None = None,
    late_reason: str = "",
    choice_reminder_shown: bool = False,
) -> Complaint:
    """Record the contact as a service request, not a complaint (2024 1.4). Where the triage hint
    reads the resident's words as a complaint, the record keeps its reading, and whether the door
    (``choice_reminder_shown``: the workspace's page, never the API) showed the reminder of the
    choice to make a complaint (2024 1.3)."""
    day = on or _today()
    reading = read_as_complaint(complaint)
    return _step(
        complaint,
        lambda case, rules: core.triage_as_service_request(
            case,
            on=day,
            reason=reason,
            read_as_complaint=reading,
            choice_reminder_shown=choice_reminder_shown,
            rules=rules,
        ),
        actor=actor,
        late_reason=late_reason,
    )


def resolve_service_request(
    *,
    complaint: Complaint,
    actor: User | None,
    resolution: str,
    resolved_there_and_then: bool = False,
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.resolve_service_request(
            case, on=day, resolution=resolution, resolved_there_and_then=resolved_there_and_then, rules=rules
        ),
        actor=actor,
        late_reason=late_reason,
    )


def accept_as_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    route: Route | str = Route.INVESTIGATION,
    issue_date: date | None = None,
    discretion_reason: str = "",
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
    actor_label: str = "",
) -> Complaint:
    """Accept the contact as a stage 1 complaint (2024 6.2); time limit discretion recorded (2.3)."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.accept_as_complaint(
            case,
            on=day,
            route=route,
            issue_date=issue_date,
            discretion_reason=discretion_reason,
            reason=reason,
            rules=rules,
        ),
        actor=actor,
        actor_label=actor_label,
        late_reason=late_reason,
    )


def _not_this_complaint(
    complaint: Complaint, ground: ExclusionGround | str, previously_considered_in: str
) -> str:
    """The earlier complaint that considered the matter (2024 2.2), as the person names it, refused if
    it names this complaint, however typed: refusing to escalate, or declining from stage 2, on this
    complaint's own stage 1 would refuse every escalation (2024 5.11); at stage 1 the complaint has
    not been considered before (2.1). Not looked up: a handler who may not see a complaint must not
    learn from a refusal that its reference exists (helper-120). Both doors use it
    (``decline_complaint``, ``decline_escalation``). Only for that ground: for another, what was
    typed is not kept on the decision (``lifecycle._earlier_complaint``), so it is not refused."""
    earlier = previously_considered_in.strip()
    if str(ground) != ExclusionGround.PREVIOUSLY_CONSIDERED.value:
        return earlier
    if earlier and complaint.reference in search.reference_named(earlier):
        if complaint.stage >= 2:
            raise InvalidRequest(
                core.rule(complaint.edition, "escalate_refusal"),
                f"{earlier} is this complaint: its own stage 1 is what escalating asks to be considered "
                "again. Give the earlier complaint that considered the matter",
            )
        raise InvalidRequest(
            core.rule(complaint.edition, "accept"),
            f"{earlier} is this complaint, which has not been considered before. Give the earlier "
            "complaint that considered the matter",
        )
    return earlier


def decline_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    ground: ExclusionGround | str,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
    issue_date: date | None = None,
    previously_considered_in: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
) -> Complaint:
    """Not accept the complaint, on a valid exclusion (2024 2.1-2.5). Counts once the resident is
    told (``told``); until then it is held (``PendingStep``). ``previously_considered_in``: as for
    ``decline_escalation``, required from stage 2 on the ground "previously considered" (2024 5.11),
    optional at stage 1 and then kept."""
    day = told.on if told else on or _today()
    earlier = _not_this_complaint(complaint, ground, previously_considered_in)
    fields = dict(
        ground=str(ground),
        explanation=explanation,
        considered_on_merits=considered_on_merits,
        right_to_ombudsman_given=right_to_ombudsman_given,
        issue_date=issue_date.isoformat() if issue_date else None,
        previously_considered_in=earlier,
    )
    return _step(
        complaint,
        lambda case, rules: core.decline(
            case,
            on=day,
            ground=ground,
            explanation=explanation,
            considered_on_merits=considered_on_merits,
            right_to_ombudsman_given=right_to_ombudsman_given,
            issue_date=issue_date,
            previously_considered_in=earlier,
            rules=rules,
        ),
        actor=actor,
        late_reason=late_reason,
        told=told,
        step="decline",
        fields=fields,
    )


# --------------------------------------------------------------------------------------------------
# Handling a stage


def allocate_handler(
    *,
    complaint: Complaint,
    actor: User | None,
    handler: User,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """Give the current stage to a complaint handler; at stage 2 someone new to it (2024 6.13)."""
    day = on or _today()
    ref = _active_staff(handler, "a complaint handler")
    return _step(
        complaint,
        lambda case, rules: core.allocate_handler(case, on=day, handler=ref, rules=rules),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )


def acknowledge_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    complaint_definition: str,
    outcomes_sought: str,
    responsible_for: str,
    not_responsible_for: str = "",
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
) -> Complaint:
    """Acknowledge and define the complaint at its stage (2024 6.2, 6.11, 5.6, 5.7). Counts once the
    resident is told (``told``); until then it is held (``PendingStep``) and the clock keeps running."""
    day = told.on if told else on or _today()
    fields = dict(
        complaint_definition=complaint_definition,
        outcomes_sought=outcomes_sought,
        responsible_for=responsible_for,
        not_responsible_for=not_responsible_for,
        reason=reason,
    )
    definition = ComplaintDefinition(
        complaint=complaint_definition,
        outcomes_sought=outcomes_sought,
        responsible_for=responsible_for,
        not_responsible_for=not_responsible_for,
    )
    return _step(
        complaint,
        lambda case, rules: core.acknowledge(case, on=day, definition=definition, rules=rules),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
        told=told,
        step="acknowledge",
        fields=fields,
    )


def extend_response_deadline(
    *,
    complaint: Complaint,
    actor: User | None,
    working_days: int,
    reason: str,
    ombudsman_details_given: bool,
    good_reason: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
) -> Complaint:
    """Extend the response deadline (2024 6.4, 6.5, 6.15, 6.16), decided and told to the resident on or
    before the day the response is due; held until then (``PendingStep``)."""
    day = told.on if told else on or _today()
    fields = dict(
        working_days=working_days,
        reason=reason,
        ombudsman_details_given=ombudsman_details_given,
        good_reason=good_reason,
    )
    return _step(
        complaint,
        lambda case, rules: core.extend(
            case,
            on=day,
            working_days=working_days,
            reason=reason,
            ombudsman_details_given=ombudsman_details_given,
            good_reason=good_reason,
            rules=rules,
        ),
        actor=actor,
        late_reason=late_reason,
        told=told,
        step="extend",
        fields=fields,
    )


def agree_update_interval(
    *,
    complaint: Complaint,
    actor: User | None,
    every_working_days: int,
    method: str,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """Agree how often the resident will be kept informed (2024 5.9)."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.agree_update_interval(
            case, on=day, every_working_days=every_working_days, method=method, rules=rules
        ),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )


def respond_to_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    outcome: Outcome | str,
    decision: str,
    reasons: str,
    remedy: str,
    outstanding_actions: str,
    escalation_route: str,
    handler: User | None = None,
    complaint_stage: str = "",
    complaint_definition: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
) -> Complaint:
    """The stage response with everything the Code lists (2024 6.9, 6.19), in writing to the resident:
    it counts on the day it is issued (``told``) and is held until then. ``handler`` is who considered
    the stage: by default the allocated handler, else ``actor`` (6.13 is checked on both)."""
    day = told.on if told else on or _today()
    fields = dict(
        outcome=str(outcome),
        decision=decision,
        reasons=reasons,
        remedy=remedy,
        outstanding_actions=outstanding_actions,
        escalation_route=escalation_route,
        handler_id=handler.pk if handler is not None else None,
        complaint_stage=complaint_stage,
        complaint_definition=complaint_definition,
    )
    response = StageResponse(
        outcome=Outcome(outcome),
        decision=decision,
        reasons=reasons,
        remedy=remedy,
        outstanding_actions=outstanding_actions,
        escalation_route=escalation_route,
        complaint_stage=complaint_stage,
        complaint_definition=complaint_definition,
    )
    explicit = _active_staff(handler, "the complaint handler") if handler is not None else None

    def decide(case: Case, rules: Rules) -> Event:
        _no_new_issues_waiting(complaint, case)
        ref = explicit or case.handlers.get(case.stage) or (staff_ref(actor) if actor else "")
        return core.respond(case, on=day, handler=ref, response=response, rules=rules)

    return _step(
        complaint,
        decide,
        actor=actor,
        reason=decision,
        late_reason=late_reason,
        told=told,
        step="respond",
        fields=fields,
    )


def _no_new_issues_waiting(complaint: Complaint, case: Case) -> None:
    """2024 6.8 (a must): related new issues the handler added to the stage 1 definition are
    incorporated into the stage 1 response. While that amended definition waits to be told to the
    resident (held), the response would leave them out, and once issued the amendment could never be
    sent: refuse the response until it is sent (or discarded). 2022 5.7 is a "should": not refused."""
    provision = core.rule(case.edition, "new_issues")
    if case.stage != 1 or not provision.startswith("2024"):
        return
    if PendingStep.objects.filter(
        complaint=complaint, step="amend_definition", stage=1, state=PendingStep.State.PENDING
    ).exists():
        raise CodeViolation(
            provision,
            "new issues added to the complaint definition are waiting to be told to the resident: "
            "send that first, so the stage 1 response covers them",
        )


def request_escalation(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
    actor_label: str = "",
) -> Complaint:
    """The resident asks for stage 2; no reason needed (2024 6.10, 6.11, 6.12)."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.request_escalation(case, on=day, reason=reason, rules=rules),
        actor=actor,
        actor_label=actor_label,
        late_reason=late_reason,
    )


def decline_escalation(
    *,
    complaint: Complaint,
    actor: User | None,
    ground: ExclusionGround | str,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
    previously_considered_in: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
) -> Complaint:
    """Refuse to escalate, only for a valid exclusion (2024 5.11), counting once the resident is told.
    ``previously_considered_in``: for a matter previously considered, the earlier complaint that
    considered it, as the person knows it: its reference, or where it was considered (a matter
    handled before PutRight, in another system, has no reference here). Never this complaint. It is
    not looked up: a handler who may not see a complaint must not learn from a refusal that its
    reference exists (helper-120)."""
    day = told.on if told else on or _today()
    earlier = _not_this_complaint(complaint, ground, previously_considered_in)
    fields = dict(
        ground=str(ground),
        explanation=explanation,
        considered_on_merits=considered_on_merits,
        right_to_ombudsman_given=right_to_ombudsman_given,
        previously_considered_in=earlier,
    )
    return _step(
        complaint,
        lambda case, rules: core.decline_escalation(
            case,
            on=day,
            ground=ground,
            explanation=explanation,
            considered_on_merits=considered_on_merits,
            right_to_ombudsman_given=right_to_ombudsman_given,
            previously_considered_in=earlier,
            rules=rules,
        ),
        actor=actor,
        late_reason=late_reason,
        told=told,
        step="decline_escalation",
        fields=fields,
    )


# --------------------------------------------------------------------------------------------------
# Putting things right


def record_new_issues(
    *,
    complaint: Complaint,
    actor: User | None,
    issues: str,
    related: bool,
    would_unreasonably_delay: bool,
    handled: core.NewIssuesHandling | str,
    reason: str,
    added_outcomes: str = "",
    on: date | None = None,
    late_reason: str = "",
    told: Told | None = None,
    category: Category | None = None,
) -> Complaint:
    """New issues the resident raised during a stage (2024 6.8; 2022 5.7), with the reason for what
    was done with them (``category``, the new complaint's, this one's unless given):

    * added to the complaint definition: the amended definition counts once the resident is told
      (``told``); until then it is held (``PendingStep``) like an acknowledgement;
    * logged as a new complaint: a new contact for the same resident, accepted at stage 1 (its own
      acknowledgement clock, 6.2) and linked both ways (``raised_during`` on the new one, its
      reference on this one), in the same transaction.

    A ``category`` is the new complaint's: given with issues added to this complaint's definition, it
    would be dropped without a word (this complaint keeps its own), so it is refused on its field at
    every door, as the API refused it alone.
    """
    if category is not None and str(handled) != core.NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT.value:
        refused = (
            "A category is for a new complaint: choose one only when the new issues are logged as a new "
            "complaint. Added to this complaint's definition, they keep this complaint's category"
        )
        raise InvalidRequest(None, refused, fields=(("category", refused),))
    day = told.on if told else on or _today()

    def decide(new_complaint: str) -> Callable[[Case, Rules], Event]:
        return lambda case, rules: core.record_new_issues(
            case,
            on=day,
            issues=issues,
            related=related,
            would_unreasonably_delay=would_unreasonably_delay,
            handled=handled,
            reason=reason,
            added_outcomes=added_outcomes,
            new_complaint=new_complaint,
            rules=rules,
        )

    if str(handled) != core.NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT.value:
        fields = dict(
            issues=issues,
            related=related,
            would_unreasonably_delay=would_unreasonably_delay,
            handled=str(handled),
            reason=reason,
            added_outcomes=added_outcomes,
        )
        return _step(
            complaint,
            decide(""),
            actor=actor,
            late_reason=late_reason,
            told=told,
            step="amend_definition",
            fields=fields,
        )
    with transaction.atomic():
        # the Code's checks first, so a refused step logs no new complaint
        decide("(to be logged)")(replay(_events(complaint)), landlord_rules())
        # the new complaint's own record of the representative, consent as recorded on this one today,
        # kept in its history (2024 5.12): a later change on either is that complaint's only
        carried = complaint.representative
        new = receive_complaint(
            resident=complaint.resident,
            representative=_copy_of(carried) if carried is not None else None,
            property=complaint.property,
            category=category or complaint.category,
            summary=issues,
            channel=complaint.channel,
            actor=actor,
            received_on=day,
            raised_during=complaint.reference,
            restricted=complaint.restricted,
            restricted_to=list(complaint.restricted_to.all()),
            accept=True,
            # raised by whoever made the complaint they were raised on (2024 3.6, 5.12)
            made_by_representative=carried is not None and complaint.made_by_representative_id == carried.pk,
        )
        if new.representative is not None:
            representative_recorded.send(
                sender=record_new_issues,
                complaint=new,
                representative=new.representative,
                actor=actor,
                source=complaint,
            )
        return _step(complaint, decide(new.reference), actor=actor, late_reason=late_reason)


def agree_remedy(
    *,
    complaint: Complaint,
    actor: User | None,
    remedy_kind: RemedyKind | str,
    description: str,
    due: date | None,
    agreed_with_resident: bool,
    amount_pence: int = 0,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """Record a remedy, what and by when, to follow through (2024 7.3)."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.agree_remedy(
            case,
            on=day,
            description=description,
            due=due,
            remedy_kind=remedy_kind,
            agreed_with_resident=agreed_with_resident,
            amount_pence=amount_pence,
            rules=rules,
        ),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )


def withdraw_remedy(
    *,
    complaint: Complaint,
    actor: User | None,
    number: int,
    ground: str,
    reason: str,
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """Withdraw a remedy that will not be carried out, with why (2024 7.3): it stays on the record,
    marked withdrawn, and is counted as withdrawn, never as done."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.withdraw_remedy(
            case, on=day, number=number, ground=ground, reason=reason, rules=rules
        ),
        actor=actor,
        late_reason=late_reason,
    )


def complete_remedy(
    *,
    complaint: Complaint,
    actor: User | None,
    number: int,
    evidence: str,
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.complete_remedy(case, on=day, number=number, evidence=evidence, rules=rules),
        actor=actor,
        late_reason=late_reason,
    )


def add_outstanding_action(
    *,
    complaint: Complaint,
    actor: User | None,
    description: str,
    owner: str,
    due: date,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    """Track an action still to be done (2024 6.17)."""
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.add_outstanding_action(
            case, on=day, description=description, owner=owner, due=due, rules=rules
        ),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )


def complete_outstanding_action(
    *,
    complaint: Complaint,
    actor: User | None,
    number: int,
    note: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.complete_outstanding_action(
            case, on=day, number=number, note=note, rules=rules
        ),
        actor=actor,
        late_reason=late_reason,
    )


# --------------------------------------------------------------------------------------------------
# Ending


def close_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.close(case, on=day, reason=reason, rules=rules),
        actor=actor,
        late_reason=late_reason,
    )


def refer_to_ombudsman(
    *,
    complaint: Complaint,
    actor: User | None,
    reference: str = "",
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.refer_to_ombudsman(case, on=day, reference=reference, rules=rules),
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )


def withdraw_complaint(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str = "",
    on: date | None = None,
    late_reason: str = "",
    actor_label: str = "",
) -> Complaint:
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.withdraw(case, on=day, reason=reason, rules=rules),
        actor=actor,
        actor_label=actor_label,
        late_reason=late_reason,
    )


_STEP_SERVICES: dict[str, Callable[..., Complaint]] = {
    "acknowledge": acknowledge_complaint,
    "respond": respond_to_complaint,
    "extend": extend_response_deadline,
    "decline": decline_complaint,
    "decline_escalation": decline_escalation,
    "amend_definition": record_new_issues,
}


def step_of(service: Callable[..., Complaint]) -> str | None:
    """The name of the held step ``service`` takes ("acknowledge"), if it takes one."""
    return next((name for name, taking in _STEP_SERVICES.items() if taking is service), None)


def confirm_independence(
    *,
    complaint: Complaint,
    actor: User,
    person: User,
    stage: int,
    reason: str,
    on: date | None = None,
) -> Complaint:
    """A manager records that ``person``, allocated to ``stage``, never considered it (allocated in
    error, reallocated before any work), so 2024 6.13 does not bar them from a later stage."""
    from putright.accounts.models import Role

    if not (actor.is_superuser or actor.role in (Role.MANAGER, Role.ADMINISTRATOR)):
        raise InvalidRequest(None, "only a manager can confirm that someone never considered a stage")
    day = on or _today()
    return _step(
        complaint,
        lambda case, rules: core.confirm_independence(
            case, on=day, stage=stage, person=staff_ref(person), reason=reason, rules=rules
        ),
        actor=actor,
        reason=reason,
    )


def _received_recorded_on(complaint: Complaint) -> date:
    """The day the complaint's receipt was put on the record: when its contact was logged, or, for a
    complaint made about a service request (2024 1.5), when it was accepted."""
    rows = ComplaintEvent.objects.filter(
        complaint=complaint,
        kind__in=("contact_received", "triaged_as_service_request", "accepted_as_complaint"),
    ).order_by("sequence")
    logged: date | None = None
    service_request = False
    for kind, at in rows.values_list("kind", "recorded_at"):
        if kind == "contact_received":
            logged = timezone.localdate(at)
        elif kind == "triaged_as_service_request":
            service_request = True
        elif service_request:  # accepted from the service request: the complaint was made then
            return timezone.localdate(at)
    if logged is None:
        raise InvalidRequest(None, "the complaint has no record of being received")
    return logged


def correct_received_date(
    *,
    complaint: Complaint,
    actor: User,
    received_on: date,
    reason: str,
) -> Complaint:
    """Put right the day the complaint was received, recorded wrongly (2024 5.12); the stage 1
    acknowledgement date follows it (6.2). For the complaints officer, managers and administrators:
    the day sets the handler's clock, so a handler cannot move it (``access.policy``)."""
    from putright.access.policy import corrects_received_date

    if not corrects_received_date(actor):
        raise InvalidRequest(
            None, "only the complaints officer, a manager or an administrator can correct the day received"
        )
    recorded_on = _received_recorded_on(complaint)
    return _step(
        complaint,
        lambda case, rules: core.correct_received_date(
            case,
            on=_today(),
            received_on=received_on,
            reason=reason,
            recorded_on=recorded_on,
            by=staff_ref(actor),
            rules=rules,
        ),
        actor=actor,
    )


# --------------------------------------------------------------------------------------------------
# The rest of the full record (2024 5.12)


def record_correspondence(
    *,
    complaint: Complaint,
    actor: User | None,
    direction: Direction | str,
    channel: Channel | str,
    subject: str = "",
    body: str = "",
    occurred_at: datetime | None = None,
    party: Party | str = Party.RESIDENT,
    correspondent: str = "",
) -> Correspondence:
    """Keep a letter, email, call or meeting with the resident or another party on the record."""
    if not subject.strip() and not body.strip():
        raise InvalidRequest(cite("2024", "5.12"), "correspondence needs a subject or a body")
    when = occurred_at or timezone.now()
    if timezone.is_naive(when):
        raise InvalidRequest(None, "occurred_at must carry its time zone")
    return Correspondence.objects.create(
        complaint=complaint,
        direction=Direction(direction),
        channel=Channel(channel).value,
        subject=subject.strip(),
        body=body,
        occurred_at=when,
        party=Party(party),
        correspondent=correspondent.strip(),
        recorded_by=actor,
    )


def attach_document(
    *,
    complaint: Complaint,
    actor: User | None,
    content: bytes | IO[bytes] | File[bytes],
    filename: str,
    content_type: str = "",
    description: str = "",
    correspondence: Correspondence | None = None,
) -> Attachment:
    """Keep a supporting document (report, survey, photo) with the record (2024 5.12). The file is
    stored under the media root with its SHA-256, size and type."""
    if correspondence is not None and correspondence.complaint_id != complaint.pk:
        raise InvalidRequest(None, "the correspondence belongs to a different complaint")
    original = os.path.basename(filename.replace("\\", "/")).strip()
    if not original:
        raise InvalidRequest(None, "a document needs a file name")
    upload: File[bytes] = ContentFile(content) if isinstance(content, bytes) else File(content)
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    guessed = content_type or mimetypes.guess_type(original)[0] or "application/octet-stream"
    with files_kept_with_their_rows() as store:
        attachment = Attachment(
            complaint=complaint,
            correspondence=correspondence,
            original_filename=original,
            description=description.strip(),
            content_type=guessed,
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        store(attachment.file, get_valid_filename(original) or "document", upload)
        attachment.save()
    return attachment


def record_learning_point(
    *,
    complaint: Complaint,
    actor: User | None,
    description: str,
    owner: User | None = None,
    due: date | None = None,
) -> LearningPoint:
    """Learning beyond this complaint's circumstances, to act on and report (2024 9.1, 9.3)."""
    if not description.strip():
        raise InvalidRequest(None, "a learning point needs a description")
    return LearningPoint.objects.create(
        complaint=complaint, description=description.strip(), owner=owner, due=due, recorded_by=actor
    )


# --------------------------------------------------------------------------------------------------
# Rebuilding the projections


def rebuild_projections(
    *,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
    unreadable: list[str] | None = None,
) -> int:
    """Recompute every complaint's projections from its events. Returns how many were rebuilt.
    Each batch is one transaction; events are read one query per batch. A complaint whose history
    the core cannot read (``UnreadableRecord``) or replay keeps its projection as it was, is logged,
    and its reference is added to ``unreadable``: one such history no longer stops the rebuild
    part-way."""
    ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic():
            events: dict[int, list[ComplaintEvent]] = {pk: [] for pk in batch}
            for row in ComplaintEvent.objects.filter(complaint_id__in=batch).order_by(
                "complaint_id", "sequence"
            ):
                events[row.complaint_id].append(row)
            for complaint in Complaint.objects.select_for_update().filter(pk__in=batch).order_by("pk"):
                rows = events[complaint.pk]
                if not rows:
                    continue
                try:
                    case = replay(
                        event_from_data(row.data, reference=complaint.reference)
                        for row in personal.resolve_rows(rows)
                    )
                    project(complaint, case, last_event_at=rows[-1].recorded_at)
                except (UnreadableRecord, LifecycleError, LookupError) as error:
                    # a step it cannot read, or a history it reads but cannot replay (one left by
                    # another system, an edition it does not hold): the projection is not written
                    said = error.for_the_log if isinstance(error, UnreadableRecord) else type(error).__name__
                    log.error("projection of complaint %s not rebuilt: %s", complaint.reference, said)
                    if unreadable is not None:
                        unreadable.append(complaint.reference)
                    continue
                done += 1
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    changed_without_event.send(sender=rebuild_projections)
    return done
