"""``{% case_letters complaint as letters %}``: the issued letters of a case with their emails, for
the letters panel on the case page."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef
from django.utils import timezone

from putright.complaints.models import Complaint, PendingStep
from putright.letters.models import DeliveryStatus, IssuedLetter, LetterDraft
from putright.letters.posting import told_on_loaded
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
                .select_related("issued_by", "posting", "draft__pending_step")
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


@register.simple_tag
def letter_for_correspondence(complaint: Complaint, correspondence_id: int | None) -> IssuedLetter | None:
    """The issued letter a "sent" correspondence entry on the timeline records, if it is one."""
    if correspondence_id is None:
        return None
    return next((x for x in _issued(complaint) if x.correspondence_id == correspondence_id), None)


@register.filter
def how_sent(letter: IssuedLetter) -> str:
    """Whether and how ``letter`` reached the resident, for the full record: "emailed 5 December
    2026 at 10:02", "posted on 5 December 2026", "not yet sent: its email failed"..."""
    posting = getattr(letter, "posting", None)
    emails = list(letter.deliveries.all())
    sent = sorted(d.sent_at for d in emails if d.status == DeliveryStatus.SENT and d.sent_at is not None)
    posted = f"{posting.get_how_display().lower()} on {posting.sent_on:%-d %B %Y}" if posting else ""
    if sent:
        moment = timezone.localtime(sent[0])
        emailed = f"emailed {moment:%-d %B %Y} at {moment:%H:%M}"
        if posting is None:
            return emailed
        # both, the first first: the step it told of counts from that day (posting.told_on)
        if posting.sent_on < moment.date():
            return f"{posted}; also {emailed}"
        return f"{emailed}; a paper copy {posted}"
    if posting is not None:
        return posted
    if not emails:
        step = _step_of(letter)
        if step is not None and step.state in DEAD_STEPS:
            return "never sent: its step was discarded or recorded again before it was posted"
        return "not yet recorded as posted"
    if all(d.status == DeliveryStatus.CANCELLED for d in emails):
        return "never sent: its email was stopped"
    if any(d.status == DeliveryStatus.FAILED for d in emails):
        return "not yet sent: its email failed"
    return "not yet sent: its email is waiting to go"


@register.filter
def of_a_dead_step(letter: IssuedLetter) -> bool:
    """Whether ``letter`` was issued for a held step since discarded or recorded again: not to be
    sent (its draft and step as selected with the letter)."""
    step = _step_of(letter)
    return step is not None and step.state in DEAD_STEPS


@register.filter
def waits_for_step(letter: IssuedLetter) -> bool:
    """Whether a held step waits for ``letter`` to be sent: the case page's "not yet sent" panel is
    where it is sent, retried or recorded as posted."""
    step = _step_of(letter)
    return step is not None and step.state == PendingStep.State.PENDING


def _step_of(letter: IssuedLetter) -> PendingStep | None:
    """The held step ``letter`` was issued for, if any (its draft and step selected with it)."""
    draft = letter.draft
    return draft.pending_step if draft is not None else None


@register.filter
def promised_day_passed(letter: IssuedLetter) -> bool:
    """Whether ``letter``, not yet sent, tells the resident to expect the response by a day that has
    passed: sent now, it would give them a date already gone (2024 6.3, 6.14: the promise is the
    landlord's own)."""
    given = letter.response_date_given
    if given is None or given >= timezone.localdate():
        return False
    return told_on_loaded(letter) is None  # already sent: nothing more to warn of here


@register.filter
def stated_time(value: str | None) -> str:
    """An ISO date and time kept in a check result ("2026-12-06T09:13+00:00") as people read it: "6
    December 2026 at 09:13" in the landlord's time zone; the value unchanged if it is not one."""
    from django.utils.dateparse import parse_datetime

    when = parse_datetime(value or "")
    if when is None:
        return value or ""
    return f"{timezone.localtime(when):%-d %B %Y at %H:%M}"
