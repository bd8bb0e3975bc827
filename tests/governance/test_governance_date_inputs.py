"""Governance dates use the GOV.UK date input (day, month and year boxes), with GOV.UK errors and
dates written "2 December 2026": the period and as-at day of the dashboard and learning register,
and the day the annual report went to the governing body (2024 8.2). No page uses the browser's
date picker."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from governance.test_2024_8_2_h189_the_governing_body_is_told_of_the_report_on_or_after_the_day_it_was_made import (
    produced_on,
)

from putright.governance.models import AnnualReport

ROOT = Path(__file__).resolve().parents[2] / "putright"


def test_no_template_or_form_uses_the_browsers_date_picker() -> None:
    found = []
    for path in [*ROOT.rglob("*.html"), *ROOT.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"""type=["']date["']|forms\.DateInput\b|"type": "date\"""", text):
            found.append(str(path.relative_to(ROOT)))
    assert not found, found


def test_the_period_is_typed_in_day_month_and_year_boxes(journey, signed_in_officer):  # type: ignore[no-untyped-def]
    journey(date(2025, 6, 2), ack=date(2025, 6, 4))
    page = signed_in_officer.get("/governance/").content.decode()
    for name in ("from", "to", "as_at"):
        for part in ("day", "month", "year"):
            assert f'name="{name}-{part}"' in page
    assert 'type="date"' not in page
    typed = signed_in_officer.get(
        "/governance/",
        {
            "from-day": "1",
            "from-month": "6",
            "from-year": "2025",
            "to-day": "30",
            "to-month": "6",
            "to-year": "2025",
        },
    ).content.decode()
    assert "1 June 2025 to 30 June 2025" in typed  # the period the boxes asked for
    assert 'value="30"' in typed  # the boxes keep what was typed
    # links and scripts keep using ISO dates
    assert (
        signed_in_officer.get("/governance/", {"from": "2025-06-01", "to": "2025-06-30"}).status_code == 200
    )


def test_period_errors_are_in_govuk_style_and_keep_what_was_typed(journey, signed_in_officer):  # type: ignore[no-untyped-def]
    journey(date(2025, 6, 2), ack=date(2025, 6, 4))
    page = signed_in_officer.get(
        "/governance/learning/",
        {
            "from-day": "31",
            "from-month": "2",
            "from-year": "2025",
            "to-day": "",
            "to-month": "6",
            "to-year": "2025",
        },
    ).content.decode()
    assert "Start date must be a real date" in page
    assert "End date must include a day" in page
    assert 'href="#id_from"' in page  # the error summary links to the day box
    assert 'value="31"' in page
    missing = signed_in_officer.get("/governance/", {"from": "2025-06-01"}).content.decode()
    assert "Enter the end date" in missing
    backwards = signed_in_officer.get(
        "/governance/", {"from": "2025-06-30", "to": "2025-06-01"}
    ).content.decode()
    assert "The period must end on or after the day it starts" in backwards


def test_2024_8_2_governing_body_response_date_in_the_date_input(signed_in_officer, officer):  # type: ignore[no-untyped-def]
    signed_in_officer.post(
        "/governance/reports/", {"year": "2025", "analysis": "Damp drove most complaints."}
    )
    # made (its run) before the meeting it is reported to below (2024 8.2)
    report = produced_on(AnnualReport.objects.get(year=2025), date(2026, 5, 1))
    url = f"/governance/reports/annual/{report.year}/"
    page = signed_in_officer.get(url).content.decode()
    assert 'name="reported_on-day"' in page and 'type="date"' not in page
    bad = signed_in_officer.post(
        url,
        {
            "reported_on-day": "30",
            "reported_on-month": "2",
            "reported_on-year": "2026",
            "response": "The Board accepts the report.",
            "publish": "on",
        },
    )
    html = bad.content.decode()
    # refused on its field at 422, as every governance form (7bf5627)
    assert bad.status_code == 422 and "Date reported to the governing body must be a real date" in html
    assert "The Board accepts the report." in html  # nothing typed is lost
    report.refresh_from_db()
    assert not report.published and report.reported_to_governing_body_on is None
    missing = signed_in_officer.post(url, {"response": "The Board accepts the report."}).content.decode()
    assert "Enter the date reported to the governing body" in missing
    ok = signed_in_officer.post(
        url,
        {
            "reported_on-day": "20",
            "reported_on-month": "5",
            "reported_on-year": "2026",
            "response": "The Board accepts the report.",
            "publish": "on",
        },
    )
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.reported_to_governing_body_on == date(2026, 5, 20) and report.published
