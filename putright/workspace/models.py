"""The workspace's own record: deadline reminders sent (so none is sent twice), amendments to the
resident's and complaint's details, recorded vulnerabilities, internal notes and the email outbox."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from putright.complaints.models import Complaint


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Deadline approaching"
    OVERDUE = "overdue", "Deadline passed"


class ReminderSent(models.Model):
    """One reminder about one deadline of one complaint. The unique key (complaint, deadline, kind)
    makes sending idempotent: a second run on the same day, or the next day, does not resend; an
    extended deadline is a new date, so it is reminded again."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    provision = models.CharField(max_length=20, blank=True)
    recipients = models.TextField(blank=True, help_text="Email addresses it went to, one a line")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complaint", "deadline", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.deadline}"


# --------------------------------------------------------------------------------------------------
# Amendments to what staff must keep right (2024 5.10, 5.12, 5.14, 5.15)


class ChangeKind(models.TextChoices):
    RESIDENT_CONTACT = "resident_contact", "Contact details changed"
    RESIDENT_ADDRESS = "resident_address", "Address changed"
    RESIDENT_PREFERENCES = "resident_preferences", "Preferred contact, format or language changed"
    COMPLAINT_CATEGORY = "complaint_category", "Category changed"
    COMPLAINT_PROPERTY = "complaint_property", "Property changed"
    COMPLAINT_SUMMARY = "complaint_summary", "Summary changed"
    ADJUSTMENT_RECORDED = "adjustment_recorded", "Reasonable adjustment recorded"
    ADJUSTMENT_REVIEWED = "adjustment_reviewed", "Reasonable adjustment reviewed"
    VULNERABILITY_RECORDED = "vulnerability_recorded", "Vulnerability recorded"
    VULNERABILITY_ENDED = "vulnerability_ended", "Vulnerability no longer applies"
    RESTRICTION_RECORDED = "restriction_recorded", "Contact restriction recorded"
    RESTRICTION_REVIEWED = "restriction_reviewed", "Contact restriction reviewed"
    RESIDENT_MATCHED = "resident_matched", "Matched to a known resident"
    REPRESENTATIVE_ENDED = "representative_ended", "Representative no longer acts for the resident"
    REPRESENTATIVE_ADDED = "representative_added", "Representative now acts for the resident"
    REPRESENTATIVE_CHANGED = "representative_changed", "Representative's details corrected"
    REPRESENTATIVE_CONSENT = "representative_consent", "Resident's consent to their representative recorded"
    REPRESENTATIVE_SEPARATED = "representative_separated", "Representative's record no longer shared"
    RESPONSE_DATE_GIVEN = "response_date_given", "Response date the acknowledgement gave recorded"


#: changes about the resident rather than one complaint: shown on each of the resident's complaints
RESIDENT_KINDS = frozenset(
    {
        ChangeKind.RESIDENT_CONTACT,
        ChangeKind.RESIDENT_ADDRESS,
        ChangeKind.RESIDENT_PREFERENCES,
        ChangeKind.ADJUSTMENT_RECORDED,
        ChangeKind.ADJUSTMENT_REVIEWED,
        ChangeKind.VULNERABILITY_RECORDED,
        ChangeKind.VULNERABILITY_ENDED,
        ChangeKind.RESTRICTION_RECORDED,
        ChangeKind.RESTRICTION_REVIEWED,
    }
)

