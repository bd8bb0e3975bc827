"""2024 3.6: "Residents can have a representative deal with their complaint on their behalf". A
resident who asks for one after the complaint was logged, or whose representative stopped and was
replaced, had no way onto the record from the case page (left for later after "They no longer act
for the resident" was added): the handler could only note it, and letters kept going to the wrong
person. "Someone now acts for the resident" adds them, with why; nothing goes to them until the
resident's consent is recorded."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.intake.outbound import complaint_addresses
from putright.letters.services import email_address
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db

URL = "/workspace/complaints/{}/record/representative-add/"


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


def test_2024_3_6_a_representative_added_with_consent_gets_the_letters_and_the_record_says_why(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Someone now acts for the resident" in case
    url = URL.format(complaint.reference)
    refused = client.post(url, {"name": "", "relationship": "", "consent": "on", "reason": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    for message in (
        "Enter the representative&#x27;s name",
        "Enter the representative&#x27;s relationship to the resident",
        "Say how the resident gave consent (2024 3.6)",
        "Enter why they now act for the resident",
    ):
        assert message in page  # every error at once, not one at a time
    done = client.post(
        url,
        {
            "name": "Priya Shah",
            "relationship": "Daughter",
            "contact": "priya@example.org / 07700 900123",
            "consent": "on",
            "consent_evidence": "Recorded call with the resident",
            "reason": "The resident asked today for her daughter to deal with the complaint",
        },
    )
    assert done.status_code == 302
    complaint = _fresh(complaint)
    assert complaint.representative is not None and complaint.representative.consented
    assert email_address(complaint) == "priya@example.org"
    assert "priya@example.org" in complaint_addresses(complaint)
    (amendment,) = Amendment.objects.filter(complaint=complaint, kind="representative_added")
    (change,) = amendment.changes
    assert change["old"] == "none"
    assert change["new"].startswith(
        "Priya Shah (Daughter), priya@example.org / 07700 900123; consent recorded "
    )
    assert amendment.provision == "2024 3.6"
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Representative now acts for the resident" in case
    # one at a time: a second is refused, and the first stays
    again = client.post(
        url, {"name": "Someone Else", "relationship": "Friend", "reason": "Asked", "contact": ""}
    ).content.decode()
    assert "already has a representative" in again
    assert _fresh(complaint).representative.name == "Priya Shah"  # type: ignore[union-attr]


def test_2024_3_6_a_representative_without_consent_gets_nothing_yet(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    done = client.post(
        URL.format(complaint.reference),
        {
            "name": "Tom Ward",
            "relationship": "Advocate",
            "contact": "tom@example.org",
            # evidence typed but the box not ticked: that is not consent
            "consent_evidence": "He says she agreed",
            "reason": "Tom phoned to say he acts for the resident",
        },
    )
    assert done.status_code == 302
    complaint = _fresh(complaint)
    assert complaint.representative is not None and not complaint.representative.consented
    assert email_address(complaint) == complaint.resident.email
    assert "tom@example.org" not in complaint_addresses(complaint)
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "No consent recorded yet" in case


def test_the_board_cannot_add_one(client: Client, make: Make, staff: dict[str, User]) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["board"])
    response = client.post(URL.format(complaint.reference), {"name": "X", "relationship": "Y", "reason": "Z"})
    assert response.status_code in (403, 404)
    assert _fresh(complaint).representative is None
    page = client.get(f"/workspace/complaints/{complaint.reference}/")
    assert page.status_code != 200 or not re.search("Someone now acts", page.content.decode())
