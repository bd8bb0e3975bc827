"""2024 6.2 "Complaints must be acknowledged, defined and logged at stage 1" before the response the
Code times from it (6.3). History imported as it happened may hold a response never acknowledged
(tests/imports/test_2024_6_2_6_11_...); a live door never records one: the API refuses a response to a
complaint waiting for its acknowledgement and records nothing."""

from __future__ import annotations

from datetime import date

from api.test_api_v1 import RESPONSE, Api, handler_1, new_complaint, officer, told  # noqa: F401 -- fixtures

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent


def test_2024_6_2_the_api_refuses_a_response_before_the_acknowledgement(
    officer: Api,  # noqa: F811
    handler_1: User,  # noqa: F811
) -> None:
    ref = str(new_complaint(officer, received_on=date.today().isoformat())["reference"])
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    events = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    response = officer.post(f"/complaints/{ref}/respond", {**RESPONSE, **told()})
    assert response.status_code == 409, response.content
    assert "waiting for its acknowledgement" in response.json()["detail"]
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events
    assert Complaint.objects.get(reference=ref).stage_1_responded_on is None
