"""2024 5.12: the record of a step is what the resident was sent. A step held until its letter is
issued is recorded from what the handler entered (its outcome and decision feed every report); a
letter edited to say something else must not record the step as entered (found by review: a held
stage 1 response recorded "upheld" was rewritten to "not upheld" in the draft and issued, and the
record, the reports and the self-assessment said upheld)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api
from api.test_trustworthy_record_api import DEFINITION, _today_complaint, told
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent
from putright.letters.models import IssuedLetter, LetterTemplate
from putright.letters.services import template_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hana(db: None) -> Api:
    return Api(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER, first_name="Hana"))


def _held_response(api: Api) -> tuple[str, int]:
    ref = _today_complaint(api)
    assert api.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    held = api.post(f"/complaints/{ref}/respond", RESPONSE)
    assert held.status_code == 202
    return ref, int(held.json()["not_yet_sent"][0]["letter_draft"])


def _put(api: Api, ref: str, draft: int, body: str) -> Any:
    return api.client.put(
        f"/api/v1/complaints/{ref}/letters/{draft}",
        data=json.dumps({"body": body}),
        content_type="application/json",
        headers=api._headers(),
    )


def test_2024_5_12_a_letter_rewritten_away_from_the_recorded_decision_does_not_record_the_step(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    ref, draft = _held_response(hana)
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    assert (
        _put(
            hana, ref, draft, body.replace(RESPONSE["decision"], "We do not uphold your complaint.")
        ).status_code
        == 200
    )
    refused = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert refused.status_code == 422
    assert refused.json()["provision"] == "2024 5.12"
    assert "the decision" in refused.json()["detail"]
    assert not ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").exists()
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
    # the wording around the recorded sections is the landlord's to change
    assert _put(hana, ref, draft, body.replace("Dear ", "Dear Ms ", 1)).status_code == 200
    assert hana.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    assert send_queued_letter_emails() == 1
    event = ComplaintEvent.objects.get(complaint__reference=ref, kind="responded")
    assert event.data["response"]["outcome"] == "upheld"
    assert RESPONSE["decision"] in IssuedLetter.objects.get(complaint__reference=ref).rendered_text


def test_2024_5_12_a_template_without_a_section_asks_for_nothing_the_landlord_left_out(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    """Not over-enforced: a landlord whose stage 1 template states the decision in its own words (no
    ``response.decision`` placeholder) is not asked to repeat the step's wording."""
    template = template_for("stage1-response")
    assert "{{ response.decision }}" in template.body
    LetterTemplate.objects.filter(pk=template.pk).update(
        body=template.body.replace("{{ response.decision }}", "We have decided to uphold your complaint.")
    )
    ref, draft = _held_response(hana)
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    assert RESPONSE["decision"] not in body
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 201, issued.content


def test_2024_5_12_the_draft_page_says_before_issue_that_the_letter_no_longer_says_what_is_recorded(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    """Found walking the workspace: the Code check passed, Issue was offered, and only pressing it
    said the letter no longer matched the held step. The page now says so first, and Issue waits."""
    from django.test import Client

    ref, draft = _held_response(hana)
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    client = Client()
    client.force_login(User.objects.get(username="hana"))
    page = client.get(f"/letters/{ref}/drafts/{draft}/").content.decode()
    assert "Issuing will be refused" not in page
    changed = body.replace(RESPONSE["decision"], "We do not uphold your complaint.")
    assert _put(hana, ref, draft, changed).status_code == 200
    page = client.get(f"/letters/{ref}/drafts/{draft}/").content.decode()
    assert "Issuing will be refused: 2024 5.12: The letter no longer says what the" in page
    assert "the decision" in page
    assert 'value="issue" class="govuk-button" data-module="govuk-button" disabled' in page
