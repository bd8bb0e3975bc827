"""A letter that would tell the resident of a step a second time (2024 5.12): said on the draft page
before Issue is pressed, never refused.

Refused outright would be over-enforcement: a resident may ask for the letter again, or the letter
already issued may not be one the step can be recorded as told by (a date that is wrong). But issued
without a word, the resident gets two acknowledgements, and the record counts the step from the
second (found in an adversarial review and a browser walk): so the person is told which letter
already said it, and how to record the step as told by it instead.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from putright.complaints.models import PendingStep
from putright.letters.already_issued import letters_telling_no_step
from putright.letters.models import IssuedLetter, LetterDraft
from putright.letters.posting import is_printed, waiting_for
from putright.letters.services import differs_from_the_record, held_step_of, step_label_of_letter


def already_told(draft: LetterDraft) -> list[str]:
    """Why issuing ``draft`` may tell the resident of its step a second time, if it may."""
    if IssuedLetter.objects.filter(draft=draft).exists():
        return []
    held = held_step_of(draft)
    if held is not None and (waiting := waiting_for(held)) is not None:
        issued = f"“{waiting.title}” was issued for the {held.label} on {timezone.localdate(waiting.issued_at):%-d %B %Y}"
        if not is_printed(waiting):
            return [
                f"{issued} to be emailed. See on the case page whether its email was sent (retry it, or "
                "record the day it was posted instead): issuing this letter sends it a second time."
            ]
        return [
            f"{issued} to print and post. If it was sent, record the day it was posted (on the case "
            "page) instead: issuing this letter sends it a second time."
        ]
    if held is not None and held.state == PendingStep.State.PENDING:
        for letter in letters_telling_no_step(draft.complaint, held.step, held.stage):
            issued_on = timezone.localdate(letter.issued_at)
            if differs_from_the_record(letter.source, letter.kind, held, today=issued_on):
                continue
            return [
                f"“{letter.title}”, issued on {issued_on:%-d %B %Y}, already says what the {held.label} "
                f"records. If it told the resident, record the {held.label} as told by that letter (on "
                "the case page) instead: issuing this letter sends it to them a second time."
            ]
        return []
    if held is not None:
        return []
    sent = (
        IssuedLetter.objects.filter(
            complaint=draft.complaint, kind=draft.kind, draft__pending_step__state=PendingStep.State.SENT
        )
        .filter(Q(stage=draft.stage) | Q(stage__isnull=True) if draft.stage else Q())
        .exclude(draft=draft)
        .order_by("-issued_at", "-id")
        .first()
    )
    if sent is None:
        return []
    label = step_label_of_letter(draft.kind)
    return [
        f"The resident was already sent the {label} in “{sent.title}”, issued on "
        f"{timezone.localdate(sent.issued_at):%-d %B %Y}. Issue this only if they should have it again."
    ]
