"""In real Chromium, with the mail server down (a local port nothing listens on): an acknowledgement
letter is issued and its email fails. The case page says the acknowledgement has not been sent, why
the email failed, and offers Retry and the day it was posted instead; recorded with the keyboard, the
acknowledgement counts from that day (2024 5.12, 6.2). Another held step, its email failing, is
discarded after a confirmation page that says its email is stopped."""

from __future__ import annotations

import re
from typing import Any

from browser.conftest import assert_accessible, sign_in
from browser.test_workspace_journey import _enter, _tab_to
from django.utils import timezone
from playwright.sync_api import Page, expect
from smtp_capture import free_port, use_smtp

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint, PendingStep, Resident
from putright.letters import services as letter_services
from putright.letters.models import DeliveryStatus, LetterDelivery, LetterDraft, LetterheadSettings

PASSWORD = "correct horse battery staple"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _held_acknowledgement(officer: User, name: str) -> tuple[Complaint, LetterDraft]:
    resident = Resident.objects.create(name=name, email=f"{name.split()[0].lower()}@example.org")
    complaint = services.receive_complaint(
        resident=resident,
        summary="The bathroom fan has been broken for months and the mould is back.",
        channel="telephone",
        actor=officer,
        accept=True,
    )
    services.allocate_handler(complaint=complaint, actor=officer, handler=officer)
    services.acknowledge_complaint(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=officer,
        complaint_definition="The bathroom fan was not repaired and the mould came back.",
        outcomes_sought="Repair the fan and treat the mould.",
        responsible_for="Repairs to the fan and the mould treatment.",
    )
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    return complaint, letter_services.draft_for_held_step(held=held, actor=officer)


def _issue(page: Page, complaint: Complaint, draft: LetterDraft) -> None:
    page.goto(f"/letters/{complaint.reference}/drafts/{draft.pk}/")
    while page.locator("button[name='confirm']").count():
        page.locator("button[name='confirm']").first.click()
    issue = page.get_by_role("button", name="Issue letter")
    assert issue.is_enabled(), page.locator("main").inner_text()[:3000]
    issue.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "counts from the day the email is sent"
    )


def test_2024_5_12_a_failed_email_leaves_the_step_waiting_and_it_can_be_posted_instead(
    page: Page, db: Any, live_server: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    use_smtp(settings, free_port())  # nothing listens: every attempt is refused
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "PO Box 2210\nLeeds\nLS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.save()
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Okafor", role=Role.COMPLAINTS_OFFICER
    )
    complaint, draft = _held_acknowledgement(officer, "Rita Resident")
    sign_in(page, "olu", PASSWORD)
    _issue(page, complaint, draft)
    assert LetterDelivery.objects.get(letter__complaint=complaint).status == DeliveryStatus.FAILED

    page.goto(f"/workspace/complaints/{complaint.reference}/")
    waiting = page.locator("#not-yet-sent")
    expect(waiting).to_contain_text("has not been sent to the resident")
    expect(waiting).to_contain_text("and the email failed")
    expect(waiting.get_by_role("button", name=re.compile(r"^Retry the email"))).to_be_visible()
    expect(page.locator("#current-deadline")).to_contain_text("acknowledgement due")
    assert_accessible(page)

    # posted instead, recorded with the keyboard: it counts from today
    _tab_to(page, "#not-yet-sent form[action$='/sent/'] button[type='submit']")
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as sent on")
    expect(page.locator("#not-yet-sent")).to_have_count(0)
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"posted on {timezone.localdate():%-d %B %Y}")
    assert Complaint.objects.get(pk=complaint.pk).state == "stage_1_acknowledged"
    assert LetterDelivery.objects.get(letter__complaint=complaint).status == DeliveryStatus.CANCELLED
    assert_accessible(page)

    # another: discarded after a confirmation page that says its email is stopped
    other, other_draft = _held_acknowledgement(officer, "Sam Tenant")
    _issue(page, other, other_draft)
    page.goto(f"/workspace/complaints/{other.reference}/")
    page.locator("#not-yet-sent").get_by_role("button", name="Discard the acknowledgement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discard the acknowledgement?")
    expect(page.locator("main")).to_contain_text("discarding the acknowledgement stops the email")
    assert_accessible(page)
    page.get_by_role("button", name="Discard the acknowledgement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the email is stopped")
    assert LetterDelivery.objects.get(letter__complaint=other).status == DeliveryStatus.CANCELLED
