"""Is a task worker taking work? The staff pages' warning when letters and reminders wait.

Issued letters are emailed, and reminders sent, by a task worker (``putright worker``). When work
that is due has waited in the queue for :data:`STALL_AFTER` without a worker taking it, no worker is
running (or none keeps up), and the staff pages say so. The check is one query on the queue's
partial index of waiting tasks, cached for :data:`CACHE_SECONDS` in each web process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

STALL_AFTER = timedelta(minutes=5)
CACHE_SECONDS = 30
CACHE_KEY = "putright:task-queue:stalled"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class StalledWork:
    waiting: int  # tasks due that have waited longer than STALL_AFTER
    oldest_due: datetime  # when the longest-waiting one became due


def _compute(now: datetime) -> StalledWork | None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    cutoff = now - STALL_AFTER
    # A task is due from when it was queued, or from its "run after" time if it was deferred.
    queued_now = Q(run_after=get_date_max(), enqueued_at__lte=cutoff)
    deferred = Q(run_after__lte=cutoff)
    waiting = DBTaskResult.objects.filter(Q(status="READY") & (queued_now | deferred)).aggregate(
        count=Count("id"),
        queued=Min("enqueued_at", filter=queued_now),
        deferred=Min("run_after", filter=deferred),
    )
    if not waiting["count"]:
        return None
    oldest = min(when for when in (waiting["queued"], waiting["deferred"]) if when is not None)
    return StalledWork(waiting=waiting["count"], oldest_due=oldest)


def stalled_work(now: datetime | None = None) -> StalledWork | None:
    """Work due for longer than :data:`STALL_AFTER` that no worker has taken, or None (cached)."""
    if not getattr(settings, "PUTRIGHT_TASK_QUEUE_WARNING", True):
        return None
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != DATABASE_BACKEND:
        return None  # another backend runs work as it is queued (or elsewhere): nothing to see here
    found = cache.get(CACHE_KEY, default="unknown")
    if found == "unknown":
        found = _compute(now or timezone.now())
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found if isinstance(found, StalledWork) else None
