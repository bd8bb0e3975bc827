"""Exports (2024 9.7 a: the MRC and the governing body "must receive" the regular reports, and the
spreadsheet of a page is what they are given). A cell's blocks export as entries separated by "; ";
but a block laid out on its own line read "Failed ; Email failed" (the space before it kept), and
the oversight page's form to record a report received, in its own cell, exported as data: "Received
by ; Member Responsible for Complaints ; Governing body ; Received on ; For example, 27 3 2026 ;
Day ; Month ; Year ; ...", a form's labels, not a record of anything received."""

from __future__ import annotations

import pytest
from governance.test_2024_9_7_a_report_is_received_on_or_after_the_day_it_was_made import _made_today
from governance.test_governance_exports import _csv

from putright.governance.measures import Period
from putright.web.exports import tables_in


def test_2024_9_7_a_a_cells_entries_on_their_own_lines_are_separated_without_a_space_before() -> None:
    (table,) = tables_in(
        "<main><table><tr><td>\n  <strong>Failed</strong>\n  <p>Email failed: no such mailbox</p>\n"
        "</td><td>Warnings:<ul><li>one</li><li>two</li></ul></td></tr></table></main>"
    )
    assert table.rows == [["Failed; Email failed: no such mailbox", "Warnings: one; two"]]


@pytest.mark.django_db
def test_2024_9_7_a_the_oversight_export_gives_the_reports_received_not_the_form_to_record_one(
    signed_in_officer,
) -> None:  # type: ignore[no-untyped-def]
    _made_today(Period.quarter(2025, 2))
    rows = _csv(signed_in_officer.get("/governance/oversight/", {"export": "csv"}).content)
    report = next(row for row in rows if row and row[0].startswith("1 Jul 2025 to 30 Sep 2025"))
    assert report[1:3] == ["not recorded", "not recorded"]
    assert not any("Received by" in value or "Day" in value for value in report)
