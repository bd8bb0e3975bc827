"""In real Chromium, with a real SMTP server (aiosmtpd): an officer acknowledges a complaint; the
acknowledgement is "not yet sent" on the case and the queue, and the dashboard does not count it, until
its letter is issued. Issued, the letter is emailed, the resident's tracking page lists it, and only
then do the case, the queue and the dashboard figures show 2024 6.2 met (issue 11)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from browser.conftest import assert_accessible, sign_in
from browser.portal_helpers import body_of, smtp  # noqa: F401
from browser.test_portal_track import _code
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint, Resident
from putright.governance.live import figures
from putright.letters.models import LetterheadSettings

PASSWORD = "correct horse battery staple"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _acknowledged(today: date) -> tuple[int, int | None]:
    return figures((date(today.year - 1, 1, 1), today), today)["s1_ack"]


def test_2024_6_2_an_acknowledgement_counts_once_its_letter_is_issued_and_emailed(
    page: Page,
    db: Any,
    live_server: Any,
    smtp: Any,  # noqa: F811
    settings: Any,
) -> None:
    settings.TASKS = IMMEDIATE
    settings.PUTRIGHT_EMAIL_PROVIDER = "smtp"
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "PO Box 2210\nLeeds\nLS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.signoff_name = "Daniel Okafor"
    head.signoff_role = "Complaints Officer"
    head.save()
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Okafor", role=Role.COMPLAINTS_OFFICER
    )
    resident = Resident.objects.create(name="Rita Resident", email="rita@example.org")
    complaint = services.receive_complaint(
        resident=resident,
        summary="The bathroom fan has been broken for months and the mould is back.",
        channel="telephone",
        actor=officer,
        accept=True,
    )
    today = timezone.localdate()
    assert _acknowledged(today) == (0, 0)

    sign_in(page, "olu", PASSWORD)
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    page.locator("#next-steps + .putright-actions").get_by_role(
        "button", name="Acknowledge and define the complaint"
    ).click()
    page.get_by_label("The complaint, as we understand it").fill(
        "The bathroom fan was not repaired after two reports and the mould has come back."
    )
    page.get_by_label("The outcomes the resident is seeking").fill("Fix the fan and treat the mould.")
    page.get_by_label("What we are responsible for").fill("The fan repair and the mould treatment.")
    page.get_by_role("button", name="Acknowledge the complaint").click()

    # the letter, written from what was entered: nothing counts yet
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not yet sent to the resident")
    expect(page.get_by_label("Letter", exact=True)).to_have_value(
        re.compile("The bathroom fan was not repaired after two reports")
    )
    assert_accessible(page)
    assert Complaint.objects.get(pk=complaint.pk).state == "complaint"
    assert _acknowledged(today) == (0, 0)
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    expect(page.locator("#not-yet-sent")).to_contain_text("has not been sent to the resident")
    expect(page.locator("#current-deadline")).to_contain_text("Stage 1 acknowledgement due")
    assert_accessible(page)
    page.goto("/workspace/?q=Rita")
    expect(page.get_by_text("Acknowledgement not yet sent")).to_be_visible()
    assert smtp.messages == []

    # issue it: emailed, on the record, and only now 6.2 is met
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    page.get_by_role("link", name="Check and issue the letter").click()
    page.get_by_role("button", name="Issue letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    [emailed] = smtp.wait_for("rita@example.org")
    assert "mould has come back" in body_of(emailed)
    expect(page.locator("#not-yet-sent")).to_have_count(0)
    expect(page.locator("#current-deadline")).to_contain_text("Stage 1 response due")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.state == "stage_1_acknowledged" and stored.stage_1_acknowledged_on == today
    assert _acknowledged(today) == (1, 1)
    page.goto("/workspace/?q=Rita")
    expect(page.get_by_text("Acknowledgement not yet sent")).to_have_count(0)

    # the resident sees the letter that was sent (signing in with the code emailed after the letter)
    resident_page = page.context.new_page()
    resident_page.goto("/track/")
    resident_page.get_by_label("Reference number").fill(complaint.reference)
    resident_page.get_by_label("Email address").fill("rita@example.org")
    resident_page.get_by_role("button", name="Send me a code").click()
    code_email = smtp.wait_for("rita@example.org", count=2)[-1]
    resident_page.get_by_label("Security code").fill(_code(body_of(code_email)))
    resident_page.get_by_role("button", name="Continue").click()
    expect(resident_page.get_by_role("heading", level=1)).to_have_text("Your complaint")
    expect(resident_page.locator("[data-letter]")).to_have_count(1)
    expect(resident_page.locator("[data-letter-status]")).to_contain_text("Emailed to you on")
    assert_accessible(resident_page)