#: the provision each kind of change keeps, per edition (shown on the timeline beside the change)
CHANGE_PROVISIONS = {
    "2024": {
        ChangeKind.ADJUSTMENT_RECORDED: "5.10",
        ChangeKind.ADJUSTMENT_REVIEWED: "5.10",
        ChangeKind.RESTRICTION_RECORDED: "5.14",
        ChangeKind.RESTRICTION_REVIEWED: "5.14",
        ChangeKind.REPRESENTATIVE_ENDED: "3.6",
        ChangeKind.REPRESENTATIVE_ADDED: "3.6",
        ChangeKind.REPRESENTATIVE_CHANGED: "3.6",
        ChangeKind.REPRESENTATIVE_CONSENT: "3.6",
        ChangeKind.REPRESENTATIVE_SEPARATED: "5.12",
        ChangeKind.RESPONSE_DATE_GIVEN: "5.12",
    },
    "2022": {
        ChangeKind.ADJUSTMENT_RECORDED: "2.5",
        ChangeKind.ADJUSTMENT_REVIEWED: "2.5",
        ChangeKind.RESTRICTION_RECORDED: "4.19",
        ChangeKind.RESTRICTION_REVIEWED: "4.19",
        ChangeKind.REPRESENTATIVE_ENDED: "4.5",
        ChangeKind.REPRESENTATIVE_ADDED: "4.5",
        ChangeKind.REPRESENTATIVE_CHANGED: "4.5",
        ChangeKind.REPRESENTATIVE_CONSENT: "4.5",
        ChangeKind.REPRESENTATIVE_SEPARATED: "4.15",
        ChangeKind.RESPONSE_DATE_GIVEN: "4.15",
    },
}


class AmendmentQuerySet(models.QuerySet["Amendment"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - {"changes", "reason", "redacted_at"}:
            raise AmendmentIsAppendOnly("an amendment can only be redacted, not changed")
        return super().update(**kwargs)

    def delete(self) -> NoReturn:
        raise AmendmentIsAppendOnly("amendments cannot be deleted")


class AmendmentIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a recorded amendment other than redacting it."""


class Amendment(models.Model):
    """One change to the resident's or the complaint's details: who, when, why, what it was and what
    it became (2024 5.12). Append-only. Kept outside the complaint's event history because the old
    and new values are personal data: erasure redacts ``changes`` and ``reason`` and keeps the row,
    so the timeline still shows that a change was made, by whom and when."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="amendments")
    resident = models.ForeignKey("complaints.Resident", on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField(max_length=40, choices=ChangeKind.choices, db_index=True)
    #: ``[{"field": ..., "label": ..., "old": ..., "new": ...}, ...]`` as text, for people to read
    changes = models.JSONField(default=list)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    redacted_at = models.DateTimeField(null=True, blank=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes: ClassVar = [models.Index(fields=["resident", "recorded_at"], name="amendment_resident_at")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} at {self.recorded_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AmendmentIsAppendOnly("an amendment cannot be changed once recorded")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AmendmentIsAppendOnly("amendments cannot be deleted")

    @property
    def provision(self) -> str:
        """The citation ("2024 5.10") for the complaint's edition, or "" for a plain correction."""
        edition = self.complaint.edition
        number = CHANGE_PROVISIONS.get(edition, {}).get(ChangeKind(self.kind), "")
        return f"{edition} {number}" if number else ""


class Vulnerability(models.Model):
    """A vulnerability or disability the resident told us about, or staff recorded, with the reason.
    The queue's "Vulnerable" tag comes from these (and disclosed disabilities, 2024 5.10) only, never
    from free text such as support needs."""

    class Source(models.TextChoices):
        RESIDENT = "resident", "The resident told us"
        STAFF = "staff", "Recorded by staff"

    resident = models.ForeignKey(
        "complaints.Resident", on_delete=models.PROTECT, related_name="vulnerabilities"
    )
    reason = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name_plural = "vulnerabilities"

    def __str__(self) -> str:
        return self.reason[:60]


# --------------------------------------------------------------------------------------------------
# Talking to the resident: internal notes and emailed replies


class InternalNote(models.Model):
    """A note for staff only: never shown to the resident, never in a letter. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="internal_notes")
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} note {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AmendmentIsAppendOnly("an internal note cannot be changed once recorded")
        super().save(*args, **kwargs)


class ReplyStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class OutboxEmail(models.Model):
    """An email reply to the resident written on the case. Recorded as outgoing correspondence when
    it is written; sent after the transaction commits by the task worker, and its delivery status
    kept here (2024 5.12)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="outbox")
    correspondence = models.OneToOneField(
        "complaints.Correspondence", on_delete=models.PROTECT, related_name="outbox_email"
    )
    to = models.CharField(max_length=500)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    message_id = models.CharField(max_length=500, unique=True)
    status = models.CharField(max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} reply to {self.to} ({self.status})"
