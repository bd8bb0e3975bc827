"""The staff workspace in real Chromium: sign in, log a contact and triage it into a complaint,
acknowledge, extend, respond, escalate to a different handler (the stage 1 handler is not offered,
2024 6.13), respond at stage 2 and close. Every workspace page is scanned by axe-core (WCAG 2.2 AA);
the main flow is also done with the keyboard alone (Tab, Enter, Space and typing), allocation and a
reply to the resident included."""

from __future__ import annotations

import re
from typing import Any

from browser.conftest import assert_accessible, sign_in
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, Team, User
from putright.complaints.models import Complaint
from putright.letters.models import LetterheadSettings
from putright.workspace.models import OutboxEmail

PASSWORD = "correct horse battery staple"


def _staff() -> dict[str, User]:
    north = Team.objects.create(name="North")
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "PO Box 2210\nLeeds\nLS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.signoff_name = "Daniel Okafor"
    head.signoff_role = "Complaints Officer"
    head.save()

    def user(username: str, first: str, role: str) -> User:
        return User.objects.create_user(
            username,
            password=PASSWORD,
            email=f"{username}@landlord.example",
            first_name=first,
            last_name="Tester",
            role=role,
            team=north,
        )

    return {
        "officer": user("olu", "Olu", Role.COMPLAINTS_OFFICER),
        "hana": user("hana", "Hana", Role.COMPLAINT_HANDLER),
        "hugo": user("hugo", "Hugo", Role.COMPLAINT_HANDLER),
    }


def _step(page: Page, name: str) -> None:
    # the step's page has loaded before anything reads it (an accessibility check run mid-navigation
    # found no document under a loaded machine)
    with page.expect_navigation():
        page.locator("#next-steps + .putright-actions").get_by_role("button", name=name).click()


def _submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()


def _state(reference: str) -> str:
    return Complaint.objects.get(reference=reference).state


