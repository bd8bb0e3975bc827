"""A handler writes a stage 1 response in Chromium: the Code check shows each element with its
provision; with the 2024 6.9 g part taken out the letter cannot be issued (the button is disabled and
the server refuses); put back, it is issued and listed with its PDF and Word files. Every page passes
axe-core's WCAG 2.2 AA checks. ``PUTRIGHT_SCREENSHOTS=1`` also saves the draft page for the README."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from browser.conftest import assert_accessible, sign_in
from letters.conftest import (  # noqa: F401
    build,
    case_for_kind,
    empty_section,
    handler_1,
    handler_2,
    letterhead,
    officer,
    resident,
)
from playwright.sync_api import Page, expect

from putright.letters.models import IssuedLetter

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_2024_6_9_g_letter_without_it_cannot_be_issued_in_the_browser(
    page: Page, case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    handler_1.set_password("correct horse battery")
    handler_1.save()
    complaint = case_for_kind("stage1-response")
    sign_in(page, "handler1", "correct horse battery")

    page.goto(f"/letters/{complaint.reference}/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Which letter do you want to write?")
    assert_accessible(page)
    page.get_by_label("Stage 1 response").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stage 1 response")
    expect(page.locator("#code-check-heading")).to_be_visible()
    expect(page.locator(".govuk-summary-list__key", has_text="2024 6.9 g")).to_be_visible()
    assert_accessible(page)

    body = page.get_by_label("Letter", exact=True)
    original = body.input_value()
    body.fill(empty_section(original, "[6.9 g]"))
    page.get_by_role("button", name="Check the letter").click()

    expect(page.get_by_text("1 element missing")).to_be_visible()
    row = page.locator(".govuk-summary-list__row", has_text="2024 6.9 g")
    expect(row.locator(".govuk-tag")).to_have_text("Missing")
    expect(page.get_by_role("button", name="Issue letter")).to_be_disabled()
    assert_accessible(page)

    # a request that skips the disabled button is refused by the server too
    draft_url = page.url
    status = page.evaluate(
        """async (url) => {
            const form = document.querySelector('form[method=post]');
            const data = new FormData(form);
            data.set('action', 'issue');
            const response = await fetch(url, {method: 'POST', body: data});
            return response.status;
        }""",
        draft_url,
    )
    assert status == 422
    assert not IssuedLetter.objects.exists()

    body.fill(original)
    page.get_by_role("button", name="Check the letter").click()
    expect(page.get_by_text("Every element the Code requires of this letter is present.")).to_be_visible()
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "letters-code-check.png"), full_page=True)
    page.get_by_role("button", name="Issue letter").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    letter = IssuedLetter.objects.get(complaint=complaint)
    expect(page.get_by_role("link", name=f"PDF of {letter.title}")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Queued")).to_be_visible()  # emailed by the worker
    assert_accessible(page)
