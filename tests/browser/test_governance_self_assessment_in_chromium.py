"""The self-assessment and the Ombudsman's annual submission in Chromium: a section answered on one
page with what the records show, a Yes refused where the records show non-compliance until it is
explained, the oversight page, and the submission pack prepared; zero axe-core WCAG 2.2 AA
violations on every page (2024 8.1-8.4). With PUTRIGHT_SCREENSHOTS=1 it also writes the README's
screenshots to docs/screenshots."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from browser.conftest import ROOT, assert_accessible, sign_in
from governance.journeys import journey_maker
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints.models import Landlord
from putright.governance import services
from putright.governance.models import Appointment, SelfAssessment

PASSWORD = "governance-pass-2026"
SHOTS = ROOT / "docs" / "screenshots"


def shot(page: Page, name: str) -> None:
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 1500})
        page.screenshot(path=str(Path(SHOTS) / name), timeout=60_000)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_self_assessment_and_submission_pages_are_accessible(page: Page, db: Any) -> None:
    landlord = Landlord.load()
    landlord.name = "Riverside Homes"
    landlord.homes = 2400
    landlord.save()
    officer = User.objects.create_user(
        "olu", password=PASSWORD, first_name="Olu", last_name="Officer", role=Role.COMPLAINTS_OFFICER
    )
    journey = journey_maker(officer, User.objects.create_user("h1"), User.objects.create_user("h2"))
    journey(date(2025, 6, 2), ack=date(2025, 6, 4), respond=date(2025, 6, 18))
    late = journey(date(2025, 6, 2), ack=date(2025, 6, 10), respond=date(2025, 6, 18))
    services.record_compliance_trigger(
        actor=officer, kind="procedure_change", on=date(2025, 9, 1), description="New complaints procedure"
    )
    services.record_appointment(
        actor=officer,
        kind=Appointment.Kind.MRC,
        person="Cllr Ann Board",
        appointed_on=date(2024, 5, 1),
        minute="Board 1 May 2024, minute 4",
    )
    sign_in(page, "olu", PASSWORD)
    page.goto("/governance/self-assessment/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A new self-assessment is due")
    assert_accessible(page)
    page.get_by_label("Reporting year").fill("2025")
    page.get_by_role("button", name="Start with the evidence from the records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment 2025/26")
    expect(page.get_by_role("heading", name="Still needs an answer (72)")).to_be_visible()
    assert_accessible(page)
    shot(page, "self-assessment.png")

    page.get_by_role("link", name="Section 6: Complaints Stages").click()
    six_two = page.locator("#provision-6-2")
    expect(six_two.locator(".govuk-tag")).to_have_text("Records show non-compliance")
    expect(six_two).to_contain_text("1 of 2 stage 1 acknowledgements in the period fail the rule")
    expect(six_two.get_by_role("link", name=late.reference)).to_be_visible()
    expect(page.locator("#provision-6-13 .govuk-tag")).to_have_text("Records cannot show this")
    assert_accessible(page)
    six_two.scroll_into_view_if_needed()
    page.evaluate("document.getElementById('provision-6-2').scrollIntoView()")
    shot(page, "self-assessment-section.png")
    page.locator("#id_p6-2-comply_0").check()
    page.get_by_role("button", name="Save the answers in this section").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("explain why the answer is Yes")
    assert_accessible(page)
    page.locator("#id_p6-2-contradiction_explanation").fill(
        "One late acknowledgement during the migration week."
    )
    page.get_by_role("button", name="Save the answers in this section").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved 1 answer in section 6")

    page.goto("/governance/oversight/")
    expect(page.get_by_role("cell", name="Cllr Ann Board")).to_be_visible()
    assert_accessible(page)

    assessment = SelfAssessment.objects.get()
    for entry in assessment.entries.filter(comply=""):
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="no" if entry.provision == "9.4" else "yes",
            policy_reference="Complaints policy",
            actions="Appoint a senior lead; quarterly review of themes." if entry.provision == "9.4" else "",
            actions_by=date(2026, 12, 31) if entry.provision == "9.4" else None,
            contradiction_explanation="Explained to the Board." if entry.state == "non_compliance" else "",
        )
    services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=date(2026, 5, 20), approved_by="Board, minute 9"
    )
    page.goto("/governance/submission/")
    expect(page.get_by_role("cell", name="30 September 2026").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Link to the complaints policy").fill("https://riverside.example/complaints-policy")
    page.get_by_role("button", name="Prepare the pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Housing Ombudsman annual submission 2025/26: Riverside Homes"
    )
    expect(page.get_by_role("heading", name="Section 2: compliance with the Code (2024)")).to_be_visible()
    assert_accessible(page)
    shot(page, "ombudsman-submission.png")
