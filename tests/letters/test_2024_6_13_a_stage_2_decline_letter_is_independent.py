"""2024 6.13 for a decline held until its letter is issued: "The person considering the complaint at
stage 2 must not be the same person that considered the complaint at stage 1." Deciding not to go on
with the complaint at stage 2 is considering it there, so the stage 1 handler can neither record the
decline nor issue or send the letter of one the stage 2 handler recorded (a browser walk: the stage 1
handler declined a stage 2 complaint and issued its letter)."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from api.test_trustworthy_record_api import DEFINITION, _today_complaint
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent, PendingStep

pytestmark = pytest.mark.django_db

DECLINE = {
    "ground": "legal_proceedings",
    "explanation": "A claim about the same repair was filed at court.",
    "considered_on_merits": "The claim covers every matter in the complaint.",
    "right_to_ombudsman_given": True,
}


def _at_stage_2() -> tuple[str, Api, Api]:
    """A complaint at stage 2: Hana considered stage 1, Bola (independent) acknowledged stage 2."""
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    ref = _today_complaint(officer)
    hana = Api(User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER, first_name="Hana"))
    bola = Api(User.objects.create_user("bola", role=Role.COMPLAINT_HANDLER, first_name="Bola"))
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    assert hana.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    assert hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **told()}).status_code == 200
    officer.post(f"/complaints/{ref}/escalate", {})
    assert officer.post(f"/complaints/{ref}/allocate", {"handler": "bola"}).status_code == 200
    assert bola.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    return ref, hana, bola


def _declined(ref: str) -> int:
    return ComplaintEvent.objects.filter(complaint__reference=ref, kind="declined").count()


def test_2024_6_13_the_stage_1_handler_cannot_hold_a_decline_at_stage_2() -> None:
    ref, hana, _bola = _at_stage_2()
    refused = hana.post(f"/complaints/{ref}/decline", DECLINE)
    assert refused.status_code == 422 and refused.json()["provision"] == "2024 6.13"
    assert not PendingStep.objects.filter(complaint__reference=ref, step="decline").exists()


def test_2024_6_13_the_stage_1_handler_cannot_issue_or_send_a_stage_2_decline(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, hana, bola = _at_stage_2()
    held = bola.post(f"/complaints/{ref}/decline", DECLINE)
    assert held.status_code == 202, held.content
    step = held.json()["not_yet_sent"][0]
    draft = step["letter_draft"]
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 422 and issued.json()["provision"] == "2024 6.13"
    sent = hana.post(f"/complaints/{ref}/held-steps/{step['id']}/send", told())
    assert sent.status_code == 422 and sent.json()["provision"] == "2024 6.13"
    assert _declined(ref) == 0
    assert PendingStep.objects.get(pk=step["id"]).state == "pending"
    assert bola.post(f"/complaints/{ref}/held-steps/{step['id']}/send", told()).status_code == 200
    assert _declined(ref) == 1
