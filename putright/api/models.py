"""Idempotency keys for ``POST /api/v1/complaints`` and every step: the same key and body never makes a
second complaint, or takes a step twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` header, the hash of the body it came with, and what it created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    #: what the first request answered (201 a complaint made; 200 a step taken; 202 a step held until
    #: its letter is issued), answered again to a retry
    status = models.PositiveSmallIntegerField(default=201)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.complaint_id}"
