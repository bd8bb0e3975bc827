"""2024 5.12 (a full and accurate record of each complaint) and 3.6 (a representative): a new issue
logged as a new complaint (2024 6.8) keeps the same representative, and the two complaints shared one
record of them. Correcting the representative's details on one complaint changed the other's too,
with nothing in the other's history: its letters went to an address its record never said was given,
and a handler who cannot see it (restricted to others) changed it. A correction on one complaint now
changes that complaint's representative only, consent included as recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make
from workspace.test_2024_3_6_h144_a_representatives_details_are_corrected_on_the_record import (
    CORRECTED,
    _represented,
    _url,
)

from putright.complaints import services
from putright.complaints.models import Complaint
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db


def test_2024_5_12_correcting_the_representative_on_one_complaint_leaves_the_other_as_its_record_says(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, handler=staff["hana"])
    services.record_new_issues(
        complaint=first,
        actor=staff["hana"],
        issues="The garden fence was left broken.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="A different repair",
    )
    second = Complaint.objects.exclude(pk=first.pk).select_related("representative").get()
    # as logged before each complaint had its own record of them (helper-172): one record of them
    Complaint.objects.filter(pk=second.pk).update(representative_id=first.representative_id)
    client.force_login(staff["hana"])
    response = client.post(_url(first), CORRECTED)
    assert response.status_code == 302, response.content.decode()
    first = Complaint.objects.select_related("representative").get(pk=first.pk)
    second = Complaint.objects.select_related("representative").get(pk=second.pk)
    assert first.representative is not None and second.representative is not None
    assert first.representative.postal_address == ("22 Larkspur Road", "Leeds LS6 2AB")
    # the other complaint: no change in its history, so none in what its letters say
    assert not Amendment.objects.filter(complaint=second, kind=ChangeKind.REPRESENTATIVE_CHANGED).exists()
    assert second.representative.postal_address == ("5 Old Street", "Leeds LS1 1AA")
    # the consent recorded for the person stays recorded on the complaint corrected
    assert first.representative.consented and first.representative.consent_evidence == "Signed form returned"
