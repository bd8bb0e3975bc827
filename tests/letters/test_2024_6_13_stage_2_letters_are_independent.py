"""2024 6.13 at the letter doors: the person who considered stage 1 cannot write, confirm, issue or
send the letter of a stage 2 step that someone independent recorded. Otherwise the record shows the
stage 2 handler's response while the resident received the stage 1 handler's (found by review:
the stage 1 handler rewrote the held stage 2 response's decision through ``PUT .../letters/{id}`` and
issued it; the record said the stage 2 handler responded)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from api.test_trustworthy_record_api import DEFINITION, _today_complaint
from django.test import Client
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent, PendingStep
from putright.letters.models import IssuedLetter
from putright.letters.services import standard_ombudsman_route

pytestmark = pytest.mark.django_db


def _held_stage_2_response() -> tuple[str, Api, Api, dict[str, Any]]:
    """A complaint at stage 2: Hana considered stage 1, Bola (independent) recorded the stage 2
    response, held until its letter is issued."""
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
    # the route to the Ombudsman (2024 6.19 g), which the stage 2 letter says as recorded
    held = bola.post(
        f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": standard_ombudsman_route()}
    )
    assert held.status_code == 202
    return ref, hana, bola, held.json()["not_yet_sent"][0]


def _responses(ref: str) -> int:
    return ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").count()


def test_2024_6_13_the_stage_1_handler_cannot_rewrite_issue_or_send_the_stage_2_response(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, hana, bola, held = _held_stage_2_response()
    draft = held["letter_draft"]
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]  # reading is not considering
    rewritten = body.replace("We uphold your complaint.", "We do not uphold your complaint.")
    edit = hana.client.put(
        f"/api/v1/complaints/{ref}/letters/{draft}",
        data=json.dumps({"body": rewritten}),
        content_type="application/json",
        headers=hana._headers(),
    )
    assert edit.status_code == 422 and edit.json()["provision"] == "2024 6.13"
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 422 and issued.json()["provision"] == "2024 6.13"
    sent = hana.post(f"/complaints/{ref}/held-steps/{held['id']}/send", told())
    assert sent.status_code == 422 and sent.json()["provision"] == "2024 6.13"
    own = hana.post(f"/complaints/{ref}/letters", {"kind": "stage2-response", "body": rewritten})
    assert own.status_code == 422 and own.json()["provision"] == "2024 6.13"
    thrown = hana.post(f"/complaints/{ref}/held-steps/{held['id']}/discard", {})
    assert thrown.status_code == 422 and thrown.json()["provision"] == "2024 6.13"
    assert _responses(ref) == 1  # stage 1's only
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
    assert PendingStep.objects.get(pk=held["id"]).state == "pending"
    assert "We uphold your complaint." in bola.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    # the independent handler issues it: the response counts, as Bola's
    assert bola.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    assert _responses(ref) == 1  # until its email is sent (2024 5.12)
    assert send_queued_letter_emails() == 1
    assert _responses(ref) == 2
    event = ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").last()
    assert event is not None and event.data["actor"] == str(bola.user.pk)


def test_2024_6_13_the_stage_1_handler_cannot_issue_the_stage_2_response_in_the_workspace(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, hana, _bola, held = _held_stage_2_response()
    client = Client()
    client.force_login(hana.user)
    draft = held["letter_draft"]
    page = client.get(f"/letters/{ref}/drafts/{draft}/")
    assert page.status_code == 200
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    refused = client.post(
        f"/letters/{ref}/drafts/{draft}/",
        {"title": "Our final response", "body": body, "action": "issue"},
    )
    assert refused.status_code == 422
    assert "6.13" in refused.content.decode()
    assert _responses(ref) == 1
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
