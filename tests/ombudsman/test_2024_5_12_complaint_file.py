"""The complaint file for the Ombudsman (2024 5.12: the full record), produced and read back: the
PDF opened with poppler (tagged, pages, contents, every letter), the ZIP's manifest checked file by
file, staff-only notes only when asked, and the production recorded on the case."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date

from letters.conftest import fill_blanks, pdf_info, pdf_text
from ombudsman.conftest import pages_of

from putright.complaints import services as complaint_services
from putright.letters import services as letters
from putright.ombudsman import services
from putright.ombudsman.casefile import build_complaint_file, produce_complaint_file, stored
from putright.ombudsman.models import ComplaintFileProduced, PolicyVersion


def _case(build, handler_1, officer):  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    issued = []
    for kind in ("stage1-acknowledgement", "remedy-offer"):
        draft = letters.start_draft(complaint=complaint, kind=kind, actor=handler_1)
        letters.update_draft(draft=draft, body=fill_blanks(draft.body))
        issued.append(letters.issue_letter(draft=draft, actor=handler_1))
    complaint_services.record_correspondence(
        complaint=complaint,
        actor=handler_1,
        direction="in",
        channel="email",
        subject="Still no heating",
        body="The engineer never came on Tuesday.",
    )
    complaint_services.record_correspondence(
        complaint=complaint,
        actor=handler_1,
        direction="out",
        channel="telephone",
        subject="Call to Rita",
        body="Explained the next visit is booked for Friday.",
    )
    complaint_services.attach_document(
        complaint=complaint,
        actor=handler_1,
        content=b"%PDF-1.4 surveyor report",
        filename="survey.pdf",
        description="Surveyor's report",
    )
    services.add_staff_note(
        complaint=complaint, actor=handler_1, body="Contractor disputes the dates: check the job log."
    )
    services.record_policy_version(
        actor=officer,
        kind=PolicyVersion.Kind.COMPLAINTS,
        title="Complaints policy",
        version="2.1",
        effective_from=date(2024, 4, 1),
        summary="Two stages, as the 2024 Code requires.",
        document=b"the policy text",
        filename="complaints-policy.pdf",
    )
    return complaint, issued


def test_2024_5_12_the_pdf_has_contents_page_numbers_and_every_letter_as_issued(
    build, handler_1, officer, letterhead
) -> None:  # type: ignore[no-untyped-def]
    complaint, issued = _case(build, handler_1, officer)
    built = build_complaint_file(complaint, produced_by=officer)
    info = pdf_info(built.pdf)
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+Complaint file " + re.escape(complaint.reference), info, re.M)
    assert pages_of(built.pdf) == built.pages >= 10
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "Contents" in text and "1. Chronology" in flat
    assert re.search(r"4\.1 .*\.{3,}\s*\d+", text)  # a contents line with its page number
    assert f"Page 1 of {built.pages}" in flat and f"Page {built.pages} of {built.pages}" in flat
    for letter in issued:
        assert letter.title in flat
        assert letter.pdf_sha256 in flat.replace(" ", "") or letter.pdf_sha256[:32] in text.replace("\n", "")
    assert "Dear Rita Resident," in flat
    assert "2024 6.2" in flat  # the provision applied at the acknowledgement
    assert "The engineer never came on Tuesday." in flat  # email in
    assert "Explained the next visit is booked for Friday." in flat  # note of a call
    assert "survey.pdf" in flat
    assert "Complaints policy 2.1" in flat
    assert "Contractor disputes" not in flat  # staff-only notes only when asked
    assert built.letters == 2


def test_2024_5_12_the_zip_holds_the_originals_and_a_manifest_that_checks(
    build, handler_1, officer, letterhead
) -> None:  # type: ignore[no-untyped-def]
    complaint, issued = _case(build, handler_1, officer)
    built = build_complaint_file(complaint)
    archive = zipfile.ZipFile(io.BytesIO(built.zip))
    manifest = json.loads(archive.read("manifest.json"))
    paths = {f["path"] for f in manifest["files"]}
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        assert entry["unchanged_since_kept"] in (True, None)
    for line in archive.read("SHA256SUMS").decode().splitlines():
        digest, path = line.split("  ", 1)
        assert hashlib.sha256(archive.read(path)).hexdigest() == digest
    assert f"complaint-file-{complaint.reference}.pdf" in paths
    letter_pdfs = [p for p in paths if p.startswith("letters/") and p.endswith(".pdf")]
    assert len(letter_pdfs) == 2
    assert {hashlib.sha256(archive.read(p)).hexdigest() for p in letter_pdfs} == {
        letter.pdf_sha256 for letter in issued
    }
    assert any(p.startswith("attachments/") and p.endswith("survey.pdf") for p in paths)
    assert any(p.startswith("policies/complaints-2024-04-01") for p in paths)


def test_staff_only_notes_are_included_when_ticked_and_production_is_recorded(
    build, handler_1, officer, letterhead
) -> None:  # type: ignore[no-untyped-def]
    complaint, _ = _case(build, handler_1, officer)
    events_before = complaint.events.count()
    record = produce_complaint_file(complaint=complaint, actor=officer, include_staff_notes=True)
    assert "Contractor disputes the dates" in " ".join(pdf_text(stored(record, "pdf")).split())
    assert record.staff_notes_included and record.produced_by == officer
    assert hashlib.sha256(stored(record, "zip")).hexdigest() == record.zip_sha256
    assert ComplaintFileProduced.objects.filter(complaint=complaint).count() == 1
    assert complaint.events.count() == events_before  # not a step under the Code


def test_2024_5_12_a_corrected_day_received_is_shown_with_the_day_it_replaced(
    build, handler_1, officer, letterhead
) -> None:  # type: ignore[no-untyped-def]
    """The Ombudsman reads the day received on the cover: a corrected one says so, and the chronology
    gives who corrected it, when and how they know."""
    complaint = build("stage_1_acknowledged")
    first = complaint.received_on
    earlier = date.fromordinal(first.toordinal() - 3)
    complaint_services.correct_received_date(
        complaint=complaint, actor=officer, received_on=earlier, reason="The email in the shared inbox."
    )
    flat = " ".join(pdf_text(build_complaint_file(complaint).pdf).split())
    assert f"{earlier:%-d %B %Y} by telephone (corrected from {first:%-d %B %Y}" in flat
    assert "Received date corrected" in flat
    assert "How we know: The email in the shared inbox." in flat
