"""One-time access for a resident or representative to follow one complaint.

Each request to follow a complaint sends one email with a 6-digit code and a link; both are kept
here only as hashes, expire after 15 minutes, and are used once. A code allows a few attempts, and
only a few codes are sent per complaint and address in a window (see ``putright.portal.access``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from putright.complaints.models import Complaint


class AccessCode(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="access_codes")
    email = models.CharField(max_length=320, db_index=True)
    code_hash = models.CharField(max_length=64)
    link_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["complaint", "email", "created_at"], name="access_code_sent")
        ]

    def __str__(self) -> str:
        return f"code for {self.complaint_id} sent {self.created_at:%Y-%m-%d %H:%M}"
