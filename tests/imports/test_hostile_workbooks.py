"""A hostile workbook: a few kilobytes declaring a cell far down and to the right. openpyxl fills
every row up to it, as wide as the sheet; read whole, a 5 KB file took gigabytes (a full-size one,
1,048,576 rows by 16,384 columns, would stop the server). Only the header's width is read and
blank rows are dropped as they come."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from openpyxl import Workbook

from putright.imports.reading import FileProblem, read_table


def test_a_small_workbook_declaring_a_far_cell_is_read_in_little_memory() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.cell(row=1, column=1, value="Case ref")
    sheet.cell(row=1, column=2000, value="Tenant")
    sheet.cell(row=2, column=1, value="HX-1")
    sheet.cell(row=20_000, column=1, value="HX-2")
    content = io.BytesIO()
    book.save(content)
    assert len(content.getvalue()) < 10_000

    tracemalloc.start()
    try:
        table = read_table("hostile.xlsx", content.getvalue())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert table.headers == ["Case ref", "Tenant"]
    assert [(r.number, r.cells["Case ref"]) for r in table.rows] == [(2, "HX-1"), (20_000, "HX-2")]
    assert peak < 40 * 1024 * 1024, (
        f"{peak / 1024 / 1024:.0f} MB to read a {len(content.getvalue())} byte file"
    )


def test_a_csv_the_csv_module_refuses_is_a_file_problem_not_a_crash() -> None:
    hostile = b"Case ref,Tenant\nHX-1," + b"a" * 200_000 + b"\n"
    with pytest.raises(FileProblem, match=r"huge\.csv cannot be read as CSV: field larger than field limit"):
        read_table("huge.csv", hostile)
