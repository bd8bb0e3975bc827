"""Contacts that reach the landlord by other channels (2024 3.1, 3.2), kept on the same record.

``InboundEmail``  every message read from the monitored mailbox or the drop folder, once: its
                  Message-ID is unique, and a message without one is known by a hash of its content,
                  so reading the same message twice never makes a second complaint.
``SentEmail``     the Message-ID of every email PutRight sent about a complaint, so a reply that
                  quotes it in In-Reply-To or References joins the right complaint.
``DissatisfactionFlag``  a message in which the offline classifier heard dissatisfaction, with the
                  phrases that triggered it, for staff to consider as a possible complaint
                  (2024 1.3, 1.5, 1.6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from putright.complaints.models import Complaint, Correspondence


class InboundEmail(models.Model):
    """One message read, once: known by the SHA-256 of its bytes (line endings normalised), so the
    same message read twice is a duplicate while a different message that reuses a Message-ID is
    kept and linked to the earlier one as a possible duplicate. Headers are kept in full."""

    class Outcome(models.TextChoices):
        NEW_CONTACT = "new_contact", "New contact"
        JOINED = "joined", "Joined its complaint"
        IGNORED = "ignored", "Ignored (automatic reply or bounce)"

    message_id = models.TextField(null=True, blank=True, db_index=True)  # noqa: DJ001 - none is not ""
    raw_sha256 = models.CharField(
        max_length=64, null=True, blank=True, unique=True, help_text="SHA-256 of the message as received"
    )
    content_hash = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=20, help_text="imap or folder")
    from_address = models.TextField(blank=True)
    from_name = models.TextField(blank=True)
    subject = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="The message's Date header")
    read_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    outcome_detail = models.TextField(blank=True)
    #: what could not be kept as sent, one entry per part or problem:
    #: {"part": name, "content_type": ..., "size": bytes, "outcome": "quarantined" | "not kept" | "note", "reason": ...}
    notes = models.JSONField(default=list, blank=True)
    authentication = models.TextField(
        blank=True, help_text="What the receiving server's Authentication-Results said about the sender"
    )
    possibly_about = models.ForeignKey(
        Complaint,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="possible_emails",
        help_text="The complaint it names or replies to, when it was not joined (the sender was not verified)",
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="An earlier, different message with the same Message-ID",
    )
    original = models.FileField(
        upload_to="intake/originals/",
        max_length=300,
        blank=True,
        help_text="The message as received, for one that made no record on a complaint (ignored)",
    )
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_emails"
    )
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_emails"
    )

    class Meta:
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject[:80]}"

    @property
    def quarantined(self) -> list[dict[str, object]]:
        return [note for note in self.notes if note.get("outcome") == "quarantined"]

    @property
    def not_kept(self) -> list[dict[str, object]]:
        return [note for note in self.notes if note.get("outcome") != "quarantined"]


class SentEmail(models.Model):
    message_id = models.CharField(max_length=500, unique=True)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="sent_emails")
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="sent_emails"
    )
    to = models.CharField(max_length=1000)
    subject = models.CharField(max_length=500)
    kind = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)
    delivered = models.BooleanField(default=True, help_text="False when the mail server refused it")

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"


class DissatisfactionFlag(models.Model):
    """Dissatisfaction heard in a message that is not (yet) a complaint: staff give the resident the
    choice to make one (2024 1.3), including about a service request (1.5) or in a survey (1.6)."""

    class Source(models.TextChoices):
        EMAIL = "email", "Email"
        PORTAL = "portal", "Message on the complaints website"
        SURVEY = "survey", "Survey comment"
        SERVICE_REQUEST_NOTE = "service_request_note", "Service request note"
        OTHER = "other", "Other"

    class Review(models.TextChoices):
        OPEN = "open", "To review"
        COMPLAINT = "complaint", "Treated as a complaint"
        NOT_A_COMPLAINT = "not_a_complaint", "Not a complaint"

    source = models.CharField(max_length=30, choices=Source.choices)
    text = models.TextField()
    label = models.CharField(max_length=20)
    confidence = models.FloatField()
    phrases = models.JSONField(default=list)
    explanation = models.TextField(blank=True)
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="dissatisfaction_flags"
    )
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="dissatisfaction_flags"
    )
    inbound_email = models.ForeignKey(
        InboundEmail, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    resident_email = models.CharField(max_length=320, blank=True)
    choice_offered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the resident was told how to make a complaint (1.3)"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.OPEN, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {', '.join(self.phrases[:3])}"
