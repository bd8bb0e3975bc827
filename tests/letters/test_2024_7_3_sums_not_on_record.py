"""2024 7.3: a remedy the letter offers is followed through only when it is on the record. A stage 2
response that promised £400 while only an earlier £150 remedy was recorded was seen in a walk: the
governing body, the reminders and the Ombudsman would have seen £150. The draft page now names the
sums of money a response or remedy letter gives that no recorded remedy is for, and asks; it never
refuses (a letter names the rent or a bill too)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from putright.letters import services

pytestmark = pytest.mark.django_db


def _page(client: Client, complaint: Any, draft: Any) -> str:
    return client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/").content.decode()


def test_a_sum_the_record_does_not_hold_is_asked_about_never_refused(
    case_for_kind: Any, letterhead: Any, handler_1: Any
) -> None:
    complaint = case_for_kind("remedy-offer")
    recorded = [r.amount_pence for r in complaint.remedies.all() if r.amount_pence]
    assert recorded, "the remedy letter's case has a financial remedy"
    draft = services.start_draft(complaint=complaint, kind="remedy-offer", actor=handler_1)
    client = Client()
    client.force_login(handler_1)
    # the letter as drafted from the record: its sums are the remedies'
    assert not services.sums_to_ask(complaint, draft.kind, draft.body)
    page = _page(client, complaint, draft)
    assert 'id="sums-not-on-record"' not in page
    can_issue = not re.search(r'value="issue"[^>]*disabled', page)
    services.update_draft(draft=draft, body=draft.body + "\n\nWe will also pay you £400 for the distress.\n")
    page = _page(client, complaint, draft)
    warning = re.search(r'id="sums-not-on-record".*?</strong>', page, re.S)
    assert warning, page
    assert "This letter names £400, which no remedy recorded on this complaint is for" in warning.group(0)
    assert f'href="/workspace/complaints/{complaint.reference}/agree-remedy/"' in warning.group(0)
    # asked, not refused: Issue is as available as before
    assert (not re.search(r'value="issue"[^>]*disabled', page)) == can_issue
    assert client.get(f"/workspace/complaints/{complaint.reference}/agree-remedy/").status_code == 200


def test_only_letters_that_offer_remedies_are_asked_about(case_for_kind: Any) -> None:
    complaint = case_for_kind("remedy-offer")
    assert not services.sums_to_ask(complaint, "stage1-acknowledgement", "Your rent is £120.")
    assert services.sums_to_ask(complaint, "stage1-response", "Your rent is £120.").not_on_record == ["£120"]


def test_the_api_draft_names_them_too(case_for_kind: Any, handler_1: Any) -> None:
    from letters.conftest import api_as

    complaint = case_for_kind("remedy-offer")
    api = api_as(handler_1)
    body = "Dear Rita\n\nWe will pay you £400 by 1 March 2031.\n"
    made = api("post", f"/complaints/{complaint.reference}/letters", {"kind": "remedy-offer", "body": body})
    assert made.status_code == 201, made.content
    assert made.json()["sums_not_on_record"] == ["£400"]


def test_a_letter_drafted_before_its_remedy_was_withdrawn_is_asked_about(
    case_for_kind: Any, letterhead: Any, handler_1: Any
) -> None:
    """Found by an adversarial review: the remedy letter drafted offering the remedy, then the remedy
    withdrawn as recorded in error; the letter could be issued offering it, with no word."""
    from putright.complaints import services as complaint_services

    complaint = case_for_kind("remedy-offer")
    draft = services.start_draft(complaint=complaint, kind="remedy-offer", actor=handler_1)
    remedy = next(r for r in complaint.remedies.all() if r.amount_pence)
    complaint_services.withdraw_remedy(
        complaint=complaint, actor=handler_1, number=remedy.number, ground="recorded_in_error", reason="Twice"
    )
    sums = services.sums_to_ask(complaint, draft.kind, draft.body)
    assert sums.withdrawn == [services.pounds(remedy.amount_pence)] and not sums.not_on_record
    client = Client()
    client.force_login(handler_1)
    page = _page(client, complaint, draft)
    assert 'id="sums-of-withdrawn-remedies"' in page and "the sum of a remedy since withdrawn" in page
