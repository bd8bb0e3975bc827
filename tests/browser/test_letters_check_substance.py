"""The Code check judges what a letter says, in Chromium and through the API: a stage 2 response whose
2024 6.19 g section is nonsense, or whose Ombudsman telephone number is wrong, cannot be issued from
the workspace or the API; a complete letter in a council's own house style (numbered headings, no
PutRight markers) can. Every page passes axe-core's WCAG 2.2 AA checks."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from browser.conftest import assert_accessible, sign_in
from letters.conftest import (  # noqa: F401
    build,
    case_for_kind,
    handler_1,
    handler_2,
    letterhead,
    officer,
    resident,
)
from playwright.sync_api import Page, expect

from putright.accounts.services import create_api_token
from putright.letters.models import IssuedLetter

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "letters" / "corpus"
NONSENSE = (CORPUS / "putright-2024-stage2-response-nonsense-in-the-route.txt").read_text(encoding="utf-8")
WRONG_NUMBER = (CORPUS / "ha-2024-stage2-response-wrong-ombudsman-number.txt").read_text(encoding="utf-8")
COUNCIL = (CORPUS / "council-2024-stage2-response.txt").read_text(encoding="utf-8")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _write(page: Page, reference: str, body: str) -> None:
    page.goto(f"/letters/{reference}/new/?kind=stage2-response")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage 2 response")
    page.get_by_label("Letter", exact=True).fill(body)
    page.get_by_role("button", name="Check the letter").click()
    expect(page.locator("#code-check-heading")).to_be_visible()


def _server_refuses(page: Page) -> int:
    status: int = page.evaluate(
        """async (url) => {
            const form = document.querySelector('form[method=post]');
            const data = new FormData(form);
            data.set('action', 'issue');
            const response = await fetch(url, {method: 'POST', body: data});
            return response.status;
        }""",
        page.url,
    )
    return status


def test_2024_6_19_g_nonsense_or_a_wrong_ombudsman_number_cannot_be_issued_a_council_letter_can(
    page: Page, case_for_kind: Any, handler_2: Any, letterhead: Any
) -> None:
    handler_2.set_password("correct horse battery")
    handler_2.save()
    sign_in(page, "handler2", "correct horse battery")

    # nonsense in the marked 6.19 g section
    nonsense_case = case_for_kind("stage2-response")
    _write(page, nonsense_case.reference, NONSENSE)
    row = page.locator(".govuk-summary-list__row", has_text="2024 6.19 g")
    expect(row.locator(".govuk-tag")).to_have_text("Missing")
    expect(page.get_by_role("button", name="Issue letter")).to_be_disabled()
    assert_accessible(page)
    assert _server_refuses(page) == 422

    # a wrong Ombudsman telephone number in a housing association's letter
    wrong_case = case_for_kind("stage2-response")
    _write(page, wrong_case.reference, WRONG_NUMBER)
    row = page.locator(".govuk-summary-list__row", has_text="2024 6.19 g")
    expect(row.locator(".govuk-tag")).to_have_text("Wrong")
    expect(row).to_contain_text("0300 111 3900")
    expect(page.get_by_role("button", name="Issue letter")).to_be_disabled()
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "letters-check-wrong-ombudsman-number.png"), full_page=True)
    assert_accessible(page)
    assert _server_refuses(page) == 422
    assert not IssuedLetter.objects.exists()

    # through the API: the same two letters are refused with a 422 naming 6.19 g
    token, _ = create_api_token(user=handler_2, name="browser test")
    headers = {"Authorization": f"Bearer {token}"}
    for complaint, body in ((nonsense_case, NONSENSE), (wrong_case, WRONG_NUMBER)):
        drafted = page.request.post(
            f"/api/v1/complaints/{complaint.reference}/letters",
            data={"kind": "stage2-response", "body": body},
            headers=headers,
        )
        assert drafted.status == 201, drafted.text()
        refused = page.request.post(
            f"/api/v1/complaints/{complaint.reference}/letters/{drafted.json()['id']}/issue", headers=headers
        )
        assert refused.status == 422
        assert "2024 6.19 g" in refused.json()["detail"] or refused.json().get("provision") == "2024 6.19 g"
    assert not IssuedLetter.objects.exists()

    # a complete letter in the council's house style: numbered headings, no markers
    council_case = case_for_kind("stage2-response")
    _write(page, council_case.reference, COUNCIL)
    expect(page.get_by_text("Every element the Code requires of this letter is present.")).to_be_visible()
    row = page.locator(".govuk-summary-list__row", has_text="2024 6.19 d")
    expect(row).to_contain_text("The repairs records show")
    assert_accessible(page)
    page.get_by_role("button", name="Issue letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    assert IssuedLetter.objects.filter(complaint=council_case).count() == 1


def test_a_complete_council_letter_can_be_issued_through_the_api(
    page: Page, case_for_kind: Any, handler_2: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage2-response")
    token, _ = create_api_token(user=handler_2, name="browser test")
    headers = {"Authorization": f"Bearer {token}"}
    drafted = page.request.post(
        f"/api/v1/complaints/{complaint.reference}/letters",
        data={"kind": "stage2-response", "body": COUNCIL},
        headers=headers,
    )
    assert drafted.status == 201
    assert drafted.json()["can_issue"] is True
    issued = page.request.post(
        f"/api/v1/complaints/{complaint.reference}/letters/{drafted.json()['id']}/issue", headers=headers
    )
    assert issued.status == 201, issued.text()
