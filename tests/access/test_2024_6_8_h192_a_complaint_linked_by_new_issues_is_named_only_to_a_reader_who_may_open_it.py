"""2024 6.8: new issues logged as a new complaint stay on the record of the one they were raised on,
linked both ways. The case page hid the link from a reader who may not open the other complaint
(another team's, or restricted to other people), but the case page, the API's timeline (its summary
and its data) and the Ombudsman complaint file still gave its reference. Each door now asks the one
policy (``access.policy.complaints_opened``) and names it "a complaint you cannot see", the words the
governance lists and reports use for a row the reader may not see, never saying why."""

from __future__ import annotations

import json

import pytest
from api.test_api_v1 import Api
from django.template.loader import render_to_string
from django.test import Client
from workspace.conftest import Make
from workspace.test_2024_6_8_h180_new_issues_logged_as_a_new_complaint_stay_on_the_original import (
    ISSUES,
    _logged,
)
from workspace.test_case_page_and_actions import _page

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.complaints.services import allocate_handler
from putright.ombudsman.casefile import _context

pytestmark = pytest.mark.django_db

CANNOT_SEE = "Logged as a new complaint you cannot see"


def _other_teams(client: Client, staff: dict[str, User], make: Make) -> tuple[Complaint, Complaint]:
    """Hana (north) logged the new issues; the new complaint went to Sian (south): Hana may open the
    original, not the new one."""
    complaint, new = _logged(client, staff, make)
    allocate_handler(complaint=new, actor=staff["officer"], handler=staff["sian"])
    return complaint, new


def _restricted(client: Client, staff: dict[str, User], make: Make) -> tuple[Complaint, Complaint]:
    """The new complaint restricted to someone else (as the Django admin would: no service restricts a
    complaint after it is logged): nobody else may open it, whatever their role."""
    complaint, new = _logged(client, staff, make)
    Complaint.objects.filter(pk=new.pk).update(restricted=True)
    new.restricted_to.set([staff["manager"]])
    return complaint, new


SETUPS = {"another team's": (_other_teams, "hana"), "restricted": (_restricted, "officer")}


def _timeline(html: str) -> str:
    return html.split('id="timeline"', 1)[1]


@pytest.mark.parametrize("which", SETUPS)
def test_2024_6_8_the_case_page_does_not_name_a_new_complaint_the_reader_may_not_open(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    complaint, new = setup(client, staff, make)
    client.force_login(staff[reader])
    assert client.get(f"/workspace/complaints/{new.reference}/").status_code == 404
    html = _page(client, staff[reader], complaint)
    assert new.reference not in html
    timeline = _timeline(html)
    assert CANNOT_SEE in timeline
    assert ISSUES.replace("'", "&#x27;") in timeline  # what became of the issues is still said


def test_2024_6_8_the_case_page_names_and_links_a_new_complaint_the_reader_may_open(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, new = _other_teams(client, staff, make)
    timeline = _timeline(_page(client, staff["officer"], complaint))
    assert f"Logged as a new complaint: {new.reference}" in timeline
    assert f'href="/workspace/complaints/{new.reference}/"' in timeline
    assert "you cannot see" not in timeline


@pytest.mark.parametrize("which", SETUPS)
def test_2024_6_8_the_api_timeline_does_not_name_a_new_complaint_the_reader_may_not_open(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    complaint, new = setup(client, staff, make)
    answer = Api(staff[reader]).get(f"/complaints/{complaint.reference}")
    assert answer.status_code == 200, answer.content
    assert new.reference not in answer.content.decode()
    (raised,) = [e for e in answer.json()["timeline"] if e["kind"] == "new_issues_raised"]
    assert raised["summary"].startswith(f"New issues raised: {CANNOT_SEE} (not related")
    assert raised["data"]["new_complaint"] is None
    # a reader who may open it is given it, in the summary and the data
    seen = Api(staff["manager"]).get(f"/complaints/{complaint.reference}").json()["timeline"]
    (raised,) = [e for e in seen if e["kind"] == "new_issues_raised"]
    assert f"Logged as a new complaint: {new.reference}" in raised["summary"]
    assert raised["data"]["new_complaint"] == new.reference


@pytest.mark.parametrize("which", SETUPS)
def test_2024_6_8_the_complaint_file_does_not_name_a_new_complaint_its_producer_may_not_open(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    complaint, new = setup(client, staff, make)
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff[reader])
    html = render_to_string("ombudsman/complaint_file.html", context)
    assert new.reference not in html
    (row,) = [r for r in html.split("<tr>") if "New issues raised" in r]
    # in the words of a file read by the Ombudsman, not by its producer (h196)
    assert (
        "Logged as a new complaint not named in this file: the person who produced it may not open it" in row
    )
    assert "you cannot see" not in html
    # produced by someone who may open it, the file names it
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff["manager"])
    html = render_to_string("ombudsman/complaint_file.html", context)
    assert f"Logged as a new complaint: {new.reference}" in html


def test_2024_6_8_the_new_complaint_does_not_name_the_one_it_came_from_to_a_reader_who_may_not_open_it(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The other way round: the new complaint waits for a handler, so Sian (south) may open it (the
    shared intake), but not the north team's complaint it was logged from."""
    complaint, new = _logged(client, staff, make)
    client.force_login(staff["sian"])
    assert client.get(f"/workspace/complaints/{complaint.reference}/").status_code == 404
    html = _page(client, staff["sian"], new)
    assert complaint.reference not in html
    assert "Logged as a new complaint from new issues raised on a complaint you cannot see" in _timeline(html)
    answer = Api(staff["sian"]).get(f"/complaints/{new.reference}")
    assert complaint.reference not in answer.content.decode()
    (received,) = [e for e in answer.json()["timeline"] if e["kind"] == "contact_received"]
    assert received["data"]["raised_during"] is None
    # Hana, who logged it, may open both
    assert f"new issues raised on {complaint.reference}" in _page(client, staff["hana"], new)
    assert (
        json.dumps(complaint.reference)
        in Api(staff["hana"]).get(f"/complaints/{new.reference}").content.decode()
    )
