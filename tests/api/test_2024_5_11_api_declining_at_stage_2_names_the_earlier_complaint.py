"""2024 5.11 at the API door: "Landlords must not refuse to escalate a complaint through all stages of
the complaints procedure unless it has valid reasons to do so"; 2.2 lists "Matters that have previously
been considered under the complaints policy", which a complaint's own stage 1 is not. Declining after
the stage 2 acknowledgement refuses to take it through all stages, as refusing the escalation does, so
on that ground it names the earlier complaint that considered the matter (never this one), and the
refusal letter says which. At stage 1 nothing more is asked: a new complaint about a matter considered
before is the ordinary case, and an earlier complaint given is kept."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_2024_6_13_api_declining_at_stage_2 import _at_stage_2
from api.test_api_v1 import Api, new_complaint, officer, told  # noqa: F401 -- officer is a fixture
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db

EARLIER = "Our old system, case 2019/0451"

DECLINE: dict[str, Any] = {
    "ground": "previously_considered",
    "explanation": "We have already considered your complaint at stage 1.",
    "considered_on_merits": "No new issue was raised.",
    "right_to_ombudsman_given": True,
}


def test_2024_5_11_declining_at_stage_2_as_previously_considered_needs_the_earlier_complaint(
    officer: Api,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    hugo = Api(User.objects.create_user("hugo", role=Role.MANAGER))
    User.objects.create_user("hana", role=Role.MANAGER)
    ref = _at_stage_2(officer, hugo)
    before = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    refused = hugo.post(f"/complaints/{ref}/decline", {**DECLINE, **told()})
    assert refused.status_code == 422, refused.content
    assert refused.json()["provision"] == "2024 5.11"
    assert "give the earlier complaint that considered the matter" in refused.json()["detail"]
    number = str(int(ref.split("-")[-1]))
    for itself in (ref, f"Complaint {number}"):
        named = hugo.post(
            f"/complaints/{ref}/decline", {**DECLINE, "previously_considered_in": itself, **told()}
        )
        assert named.status_code in (400, 422), named.content
        assert "is this complaint" in named.json()["detail"]
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == before
    # named, the refusal letter says which: "Landlords must clearly set out these reasons" (5.11)
    held = hugo.post(f"/complaints/{ref}/decline", {**DECLINE, "previously_considered_in": EARLIER})
    assert held.status_code == 202, held.content
    draft = held.json()["not_yet_sent"][0]["letter_draft"]
    letter = hugo.get(f"/complaints/{ref}/letters/{draft}").json()
    assert letter["kind"] == "decision-not-to-escalate"
    assert f"We considered this matter before, in {EARLIER}." in letter["body"]


def test_2024_2_2_declining_at_stage_1_as_previously_considered_needs_no_earlier_complaint(
    officer: Api,  # noqa: F811
) -> None:
    ref = str(new_complaint(officer)["reference"])
    declined = officer.post(f"/complaints/{ref}/decline", {**DECLINE, **told()})
    assert declined.json()["state"] == "declined", declined.content
    other = str(new_complaint(officer)["reference"])
    named = officer.post(
        f"/complaints/{other}/decline", {**DECLINE, "previously_considered_in": EARLIER, **told()}
    )
    assert named.json()["state"] == "declined", named.content
    event = ComplaintEvent.objects.get(complaint__reference=other, kind="declined")
    assert event.data["previously_considered_in"] == EARLIER
