"""A held step told by a letter PutRight had already issued (2024 5.12).

A letter that tells the resident of a step (a stage 1 acknowledgement, say) can be started from the
letters page before the step is recorded. Issued then, it reached the resident but recorded nothing:
the case still said "not acknowledged", and recording the acknowledgement drafted a second letter
(found in a browser walk). Here the step is recorded as told by that letter, on the day it was
issued, once the letter is shown to say what the step records: the same check an unissued letter
for the step passes, run on the issued text as of its issue day. A letter that says something else
(another definition, another response date) cannot be the step's record, and the refusal says why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import CodeViolation, InvalidRequest, LifecycleError
from putright.code.lifecycle import rule
from putright.complaints import services as complaint_services
from putright.complaints.models import Complaint, PendingStep
from putright.letters import posting
from putright.letters.check import check_letter
from putright.letters.models import IssuedLetter, LetterDraft, kind_name
from putright.letters.services import (
    a_or_an,
    check_context,
    confirmations,
    differs_from_the_record,
    held_step_kind,
    perform_and_hold,
    step_label_of_letter,
    step_letter_kind_if_any,
    told_by_an_issued_letter,
)


def letters_telling_no_step(complaint: Complaint, step: str, stage: int | None) -> QuerySet[IssuedLetter]:
    """Letters issued on ``complaint`` of the kind that tells the resident of ``step`` at ``stage``
    that are not any step's record yet, newest first."""
    found = step_letter_kind_if_any(step, stage)
    if found is None:
        return IssuedLetter.objects.none()
    kind = found.value
    return (
        IssuedLetter.objects.filter(complaint=complaint, kind=kind, draft__isnull=False)
        .filter(draft__pending_step__isnull=True)
        .filter(Q(stage=stage) | Q(stage__isnull=True))
        .order_by("-issued_at", "-id")
    )


def _again(error: LifecycleError, detail: str) -> LifecycleError:
    if isinstance(error, CodeViolation):
        return CodeViolation(error.provision or "", detail, missing=error.missing)
    return type(error)(error.provision, detail)


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _refuse(complaint: Complaint, detail: str) -> CodeViolation:
    return CodeViolation(rule(complaint.edition, "record"), detail)


def tell_by_issued_letter(
    *, held: PendingStep, letter: IssuedLetter, actor: User | None, late_reason: str = ""
) -> Complaint:
    """Record ``held`` as told by ``letter``, issued earlier from the letters page: the step counts
    from the day the letter was issued. Refused unless the letter is of the step's kind, on the same
    complaint and stage, is no other step's record, and says what the step records."""
    with transaction.atomic():
        # the complaint first, as every step and ``send_held_step`` lock it
        complaint_services.lock_complaint(held.complaint_id)
        locked = PendingStep.objects.select_for_update().get(pk=held.pk)
        if locked.state != PendingStep.State.PENDING:
            raise InvalidRequest(None, f"this {locked.label} is not waiting to be sent ({locked.state})")
        draft = (
            LetterDraft.objects.select_for_update().filter(issued=letter).first()
            if letter.draft_id is not None
            else None
        )
        if draft is None:
            raise InvalidRequest(None, "that letter has no draft on record to tie the step to")
        kind = held_step_kind(locked)
        if letter.complaint_id != locked.complaint_id:
            raise InvalidRequest(None, "that letter was issued on another complaint")
        if letter.kind != kind.value or letter.stage not in (None, locked.stage):
            raise InvalidRequest(
                None,
                f"that letter is {a_or_an(_lower(kind_name(letter.kind)))} letter: the {locked.label} is "
                f"told by {a_or_an(_lower(kind_name(kind.value)))} letter",
            )
        if draft.pending_step_id is not None:
            raise InvalidRequest(None, "that letter is already the record of another step")
        issued_on = timezone.localdate(letter.issued_at)
        _says_what_the_step_records(letter, draft, locked, issued_on=issued_on)
        sent_on = posting.told_on(letter)
        if sent_on is None:
            # printed and not yet recorded as posted: the step waits for the day it is
            draft.pending_step = locked
            draft.save(update_fields=["pending_step"])
            return Complaint.objects.get(pk=locked.complaint_id)
        try:
            complaint = complaint_services.send_held_step(
                pending=locked,
                told=complaint_services.Told(method="letter", on=sent_on, letter_id=letter.pk),
                actor=actor,
                late_reason=late_reason,
            )
        except LifecycleError as refused:
            if "recorded late" in refused.detail:
                raise  # the reason is asked for where it is typed
            # the Code refuses the step on the letter's day (issued before the step it follows,
            # an extension told after the deadline): say it is the letter's day that is refused
            raise _again(
                refused,
                f"the letter issued on {issued_on:%-d %B %Y} cannot be the record of the "
                f"{locked.label}: {refused.detail}",
            ) from refused
        draft.pending_step = locked
        draft.save(update_fields=["pending_step"])
        # its own letter, issued earlier and its email failing, is not sent on top of this one
        posting.stop_other_letters_emails(locked, told_by=letter)
    return complaint


