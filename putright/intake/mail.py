"""Emails from the monitored mailbox into the complaint record (2024 3.1, 3.2, 5.12).

:func:`ingest_email` takes one message as received (its raw bytes) and does exactly one of:

* **duplicate**: the same message was read before (same Message-ID, or, without one, the same
  sender, date, subject and text): nothing new is written;
* **ignored**: an automatic reply or a bounce (``Auto-Submitted``, ``X-Autoreply``,
  ``Precedence: bulk/junk/auto_reply``, a mailer-daemon sender, a ``multipart/report``
  delivery-status): remembered, so it is not read again, and never answered;
* **joined**: a reply about a complaint we know, found by the Message-IDs in ``In-Reply-To`` and
  ``References`` (our own emails' and earlier inbound ones), else by the reference in the subject
  ("Re: Your complaint PR-000123") when the sender is the resident or their representative;
  kept as incoming correspondence on that complaint;
* **new contact**: a new contact in the "received" state for staff to triage (not accepted
  automatically), from the resident whose email matches the sender (or a new resident).

In every kept case the original .eml and the email's own attachments are stored with the record
(5.12), and the text is classified offline: dissatisfaction is flagged for staff with the phrases
that triggered it, and the resident gets one automatic reply telling them how to make a complaint
if they want to (1.3: "give them the choice").
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from putright.code.timescales import timescales
from putright.complaints import services
from putright.complaints.models import Complaint, Party, Resident
from putright.intake.conf import site_url
from putright.intake.filecheck import FileRefused, check_bytes
from putright.intake.models import DissatisfactionFlag, InboundEmail, SentEmail
from putright.intake.outbound import send_complaint_email
from putright.intake.services import classify_message, flag_dissatisfaction, mark_choice_offered

log = logging.getLogger(__name__)

Status = Literal["new_contact", "joined", "duplicate", "ignored"]

REFERENCE = re.compile(r"\bPR-\d{6,}\b", re.IGNORECASE)
ACTOR_LABEL = "Email intake"
#: states in which dissatisfaction in a message is not yet being handled as a complaint
NOT_YET_A_COMPLAINT = {"received", "service_request", "closed", "declined", "withdrawn"}
#: the Date header is trusted for the day received only this far back (a mailbox read late)
TRUST_DATE_FOR = timedelta(days=14)


@dataclass(frozen=True)
class IngestResult:
    status: Status
    inbound: InboundEmail | None
    complaint: Complaint | None
    detail: str = ""
    flagged: bool = False
    auto_replied: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reference": self.complaint.reference if self.complaint else None,
            "message_id": self.inbound.message_id if self.inbound else None,
            "detail": self.detail,
            "flagged": self.flagged,
            "auto_replied": self.auto_replied,
        }


# --------------------------------------------------------------------------------------------------
# Reading a message


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (IndexError, ValueError):  # a malformed header the policy cannot parse
        return ""
    return str(value or "").strip()


def _ids(value: str) -> list[str]:
    found = re.findall(r"<([^<>\s]+)>", value)
    if not found and value.strip():
        found = [value.strip()]
    return found


def message_id_of(message: EmailMessage) -> str | None:
    ids = _ids(_header(message, "Message-ID"))
    return ids[0][:500] if ids else None


def sender_of(message: EmailMessage) -> tuple[str, str]:
    name, address = email.utils.parseaddr(_header(message, "From"))
    return name.strip(), address.strip().lower()


def sent_at_of(message: EmailMessage) -> datetime | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_default_timezone())
    return when


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
    text = str(content)
    if part.get_content_subtype() == "html":
        text = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", text))
    return text.replace("\r\n", "\n").strip()


def attachments_of(message: EmailMessage) -> list[tuple[str, bytes, str]]:
    found: list[tuple[str, bytes, str]] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        filename = part.get_filename() or f"attachment-{index}"
        found.append((filename, payload, part.get_content_type()))
    return found


def content_hash(message: EmailMessage) -> str:
    """Stands in for a missing Message-ID: the same sender, date, subject and text."""
    _, sender = sender_of(message)
    parts = [sender, _header(message, "Date"), _header(message, "Subject"), body_of(message)]
    return hashlib.sha256("\n\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def automatic_reason(message: EmailMessage) -> str | None:
    """Why this message was sent by a machine (an automatic reply, a bounce), or ``None``."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if _header(message, name):
            return f"{name} header"
    precedence = _header(message, "Precedence").lower()
    if precedence in {"bulk", "junk", "auto_reply", "list"}:
        return f"Precedence: {precedence}"
    _, sender = sender_of(message)
    local = sender.split("@", 1)[0]
    if local in {"mailer-daemon", "postmaster"} or local.startswith("mailer-daemon"):
        return f"sent by {sender}"
    if _header(message, "Return-Path") == "<>":
        return "empty Return-Path (a bounce)"
    if message.get_content_type() == "multipart/report":
        report = str(message.get_param("report-type", "") or "").lower()
        return f"multipart/report ({report or 'a report'})"
    if _header(message, "X-Failed-Recipients"):
        return "X-Failed-Recipients header (a bounce)"
    return None


