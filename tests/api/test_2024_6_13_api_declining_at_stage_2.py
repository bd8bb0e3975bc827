"""2024 6.13 at the API door: "The person considering the complaint at stage 2 must not be the same
person that considered the complaint at stage 1." Not accepting the complaint at stage 2 is considering
it there, so the stage 1 handler is refused it, as they are refused the stage 2 response."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, decline_body, new_complaint, officer, told  # noqa: F401 -- officer is a fixture

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def _at_stage_2(officer: Api, hugo: Api) -> str:  # noqa: F811
    """A complaint whose stage 1 Hana (and the officer recording her response) considered, given to
    Hugo at stage 2 and acknowledged by him."""
    ref = str(new_complaint(officer)["reference"])
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    definition: dict[str, Any] = {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r"}
    officer.post(f"/complaints/{ref}/acknowledge", {**definition, **told()})
    officer.post(f"/complaints/{ref}/respond", {**RESPONSE, "handler": "hana", **told()})
    officer.post(f"/complaints/{ref}/escalate", {})
    assert officer.post(f"/complaints/{ref}/allocate", {"handler": "hugo"}).status_code == 200
    acknowledged = hugo.post(f"/complaints/{ref}/acknowledge", {**definition, **told()})
    assert acknowledged.status_code == 200, acknowledged.content
    return ref


def test_2024_6_13_the_stage_1_handler_cannot_decline_at_stage_2_through_the_api(
    officer: Api,  # noqa: F811
) -> None:
    hana = Api(User.objects.create_user("hana", role=Role.MANAGER))
    hugo = Api(User.objects.create_user("hugo", role=Role.MANAGER))
    ref = _at_stage_2(officer, hugo)
    before = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    refused = hana.post(f"/complaints/{ref}/decline", decline_body(right_to_ombudsman_given=True))
    assert refused.status_code == 422, refused.content
    assert refused.json()["provision"] == "2024 6.13"
    assert "same person" in refused.json()["detail"]
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == before
    declined = hugo.post(f"/complaints/{ref}/decline", decline_body(right_to_ombudsman_given=True))
    assert declined.json()["state"] == "declined", declined.content
