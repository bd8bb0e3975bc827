"""Adversarial review of the workspace import in the task worker (9a42fcc): a second press or a second
administrator, someone who is not an administrator, a file emptied before the worker reads it, the task
run twice, and a worker that stops part way through (an exception, or the worker itself terminated).
Whatever happens, the run must say what happened to the records (evidence), be possible to finish,
and never create a complaint twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from imports.test_import_pages import _files, database_queue  # noqa: F401 (the autouse fixture)

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.imports import services
from putright.imports.models import ImportedRow, ImportRun
from putright.imports.tasks import import_checked_file

pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _press_import_and_work(client: Client, run: ImportRun, capture: Any) -> None:
    """Press "Import" (the task is queued once the request commits), then run the worker."""
    with capture(execute=True):
        client.post(f"/workspace/imports/{run.pk}/import/")
    _worker()


def _checked(client: Client, administrator: User) -> ImportRun:
    client.force_login(administrator)
    assert client.post("/workspace/imports/", _files()).status_code == 302
    return ImportRun.objects.get()


def _stop_on_second_batch(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Batches of 2 rows (the messy file has 5 to create), the second one failing with ``error``."""
    defaults = services.import_file.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "batch_size", 2)
    real = services._write_batch
    calls = {"n": 0}

    def write(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise error
        real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_batch", write)


def test_two_administrators_pressing_import_at_once_queue_one_import(
    client: Client, administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    run = _checked(client, administrator)
    other = Client()
    other.force_login(User.objects.create_user("bob", role=Role.ADMINISTRATOR))
    # both pages were loaded while the run was checked; both press
    first, second = ImportRun.objects.get(pk=run.pk), ImportRun.objects.get(pk=run.pk)
    with django_capture_on_commit_callbacks(execute=True):
        started = [
            services.start_import(first, actor=administrator),
            services.start_import(second, actor=administrator),
        ]
        other.post(f"/workspace/imports/{run.pk}/import/")
    assert started == [True, False] and DBTaskResult.objects.count() == 1
    _worker()
    assert Complaint.objects.count() == 6


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COMPLAINTS_OFFICER, Role.COMPLAINT_HANDLER])
def test_someone_not_an_administrator_cannot_start_an_import(
    client: Client, administrator: User, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    run = _checked(client, administrator)
    intruder = Client()
    intruder.force_login(User.objects.create_user(f"x-{role}", role=role))
    with django_capture_on_commit_callbacks(execute=True):
        assert intruder.post(f"/workspace/imports/{run.pk}/import/").status_code == 403
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED and not DBTaskResult.objects.exists()


def test_the_task_run_twice_imports_once(client: Client, administrator: User) -> None:
    run = _checked(client, administrator)
    assert services.start_import(run, actor=administrator)
    first = import_checked_file.call(run.pk, administrator.pk)
    again = import_checked_file.call(run.pk, administrator.pk)
    assert first["created"] == 6 and again == {"run": run.pk, "created": 0, "imported": False}
    assert Complaint.objects.count() == 6 and ImportedRow.objects.count() == 6


def test_pressing_import_on_an_emptied_file_says_it_was_emptied_not_imported(
    client: Client, administrator: User
) -> None:
    run = _checked(client, administrator)
    ImportRun.objects.filter(pk=run.pk).update(source_content=b"")  # the 30-day sweep emptied it
    page = client.post(f"/workspace/imports/{run.pk}/import/", follow=True).text
    assert not DBTaskResult.objects.exists()
    # the message must not tell the administrator the file "has already been imported": nothing was
    assert "has already been imported" not in page
    assert "upload it again" in page


def test_a_file_emptied_between_the_page_and_the_press_is_not_left_importing_for_ever(
    client: Client, administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    """The view reads the run (file present), a new check's sweep empties it (checked 30 days ago),
    then the conditional update moves it to importing: only the state is in its condition."""
    run = _checked(client, administrator)
    ImportRun.objects.filter(pk=run.pk).update(source_content=b"")  # the sweep, after the view read it
    with django_capture_on_commit_callbacks(execute=True):
        started = services.start_import(run, actor=administrator)  # ``run`` still holds the bytes
    _worker()
    run.refresh_from_db()
    assert not started or run.state != ImportRun.State.IMPORTING, (
        "the run says 'importing' for ever: the task found no file and left it so"
    )


def test_an_import_that_stops_part_way_does_not_offer_to_create_what_it_created(
    client: Client,
    administrator: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _checked(client, administrator)
    _stop_on_second_batch(monkeypatch, RuntimeError("disk full"))
    _press_import_and_work(client, run, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED and "The import stopped (RuntimeError)" in run.error
    assert Complaint.objects.count() == 2 and run.imported_rows.count() == 2
    page = client.get(f"/workspace/imports/{run.pk}/").text
    # two complaints exist from this file: the page must not offer to create all four again
    assert "Import 6 complaints" not in page, (
        "the report still says the 2 complaints imported would be created"
    )


def test_an_import_finished_after_it_stopped_records_every_complaint_it_created(
    client: Client,
    administrator: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _checked(client, administrator)
    _stop_on_second_batch(monkeypatch, RuntimeError("disk full"))
    _press_import_and_work(client, run, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    _press_import_and_work(client, run, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert Complaint.objects.count() == 6 and ImportedRow.objects.count() == 6  # no duplicates
    # the run's record of what it created agrees with the complaints it links to
    assert run.created == run.imported_rows.count() == 6, f"run says created {run.created}"


def test_a_worker_terminated_during_an_import_leaves_a_run_that_can_be_imported_again(
    client: Client,
    administrator: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """db_worker's second SIGTERM/SIGINT (or a stop timeout's) ends the task with ``sys.exit(1)``:
    SystemExit is not an Exception, the task is recorded as failed, and the run must not stay
    'importing' (no button, no retry, its file never emptied)."""
    run = _checked(client, administrator)
    _stop_on_second_batch(monkeypatch, SystemExit(1))
    _press_import_and_work(client, run, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.get().status == "FAILED"
    run.refresh_from_db()
    page = client.get(f"/workspace/imports/{run.pk}/").text
    assert run.state != ImportRun.State.IMPORTING, (
        "stuck: the page says 'The import is running in the background' although no worker runs it"
    )
    assert "running in the background" not in page


def test_an_import_whose_worker_was_killed_can_be_started_again_after_30_minutes(
    client: Client, administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    """A worker killed outright (SIGKILL, out of memory) leaves the run 'importing' with nothing to
    say so; after ``STALLED_AFTER`` the page says it may have stopped and offers to start it again."""
    from datetime import timedelta

    from django.utils import timezone

    run = _checked(client, administrator)
    assert services.start_import(run, actor=administrator)  # queued; its worker then killed
    page = client.get(f"/workspace/imports/{run.pk}/").text
    assert "running in the background" in page and "Import 6 complaints" not in page
    assert not services.start_import(run, actor=administrator)  # not while it may still be running
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - services.STALLED_AFTER - timedelta(1)
    )
    page = client.get(f"/workspace/imports/{run.pk}/").text
    assert "has written nothing for over 30 minutes: its task worker may have stopped" in page
    assert "Import 6 complaints" in page
    _press_import_and_work(client, run, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED and Complaint.objects.count() == run.created == 6


def test_a_long_import_still_writing_batches_is_not_taken_for_stopped(
    client: Client, administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import of a large file may run for more than 30 minutes. Each batch it writes is a sign of
    life: while batches keep coming it is not offered to be started again (a second worker on the
    same file), however long ago it began; once they stop for ``STALLED_AFTER``, it is."""
    from datetime import timedelta

    from django.utils import timezone

    run = _checked(client, administrator)
    assert services.start_import(run, actor=administrator)
    seen: list[tuple[bool, bool]] = []
    real = services._write_batch

    def write_then_look(*args: Any, **kwargs: Any) -> None:
        # the import began two hours ago; the look happens after a batch has been written
        real(*args, **kwargs)
        ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=2))

    defaults = services.import_file.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "batch_size", 2)
    monkeypatch.setattr(services, "_write_batch", write_then_look)

    def progress(done: int, total: int) -> None:
        now_run = ImportRun.objects.get(pk=run.pk)
        seen.append((services.stalled(now_run), services.start_import(now_run, actor=administrator)))

    upload = services.Upload(
        source_name=run.source_name,
        content=bytes(run.source_content),
        mapping_name=run.mapping_name,
        mapping_text=run.mapping_text,
    )
    finished = services.import_file(upload, actor=administrator, run=run, progress=progress)
    assert seen == [(False, False)] * 3  # three batches, neither time taken for stopped
    assert finished.state == ImportRun.State.IMPORTED and Complaint.objects.count() == 6
    # a run that had written a batch, then nothing for longer than STALLED_AFTER, has stopped
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.IMPORTING,
        started_at=timezone.now() - timedelta(hours=2),
        progress_at=timezone.now() - services.STALLED_AFTER - timedelta(minutes=1),
    )
    assert services.stalled(ImportRun.objects.get(pk=run.pk))