# --------------------------------------------------------------------------------------------------
# Finding the complaint a reply belongs to


def _thread_complaint(message: EmailMessage) -> Complaint | None:
    ids = _ids(_header(message, "In-Reply-To")) + _ids(_header(message, "References"))
    if not ids:
        return None
    sent = SentEmail.objects.filter(message_id__in=ids).select_related("complaint").first()
    if sent is not None:
        return sent.complaint
    inbound = (
        InboundEmail.objects.filter(message_id__in=ids, complaint__isnull=False)
        .select_related("complaint")
        .first()
    )
    return inbound.complaint if inbound else None


def _party(complaint: Complaint, sender: str) -> Party | None:
    """Who ``sender`` is on ``complaint``: the resident, their representative, or ``None``."""
    if sender and complaint.resident.email.strip().lower() == sender:
        return Party.RESIDENT
    representative = complaint.representative
    if representative is not None and sender and sender in representative.contact.lower():
        return Party.REPRESENTATIVE
    return None


def _subject_complaint(subject: str, sender: str) -> tuple[Complaint | None, str]:
    match = REFERENCE.search(subject)
    if not match:
        return None, ""
    reference = match.group(0).upper()
    complaint = (
        Complaint.objects.select_related("resident", "representative").filter(reference=reference).first()
    )
    if complaint is None:
        return None, f"the subject names {reference}, which does not exist"
    if _party(complaint, sender) is None:
        return None, f"the subject names {reference}, but {sender} is not its resident or representative"
    return complaint, ""


def _resident_for(sender: str, name: str) -> Resident:
    existing = Resident.objects.filter(email__iexact=sender).order_by("id").first() if sender else None
    if existing is not None:
        return existing
    display = name or (sender.split("@", 1)[0].replace(".", " ").title() if sender else "Unknown sender")
    return services.create_resident(name=display, email=sender)


# --------------------------------------------------------------------------------------------------
# Ingesting


def _received_on(sent_at: datetime | None) -> datetime:
    now = timezone.now()
    if sent_at is None or sent_at > now or now - sent_at > TRUST_DATE_FOR:
        return now
    return sent_at


def _keep_files(
    complaint: Complaint, correspondence: object, raw: bytes, message: EmailMessage, subject: str
) -> list[str]:
    """Store the original .eml and each acceptable attachment; return why any were not kept."""
    from putright.complaints.models import Correspondence

    assert isinstance(correspondence, Correspondence)
    services.attach_document(
        complaint=complaint,
        actor=None,
        content=raw,
        filename=f"email-{timezone.localtime():%Y%m%d-%H%M%S}.eml",
        content_type="message/rfc822",
        description=f"Original email as received: {subject}"[:300],
        correspondence=correspondence,
    )
    refused: list[str] = []
    for filename, data, content_type in attachments_of(message):
        try:
            kind = check_bytes(filename, data, allow_eml=True)
        except FileRefused as error:
            refused.append(str(error))
            continue
        services.attach_document(
            complaint=complaint,
            actor=None,
            content=io.BytesIO(data).read(),
            filename=filename,
            content_type=kind.content_type or content_type,
            description=f"Attached to the email: {subject}"[:300],
            correspondence=correspondence,
        )
    return refused


def _existing(message_id: str | None, digest: str) -> InboundEmail | None:
    if message_id:
        return InboundEmail.objects.filter(message_id=message_id).first()
    return InboundEmail.objects.filter(Q(message_id__isnull=True) & Q(content_hash=digest)).first()


