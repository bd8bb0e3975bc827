"""Bringing existing complaints in: the dry run's report on a messy file, checked line by line, in CSV
and a real XLSX; the import through the core, marked as imported, and never twice."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from imports.conftest import CSV_FILE, FIXTURES, expected_report, upload, write_xlsx

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent, Stage
from putright.complaints.selectors import complaint_detail
from putright.imports.models import ImportedRow, ImportRun
from putright.imports.reading import read_table
from putright.imports.services import Upload, check_file, import_file, plan_upload

pytestmark = pytest.mark.django_db


def report(run: ImportRun) -> list[str]:
    return [str(r["line"]) for r in run.report]


def test_dry_run_reports_every_row_of_the_messy_csv_line_by_line() -> None:
    run = check_file(upload(), actor=None)
    assert report(run) == expected_report(timezone.localdate())
    assert (run.rows, run.already_imported, run.with_problems) == (18, 1, 11)
    assert not Complaint.objects.exists() and not ComplaintEvent.objects.exists()


def test_the_yaml_mapping_reads_the_same_as_the_toml_one() -> None:
    toml = [p.describe() for p in plan_upload(upload(mapping="mapping.toml"))]
    assert [p.describe() for p in plan_upload(upload(mapping="mapping.yaml"))] == toml


def test_a_real_xlsx_with_date_cells_and_serial_numbers_reads_back_to_the_same_report(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "messy_complaints.xlsx")
    table = read_table(workbook.name, workbook.read_bytes())
    cells = {row.cells["Case ref"]: row.cells for row in table.rows}
    assert isinstance(cells["HX-1001"]["Date received"], datetime)  # a date cell
    assert cells["HX-1002"]["S1 acknowledged"] == 45721  # an Excel serial number: 5 March 2025
    assert cells["HX-1003"]["Date received"] == "2 Sep 2024"  # text, as typed
    run = check_file(upload(workbook), actor=None)
    assert report(run) == expected_report(timezone.localdate())


def test_import_records_each_row_through_the_core_as_imported_history(administrator: User) -> None:
    run = import_file(upload(), actor=administrator)
    assert run.created == 6 and run.state == ImportRun.State.IMPORTED
    lines = report(run)
    assert lines[0].startswith("row 2 (HX-1001): created a closed stage 1 complaint")
    assert lines[3] == expected_report(timezone.localdate())[3]  # problems are reported, not imported
    keys = dict(ImportedRow.objects.values_list("key", "row_number"))
    assert keys == {"HX-1001": 2, "HX-1002": 3, "HX-1003": 4, "HX-1012": 16, "HX-1013": 17, "HX-1015": 19}

    closed = ImportedRow.objects.get(key="HX-1003").complaint
    events = list(ComplaintEvent.objects.filter(complaint=closed).order_by("sequence"))
    assert [e.kind for e in events] == [
        "contact_received",
        "accepted_as_complaint",
        "acknowledged",
        "responded",
        "escalation_requested",
        "acknowledged",
        "responded",
        "closed",
    ]
    assert [e.on for e in events][-2:] == [date(2024, 10, 21), date(2024, 10, 22)]
    for event in events:  # who ran it, when, from which file and row
        assert event.actor == administrator
        assert event.actor_label == "Ann Admin (import from messy_complaints.csv)"
        assert event.data["imported_from"] == "messy_complaints.csv row 4"
        assert event.recorded_at.date() == timezone.now().date()
        assert "late_reason" not in event.data or not event.data["late_reason"]
    told = [e.data["communication"] for e in events if e.kind in ("acknowledged", "responded")]
    assert told == [{"method": "imported", "reference": "messy_complaints.csv row 4"}] * 4
    assert (closed.state, closed.stage, closed.is_open) == ("closed", 2, False)
    assert closed.category is not None and closed.category.slug == "repairs"
    assert closed.resident.name == "Cara Dillon"
    stage_2 = Stage.objects.get(complaint=closed, number=2)
    assert (stage_2.handler_ref, stage_2.outcome) == ("imported:B Jones", "not_upheld")


def test_2024_6_3_an_open_imported_complaint_carries_on_with_its_response_deadline(
    administrator: User,
) -> None:
    import_file(upload(), actor=administrator)
    open_one = ImportedRow.objects.get(key="HX-1002").complaint
    # acknowledged Wednesday 5 March 2025: ten working days later is Wednesday 19 March 2025
    assert (open_one.state, open_one.is_open) == ("stage_1_acknowledged", True)
    assert (open_one.current_due, open_one.current_due_provision) == (date(2025, 3, 19), "2024 6.3")
    assert open_one.category is not None and open_one.category.slug == "damp-and-mould"
    assert not open_one.not_yet_sent  # imported history is not held as "not yet sent"


def test_re_running_the_same_file_creates_nothing_twice(administrator: User) -> None:
    import_file(upload(), actor=administrator)
    complaints, events = Complaint.objects.count(), ComplaintEvent.objects.count()
    again = import_file(upload(), actor=administrator)
    assert again.created == 0 and again.already_imported == 7
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (complaints, events)
    reference = ImportedRow.objects.get(key="HX-1001").complaint.reference
    assert f"row 2 (HX-1001): nothing to do: already imported as {reference}" in report(again)


def test_the_timeline_shows_imported_steps_as_imported_not_as_letters_putright_issued(
    administrator: User,
) -> None:
    import_file(upload(), actor=administrator)
    complaint = ImportedRow.objects.get(key="HX-1001").complaint
    detail = complaint_detail(reference=complaint.reference)
    events = [entry for entry in detail.timeline if entry.kind == "event"]
    assert all(entry.imported_from == "messy_complaints.csv row 2" for entry in events)
    acknowledged = next(entry for entry in events if entry.event and entry.event.kind == "acknowledged")
    assert acknowledged.told == "the previous system (imported, not a letter PutRight issued)"
    assert not acknowledged.recorded_late


def test_chains_of_imported_history_verify(administrator: User) -> None:
    from putright.complaints.history import verify_all_chains

    import_file(upload(), actor=administrator)
    result = verify_all_chains()
    assert result.complaints == 6 and not result.breaks


def test_a_mapping_or_file_that_cannot_be_used_is_refused_whole(tmp_path: Path) -> None:
    from putright.imports.mapping import MappingError
    from putright.imports.reading import FileProblem
    from putright.imports.services import Upload

    base = upload()
    bad_mapping = Upload(base.source_name, base.content, "m.toml", '[columns]\nreference = "Case ref"\n')
    with pytest.raises(MappingError, match="resident_name, received_on, summary"):
        plan_upload(bad_mapping)
    unknown = Upload(base.source_name, base.content, "m.toml", base.mapping_text + '\n[other]\nx = "y"\n')
    with pytest.raises(MappingError, match="unknown table"):
        plan_upload(unknown)
    missing_column = Upload(
        base.source_name, base.content, "m.toml", base.mapping_text.replace('"Tenant"', '"Tenant name"')
    )
    with pytest.raises(FileProblem, match="no column for resident_name"):
        plan_upload(missing_column)
    with pytest.raises(FileProblem, match="cannot be opened"):
        plan_upload(Upload("x.xlsx", b"not a workbook", "m.toml", base.mapping_text))
    assert not ImportRun.objects.exists() and not Complaint.objects.exists()


def test_the_command_line_dry_run_then_import(
    administrator: User, capsys: pytest.CaptureFixture[str]
) -> None:
    from putright.cli import main

    args = ["import", "complaints", str(CSV_FILE), "--mapping", str(FIXTURES / "mapping.toml")]
    assert main([*args, "--dry-run"]) == 1  # some rows have problems
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == expected_report(timezone.localdate())
    assert out[-1] == (
        "messy_complaints.csv: 18 rows; would create 6; nothing to do for 1; 11 with problems "
        "(dry run: nothing imported)"
    )
    assert not Complaint.objects.exists()
    assert main(args) == 2  # who runs it must be said
    assert "--by USERNAME" in capsys.readouterr().err
    User.objects.create_user("olu", role="complaints_officer")
    assert main([*args, "--by", "olu"]) == 2  # only administrators import
    assert "only administrators" in capsys.readouterr().err
    assert main([*args, "--by", "ann.admin"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "messy_complaints.csv: 18 rows; created 6; nothing to do for 1; 11 with problems"
    )
    assert Complaint.objects.count() == 6
    assert main([*args[:2], "missing.csv", *args[3:], "--dry-run"]) == 2


def test_the_api_timeline_says_which_steps_were_imported(client: Client, administrator: User) -> None:
    from putright.accounts.services import create_api_token

    import_file(upload(), actor=administrator)
    reference = ImportedRow.objects.get(key="HX-1002").complaint.reference
    token, _ = create_api_token(user=administrator, name="tests")
    body = client.get(f"/api/v1/complaints/{reference}", headers={"Authorization": f"Bearer {token}"}).json()
    assert [entry["imported_from"] for entry in body["timeline"]] == ["messy_complaints.csv row 3"] * 3
    assert body["timeline"][-1]["data"]["communication"]["method"] == "imported"


def test_the_bulk_written_projections_are_what_rebuilding_them_from_the_events_gives(
    administrator: User,
) -> None:
    from putright.complaints.services import rebuild_projections

    import_file(upload(), actor=administrator)

    def snapshot() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        fields = [*Complaint.PROJECTED_FIELDS, "reference", "edition", "received_on", "channel"]
        complaints = list(Complaint.objects.order_by("pk").values(*fields))
        stages = list(
            Stage.objects.order_by("complaint", "number").values(
                *[f.name for f in Stage._meta.fields if f.name != "id"]
            )
        )
        return complaints, stages

    written = snapshot()
    assert rebuild_projections() == 6
    assert snapshot() == written


def test_hostile_cells_are_problems_in_the_report_not_crashes() -> None:
    from putright.imports.services import Upload

    mapping = (FIXTURES / "mapping.toml").read_text()
    header = CSV_FILE.read_text().splitlines()[0]
    rows = [
        header,
        "R" * 201 + ",Long Ref,,01/06/2024,Repairs,Phone,Text,,,,,,,,,,",
        'HX-2,Bad Mail,not-an-email,01/06/2024,Repairs,Phone,=HYPERLINK("http://x"),,,,,,,,,,',
        "HX-3,<script>alert(1)</script>,,01/06/2024,Repairs,Phone,Fine,,,,,,,,,,",
    ]
    content = ("\n".join(rows) + "\n").encode()
    run = check_file(Upload("hostile.csv", content, "mapping.toml", mapping), actor=None)
    lines = report(run)
    assert lines[0].endswith("NOT IMPORTED: reference is longer than 200 characters")
    assert lines[1] == "row 3 (HX-2): NOT IMPORTED: the resident's email is not an email address"
    assert "not-an-email" not in str(run.report), "a resident's details are not kept in the report"
    assert lines[2].startswith("row 4 (HX-3): would create an open stage 1 complaint")


def test_two_imports_of_the_same_rows_at_once_create_them_once(
    administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from putright.imports import services

    import_file(upload(), actor=administrator)
    complaints, events = Complaint.objects.count(), ComplaintEvent.objects.count()
    # the second run checked the file before the first one's rows were written
    checked_before = services._context
    monkeypatch.setattr(
        services, "_context", lambda source: dataclasses.replace(checked_before(source), imported={})
    )
    again = import_file(upload(), actor=administrator)
    assert again.created == 0 and again.with_problems == 13 + 4
    assert "imported by another run at the same time: run the file again" in report(again)[0]
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (complaints, events)


def _with_references(tmp_path: Path, *changes: tuple[str, str]) -> Upload:
    """The messy fixture with some of its references rewritten (old, new), as a spreadsheet or a
    person changing their case would."""
    text = CSV_FILE.read_text()
    for old, new in changes:
        text = text.replace(old, new)
    path = tmp_path / "recased.csv"
    path.write_text(text)
    return upload(path)


def test_re_running_the_file_with_references_in_another_case_creates_nothing_twice(
    administrator: User, tmp_path: Path
) -> None:
    import_file(upload(), actor=administrator)
    complaints, events = Complaint.objects.count(), ComplaintEvent.objects.count()
    again = import_file(
        _with_references(tmp_path, ("HX-1001", "hx-1001"), ("HX-1002", "Hx-1002")), actor=administrator
    )
    assert again.created == 0 and again.already_imported == 7
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (complaints, events)
    reference = ImportedRow.objects.get(key="HX-1001").complaint.reference
    assert f"row 2 (hx-1001): nothing to do: already imported as {reference}" in report(again)


def test_the_same_reference_in_another_case_in_one_file_is_the_same_complaint(tmp_path: Path) -> None:
    lines = CSV_FILE.read_text().splitlines(keepends=True)
    assert lines[10].startswith("HX-1001,") and lines[12].startswith("HX-1010,")
    lines[10] = "hx-1001," + lines[10][len("HX-1001,") :]  # row 11 repeats row 2 exactly, recased
    lines[12] = "Hx-1010," + lines[12][len("HX-1010,") :]  # row 13 differs from row 12, recased
    path = tmp_path / "recased.csv"
    path.write_text("".join(lines))
    got = report(check_file(upload(path), actor=None))
    assert (
        got[9]
        == "row 11 (hx-1001): nothing to do: repeats row 2 exactly (reference hx-1001, written HX-1001 there)"
    )
    assert got[10] == (
        "row 12 (HX-1010): NOT IMPORTED: duplicate: reference HX-1010 is on rows 12, 13 with different "
        "details (references are read without regard to case)"
    )
    assert got[11].startswith(
        "row 13 (Hx-1010): NOT IMPORTED: duplicate: reference Hx-1010 is on rows 12, 13"
    )
