"""The workspace's import pages: an administrator uploads the file and mapping, reads the dry run on
screen, then imports; everyone else is refused (the access matrix checks every role)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from imports.conftest import CSV_FILE, FIXTURES

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.imports.models import ImportRun

pytestmark = pytest.mark.django_db


def _files(mapping: str = "mapping.toml") -> dict[str, SimpleUploadedFile]:
    return {
        "file": SimpleUploadedFile(CSV_FILE.name, CSV_FILE.read_bytes(), "text/csv"),
        "mapping": SimpleUploadedFile(mapping, (FIXTURES / mapping).read_bytes(), "application/toml"),
    }


def test_an_administrator_checks_the_file_reads_the_report_then_imports(
    client: Client, administrator: User
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
    assert "Import 4 complaints" in page
    assert not Complaint.objects.exists()

    done = client.post(f"/workspace/imports/{run.pk}/import/")
    assert done.status_code == 302
    assert Complaint.objects.count() == 4
    page = client.get(done["Location"]).text
    assert "Imported 4 complaints from messy_complaints.csv." in page
    assert "What the import did" in page and "Import 4 complaints" not in page
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED and bytes(run.source_content) == b""
    # the button cannot import the same check twice
    client.post(f"/workspace/imports/{run.pk}/import/")
    assert Complaint.objects.count() == 4


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
