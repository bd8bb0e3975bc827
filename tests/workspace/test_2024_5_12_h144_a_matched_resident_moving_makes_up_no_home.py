"""2024 5.12 (a full and accurate record): changing the address of a resident whose home we already
know makes up no home unasked, as matching an address given does not (6fef393 applied the rule to
an address given only). The homes we know at the postcode are listed; a home we do not know is added
only when "add it as a new home" is ticked; otherwise a clear error, with everything typed kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.complaints.models import Property, Resident
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db

MOVED = {"address_line_1": "4 New Build Close", "town": "Leeds", "postcode": "LS1 9NB", "reason": "Moved"}


def _post(client: Client, staff: dict[str, Any], reference: str, **data: str) -> Any:
    client.force_login(staff["officer"])
    return client.post(f"/workspace/complaints/{reference}/record/address/", {**MOVED, **data})


def test_2024_5_12_a_matched_resident_moving_to_a_home_we_do_not_know_is_asked_first(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    complaint = make("complaint")
    before = complaint.resident.property_id
    assert before is not None  # matched to a home we know
    neighbour = Property.objects.create(
        reference="P-NB2", address_line_1="2 New Build Close", postcode="LS1 9NB"
    )
    homes = Property.objects.count()
    response = _post(client, staff, complaint.reference)
    assert response.status_code == 400
    page = response.content.decode()
    assert "No home we know has this address, so the resident&#x27;s address has not been changed" in page
    # nothing typed is lost, and the homes we know at the postcode typed are offered
    assert 'value="4 New Build Close"' in page and 'value="LS1 9NB"' in page and ">Moved</textarea>" in page
    assert "Homes we know at this postcode" in page and "2 New Build Close" in page
    assert Property.objects.count() == homes
    assert Resident.objects.get(pk=complaint.resident_id).property_id == before
    assert not Amendment.objects.filter(complaint=complaint).exists()
    # choosing the home we know needs no tick
    response = _post(client, staff, complaint.reference, home=str(neighbour.pk))
    assert response.status_code == 302, response.content.decode()
    assert Resident.objects.get(pk=complaint.resident_id).property == neighbour
    assert Property.objects.count() == homes

    # a home we do not know is added when a person confirms it is a new one
    response = _post(client, staff, complaint.reference, new_home="on")
    assert response.status_code == 302, response.content.decode()
    home = Property.objects.get(address_line_1="4 New Build Close")
    assert Resident.objects.get(pk=complaint.resident_id).property == home


def test_2024_5_12_a_postcode_typed_without_its_space_is_the_home_we_know_not_a_copy(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    """Browser walk: "15 Quarry Road" typed with "RV61DA" listed no homes, and ticking "add it" made
    a second copy of the home at "RV6 1DA", splitting its complaints across two homes. However a
    postcode is spaced or cased, it names the home we know; a new home is kept with its postcode
    written as postcodes are."""
    complaint = make("complaint")
    known = Property.objects.create(reference="P-QR15", address_line_1="15 Quarry Road", postcode="RV6 1DA")
    homes = Property.objects.count()
    listed = _post(client, staff, complaint.reference, address_line_1="4 Nowhere Row", postcode="rv61da")
    assert "15 Quarry Road" in listed.content.decode()  # the homes we know at the postcode, listed
    response = _post(client, staff, complaint.reference, address_line_1="15 quarry road", postcode="RV61DA")
    assert response.status_code == 302, response.content.decode()  # the home we know: no tick needed
    assert Resident.objects.get(pk=complaint.resident_id).property == known
    assert Property.objects.count() == homes
    response = _post(client, staff, complaint.reference, postcode="ls1  9nb", new_home="on")
    assert response.status_code == 302, response.content.decode()
    assert Property.objects.get(address_line_1="4 New Build Close").postcode == "LS1 9NB"
