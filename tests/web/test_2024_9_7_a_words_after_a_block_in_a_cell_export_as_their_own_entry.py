"""Exports (2024 9.7 a: the reports the MRC and the governing body receive are also given as
spreadsheets). A cell's blocks export as entries separated by "; " ("Failed; Email failed"), but the
words after a block closed inside a cell were glued to the block's last word: "<p>a</p>tail text"
read "atail text", a folded history "<summary>History</summary>Sent 1 May" read "HistorySent 1 May",
and a summary list's value separated none of its blocks ("2<ul><li>...": "2Too long"). Read back from
the real CSV and XLSX files."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from putright.web.exports import tables_in, to_csv, to_xlsx

CELLS = [
    ("<p>a</p>tail text", "a; tail text"),
    ("<ul><li>x</li></ul> and more", "x; and more"),
    ("lead<p>a</p>tail", "lead; a; tail"),
    ("<details><summary>History</summary>Sent 1 May</details> then", "History; Sent 1 May; then"),
    ("<p>Note:</p>tail", "Note: tail"),
    ("<div>a</div>\n  <div>b</div>\n", "a; b"),  # a block's end and the next block's start: one separator
    ("<p>a</p>", "a"),  # nothing after the block: no separator left dangling
]

PAGE = (
    "<main><h2>Cells</h2><table><thead><tr><th>Cell</th><th>Next</th></tr></thead><tbody>"
    + "".join(f"<tr><td>{html}</td><td>next</td></tr>" for html, _ in CELLS)
    + "</tbody></table>"
    '<h2>Checks</h2><dl class="govuk-summary-list">'
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Long sentences</dt>'
    '<dd class="govuk-summary-list__value">2<ul><li>Too long</li><li>Also long</li></ul>checked</dd></div>'
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Jargon</dt>'
    '<dd class="govuk-summary-list__value">None</dd></div></dl></main>'
)

EXPECTED_CELLS = [[said, "next"] for _, said in CELLS]
EXPECTED_CHECKS = [["Long sentences", "2; Too long; Also long; checked"], ["Jargon", "None"]]


def test_2024_9_7_a_words_after_a_block_in_a_cell_are_their_own_entry_in_the_csv() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(tables_in(PAGE)))))
    assert rows[:2] == [["Cells"], ["Cell", "Next"]]
    assert rows[2 : 2 + len(CELLS)] == EXPECTED_CELLS
    assert rows[-2:] == EXPECTED_CHECKS


@pytest.mark.parametrize(("sheet", "expected"), [("Cells", EXPECTED_CELLS), ("Checks", EXPECTED_CHECKS)])
def test_2024_9_7_a_words_after_a_block_in_a_cell_are_their_own_entry_in_the_xlsx(
    sheet: str, expected: list[list[str]]
) -> None:
    book = load_workbook(io.BytesIO(to_xlsx(tables_in(PAGE))))
    rows = [[str(v) for v in row] for row in book[sheet].iter_rows(min_row=2, values_only=True)]
    assert rows == expected
