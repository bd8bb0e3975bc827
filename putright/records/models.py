"""The audit trail of deliberate purges: every time rows of the append-only history or issued letters
are deleted (the end of a retention period, an erasure), who did it, why and what went."""

from __future__ import annotations

from typing import Any, NoReturn

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
