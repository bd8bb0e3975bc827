"""``{% case_letters complaint as letters %}``: the issued letters of a case with their emails, for
the letters panel on the case page."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef

from putright.complaints.models import Complaint
from putright.letters.models import DeliveryStatus, IssuedLetter, LetterDraft
from putright.letters.services import DEAD_STEPS
from putright.workspace.presence import known_absent

register = template.Library()


def _issued(complaint: Complaint) -> list[IssuedLetter]:
    """The case's issued letters, read once per page however many tags ask."""
    cached: list[IssuedLetter] | None = getattr(complaint, "_issued_letters", None)
    if cached is None:
        cached = (
            []
            if known_absent(complaint, "letters")  # the case page asked first: none issued
            else list(
                IssuedLetter.objects.filter(complaint=complaint)
                .select_related("issued_by", "posting")
                .prefetch_related("deliveries")
                .order_by("-issued_at", "-id")
            )
        )
        complaint._issued_letters = cached  # type: ignore[attr-defined]
    return cached


@register.simple_tag
def case_letters(complaint: Complaint) -> list[IssuedLetter]:
    return _issued(complaint)


@register.simple_tag
def told_letter(complaint: Complaint, letter_id: int | None) -> IssuedLetter | None:
    """The letter a step on the timeline was told by: the record names what the resident was sent."""
    if letter_id is None:
        return None
    return next((letter for letter in _issued(complaint) if letter.pk == letter_id), None)


@register.simple_tag
def case_drafts(complaint: Complaint) -> list[LetterDraft]:
    if known_absent(complaint, "drafts"):
        return []
    # a draft written for a held step that was discarded or replaced, or that another letter already
    # told the resident of, can never be issued: not offered
    return list(
        LetterDraft.objects.filter(complaint=complaint, issued__isnull=True)
        .exclude(pending_step__state__in=DEAD_STEPS)
        .exclude(Exists(IssuedLetter.objects.filter(draft__pending_step=OuterRef("pending_step"))))
        .order_by("-updated_at")
    )


@register.filter
def email_failed(letter: IssuedLetter) -> bool:
    """Whether ``letter`` was to be emailed and no email of it has been sent, the last attempt
    failed: it may be printed and posted instead (its deliveries as prefetched)."""
    statuses = [d.status for d in letter.deliveries.all()]
    return bool(statuses) and DeliveryStatus.SENT not in statuses and DeliveryStatus.FAILED in statuses
