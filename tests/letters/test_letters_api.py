"""REST API v1, letters: draft from the template with the Code check, issue; a letter without the
2024 6.9 g part is refused with a 422 that cites "2024 6.9 g"."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from letters.conftest import empty_section

from putright.accounts.models import Role, User
from putright.accounts.services import create_api_token
from putright.letters.models import IssuedLetter

pytestmark = pytest.mark.django_db


def test_2024_6_9_g_issue_refused_with_422_citing_the_provision(
    api: Any, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    drafted = api("post", f"/complaints/{complaint.reference}/letters", {"kind": "stage1-response"})
    assert drafted.status_code == 201, drafted.content
    draft = drafted.json()
    assert draft["check"]["can_issue"] is True
    assert [e["provision"] for e in draft["check"]["elements"]][-1] == "2024 6.9 g"

    changed = api(
        "put",
        f"/complaints/{complaint.reference}/letters/{draft['id']}",
        {"body": empty_section(draft["body"], "[6.9 g]")},
    )
    assert changed.status_code == 200
    assert changed.json()["can_issue"] is False
    assert changed.json()["check"]["missing"] == [{"element": "escalation_route", "provision": "2024 6.9 g"}]

    refused = api("post", f"/complaints/{complaint.reference}/letters/{draft['id']}/issue")
    assert refused.status_code == 422
    body = refused.json()
    assert body["provision"] == "2024 6.9 g"
    assert body["missing"] == ["2024 6.9 g"]
    assert "how to escalate to stage 2" in body["detail"]
    assert not IssuedLetter.objects.exists()


def test_draft_with_own_body_then_issue_201_and_409_the_second_time(
    api: Any, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    drafted = api("post", f"/complaints/{complaint.reference}/letters", {"kind": "stage1-response"}).json()
    issued = api("post", f"/complaints/{complaint.reference}/letters/{drafted['id']}/issue")
    assert issued.status_code == 201, issued.content
    letter = issued.json()
    assert len(letter["sha256"]["pdf"]) == 64
    assert letter["deliveries"][0]["to"] == "rita@example.org"
    assert api("post", f"/complaints/{complaint.reference}/letters/{drafted['id']}/issue").status_code == 409
    listed = api("get", f"/complaints/{complaint.reference}/letters").json()
    assert [i["id"] for i in listed["issued"]] == [letter["id"]]
    assert listed["drafts"] == []


def test_bad_kind_is_422_and_unknown_complaint_404(api: Any, case_for_kind: Any, letterhead: Any) -> None:
    complaint = case_for_kind("stage1-response")
    bad = api("post", f"/complaints/{complaint.reference}/letters", {"kind": "love-letter"})
    assert bad.status_code == 422
    assert "unknown letter kind" in bad.json()["detail"]
    assert api("post", "/complaints/NOPE/letters", {"kind": "stage1-response"}).status_code == 404
    stage3 = api("post", f"/complaints/{complaint.reference}/letters", {"kind": "stage3-response"})
    assert stage3.status_code == 422


def test_letters_need_a_token(client: Client, case_for_kind: Any, letterhead: Any) -> None:
    complaint = case_for_kind("stage1-response")
    response = client.post(
        f"/api/v1/complaints/{complaint.reference}/letters",
        data=json.dumps({"kind": "stage1-response"}),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_restricted_complaint_letters_are_hidden_from_others(
    case_for_kind: Any, letterhead: Any, handler_2: User
) -> None:
    complaint = case_for_kind("stage1-response")
    complaint.restricted = True
    complaint.save(update_fields=["restricted"])
    other = User.objects.create_user("other", role=Role.COMPLAINT_HANDLER)
    token, _ = create_api_token(user=other, name="t")
    response = Client().post(
        f"/api/v1/complaints/{complaint.reference}/letters",
        data=json.dumps({"kind": "stage1-response"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
