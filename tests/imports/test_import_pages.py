"""The workspace's import pages: an administrator uploads the file and mapping, reads the dry run on
screen, then imports; everyone else is refused (the access matrix checks every role)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from imports.conftest import CSV_FILE, FIXTURES

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.imports.models import ImportRun

# the task worker closes its database connections when done (see tests/letters/test_letters_leave.py)
pytestmark = pytest.mark.django_db(transaction=True)


SEED = importlib.import_module("putright.complaints.migrations.0003_seed_reference_data")


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # the categories and landlord row the migrations seed: a flushed database (a transactional
    # test's, here or in another module) has lost them
    SEED.seed(django_apps, None)


def _files(mapping: str = "mapping.toml") -> dict[str, SimpleUploadedFile]:
    return {
        "file": SimpleUploadedFile(CSV_FILE.name, CSV_FILE.read_bytes(), "text/csv"),
        "mapping": SimpleUploadedFile(mapping, (FIXTURES / mapping).read_bytes(), "application/toml"),
    }


def test_an_administrator_checks_the_file_reads_the_report_then_imports(
    client: Client, administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(administrator)
    assert "Import complaints from your previous system" in client.get("/workspace/imports/").text
    checked = client.post("/workspace/imports/", _files())
    assert checked.status_code == 302
    run = ImportRun.objects.get()
    page = client.get(checked["Location"]).text
    assert "What importing this file would do" in page
    assert "Unknown category &#x27;Gardening&#x27;" in page
    assert "A stage 2 without a stage 1 response" in page
    assert "Import 6 complaints" in page
    assert not Complaint.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # the import is queued once committed
        done = client.post(f"/workspace/imports/{run.pk}/import/")
    assert done.status_code == 302
    assert not Complaint.objects.exists()  # not in the web request: the task worker imports
    page = client.get(done["Location"]).text
    assert "Importing messy_complaints.csv." in page and "Importing this file" in page
    assert "0 of 6 rows done so far" in page and "Import 6 complaints" not in page
    # the button cannot start the same check twice, while it is queued or after
    client.post(f"/workspace/imports/{run.pk}/import/")
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Complaint.objects.count() == 6
    page = client.get(done["Location"]).text
    assert "What the import did" in page and "6</span> created" in page
    # each row created names the PutRight reference, linked for those who may open the case: not one
    # restricted to other named staff since
    hidden = Complaint.objects.order_by("pk").first()
    assert hidden is not None
    Complaint.objects.filter(pk=hidden.pk).update(restricted=True)
    page = client.get(done["Location"]).text
    for complaint in Complaint.objects.select_related("import_row"):
        row = page[page.index(f">{complaint.import_row.key}</td>") :].split("</tr>")[0]
        link = f'href="/workspace/complaints/{complaint.reference}/"'
        assert complaint.reference in row
        assert (link in row) == (complaint.pk != hidden.pk)
        assert (link in row) == administrator.has_perm("workspace.view_complaint", complaint)
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED and bytes(run.source_content) == b"" and run.created == 6
    client.post(f"/workspace/imports/{run.pk}/import/")
    assert Complaint.objects.count() == 6 and DBTaskResult.objects.count() == 1


def test_a_file_that_can_no_longer_be_imported_as_checked_says_why_and_can_be_retried(
    client: Client, administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(administrator)
    client.post("/workspace/imports/", _files())
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(mapping_text="not a mapping [")  # changed in between
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/workspace/imports/{run.pk}/import/")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED and run.error and bytes(run.source_content)
    page = client.get(f"/workspace/imports/{run.pk}/").text
    assert "The file was not imported" in page and not Complaint.objects.exists()


def test_a_mapping_that_cannot_be_used_is_said_on_the_form(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    files = _files()
    files["mapping"] = SimpleUploadedFile("m.toml", b'[columns]\nreference = "Case ref"\n')
    response = client.post("/workspace/imports/", files)
    assert response.status_code == 400
    assert "must name the column for resident_name, received_on, summary" in response.text
    files = _files()
    files["file"] = SimpleUploadedFile("complaints.pdf", b"%PDF-1.4")
    assert "must be a .csv or .xlsx file" in client.post("/workspace/imports/", files).text
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COMPLAINTS_OFFICER, Role.COMPLAINT_HANDLER])
def test_only_administrators_may_import(client: Client, role: str) -> None:
    client.force_login(User.objects.create_user(f"someone-{role}", role=role))
    assert client.get("/workspace/imports/").status_code == 403
    assert client.post("/workspace/imports/", _files()).status_code == 403
    assert not ImportRun.objects.exists()


def test_a_checked_file_not_imported_within_30_days_is_emptied(client: Client, administrator: User) -> None:
    """An uploaded file holds residents' details: kept for the "import" button, not for ever."""
    from datetime import timedelta

    from django.utils import timezone

    from putright.imports.services import UPLOAD_KEPT_DAYS, sweep_unimported_uploads

    client.force_login(administrator)
    client.post("/workspace/imports/", _files())
    old = ImportRun.objects.get()
    assert sweep_unimported_uploads() == 0 and bytes(old.source_content)
    ImportRun.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=UPLOAD_KEPT_DAYS + 1)
    )
    client.post("/workspace/imports/", _files())  # any new check sweeps the old ones
    old.refresh_from_db()
    assert bytes(old.source_content) == b"" and old.report  # the report stays
    page = client.get(f"/workspace/imports/{old.pk}/").text
    assert "upload it again to import it" in page and "Import 6 complaints" not in page
    assert bytes(ImportRun.objects.exclude(pk=old.pk).get().source_content)  # the new one is kept
