"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so"; 2.2 lists "Matters that have previously been
considered under the complaints policy". Refusing the escalation on that ground needs the earlier
complaint that considered the matter (helper-120's walk: "we already considered your complaint at stage
1"), but "Decline the complaint" after the stage 2 acknowledgement is the same refusal through another
door, and asked for nothing: the stage 1 handler's loophole was open there, and the refusal letter's
sentence naming the earlier complaint was blank. The decline page now asks for it from stage 2, and a
decline without it is refused at that question, with what was typed kept. At stage 1 a new complaint
about a matter considered before is the ordinary case: the question is optional, and an answer is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_6_13_the_workspace_offers_no_stage_2_decline_to_the_stage_1_handler import (
    _stage_2_acknowledged,
)
from workspace.test_case_page_and_actions import _issue_the_letter, _post, _summary

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent
from putright.letters.models import IssuedLetter

pytestmark = pytest.mark.django_db

QUESTION = "Which earlier complaint considered the matter?"

DECLINE = {
    "ground": "previously_considered",
    "explanation": "We have already considered your complaint at stage 1.",
    "considered_on_merits": "No new issue was raised.",
    "right_to_ombudsman_given": "on",
}


def test_2024_5_11_declining_at_stage_2_on_its_own_stage_1_is_refused_at_the_question(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    client.force_login(staff["hugo"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    assert QUESTION in page and f"{QUESTION} (optional)" not in page
    assert page.index('name="previously_considered_in"') < page.index('name="explanation"')
    html = _post(client, staff["hugo"], complaint, "decline", {**DECLINE}).content.decode()
    summary = _summary(html)
    assert "2024 5.11" in summary and 'href="#id_previously_considered_in"' in summary
    assert "We have already considered your complaint at stage 1." in html  # kept
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
    # naming this complaint is no earlier complaint either
    own = {**DECLINE, "previously_considered_in": complaint.reference}
    html = _post(client, staff["hugo"], complaint, "decline", own).content.decode()
    assert 'href="#id_previously_considered_in"' in _summary(html)
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
    named = {**DECLINE, "previously_considered_in": "Our old system, case 2019/0451"}
    held = _post(client, staff["hugo"], complaint, "decline", named)
    _issue_the_letter(client, staff["hugo"], held, complaint)
    # the refusal letter names it: "Landlords must clearly set out these reasons" (5.11)
    letter = IssuedLetter.objects.get(complaint=complaint, kind="decision-not-to-escalate")
    assert "We considered this matter before, in Our old system, case 2019/0451." in letter.rendered_text
    event = ComplaintEvent.objects.get(complaint=complaint, kind="declined")
    assert event.data["previously_considered_in"] == "Our old system, case 2019/0451"


def test_2024_2_2_declining_a_new_complaint_as_previously_considered_needs_no_earlier_complaint(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("received")
    client.force_login(staff["officer"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    assert f"{QUESTION} (optional)" in page
    _issue_the_letter(
        client, staff["officer"], _post(client, staff["officer"], complaint, "decline", DECLINE), complaint
    )
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
    # given, it is kept and shown on the record
    other = make("received")
    # the first complaint, by its own reference (PostgreSQL's numbering does not start at PR-000001, and
    # a reference that names no complaint reads as one the reader cannot see)
    earlier = f"Complaint {complaint.reference}"
    named = {**DECLINE, "previously_considered_in": earlier}
    _issue_the_letter(
        client, staff["officer"], _post(client, staff["officer"], other, "decline", named), other
    )
    event = ComplaintEvent.objects.get(complaint=other, kind="declined")
    assert event.data["previously_considered_in"] == earlier
    page = client.get(f"/workspace/complaints/{other.reference}/").content.decode()
    assert f"Previously considered in: {earlier}" in page


def test_2024_5_11_a_stage_2_decline_asks_for_its_reasons_under_5_11_on_their_field(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    client.force_login(staff["hugo"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    # the hint over the reasons cites the refusal to escalate, not a complaint not accepted (2.4)
    assert "(2024 5.11)" in page.split('name="explanation"')[0].rsplit("<label", 1)[1]
    unexplained = {**DECLINE, "ground": "legal_proceedings", "explanation": ""}
    html = _post(client, staff["hugo"], complaint, "decline", unexplained).content.decode()
    summary = _summary(html)
    assert "2024 5.11" in summary and 'href="#id_explanation"' in summary
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
