"""2024 5.12 (a full record of what the resident was sent): a letter drafted for a held step that was
then discarded is never issued. Found walking a working day in Chromium: the stage 1 response was
held, its letter edited and refused, the held response discarded and recorded again, and its letter
issued; then the first draft, still listed under "Drafts not yet issued", was issued too. The
resident received two different stage 1 responses; the record held one."""

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
from putright.complaints.models import ComplaintEvent
from putright.letters.models import IssuedLetter

pytestmark = pytest.mark.django_db


def _responses(ref: str) -> int:
    return ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").count()


@pytest.fixture
def acknowledged(letterhead: Any) -> tuple[str, Api]:  # noqa: F811
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    ref = _today_complaint(officer)
    assert officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    return ref, officer


def test_2024_5_12_the_letter_of_a_discarded_response_is_refused_and_not_offered(
    acknowledged: tuple[str, Api],
) -> None:
    ref, officer = acknowledged
    first = officer.post(
        f"/complaints/{ref}/respond",
        {**RESPONSE, "reasons": "The fan was reported once, and the repair was booked late."},
    )
    assert first.status_code == 202, first.content
    held, stale = first.json()["not_yet_sent"][0]["id"], first.json()["not_yet_sent"][0]["letter_draft"]
    assert officer.post(f"/complaints/{ref}/held-steps/{held}/discard", {}).status_code == 200
    again = officer.post(f"/complaints/{ref}/respond", RESPONSE)
    assert again.status_code == 202, again.content
    fresh = again.json()["not_yet_sent"][0]["letter_draft"]
    assert officer.post(f"/complaints/{ref}/letters/{fresh}/issue", {}).status_code == 201
    assert send_queued_letter_emails() == 1
    assert _responses(ref) == 1

    refused = officer.post(f"/complaints/{ref}/letters/{stale}/issue", {})
    assert refused.status_code == 422, refused.content
    assert refused.json()["provision"] == "2024 5.12"
    assert "was discarded" in refused.json()["detail"]
    assert (
        "The response recorded since is on the case page, with its own letter if it has one"
        in refused.json()["detail"]
    )
    assert _responses(ref) == 1
    assert IssuedLetter.objects.filter(complaint__reference=ref, kind="stage1-response").count() == 1

    # the workspace neither offers it among the drafts nor issues it
    client = Client()
    client.force_login(officer.user)
    case = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert f"/letters/{ref}/drafts/{stale}/" not in case
    body = officer.get(f"/complaints/{ref}/letters/{stale}").json()["body"]
    page = client.post(
        f"/letters/{ref}/drafts/{stale}/", {"title": "Our response", "body": body, "action": "issue"}
    )
    assert page.status_code == 422 and "was discarded" in page.content.decode()
    assert IssuedLetter.objects.filter(complaint__reference=ref, kind="stage1-response").count() == 1


def test_2024_5_12_the_letter_of_a_discarded_step_not_recorded_again_says_to_record_it(
    acknowledged: tuple[str, Api],
) -> None:
    """Discarded and not recorded again: the refusal does not point at a letter that does not exist."""
    ref, officer = acknowledged
    held = officer.post(f"/complaints/{ref}/respond", RESPONSE).json()["not_yet_sent"][0]
    assert officer.post(f"/complaints/{ref}/held-steps/{held['id']}/discard", {}).status_code == 200
    refused = officer.post(f"/complaints/{ref}/letters/{held['letter_draft']}/issue", {})
    assert refused.status_code == 422, refused.content
    detail = refused.json()["detail"]
    assert "was discarded" in detail and "has its own letter" not in detail
    assert "If the response is still to be sent, record it again: that drafts its own letter." in detail
    assert (
        not IssuedLetter.objects.filter(complaint__reference=ref)
        .exclude(kind="stage1-acknowledgement")
        .exists()
    )


def test_2024_5_12_a_response_told_another_way_may_be_sent_as_its_letter_only_as_recorded(
    acknowledged: tuple[str, Api],
) -> None:
    """Sent another way (read out on the phone, say), the held response's own letter may still follow,
    as a copy of what was recorded; rewritten, it would be a second, different response."""
    ref, officer = acknowledged
    held = officer.post(f"/complaints/{ref}/respond", RESPONSE).json()["not_yet_sent"][0]
    assert officer.post(f"/complaints/{ref}/held-steps/{held['id']}/send", told()).status_code == 200
    assert _responses(ref) == 1
    draft = held["letter_draft"]
    body = officer.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    rewritten = body.replace("We uphold your complaint.", "We do not uphold your complaint.")
    assert rewritten != body
    officer.client.put(
        f"/api/v1/complaints/{ref}/letters/{draft}",
        data=json.dumps({"body": rewritten}),
        content_type="application/json",
        headers=officer._headers(),
    )
    refused = officer.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert refused.status_code == 422 and "no longer says what the" in refused.json()["detail"]
    officer.client.put(
        f"/api/v1/complaints/{ref}/letters/{draft}",
        data=json.dumps({"body": body}),
        content_type="application/json",
        headers=officer._headers(),
    )
    assert officer.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    assert _responses(ref) == 1
