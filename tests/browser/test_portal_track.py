"""Following a complaint in real Chromium: the one-time code arrives over real SMTP (aiosmtpd), the
resident sees the dates, letters and remedies, adds information, and asks for stage 2 with one
button and no reason (2024 6.12). Every page is scanned by axe-core, error states included."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from browser.conftest import assert_accessible
from playwright.sync_api import Page, expect
from portal_helpers import body_of, fits_the_screen, responded_today, smtp

from putright.complaints.models import Correspondence

__all__ = ["smtp"]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _code(text: str) -> str:
    found = re.search(r"^(\d{6})\r?$", text, re.MULTILINE)
    assert found, text
    return found.group(1)


def sign_in_with_code(page: Page, smtp: Any, reference: str, address: str = "rita@example.org") -> None:
    page.goto("/track/")
    page.get_by_label("Reference number").fill(reference)
    page.get_by_label("Email address").fill(address)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    (message,) = smtp.wait_for(address)
    page.get_by_label("Security code").fill(_code(body_of(message)))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaint")


def test_2024_6_12_follow_with_a_code_sent_by_smtp_and_ask_for_stage_2(
    page: Page, db: Any, smtp: Any
) -> None:
    complaint = responded_today()
    page.goto("/track/")
    assert_accessible(page)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your reference number")
    assert_accessible(page)

    page.get_by_label("Reference number").fill(complaint.reference)
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_role("button", name="Send me a code").click()
    assert_accessible(page)
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit security code")
    assert_accessible(page)
    (message,) = smtp.wait_for("rita@example.org")
    page.get_by_label("Security code").fill(_code(body_of(message)))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaint")
    expect(page.locator(".govuk-tag").first).to_have_text("Stage 1: we have responded")
    expect(page.get_by_text("£50 for the delay")).to_be_visible()
    expect(page.locator(".govuk-details__summary-text", has_text="Our stage 1 response")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your message").fill("The mould has come back on the ceiling.")
    page.set_input_files(
        "#id_attachments",
        files=[
            {"name": "mould.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100}
        ],
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have added your information")
    assert Correspondence.objects.filter(complaint=complaint, direction="in").count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="Ask for stage 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for stage 2")
    expect(page.get_by_text("You do not have to give a reason.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask for stage 2").click()  # no reason given
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have asked for stage 2")
    expect(page.locator(".govuk-tag").first).to_have_text("Stage 2: you have asked for stage 2")
    complaint.refresh_from_db()
    assert complaint.state == "escalation_requested"
    smtp.wait_for("rita@example.org", count=2)


def test_a_refused_file_keeps_the_message_on_the_tracking_page(page: Page, db: Any, smtp: Any) -> None:
    complaint = responded_today()
    sign_in_with_code(page, smtp, complaint.reference)
    page.get_by_label("Your message").fill("Here is the invoice.")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "invoice.jpg", "mimeType": "image/jpeg", "buffer": b"\x7fELF\x02" * 50}],
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#id_attachments-error")).to_contain_text("invoice.jpg is a Linux program")
    expect(page.get_by_label("Your message")).to_have_value("Here is the invoice.")
    assert_accessible(page)


def test_the_emailed_link_signs_in_once(page: Page, db: Any, smtp: Any) -> None:
    complaint = responded_today()
    page.goto("/track/")
    page.get_by_label("Reference number").fill(complaint.reference)
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_role("button", name="Send me a code").click()
    (message,) = smtp.wait_for("rita@example.org")
    link = re.search(r"(/track/link/\S+/)", body_of(message))
    assert link
    page.goto(link.group(1))
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaint")
    page.get_by_role("button", name="Sign out").click()
    page.goto(link.group(1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is not working")
    expect(page.get_by_text("already been used")).to_be_visible()
    assert_accessible(page)


def test_the_tracking_page_fits_a_phone(phone: Page, db: Any, smtp: Any) -> None:
    complaint = responded_today()
    sign_in_with_code(phone, smtp, complaint.reference)
    assert fits_the_screen(phone)
    assert_accessible(phone)


def test_screenshots_for_the_readme(page: Page, db: Any, smtp: Any, tmp_path: Any) -> None:
    """The README's portal screenshots render; with PUTRIGHT_SCREENSHOTS=1 they are written to
    docs/screenshots, otherwise to a temporary folder."""
    folder = SCREENSHOTS if os.environ.get("PUTRIGHT_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto("/complain/")
    page.screenshot(path=str(folder / "portal-form.png"), full_page=False)
    complaint = responded_today()
    sign_in_with_code(page, smtp, complaint.reference)
    page.screenshot(path=str(folder / "portal-track.png"), full_page=True)
    for name in ("portal-form.png", "portal-track.png"):
        assert (folder / name).read_bytes().startswith(b"\x89PNG")


def test_2024_1_3_staff_flags_page_is_accessible(page: Page, db: Any, settings: Any) -> None:
    from email.message import EmailMessage

    from browser.conftest import sign_in

    from putright.accounts.models import Role, User
    from putright.intake.mail import ingest_email

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMessage()
    message["From"] = "Sam Tenant <sam@example.org>"
    message["Subject"] = "Leak"
    message["Message-ID"] = "<flag-1@example.org>"
    message.set_content("Third time I have reported the leak and nobody came. I am fed up.")
    ingest_email(message.as_bytes())
    User.objects.create_user("olu", password="correct horse battery", role=Role.COMPLAINTS_OFFICER)
    sign_in(page, "olu", "correct horse battery")
    page.goto("/intake/flags/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible complaints")
    expect(page.locator("mark.putright-mark").first).to_be_visible()
    assert_accessible(page)
