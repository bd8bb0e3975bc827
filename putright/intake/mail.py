"""Emails from the monitored mailbox into the complaint record (2024 3.1, 3.2, 5.12).

:func:`ingest_email` takes one message as received (its raw bytes) and does exactly one of:

* **duplicate**: these very bytes were read before (SHA-256 of the message, line endings
  normalised): nothing new is written. A *different* message that reuses a Message-ID is not a
  duplicate: it is kept, and linked to the earlier one as a possible duplicate for staff;
* **ignored**: written by a machine, on evidence: a delivery or read report by its MIME type
  (``multipart/report``, ``message/delivery-status``...), ``Auto-Submitted`` other than ``no``,
  an ``X-Autoreply`` header or ``X-Failed-Recipients``. ``Precedence: bulk/list`` or a
  ``postmaster@`` sender alone are not evidence: such a message is read like any other, only never
  answered automatically (RFC 3834). An ignored message's .eml is kept with its row;
* **joined**: a reply about a complaint we know (found by ``In-Reply-To``/``References``, or by the
  reference in the subject when the sender is the resident or their representative), joined only
  when the receiving server verified the sender (:mod:`putright.intake.authresults`); otherwise
  it is a new contact linked to that complaint as "possibly about" it, for staff to match;
* **new contact**: a new contact in the "received" state for staff to triage (not accepted
  automatically), from the resident whose email matches a verified sender (or a new resident).

Every part the resident sent is kept (:mod:`putright.intake.mime`): all the text, in order, as the
correspondence's text; every other part as a document with its name; a dangerous part (a program,
macros, active PDF content, a zip bomb) is held back in the original .eml and listed, with the
reason, on the case page beside the message, as is anything else that could not be kept as sent.
The text is classified offline: dissatisfaction is flagged for staff with the phrases that
triggered it, and the resident gets one automatic reply telling them how to make a complaint if
they want to (1.3: "give them the choice").
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from putright.code.timescales import timescales
from putright.complaints import services
from putright.complaints.models import Complaint, Correspondence, Party, Resident, party_of
from putright.intake.authresults import Verdict, verify
from putright.intake.conf import site_url
from putright.intake.filecheck import hazard
from putright.intake.mime import Part, Reading, looks_like_email, read_message
from putright.intake.mime import sent_at as date_of
from putright.intake.models import DissatisfactionFlag, InboundEmail, SentEmail
from putright.intake.outbound import send_complaint_email
from putright.intake.services import classify_message, flag_dissatisfaction, mark_choice_offered
from putright.records.stored_files import files_kept_with_their_rows

log = logging.getLogger(__name__)

Status = Literal["new_contact", "joined", "duplicate", "ignored", "skipped"]

REFERENCE = re.compile(r"\bPR-\d{6,}\b", re.IGNORECASE)
ACTOR_LABEL = "Email intake"
#: states in which dissatisfaction in a message is not yet being handled as a complaint
NOT_YET_A_COMPLAINT = {"received", "service_request", "closed", "declined", "withdrawn"}
#: the Date header is trusted for the day received only this far back (a mailbox read late)
TRUST_DATE_FOR = timedelta(days=14)
#: the record's columns that are not text fields (Correspondence, Attachment: another app's)
SUBJECT_COLUMN = 300
CORRESPONDENT_COLUMN = 200
FILENAME_COLUMN = 255
DESCRIPTION_COLUMN = 300
CONTENT_TYPE_COLUMN = 100
EMAIL_COLUMN = 254
#: the classifier reads this much of an email (it slows sharply on long text; a newsletter of
#: 30,000 characters took seconds): dissatisfaction further down is not flagged, staff read it all
CLASSIFY_CHARACTERS = 6_000


class NotAnEmail(ValueError):
    """The bytes are not an email (empty, or no header at the start); ``str()`` says why."""


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


def raw_digest(raw: bytes) -> str:
    """The message's identity: its bytes, with CRLF and LF line endings counted as the same."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def content_hash(reading: Reading) -> str:
    """Sender, date, subject and text: the same words however they were encoded."""
    parts = [reading.from_address, reading.date, reading.subject, reading.text]
    return hashlib.sha256("\n\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def sent_at_of(reading: Reading) -> datetime | None:
    when = date_of(reading)
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_default_timezone())
    return when