def _issue_the_letter(page: Page, reference: str, state_before: str) -> None:
    """A step the resident must be told of lands on its letter, written from what was entered; it
    counts only once the letter is issued (2024 6.2, 6.4, 6.9, 6.19)."""
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not yet sent to the resident")
    assert _state(reference) == state_before
    assert_accessible(page)
    # where the Code check cannot tell from the wording, a person reads the sentence and confirms it
    while page.locator("button[name='confirm']").count():
        page.locator("button[name='confirm']").first.click()
    issue = page.get_by_role("button", name="Issue letter")
    assert issue.is_enabled(), page.locator("main").inner_text()[:3000]
    _submit(page, "Issue letter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    if "record the day it was posted" not in page.locator(".govuk-notification-banner").inner_text():
        return  # emailed: it counts from today
    # the resident has no email address: the letter is printed and posted, and the step counts
    # from the day it was posted, recorded on the case page (2024 5.12)
    assert _state(reference) == state_before
    assert_accessible(page)
    page.locator("#not-yet-sent").get_by_role("button", name=re.compile(r"^Record it as sent")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as sent on")


def test_the_whole_journey_in_the_browser(page: Page, db: Any, live_server: Any) -> None:
    staff = _staff()
    sign_in(page, "olu", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workspace/today/$"))  # each person's landing page
    expect(page.get_by_role("heading", level=1)).to_have_text("My work today")
    assert_accessible(page)
    page.get_by_role("link", name="Complaints queue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints queue")
    assert_accessible(page)

    # Log the contact: the resident does not use the word complaint (2024 1.3)
    page.get_by_role("button", name="Log a new contact").click()
    assert_accessible(page)
    _submit(page, "Record the contact")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the resident's full name")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Grace Adeyemi")
    page.get_by_label("First line of the address").fill("14 Mill Lane")
    page.get_by_label("Postcode").fill("LS6 2AB")
    page.get_by_label("Vulnerability or disability they told us about").fill("Recently bereaved")
    page.get_by_label("Phone call").check()
    page.get_by_label("What did they say?").fill(
        "This is the third time I have reported the leak and nobody has come. I am really unhappy about it."
    )
    _submit(page, "Record the contact")
    expect(page.locator("#triage-hint")).to_contain_text("a complaint")
    expect(page.locator("#triage-hint")).to_contain_text("Phrases that triggered it")
    reference = page.locator("h1").inner_text().split(":")[0]
    assert_accessible(page)

    # Triage: a complaint, full investigation (2024 6.1)
    _step(page, "Accept as a complaint")
    assert_accessible(page)
    page.get_by_label("Full investigation", exact=False).check()  # nothing chosen for them (2024 6.1)
    _submit(page, "Accept as a stage 1 complaint")
    expect(page.locator("#current-deadline")).to_contain_text("Stage 1 acknowledgement due")
    expect(page.locator("#current-deadline")).to_contain_text("(2024 6.2) — due in 5 working days")

    # Allocate Hana, then acknowledge with the complaint definition (2024 5.6, 5.7)
    _step(page, "Allocate a complaint handler")
    assert_accessible(page)
    page.get_by_label("Complaint handler").select_option(
        label="Hana Tester (Complaint handler): no open complaints"
    )
    _submit(page, "Allocate")
    _step(page, "Acknowledge and define the complaint")
    assert_accessible(page)
    page.get_by_label("The complaint, as we understand it").fill(
        "A leak from the roof has not been repaired after three reports."
    )
    page.get_by_label("The outcomes the resident is seeking").fill("Fix the roof and redecorate the bedroom.")
    page.get_by_label("What we are responsible for").fill("The roof repair and the redecoration.")
    _submit(page, "Acknowledge the complaint")
    _issue_the_letter(page, reference, "complaint")
    expect(page.locator("#current-deadline")).to_contain_text("Stage 1 response due")
    expect(page.locator("#current-deadline")).to_contain_text("(2024 6.3) — due in 10 working days")
    assert _state(reference) == "stage_1_acknowledged"

    # Extend: without the Ombudsman's details it is refused citing 6.5, nothing lost
    _step(page, "Extend the response deadline")
    page.get_by_label("Extend by how many working days?").fill("5")
    page.get_by_label("Reasons, as explained to the resident").fill(
        "The roofer cannot inspect until next week."
    )
    _submit(page, "Extend the deadline")
    expect(page.locator(".govuk-error-summary")).to_contain_text("2024 6.5")
    expect(page.get_by_label("Reasons, as explained to the resident")).to_have_value(
        "The roofer cannot inspect until next week."
    )
    assert_accessible(page)
    page.get_by_label("The resident has been given the Ombudsman's contact details (2024 6.5, 6.16)").check()
    _submit(page, "Extend the deadline")
    _issue_the_letter(page, reference, "stage_1_acknowledged")
    expect(page.locator("#current-deadline")).to_contain_text("due in 15 working days")

    # Respond: without the escalation details it is refused citing 6.9 g
    _step(page, "Send the stage response")
    assert_accessible(page)
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("The decision on the complaint").fill("We uphold your complaint.")
    page.get_by_label("The reasons for any decisions made").fill("The repair was missed twice.")
    page.get_by_label("Details of any remedy offered to put things right").fill(
        "We will pay you £100 for the time and trouble by 31 January 2027."
    )
    page.get_by_label("Details of any outstanding actions").fill(
        "We will redecorate the bedroom by 26 February 2027."
    )
    # the form opens with the landlord's standard words for how to escalate: cleared, it is refused
    route = page.get_by_label("How to escalate to stage 2 if the resident is not satisfied")
    expect(route).to_have_value(re.compile(r"within \d+ working days of the date of this letter"))
    route.fill("")
    _submit(page, "Record the response")
    expect(page.locator(".govuk-error-summary")).to_contain_text("2024 6.9 g")
    assert_accessible(page)
    expect(page.get_by_label("The decision on the complaint")).to_have_value("We uphold your complaint.")
    page.get_by_label("How to escalate to stage 2 if the resident is not satisfied").fill(
        "Ask us to escalate within 20 working days."
    )
    _submit(page, "Record the response")
    _issue_the_letter(page, reference, "stage_1_acknowledged")
    assert _state(reference) == "stage_1_responded"

    # Escalate for the resident, no reason needed (6.12); the stage 1 handler is not offered (6.13)
    _step(page, "Escalate to stage 2 for the resident")
    assert_accessible(page)
    _submit(page, "Escalate to stage 2")
    expect(page.locator("#current-deadline")).to_contain_text("Stage 2 acknowledgement due")
    _step(page, "Allocate a complaint handler")
    options = page.get_by_label("Complaint handler").locator("option").all_inner_texts()
    assert not any("Hana" in option for option in options)
    assert any("Hugo" in option for option in options)
    page.get_by_label("Complaint handler").select_option(
        label="Hugo Tester (Complaint handler): no open complaints"
    )
    _submit(page, "Allocate")
    # Olu acknowledged and answered stage 1, so stage 2 is Hugo's to consider (2024 6.13)
    page.context.clear_cookies()
    sign_in(page, "hugo", PASSWORD)
    page.goto(f"/workspace/complaints/{reference}/")
    _step(page, "Acknowledge and define the complaint")
    page.get_by_label("The complaint, as we understand it").fill("The £100 does not cover the ruined carpet.")
    page.get_by_label("The outcomes the resident is seeking").fill("Replace the carpet.")
    page.get_by_label("What we are responsible for").fill("Damage caused by the leak.")
    _submit(page, "Acknowledge the complaint")
    _issue_the_letter(page, reference, "escalation_requested")
    _step(page, "Send the stage response")
    page.get_by_label("Partly upheld").check()
    page.get_by_label("The decision on the complaint").fill("We partly uphold your complaint.")
    page.get_by_label("The reasons for any decisions made").fill("The carpet was already worn.")
    page.get_by_label("Details of any remedy offered to put things right").fill(
        "We will pay you £150 towards a carpet by 31 January 2027."
    )
    page.get_by_label("Details of any outstanding actions").fill("None.")
    page.get_by_label("How to refer the complaint to the Housing Ombudsman").fill(
        "You can refer your complaint to the Housing Ombudsman on 0300 111 3000."
    )
    _submit(page, "Record the response")
    _issue_the_letter(page, reference, "stage_2_acknowledged")
    assert _state(reference) == "stage_2_responded"
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.stage_1_handler == staff["hana"] and complaint.stage_2_handler == staff["hugo"]

    _step(page, "Close the complaint")
    assert_accessible(page)
    _submit(page, "Close the complaint")
    expect(page.locator(".govuk-tag").first).to_have_text("Closed")
    assert _state(reference) == "closed"
    assert_accessible(page)

    # the rest of the workspace
    page.goto(f"/workspace/complaints/{reference}/documents/")
    assert_accessible(page)
    page.goto(f"/workspace/complaints/{reference}/correspondence/")
    assert_accessible(page)
    page.goto("/workspace/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team and deadlines")
    assert_accessible(page)
    page.goto("/workspace/?q=Adeyemi")
    assert_accessible(page)


def _enter(page: Page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


SUBMIT = "main form[method='post'] button[type='submit']"


def _tab_to(page: Page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until ``selector`` has the focus (reading the focus is not an interaction)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with the Tab key")


def _record_posted_with_the_keyboard(page: Page) -> None:
    """Printed to post (no email address): the day it was posted, recorded with the keyboard on the
    case page; the step counts from that day (2024 5.12)."""
    expect(page.locator(".govuk-notification-banner")).to_contain_text("record the day it was posted")
    _tab_to(page, "#not-yet-sent button[type='submit']")
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as sent on")


def _confirm_with_the_keyboard(page: Page) -> None:
    """Confirm, with the keyboard, each sentence the Code check asks a person to confirm."""
    while page.locator("button[name='confirm']").count():
        _tab_to(page, "button[name='confirm']")
        _enter(page)


def test_the_main_flow_with_the_keyboard_only(page: Page, db: Any, live_server: Any) -> None:
    _staff()
    page.goto("/sign-in/")
    _tab_to(page, "#id_username")
    page.keyboard.type("olu")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work today")
    _tab_to(page, "nav a[href='/workspace/']")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints queue")

    _tab_to(page, "a[href='/workspace/new/'].govuk-button")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a new contact")
    _tab_to(page, "#id_name")
    page.keyboard.type("Kofi Mensah")
    _tab_to(page, "input[name='channel'][value='telephone']")
    page.keyboard.press("Space")
    _tab_to(page, "#id_summary")
    page.keyboard.type(
        "The heating has been broken for two weeks and I am not happy with how long this is taking."
    )
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator("#triage-hint")).to_be_visible()
    reference = page.locator("h1").inner_text().split(":")[0]

    _tab_to(page, "a.govuk-button[href$='/accept-as-complaint/']")
    _enter(page)
    # nothing is chosen for the handler: how stage 1 will be handled is their decision (2024 6.1);
    # Tab reaches a group of radios with none chosen at its first, and Space chooses it
    _tab_to(page, "input[name='route'][value='early_resolution']")
    page.keyboard.press("Space")
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator("#current-deadline")).to_contain_text("(2024 6.2)")

    # allocate a handler, the workload beside each name (open, due this week, overdue)
    _tab_to(page, "a.govuk-button[href$='/allocate-handler/']")
    _enter(page)
    _tab_to(page, "#id_handler")
    expect(page.locator("#id_handler")).to_contain_text("Hana Tester (Complaint handler): no open complaints")
    page.keyboard.type("Hana")
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert Complaint.objects.get(reference=reference).handler.username == "hana"  # type: ignore[union-attr]

    _tab_to(page, "a.govuk-button[href$='/acknowledge/']")
    _enter(page)
    _tab_to(page, "#id_complaint_definition")
    page.keyboard.type("The heating has not been repaired for two weeks.")
    page.keyboard.press("Tab")
    page.keyboard.type("Repair the heating and compensation for the extra costs.")
    page.keyboard.press("Tab")
    page.keyboard.type("The heating repair.")
    _tab_to(page, SUBMIT)
    _enter(page)
    _confirm_with_the_keyboard(page)
    _tab_to(page, "button[name='action'][value='issue']")
    _enter(page)
    _record_posted_with_the_keyboard(page)
    expect(page.locator("#current-deadline")).to_contain_text("(2024 6.3)")

    _tab_to(page, "a.govuk-button[href$='/respond/']")
    _enter(page)
    _tab_to(page, "input[name='outcome'][value='upheld']")
    page.keyboard.press("Space")
    for field, text in (
        ("#id_decision", "We uphold your complaint."),
        ("#id_reasons", "The part was not ordered in time."),
        ("#id_remedy", "We will pay you £40 for heaters by 31 January 2027."),
        ("#id_outstanding_actions", "None."),
    ):
        _tab_to(page, field)
        page.keyboard.type(text)
    # the landlord's standard words for how to escalate, cleared with the keyboard
    _tab_to(page, "#id_escalation_route")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    _tab_to(page, SUBMIT)
    _enter(page)  # escalation details missing: refused, citing 6.9 g
    expect(page.locator(".govuk-error-summary")).to_contain_text("2024 6.9 g")
    _tab_to(page, "#id_escalation_route")
    page.keyboard.type("Ask us to escalate within 20 working days.")
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not yet sent")
    _confirm_with_the_keyboard(page)
    _tab_to(page, "button[name='action'][value='issue']")
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    _record_posted_with_the_keyboard(page)
    assert _state(reference) == "stage_1_responded"

    _tab_to(page, "a.govuk-button[href$='/request-escalation/']")
    _enter(page)
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator("#current-deadline")).to_contain_text("Stage 2 acknowledgement due")
    assert _state(reference) == "escalation_requested"

    # reply to the resident by email from the case, with the keyboard alone
    _tab_to(page, "a.govuk-button[href$='/record/reply/']")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to the resident by email")
    _tab_to(page, "#id_to")
    page.keyboard.type("kofi@example.org")
    _tab_to(page, "#id_body")
    page.keyboard.type("We have escalated your complaint and will write within 5 working days.")
    _tab_to(page, SUBMIT)
    _enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reply recorded")
    assert OutboxEmail.objects.get().to == "kofi@example.org"
