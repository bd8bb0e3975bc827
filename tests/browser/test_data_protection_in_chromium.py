"""The data protection area in real Chromium, every page scanned by axe-core (WCAG 2.2 AA), error
states included: find a resident, download their subject access export (the ZIP read back), place
and lift legal holds with reasons, the retention list and orphan file report, match a contact from
the online form to the resident, and read the resident's access log.
``PUTRIGHT_SCREENSHOTS=1`` also saves the README's screenshots."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from browser.conftest import assert_accessible, sign_in
from django.test import Client
from playwright.sync_api import Page, expect
from portal.conftest import ANSWERS

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint, Property
from putright.records.models import ContactDecision, LegalHold

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEDIA_ROOT


def _shot(page: Page, name: str) -> None:
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _known_resident(officer: User) -> Complaint:
    home = Property.objects.create(reference="P-17", address_line_1="17 Beech Grove", postcode="LS6 2AB")
    resident = services.create_resident(name="Grace Adeyemi", email="grace@example.org", property=home)
    return services.receive_complaint(
        resident=resident,
        summary="The roof leaked again into the bedroom and nobody came back.",
        channel="telephone",
        actor=officer,
        accept=True,
    )


def _contact_from_the_form() -> Complaint:
    answers = {
        **ANSWERS,
        "resident_name": "Grace Adeyemi",
        "resident_email": "grace.a@example.net",
        "address": "17 Beech Grove",
        "postcode": "LS6 2AB",
    }
    assert Client(REMOTE_ADDR="198.51.100.7").post("/complain/", answers).status_code == 302
    return Complaint.objects.get(channel="online_form")


def test_data_protection_in_the_browser(page: Page, db: Any, live_server: Any, tmp_path: Path) -> None:
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Okafor", role=Role.COMPLAINTS_OFFICER
    )
    known = _known_resident(officer)
    contact = _contact_from_the_form()
    sign_in(page, "olu", PASSWORD)

    page.get_by_role("link", name="Data protection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    assert_accessible(page)
    _shot(page, "data-protection.png")

    # find the resident and download everything held about them
    page.get_by_role("link", name="Find a resident").click()
    page.get_by_label("Name, email address or complaint reference").fill(known.reference)
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Grace Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Adeyemi")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        index = json.loads(archive.read("index.json"))
        assert index["subject"]["name"] == "Grace Adeyemi"
        assert known.reference in archive.read("records/complaints.Complaint.json").decode()

    # a legal hold on every record of the resident: a reason is required, then who and when is shown
    page.get_by_role("button", name="Place a legal hold on every record of Grace Adeyemi").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Why every record of this resident must be kept").fill("Disrepair claim K12")
    page.get_by_role("button", name="Place a legal hold on every record of Grace Adeyemi").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Legal hold placed")
    expect(page.locator("main")).to_contain_text("by Olu Okafor (olu)")
    assert_accessible(page)

    # the holds page: place one on a complaint, then lift it with a reason
    page.goto("/data-protection/holds/")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Complaint reference").fill(contact.reference)
    page.get_by_label("Why the records must be kept").fill("Ombudsman investigation 2025/1")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Legal hold placed on {contact.reference}"
    )
    assert_accessible(page)
    _shot(page, "data-protection-holds.png")
    hold = LegalHold.objects.get(complaint=contact)
    row = page.locator(f"#hold-{hold.pk}")
    row.get_by_label("Why the hold is no longer needed").fill("Investigation closed")
    row.get_by_role("button", name="Lift this hold").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Legal hold lifted")
    hold.refresh_from_db()
    assert hold.lift_reason == "Investigation closed" and hold.lifted_by == "Olu Okafor (olu)"

    for address, heading in (
        ("/data-protection/retention/", "Retention"),
        ("/data-protection/orphan-files/", "Orphan files"),
    ):
        page.goto(address)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    # the contact from the online form: offered, decided by a person, with a reason
    page.goto("/data-protection/matches/")
    assert_accessible(page)
    _shot(page, "data-protection-matches.png")
    page.get_by_role("link", name="Decide").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this contact a resident you know?")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, the same person").check()
    page.get_by_label("How you know").fill(
        "Grace confirmed on her known phone number that she used the form."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Matched")
    contact.refresh_from_db()
    assert contact.resident_id == known.resident_id
    assert ContactDecision.objects.get().decided_by == officer
    assert_accessible(page)

    page.get_by_role("link", name="Access log of Grace Adeyemi").click()
    expect(page.locator("main")).to_contain_text("Downloaded: subject access export")
    assert_accessible(page)
    _shot(page, "data-protection-access-log.png")
