"""Background work for the workspace (django-tasks, database backend)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from putright.workspace.reminders import send_reminders


@task()
def send_deadline_reminders(day: str = "") -> dict[str, object]:
    """Email handlers and managers about deadlines due within 2 working days or passed. ``day`` is
    an ISO date (today in the UK by default). Safe to run more than once: nothing is sent twice."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return send_reminders(today=today).as_dict()


@task()
def send_reply(reply_id: int) -> str:
    """Send one reply written on a case (queued after its transaction commits)."""
    from putright.workspace.outbox import send

    return send(reply_id).status
