"""A handler puts things right as the Ombudsman would, in Chromium: records the failures found (23
days without heating, 2 missed appointments), sees the proposal (£375, each sum with its rule and
source, 2024 7.4), accepts it, issues the remedy offer letter showing it, and produces the complaint
file for the Ombudsman: the PDF is downloaded and opened (page count, contents, every letter) and
the ZIP's manifest is checked file by file. Every page passes axe-core's WCAG 2.2 AA checks.
``PUTRIGHT_SCREENSHOTS=1`` also saves the proposal page for the README."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from browser.conftest import assert_accessible, fill_date, sign_in
from django.utils import timezone
from letters.conftest import (  # noqa: F401
    build,
    case_for_kind,
    handler_1,
    handler_2,
    letterhead,
    officer,
    pdf_info,
    pdf_text,
    resident,
)
from playwright.sync_api import Page, expect

from putright.letters.models import IssuedLetter
from putright.ombudsman.models import ComplaintFileProduced, RemedyDecision

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _download(page: Page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_2024_7_4_handler_accepts_the_proposal_and_produces_the_complaint_file(
    page: Page, case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    page.set_default_timeout(
        60_000
    )  # issuing a letter and producing the file render PDFs on a shared machine
    handler_1.set_password("correct horse battery")
    handler_1.save()
    complaint = case_for_kind("remedy-offer")
    sign_in(page, "handler1", "correct horse battery")
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today - timedelta(days=8)  # 23 days, both counted

    page.goto(f"/workspace/complaints/{complaint.reference}/")
    expect(page.get_by_role("heading", name="Putting things right (2024 7.1-7.4)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a failure found").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a failure found")
    assert_accessible(page)
    page.get_by_label("What went wrong").select_option("loss_of_heating")
    fill_date(page, "^From", start)
    fill_date(page, "^To", end)
    page.get_by_label("Details (optional)").fill("Boiler broken, no heating at all")
    page.get_by_role("button", name="Record the failure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Failure recorded")

    page.get_by_role("link", name="Record a failure found").click()
    page.get_by_label("What went wrong").select_option("missed_appointment")
    page.get_by_role("button", name="Record the failure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("give count")  # refused, with the reason
    assert_accessible(page)
    page.get_by_label("How many times (optional)").fill("2")
    page.get_by_role("button", name="Record the failure").click()

    page.get_by_role("link", name="See the proposed compensation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed compensation")
    expect(page.get_by_text("23 days × £15 = £345")).to_be_visible()
    expect(page.get_by_text("2 × £15 = £30")).to_be_visible()
    expect(page.locator("#proposed-total")).to_have_text("£375.00")
    expect(page.get_by_text("Compensation Guidance (published 3 February 2026").first).to_be_visible()
    assert_accessible(page)
    if os.environ.get("PUTRIGHT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "putting-right-proposal.png"), full_page=True)
    fill_date(page, "Date it will be paid by", today + timedelta(days=14))
    page.get_by_label("Agreed with the resident").check()
    page.get_by_role("button", name="Agree the remedy").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("compensation of £375.00")
    expect(page.get_by_text("£345.00, accepted the proposal")).to_be_visible()
    assert RemedyDecision.objects.filter(complaint=complaint, decision="accepted").count() == 2
    assert_accessible(page)

    # the remedy offer letter shows the remedy without retyping
    page.goto(f"/letters/{complaint.reference}/new/")
    page.get_by_label("Remedy offer").check()
    page.get_by_role("button", name="Continue").click()
    body = page.get_by_label("Letter", exact=True)
    assert "Compensation of £375" in body.input_value()
    expect(page.locator("#shortfall-warning")).to_have_count(0)  # nothing below the defined sums
    page.get_by_role("button", name="Check the letter").click()
    page.get_by_role("button", name="Issue letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter issued")
    letters = list(IssuedLetter.objects.filter(complaint=complaint))
    assert any("Compensation of £375" in letter.rendered_text for letter in letters)

    # the complaint file, in one click
    page.goto(f"/workspace/complaints/{complaint.reference}/")
    page.get_by_role("link", name="Complaint file for the Ombudsman").click()
    assert_accessible(page)
    page.get_by_role("button", name="Produce the complaint file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Complaint file produced")
    assert_accessible(page)
    record = ComplaintFileProduced.objects.get(complaint=complaint)

    pdf = _download(page, "PDF")
    assert hashlib.sha256(pdf).hexdigest() == record.pdf_sha256
    info = pdf_info(pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert pages == record.pages >= 10
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Contents" in text and "4. Letters as issued" in flat
    assert f"Page {pages} of {pages}" in flat
    for letter in letters:
        assert letter.title in flat
    assert "23 days × £15 = £345" in flat

    archive = zipfile.ZipFile(io.BytesIO(_download(page, "ZIP of originals")))
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"], entry["path"]
    issued_pdfs = {e["sha256"] for e in manifest["files"] if e["path"].startswith("letters/")}
    assert {letter.pdf_sha256 for letter in letters} <= issued_pdfs
