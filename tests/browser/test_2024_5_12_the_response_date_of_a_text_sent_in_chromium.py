"""In real Chromium: an acknowledgement recorded as sent by another system's email saying "by Friday",
a date PutRight cannot count. The case page says so under the text; a complaints officer follows the
link with the keyboard, reads the text as sent, and records Friday with a reason; the case keeps to
it and the timeline keeps the amendment (2024 5.12, 6.3). A later date is refused to them, at the
choice, with what was typed kept. Both pages pass axe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from browser.conftest import assert_accessible, fill_date, sign_in
from browser.test_workspace_journey import _enter, _tab_to
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint, Resident
from putright.letters.models import ResponseDateInTextSent

PASSWORD = "correct horse battery staple"


def test_2024_5_12_a_response_date_putright_could_not_read_is_recorded_in_the_browser(
    page: Page, db: Any, live_server: Any
) -> None:
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Okafor", role=Role.COMPLAINTS_OFFICER
    )
    today = timezone.localdate()
    # the working day's Friday, or next week's when today is Friday or later
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    resident = Resident.objects.create(name="Rita Resident", email="rita@example.org")
    complaint = services.receive_complaint(
        resident=resident,
        summary="The bathroom fan has been broken for months and the mould is back.",
        channel="telephone",
        actor=officer,
        accept=True,
    )
    services.acknowledge_complaint(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=officer,
        complaint_definition="The bathroom fan was not repaired and the mould came back.",
        outcomes_sought="Repair the fan and treat the mould.",
        responsible_for="Repairs to the fan and the mould treatment.",
        told=services.Told(
            method="email",
            on=today,
            subject="Your complaint",
            body="Dear Rita,\n\nWe understand your complaint to be that the bathroom fan was not repaired "
            "and the mould came back. We will send you our full response by Friday.\n\nOlu",
        ),
    )
    assert not ResponseDateInTextSent.objects.exists()
    sign_in(page, "olu", PASSWORD)
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    line = page.locator("[id^='response-date-']")
    expect(line).to_contain_text("PutRight could not tell it from the text")
    assert_accessible(page)

    _tab_to(page, "[id^='response-date-'] a")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record the response date the acknowledgement gave"
    )
    expect(page.locator("main")).to_contain_text("We will send you our full response by Friday.")
    assert_accessible(page)
    page.get_by_label("It gave a date").check()
    fill_date(page, "^The date it gave", friday)
    page.get_by_label("How do you know?").fill("The email says by Friday")
    page.get_by_role("button", name="Record the date").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Response date recorded")
    expect(line).to_contain_text("(recorded by Olu Okafor)")
    expect(page.locator("#timeline")).to_be_visible()
    assert ResponseDateInTextSent.objects.get().response_date_given == friday

    # a later date is refused to the person who recorded the acknowledgement, at the choice
    line.get_by_role("link", name="Change").click()
    fill_date(page, "^The date it gave", friday + timedelta(days=3))
    page.get_by_label("How do you know?").fill("Misread")
    page.get_by_role("button", name="Record the date").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("you cannot record a later date")
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    expect(page.get_by_label("How do you know?")).to_have_value("Misread")
    assert_accessible(page)
    assert ResponseDateInTextSent.objects.get().response_date_given == friday
