"""The residents' pages in real Chromium, each scanned by axe-core (WCAG 2.2 AA), error states too;
making a complaint as a resident and as a representative; refused files that keep the answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser.conftest import assert_accessible
from playwright.sync_api import Page, expect
from portal_helpers import body_of, fits_the_screen, smtp

from putright.complaints.models import Attachment, Complaint

__all__ = ["smtp"]

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000
INFORMATION = ["/", "/policy/", "/how-we-handle-complaints/", "/housing-ombudsman/", "/surveys-and-feedback/"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fill_resident(page: Page) -> None:
    page.get_by_label("What happened?").fill(
        "The bathroom fan has not worked since March. I reported it twice."
    )
    page.get_by_label("What would you like us to do to put things right?").fill(
        "Fix the fan and treat the mould."
    )
    page.get_by_label("Resident's full name").fill("Rita Resident")
    page.get_by_label("Resident's email address").fill("rita@example.org")
    page.get_by_label("Address of the home").fill("4 Elm Road")
    page.get_by_label("Postcode").fill("AB1 2CD")
    page.get_by_label("Do you need us to do anything differently").fill("Please call after 2pm.")


@pytest.mark.parametrize("path", INFORMATION)
def test_2024_3_4_3_7_information_pages_are_accessible_and_fit_a_phone(
    page: Page, phone: Page, db: Any, path: str
) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    phone.goto(path)
    assert fits_the_screen(phone), f"{path} scrolls sideways at 320px"


def test_the_start_page_leads_to_the_form(page: Page, db: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name="Make a complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a complaint")
    assert_accessible(page)


def test_2024_3_1_a_resident_complains_and_is_emailed_the_dates(page: Page, db: Any, smtp: Any) -> None:
    page.goto("/complain/")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what happened")
    assert page.title().startswith("Error: ")
    assert_accessible(page)  # the error state too

    fill_resident(page)
    page.set_input_files(
        "#id_attachments", files=[{"name": "fan.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.get_by_role("button", name="Send complaint").click()
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Complaint received")
    complaint = Complaint.objects.get()
    expect(panel).to_contain_text(complaint.reference)
    expect(page.get_by_text("We will acknowledge your complaint by")).to_be_visible()
    assert_accessible(page)
    (message,) = smtp.wait_for("rita@example.org")
    assert complaint.reference in str(message["Subject"])
    assert "We will acknowledge your complaint by" in body_of(message)
    assert Attachment.objects.get(complaint=complaint).original_filename == "fan.jpg"


def test_2024_3_6_a_representative_complains_for_a_resident(page: Page, db: Any, smtp: Any) -> None:
    page.goto("/complain/")
    fill_resident(page)
    page.get_by_label("Someone else: I am their representative").check()
    page.get_by_role("button", name="Send complaint").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your full name")
    # 2024 3.6 does not make consent a condition of logging: not asked for as an error
    expect(summary).not_to_contain_text("Confirm that the resident has agreed")
    assert_accessible(page)
    # everything typed is still there
    expect(page.get_by_label("What happened?")).to_have_value(
        "The bathroom fan has not worked since March. I reported it twice."
    )
    page.get_by_label("Your full name").fill("Dan Resident")
    page.get_by_label("Your relationship to the resident").fill("Son")
    page.get_by_label("Your email address").fill("dan@example.org")
    page.get_by_label("The resident has agreed that I can make this complaint for them").check()
    page.get_by_label("How did the resident agree?").fill("She is with me and asked me to.")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Complaint received")
    complaint = Complaint.objects.get()
    assert complaint.representative is not None and complaint.representative.name == "Dan Resident"
    smtp.wait_for("dan@example.org")


def test_a_25_mb_file_is_refused_and_the_rest_is_kept(page: Page, db: Any, tmp_path: Path) -> None:
    big = tmp_path / "ceiling.jpg"
    big.write_bytes(JPEG + b"\x00" * (25 * 1024 * 1024))
    page.goto("/complain/")
    fill_resident(page)
    page.set_input_files("#id_attachments", str(big))
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "ceiling.jpg is 25 MB: each file must be smaller than 20 MB"
    )
    expect(page.locator("#id_attachments-error")).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_have_count(1)  # only the file field
    expect(page.get_by_label("What would you like us to do to put things right?")).to_have_value(
        "Fix the fan and treat the mould."
    )
    expect(page.get_by_label("Resident's email address")).to_have_value("rita@example.org")
    expect(page.locator("#files-again")).to_contain_text("We have kept everything else you typed")
    assert_accessible(page)
    assert Complaint.objects.count() == 0
    # send it without the file: nothing typed has to be typed again
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    assert Complaint.objects.count() == 1


def test_an_exe_renamed_jpg_is_refused_and_the_rest_is_kept(page: Page, db: Any) -> None:
    page.goto("/complain/")
    fill_resident(page)
    page.set_input_files(
        "#id_attachments",
        files=[
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00\x03\x00" + b"\x00" * 500}
        ],
    )
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator("#id_attachments-error")).to_contain_text(
        "photo.jpg is a Windows program, not a photo or document"
    )
    expect(page.get_by_label("What happened?")).to_have_value(
        "The bathroom fan has not worked since March. I reported it twice."
    )
    assert_accessible(page)
    assert Complaint.objects.count() == 0


def test_the_form_fits_a_phone_and_is_accessible_there(phone: Page, db: Any) -> None:
    phone.goto("/complain/")
    assert fits_the_screen(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name="Send complaint").click()
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    assert fits_the_screen(phone)


def test_2024_3_1_back_then_send_in_chromium_makes_one_complaint(page: Page, db: Any, smtp: Any) -> None:
    """As the walk found it: sent, the browser's Back, Send again. The second Send shows the first
    complaint's confirmation instead of making a second complaint with the same words."""
    page.goto("/complain/")
    fill_resident(page)
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Complaint received")
    first = Complaint.objects.get()
    page.go_back()
    if not page.get_by_label("What happened?").input_value():  # a browser that forgot the answers
        fill_resident(page)
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text(first.reference)
    assert Complaint.objects.count() == 1
