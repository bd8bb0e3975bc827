"""Letters actually leave (issue 11, item 7): a worker sends them, failed emails are retried without
anyone running a command, staff are warned when no worker is taking work, and the resident's page
says a letter was sent only once it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from smtp_capture import smtp_server, use_smtp

from putright.letters import services
from putright.letters.models import DeliveryStatus, LetterDelivery
from putright.letters.tasks import OVERDUE_AFTER, schedule_overdue_retries
from putright.letters.worker import sweep_once
from putright.portal.views import FOLLOWING
from putright.web.task_queue import STALL_AFTER, stalled_work

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker (and the sweep) close database connections as they would in production: a transactional
# test lets them reconnect (on PostgreSQL a closed connection would end the test's own transaction).
WORKER_CLOSES_CONNECTIONS = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> Iterator[None]:
    settings.TASKS = DATABASE_QUEUE
    settings.PUTRIGHT_TASK_QUEUE_WARNING = True
    cache.clear()
    yield
    cache.clear()  # no cached warning left for the next test's pages


def run_worker_once() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def issue(case_for_kind: Any, handler: Any, django_capture_on_commit_callbacks: Any) -> Any:
    complaint = case_for_kind("stage1-response")
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler)
    with django_capture_on_commit_callbacks(execute=True):
        return services.issue_letter(draft=draft, actor=handler)


def tracking_page(client: Client, complaint: Any) -> str:
    session = client.session
    session[FOLLOWING] = {
        "id": complaint.pk,
        "parties": [complaint.resident_id, complaint.representative_id],  # as the portal's sign-in keeps
        "until": (timezone.now() + timedelta(hours=1)).timestamp(),
    }
    session.save()
    response = client.get("/track/complaint/")
    assert response.status_code == 200
    return response.content.decode()


@WORKER_CLOSES_CONNECTIONS
def test_the_residents_page_shows_a_letter_as_sent_only_once_the_email_went(
    settings: Any,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    letter = issue(case_for_kind, handler_1, django_capture_on_commit_callbacks)
    client = Client()
    page = tracking_page(client, letter.complaint)
    assert 'data-letter-status="sending"' in page and "Not sent yet" in page
    assert "Emailed to you on" not in page
    assert ">sent " not in page  # the stages table dates the response; it does not say "sent"

    with smtp_server() as (port, capture):
        use_smtp(settings, port)
        run_worker_once()
    assert len(capture.messages) == 1
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.SENT
    page = tracking_page(client, letter.complaint)
    assert 'data-letter-status="emailed"' in page and "Not sent yet" not in page
    assert f"Emailed to you on {timezone.localtime(delivery.sent_at):%-d %B %Y}" in page
    assert f'summary-text">{letter.title}, ' not in page  # not shown again as a "message from us"


def test_a_letter_without_an_email_address_is_shown_as_written_here(
    case_for_kind: Any, handler_1: Any, letterhead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    complaint.resident.email = ""
    complaint.resident.save(update_fields=["email"])
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = services.issue_letter(draft=draft, actor=handler_1)
    assert not LetterDelivery.objects.filter(letter=letter).exists()
    page = tracking_page(Client(), complaint)
    assert 'data-letter-status="here"' in page and "Emailed to you" not in page


@WORKER_CLOSES_CONNECTIONS
def test_a_failed_email_whose_retry_was_lost_is_queued_again_by_the_sweep_once(
    settings: Any,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: the send fails
    letter = issue(case_for_kind, handler_1, django_capture_on_commit_callbacks)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--max-tasks", "1", verbosity=0)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is not None
    DBTaskResult.objects.filter(status="READY").delete()  # the queued retry is lost (a worker killed)

    assert schedule_overdue_retries() == 0  # not overdue yet: its own retry would still be coming
    later = delivery.next_attempt_at + OVERDUE_AFTER + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_overdue_retries(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_overdue_retries(now=later) == 0  # never queued twice
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at is None
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    with smtp_server() as (port, capture):
        use_smtp(settings, port)
        run_worker_once()
    assert len(capture.messages) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2


@WORKER_CLOSES_CONNECTIONS
def test_the_sweep_run_by_every_worker_leaves_sent_and_exhausted_emails_alone(
    case_for_kind: Any, handler_1: Any, letterhead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    letter = issue(case_for_kind, handler_1, django_capture_on_commit_callbacks)
    delivery = LetterDelivery.objects.get(letter=letter)
    long_ago = timezone.now() - timedelta(hours=1)
    LetterDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        attempts=5,
        max_attempts=5,
        next_attempt_at=None,
        last_attempt_at=long_ago,
    )
    assert sweep_once() == 0  # gave up after the last attempt: a person decides (retry on the case)
    LetterDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, next_attempt_at=long_ago)
    assert sweep_once() == 0


@WORKER_CLOSES_CONNECTIONS
def test_staff_are_warned_when_no_worker_has_taken_work_for_5_minutes(
    client: Client,
    handler_1: Any,
    case_for_kind: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    client.force_login(handler_1)
    issue(case_for_kind, handler_1, django_capture_on_commit_callbacks)
    assert stalled_work() is None  # queued just now: a worker has had no time to take it
    assert "data-task-queue-warning" not in client.get("/workspace/").content.decode()

    DBTaskResult.objects.update(enqueued_at=timezone.now() - STALL_AFTER - timedelta(seconds=5))
    assert "data-task-queue-warning" not in client.get("/workspace/").content.decode()  # cached answer
    cache.clear()
    page = client.get("/workspace/").content.decode()
    assert "data-task-queue-warning" in page
    assert "no task worker has taken work for more than 5 minutes" in page
    assert "1 task waiting" in page

    run_worker_once()  # a worker takes it
    cache.clear()
    assert stalled_work() is None
    assert "data-task-queue-warning" not in client.get("/workspace/").content.decode()


def test_a_deferred_task_counts_from_its_run_after_time_not_from_when_it_was_queued() -> None:
    from putright.letters.tasks import deliver_letter

    an_hour_ago = timezone.now() - timedelta(hours=1)
    result = deliver_letter.using(run_after=timezone.now() + timedelta(minutes=10)).enqueue(1)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=an_hour_ago)
    assert stalled_work() is None  # not due yet, however long ago it was queued
    DBTaskResult.objects.filter(pk=result.id).update(
        run_after=timezone.now() - STALL_AFTER - timedelta(seconds=1)
    )
    cache.clear()
    found = stalled_work()
    assert found is not None and found.waiting == 1


def test_putright_worker_runs_the_queue_worker_with_the_retry_sweep_beside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from putright.cli import main

    started: list[float] = []
    ran: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("putright.letters.worker.start_retry_sweep", lambda *, every: started.append(every))
    monkeypatch.setattr(
        "django.core.management.call_command", lambda name, **options: ran.append((name, options))
    )
    assert main(["worker", "--interval", "0.5", "--sweep-every", "30"]) == 0
    assert started == [30.0]
    assert ran == [("db_worker", {"interval": 0.5, "reload": False, "verbosity": 1})]


def test_putright_worker_refuses_a_zero_interval(capsys: pytest.CaptureFixture[str]) -> None:
    from putright.cli import main

    assert main(["worker", "--interval", "0"]) == 2
    assert "--interval" in capsys.readouterr().err


def test_the_warning_can_be_turned_off(settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from putright.letters.tasks import deliver_letter

    result = deliver_letter.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - STALL_AFTER * 2)
    assert stalled_work() is not None
    cache.clear()
    settings.PUTRIGHT_TASK_QUEUE_WARNING = False
    assert stalled_work() is None


def test_an_email_sent_before_its_letter_was_committed_queues_no_task(
    case_for_kind: Any, handler_1: Any, letterhead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The demo sends its letters' emails as it loads, inside the transaction that issued them: a task
    queued for each after the commit ran once as a no-op when the worker first started (about 370;
    closing24). An email still to send is queued once, as before."""
    from django_tasks_db.models import DBTaskResult

    from putright.letters.delivery import attempt

    tasks = DBTaskResult.objects.filter(task_path="putright.letters.tasks.deliver_letter")
    complaint = case_for_kind("stage1-response")
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.issue_letter(draft=draft, actor=handler_1)
        assert attempt(LetterDelivery.objects.get(letter=letter).pk).status == DeliveryStatus.SENT
    assert not tasks.exists()

    queued = issue(case_for_kind, handler_1, django_capture_on_commit_callbacks)
    [task] = tasks
    assert task.args_kwargs["args"] == [LetterDelivery.objects.get(letter=queued).pk]
