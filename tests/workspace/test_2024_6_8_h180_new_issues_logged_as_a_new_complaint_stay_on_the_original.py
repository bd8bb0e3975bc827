"""2024 6.8: new issues logged as a new complaint stay on the record of the complaint they were
raised on: the issues, how they were handled and the new complaint's reference, on the case page
(with a link), and in the Ombudsman complaint file. A browser walk found only "New issues recorded."
and the reason typed; the new issues field, required, was labelled "(optional)" and refused blank as
"the new issues the resident raised is required"; and the new complaint took the original's
category ("Repairs" for a noise issue) with nothing on the form to choose another."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _page, _post, _summary

from putright.accounts.models import User
from putright.complaints.models import Category, Complaint
from putright.complaints.services import allocate_handler
from putright.ombudsman.casefile import _context

pytestmark = pytest.mark.django_db

ISSUES = "The neighbours' music keeps the resident awake every night."
REASON = "Stage 1 response already issued; a different matter."


def _logged(client: Client, staff: dict[str, User], make: Make, **extra: str) -> tuple[Complaint, Complaint]:
    complaint = make("stage_1_responded", handler=staff["hana"])
    response = _post(
        client,
        staff["hana"],
        complaint,
        "record-new-issues",
        {"issues": ISSUES, "handled": "logged_as_new_complaint", "reason": REASON, **extra},
    )
    assert response.status_code == 302, _summary(response.content.decode())
    new = Complaint.objects.exclude(pk=complaint.pk).get(resident=complaint.resident)
    return complaint, new


def test_2024_6_8_the_original_case_page_shows_the_issues_and_links_the_new_complaint(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, new = _logged(client, staff, make)
    html = _page(client, staff["hana"], complaint)
    timeline = html.split('id="timeline"', 1)[1]
    assert ISSUES.replace("'", "&#x27;") in timeline
    assert f"Logged as a new complaint: {new.reference}" in timeline
    assert "not related to the issues being investigated" in timeline
    assert f"Reason: {REASON}" in timeline
    assert f'href="/workspace/complaints/{new.reference}/"' in timeline
    # and the new complaint names, and links, the one it was logged from
    other = _page(client, staff["hana"], new).split('id="timeline"', 1)[1]
    assert f"Logged as a new complaint from new issues raised on {complaint.reference}" in other
    assert f'href="/workspace/complaints/{complaint.reference}/"' in other


def test_2024_6_8_the_complaint_file_shows_the_issues_and_the_new_complaint(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, new = _logged(client, staff, make)
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff["officer"])
    html = render_to_string("ombudsman/complaint_file.html", context)
    (row,) = [r for r in html.split("<tr>") if "New issues raised" in r]
    assert f"Logged as a new complaint: {new.reference}" in row
    assert ISSUES.replace("'", "&#x27;") in row


def test_2024_6_8_the_new_issues_field_is_required_and_says_so(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_responded", handler=staff["hana"])
    form = _page(client, staff["hana"], complaint, "record-new-issues")
    assert "What new issues did the resident raise? (optional)" not in form
    assert "What new issues did the resident raise?" in form
    assert "Reason for this choice (optional)" not in form
    refused = _post(
        client,
        staff["hana"],
        complaint,
        "record-new-issues",
        {"issues": " ", "handled": "logged_as_new_complaint", "reason": REASON},
    )
    html = refused.content.decode()
    assert "Enter the new issues the resident raised" in _summary(html)
    assert REASON in html  # nothing lost


def test_2024_6_8_the_officer_chooses_the_new_complaints_category(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    noise = Category.objects.create(slug="noise", name="Noise")
    complaint = make("stage_1_responded", handler=staff["hana"])
    assert complaint.category is not None
    form = _page(client, staff["hana"], complaint, "record-new-issues")
    assert f"The same as this complaint ({complaint.category})" in form
    _, new = _logged(client, staff, make, category=str(noise.pk))
    assert new.category == noise


def test_2024_6_8_left_blank_the_new_complaint_keeps_the_original_category(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, new = _logged(client, staff, make)
    assert new.category == complaint.category


def test_2024_6_8_the_original_links_the_new_complaint_only_for_a_reader_who_may_open_it(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The new complaint went to another team's handler: the original's reader (in the first team)
    may not open it, so the record says what became of the issues with no link to "Page not found"
    (as the governance lists link only complaints the reader may open)."""
    complaint, new = _logged(client, staff, make)
    allocate_handler(complaint=new, actor=staff["officer"], handler=staff["sian"])
    client.force_login(staff["hana"])
    assert client.get(f"/workspace/complaints/{new.reference}/").status_code == 404
    timeline = _page(client, staff["hana"], complaint).split('id="timeline"', 1)[1]
    assert "Logged as a new complaint" in timeline
    assert f'href="/workspace/complaints/{new.reference}/"' not in timeline
    # a complaints officer, who may open both, keeps the link
    timeline = _page(client, staff["officer"], complaint).split('id="timeline"', 1)[1]
    assert f'href="/workspace/complaints/{new.reference}/"' in timeline
