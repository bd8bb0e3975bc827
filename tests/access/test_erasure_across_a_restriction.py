"""Erasing a resident from one of their complaints changes every complaint of theirs, so it is refused
to a person from whom another of those complaints is hidden (restricted to other people): the page
would name that complaint and the erasure would change it."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint, Resident
from putright.records.models import PurgeRecord

pytestmark = pytest.mark.django_db


def test_erasure_is_refused_to_an_officer_not_named_on_another_restricted_complaint(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    named = User.objects.create_user("rex", role=Role.COMPLAINTS_OFFICER, first_name="Rex")
    open_one = make(name="Wendy Whistle", handler=staff["hugo"])
    secret = make(handler=staff["hugo"], restricted=True, restricted_to=[named])
    Complaint.objects.filter(pk=secret.pk).update(resident=open_one.resident)
    url = f"/records/erase-resident/{open_one.reference}/"

    officer = Client()
    officer.force_login(staff["officer"])
    page = officer.get(url)
    assert page.status_code == 403
    assert secret.reference not in page.content.decode()
    assert officer.post(url, {"reason": "Erasure request R-1", "confirm": "on"}).status_code == 403
    assert Resident.objects.get(pk=open_one.resident_id).name == "Wendy Whistle"
    assert not PurgeRecord.objects.exists()

    # the officer named on the restricted complaint sees both and may erase
    rex = Client()
    rex.force_login(named)
    assert secret.reference in rex.get(url).content.decode()
    done = rex.post(url, {"reason": "Erasure request R-1", "confirm": "on"})
    assert done.status_code == 302
    assert Resident.objects.get(pk=open_one.resident_id).name == "[erased]"
