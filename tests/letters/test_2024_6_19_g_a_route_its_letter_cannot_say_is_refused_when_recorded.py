"""2024 6.19 g: "Landlords must confirm the following in writing to the resident at the completion of
stage 2 in clear, plain language: ... g. details of how to escalate the matter to the Ombudsman
Service if the individual remains dissatisfied." A stage 2 response recorded with a route that gives
none of the Ombudsman's details ("You can contact the Housing Ombudsman.") was accepted, then its
letter, which says the route the response records, was refused at issue for 6.19 g for ever: the
held response was stuck until discarded. Now the route is refused on its field when the response is
recorded, at both doors, by the letter check issuing runs on the letter PutRight would draft (no
second copy of the rule), saying what is missing; and never a route that check passes: every good
stage 2 route of the letter check's own corpus is still accepted.

With it (2024 5.12, the record is what the resident was told; 6.9, 6.19):

* a step told another way records its sections as the record of what the resident was told: a blank
  ("[TBC]") typed there that the text kept as sent never said is refused too (one it said is what
  they were told, and is kept; the text is kept as sent);
* every field's problem is named at once: a blank beside the Code's own refusal of a field ("None"
  over the record's remedies, 2024 6.9 e) and beside the route, in one 422 and one form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from api.test_trustworthy_record_api import DEFINITION, _today_complaint
from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from test_2024_6_19_g_the_final_response_letter_says_the_ombudsman_route_recorded import ROUTE, _at_stage_2
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import _post

from putright.accounts.models import Role, User
from putright.complaints import services as complaint_services
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep
from putright.letters import services
from putright.letters.check import check_letter
from putright.letters.defaults import DEFAULT_TEMPLATES, OMBUDSMAN_FOOTER
from putright.letters.models import LetterDraft
from putright.letters.placeholders import fill

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "letters"
NO_DETAILS = "If you are still unhappy with our final response, please let us know."
_SIGN_OFF = re.compile(r"\n\s*(?:Yours|Kind regards|Best wishes|With best wishes|Regards)\b")


def _route_of(name: str) -> str:
    """The route onward of a corpus letter, as a handler would type it: from the line of the sentence
    the check relies on (or, where it finds none, the first line naming the Ombudsman) to the
    sign-off, contact details and all."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    evidence = check_letter(text, "stage2-response", "2024").element("ombudsman_route").evidence
    at = text.find(evidence.split("\n")[0][:40]) if evidence else text.lower().find("ombudsman", 200)
    start = text.rfind("\n", 0, at) + 1
    end = _SIGN_OFF.search(text, at)
    return text[start : end.start() if end else len(text)].strip()


def _stage_2_letters(label: str) -> list[str]:
    labels: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    return sorted(
        name
        for name, meta in labels.items()
        if meta["kind"] == "stage2-response"
        and meta["edition"] == "2024"
        and meta["elements"]["ombudsman_route"] == label
        and meta.get("facts", "right") == "right"
    )


def _held_response(complaint: Complaint, route: str) -> PendingStep:
    fields = {**RESPONSE, "escalation_route": route, "handler_id": None}
    return PendingStep(
        complaint=complaint, step="respond", stage=2, fields=fields, decided_on=timezone.localdate()
    )


def _said_on(response: Any, field: str) -> str:
    return " ".join(p["msg"] for p in response.json()["detail"] if p["loc"] == [field])


@pytest.fixture(params=["the default letter", "a letter without the Ombudsman footer"])
def at_stage_2(request: pytest.FixtureRequest, letterhead: Any) -> Complaint:  # noqa: F811
    """A complaint acknowledged at stage 2, its final response letter the default (which gives the
    Ombudsman's details in its footer too) or a landlord's without that footer (only the route
    recorded can give them)."""
    ref, _bola = _at_stage_2()
    if request.param != "the default letter":
        default = DEFAULT_TEMPLATES["stage2-response"]
        body = default.body.replace(OMBUDSMAN_FOOTER, "").replace("\n\n\n\n", "\n\n")
        assert "0300" not in fill(body, {"ombudsman.phone": "0300 111 3000"}).split("[/]")[-1]
        services.save_template(kind="stage2-response", title=default.title, body=body, actor=None)
    return Complaint.objects.get(reference=ref)


