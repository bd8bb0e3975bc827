"""UK GDPR Article 15: a subject access export of everything held about one resident, as a ZIP with
an index: their record, their complaints and every record pointing at them (history, correspondence,
letters and deliveries), and every file (documents, issued PDFs and DOCX), read back from the ZIP."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from security.test_history_chain import _issued

from putright.cli import main
from putright.complaints import services
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_the_resident_and_nothing_about_others(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tmp_path: Path, capsys: Any
) -> None:
    letter = _issued(case_for_kind, handler_1)
    complaint = letter.complaint
    resident = complaint.resident
    services.add_representative(
        resident=resident, name="Dan Resident", relationship="son", contact="dan@example.org"
    )
    services.attach_document(
        complaint=complaint,
        actor=None,
        content=io.BytesIO(b"%PDF-1.4 photo notes"),
        filename="notes.pdf",
        content_type="application/pdf",
        description="Notes from the visit",
    )
    other = services.create_resident(name="Olive Other", email="olive@example.org")
    services.receive_complaint(
        resident=other,
        summary="Olive's private complaint about the lift",
        channel="telephone",
        received_on=complaint.received_on,
        actor=handler_1,
    )

    output = tmp_path / "sar.zip"
    assert main(["export", "resident", "--reference", complaint.reference, "--output", str(output)]) == 0
    assert "exported" in capsys.readouterr().out
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        index = json.loads(archive.read("index.json"))
        readme = archive.read("README.txt").decode()
        records = {r["file"]: r["count"] for r in index["records"]}
        assert records["records/complaints.Resident.json"] == 1
        assert (
            records["records/complaints.ComplaintEvent.json"]
            == ComplaintEvent.objects.filter(complaint=complaint).count()
        )
        assert records["records/complaints.Representative.json"] == 1
        assert records["records/letters.IssuedLetter.json"] == 1
        assert records["records/complaints.Attachment.json"] == 1
        events = json.loads(archive.read("records/complaints.ComplaintEvent.json"))
        assert {e["fields"]["complaint"] for e in events} == {complaint.pk}
        everything = b"".join(archive.read(n) for n in names)
        assert b"Olive" not in everything and b"lift" not in everything
        pdf = f"files/{letter.pdf.name}"
        assert pdf in names
        assert hashlib.sha256(archive.read(pdf)).hexdigest() == letter.pdf_sha256
        assert any(f["file"].endswith("notes.pdf") for f in index["files"])
        assert index["missing_files"] == []
        assert "records/complaints.ComplaintEvent.json" in readme and pdf in readme


def test_export_of_an_unknown_resident_or_over_an_existing_file_is_refused(db: None, tmp_path: Path) -> None:
    assert main(["export", "resident", "--id", "999", "--output", str(tmp_path / "x.zip")]) == 2
    resident = services.create_resident(name="Rita", email="rita@example.org")
    existing = tmp_path / "exists.zip"
    existing.write_text("keep")
    assert main(["export", "resident", "--id", str(resident.pk), "--output", str(existing)]) == 2
    assert existing.read_text() == "keep"
