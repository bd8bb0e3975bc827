"""2024 5.12 (a full and accurate record): a contact from the online form whose address matched no
home is matched by an officer to a known resident; the address it typed was lost with the contact's
record. It now goes with the complaint as "Address given on this complaint", recorded in the
matching's history, shown to staff to decide, and never replaces the known resident's home (nor
sends their letters anywhere else)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from portal.conftest import ANSWERS
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import User
from putright.complaints.models import Complaint, Resident
from putright.letters.services import _addressee
from putright.workspace.models import Amendment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_2024_5_12_a_contact_matched_to_a_known_resident_keeps_the_address_it_gave_on_the_complaint(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    known = make(name="Vera Known").resident
    Resident.objects.filter(pk=known.pk).update(email="vera@example.org")
    known_before = Resident.objects.filter(pk=known.pk).values().get()
    home = known.property
    assert home is not None
    answers = {
        **ANSWERS,
        "resident_name": "Vera Known",
        "resident_email": "vera@example.org",
        "address": "Flat 2, 9 Larchmere Way",
        "postcode": "LS9 9ZZ",
    }
    response = Client(REMOTE_ADDR="198.51.100.44").post("/complain/", answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    filed = Complaint.objects.exclude(resident=known).get(channel="online_form")
    contact = filed.resident
    assert contact.address_unmatched  # the address typed matched no home

    officer = Client()
    officer.force_login(staff["officer"])
    response = officer.post(
        f"/data-protection/matches/{contact.pk}/{known.pk}/",
        {"decision": "same", "reason": "Same email; she confirmed on the phone."},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed = Complaint.objects.select_related("resident", "representative").get(pk=filed.pk)
    assert filed.resident_id == known.pk
    assert filed.address_given.splitlines() == ["Flat 2, 9 Larchmere Way", "LS9 9ZZ"]
    # the known resident's home is theirs still, and their letters go there
    assert Resident.objects.filter(pk=known.pk).values().get() == known_before
    assert _addressee(filed)[1] == home.address_lines
    # recorded in the matching's history, with who and why
    amendment = Amendment.objects.get(complaint=filed, kind="resident_matched")
    assert {
        "field": "address_given",
        "label": "Address given on this complaint",
        "old": "",
        "new": "Flat 2, 9 Larchmere Way, LS9 9ZZ",
    } in amendment.changes
    # shown to staff to decide
    page = officer.get(f"/workspace/complaints/{filed.reference}/").content.decode()
    section = page[page.index(">Resident</h2>") : page.index('id="change-resident"')]
    assert "Address given on this complaint" in section and "Flat 2, 9 Larchmere Way" in section
    assert ", ".join(home.address_lines) in section


def test_2024_5_12_the_match_page_shows_the_address_the_contact_gave_and_that_it_is_kept_on_the_complaint(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    known = make(name="Vera Known").resident
    answers = {
        **ANSWERS,
        "resident_name": "Vera Known",
        "resident_email": "vera@example.org",
        "address": "Flat 2, 9 Larchmere Way",
        "postcode": "LS9 9ZZ",
    }
    assert Client(REMOTE_ADDR="198.51.100.44").post("/complain/", answers).status_code == 302
    filed = Complaint.objects.exclude(resident=known).get(channel="online_form")
    contact = filed.resident
    officer = Client()
    officer.force_login(staff["officer"])
    page = officer.get(f"/data-protection/matches/{contact.pk}/{known.pk}/").content.decode()
    contact_column = page[page.index("The contact</h2>") : page.index("The resident on record</h2>")]
    assert "Address given" in contact_column and "Flat 2, 9 Larchmere Way, LS9 9ZZ" in contact_column
    assert "Home</dt>" not in contact_column  # not "Home: None recorded"
    decide = page[page.index("If they are the same person") :]
    assert "Flat 2, 9 Larchmere Way, LS9 9ZZ" in decide
    assert f"kept on {filed.reference} as “Address given on this complaint”" in decide
