"""A letter issued for printing counts from the day it was posted (2024 5.12).

Where no email address is recorded, issuing a letter makes its PDF to print and post. The step the
letter tells the resident of (an acknowledgement, an extension) was recorded as told on the day the
PDF was made, whether or not it was ever posted (found in a browser walk): a record that could look
more compliant than what the resident received. Now the step waits, "not yet sent", until a person
records the day the letter was posted or handed over, and counts from that day, with the reason if
that is recorded late (as any step).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.lifecycle import rule
from putright.complaints import services as complaint_services
from putright.complaints.models import PendingStep
from putright.letters.models import IssuedLetter, LetterDelivery, LetterPosting


def is_printed(letter: IssuedLetter) -> bool:
    """Whether ``letter`` was issued to be printed and posted (no email was sent for it)."""
    return not LetterDelivery.objects.filter(letter=letter).exists()


def told_on(letter: IssuedLetter) -> date | None:
    """The day ``letter`` reached the resident's way: the day it was issued if emailed, the day it
    was posted or handed over if printed, ``None`` while that is not recorded."""
    if not is_printed(letter):
        return timezone.localdate(letter.issued_at)
    posting = LetterPosting.objects.filter(letter=letter).first()
    return posting.sent_on if posting is not None else None


def waiting_for(held: PendingStep) -> IssuedLetter | None:
    """The printed letter ``held`` waits on: issued for it, not yet recorded as posted."""
    if held.state != PendingStep.State.PENDING:
        return None
    return (
        IssuedLetter.objects.filter(draft__pending_step=held, posting__isnull=True, deliveries__isnull=True)
        .order_by("-issued_at", "-id")
        .first()
    )


def record_sent(
    *,
    letter: IssuedLetter,
    sent_on: date,
    how: str = LetterPosting.How.POST,
    actor: User | None,
    late_reason: str = "",
) -> LetterPosting:
    """Record that a printed ``letter`` was posted (or handed over) on ``sent_on``; the step it tells
    the resident of, waiting for it, is recorded as told that day. Refused with nothing recorded if
    the letter was emailed, is already recorded as sent, the day is before it was issued or in the
    future, or the Code refuses the step on that day."""
    if how not in LetterPosting.How.values:
        raise InvalidRequest(None, f"unknown way of sending a printed letter {how!r}: use post or hand")
    with transaction.atomic():
        # the complaint first, as every step, ``send_held_step`` and ``issue_letter`` lock it
        complaint_services.lock_complaint(letter.complaint_id)
        edition = letter.edition
        record = rule(edition, "record")
        if not is_printed(letter):
            raise InvalidRequest(None, "this letter was emailed: it counts from the day it was issued")
        if LetterPosting.objects.filter(letter=letter).exists():
            raise InvalidRequest(None, "this letter is already recorded as sent")
        issued_on = timezone.localdate(letter.issued_at)
        if sent_on < issued_on:
            raise CodeViolation(
                record, f"the letter was issued on {issued_on:%-d %B %Y}: it cannot have been sent before"
            )
        if sent_on > timezone.localdate():
            raise CodeViolation(record, f"{sent_on:%-d %B %Y} is in the future: record it once it is sent")
        posting = LetterPosting.objects.create(
            letter=letter, how=how, sent_on=sent_on, late_reason=late_reason.strip(), recorded_by=actor
        )
        held = PendingStep.objects.filter(letters__issued=letter, state=PendingStep.State.PENDING).first()
        if held is not None:
            complaint_services.send_held_step(
                pending=held,
                told=complaint_services.Told(method="letter", on=sent_on, letter_id=letter.pk),
                actor=actor,
                late_reason=late_reason,
            )
    return posting