def test_2024_6_19_g_every_good_stage_2_route_of_the_letter_checks_corpus_is_accepted(
    at_stage_2: Complaint,
) -> None:
    good = _stage_2_letters("present")
    assert len(good) >= 10
    refused = {
        name: services.route_the_letter_cannot_say(_held_response(at_stage_2, _route_of(name)))
        for name in good
    }
    assert {name: why for name, why in refused.items() if why} == {}


def test_2024_6_19_g_a_route_the_letter_check_finds_missing_is_refused_only_where_issuing_would_refuse_it(
    at_stage_2: Complaint,
) -> None:
    """Each route of the corpus's letters labelled missing 6.19 g, recorded: refused exactly where
    the letter check refuses the letter PutRight would draft from it. "You can refer your complaint to
    the Housing Ombudsman Service by phone." is issued in the default letter, whose footer gives the
    Ombudsman's number, so it is recorded there; without that footer it is refused."""
    missing = [(name, route) for name in _stage_2_letters("missing") if (route := _route_of(name))]
    assert len(missing) >= 6
    for name, route in missing:
        held = _held_response(at_stage_2, route)
        kind = services.held_step_kind(held)
        today = timezone.localdate()
        body = fill(
            services.template_for(kind).body, services.letter_values(at_stage_2, kind, today=today, held=held)
        )
        context = services.check_context(at_stage_2, kind.value, 2, held=held, on=today)
        at_issue = check_letter(body, kind, "2024", context).element("ombudsman_route").status
        found = services.route_the_letter_cannot_say(held)
        assert [field for field, *_ in found] == (["escalation_route"] if at_issue == "missing" else []), name
    by_phone = _held_response(
        at_stage_2, "You can refer your complaint to the Housing Ombudsman Service by phone."
    )
    refused = services.route_the_letter_cannot_say(by_phone)
    footer = OMBUDSMAN_FOOTER.split("{{")[0] in services.template_for("stage2-response").body
    assert bool(refused) is not footer
    if refused:
        assert "none of the Housing Ombudsman Service's contact details" in refused[0][1]


