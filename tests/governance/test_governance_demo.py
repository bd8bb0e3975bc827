"""On the demo landlord (``putright demo``): the dashboard, TSM figures, an MRC quarterly report, a
self-assessment and an annual report are produced, opened and read back."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from putright.accounts.models import User
from putright.complaints.models import Landlord
from putright.demo.loader import load_demo
from putright.governance import services, submission
from putright.governance.measures import Period, reporting_year_of
from putright.governance.models import AnnualSubmission


@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    result = load_demo(homes=300, out=lambda line: None)
    assert result.loaded
    return result


def _pdf_text(body: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_governance_on_the_demo_landlord(demo, tmp_path):  # type: ignore[no-untyped-def]
    from docx import Document
    from openpyxl import load_workbook

    officer = User.objects.get(username="officer")
    client = Client()
    client.force_login(officer)
    today = timezone.localdate()
    year = reporting_year_of(today)
    last_year = year - 1

    # the dashboard, for the last twelve months' reporting years
    html = client.get(
        f"/governance/?from={Period.reporting_year(last_year).start}&to={today}"
    ).content.decode()
    received = int(
        re.search(
            r'putright-card__value">(\d+)</span><span class="putright-card__label">Stage 1 complaints received',
            html,
        ).group(1)
    )
    assert received > 10

    # TSM figures: numerator lists match the counts
    tsm = client.get(f"/governance/tsm/?year={last_year}").content.decode()
    assert "CH01 (1)" in tsm and "per 1,000 homes" in tsm

    # MRC quarterly report, PDF and DOCX
    text = _pdf_text(client.get(f"/governance/reports/mrc/{last_year}/q4.pdf").content, tmp_path)
    assert "Riverside Homes" in text and "Performance against the Code's timescales" in text
    doc = Document(io.BytesIO(client.get(f"/governance/reports/mrc/{last_year}/q4.docx").content))
    assert any("Member Responsible for Complaints" in p.text for p in doc.paragraphs)

    # self-assessment with evidence, exported
    assessment = services.start_self_assessment(actor=officer, year=last_year)
    entries = list(assessment.entries.all())
    assert {e.state for e in entries} <= {"compliance", "non_compliance", "cannot_show"}
    tested = [e for e in entries if e.evidence]
    assert len(tested) >= 30 and all(e.evidence["rule"] and e.evidence["period"] for e in tested)
    # compliance is never proposed from fewer cases than the minimum
    assert all(e.evidence["covered"] >= e.evidence["minimum"] for e in tested if e.state == "compliance")
    wb = load_workbook(
        io.BytesIO(client.get(f"/governance/self-assessment/{assessment.pk}/export.xlsx").content)
    )
    assert any(r[0] == "6.3" for r in wb.active.iter_rows(values_only=True))

    # the Ombudsman's annual submission pack for the demo landlord, with its due date
    for entry in assessment.entries.all():
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            policy_reference="Complaints policy",
            contradiction_explanation="Letters were issued outside PutRight before go-live."
            if entry.state == "non_compliance"
            else "",
        )
    services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=today, approved_by="Board, minute 4"
    )
    response = client.post(
        "/governance/submission/",
        {"assessment": assessment.pk, "complaints_policy_url": "https://riverside.example/complaints"},
    )
    assert response.status_code == 302
    pack = AnnualSubmission.objects.get(year=last_year)
    homes = Landlord.load().homes
    year_end = date(last_year + 1, 3, 31)
    assert pack.homes == homes and pack.due_on == submission.due_date(homes=homes, year_end=year_end)
    assert pack.due_on == date(last_year + 1, 9, 30)  # 31 March year end: both rules give 30 September
    page = client.get(f"/governance/submission/{pack.pk}/").content.decode()
    assert f"{pack.due_on:%-d %B %Y}" in page and "Riverside Homes" in page

    # annual report
    assert (
        client.post(
            "/governance/reports/", {"year": str(last_year), "analysis": "Repairs drove most complaints."}
        ).status_code
        == 302
    )
    text = _pdf_text(client.get(f"/governance/reports/annual/{last_year}/?format=pdf").content, tmp_path)
    assert "Annual complaints performance and service improvement report" in text
    assert "Complaints we refused to accept" in text
