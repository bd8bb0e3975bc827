"""The case page of an email contact in Chromium: an iPhone message's text, photo and text, and a
part held back with its reason, readable and accessible (README screenshot)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from browser.conftest import assert_accessible, sign_in
from intake.conftest import corpus_folder
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.intake.mail import ingest_email

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery staple"


def test_2024_5_12_an_iphone_text_photo_text_email_on_the_case_page(
    page: Page, db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    raw = (corpus_folder() / "phpmmp__issue163.eml").read_bytes()  # iPhone Mail: text, photo, text
    result = ingest_email(raw)
    assert result.complaint is not None
    User.objects.create_user("olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER, first_name="Olu")
    sign_in(page, "olu", PASSWORD)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"/workspace/complaints/{result.complaint.reference}/")
    expect(page.get_by_role("link", name="image1.jpeg")).to_be_visible()
    expect(page.get_by_text("Then we have more text", exact=False).first).to_be_visible()
    assert_accessible(page)
    folder = SCREENSHOTS if os.environ.get("PUTRIGHT_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.locator("#documents").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "intake-iphone-case.png"), full_page=True)
    assert (folder / "intake-iphone-case.png").read_bytes().startswith(b"\x89PNG")


def test_a_held_back_part_is_shown_with_its_reason_and_the_page_is_accessible(
    page: Page, db: Any, settings: Any
) -> None:
    from email.message import EmailMessage

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    macros = io.BytesIO()
    with zipfile.ZipFile(macros, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    message = EmailMessage()
    message["From"] = "Sam Tenant <sam@example.org>"
    message["Subject"] = "My tenancy agreement"
    message["Message-ID"] = "<held-1@example.org>"
    message.set_content("Here is the document you asked for.")
    message.add_attachment(
        macros.getvalue(), maintype="application", subtype="octet-stream", filename="tenancy.docx"
    )
    result = ingest_email(message.as_bytes())
    assert result.complaint is not None
    User.objects.create_user("olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER, first_name="Olu")
    sign_in(page, "olu", PASSWORD)
    page.goto(f"/workspace/complaints/{result.complaint.reference}/")
    notes = page.locator("#email-notes")
    expect(notes).to_contain_text("Held back")
    expect(notes).to_contain_text("tenancy.docx")
    expect(notes).to_contain_text("it contains macros (word/vbaProject.bin)")
    assert_accessible(page)
