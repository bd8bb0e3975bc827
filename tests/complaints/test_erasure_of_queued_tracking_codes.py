"""The tracking page queues each request for a code with the reference and the email address
typed, and the task queue keeps its tasks after they run: erasing the resident must take their
address out of it."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from putright.portal.tasks import send_track_code
from putright.records.erasure import erase_resident

pytestmark = pytest.mark.django_db


def test_erasure_removes_the_residents_tracking_code_requests_from_the_task_queue(build: Any) -> None:
    complaint = build("stage_1_acknowledged")
    email = complaint.resident.email
    assert email
    send_track_code.enqueue(complaint.reference.lower(), email.upper(), "https://putright.test/")
    send_track_code.enqueue("PR-999999", email, "https://putright.test/")
    send_track_code.enqueue("PR-999998", "someone.else@example.org", "https://putright.test/")

    erase_resident(complaint.resident, by="Olu Officer", reason="Erasure request R-4")

    kept = [str(t.args_kwargs) for t in DBTaskResult.objects.all()]
    assert not any(email in text or complaint.reference in text for text in kept), kept
    assert len(kept) == 1 and "someone.else@example.org" in kept[0]
