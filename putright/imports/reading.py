"""Reading the rows of a CSV or XLSX file: the header row names the columns; each later row becomes
a ``SourceRow`` with its row number as the landlord sees it in a spreadsheet (the header is row 1)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any


class FileProblem(ValueError):
    """The file cannot be read as a table: said in one line, nothing imported."""


@dataclass(frozen=True)
class SourceRow:
    number: int
    cells: dict[str, Any]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[SourceRow]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(name: str, records: list[list[Any]]) -> Table:
    if not records:
        raise FileProblem(f"{name} is empty: the first row must name the columns")
    headers = [str(h).strip() if h is not None else "" for h in records[0]]
    named = [h for h in headers if h]
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise FileProblem(f"{name}: more than one column is called {', '.join(duplicates)}")
    rows = []
    for offset, record in enumerate(records[1:], start=2):
        if all(_blank(v) for v in record):
            continue  # an empty line is not a complaint
        cells = {h: (record[i] if i < len(record) else None) for i, h in enumerate(headers) if h}
        rows.append(SourceRow(number=offset, cells=cells))
    return Table(headers=named, rows=rows)


def _sheet_records(sheet: Any) -> list[Any]:
    """The sheet's rows, read only as wide as its header row (to its last named column) and with a
    blank row kept as an empty one: a few kilobytes of workbook can declare a cell far down and to
    the right, and openpyxl fills every row up to it, which read whole would take gigabytes."""
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    width = max((i + 1 for i, h in enumerate(header) if not _blank(h)), default=0)
    if not width:
        return []
    records: list[Any] = [list(header[:width])]
    gap: Any = None  # openpyxl yields one shared tuple for every row missing from the file
    for row in sheet.iter_rows(min_row=2, max_col=width, values_only=True):
        if row is not gap and row.count(None) == len(row):
            gap = row
        if row is gap or all(_blank(v) for v in row):
            records.append(())
        else:
            records.append(list(row))
    return records


def read_table(name: str, content: bytes) -> Table:
    """The header and rows of ``content``; ``name`` says CSV (``.csv``) or XLSX (``.xlsx``)."""
    lowered = name.lower()
    if lowered.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            records = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as error:  # e.g. a cell longer than the csv module's limit (131,072)
            raise FileProblem(f"{name} cannot be read as CSV: {error}") from None
        return _table(name, records)
    if lowered.endswith(".xlsx"):
        try:
            # openpyxl is imported here, not at start-up: every web worker imports this module (the
            # workspace's import page) and openpyxl costs each of them about 10 MB it rarely uses
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
            raise FileProblem(
                f"{name} cannot be opened as an Excel workbook ({type(error).__name__})"
            ) from None
        try:
            records = _sheet_records(book.worksheets[0])
        finally:
            book.close()
        return _table(name, records)
    raise FileProblem(f"{name}: a file to import is .csv or .xlsx")
