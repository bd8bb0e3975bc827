"""The workspace page to erase a resident: what will be erased and what is kept, a confirmation,
refused under a legal hold, only for the complaints officer and administrators."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from putright.accounts.models import Role, User
from putright.complaints.models import Resident
from putright.records.models import PurgeRecord
from putright.records.retention import place_hold

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_sees_what_is_erased_and_kept_then_erases(build: Any, officer: User) -> None:
    complaint = build("closed")
    url = f"/records/erase-resident/{complaint.reference}/"
    client = _client(officer)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "What will be erased" in text and "Words in the complaint history" in text
    assert "What is kept" in text and "every figure" in text.lower()

    refused = client.post(url, {"reason": "Erasure request R-9"})  # not confirmed
    assert refused.status_code == 400
    assert "Confirm that you understand" in refused.content.decode()
    assert Resident.objects.get(pk=complaint.resident_id).name == "Rita Resident"

    done = client.post(url, {"reason": "Erasure request R-9", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == f"/workspace/complaints/{complaint.reference}/"
    assert Resident.objects.get(pk=complaint.resident_id).name == "[erased]"
    record = PurgeRecord.objects.get(detail__kind="erasure")
    assert (record.by, record.reason) == ("Olu Officer", "Erasure request R-9")
    case = client.get(done["Location"])
    assert case.status_code == 200 and "Rita Resident" not in case.content.decode()


def test_a_legal_hold_is_shown_and_the_erasure_refused(build: Any, officer: User) -> None:
    complaint = build("closed")
    place_hold(reason="Ombudsman investigation", by="Legal team", resident=complaint.resident)
    url = f"/records/erase-resident/{complaint.reference}/"
    client = _client(officer)
    page = client.get(url).content.decode()
    assert (
        "cannot be erased while a legal hold is in force" in page
        and "Erase this resident</button>" not in page
    )
    refused = client.post(url, {"reason": "request", "confirm": "on"})
    assert refused.status_code == 409
    assert Resident.objects.get(pk=complaint.resident_id).name == "Rita Resident"
    assert not PurgeRecord.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.COMPLAINT_HANDLER, Role.MANAGER, Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS]
)
def test_other_roles_cannot_erase(build: Any, role: str) -> None:
    complaint = build("closed")
    user = User.objects.create_user(f"someone-{role}", role=role)
    client = _client(user)
    url = f"/records/erase-resident/{complaint.reference}/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code in (403, 404)
    assert Resident.objects.get(pk=complaint.resident_id).name == "Rita Resident"
