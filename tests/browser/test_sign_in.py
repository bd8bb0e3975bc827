"""Staff sign in with a username and password; the page passes axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

from typing import Any

from browser.conftest import assert_accessible, sign_in
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User


def test_sign_in_page_is_accessible_and_shows_errors_in_an_error_summary(page: Page, db: Any) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your username")
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_wrong_password_is_refused(page: Page, db: Any) -> None:
    User.objects.create_user("olu", password="correct horse battery", role=Role.COMPLAINTS_OFFICER)
    sign_in(page, "olu", "wrong")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