def automatic_reason(reading: Reading) -> str | None:
    """Why this message was sent by a machine (an automatic reply, a bounce, a report), or
    ``None``. Evidence only: MIME report types and the headers that say so."""
    auto_submitted = reading.header("Auto-Submitted").lower().split(";", 1)[0].strip()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if reading.header(name):
            return f"{name} header"
    if reading.content_type == "multipart/report":
        report = str(reading.message.get_param("report-type", "") or "").lower()
        return f"multipart/report ({report or 'a report'})"
    if reading.content_type in {
        "message/delivery-status",
        "message/disposition-notification",
        "message/feedback-report",
    }:
        return reading.content_type
    if reading.header("X-Failed-Recipients"):
        return "X-Failed-Recipients header (a bounce)"
    return None


def no_auto_reply_reason(reading: Reading) -> str | None:
    """Why an automatic reply must not be sent to a message a person may have written (RFC 3834
    section 2: mailing lists and bulk mail are not answered automatically)."""
    precedence = reading.header("Precedence").lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "List-Post"):
        if reading.header(name):
            return f"{name} header (a mailing list)"
    local = reading.from_address.split("@", 1)[0]
    if local in {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply"}:
        return f"sent from {reading.from_address}"
    return None


# --------------------------------------------------------------------------------------------------
# Finding the complaint a reply belongs to


def _thread_complaint(reading: Reading) -> Complaint | None:
    ids = reading.in_reply_to + reading.references
    if not ids:
        return None
    sent = SentEmail.objects.filter(message_id__in=ids).select_related("complaint").first()
    if sent is not None:
        return sent.complaint
    inbound = (
        InboundEmail.objects.filter(message_id__in=ids, complaint__isnull=False)
        .select_related("complaint")
        .order_by("id")
        .first()
    )
    return inbound.complaint if inbound else None


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
    if party_of(complaint, sender) is None:
        return None, f"the subject names {reference}, but {sender} is not its resident or representative"
    return complaint, ""


def _resident_for(reading: Reading, verdict: Verdict) -> tuple[Resident, str]:
    """The resident the contact is from: the one with the sender's email when the receiving server
    verified the sender; otherwise a new record, so an unverified ``From:`` never adds to someone
    else's record (staff match it)."""
    sender, name = reading.from_address, reading.from_name
    existing = Resident.objects.filter(email__iexact=sender).order_by("id").first() if sender else None
    if existing is not None and verdict.verified:
        return existing, ""
    note = ""
    if existing is not None:
        note = f"{sender} matches an existing resident, not linked because the sender is not verified: match it if it is them"
    display = name or (sender.split("@", 1)[0].replace(".", " ").title() if sender else "Unknown sender")
    return services.create_resident(
        name=display[:200], email=sender if len(sender) <= EMAIL_COLUMN else ""
    ), note


# --------------------------------------------------------------------------------------------------
# Keeping what was sent


def _received_on(sent_at: datetime | None) -> datetime:
    now = timezone.now()
    if sent_at is None or sent_at > now or now - sent_at > TRUST_DATE_FOR:
        return now
    return sent_at


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _short_filename(name: str) -> str:
    if len(name) <= FILENAME_COLUMN:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 20:
        return _short(name, FILENAME_COLUMN)
    return _short(stem, FILENAME_COLUMN - len(extension) - 1) + "." + extension


def _clean_type(content_type: str) -> str:
    match = re.match(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+", content_type.lower())
    return match.group(0)[:CONTENT_TYPE_COLUMN] if match else "application/octet-stream"


def _note(part: Part, outcome: str, reason: str) -> dict[str, object]:
    return {
        "part": part.filename,
        "content_type": part.content_type,
        "size": len(part.data),
        "within": part.within,
        "outcome": outcome,
        "reason": reason,
    }


def _keep_files(
    complaint: Complaint,
    correspondence: Correspondence,
    original: tuple[str, bytes],
    reading: Reading,
) -> list[dict[str, object]]:
    """Store the original message and every part that is not dangerous; return a note for each
    part held back and for anything else not kept as sent."""
    subject = reading.subject or "(no subject)"
    name, raw = original
    services.attach_document(
        complaint=complaint,
        actor=None,
        content=raw,
        filename=name,
        content_type="application/vnd.ms-outlook" if name.lower().endswith(".msg") else "message/rfc822",
        description=_short(f"Original email as received: {subject}", DESCRIPTION_COLUMN),
        correspondence=correspondence,
    )
    notes: list[dict[str, object]] = [
        {"part": "", "content_type": "", "size": 0, "within": "", "outcome": "note", "reason": note}
        for note in reading.notes
    ]
    for part in reading.parts:
        danger = hazard(part.filename, part.data)
        if danger:
            notes.append(_note(part, "quarantined", f"held back in the original email: {danger}"))
            continue
        filename = _short_filename(part.filename)
        where = f" ({part.within})" if part.within else ""
        described = f"Attached to the email{where}: {subject}"
        if filename != part.filename:
            described = f"{part.filename} (name shortened). {described}"
        services.attach_document(
            complaint=complaint,
            actor=None,
            content=part.data,
            filename=filename,
            content_type=_clean_type(part.content_type),
            description=_short(described, DESCRIPTION_COLUMN),
            correspondence=correspondence,
        )
    return notes


def _original_name(reading: Reading, given: str) -> str:
    if given:
        return given
    return f"email-{timezone.localtime():%Y%m%d-%H%M%S}.eml"


def _existing(digest: str) -> InboundEmail | None:
    return InboundEmail.objects.filter(raw_sha256=digest).first()


def _earlier_with_id(message_id: str | None) -> InboundEmail | None:
    if not message_id:
        return None
    return InboundEmail.objects.filter(message_id=message_id).order_by("id").first()


# --------------------------------------------------------------------------------------------------
# Ingesting


def ingest_email(
    raw: bytes, *, source: str = "folder", original: tuple[str, bytes] | None = None
) -> IngestResult:
    """Bring one email into the record (see the module's docstring). Safe to call again with the
    same message: the second call is a ``duplicate`` and writes nothing. ``original`` is the file
    as received when ``raw`` was converted from it (an Outlook .msg): it is what is kept and what
    identifies the message. Raises :class:`NotAnEmail` for bytes that are not an email."""
    kept_name, kept_bytes = original or ("", raw)
    if not raw.strip():
        raise NotAnEmail("the file is empty")
    if not looks_like_email(raw):
        raise NotAnEmail("it does not start with email headers, so it is not an email")
    digest = raw_digest(kept_bytes)
    existing = _existing(digest)
    if existing is not None:
        return IngestResult("duplicate", existing, existing.complaint, "already read")
    reading = read_message(raw)
    earlier = _earlier_with_id(reading.message_id)
    if earlier is not None and earlier.raw_sha256 is None:
        # read before messages were known by their bytes, when the Message-ID alone said "read"
        return IngestResult("duplicate", earlier, earlier.complaint, "already read")
    sent_at = sent_at_of(reading)
    fields: dict[str, object] = {
        "message_id": reading.message_id,
        "raw_sha256": digest,
        "content_hash": content_hash(reading),
        "source": source,
        "from_address": reading.from_address,
        "from_name": reading.from_name,
        "subject": reading.subject,
        "sent_at": sent_at,
        "possible_duplicate_of": earlier,
    }
    duplicate_note = (
        f"shares its Message-ID with an earlier, different email (read {timezone.localtime(earlier.read_at):%-d %B %Y %H:%M}): possibly a duplicate"
        if earlier is not None
        else ""
    )
    reason = automatic_reason(reading)
    if reason:
        try:
            with files_kept_with_their_rows() as store:  # a duplicate keeps no second copy
                inbound = InboundEmail(**fields, outcome=InboundEmail.Outcome.IGNORED, outcome_detail=reason)
                # a name of this attempt's own: on object storage two workers reading the same email
                # at once could both pick "<digest>.eml", and the one refused as a duplicate would
                # delete, on its rollback, the file the other's row names
                name = f"{digest[:16]}-{secrets.token_hex(4)}.eml"
                store(inbound.original, name, ContentFile(kept_bytes))
                inbound.save()
        except IntegrityError:
            return IngestResult("duplicate", _existing(digest), None, "already read")
        return IngestResult("ignored", inbound, None, reason)

    verdict = verify(
        [v for k, v in reading.message.raw_items() if k.lower() == "authentication-results"],
        reading.from_address,
    )
    text = f"{reading.subject}\n\n{reading.text}".strip()
    classification = (
        classify_message(text[:CLASSIFY_CHARACTERS], DissatisfactionFlag.Source.EMAIL) if text else None
    )
    occurred_at = _received_on(sent_at)
    details: list[str] = [duplicate_note] if duplicate_note else []
    possibly_about: Complaint | None = None
    try:
        # the attachments written while the email is read are deleted again if it is refused
        with files_kept_with_their_rows():
            inbound = InboundEmail.objects.create(
                **fields, outcome=InboundEmail.Outcome.NEW_CONTACT, authentication=verdict.reason
            )
            complaint = _thread_complaint(reading)
            if complaint is None:
                complaint, note = _subject_complaint(reading.subject, reading.from_address)
                if note:
                    details.append(note)
            if complaint is not None and not verdict.verified:
                possibly_about, complaint = complaint, None
                details.append(f"possibly about {possibly_about.reference}, not joined: {verdict.reason}")
            if complaint is not None:
                status: Status = "joined"
                party = party_of(complaint, reading.from_address) or Party.OTHER
                inbound.outcome = InboundEmail.Outcome.JOINED
            else:
                status = "new_contact"
                party = Party.RESIDENT
                resident, note = _resident_for(reading, verdict)
                if note:
                    details.append(note)
                complaint = services.receive_complaint(
                    resident=resident,
                    summary=(text or "(an email with no subject or text)")[:10_000],
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
                subject=_short(reading.subject, SUBJECT_COLUMN) or "(no subject)",
                body=_body(reading),
                occurred_at=occurred_at,
                party=party,
                correspondent=_short(
                    f"{reading.from_name} <{reading.from_address}>"
                    if reading.from_name
                    else reading.from_address,
                    CORRESPONDENT_COLUMN,
                ),
            )
            inbound.notes = _keep_files(
                complaint, correspondence, (_original_name(reading, kept_name), kept_bytes), reading
            )
            details.extend(
                f"{note['part']} {note['reason']}"
                for note in inbound.notes
                if note["outcome"] == "quarantined"
            )
            inbound.complaint = complaint
            inbound.correspondence = correspondence
            inbound.possibly_about = possibly_about
            inbound.outcome_detail = "; ".join(details)
            inbound.save(
                update_fields=[
                    "complaint",
                    "correspondence",
                    "outcome",
                    "outcome_detail",
                    "notes",
                    "possibly_about",
                ]
            )
            flag = None
            if complaint.state in NOT_YET_A_COMPLAINT and text:
                flag = flag_dissatisfaction(
                    text=text[:CLASSIFY_CHARACTERS],
                    source=DissatisfactionFlag.Source.EMAIL,
                    complaint=complaint,
                    correspondence=correspondence,
                    inbound_email=inbound,
                    resident_email=reading.from_address if len(reading.from_address) <= 320 else "",
                    classification=classification,
                )
    except IntegrityError:
        # Read at the same moment by another worker: theirs is the one kept.
        found = _existing(digest)
        return IngestResult("duplicate", found, found.complaint if found else None, "already read")

    auto_replied = False
    no_reply = no_auto_reply_reason(reading)
    if no_reply:
        details.append(f"no automatic reply: {no_reply}")
    elif flag is not None and reading.from_address:
        auto_replied = _offer_choice_to_complain(
            complaint, flag, reading.from_address, reading.message_id or ""
        )
    return IngestResult(
        status, inbound, complaint, "; ".join(details), flagged=flag is not None, auto_replied=auto_replied
    )


def _body(reading: Reading) -> str:
    """The correspondence's text: the subject in full when the record's column had to shorten it."""
    if len(reading.subject) > SUBJECT_COLUMN:
        return f"Subject: {reading.subject}\n\n{reading.text}".strip()
    return reading.text


def choice_to_complain_text(complaint: Complaint) -> str:
    site = site_url()
    scales = timescales(complaint.edition)
    acknowledge = scales.acknowledge_stage_1
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
        f"{acknowledge.working_days} working days and usually respond within "
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
