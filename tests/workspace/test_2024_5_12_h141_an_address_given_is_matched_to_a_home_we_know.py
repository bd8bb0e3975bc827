"""2024 5.12 (a full record): an address a resident gave that matches no home is matched to a home
we know, and the case then shows it; saving it as given makes up no home unless a person confirms
it is a new one (found in a browser walk of "Match it to a home")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.complaints.models import Complaint, Property, Resident
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db

GIVEN = {"address_line_1": "Flat 9, 1 Nowhere Road", "postcode": "RB9 9ZZ"}


def _given(make: Make) -> Complaint:
    """A complaint about no home, from a resident whose address matched none when they gave it."""
    complaint = make("complaint")
    Resident.objects.filter(pk=complaint.resident_id).update(
        property=None, address_given=GIVEN["address_line_1"], postcode_given=GIVEN["postcode"]
    )
    Complaint.objects.filter(pk=complaint.pk).update(property=None)
    return Complaint.objects.get(pk=complaint.pk)


def _url(complaint: Complaint, what: str = "record/address/") -> str:
    return f"/workspace/complaints/{complaint.reference}/{what}"


def _save(client: Client, staff: dict[str, Any], complaint: Complaint, **data: str) -> Any:
    client.force_login(staff["officer"])
    return client.post(_url(complaint), {**GIVEN, "reason": "Matched to our records", **data})


def test_2024_5_12_the_match_page_lists_the_homes_we_know_at_the_postcode(client, staff, make) -> None:
    complaint = _given(make)
    Property.objects.create(reference="P-9", address_line_1="Flat 9, One Nowhere Road", postcode="RB9 9ZZ")
    Property.objects.create(reference="P-10", address_line_1="Flat 10, One Nowhere Road", postcode="RB9 9ZZ")
    Property.objects.create(reference="P-X", address_line_1="2 Elsewhere Street", postcode="AB1 2CD")
    client.force_login(staff["officer"])
    page = client.get(_url(complaint)).content.decode()
    assert "Homes we know at this postcode" in page
    assert "Flat 9, One Nowhere Road, RB9 9ZZ" in page and "Flat 10, One Nowhere Road, RB9 9ZZ" in page
    assert "2 Elsewhere Street" not in page


def test_2024_5_12_a_matched_address_shows_on_the_case_and_the_complaint_is_about_that_home(
    client, staff, make
) -> None:
    complaint = _given(make)
    home = Property.objects.create(
        reference="P-9", address_line_1="Flat 9, One Nowhere Road", town="Leeds", postcode="RB9 9ZZ"
    )
    homes = Property.objects.count()
    response = _save(client, staff, complaint, home=str(home.pk))
    assert response.status_code == 302, response.content.decode()
    complaint.refresh_from_db()
    assert complaint.resident.property == home and complaint.property == home
    assert Property.objects.count() == homes  # the home we know, no other made
    # the change to the complaint's home is in its history, for the same reason
    about = Amendment.objects.get(complaint=complaint, kind=ChangeKind.COMPLAINT_PROPERTY)
    assert about.reason == "Matched to our records"
    assert "Flat 9, One Nowhere Road, Leeds, RB9 9ZZ" in str(about.changes)
    page = client.get(_url(complaint, "")).content.decode()
    resident_section = page[page.index(">Resident</h2>") : page.index('id="change-resident"')]
    assert "Address</dt>" in resident_section
    assert "Flat 9, One Nowhere Road, Leeds, RB9 9ZZ" in resident_section
    assert "Not matched to a home" not in resident_section


def test_2024_5_12_saving_the_address_as_given_makes_up_no_home(client, staff, make) -> None:
    complaint = _given(make)
    response = _save(client, staff, complaint)
    assert response.status_code == 400
    # no home is known at RB9 9ZZ, so none is offered to choose (helper-171)
    assert "No home we know has this address, and we know of no home at RB9 9ZZ, so it stays as given" in (
        response.content.decode()
    )
    assert not Property.objects.filter(address_line_1__iexact=GIVEN["address_line_1"]).exists()
    resident = Resident.objects.get(pk=complaint.resident_id)
    assert resident.address_unmatched and resident.postal_address == ("Flat 9, 1 Nowhere Road", "RB9 9ZZ")
    assert not Amendment.objects.filter(complaint=complaint).exists()


def test_2024_5_12_a_new_home_is_added_only_when_a_person_confirms_it(client, staff, make) -> None:
    complaint = _given(make)
    response = _save(client, staff, complaint, new_home="on")
    assert response.status_code == 302
    home = Property.objects.get(address_line_1=GIVEN["address_line_1"])
    complaint.refresh_from_db()
    assert complaint.resident.property == home and complaint.property == home
