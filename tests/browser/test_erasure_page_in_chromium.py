"""The erase-a-resident page in Chromium: the confirm screen is accessible, and erasing leads back
to the case with the resident's name gone."""

from __future__ import annotations

from typing import Any

from browser.conftest import assert_accessible, sign_in
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints import services

PASSWORD = "correct horse battery staple"


def test_the_officer_erases_a_resident_from_the_confirm_screen(page: Page, db: Any) -> None:
    resident = services.create_resident(name="Erin Erasable", email="erin@example.org", phone="07700 900456")
    complaint = services.receive_complaint(
        resident=resident, summary="Erin's window will not close", channel="email", actor=None
    )
    User.objects.create_user(
        "olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER, first_name="Olu", last_name="Officer"
    )
    sign_in(page, "olu", PASSWORD)
    page.goto(f"/records/erase-resident/{complaint.reference}/")
    expect(page.get_by_role("heading", name="Erase this resident's personal data")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Erase this resident").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is this resident being erased?").fill("Erasure request R-21")
    page.get_by_label("I understand the erased details cannot be brought back").check()
    page.get_by_role("button", name="Erase this resident").click()
    expect(page).to_have_url(f"/workspace/complaints/{complaint.reference}/")
    expect(page.get_by_text("Erin Erasable")).to_have_count(0)
    expect(page.get_by_text("Erin's window will not close")).to_have_count(0)
