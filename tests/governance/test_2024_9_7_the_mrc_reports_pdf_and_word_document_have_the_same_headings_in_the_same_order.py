"""The MRC and the governing body read the same report whichever format they take (2024 9.6, 9.7):
the quarterly report's PDF and its Word document give the same section headings in the same order,
both taken from ``reports.MRC_HEADINGS``. Read back from the real files: the headings of the Word
document by their styles (python-docx), and the PDF's text (pypdf) holding the headings of the
page it is printed from, in that order."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from docx import Document
from governance.test_governance_pages import year_of_complaints  # noqa: F401
from pypdf import PdfReader

from putright.governance import reports, services
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db


class _Headings(HTMLParser):
    """The text of every h1-h6, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._in = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.found[-1] += data


def _words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _docx_headings(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    return [
        _words(p.text)
        for p in document.paragraphs
        if p.style is not None and (p.style.name == "Title" or p.style.name.startswith("Heading"))
    ]


@pytest.fixture
def context(officer, year_of_complaints):  # type: ignore[no-untyped-def]  # noqa: F811
    services.record_systemic_review(
        reviewer=officer,
        reviewed_on=date(2025, 6, 27),
        period_from=date(2025, 4, 1),
        period_to=date(2025, 6, 27),
        findings="Damp complaints doubled.",
    )
    period = Period.quarter(2025, 1)
    return reports.mrc_context(Scope(period, AsAt.of(period.end).pinned()), officer)


def test_2024_9_7_the_mrc_reports_pdf_and_word_document_have_the_same_headings_in_the_same_order(
    context,  # type: ignore[no-untyped-def]
) -> None:
    expected = [
        context["title"],
        "Volumes, categories and outcomes (2024 9.7 a)",
        "Performance against the Code's timescales (2024 9.7 a)",
        "Extensions and remedies",
        "Categories",
        "Outcomes",
        "Complaints we refused to accept",
        "Issues and trends (2024 9.7 b)",
        "Senior lead's review, 27 June 2025 (2024 9.4)",
        "The Ombudsman (2024 9.7 c)",
        "Service improvements (2024 9.3, 9.7 b)",
    ]
    assert _docx_headings(reports.mrc_docx(context)) == expected
    page = _Headings()
    page.feed(render_to_string("governance/mrc_document.html", {**context, "for_pdf": True}))
    assert [_words(h) for h in page.found] == expected, "the page the PDF is printed from"
    pdf = _words(
        " ".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(reports.pdf("governance/mrc_document.html", context))).pages
        )
    )
    at = 0
    for heading in expected:
        found = pdf.find(heading, at)
        assert found >= 0, f"{heading!r} missing from the PDF, or out of order"
        at = found + len(heading)


def test_every_section_of_the_mrc_report_comes_from_the_one_list(context) -> None:  # type: ignore[no-untyped-def]
    """A heading reworded in the list is reworded in both formats: neither keeps words of its own."""
    headings = {
        h.key: reports.Heading(h.key, f"Part {i}", h.level) for i, h in enumerate(reports.MRC_HEADINGS)
    }
    reworded = {**context, "headings": headings}
    in_docx = [h for h in _docx_headings(reports.mrc_docx(reworded)) if h.startswith("Part ")]
    page = _Headings()
    page.feed(render_to_string("governance/mrc_document.html", reworded))
    in_pdf = [_words(h) for h in page.found if h.startswith("Part ")]
    assert in_docx == in_pdf == [f"Part {i}" for i in range(len(reports.MRC_HEADINGS))]
