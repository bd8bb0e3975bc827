"""2024 9.6, 9.7 (the MRC's report): the PDF's "Provision" column wrapped "2024 9.7 c" over two lines
("2024 9.7" then "c"), which reads as two things. A provision is printed on one line."""

from __future__ import annotations

import re

import pytest
from letters.conftest import pdf_text

from putright.governance import reports
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db


def test_2024_9_7_c_a_provision_in_the_mrc_report_pdf_is_printed_on_one_line(officer, landlord) -> None:  # type: ignore[no-untyped-def]
    period = Period.quarter(2025, 1)
    context = reports.mrc_context(Scope(period, AsAt.of(period.end).pinned()), officer)
    text = pdf_text(reports.pdf("governance/mrc_document.html", context))
    lines = text.splitlines()
    assert any("2024 9.7 c" in line for line in lines), "the Ombudsman's figures cite 2024 9.7 c"
    # no line ending in "2024 9.7" (or "9.7") whose item went on to the next line
    assert not any(re.search(r"\b9\.7\s*$", line) for line in lines)
    assert not any(re.fullmatch(r"\s*c\s*", line) for line in lines)
