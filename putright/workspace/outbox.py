"""Talking to the resident from the case: emailed replies through an outbox, and internal notes.

A reply is written to the record (outgoing correspondence, 2024 5.12) and to the outbox in one
transaction; the email is sent after the transaction commits, by the task worker
(:func:`putright.workspace.tasks.send_reply`), and the outcome (sent, or not sent with the error)
is kept on the outbox row and shown on the case. The reply carries its own Message-ID, remembered
as a ``SentEmail``, so the resident's answer joins the complaint through email intake."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.complaints import services
from putright.complaints.models import Complaint, Party
from putright.workspace.models import InternalNote, OutboxEmail, ReplyStatus

log = logging.getLogger(__name__)


def _domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("@", 1)[-1].strip(">") or "putright.invalid"


def queue_reply(*, complaint: Complaint, actor: User | None, to: str, subject: str, body: str) -> OutboxEmail:
    """Record a reply to the resident and queue it to be sent once this is committed."""
    if "@" not in to:
        raise InvalidRequest(None, "enter the email address to send the reply to")
    if not subject.strip() or not body.strip():
        raise InvalidRequest(None, "a reply needs a subject and a message")
    with transaction.atomic():
        correspondence = services.record_correspondence(
            complaint=complaint,
            actor=actor,
            direction="out",
            channel="email",
            subject=subject.strip(),
            body=body,
            party=Party.RESIDENT,
            correspondent=to.strip(),
        )
        reply = OutboxEmail.objects.create(
            complaint=complaint,
            correspondence=correspondence,
            to=to.strip(),
            subject=subject.strip(),
            body=body,
            message_id=make_msgid(domain=_domain()).strip("<>"),
            created_by=actor,
        )
        transaction.on_commit(lambda: enqueue(reply.pk))
    return reply


def enqueue(reply_id: int) -> None:
    from putright.workspace.tasks import send_reply

    send_reply.enqueue(reply_id)


def send(reply_id: int) -> OutboxEmail:
    """One attempt to send a queued reply; the outcome recorded on it (never raises for a send
    failure). A reply already sent is not sent again."""
    from putright.intake.models import SentEmail

    with transaction.atomic():
        reply = (
            OutboxEmail.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=reply_id)
        )
        if reply.status == ReplyStatus.SENT:
            return reply
        reply.attempts += 1
        reply.save(update_fields=["attempts"])
    message = EmailMessage(
        subject=f"{reply.subject} (our reference {reply.complaint.reference})",
        body=reply.body,
        to=[reply.to],
        headers={"Message-ID": f"<{reply.message_id}>"},
    )
    try:
        if not message.send(fail_silently=False):
            raise OSError("the mail server did not accept the message")
    except Exception as error:  # recorded and shown on the case; nothing is lost
        log.warning("reply %s on %s not sent: %s", reply.pk, reply.complaint.reference, error)
        reply.status = ReplyStatus.FAILED
        reply.last_error = (str(error) or error.__class__.__name__)[:1000]
        reply.save(update_fields=["status", "last_error"])
        return reply
    with transaction.atomic():
        reply.status = ReplyStatus.SENT
        reply.sent_at = timezone.now()
        reply.last_error = ""
        reply.save(update_fields=["status", "sent_at", "last_error"])
        SentEmail.objects.get_or_create(
            message_id=reply.message_id,
            defaults={
                "complaint": reply.complaint,
                "correspondence_id": reply.correspondence_id,
                "to": reply.to,
                "subject": reply.subject,
                "kind": "reply",
            },
        )
    return reply


def retry(*, reply: OutboxEmail) -> None:
    """Queue a reply that was not sent to be tried again."""
    if reply.status == ReplyStatus.SENT:
        raise InvalidRequest(None, "that reply has already been sent")
    OutboxEmail.objects.filter(pk=reply.pk).update(status=ReplyStatus.QUEUED)
    transaction.on_commit(lambda: enqueue(reply.pk))


def add_internal_note(*, complaint: Complaint, actor: User | None, body: str) -> InternalNote:
    """A note for staff only (never shown to the resident, never in a letter)."""
    if not body.strip():
        raise InvalidRequest(None, "enter the note")
    return InternalNote.objects.create(complaint=complaint, body=body.strip(), author=actor)
