"""Writes for intake: flag dissatisfaction for staff (2024 1.3, 1.5, 1.6) and record their review."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.complaints.models import Complaint, Correspondence
from putright.intake.models import DissatisfactionFlag, InboundEmail
from putright.triage import Classification, classify

#: the classifier's sources, from ours
_TRIAGE_SOURCE = {
    DissatisfactionFlag.Source.EMAIL: "email",
    DissatisfactionFlag.Source.PORTAL: "webform",
    DissatisfactionFlag.Source.SURVEY: "survey",
    DissatisfactionFlag.Source.SERVICE_REQUEST_NOTE: "phone_note",
}


def classify_message(text: str, source: DissatisfactionFlag.Source | str) -> Classification:
    return classify(text, source=_TRIAGE_SOURCE.get(DissatisfactionFlag.Source(source)))


def flag_dissatisfaction(
    *,
    text: str,
    source: DissatisfactionFlag.Source | str,
    complaint: Complaint | None = None,
    correspondence: Correspondence | None = None,
    inbound_email: InboundEmail | None = None,
    resident_email: str = "",
    classification: Classification | None = None,
) -> DissatisfactionFlag | None:
    """Classify ``text`` offline and, if it expresses dissatisfaction, flag it for staff with the
    phrases that triggered it. Returns the flag, or ``None`` when no dissatisfaction was heard."""
    if not text.strip():
        return None
    result = classification or classify_message(text, source)
    if (
        result.label != "complaint"
        and DissatisfactionFlag.Source(source) == DissatisfactionFlag.Source.SURVEY
    ):
        # 1.6: dissatisfaction in a survey is not itself a complaint (the classifier says "other"),
        # but the person should be told how to complain: flag it when the words alone are a complaint.
        plain = classify(text)
        if plain.label == "complaint":
            result = Classification(
                label="complaint",
                confidence=plain.confidence,
                phrases=plain.phrases,
                explanation=f"Dissatisfaction in a survey (2024 1.6): tell them how to complain. {plain.explanation}",
            )
    if result.label != "complaint":
        return None
    return DissatisfactionFlag.objects.create(
        source=DissatisfactionFlag.Source(source),
        text=text.strip()[:20_000],
        label=result.label,
        confidence=result.confidence,
        phrases=list(result.phrases),
        explanation=result.explanation,
        complaint=complaint,
        correspondence=correspondence,
        inbound_email=inbound_email,
        resident_email=resident_email.strip(),
    )


def mark_choice_offered(*, flag: DissatisfactionFlag) -> DissatisfactionFlag:
    flag.choice_offered_at = timezone.now()
    flag.save(update_fields=["choice_offered_at"])
    return flag


def review_flag(
    *, flag: DissatisfactionFlag, actor: User, review: DissatisfactionFlag.Review | str, note: str = ""
) -> DissatisfactionFlag:
    """Staff decide what a flag was: a complaint, or not one (with a note why)."""
    decision = DissatisfactionFlag.Review(review)
    if decision == DissatisfactionFlag.Review.OPEN:
        raise InvalidRequest(None, "choose whether it is a complaint or not")
    if decision == DissatisfactionFlag.Review.NOT_A_COMPLAINT and not note.strip():
        raise InvalidRequest("2024 1.3", "say why this dissatisfaction is not a complaint")
    with transaction.atomic():
        locked = DissatisfactionFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.review != DissatisfactionFlag.Review.OPEN:
            # a second tab, or the same form sent twice: the first decision stands, on the record
            # with who made it and why, rather than being overwritten without a trace
            who = (
                locked.reviewed_by.get_full_name() or locked.reviewed_by.get_username()
                if locked.reviewed_by
                else "someone"
            )
            when = (
                timezone.localtime(locked.reviewed_at).strftime("%-d %B %Y %H:%M")
                if locked.reviewed_at
                else ""
            )
            raise InvalidRequest(
                None,
                f"this was already reviewed by {who}{f' on {when}' if when else ''} as "
                f"{locked.get_review_display().lower()}: their decision stands, and nothing was changed",
            )
        locked.review = decision
        locked.review_note = note.strip()
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    return locked
