"""The self-assessment in Chromium: the form with the records' evidence, an answer refused where the
records contradict without an explanation, and zero axe-core WCAG 2.2 AA violations (2024 8.1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from browser.conftest import assert_accessible, sign_in
from governance.journeys import journey_maker
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.governance import services

PASSWORD = "governance-pass-2026"


def test_self_assessment_pages_are_accessible_and_refuse_an_unexplained_yes(page: Page, db: Any) -> None:
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Officer", role=Role.COMPLAINTS_OFFICER
    )
    journey = journey_maker(officer, User.objects.create_user("h1"), User.objects.create_user("h2"))
    journey(date(2025, 6, 2), ack=date(2025, 6, 4), respond=date(2025, 6, 18))
    journey(date(2025, 6, 2), ack=date(2025, 6, 10), respond=date(2025, 6, 18))
    services.record_compliance_trigger(
        actor=officer, kind="procedure_change", on=date(2025, 9, 1), description="New complaints procedure"
    )
    sign_in(page, "olu", PASSWORD)
    page.goto("/governance/self-assessment/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A new self-assessment is due")
    assert_accessible(page)
    page.get_by_label("Reporting year").fill("2025")
    page.get_by_role("button", name="Start with the evidence from the records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment 2025/26")
    assert_accessible(page)
    page.get_by_role("link", name="Answer provision 6.2", exact=True).click()
    expect(page.locator(".govuk-tag")).to_contain_text("Records show No")
    assert_accessible(page)
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("explain why the answer is Yes")
    assert_accessible(page)
    page.get_by_label("Why Yes, when the records show otherwise").fill(
        "One late acknowledgement during the migration week."
    )
    page.get_by_role("button", name="Save answer").click()
    expect(page.locator("#provision-6-2")).to_contain_text(
        "One late acknowledgement during the migration week."
    )
