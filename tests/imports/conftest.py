"""The messy fixture (tests/fixtures/imports/) as CSV, and the same rows as a real XLSX workbook with
date cells and Excel serial numbers, written with openpyxl."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel

from putright.accounts.models import Role, User
from putright.imports.dates import parse_date
from putright.imports.services import Upload

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
CSV_FILE = FIXTURES / "messy_complaints.csv"

#: the dry-run report of the messy fixture, line by line (today is after 2 December 2026)
EXPECTED_REPORT = [
    "row 2 (HX-1001): would create a closed stage 1 complaint (2024 Code), closed 20 May 2024: "
    "received 1 May 2024, stage 1 acknowledged 3 May 2024, stage 1 response 14 May 2024 (upheld)",
    "row 3 (HX-1002): would create an open stage 1 complaint (2024 Code); next Code deadline 19 March 2025 "
    "(2024 6.3): received 3 March 2025, stage 1 acknowledged 5 March 2025",
    "row 4 (HX-1003): would create a closed stage 2 complaint (2024 Code), closed 22 October 2024: "
    "received 2 September 2024, stage 1 acknowledged 4 September 2024, stage 1 response 16 September 2024 "
    "(partly upheld), stage 2 requested 20 September 2024, stage 2 acknowledged 25 September 2024, "
    "stage 2 response 21 October 2024 (not upheld)",
    "row 5 (HX-1004): NOT IMPORTED: resident's name is blank",
    "row 6 (HX-1005): NOT IMPORTED: unknown category 'Gardening' (add it in PutRight, or map it in [categories])",
    "row 7 (HX-1006): NOT IMPORTED: a stage 2 without a stage 1 response "
    "(2024 6.10: stage 2 follows the stage 1 response)",
    "row 8 (HX-1007): NOT IMPORTED: the stage 1 response (1 November 2024) is before the complaint was "
    "received (15 November 2024)",
    "row 9 (HX-1008): NOT IMPORTED: dates in the wrong order: stage 1 response (5 July 2024) is before "
    "stage 1 acknowledged (10 July 2024)",
    "row 10 (HX-1009): NOT IMPORTED: date received: '31/02/2024' is not a date PutRight can read (dates are "
    "read day first, as in the UK: 02/03/2024 is 2 March 2024); stage 1 acknowledged: '12/31/2024' is not "
    "a date PutRight can read (dates are read day first, as in the UK: 02/03/2024 is 2 March 2024)",
    "row 11 (HX-1001): nothing to do: repeats row 2 exactly (reference HX-1001)",
    "row 12 (HX-1010): NOT IMPORTED: duplicate: reference HX-1010 is on rows 12, 13 with different details",
    "row 13 (HX-1010): NOT IMPORTED: duplicate: reference HX-1010 is on rows 12, 13 with different details",
    "row 15 (HX-1011): NOT IMPORTED: date received is blank; summary is blank",
    "row 16 (HX-1012): would create an open stage 2 complaint (2024 Code): received 1 August 2024, stage 1 "
    "acknowledged 2 August 2024, stage 1 response 14 August 2024 (not upheld), stage 2 requested 15 August "
    "2024, stage 2 acknowledged 16 August 2024, stage 2 response 30 August 2024 (not upheld); WARNING: stage 2 "
    "considered by C Patel (name as imported, not linked to an account), who considered stage 1 (2024 6.13): "
    "imported as it happened; it will count against 6.13",
    "row 17 (HX-1013): would create an open stage 1 complaint (2024 Code): received 1 August 2024, "
    "stage 1 not acknowledged, stage 1 response 14 August 2024 (upheld); WARNING: stage 1 has a response "
    "but no acknowledgement date: imported as it happened, with no acknowledgement recorded; it will "
    "count against 6.2 as not acknowledged in time; its response is timed from the last day the "
    "acknowledgement was due (8 August 2024), so it was due by 22 August 2024 (6.3): answered 14 August "
    "2024, on or before it: it does not count against 6.3",
    "row 18 (HX-1014): NOT IMPORTED: unknown channel 'Carrier pigeon' (use one of online_form, email, "
    "telephone, in_person, letter, social_media, survey, staff, or map it in [channels])",
    "row 19 (HX-1015): would create a closed stage 1 complaint (2022 Code), closed 25 January 2024: "
    "received 10 January 2024, stage 1 acknowledged 12 January 2024, stage 1 response 24 January 2024 "
    "(not upheld)",
    "row 20 (HX-1016): NOT IMPORTED: the Code refuses it: 2024 5.12: a step cannot be dated in the future "
    "(1 January 2030; today is {today})",
]


def expected_report(today: date) -> list[str]:
    return [line.replace("{today}", f"{today.day} {today:%B %Y}") for line in EXPECTED_REPORT]


def upload(source: Path = CSV_FILE, mapping: str = "mapping.toml") -> Upload:
    return Upload(
        source_name=source.name,
        content=source.read_bytes(),
        mapping_name=mapping,
        mapping_text=(FIXTURES / mapping).read_text(),
    )


#: cells of the XLSX that become real date cells (datetime) and Excel serial numbers (numbers)
DATE_CELLS = {("HX-1001", "Date received"), ("HX-1003", "S2 response"), ("HX-1015", "Closed")}
SERIAL_CELLS = {("HX-1001", "S1 response"), ("HX-1002", "S1 acknowledged"), ("HX-1015", "Date received")}


def write_xlsx(path: Path) -> Path:
    """The fixture's rows as a workbook: most cells as text, the ones above as date cells and serial
    numbers, as a landlord's export would mix them. A row that repeats another exactly stays exact."""
    with CSV_FILE.open(newline="") as handle:
        records = list(csv.reader(handle))
    headers = records[0]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    written: dict[tuple[str, ...], list[object]] = {}
    for record in records[1:]:
        row: list[object] = []
        for header, value in zip(headers, record, strict=True):
            cell: object = value or None
            if (record[0], header) in DATE_CELLS | SERIAL_CELLS:
                on = parse_date(value)
                cell = datetime.combine(on, datetime.min.time()).replace(hour=9, minute=15)
                if (record[0], header) in SERIAL_CELLS:
                    cell = float(to_excel(on))
            row.append(cell)
        sheet.append(written.setdefault(tuple(record), row))
    book.save(path)
    return path


@pytest.fixture
def administrator(db: None) -> User:
    return User.objects.create_user(
        "ann.admin", first_name="Ann", last_name="Admin", role=Role.ADMINISTRATOR, password="x"
    )
