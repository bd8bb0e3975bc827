"""The letter box counts characters as the person types or pastes, in Chromium (GOV.UK's character
count): nothing is said until three quarters of the 100,000 a letter can have are used, then how many
are left, then how many too many. A count, never a limit: the browser cuts nothing short, and the
page passes axe-core with the count showing (helper-86: the error gave the total only, after the
whole letter was sent)."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

import re
from typing import Any

from browser.conftest import assert_accessible, sign_in
from letters.conftest import (  # noqa: F401
    build,
    handler_1,
    handler_2,
    letterhead,
    officer,
    resident,
)
from playwright.sync_api import Page, expect

from putright.letters import services as letters

PASSWORD = "correct horse battery"


def test_the_letter_box_counts_towards_the_most_a_letter_can_have_in_chromium(
    page: Page, build: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = build("stage_1_acknowledged")
    draft = letters.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    handler_1.set_password(PASSWORD)
    handler_1.save()
    page.set_default_timeout(60_000)
    sign_in(page, handler_1.username, PASSWORD)
    page.goto(f"/letters/{complaint.reference}/drafts/{draft.pk}/")
    box = page.get_by_label("Letter", exact=True)
    message = page.locator(".govuk-character-count__status")
    assert box.get_attribute("maxlength") is None  # nothing is cut short
    expect(message).to_have_class(re.compile(r"govuk-character-count__message--disabled"))  # hidden

    box.fill("a" * 80_000)
    expect(message).to_have_text("You have 20,000 characters remaining")
    expect(message).not_to_have_class(re.compile(r"--disabled"))
    assert_accessible(page)

    box.fill("a" * 100_010)
    expect(message).to_have_text("You have 10 characters too many")
    assert len(box.input_value()) == 100_010  # kept in full, for the person to shorten
    assert_accessible(page)
