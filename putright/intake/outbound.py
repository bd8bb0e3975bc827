"""Emails PutRight sends to residents about a complaint, kept on the record (2024 5.12).

Each one is sent with its own Message-ID, remembered in ``SentEmail``, so a reply joins the
complaint; and each is recorded as outgoing correspondence. A mail server that refuses the message
never undoes what was recorded: the failure is logged and ``SentEmail.delivered`` is False.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils import timezone

from putright.complaints import services
from putright.complaints.models import Complaint, Party
from putright.intake.models import SentEmail

log = logging.getLogger(__name__)


def _domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("@", 1)[-1].strip(">") or "putright.invalid"


def send_complaint_email(
    *,
    complaint: Complaint,
    to: Iterable[str],
    subject: str,
    body: str,
    kind: str,
    automatic: bool = False,
    in_reply_to: str = "",
    record: bool = True,
    party: Party = Party.RESIDENT,
) -> SentEmail | None:
    """Send ``body`` to ``to`` about ``complaint``; ``None`` when there is no address to send to.
    ``automatic`` marks an automatic reply (RFC 3834 ``Auto-Submitted: auto-replied``) so that
    other systems do not answer it."""
    recipients = sorted({address.strip() for address in to if address and "@" in address})
    if not recipients:
        return None
    message_id = make_msgid(domain=_domain())
    headers = {"Message-ID": message_id}
    if automatic:
        headers["Auto-Submitted"] = "auto-replied"
        headers["X-Auto-Response-Suppress"] = "All"
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = in_reply_to
    email = EmailMessage(subject=subject, body=body, to=recipients, headers=headers)
    delivered = True
    try:
        email.send(fail_silently=False)
    except Exception:  # the record must survive a mail server that is down or refuses
        log.exception("could not send %s email for %s", kind, complaint.reference)
        delivered = False
    correspondence = None
    if record:
        correspondence = services.record_correspondence(
            complaint=complaint,
            actor=None,
            direction="out",
            channel="email",
            subject=subject,
            body=body if delivered else f"[Not delivered: the mail server refused it]\n\n{body}",
            occurred_at=timezone.now(),
            party=party,
            correspondent=", ".join(recipients),
        )
    return SentEmail.objects.create(
        message_id=message_id.strip("<>"),
        complaint=complaint,
        correspondence=correspondence,
        to=", ".join(recipients),
        subject=subject,
        kind=kind,
        delivered=delivered,
    )


def complaint_addresses(complaint: Complaint) -> list[str]:
    """Where emails about ``complaint`` go: the resident, and their representative once the
    resident's consent to them acting is recorded (2024 3.6; as letters do)."""
    addresses = [complaint.resident.email.strip()]
    representative = complaint.representative
    if representative is not None and representative.consented and representative.email:
        addresses.append(representative.email)
    return [a for a in addresses if a and "@" in a]
