"""Background work for letters: send an issued letter's email, and retry failed ones with backoff."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from putright.letters.delivery import attempt
from putright.letters.models import DeliveryStatus, LetterDelivery


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
