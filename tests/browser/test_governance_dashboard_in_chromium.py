"""The performance dashboard and TSM in Chromium: charts with their data, every figure a link, and
zero axe-core WCAG 2.2 AA violations (2024 9.6, 9.7)."""

from __future__ import annotations

from datetime import date
from typing import Any

from browser.conftest import assert_accessible, sign_in
from governance.journeys import journey_maker
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints.models import Landlord

PASSWORD = "governance-pass-2026"


def build(db: Any) -> User:
    officer = User.objects.create_user(
        "mrc",
        password=PASSWORD,
        first_name="Mo",
        last_name="Chair",
        role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS,
    )
    h1 = User.objects.create_user("h1", first_name="Hana", last_name="One")
    h2 = User.objects.create_user("h2", first_name="Hugo", last_name="Two")
    landlord = Landlord.load()
    landlord.homes = 1200
    landlord.save()
    journey = journey_maker(officer, h1, h2)
    d = date
    journey(d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18), category="Repairs", area="North")
    journey(
        d(2025, 6, 2),
        ack=d(2025, 6, 10),
        respond=d(2025, 6, 30),
        category="Damp and mould",
        area="East",
        outcome="upheld",
    )
    journey(
        d(2025, 7, 1),
        ack=d(2025, 7, 2),
        remedy=(d(2025, 7, 3), 2500, d(2025, 7, 10), d(2025, 7, 9)),
        respond=d(2025, 7, 4),
        escalate=d(2025, 7, 7),
        ack2=d(2025, 7, 15),
        respond2=d(2025, 8, 20),
        category="Damp and mould",
        area="East",
    )
    journey(d(2025, 8, 4), decline=d(2025, 8, 5), ground="legal_proceedings")
    return officer


def test_dashboard_is_accessible_and_every_figure_opens_its_complaints(page: Page, db: Any) -> None:
    build(db)
    sign_in(page, "mrc", PASSWORD)
    page.goto("/governance/?from=2025-04-01&to=2026-03-31")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint handling performance")
    expect(page.get_by_role("img", name="Complaints received each month")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Complaints received each month: the data").click()
    assert_accessible(page)
    page.locator("a[href*='measure=s1_resp'][href*='part=missed']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("late")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_dashboard_period_errors_are_shown_accessibly(page: Page, db: Any) -> None:
    build(db)
    sign_in(page, "mrc", PASSWORD)
    page.goto("/governance/?from=2025-04-01&to=2024-01-01")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The period must end on or after the day it starts"
    )
    assert_accessible(page)


def test_tsm_page_is_accessible(page: Page, db: Any) -> None:
    build(db)
    sign_in(page, "mrc", PASSWORD)
    page.goto("/governance/tsm/?year=2025")
    expect(page.locator("table")).to_contain_text("CH02 (1)")
    assert_accessible(page)


def test_dashboard_period_typed_in_the_date_input_and_figures_downloaded(page: Page, db: Any) -> None:
    """The GOV.UK date input for the period (no browser date picker), a real date error, and the
    figures on screen downloaded as Excel in one click, read back (issue 15 items 4 and 6)."""
    import io
    import re

    from browser.conftest import fill_date
    from openpyxl import load_workbook

    build(db)
    sign_in(page, "mrc", PASSWORD)
    page.goto("/governance/")
    assert page.locator("input[type='date']").count() == 0
    fill_date(page, "^Start date", date(2025, 6, 1))
    fill_date(page, "^End date", date(2025, 6, 30))
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("1 June 2025 to 30 June 2025")
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^End date")).get_by_label("Day").fill("31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("End date must be a real date")
    expect(page.get_by_role("group", name=re.compile("^End date")).get_by_label("Day")).to_have_value("31")
    assert_accessible(page)

    page.goto("/governance/?from=2025-06-01&to=2025-06-30")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Excel")).click()
    saved = download.value
    assert saved.suggested_filename.startswith("complaint-handling-performance-")
    path = saved.path()
    assert path is not None
    book = load_workbook(io.BytesIO(path.read_bytes()))
    volumes = [list(r) for r in book["Volumes (9.7 a)"].iter_rows(values_only=True)]
    received = next(r for r in volumes if str(r[0]).lower().startswith("stage 1 complaints received"))
    assert received[1] == 2  # the two received in June 2025


def test_2024_8_1_e_f_a_refused_publication_upload_is_shown_accessibly_with_what_was_typed(
    page: Page, db: Any
) -> None:
    """Found in a walk: the upload came back empty, its problems in a banner of field names."""
    build(db)
    sign_in(page, "mrc", PASSWORD)
    page.goto("/governance/reports/")
    expect(page.get_by_label("Kind of publication")).to_have_value("")
    page.get_by_label("Title").fill("Ombudsman annual letter 2025")
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Upload").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the kind of publication")
    expect(summary).to_contain_text("Enter the date the Ombudsman published it")
    expect(summary).to_contain_text("Choose the publication's file")
    expect(page.get_by_label("Title")).to_have_value("Ombudsman annual letter 2025")
    expect(page.locator("#id_year")).to_have_value("2025")
    assert_accessible(page)
    summary.get_by_role("link", name="Select the kind of publication").click()
    expect(page.get_by_label("Kind of publication")).to_be_focused()
