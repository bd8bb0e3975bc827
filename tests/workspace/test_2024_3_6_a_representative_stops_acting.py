"""2024 3.6: the resident chooses to have a representative, and may stop: they withdraw their
consent, or the representative stops. An adversarial review found no way to record that: letters,
emails and following the complaint online went to the representative for good, and recording
consent again overwrote when and how it was first given. Now "They no longer act for the resident"
takes them off the complaint, with why, and keeps who they were and the consent on the record."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.intake.outbound import complaint_addresses
from putright.letters.services import email_address
from putright.portal.access import allowed_addresses
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db


def _represented(make: Make, staff: dict[str, User]) -> Complaint:
    complaint = make("stage_1_acknowledged")
    representative = services.add_representative(
        resident=complaint.resident,
        name="Dan Walker",
        relationship="Son",
        contact="dan@example.org",
        consent_recorded_on=timezone.localdate(),
        consent_evidence="Signed form returned",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


def _form(client: Client, complaint: Complaint) -> tuple[str, str]:
    url = f"/workspace/complaints/{complaint.reference}/record/representative-end/"
    page = client.get(url).content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    return url, seen.group(1) if seen else ""


def test_2024_3_6_the_representative_is_taken_off_with_why_and_stays_on_the_record(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = _represented(make, staff)
    assert "dan@example.org" in complaint_addresses(complaint)
    client.force_login(staff["hana"])
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "They no longer act for the resident" in case
    url, seen = _form(client, complaint)
    refused = client.post(url, {"reason": "", "seen": seen})
    assert (
        refused.status_code == 400
        and "Enter why they no longer act for the resident" in refused.content.decode()
    )
    done = client.post(url, {"reason": "The resident withdrew her consent on the phone today", "seen": seen})
    assert done.status_code == 302
    complaint = Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)
    assert complaint.representative is None
    # nothing more goes to them, by any door
    assert complaint_addresses(complaint) == [complaint.resident.email]
    assert email_address(complaint) == complaint.resident.email
    assert "dan@example.org" not in allowed_addresses(complaint)
    # who they were and the consent stay on the record
    (amendment,) = Amendment.objects.filter(complaint=complaint, kind="representative_ended")
    (change,) = amendment.changes
    assert change["old"].startswith("Dan Walker (Son), dan@example.org; consent recorded ")
    assert "(Signed form returned)" in change["old"] and change["new"] == "none"
    assert amendment.reason == "The resident withdrew her consent on the phone today"
    assert amendment.provision == "2024 3.6"
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Representative no longer acts for the resident" in case
    assert "The resident withdrew her consent on the phone today" in case


def test_the_board_cannot_and_a_complaint_without_one_says_so(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = _represented(make, staff)
    client.force_login(staff["board"])
    url = f"/workspace/complaints/{complaint.reference}/record/representative-end/"
    assert client.post(url, {"reason": "x"}).status_code in (403, 404)
    assert Complaint.objects.get(pk=complaint.pk).representative_id is not None
    plain = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    url, seen = _form(client, plain)
    page = client.post(url, {"reason": "Withdrawn", "seen": seen}).content.decode()
    assert "This complaint has no representative" in page
