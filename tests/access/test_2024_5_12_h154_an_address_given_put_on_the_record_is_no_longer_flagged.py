"""2024 5.12 (a full and accurate record): a contact matched to a known resident keeps the address it
typed on the complaint, flagged "Not on the resident's record" with "Letters to the resident go to the
address on their record, not this one". When staff then changed the resident's address to it, from
that flag's own link, the case page still said both: the record said the address was not on the
resident's record and that letters went elsewhere, when it was and they did not. Once the resident's
home is the address given, the complaint keeps it in its history (old and new), not as a flag."""

from __future__ import annotations

import pytest
from access.test_2024_5_12_h144_a_matched_contact_keeps_the_address_it_gave import _mail_and_tasks  # noqa: F401
from django.test import Client
from portal.conftest import ANSWERS
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import User
from putright.complaints.models import Complaint, Resident
from putright.letters.services import _addressee
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db

GIVEN = {"address_line_1": "Flat 2, 9 Larchmere Way", "postcode": "LS9 9ZZ"}


def _matched(people: dict[str, User], build: Make) -> tuple[Complaint, Client]:
    """A complaint from the online form, its address on no record, matched to a known resident."""
    known = build(name="Vera Known").resident
    Resident.objects.filter(pk=known.pk).update(email="vera@example.org")
    answers = {
        **ANSWERS,
        "resident_name": "Vera Known",
        "resident_email": "vera@example.org",
        "address": GIVEN["address_line_1"],
        "postcode": GIVEN["postcode"],
    }
    assert Client(REMOTE_ADDR="198.51.100.44").post("/complain/", answers).status_code == 302
    filed = Complaint.objects.exclude(resident=known).get(channel="online_form")
    officer = Client()
    officer.force_login(people["officer"])
    response = officer.post(
        f"/data-protection/matches/{filed.resident_id}/{known.pk}/",
        {"decision": "same", "reason": "Same email; she confirmed on the phone."},
    )
    assert response.status_code == 302
    return Complaint.objects.get(pk=filed.pk), officer


def _flag(officer: Client, complaint: Complaint) -> str:
    page = officer.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    return page[page.index(">Resident</h2>") : page.index('id="change-resident"')]


def test_2024_5_12_the_address_given_made_the_residents_home_is_no_longer_said_to_be_off_their_record(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    filed, officer = _matched(staff, make)
    assert "Not on the resident" in _flag(officer, filed)
    response = officer.post(
        f"/workspace/complaints/{filed.reference}/record/address/",
        {**GIVEN, "new_home": "on", "reason": "Vera confirmed she moved to Larchmere Way"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed = Complaint.objects.select_related("resident__property", "representative").get(pk=filed.pk)
    assert _addressee(filed)[1][0] == GIVEN["address_line_1"]  # her letters go there now
    section = _flag(officer, filed)
    assert "Not on the resident" not in section and "not this one" not in section
    assert filed.address_given == ""
    # the history keeps what was given, and when it was put on her record
    changes = [c for a in Amendment.objects.filter(complaint=filed) for c in a.changes]
    assert {
        "field": "address_given",
        "label": "Address given on this complaint",
        "old": "Flat 2, 9 Larchmere Way, LS9 9ZZ",
        "new": "",
    } in changes


def test_2024_5_12_an_address_changed_to_another_home_keeps_the_address_given_flagged(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    filed, officer = _matched(staff, make)
    response = officer.post(
        f"/workspace/complaints/{filed.reference}/record/address/",
        {"address_line_1": "4 Other Road", "postcode": "LS1 1AA", "new_home": "on", "reason": "She moved"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed = Complaint.objects.get(pk=filed.pk)
    assert filed.address_given.splitlines() == [GIVEN["address_line_1"], GIVEN["postcode"]]
    assert "Not on the resident" in _flag(officer, filed)
