"""2024 1.3 and 6.8 on the case page in real Chromium, each page scanned by axe-core (WCAG 2.2 AA):
the resident's choice to make a complaint logs it; new issues added to the definition count once
the definition-amended letter is issued."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from browser.conftest import assert_accessible, sign_in
from browser.test_workspace_journey import PASSWORD, _issue_the_letter, _staff, _state, _step, _submit
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent


def _contact(officer: Any) -> Complaint:
    resident = services.create_resident(name="Grace Adeyemi", email="grace@example.org")
    return services.receive_complaint(
        resident=resident,
        summary="The repair was missed again and I am fed up.",
        channel="telephone",
        actor=officer,
    )


@pytest.mark.usefixtures("worker_sends_emails")
def test_2024_1_3_and_6_8_on_the_case_page(page: Page, db: Any, live_server: Any) -> None:
    staff = _staff()
    contact = _contact(staff["officer"])
    sign_in(page, "hana", PASSWORD)
    page.goto(f"/workspace/complaints/{contact.reference}/")
    _step(page, "Record the choice to make a complaint")
    assert_accessible(page)
    page.get_by_label("What is the resident dissatisfied with?").fill("The third missed repair visit")
    page.get_by_label("How were they given the choice to make a complaint?").fill("Asked on the call")
    page.get_by_label("They want to make a complaint: log it now").check()
    _submit(page, "Record the resident's choice")
    expect(page.locator("#current-deadline")).to_contain_text("Stage 1 acknowledgement due")
    assert _state(contact.reference) == "complaint"
    assert_accessible(page)

    today = timezone.localdate()
    complaint = services.acknowledge_complaint(
        complaint=services.allocate_handler(complaint=contact, actor=staff["officer"], handler=staff["hana"]),
        actor=staff["hana"],
        complaint_definition="The repair visit was missed three times.",
        outcomes_sought="Book the repair and say sorry.",
        responsible_for="The repair visits.",
        told=services.Told(method="post", on=today, body="Sent by post."),
    )
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    _step(page, "Record new issues the resident raised")
    assert_accessible(page)
    page.get_by_label("What new issues did the resident raise?").fill("The kitchen tap leaks as well.")
    page.get_by_label("They are related to the issues already being investigated").check()
    page.get_by_label("Log them as a new complaint, linked to this one").check()
    page.get_by_label("Reason for this choice").fill("Simpler to track apart")
    _submit(page, "Record the new issues")
    expect(page.locator(".govuk-error-summary")).to_contain_text("2024 6.8")
    assert_accessible(page)
    page.get_by_label("Add them to this complaint's definition (the resident is told)").check()
    _submit(page, "Record the new issues")
    _issue_the_letter(page, complaint.reference, "stage_1_acknowledged")
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="new_issues_raised").exists()
    assert timedelta(0) <= timezone.localdate() - today <= timedelta(days=1)
