"""A contact is never matched to a resident who was erased: the complaint it filed would move to
a record whose name and contact details are gone, so its letters and emails would reach no one."""

from __future__ import annotations

import pytest
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Resident
from putright.records import matching
from putright.records.erasure import erase_resident

pytestmark = pytest.mark.django_db


def test_a_contact_is_not_matched_to_an_erased_resident(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    known = make(name="Erin Erased", state="received").resident
    erase_resident(known, by="Olu Officer", reason="Erasure request R-5")
    contact = Resident.objects.create(name="Erin Erased", email="erin@example.org")
    services.receive_complaint(
        resident=contact, summary="The lift is broken again.", channel="online_form", actor=None
    )
    with pytest.raises(matching.MatchRefused, match="was erased"):
        matching.check(contact=contact, resident=known, actor=staff["officer"])
