"""A very long "What they said": refused at every door with a clear message, and never a case page
that times out.

Found in a browser walk: a new contact logged with 225,000 characters pasted into "What did they
say?" was saved, and its case page then hung for 30 seconds and failed (the worker was killed) on
every view, because the triage hint read the whole summary in time that grew with its square. The
hint now reads in time that grows with the length, a summary is bounded at ``SUMMARY_MOST`` (20,000
characters: the API's bound since v1) whatever the door, and the case page hints from at most that
many characters of a summary saved longer before there was a bound.
"""

from __future__ import annotations

import html

import pytest
from api.test_api_v1 import RECEIVED, Api
from django.test import Client
from workspace.conftest import Make
from workspace.test_triage_and_documents import _post_contact

from putright.accounts.models import Role, User
from putright.code.lifecycle import SUMMARY_MOST
from putright.complaints.models import Complaint

#: sentences of what residents say, some with clause breaks and negators, repeated past any bound
SAID = (
    "This is the third time I have reported the leak and nobody has come, I am not happy. "
    "The engineer didn't turn up again; nothing has been fixed and I want to make a complaint. "
)


def _exactly(length: int) -> str:
    text = (SAID * (length // len(SAID) + 1))[: length - 1] + "."
    assert len(text) == length and text == text.strip()
    return text


def test_a_case_page_whose_summary_is_250000_characters_renders(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A summary saved before there was a bound: the page comes back, hint and all, with the whole
    summary on it. Before, the hint alone took longer than the worker was allowed."""
    contact = make("received")
    summary = _exactly(250_000)
    Complaint.objects.filter(pk=contact.pk).update(summary=summary)
    client.force_login(staff["officer"])
    response = client.get(f"/workspace/complaints/{contact.reference}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="triage-hint"' in page and "a complaint" in page.split('id="triage-hint"')[1]
    assert html.escape(summary) in page


def test_what_they_said_longer_than_the_most_is_refused_and_kept_in_the_box(
    client: Client, staff: dict[str, User]
) -> None:
    said = _exactly(SUMMARY_MOST + 1)
    response = _post_contact(client, staff["officer"], summary=said)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"What they said must be {SUMMARY_MOST:,} characters or fewer" in page
    assert 'href="#id_summary"' in page  # the error summary links to the box
    box = page.split('id="id_summary"')[1].split("</textarea>")[0]
    assert box.split(">", 1)[1] == html.escape(said)  # everything typed is still there
    assert f"You can enter up to {SUMMARY_MOST:,} characters" in page  # GOV.UK's character count
    assert not Complaint.objects.exists()


def test_what_they_said_of_exactly_the_most_is_taken_counting_a_line_end_once(
    client: Client, staff: dict[str, User]
) -> None:
    """A browser sends each line end as two characters: counted as saved, once."""
    said = _exactly(SUMMARY_MOST - 100) + "\r\n" * 50 + "z" * 50
    response = _post_contact(client, staff["officer"], summary=said)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(Complaint.objects.get().summary) == SUMMARY_MOST


def test_a_summary_changed_to_longer_than_the_most_is_refused_and_kept(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make(summary="My words as I said them.")
    client.force_login(staff["hana"])
    longer = _exactly(SUMMARY_MOST + 1)
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/record/details/",
        {"summary": longer, "reason": "Pasted the whole email"},
    )
    page = response.content.decode()
    assert response.status_code == 400  # as every refused change to the record
    assert f"Summary must be {SUMMARY_MOST:,} characters or fewer" in page
    assert html.escape(longer) in page
    complaint.refresh_from_db()
    assert complaint.summary == "My words as I said them."


@pytest.mark.django_db
def test_the_api_refuses_a_summary_longer_than_the_most_and_records_nothing() -> None:
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER))
    body = {
        "resident": {"name": "Rita Resident"},
        "channel": "telephone",
        "received_on": RECEIVED,
        "summary": _exactly(SUMMARY_MOST + 1),
    }
    answer = officer.post("/complaints", body)
    assert answer.status_code == 422, answer.content
    assert any(item["loc"][-1] == "summary" for item in answer.json()["detail"])
    assert not Complaint.objects.exists()
    taken = officer.post("/complaints", {**body, "summary": _exactly(SUMMARY_MOST)})
    assert taken.status_code == 201, taken.content


def test_a_summary_saved_before_the_bound_does_not_stop_other_details_being_put_right(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """helper-120: a summary of 25,000 characters saved before the bound made the details page refuse
    a change of category until staff cut the resident's own words. Unchanged, it is kept; changed, it
    is bounded."""
    from putright.complaints.models import Category

    complaint = make(summary="x")
    old = ("The damp. " * 2_500).strip()
    Complaint.objects.filter(pk=complaint.pk).update(summary=old)
    other = Category.objects.create(slug="noise", name="Noise")
    client.force_login(staff["hana"])
    url = f"/workspace/complaints/{complaint.reference}/record/details/"
    kept = client.post(url, {"summary": old, "category": str(other.pk), "reason": "Wrong category"})
    assert kept.status_code == 302, kept.content.decode()[:500]
    complaint.refresh_from_db()
    assert complaint.category_id == other.pk and complaint.summary == old
    longer = client.post(url, {"summary": old + "More.", "category": str(other.pk), "reason": "Added"})
    assert longer.status_code == 400 and "characters or fewer" in longer.content.decode()
