"""Background work for governance (django-tasks, database backend, as the deadline reminders)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from putright.governance.submission import send_submission_reminders as send


@task()
def send_submission_reminders(day: str = "") -> dict[str, object]:
    """Email the complaints officers and the MRC 8 and 2 weeks before the Ombudsman's annual
    submission is due. ``day`` is an ISO date (today in the UK by default). Nothing is sent twice."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return send(today=today).as_dict()
