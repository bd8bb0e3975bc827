"""The data protection area of the workspace (issue 12, UK GDPR): a subject access export found by
name, email or reference and downloaded as a ZIP (opened and read back here), its download in the
access log; legal holds placed, listed and lifted with who, when and why; the retention list by
record type with held complaints marked; the orphan file report."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from putright.access.models import AccessRecord
from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.records.models import LegalHold

pytestmark = pytest.mark.django_db

NOTES = b"Inspection notes: damp readings 28% in the back bedroom.\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_subject_access_export_is_found_downloaded_whole_and_its_download_logged(
    build: Any, officer: User, handler_1: User
) -> None:
    closed = build("closed")
    services.attach_document(
        complaint=closed, actor=officer, content=NOTES, filename="inspection.txt", content_type="text/plain"
    )
    resident = closed.resident
    client = _signed_in(officer)
    for term in ("rita", "RITA@example.org", closed.reference.lower()):
        page = client.get("/data-protection/residents/", {"q": term}).content.decode()
        assert f"/data-protection/residents/{resident.pk}/" in page, term
    assert "No resident record found" in client.get("/data-protection/residents/?q=nobody").content.decode()
    page = client.get(f"/data-protection/residents/{resident.pk}/").content.decode()
    assert closed.reference in page and "Download the export (ZIP)" in page

    before = AccessRecord.objects.count()
    response = client.post(f"/data-protection/residents/{resident.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    index = json.loads(archive.read("index.json"))
    assert index["subject"] == {"resident_id": resident.pk, "name": "Rita Resident"}
    counts = {r["file"]: r["count"] for r in index["records"]}
    assert counts["records/complaints.Complaint.json"] == 1
    assert counts["records/complaints.ComplaintEvent.json"] >= 3
    complaints = json.loads(archive.read("records/complaints.Complaint.json"))
    assert complaints[0]["fields"]["reference"] == closed.reference
    notes = next(f for f in index["files"] if f["file"].endswith("inspection.txt"))
    assert archive.read(notes["file"]) == NOTES and notes["sha256"] == hashlib.sha256(NOTES).hexdigest()
    assert "Rita Resident" in archive.read("README.txt").decode()

    # the download is logged against the resident and each of their complaints, and shows on the
    # resident's access log
    logged = AccessRecord.objects.filter(pk__gt=before, what="export")
    assert {(r.resident_id, r.complaint_id, r.how, r.user_id) for r in logged} == {
        (resident.pk, None, "downloaded", officer.pk),
        (None, closed.pk, "downloaded", officer.pk),
    }
    log = client.get(f"/data-protection/residents/{resident.pk}/access-log/").content.decode()
    assert "Downloaded: subject access export" in log and "Olu Officer" in log

    # a complaint handler cannot export, and nothing is logged for the refusal
    before = AccessRecord.objects.count()
    assert _signed_in(handler_1).post(f"/data-protection/residents/{resident.pk}/export/").status_code == 403
    assert AccessRecord.objects.count() == before


def test_a_resident_with_a_complaint_restricted_to_others_is_not_exported_by_anyone_else(
    build: Any, officer: User
) -> None:
    complaint = build("stage_1_acknowledged")
    named = User.objects.create_user("rex", role=Role.COMPLAINTS_OFFICER)
    complaint.restricted = True
    complaint.save(update_fields=["restricted"])
    complaint.restricted_to.add(named)
    resident = complaint.resident
    assert _signed_in(officer).post(f"/data-protection/residents/{resident.pk}/export/").status_code == 404
    assert (
        "/data-protection/residents/"
        not in _signed_in(officer)
        .get("/data-protection/residents/?q=Rita")
        .content.decode()
        .split("<main")[1]
        .split("</form>")[1]
    )
    response = _signed_in(named).post(f"/data-protection/residents/{resident.pk}/export/")
    assert response.status_code == 200


def test_a_legal_hold_is_placed_listed_and_lifted_with_who_when_and_why(build: Any, officer: User) -> None:
    closed = build("closed")
    client = _signed_in(officer)
    page = client.post("/data-protection/holds/", {"reference": "RH-0000-9999", "reason": "Claim"})
    assert "No complaint with that reference that you can see" in page.content.decode()
    page = client.post("/data-protection/holds/", {"reference": closed.reference, "reason": " "})
    assert "govuk-error-summary" in page.content.decode()
    assert not LegalHold.objects.exists()

    response = client.post(
        "/data-protection/holds/", {"reference": closed.reference.lower(), "reason": "County court claim K1"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.complaint, hold.placed_by, hold.reason) == (
        closed,
        "Olu Officer (officer)",
        "County court claim K1",
    )
    listed = client.get("/data-protection/holds/").content.decode()
    assert "County court claim K1" in listed and "Olu Officer (officer)" in listed

    # lifting needs a reason: without one nothing changes
    assert client.post(f"/data-protection/holds/{hold.pk}/lift/", {"reason": ""}).status_code == 200
    hold.refresh_from_db()
    assert hold.lifted_at is None
    assert (
        client.post(f"/data-protection/holds/{hold.pk}/lift/", {"reason": "Claim settled"}).status_code == 302
    )
    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lift_reason) == ("Olu Officer (officer)", "Claim settled")
    assert hold.lifted_at is not None
    page = client.post(f"/data-protection/holds/{hold.pk}/lift/", {"reason": "again"}).content.decode()
    assert "already been lifted" in page

    # a hold on every record of a resident, from the resident's page
    response = client.post(f"/data-protection/residents/{closed.resident_id}/hold/", {"reason": "Ombudsman"})
    assert response.status_code == 302
    assert LegalHold.objects.get(resident=closed.resident_id).placed_by == "Olu Officer (officer)"


def test_the_retention_list_shows_what_is_due_by_record_type_and_marks_held_complaints(
    build: Any, officer: User
) -> None:
    first, second = build("closed"), build("closed")
    LegalHold.objects.create(complaint=second, reason="Litigation", placed_by="Legal team")
    assert first.ended_on is not None
    later = datetime.combine(first.ended_on.replace(year=first.ended_on.year + 7), clock(12), tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        client = _signed_in(officer)
        page = client.get("/data-protection/retention/").content.decode()
    assert first.reference in page and second.reference in page
    summary = page.split('id="retention-summary"')[1].split("</p>")[0]
    assert (
        "<strong>1</strong> due (1 closed)" in summary
        and "<strong>1</strong> past their period but held" in summary
    )
    row = page.split(second.reference)[-1].split("</tr>")[0]
    assert "Held" in row
    row = page.split(first.reference)[-1].split("</tr>")[0]
    assert "Held" not in row and "Due" in row
    # before the period ends, nothing is listed
    page = _signed_in(officer).get("/data-protection/retention/").content.decode()
    assert "Nothing is past its retention period." in page


def test_the_orphan_file_report_lists_files_that_no_record_names(
    build: Any, officer: User, _media: Path
) -> None:
    complaint: Complaint = build("stage_1_acknowledged")
    kept = services.attach_document(
        complaint=complaint, actor=officer, content=NOTES, filename="kept.txt", content_type="text/plain"
    )
    orphan = _media / "attachments" / "left-by-a-killed-intake.eml"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"From: someone\n\nPersonal data nobody can find.\n")
    two_days_ago = time.time() - 48 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))
    os.utime(_media / kept.file.name, (two_days_ago, two_days_ago))
    page = _signed_in(officer).get("/data-protection/orphan-files/").content.decode()
    assert "attachments/left-by-a-killed-intake.eml" in page and "1 orphan file," in page
    assert kept.file.name not in page
    orphan.unlink()
    assert 'id="no-orphans"' in _signed_in(officer).get("/data-protection/orphan-files/").content.decode()
