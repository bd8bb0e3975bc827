"""Sending an issued letter by email: SMTP (Django's mail, configured by the environment) or GOV.UK
Notify (``PUTRIGHT_EMAIL_PROVIDER=notify``).

The email is the letter itself, HTML with a plain-text alternative (multipart/alternative), with the
stored PDF attached. A resident who asked for plain text (``Resident.preferred_format``) gets a
plain-text email only, with the letter as a ``.txt`` attachment. The stored files are sent as
stored; nothing is rendered again.

:func:`attempt` makes one attempt and records it on the :class:`LetterDelivery`: ``sent``, or
``failed`` with the error, the attempt count and when the next automatic try is due (backoff:
1, 2, 4, 8... minutes) until ``max_attempts``. The task in :mod:`putright.letters.tasks` calls it.
Once sent, the step the letter tells the resident of counts from that day
(:func:`putright.letters.posting.tell_after_email`); until then it waits.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from putright.complaints.models import Format
from putright.letters.models import DeliveryStatus, IssuedLetter, LetterDelivery
from putright.letters.notify import NotifyClient, NotifyError, prepare_upload
from putright.letters.posting import tell_after_email
from putright.letters.services import dead_step_of, letterhead, verify_file

log = logging.getLogger(__name__)


def subject_for(letter: IssuedLetter) -> str:
    return f"{letter.title} (our reference {letter.complaint.reference})"


def _plain_text_only(letter: IssuedLetter) -> bool:
    return letter.preferred_format == Format.PLAIN_TEXT


def build_email(letter: IssuedLetter, to: str) -> EmailMultiAlternatives:
    head = letterhead()
    sender = f"{head.name} <{settings.DEFAULT_FROM_EMAIL}>" if head.name else settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=subject_for(letter),
        body=letter.rendered_text,
        from_email=sender,
        to=[to],
        reply_to=[head.email] if head.email else None,
        headers={"X-PutRight-Letter": str(letter.pk)},
    )
    stem = f"{letter.complaint.reference}-{letter.kind}"
    if _plain_text_only(letter):
        message.attach(f"{stem}.txt", letter.rendered_text, "text/plain")
    else:
        message.attach_alternative(letter.rendered_html, "text/html")
        message.attach(f"{stem}.pdf", verify_file(letter, "pdf"), "application/pdf")
    return message


def send_by_smtp(delivery: LetterDelivery) -> str:
    message = build_email(delivery.letter, delivery.to)
    connection = get_connection(fail_silently=False, timeout=20)
    sent = message.send(fail_silently=False) if connection is None else connection.send_messages([message])
    if not sent:
        raise OSError("the mail server did not accept the message")
    return str(message.extra_headers.get("Message-ID", ""))


def send_by_notify(delivery: LetterDelivery) -> str:
    if not settings.NOTIFY_API_KEY or not settings.NOTIFY_EMAIL_TEMPLATE_ID:
        raise NotifyError(
            None, "set NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID to send through GOV.UK Notify"
        )
    letter = delivery.letter
    client = NotifyClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
    personalisation: dict[str, object] = {
        "subject": subject_for(letter),
        "body": letter.rendered_text,
        "reference": letter.complaint.reference,
    }
    if not _plain_text_only(letter):
        personalisation["letter_pdf"] = prepare_upload(
            verify_file(letter, "pdf"), filename=f"{letter.complaint.reference}-{letter.kind}.pdf"
        )
    answer = client.send_email(
        email_address=delivery.to,
        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
        personalisation=personalisation,
        reference=f"putright-letter-{letter.pk}-delivery-{delivery.pk}",
    )
    return str(answer.get("id", ""))


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** max(0, attempts - 1))


def attempt(delivery_id: int, *, now: datetime | None = None) -> LetterDelivery:
    """One attempt to send; the outcome recorded on the delivery (never raises for a send failure).
    ``now`` is the moment of the attempt: the real moment at every door; the demo landlord's past
    year gives the day it dates the letter, as ``issue_letter`` takes it."""
    moment = now or timezone.now()
    with transaction.atomic():
        delivery = (
            LetterDelivery.objects.select_for_update(of=("self",))
            .select_related("letter__complaint")
            .get(pk=delivery_id)
        )
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.CANCELLED):
            return delivery
        if dead_step_of(delivery.letter) is not None:  # its step was discarded or recorded again since
            delivery.status = DeliveryStatus.CANCELLED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return delivery
        delivery.attempts += 1
        delivery.last_attempt_at = moment
        delivery.save(update_fields=["attempts", "last_attempt_at"])
    try:
        reference = send_by_notify(delivery) if delivery.provider == "notify" else send_by_smtp(delivery)
    except Exception as error:  # any failure to send is recorded and shown; nothing is lost
        log.warning("letter delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
        # not over a stop made while it was being sent (its step discarded meanwhile)
        LetterDelivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.CANCELLED).update(
            status=DeliveryStatus.FAILED,
            last_error=(str(error) or error.__class__.__name__)[:1000],
            next_attempt_at=(
                moment + backoff(delivery.attempts) if delivery.attempts < delivery.max_attempts else None
            ),
        )
        delivery.refresh_from_db()
        return delivery
    # it went, even if its step was discarded while it was being sent: the record says so
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = moment
    delivery.next_attempt_at = None
    delivery.provider_reference = reference[:200]
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at", "provider_reference"])
    # the step the letter tells the resident of counts from today, the day they were sent it
    tell_after_email(delivery)
    return delivery