def test_2024_6_19_g_a_route_without_the_ombudsmans_details_is_refused_at_the_api_on_its_field(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, bola = _at_stage_2()
    refused = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": NO_DETAILS})
    assert refused.status_code == 422, refused.content
    # the refusal alone names the provision it enforces, as every other refusal does
    assert refused.json()["provision"] == "2024 6.19 g"
    said = _said_on(refused, "escalation_route")
    assert "2024 6.19 g" in said and "details of how to escalate the matter to the Ombudsman" in said
    assert "none of the Housing Ombudsman Service's contact details" in said and "0300 111 3000" in said
    # nothing recorded, no letter stuck waiting; the route with the details is recorded
    assert not PendingStep.objects.filter(complaint__reference=ref, step="respond", stage=2).exists()
    assert not LetterDraft.objects.filter(complaint__reference=ref, kind="stage2-response").exists()
    held = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": ROUTE})
    assert held.status_code == 202, held.content


def test_2024_6_19_g_a_mistyped_ombudsman_number_in_the_route_is_refused_on_its_field(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, bola = _at_stage_2()
    route = ROUTE.replace("0300 111 3000", "0300 111 3900")
    refused = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": route})
    assert refused.status_code == 422, refused.content
    assert "0300 111 3900" in _said_on(refused, "escalation_route")


def test_2024_6_19_g_the_route_told_another_way_is_not_judged_as_a_letter_of_putrights(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, bola = _at_stage_2()
    recorded = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": NO_DETAILS, **told()})
    assert recorded.status_code == 200, recorded.content


def test_2024_6_19_g_a_route_without_the_ombudsmans_details_is_refused_on_the_step_page_keeping_it(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("escalation_requested")
    sian = staff["sian"]
    complaint = complaint_services.allocate_handler(complaint=complaint, actor=staff["officer"], handler=sian)
    complaint_services.acknowledge_complaint(
        complaint=complaint,
        actor=sian,
        complaint_definition="The bathroom mould has come back after two reports.",
        outcomes_sought="Treat the mould.",
        responsible_for="The mould treatment.",
        told=complaint_services.Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    typed = {**RESPONSE, "escalation_route": NO_DETAILS, "reasons": "The fan was not repaired by [TBC]."}
    page = _post(client, sian, complaint, "respond", typed)
    assert page.status_code == 422
    form = page.context["form"]
    assert "6.19 g" in " ".join(form.errors["escalation_route"])
    assert "[TBC]" in " ".join(form.errors["reasons"])
    assert form["escalation_route"].value() == NO_DETAILS
    assert not PendingStep.objects.filter(complaint=complaint, step="respond", stage=2).exists()


# --- a step told another way (2024 5.12) -----------------------------------------------------------


def test_2024_5_12_a_response_told_another_way_with_a_blank_is_refused_at_the_api(hana: Api) -> None:
    ref = _acknowledged(hana)
    events = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    refused = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, "reasons": "Booked for [TBC].", **told()})
    assert refused.status_code == 422, refused.content
    assert "[TBC]" in _said_on(refused, "reasons")
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events


def test_2024_5_12_a_response_told_another_way_with_a_blank_is_refused_on_the_step_page(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    complaint = make()
    sent = {
        "sent_another_way": "on",
        "sent_method": "email",
        "sent_on": timezone.localdate().isoformat(),
        "sent_text": "Dear Resident, we uphold your complaint.",
    }
    page = _post(client, staff["hana"], complaint, "respond", {**RESPONSE, **sent, "decision": "[TBC]"})
    assert page.status_code == 422
    form = page.context["form"]
    assert "[TBC]" in " ".join(form.errors["decision"])
    assert form["sent_text"].value() == sent["sent_text"]
    assert not complaint.events.filter(kind="responded").exists()


def test_2024_5_12_a_blank_the_text_kept_as_sent_said_too_is_what_the_resident_was_told(hana: Api) -> None:
    ref = _acknowledged(hana)
    sent = told()
    sent["told"]["body"] = "Dear Rita, the fan was not repaired by [TBC]."
    typed = {"reasons": "The fan was not repaired by [TBC]."}
    recorded = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **typed, **sent})
    assert recorded.status_code == 200, recorded.content


# --- every field's problem at once ------------------------------------------------------------------


def test_2024_6_9_e_a_blank_is_named_with_the_codes_refusal_of_none_over_the_record_in_one_422(
    hana: Api,
) -> None:
    ref = _acknowledged(hana)
    due = timezone.localdate().isoformat()
    remedy = {
        "remedy_kind": "financial",
        "description": "Compensation for the delay",
        "due": due,
        "agreed_with_resident": True,
        "amount_pence": 7500,
    }
    assert hana.post(f"/complaints/{ref}/remedies", remedy).status_code == 200
    for how in ({}, told()):
        typed = {"remedy": "None", "reasons": "The fan was booked for [insert date]."}
        refused = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **typed, **how})
        assert refused.status_code == 422, refused.content
        assert refused.json()["provision"] == "2024 6.9 e"
        assert "Compensation for the delay" in _said_on(refused, "remedy")
        assert "[insert date]" in _said_on(refused, "reasons")


@pytest.fixture
def hana(db: None) -> Api:
    return Api(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER, first_name="Hana"))


def _acknowledged(api: Api) -> str:
    ref = _today_complaint(api)
    assert api.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    return ref
