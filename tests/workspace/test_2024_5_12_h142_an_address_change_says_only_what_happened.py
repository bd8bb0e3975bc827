"""2024 5.12 (a full record of the complaint): changing the resident's address says where they live
now; it does not say the complaint is about that home. 6fef393 sets the home of any complaint about
no home to the resident's new address on every address change, not only when an address the
resident gave is matched: a resident who complained about staff conduct (no home) and then moves
has a complaint recorded as about a home they had not lived in (adversarial review, helper-142).
And the address page, with its list of the homes we know at a postcode, stays closed to a handler
of another team (2024 3.1 confidentiality; access as for every record page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.complaints.models import Complaint, Property
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db

MOVED = {
    "address_line_1": "4 New Build Close",
    "postcode": "LS1 9NB",
    "reason": "The resident has moved",
    "new_home": "on",
}


def _about_no_home(make: Make) -> Complaint:
    """A complaint about no home (staff conduct) from a resident whose home we know."""
    complaint = make("complaint", summary="The officer was rude to me on the phone.")
    Complaint.objects.filter(pk=complaint.pk).update(property=None)
    return Complaint.objects.get(pk=complaint.pk)


def _url(complaint: Complaint) -> str:
    return f"/workspace/complaints/{complaint.reference}/record/address/"


def test_2024_5_12_a_resident_moving_does_not_make_their_complaint_about_the_new_home(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    complaint = _about_no_home(make)
    assert complaint.resident.property is not None  # matched: nothing the resident gave to match
    client.force_login(staff["officer"])
    response = client.post(_url(complaint), MOVED)
    assert response.status_code == 302, response.content.decode()
    complaint.refresh_from_db()
    assert complaint.resident.property == Property.objects.get(address_line_1="4 New Build Close")
    assert complaint.property is None
    assert not Amendment.objects.filter(complaint=complaint, kind=ChangeKind.COMPLAINT_PROPERTY).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_2024_3_1_another_teams_handler_cannot_open_the_address_page(
    client: Client, staff: dict[str, Any], make: Make, method: str
) -> None:
    complaint = make("stage_1_acknowledged", handler=staff["hana"])
    before = complaint.resident.property_id
    client.force_login(staff["sian"])
    response = getattr(client, method)(_url(complaint), MOVED)
    assert response.status_code in (403, 404)
    assert "Homes we know" not in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.resident.property_id == before
