"""The case page's forms for 2024 1.3 (the choice to make a complaint) and 6.8 (new issues raised
during a stage): offered only when the state allows, refusals shown citing the provision with nothing
lost, and the amended definition counting only once its letter is issued."""

from __future__ import annotations

from typing import Any

from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _issue_the_letter, _page, _post, _refresh, _summary

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent


def test_2024_1_3_the_resident_asks_and_the_complaint_is_logged_from_the_case_page(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    contact = make("received")
    assert "offer-choice-to-complain" in _page(client, staff["hana"], contact)
    refused = _post(
        client,
        staff["hana"],
        contact,
        "offer-choice-to-complain",
        {"about": "", "how_offered": "Call", "chose": "not_now"},
    )
    assert refused.status_code == 422
    assert "2024 1.3" in _summary(refused.content.decode())
    response = _post(
        client,
        staff["hana"],
        contact,
        "offer-choice-to-complain",
        {"about": "Third missed visit", "how_offered": "Asked on the call", "chose": "make_a_complaint"},
    )
    assert response.status_code == 302
    assert _refresh(contact).state == "complaint"
    assert "offer-choice-to-complain" not in _page(client, staff["hana"], _refresh(contact))


def test_2024_6_8_new_issues_added_count_once_the_letter_is_issued_and_a_split_is_refused(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("stage_1_acknowledged", handler=staff["hana"])
    fields = {
        "issues": "The kitchen extractor is broken too.",
        "related": "on",
        "reason": "Same ventilation problem",
    }
    refused = _post(
        client,
        staff["hana"],
        complaint,
        "record-new-issues",
        {**fields, "handled": "logged_as_new_complaint"},
    )
    html = refused.content.decode()
    assert "2024 6.8" in _summary(html)
    assert "The kitchen extractor is broken too." in html  # nothing lost
    count = Complaint.objects.count()
    response = _post(
        client, staff["hana"], complaint, "record-new-issues", {**fields, "handled": "added_to_definition"}
    )
    assert Complaint.objects.count() == count
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="new_issues_raised").exists()
    _issue_the_letter(client, staff["hana"], response, complaint)
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="new_issues_raised").exists()
    assert "kitchen extractor" in complaint.stages.get(number=1).complaint_definition
