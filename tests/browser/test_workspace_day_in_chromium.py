"""A complaints team's working day in real Chromium, every page scanned by axe-core (WCAG 2.2 AA),
error states included:

1. keep the record right: change contact details, record and review a reasonable adjustment (2024
   5.10) with the GOV.UK date input, restrict contact with the Equality Act regard and go to the
   letter telling the resident (5.14, 5.15); each change on the timeline; end the restriction at its
   review and go to the letter telling the resident it has ended;
2. talk to the resident: reply by email, sent after commit over real SMTP (aiosmtpd) with its
   delivery status, and an internal note marked staff only;
3. share the load: my work today as the landing page, workload beside each name when allocating,
   and moving a handler's complaints with the refusals listed (2024 6.13);
4. export the queue as XLSX in one click, read back with openpyxl;
5. the resident sees their own words and the definition on the tracking page.
``PUTRIGHT_SCREENSHOTS=1`` also saves the README's screenshots."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from browser.conftest import assert_accessible, fill_date, sign_in
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from portal_helpers import body_of, responded_today, smtp
from test_portal_track import sign_in_with_code

from putright.accounts.models import Role, Team, User
from putright.complaints import services
from putright.complaints.models import Complaint, ContactRestriction, ReasonableAdjustment, Resident
from putright.letters.models import LetterDraft
from putright.workspace.models import Amendment, OutboxEmail

__all__ = ["smtp"]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _shot(page: Page, name: str) -> None:
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _people() -> dict[str, User]:
    north = Team.objects.create(name="North")

    def user(username: str, first: str, role: str) -> User:
        return User.objects.create_user(
            username,
            password=PASSWORD,
            first_name=first,
            last_name="Tester",
            role=role,
            team=north,
            email=f"{username}@landlord.example",
        )

    return {
        "officer": user("olu", "Olu", Role.COMPLAINTS_OFFICER),
        "hana": user("hana", "Hana", Role.COMPLAINT_HANDLER),
        "hugo": user("hugo", "Hugo", Role.COMPLAINT_HANDLER),
    }


@services.recording_as_it_happened()  # a complaint days old, each step recorded on its day
def _complaint(
    staff: dict[str, User], name: str = "Grace Adeyemi", handler: str = "hana", days_ago: int = 0
) -> Complaint:
    resident = services.create_resident(name=name, email="grace@example.org", phone="0113 496 0001")
    received = timezone.localdate() - timedelta(days=days_ago)
    complaint = services.receive_complaint(
        resident=resident,
        summary="The roof leaked again into the bedroom and nobody came back.",
        channel="telephone",
        actor=staff["officer"],
        accept=True,
        received_on=received,
    )
    complaint = services.allocate_handler(
        complaint=complaint, actor=staff["officer"], handler=staff[handler], on=received
    )
    return services.acknowledge_complaint(
        complaint=complaint,
        actor=staff[handler],
        complaint_definition="The roof repair failed twice and the bedroom was damaged.",
        outcomes_sought="Fix the roof and redecorate.",
        responsible_for="The roof repair and redecoration.",
        on=received,
    )


def test_keep_the_record_right_in_the_browser(page: Page, db: Any, live_server: Any) -> None:
    staff = _people()
    complaint = _complaint(staff)
    sign_in(page, "hana", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work today")
    assert_accessible(page)
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    assert_accessible(page)

    page.get_by_role("link", name="Change contact details").click()
    page.get_by_label("Phone number").fill("07700 900999")
    page.get_by_role("button", name="Save the change").click()  # no reason: refused, nothing lost
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are making this change")
    expect(page.get_by_label("Phone number")).to_have_value("07700 900999")
    assert_accessible(page)
    page.get_by_label("Why are you making this change?").fill("Grace phoned with her new mobile")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact details changed")
    assert Resident.objects.get(pk=complaint.resident_id).phone == "07700 900999"

    page.get_by_role("link", name="Record a reasonable adjustment").click()
    assert_accessible(page)
    page.get_by_label("What adjustment has been agreed?").fill("Letters in large print")
    page.get_by_label("Disability the resident has disclosed").fill("Sight loss")
    fill_date(page, "Date of the first review", timezone.localdate() - timedelta(days=1))
    page.get_by_role("button", name="Record the adjustment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("2024 5.10")
    assert_accessible(page)
    fill_date(page, "Date of the first review", timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Record the adjustment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reasonable adjustment recorded")
    expect(page.locator(".putright-flags")).to_contain_text("Vulnerable")
    expect(page.locator("#vulnerable-reason")).to_contain_text("Sight loss")

    page.get_by_role("link", name=re.compile("^Review Letters in large print")).click()
    page.get_by_label("What did the review find?").fill("Spoke to Grace: still needed")
    fill_date(page, "Date of the next review", timezone.localdate() + timedelta(days=180))
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review recorded")
    assert ReasonableAdjustment.objects.get().reviewed_on == timezone.localdate()

    page.get_by_role("link", name="Restrict contact").click()
    assert_accessible(page)
    page.get_by_label("What is the restriction, and how can the resident still contact us?").fill(
        "Contact by email to Hana only"
    )
    page.get_by_label("The evidence for the restriction").fill("Abusive calls on 3 and 4 March, recorded")
    page.get_by_label("How has the Equality Act 2010 been considered?").fill(
        "Sight loss considered: email read aloud by her software suits her"
    )
    fill_date(page, "Date of the review", timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Record the restriction and draft the letter").click()
    expect(page).to_have_url(re.compile(r"/letters/.+/drafts/\d+/$"))
    assert ContactRestriction.objects.filter(resident_id=complaint.resident_id).count() == 1

    page.goto(f"/workspace/complaints/{complaint.reference}/#timeline")
    timeline = page.locator("#timeline + ol")
    for title in (
        "Contact details changed",
        "Reasonable adjustment recorded",
        "Reasonable adjustment reviewed",
        "Contact restriction recorded",
    ):
        expect(timeline).to_contain_text(title)
    expect(timeline).to_contain_text("Grace phoned with her new mobile")
    assert Amendment.objects.count() == 4  # contact details, adjustment, its review, restriction
    assert_accessible(page)
    _shot(page, "workspace-case-record.png")

    # the review ends the restriction, and the resident is told in writing (2024 5.14)
    page.get_by_role("link", name="Review the restriction").click()
    assert_accessible(page)
    page.get_by_label("The restriction ends").check()
    fill_date(page, "^Date of the review", timezone.localdate())
    page.get_by_label("Why?").fill("No further incidents since the restriction began")
    page.get_by_role("button", name="Record the review and draft the letter").click()
    expect(page).to_have_url(re.compile(r"/letters/.+/drafts/\d+/$"))
    expect(page.locator("main")).to_contain_text("Contact restriction ended")
    assert LetterDraft.objects.get(kind="contact-restriction-ended").title == "You can contact us as before"
    assert_accessible(page)
    assert ContactRestriction.objects.get(resident_id=complaint.resident_id).ended_on == timezone.localdate()


def test_talk_to_the_resident_in_the_browser(
    page: Page, transactional_db: Any, live_server: Any, smtp: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    staff = _people()
    complaint = _complaint(staff)
    sign_in(page, "hana", PASSWORD)
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    page.get_by_role("button", name="Reply by email").click()
    expect(page.get_by_label("To")).to_have_value("grace@example.org")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the message")
    assert_accessible(page)
    page.get_by_label("Message").fill("The roofer is booked for Monday morning.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reply recorded")
    (message,) = smtp.wait_for("grace@example.org")
    assert "roofer is booked" in body_of(message)
    page.reload()
    expect(page.locator("#timeline + ol")).to_contain_text("Sent")
    assert OutboxEmail.objects.get().status == "sent"

    page.get_by_role("button", name="Add an internal note").click()
    page.get_by_label("Internal note").fill("Grace prefers mornings; the roofer knows.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator(".putright-timeline__entry", has_text="Grace prefers mornings")).to_contain_text(
        "Staff only"
    )
    assert_accessible(page)
    _shot(page, "workspace-talk.png")


def test_share_the_load_in_the_browser(page: Page, db: Any, live_server: Any) -> None:
    staff = _people()
    mine = _complaint(staff, "Ada Brown", handler="hugo", days_ago=21)  # response overdue
    _complaint(staff, "Ben Clark", handler="hugo", days_ago=10)
    waiting = services.receive_complaint(
        resident=services.create_resident(name="Dee Evans"),
        summary="Nobody has replied about the damp.",
        channel="email",
        actor=staff["officer"],
        accept=True,
    )
    sign_in(page, "olu", PASSWORD)
    page.goto(f"/workspace/complaints/{waiting.reference}/allocate-handler/")
    expect(page.locator("main")).to_contain_text("Hugo Tester (Complaint handler): 2 open, ")
    assert_accessible(page)
    page.goto("/workspace/team/")
    expect(page.locator("#workload + table")).to_contain_text("Due this week")
    assert_accessible(page)
    page.get_by_role("link", name="Reassign a handler's open complaints").click()
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Whose open complaints?").select_option(value=str(staff["hugo"].pk))
    page.get_by_label("Allocate them to").select_option(value=str(staff["hana"].pk))
    page.get_by_label("Why?").fill("Hugo on leave this week")
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator("#reassign-result")).to_contain_text("2 complaints reassigned")
    assert Complaint.objects.get(pk=mine.pk).handler == staff["hana"]
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "hana", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work today")
    expect(page.locator("#overdue + div table")).to_contain_text(mine.reference)
    assert_accessible(page)
    _shot(page, "workspace-today.png")


def test_export_the_queue_in_the_browser(page: Page, db: Any, live_server: Any) -> None:
    staff = _people()
    for name in ("Ada Brown", "Ben Clark", "=SUM(1)"):
        _complaint(staff, name)
    sign_in(page, "olu", PASSWORD)
    page.goto("/workspace/?q=Brown")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Excel")).click()
    path = download.value.path()
    rows = list(load_workbook(io.BytesIO(Path(path).read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "Reference" and [r[1] for r in rows[1:]] == ["Ada Brown"]
    page.goto("/workspace/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Excel")).click()
    rows = list(
        load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active.iter_rows(values_only=True)
    )
    assert "'=SUM(1)" in [r[1] for r in rows]


def test_residents_see_their_own_words_in_the_browser(page: Page, db: Any, smtp: Any) -> None:
    complaint = responded_today()
    services.record_correspondence(
        complaint=complaint,
        actor=None,
        direction="in",
        channel="email",
        subject="More about the fan",
        body="It started rattling again last night.",
        correspondent="rita@example.org",
    )
    sign_in_with_code(page, smtp, complaint.reference)
    expect(page.locator("#as-made")).to_contain_text("The bathroom fan has not worked since March.")
    expect(page.get_by_role("heading", name="How we have understood your complaint")).to_be_visible()
    expect(page.get_by_text("The fan was not repaired after two reports.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("It started rattling again last night.")
    assert_accessible(page)
    _shot(page, "portal-own-words.png")
