"""The governance pages, reports and exports, opened and read back."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from django.test import Client
from governance.test_2024_8_2_h189_the_governing_body_is_told_of_the_report_on_or_after_the_day_it_was_made import (
    produced_on,
)

from putright.governance.measures import Period
from putright.governance.models import AnnualReport


@pytest.fixture
def year_of_complaints(journey):  # type: ignore[no-untyped-def]
    d = date
    return [
        journey(d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18), category="Repairs", area="North"),
        journey(
            d(2025, 6, 2),
            ack=d(2025, 6, 10),
            respond=d(2025, 6, 30),
            category="Repairs",
            area="South",
            outcome="upheld",
        ),
        journey(
            d(2025, 7, 1),
            ack=d(2025, 7, 2),
            remedy=(d(2025, 7, 3), 2000, d(2025, 7, 10), d(2025, 7, 9)),
            respond=d(2025, 7, 4),
            escalate=d(2025, 7, 7),
            ack2=d(2025, 7, 15),
            respond2=d(2025, 8, 20),
            category="Damp and mould",
        ),
        journey(d(2025, 8, 4), decline=d(2025, 8, 5), ground="legal_proceedings"),
    ]


@pytest.fixture
def signed_in(client: Client, officer) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


YEAR = "from=2025-04-01&to=2026-03-31"


def test_2024_9_7_dashboard_shows_figures_charts_and_links(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    page = signed_in.get(f"/governance/?{YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<title id=" in html
    assert "/governance/complaints/?measure=s1_resp" in html
    assert "Stage 1 complaints received" in html


def test_every_dashboard_figure_link_opens_its_complaints(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    import re

    html = signed_in.get(f"/governance/?{YEAR}").content.decode()
    links = set(re.findall(r'href="(/governance/complaints/\?[^"]+)"', html))
    assert len(links) > 20
    for link in links:
        response = signed_in.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link


def test_complaint_list_counts_the_late_stage_1_response(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    page = signed_in.get(f"/governance/complaints/?measure=s1_resp&part=missed&{YEAR}")
    html = page.content.decode()
    assert year_of_complaints[1].reference in html
    assert year_of_complaints[0].reference not in html


def test_complaint_list_refuses_bad_input(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    assert signed_in.get(f"/governance/complaints/?measure=nope&{YEAR}").status_code == 400
    assert (
        signed_in.get("/governance/complaints/?measure=s1_resp&from=2025-04-01&to=2024-01-01").status_code
        == 400
    )
    assert signed_in.get(f"/governance/complaints/?measure=s1_resp&part=sideways&{YEAR}").status_code == 400


def test_dashboard_as_at_a_past_day(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    page = signed_in.get(f"/governance/?{YEAR}&as_at=2025-06-30")
    assert page.status_code == 200
    assert "as at 30 June 2025" in page.content.decode()


def test_dashboard_needs_sign_in(client, year_of_complaints):  # type: ignore[no-untyped-def]
    assert client.get("/governance/").status_code == 302


def test_tsm_page(signed_in, year_of_complaints):  # type: ignore[no-untyped-def]
    html = signed_in.get("/governance/tsm/?year=2025").content.decode()
    assert "CH01 (1)" in html and "CH02 (2)" in html
    assert signed_in.get("/governance/tsm/?year=abc").status_code == 400


def _pdf_text(body: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_2024_9_7_mrc_quarterly_report_pdf_and_docx(signed_in, year_of_complaints, tmp_path):  # type: ignore[no-untyped-def]
    from docx import Document

    response = signed_in.get("/governance/reports/mrc/2025/q1.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "Member Responsible for Complaints" in text
    assert "Stage 1 complaints received" in text
    docx = Document(io.BytesIO(signed_in.get("/governance/reports/mrc/2025/q1.docx").content))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "Performance against the Code's timescales (2024 9.7 a)" in body
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "Stage 1 complaints received" in cells
    # the run is recorded with its as-at, for re-running
    from putright.governance.models import ReportRun

    assert ReportRun.objects.filter(kind="mrc_quarterly").count() == 2


def test_2024_9_7_the_mrc_reports_word_document_has_every_section_of_the_pdf(  # type: ignore[no-untyped-def]
    signed_in, officer, year_of_complaints, tmp_path
):
    """The MRC and the governing body (2024 9.6, 9.7) read the same report whichever format they take:
    the exceptional circumstances that affect the figures (8.5), the extensions and remedies, the
    complaints refused, the senior lead's review in full (9.4) and the figures behind each chart."""
    from docx import Document

    from putright.governance import services
    from putright.governance.measures import (
        EXTRA_MEASURES,
        OMBUDSMAN_FIGURES,
        WITH_THE_MONEY,
        WITH_THE_OMBUDSMAN_SUMMARY,
    )

    services.record_exceptional_circumstance(
        actor=officer,
        title="Cyber incident",
        description="Systems down",
        started_on=date(2025, 6, 1),
        ended_on=date(2025, 6, 20),
        return_to_compliance_by=date(2025, 7, 1),
        ombudsman_informed_on=date(2025, 6, 2),
        told_ombudsman="Told by email on 2 June",
        residents_informed_on=date(2025, 6, 3),
        told_residents="Letters sent",
    )
    services.record_systemic_review(
        reviewer=officer,
        reviewed_on=date(2025, 6, 27),
        period_from=date(2025, 4, 1),
        period_to=date(2025, 6, 27),
        findings="Damp complaints doubled.",
        systemic_issues="Surveys booked late",
        serious_risks="Children with asthma",
        policies_to_revise="Damp and mould policy",
    )
    document = Document(io.BytesIO(signed_in.get("/governance/reports/mrc/2025/q1.docx").content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    docx = " ".join([p.text for p in document.paragraphs] + cells)
    pdf = " ".join(_pdf_text(signed_in.get("/governance/reports/mrc/2025/q1.pdf").content, tmp_path).split())
    shown_with_the_remedies = [
        label
        for key, (label, _) in EXTRA_MEASURES.items()
        if key not in OMBUDSMAN_FIGURES + WITH_THE_MONEY + WITH_THE_OMBUDSMAN_SUMMARY
    ]
    for said in [
        "For the Member Responsible for Complaints and the governing body (2024 9.6, 9.7 a-c)",
        "Exceptional circumstances (2024 8.5): Cyber incident, from 1 June 2025 to 20 June 2025.",
        "Figures in this period are affected.",
        "Extensions and remedies",
        "Compensation agreed",
        "Complaints we refused to accept",
        "Senior lead's review, 27 June 2025 (2024 9.4)",
        "Systemic issues: Surveys booked late",
        "Serious risks: Children with asthma",
        "Policies to revise: Damp and mould policy",
        "The annual complaints performance and service improvement report (9.7 d) is produced each year",
        *shown_with_the_remedies,
    ]:
        assert said in pdf, said
        assert said in docx, said
    assert shown_with_the_remedies
    # the chart of complaints received each month, as its figures
    assert "Complaints received each month" in docx and "Jun 25" in cells


@pytest.mark.parametrize(
    ("year", "said"),
    [
        ("next", "has not begun yet"),
        ("99999999999999999999", "Choose a reporting year"),
        ("twenty", "Choose a reporting year"),
        ("-1", "Choose a reporting year"),
        # year 1 (1 April 0001) has no record behind it either: every other year asked for on these
        # pages (self-assessment, homes owned, TSM) starts at 2018 (2024 8.1, helper-174)
        ("1", "Choose a reporting year from 2018"),
        ("2017", "Choose a reporting year from 2018"),
    ],
)
def test_2024_8_1_an_annual_report_for_no_year_is_refused_and_the_analysis_is_kept(  # type: ignore[no-untyped-def]
    signed_in, year, said
):
    """A year that has not begun has no record behind it (its report would be all noughts); a number
    no calendar holds was a 500. Either way nothing is produced and the analysis typed comes back."""
    from django.utils import timezone

    from putright.governance.measures import reporting_year_of
    from putright.governance.models import AnnualReport

    if year == "next":
        year = str(reporting_year_of(timezone.localdate()) + 1)
    analysis = "Damp and mould drove most complaints.\nRepairs came second."
    response = signed_in.post("/governance/reports/", {"year": year, "analysis": analysis})
    assert response.status_code == 422  # refused on the page, as every governance form is
    html = response.content.decode()
    # on the year's field, and in the error summary linked to it, not in a banner
    assert '<p id="annual-year-error" class="govuk-error-message">' in html
    assert re.search(r'<a href="#annual-year">[^<]*' + re.escape(said), html)
    assert re.search(r'aria-describedby="[^"]*annual-year-error"', html)
    assert f'value="{year}"' in html and "Repairs came second." in html
    assert not AnnualReport.objects.exists()


def test_2024_8_1_annual_report_page_pdf_and_publication(signed_in, year_of_complaints, tmp_path):  # type: ignore[no-untyped-def]
    response = signed_in.post(
        "/governance/reports/", {"year": "2025", "analysis": "Damp and mould drove most complaints."}
    )
    assert response.status_code == 302
    page = signed_in.get("/governance/reports/annual/2025/")
    html = page.content.decode()
    assert "Annual complaints performance and service improvement report 2025/26" in html
    assert "Complaints we refused to accept" in html and "Legal proceedings" in html
    text = _pdf_text(signed_in.get("/governance/reports/annual/2025/?format=pdf").content, tmp_path)
    assert "Damp and mould drove most complaints." in text
    assert "Tenant Satisfaction Measures" in text
    # not public until the governing body's response is recorded and it is published (8.2)
    anonymous = Client()
    assert anonymous.get("/published/annual-report/2025/").status_code == 404
    # made (its run) before the meeting it was reported to (2024 8.2)
    produced_on(AnnualReport.objects.get(year=2025), date(2026, 5, 1))
    signed_in.post(
        "/governance/reports/annual/2025/",
        {"reported_on": "2026-05-20", "response": "The Board accepts the report.", "publish": "1"},
    )
    public = anonymous.get("/published/annual-report/2025/")
    assert public.status_code == 200 and "The Board accepts the report." in public.content.decode()


def test_period_quarters():
    assert Period.quarter(2025, 4) == Period(date(2026, 1, 1), date(2026, 3, 31))
    with pytest.raises(ValueError):
        Period.quarter(2025, 5)