def take_step_told_by(
    perform: Callable[[date], Complaint],
    *,
    complaint: Complaint,
    letter: IssuedLetter,
    actor: User | None,
    late_reason: str = "",
) -> Complaint:
    """Take a step at any door (``perform`` calls its service, which holds it until the resident is
    told) and record it as told by ``letter``, already issued. The step is decided as of the day the
    letter was issued (``perform`` is given it): an extension told on time by the letter is not
    refused because its response date has passed since (2024 6.4). In one transaction: if the
    letter does not say what the step records, nothing is recorded."""
    # the day the resident was sent it: its email sent, or posted (the issue day until either is)
    told_on = posting.told_on(letter) or timezone.localdate(letter.issued_at)
    with transaction.atomic():
        try:
            with transaction.atomic(), told_by_an_issued_letter():
                _, held = perform_and_hold(lambda: perform(told_on), complaint=complaint)
        except LifecycleError as refused:
            _refused_on_the_letters_day(perform, complaint=complaint, letter=letter, refused=refused)
            raise
        if held is None:
            raise InvalidRequest(None, "this step is not one a letter tells the resident of")
        return tell_by_issued_letter(held=held, letter=letter, actor=actor, late_reason=late_reason)


def _refused_on_the_letters_day(
    perform: Callable[[date], Complaint],
    *,
    complaint: Complaint,
    letter: IssuedLetter,
    refused: LifecycleError,
) -> None:
    """Raise ``refused`` as the letter's day refused, where the step taken today would be recorded
    (a response letter issued before the acknowledgement it follows): the person chose the letter,
    not the date. Returns where the step is refused today too (its words, not its day: shown on the
    fields that said them)."""
    try:
        with transaction.atomic(), told_by_an_issued_letter():
            perform_and_hold(lambda: perform(timezone.localdate()), complaint=complaint)
            raise _Undone
    except LifecycleError:
        return
    except _Undone:
        pass
    issued_on = timezone.localdate(letter.issued_at)
    raise _again(
        refused,
        f"the letter issued on {issued_on:%-d %B %Y} cannot be the record of the "
        f"{step_label_of_letter(letter.kind)}: {refused.detail}",
    ) from refused


class _Undone(Exception):
    """Rolls back a step taken only to see whether the Code allows it today."""


def _says_what_the_step_records(
    letter: IssuedLetter, draft: LetterDraft, held: PendingStep, *, issued_on: date
) -> None:
    """The letter as issued says what ``held`` records, with its dates as of the day it was issued:
    what it was sent must be what the record says (2024 5.12)."""
    complaint = held.complaint
    differs = differs_from_the_record(letter.source, letter.kind, held, today=issued_on)
    if differs:
        raise _refuse(
            complaint,
            f"the letter issued on {issued_on:%-d %B %Y} does not say what is recorded for "
            f"{', '.join(differs)}: the record must be what the resident was sent. Record the "
            f"{held.label} with the letter's words, or issue a new letter",
        )
    context = check_context(complaint, letter.kind, letter.stage, held=held, on=issued_on)
    result = check_letter(letter.source, letter.kind, letter.edition, context).with_confirmations(
        confirmations(draft)
    )
    # the elements only: Ombudsman contact details changed since the letter was issued do not make
    # it say something else about the step
    if result.blocking:
        raise _refuse(
            complaint,
            f"the letter issued on {issued_on:%-d %B %Y} does not tell the resident of the "
            f"{held.label} as recorded: "
            + "; ".join(
                f"{e.label} ({e.provision}): {e.status}" + (f" ({e.note})" if e.note else "")
                for e in result.blocking
            ),
        )
