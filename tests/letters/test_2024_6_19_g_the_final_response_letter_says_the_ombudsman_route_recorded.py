"""2024 6.19 g: the stage 2 response confirms in writing "details of how to escalate the matter to the
Ombudsman Service if the individual remains dissatisfied". The response form asks for it ("How to
refer the complaint to the Housing Ombudsman") and the record holds what the handler typed, but the
default stage 2 template's 6.19 g section said a fixed paragraph: the resident was never sent the
route the record holds (2024 5.12), as at stage 1 before (6.9 g).

Now the default template says ``{{ response.escalation_route }}`` (so issuing guards it), the form
opens with the landlord's standard Ombudsman words so nobody has to type them, and a stored template
still the old default is given the new section (migration 0019)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from api.test_trustworthy_record_api import DEFINITION, _today_complaint
from django.apps import apps
from django.test import Client
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.letters import services
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.models import IssuedLetter, LetterDraft, LetterTemplate, LetterTemplateVersion
from putright.letters.ombudsman import ombudsman_contact

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "putright.letters.migrations.0019_stage2_response_says_the_ombudsman_route_recorded"
)

ROUTE = (
    "If you are still unhappy you can ask the Housing Ombudsman Service to look at your complaint: "
    "telephone 0300 111 3000 or use the form at www.housing-ombudsman.org.uk."
)


def _at_stage_2() -> tuple[str, Api]:
    """A complaint acknowledged at stage 2 by Bola, who did not consider stage 1 (6.13)."""
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
    return ref, bola


def _section(body: str) -> str:
    return body[body.index("[6.19 g]") : body.index("[/]")]


def test_2024_6_19_g_the_default_stage_2_response_template_says_the_recorded_route() -> None:
    assert "{{ response.escalation_route }}" in _section(DEFAULT_TEMPLATES["stage2-response"].body)


def test_2024_6_19_g_the_route_typed_is_the_one_the_final_response_letter_says(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, bola = _at_stage_2()
    held = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": ROUTE})
    assert held.status_code == 202, held.content
    draft = int(held.json()["not_yet_sent"][0]["letter_draft"])
    assert ROUTE in _section(LetterDraft.objects.get(pk=draft).body)
    assert bola.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    letter = IssuedLetter.objects.get(complaint__reference=ref, kind="stage2-response")
    assert ROUTE in " ".join(letter.rendered_text.split())


def test_2024_6_19_g_the_final_response_form_opens_with_the_landlords_standard_ombudsman_words(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, bola = _at_stage_2()
    words = services.standard_ombudsman_route()
    contact = ombudsman_contact()
    for detail in (contact.telephone, contact.complaint_form_url, contact.email):
        assert detail in words
    client = Client()
    client.force_login(bola.user)
    page = client.get(f"/workspace/complaints/{ref}/respond/").content.decode()
    assert "How to refer the complaint to the Housing Ombudsman" in page
    assert "free and independent" in page and contact.telephone in page
    # the words as they are give a letter the check passes
    held = bola.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": words})
    draft = LetterDraft.objects.get(pk=int(held.json()["not_yet_sent"][0]["letter_draft"]))
    assert words in draft.body
    assert services.check_draft(draft).can_issue


def test_2024_6_19_g_a_final_response_letter_started_by_hand_gives_the_standard_words(
    letterhead: Any,  # noqa: F811
) -> None:
    ref, _bola = _at_stage_2()
    complaint = Complaint.objects.get(reference=ref)
    _title, body = services.preview_body(complaint=complaint, kind="stage2-response")
    assert services.standard_ombudsman_route() in _section(body)


def test_2024_6_19_g_a_stored_template_still_the_old_default_is_given_the_route_section() -> None:
    # as the template editor saves it: its ends stripped
    LetterTemplate.objects.update_or_create(
        kind="stage2-response", defaults={"title": "Our final response", "body": MIGRATION.OLD_BODY.strip()}
    )
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind="stage2-response").body == MIGRATION.NEW_BODY
    assert DEFAULT_TEMPLATES["stage2-response"].body == MIGRATION.NEW_BODY
    assert LetterTemplateVersion.objects.filter(kind="stage2-response", body=MIGRATION.NEW_BODY).exists()
    MIGRATION.Migration.operations[0].reverse_code(apps, None)
    assert LetterTemplate.objects.get(kind="stage2-response").body == MIGRATION.OLD_BODY


def test_2024_6_19_g_a_landlords_own_stage_2_template_is_left_as_it_is() -> None:
    own = MIGRATION.OLD_BODY.replace("which is free and independent", "which is free")
    LetterTemplate.objects.update_or_create(
        kind="stage2-response", defaults={"title": "Our final response", "body": own}
    )
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind="stage2-response").body == own