def ingest_email(raw: bytes, *, source: str = "folder") -> IngestResult:
    """Bring one email into the record (see the module's docstring). Safe to call again with the
    same message: the second call is a ``duplicate`` and writes nothing."""
    message = parse(raw)
    message_id = message_id_of(message)
    digest = content_hash(message)
    existing = _existing(message_id, digest)
    if existing is not None:
        return IngestResult("duplicate", existing, existing.complaint, "already read")
    name, sender = sender_of(message)
    subject = _header(message, "Subject")[:500]
    sent_at = sent_at_of(message)
    fields = {
        "message_id": message_id,
        "content_hash": digest,
        "source": source,
        "from_address": sender[:320],
        "from_name": name[:200],
        "subject": subject,
        "sent_at": sent_at,
    }
    reason = automatic_reason(message)
    if reason:
        try:
            with transaction.atomic():
                inbound = InboundEmail.objects.create(
                    **fields, outcome=InboundEmail.Outcome.IGNORED, outcome_detail=reason[:300]
                )
        except IntegrityError:
            return IngestResult("duplicate", _existing(message_id, digest), None, "already read")
        return IngestResult("ignored", inbound, None, reason)

    body = body_of(message)
    text = f"{subject}\n\n{body}".strip()
    classification = classify_message(text, DissatisfactionFlag.Source.EMAIL)
    occurred_at = _received_on(sent_at)
    notes: list[str] = []
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(**fields, outcome=InboundEmail.Outcome.NEW_CONTACT)
            complaint = _thread_complaint(message)
            if complaint is None:
                complaint, note = _subject_complaint(subject, sender)
                if note:
                    notes.append(note)
            if complaint is not None:
                status: Status = "joined"
                party = _party(complaint, sender) or Party.OTHER
                inbound.outcome = InboundEmail.Outcome.JOINED
            else:
                status = "new_contact"
                party = Party.RESIDENT
                resident = _resident_for(sender, name)
                summary = text or "(an email with no subject or text)"
                complaint = services.receive_complaint(
                    resident=resident,
                    summary=summary[:10_000],
                    channel="email",
                    actor=None,
                    actor_label=ACTOR_LABEL,
                    received_on=timezone.localdate(occurred_at),
                )
            correspondence = services.record_correspondence(
                complaint=complaint,
                actor=None,
                direction="in",
                channel="email",
                subject=subject or "(no subject)",
                body=body,
                occurred_at=occurred_at,
                party=party,
                correspondent=f"{name} <{sender}>" if name else sender,
            )
            notes.extend(_keep_files(complaint, correspondence, raw, message, subject))
            inbound.complaint = complaint
            inbound.correspondence = correspondence
            inbound.outcome_detail = "; ".join(notes)[:300]
            inbound.save(update_fields=["complaint", "correspondence", "outcome", "outcome_detail"])
            flag = None
            if complaint.state in NOT_YET_A_COMPLAINT:
                flag = flag_dissatisfaction(
                    text=text,
                    source=DissatisfactionFlag.Source.EMAIL,
                    complaint=complaint,
                    correspondence=correspondence,
                    inbound_email=inbound,
                    resident_email=sender,
                    classification=classification,
                )
    except IntegrityError:
        # Read at the same moment by another worker: theirs is the one kept.
        found = _existing(message_id, digest)
        return IngestResult("duplicate", found, found.complaint if found else None, "already read")

    auto_replied = False
    if flag is not None and sender:
        auto_replied = _offer_choice_to_complain(complaint, flag, sender, message_id or "")
    return IngestResult(
        status, inbound, complaint, "; ".join(notes), flagged=flag is not None, auto_replied=auto_replied
    )


def choice_to_complain_text(complaint: Complaint) -> str:
    site = site_url()
    scales = timescales(complaint.edition)
    acknowledge = scales.acknowledge.get(1)
    respond = scales.respond[1]
    return (
        "Thank you for your email. We have recorded it with the reference "
        f"{complaint.reference}.\n\n"
        "It sounds as though you may be unhappy with our service. You do not need to use the word "
        "'complaint': if you would like us to deal with this as a complaint, you can:\n\n"
        f"- reply to this email and say so (keep {complaint.reference} in the subject), or\n"
        f"- make a complaint online at {site}/complain/, or\n"
        "- tell any member of our staff, by phone, in writing or in person.\n\n"
        "Someone can make the complaint for you, such as a relative, friend, advocate or councillor.\n\n"
        "If it is a complaint, we will acknowledge it within "
        f"{acknowledge.working_days if acknowledge else 5} working days and usually respond within "
        f"{respond.working_days} working days after that. Our complaints policy: {site}/policy/\n\n"
        "A member of our complaints team will look at your message either way.\n\n"
        "This is an automatic reply."
    )


def _offer_choice_to_complain(
    complaint: Complaint, flag: DissatisfactionFlag, sender: str, reply_to: str
) -> bool:
    """One automatic reply per complaint telling the resident how to make a complaint (2024 1.3)."""
    if SentEmail.objects.filter(complaint=complaint, kind="choice_to_complain").exists():
        return False
    sent = send_complaint_email(
        complaint=complaint,
        to=[sender],
        subject=f"Your message to us: {complaint.reference}",
        body=choice_to_complain_text(complaint),
        kind="choice_to_complain",
        automatic=True,
        in_reply_to=f"<{reply_to}>" if reply_to else "",
    )
    if sent is None:
        return False
    mark_choice_offered(flag=flag)
    return sent.delivered
