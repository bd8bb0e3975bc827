"""2024 5.12 (the record is what the resident was sent), 6.9 and 6.19 (the response says the decision,
reasons, remedy, outstanding actions and route onward as recorded). A browser walk found:

* a response field holding a bracketed blank ("[TBC]", "[insert date]") was accepted when the
  response was recorded, then its letter could never be issued (refused at issue for its blank):
  the held response was stuck until discarded, with what was typed. Now the step is refused when it
  is recorded, at both doors, naming the bracketed text on the field that holds it; nothing typed
  is lost and nothing is recorded;
* "[Add-on]", an ordinary bracketed word, was read as a blank (the ``add`` of "[add the date]"), so
  a letter saying it could never be issued. The Code forbids no bracketed word: only a template's
  blanks left unfilled stop a letter."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api
from api.test_trustworthy_record_api import DEFINITION, _today_complaint, told
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import _post

from putright.accounts.models import Role, User
from putright.complaints.models import PendingStep
from putright.letters import services
from putright.letters.models import IssuedLetter, LetterDraft
from putright.letters.placeholders import blanks_left

GENUINE = ["[enter the decision]", "[insert date]", "[date]", "[TBC]", "[name]", "[add the date]", "{{ x }}"]
ORDINARY = ["[Add-on]", "[add-on]", "[Additional]", "[Enter-key]", "[sic]", "[see note]"]


@pytest.mark.parametrize("text", GENUINE)
def test_2024_5_12_a_templates_blank_is_still_a_blank(text: str) -> None:
    assert blanks_left(f"We will respond by {text}.") == [text]


@pytest.mark.parametrize("text", ORDINARY)
def test_2024_5_12_an_ordinary_bracketed_word_is_no_blank(text: str) -> None:
    assert blanks_left(f"Your {text} heating cover is part of the tenancy.") == []


@pytest.fixture
def hana(db: None) -> Api:
    return Api(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER, first_name="Hana"))


def _acknowledged(api: Api) -> str:
    ref = _today_complaint(api)
    assert api.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    return ref


def test_2024_6_9_a_response_with_a_blank_is_refused_at_the_api_naming_the_field(hana: Api) -> None:
    ref = _acknowledged(hana)
    typed = {"reasons": "The fan was not repaired by [insert date].", "remedy": "£50 paid by [TBC]."}
    refused = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **typed})
    assert refused.status_code == 422, refused.content
    problems = {tuple(p["loc"]): p["msg"] for p in refused.json()["detail"]}
    assert set(problems) == {("reasons",), ("remedy",)}
    assert "[insert date]" in problems[("reasons",)] and "[TBC]" in problems[("remedy",)]
    # nothing recorded: no held response, no letter stuck waiting
    assert not PendingStep.objects.filter(complaint__reference=ref).exclude(step="acknowledge").exists()
    assert not LetterDraft.objects.filter(complaint__reference=ref, kind="stage1-response").exists()
    assert hana.post(f"/complaints/{ref}/respond", RESPONSE).status_code == 202


def test_2024_6_2_an_acknowledgement_with_a_blank_is_refused_under_the_requests_name(hana: Api) -> None:
    ref = _today_complaint(hana)
    refused = hana.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, "complaint": "The fan [TBC]."})
    assert refused.status_code == 422, refused.content
    assert [p["loc"] for p in refused.json()["detail"]] == [["complaint"]]


def test_2024_6_9_an_empty_section_is_named_on_its_field_with_a_blank_in_one_422(hana: Api) -> None:
    """A section the Code requires left empty (6.9 c, the decision) was refused alone, on no field,
    and the blank in the reasons only once it was filled: the writer met the problems one round at
    a time. Both are named at once, each on its field, in the order of the response's sections."""
    ref = _acknowledged(hana)
    typed = {"decision": "", "reasons": "The fan was not repaired by [TBC]."}
    refused = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **typed})
    assert refused.status_code == 422, refused.content
    body = refused.json()
    assert body["provision"] == "2024 6.9 c"
    problems = [(tuple(p["loc"]), p["msg"]) for p in body["detail"]]
    assert [loc for loc, _ in problems] == [("decision",), ("reasons",)]
    assert "2024 6.9 c" in problems[0][1] and "[TBC]" in problems[1][1]


def test_2024_5_6_an_empty_definition_is_named_on_its_field_with_a_blank_in_one_422(hana: Api) -> None:
    ref = _today_complaint(hana)
    typed = {"complaint": "", "outcomes_sought": "Fix the fan by [TBC]."}
    refused = hana.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **typed})
    assert refused.status_code == 422, refused.content
    body = refused.json()
    assert body["provision"] == "2024 5.6"
    problems = [(tuple(p["loc"]), p["msg"]) for p in body["detail"]]
    assert [loc for loc, _ in problems] == [("complaint",), ("outcomes_sought",)]
    assert "[TBC]" in problems[1][1]


def test_2024_6_9_an_ordinary_bracketed_word_in_a_response_is_issued(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    ref = _acknowledged(hana)
    typed = {"remedy": "We will add the [Add-on] boiler cover for a year, free, by 31 March."}
    held = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **typed})
    assert held.status_code == 202, held.content
    draft = int(held.json()["not_yet_sent"][0]["letter_draft"])
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 201, issued.content
    assert (
        "[Add-on]" in IssuedLetter.objects.get(complaint__reference=ref, kind="stage1-response").rendered_text
    )


def test_2024_6_9_a_response_with_a_blank_is_refused_on_the_step_page_keeping_what_was_typed(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make()
    typed = {**RESPONSE, "outstanding_actions": "Replace the fan by [date]."}
    page = _post(client, staff["hana"], complaint, "respond", typed)
    assert page.status_code == 422
    form = page.context["form"]
    assert "[date]" in " ".join(form.errors["outstanding_actions"])
    assert form["outstanding_actions"].value() == "Replace the fan by [date]."
    assert form["reasons"].value() == RESPONSE["reasons"]
    assert not PendingStep.objects.filter(complaint=complaint, step="respond").exists()
    recorded = _post(client, staff["hana"], complaint, "respond", RESPONSE)
    assert recorded.status_code == 302
    draft = LetterDraft.objects.get(complaint=complaint, issued__isnull=True)
    assert services.issue_letter(draft=draft, actor=staff["hana"]).check_result["can_issue"] is True
