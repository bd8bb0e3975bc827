"""Background work for letters: send an issued letter's email, and retry failed ones with backoff.

Retries are scheduled twice over. A failed attempt queues its own next try for the time its backoff
ends (the database queue can run work later). And every worker (``putright worker``) sweeps once a
minute with :func:`schedule_overdue_retries` for the retries that nothing is waiting to run: a
failed email whose next try is overdue because its queued try was lost (a worker killed while
running it, a queue emptied by hand).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from putright.letters.delivery import attempt
from putright.letters.models import DeliveryStatus, LetterDelivery

#: a queued retry runs at its time when a worker is up; one this late was lost
OVERDUE_AFTER = timedelta(minutes=2)


@task()
def deliver_letter(delivery_id: int) -> str:
    """Send one letter email. On failure, queue the next try after the backoff (where the queue can
    run work later; otherwise ``retry_letter_deliveries`` picks it up)."""
    delivery = attempt(delivery_id)
    if (
        delivery.status == DeliveryStatus.FAILED
        and delivery.next_attempt_at is not None
        and deliver_letter.get_backend().supports_defer
    ):
        deliver_letter.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status


@task()
def retry_due_deliveries() -> int:
    """Queue every failed delivery whose next try is due (run by ``retry_letter_deliveries``)."""
    return enqueue_failed(due_only=True)


def enqueue_failed(*, due_only: bool) -> int:
    failed = LetterDelivery.objects.filter(status=DeliveryStatus.FAILED)
    if due_only:
        failed = failed.filter(next_attempt_at__isnull=False, next_attempt_at__lte=timezone.now())
    count = 0
    for delivery in failed:
        if not due_only and delivery.attempts >= delivery.max_attempts:
            delivery.max_attempts = delivery.attempts + 1
            delivery.save(update_fields=["max_attempts"])
        deliver_letter.enqueue(delivery.pk)
        count += 1
    return count


def schedule_overdue_retries(now: datetime | None = None) -> int:
    """Queue again every failed delivery whose next try is overdue: nothing is waiting to run it.

    Each is set back to "queued" as it is queued, so the next sweep does not queue it twice; should
    its own backoff try still arrive, it finds the email sent (and does nothing) or makes one more
    attempt. Returns how many were queued."""
    now = now or timezone.now()
    overdue = LetterDelivery.objects.filter(
        status=DeliveryStatus.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now - OVERDUE_AFTER
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(overdue):
        with transaction.atomic():
            changed = LetterDelivery.objects.filter(pk=pk, status=DeliveryStatus.FAILED).update(
                status=DeliveryStatus.QUEUED, next_attempt_at=None
            )
            if changed:
                transaction.on_commit(partial(deliver_letter.enqueue, pk))
                count += 1
    return count
