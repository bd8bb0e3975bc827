"""2024 5.12 (a full and accurate record): no page makes up a home. Changing the complaint's details
and logging a new contact made a NEW-xxxxxx home from any address typed, without asking, where
changing the resident's address asks first (helper-144). Both now go through the same rule
(``records.confirmed_home`` / ``records.home_or_as_given``): the homes we know at the postcode are
offered, and a home is added only when "add it" is ticked.

They differ in what happens otherwise. The complaint's details are not changed, with a clear error
and everything typed kept. A new contact is still recorded, with the address kept as given and "Not
matched to a home", as the residents' form /complain/ records it: a complaint is one "however
made" (2024 1.2) and easy to make (3.1), so staff logging a call are not stopped by an address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make
from workspace.test_triage_and_documents import CONTACT

from putright.accounts.models import User
from putright.complaints.models import Complaint, Property, Resident
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db

DETAILS = {"address_line_1": "4 New Build Close", "postcode": "LS1 9NB", "reason": "Triage corrected"}


def _details(client: Client, staff: dict[str, User], complaint: Complaint, **data: str) -> Any:
    client.force_login(staff["hana"])
    return client.post(
        f"/workspace/complaints/{complaint.reference}/record/details/",
        {"summary": complaint.summary, **DETAILS, **data},
    )


def _contact(client: Client, staff: dict[str, User], **data: str) -> Any:
    client.force_login(staff["officer"])
    return client.post(
        "/workspace/new/", {**CONTACT, "received_on": timezone.localdate().isoformat(), **data}
    )


def _neighbour() -> Property:
    return Property.objects.create(reference="P-NB2", address_line_1="2 New Build Close", postcode="LS1 9NB")


def test_2024_5_12_the_complaints_details_name_a_home_we_do_not_know_only_when_confirmed(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint")
    before = complaint.property_id
    neighbour = _neighbour()
    homes = Property.objects.count()
    response = _details(client, staff, complaint)
    assert response.status_code == 400
    page = response.content.decode()
    assert "No home we know has this address, so the complaint&#x27;s details have not been changed" in page
    # nothing typed is lost, and the homes we know at the postcode typed are offered
    assert 'value="4 New Build Close"' in page and 'value="LS1 9NB"' in page
    assert ">Triage corrected</textarea>" in page
    assert "Homes we know at this postcode" in page and "2 New Build Close" in page
    assert Property.objects.count() == homes
    assert Complaint.objects.get(pk=complaint.pk).property_id == before
    assert not Amendment.objects.filter(complaint=complaint).exists()
    # choosing the home we know needs no tick
    response = _details(client, staff, complaint, home=str(neighbour.pk))
    assert response.status_code == 302, response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).property == neighbour
    assert Property.objects.count() == homes
    # a home we do not know is added when a person confirms it is a new one
    response = _details(client, staff, complaint, new_home="on")
    assert response.status_code == 302, response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).property == Property.objects.get(
        address_line_1="4 New Build Close"
    )


def test_2024_5_12_a_new_contact_at_an_address_we_do_not_know_is_recorded_as_given(
    client: Client, staff: dict[str, User]
) -> None:
    homes = Property.objects.count()
    response = _contact(client, staff)
    assert response.status_code == 302, response.content.decode()
    resident = Resident.objects.get(name="Grace Adeyemi")
    assert Property.objects.count() == homes  # no home made up
    assert resident.property is None and resident.address_unmatched
    assert (resident.address_given, resident.postcode_given) == ("14 Mill Lane", "LS6 2AB")
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "The address 14 Mill Lane, LS6 2AB matches no home we know, so it is kept as given" in told
    case = re.sub(r"\s+", " ", client.get(response["Location"]).content.decode())
    assert "Not matched to a home" in case and "Match it to a home" in case

    # a home we know, however typed, is matched without a word; one confirmed as new is added
    known = Property.objects.create(reference="P-ML14", address_line_1="14 Mill Lane", postcode="LS6 2AB")
    response = _contact(client, staff, name="Ada Obi", address_line_1=" 14 mill lane ", postcode="ls6 2ab")
    assert response.status_code == 302
    assert Resident.objects.get(name="Ada Obi").property == known
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "matches no home we know" not in told
    response = _contact(client, staff, name="Ola Bello", address_line_1="9 Kiln Row", new_home="on")
    assert response.status_code == 302
    added = Resident.objects.get(name="Ola Bello").property
    assert added is not None and (added.address_line_1, added.postcode) == ("9 Kiln Row", "LS6 2AB")
