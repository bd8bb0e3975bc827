"""2024 6.13 in Chromium: the stage 1 handler opens the stage 2 handler's held response letter on the
case and presses "Issue letter"; the page refuses it citing 6.13, passes axe-core, and nothing is
recorded or issued. The stage 2 handler then issues it and the response counts as theirs."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

from typing import Any

import pytest
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

from putright.complaints import services
from putright.complaints.models import ComplaintEvent
from putright.letters import services as letters
from putright.letters.models import IssuedLetter

PASSWORD = "correct horse battery"


@pytest.mark.usefixtures("worker_sends_emails")
def test_2024_6_13_the_stage_1_handler_cannot_issue_the_stage_2_response_in_chromium(
    page: Page, build: Any, handler_1: Any, handler_2: Any, letterhead: Any
) -> None:
    complaint = build("stage_2_acknowledged")
    complaint = services.respond_to_complaint(
        complaint=complaint,
        actor=handler_2,
        outcome="upheld",
        decision="We uphold your complaint.",
        reasons="The fan was reported twice and not repaired.",
        remedy="An apology and £50 for the time and trouble, paid by 31 March 2027.",
        outstanding_actions="Replace the fan by 31 March 2027.",
        escalation_route="You can refer your complaint to the Housing Ombudsman.",
    )
    [held] = services.held_steps(complaint)
    draft = letters.draft_for_held_step(held=held, actor=handler_2)
    responses = ComplaintEvent.objects.filter(complaint=complaint, kind="responded").count()

    for user in (handler_1, handler_2):
        user.set_password(PASSWORD)
        user.save()
    page.set_default_timeout(60_000)  # the draft page runs the letter check; a busy machine is slow
    sign_in(page, handler_1.username, PASSWORD)
    page.goto(f"/letters/{complaint.reference}/drafts/{draft.pk}/")
    page.get_by_role("button", name="Issue letter").click()
    expect(page.locator("main")).to_contain_text("2024 6.13")
    assert_accessible(page)
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="responded").count() == responses
    assert not IssuedLetter.objects.filter(complaint=complaint).exists()

    page.context.clear_cookies()
    sign_in(page, handler_2.username, PASSWORD)
    page.goto(f"/letters/{complaint.reference}/drafts/{draft.pk}/")
    page.get_by_role("button", name="Issue letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    event = ComplaintEvent.objects.filter(complaint=complaint, kind="responded").last()
    assert event is not None and event.data["actor"] == str(handler_2.pk)
