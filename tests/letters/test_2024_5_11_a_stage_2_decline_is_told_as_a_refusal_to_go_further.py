"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so. Landlords must clearly set out these reasons". Not
accepting a complaint at stage 2, after it was accepted and answered at stage 1, is such a refusal: a
browser walk found its letter was the "Decision not to accept" one ("We cannot accept this as a
complaint"), which says the complaint was never accepted. Its letter is the refusal to escalate, with
the reasons and the right to take the decision to the Ombudsman (2.4); at stage 1 nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from api.test_trustworthy_record_api import DEFINITION, _today_complaint
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db

DECLINE = {
    "ground": "legal_proceedings",
    "explanation": "A claim about the same repair was filed at court on 3 June.",
    "considered_on_merits": "The claim covers every matter in the complaint.",
    "right_to_ombudsman_given": True,
}


def _held_decline_letter(api: Api, ref: str) -> dict[str, Any]:
    held = api.post(f"/complaints/{ref}/decline", DECLINE)
    assert held.status_code == 202, held.content
    draft = held.json()["not_yet_sent"][0]["letter_draft"]
    return dict(api.get(f"/complaints/{ref}/letters/{draft}").json())


def test_2024_5_11_a_decline_at_stage_2_is_told_as_a_refusal_to_escalate(letterhead: Any) -> None:  # noqa: F811
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
    letter = _held_decline_letter(bola, ref)
    assert letter["kind"] == "decision-not-to-escalate"
    assert "cannot accept this as a complaint" not in letter["body"]
    assert DECLINE["explanation"] in letter["body"]
    assert "Housing Ombudsman" in letter["body"]
    issued = bola.post(f"/complaints/{ref}/letters/{letter['id']}/issue", {})
    assert issued.status_code == 201, issued.content
    assert send_queued_letter_emails() == 1  # the decline counts once its letter is sent (2024 5.12)
    declined = ComplaintEvent.objects.get(complaint__reference=ref, kind="declined")
    assert declined.data["stage"] == 2 and declined.data["actor"] == str(bola.user.pk)


def test_2024_2_4_a_decline_at_stage_1_is_still_a_decision_not_to_accept(letterhead: Any) -> None:  # noqa: F811
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    ref = _today_complaint(officer)
    letter = _held_decline_letter(officer, ref)
    assert letter["kind"] == "decision-not-to-accept"
