"""What the task worker does with a letter's email, for tests: the email is queued when the letter
is issued, after its transaction commits, and a test's transaction never commits."""

from __future__ import annotations

import contextlib
from datetime import datetime

import time_machine

from putright.letters.delivery import attempt
from putright.letters.models import DeliveryStatus, LetterDelivery


def send_queued_letter_emails(*, at: datetime | None = None) -> int:
    """Send every queued letter email as the worker would (Django's test mail backend accepts
    them): a step its letter tells the resident of counts from then. ``at``: the moment the worker
    sent them (a letter issued on an earlier day, its email sent at once). Returns how many were
    sent."""
    queued = list(LetterDelivery.objects.filter(status=DeliveryStatus.QUEUED).values_list("pk", flat=True))
    with time_machine.travel(at, tick=False) if at is not None else contextlib.nullcontext():
        return sum(attempt(pk).status == DeliveryStatus.SENT for pk in queued)
