"""The workspace's own record: which deadline reminders have been sent, so none is sent twice."""

from __future__ import annotations

from typing import ClassVar

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
