"""``POST /api/v1/complaints/{reference}/refer-to-ombudsman``: the body's ``reference`` is the
Ombudsman's own reference and the path's is the complaint's; both are kept apart (the clash was a
500 on every call)."""

from __future__ import annotations

from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.accounts.services import create_api_token
from putright.complaints.models import ComplaintEvent


def test_a_referral_keeps_the_ombudsmans_reference_apart_from_the_complaints(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_responded")
    token = create_api_token(staff["officer"])[0]
    response = client.post(
        f"/api/v1/complaints/{complaint.reference}/refer-to-ombudsman",
        data={"reference": "HOS-202412345"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["reference"] == complaint.reference
    assert response.json()["state"] == "referred_to_ombudsman"
    event = ComplaintEvent.objects.filter(complaint=complaint).order_by("-pk").first()
    assert event is not None and event.data["reference"] == "HOS-202412345"
