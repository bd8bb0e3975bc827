"""The audit trail of deliberate purges: every time rows of the append-only history or issued letters
are deleted (the end of a retention period, an erasure), who did it, why and what went."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class PurgeIsRecorded(Exception):
    """A purge record cannot be changed or deleted."""


class PurgeRecord(models.Model):
    at = models.DateTimeField(default=timezone.now)
    by = models.CharField(max_length=200, help_text="Who ran the purge")
    reason = models.TextField()
    subject = models.CharField(max_length=200, help_text="What was purged, e.g. a complaint reference")
    detail = models.JSONField(default=dict, blank=True, help_text="Rows removed per table, last chain hash")
    database_user = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject} by {self.by}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise PurgeIsRecorded("a purge record cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PurgeIsRecorded("a purge record cannot be deleted")


class LegalHold(models.Model):
    """A hold that stops retention and erasure for a complaint, or for every complaint of a resident,
    while litigation, an Ombudsman investigation or a regulator's request needs the records kept."""

    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    resident = models.ForeignKey(
        "complaints.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.TextField()
    placed_by = models.CharField(max_length=200)
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.CharField(max_length=200, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=False) | models.Q(resident__isnull=False),
                name="legal_hold_names_a_complaint_or_resident",
            )
        ]

    def __str__(self) -> str:
        what = f"complaint {self.complaint_id}" if self.complaint_id else f"resident {self.resident_id}"
        return f"Legal hold on {what} ({'lifted' if self.lifted_at else 'in force'})"


class ContactDecision(models.Model):
    """A complaints officer's decision about a contact (a resident record made by the online form or
    an email) that may be a resident already known: the same person (their complaints were moved to
    the known resident) or a different person. Never made automatically; never changed afterwards."""

    class Decision(models.TextChoices):
        SAME = "same", "Same person: complaints moved to the known resident"
        DIFFERENT = "different", "A different person"

    contact = models.ForeignKey("complaints.Resident", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey("complaints.Resident", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    #: the references of the complaints moved, and what became of a representative
    moved = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["contact", "resident"], name="one_decision_per_contact_pair"),
            models.CheckConstraint(
                condition=~models.Q(contact=models.F("resident")), name="decision_names_two_residents"
            ),
        ]

    def __str__(self) -> str:
        return f"contact {self.contact_id} / resident {self.resident_id}: {self.decision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise PurgeIsRecorded("a decision about a contact cannot be changed")
        super().save(*args, **kwargs)
