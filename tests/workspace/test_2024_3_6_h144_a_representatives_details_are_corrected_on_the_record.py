"""2024 3.6 (a representative deals with the complaint for the resident) and 5.12 (a full and
accurate record): the details of the person who acts for the resident, above all the postal address
their letters go to, could not be corrected in the workspace. "Correct their details" on the case
changes them through one service, kept in the complaint's history (who, when, why, old and new),
behind the same permission as the resident's own details."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.complaints import services
from putright.complaints.models import Complaint, Representative
from putright.letters.services import _addressee
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db

CORRECTED = {
    "name": "Priya Shah",
    "relationship": "Daughter",
    "contact": "priya@example.org",
    "preferred_contact_method": "letter",
    "address_given": "22 Larkspur Road\r\n\r\nLeeds LS6 2AB",
    "reason": "Priya phoned: she has moved",
}


def _represented(make: Make, **kwargs: Any) -> Complaint:
    complaint = make("stage_1_acknowledged", **kwargs)
    representative = services.add_representative(
        resident=complaint.resident,
        name="Priya Shah",
        relationship="Daughter",
        contact="priya@example.org",
        consent_recorded_on=complaint.received_on,
        consent_evidence="Signed form returned",
        preferred_contact_method="letter",
        address="5 Old Street\nLeeds LS1 1AA",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


def _url(complaint: Complaint) -> str:
    return f"/workspace/complaints/{complaint.reference}/record/representative/"


def test_2024_3_6_a_representatives_postal_address_is_corrected_and_the_history_keeps_the_old_one(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    complaint = _represented(make, handler=staff["hana"])
    client.force_login(staff["hana"])
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert 'id="change-representative"' in case and _url(complaint) in case
    page = client.get(_url(complaint)).content.decode()
    assert "5 Old Street" in page  # opened with what the record holds
    response = client.post(_url(complaint), CORRECTED)
    assert response.status_code == 302, response.content.decode()
    complaint = Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)
    assert complaint.representative is not None
    assert complaint.representative.postal_address == ("22 Larkspur Road", "Leeds LS6 2AB")
    # the next letter goes to where they live now
    assert _addressee(complaint)[1][1:] == ("22 Larkspur Road", "Leeds LS6 2AB")
    (amendment,) = Amendment.objects.filter(complaint=complaint, kind=ChangeKind.REPRESENTATIVE_CHANGED)
    assert amendment.actor == staff["hana"] and amendment.reason == "Priya phoned: she has moved"
    assert amendment.changes == [
        {
            "field": "address_given",
            "label": "Representative's postal address",
            "old": "5 Old Street, Leeds LS1 1AA",
            "new": "22 Larkspur Road, Leeds LS6 2AB",
        }
    ]
    assert complaint.representative.consent_evidence == "Signed form returned"  # consent untouched


def test_2024_3_6_a_representatives_name_and_contact_preference_are_corrected_in_words(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    complaint = _represented(make, handler=staff["hana"])
    client.force_login(staff["hana"])
    response = client.post(
        _url(complaint),
        {**CORRECTED, "name": "Priya Shah-Khan", "preferred_contact_method": "", "address_given": ""},
    )
    assert response.status_code == 302, response.content.decode()
    (amendment,) = Amendment.objects.filter(complaint=complaint, kind=ChangeKind.REPRESENTATIVE_CHANGED)
    changed = {c["field"]: (c["old"], c["new"]) for c in amendment.changes}
    assert changed == {
        "name": ("Priya Shah", "Priya Shah-Khan"),
        "preferred_contact_method": ("Letter", ""),
        "address_given": ("5 Old Street, Leeds LS1 1AA", ""),
    }


def test_2024_3_6_a_blank_name_is_refused_with_everything_typed_kept(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    complaint = _represented(make, handler=staff["hana"])
    client.force_login(staff["hana"])
    response = client.post(_url(complaint), {**CORRECTED, "name": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the representative&#x27;s name" in page and "22 Larkspur Road" in page
    assert Representative.objects.get(pk=complaint.representative_id).postal_address[0] == "5 Old Street"
    assert not Amendment.objects.filter(complaint=complaint).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_2024_3_6_another_teams_handler_cannot_correct_the_representative(
    client: Client, staff: dict[str, Any], make: Make, method: str
) -> None:
    complaint = _represented(make, handler=staff["hana"])
    client.force_login(staff["hana"])
    assert client.get(_url(complaint)).status_code == 200  # the handler's page, closed to others
    client.force_login(staff["sian"])
    response = getattr(client, method)(_url(complaint), CORRECTED)
    assert response.status_code in (403, 404)
    assert Representative.objects.get(pk=complaint.representative_id).postal_address[0] == "5 Old Street"
    assert not Amendment.objects.filter(complaint=complaint).exists()
