"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so. Landlords must clearly set out these reasons". Refusing
as "previously considered" requires the earlier complaint that considered the matter, and the record
kept it on the Declined event, but neither the complaint's full record (its timeline) nor the letter
telling the resident showed it. Now the timeline's entry for the refusal names it, and the letter
says it (``{{ exclusion.previously_considered }}``, nothing on any other ground, so the same letter
on another ground has no blank). It stays personal: erasure takes it from the record."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import _page, _post

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint, PendingStep
from putright.complaints.services import Told
from putright.letters import services as letter_services
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.models import LetterTemplate, LetterTemplateVersion
from putright.letters.placeholders import PLACEHOLDERS
from putright.records.erasure import erase_texts

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "putright.letters.migrations.0020_refused_escalation_names_the_earlier_complaint"
)
EARLIER = "Our old system, case 2019/0451"
REFUSAL = {
    "explanation": "We have already looked at the repair to your fan in an earlier complaint.",
    "considered_on_merits": "No new issue was raised.",
    "right_to_ombudsman_given": True,
}


def _refused(build: Make, officer: User, **how: Any) -> Complaint:
    complaint = build("escalation_requested")
    return services.decline_escalation(
        complaint=complaint,
        actor=officer,
        told=Told(method="post", on=date.today(), body="Sent by post."),
        **{**REFUSAL, **how},
    )


def test_2024_5_11_the_full_record_of_the_refusal_names_the_earlier_complaint(
    client: Client,
    make: Make,  # noqa: F811
    staff: dict[str, User],  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _refused(
        make, staff["officer"], ground="previously_considered", previously_considered_in=EARLIER
    )
    page = _page(client, staff["officer"], complaint)
    assert f"Previously considered in: {EARLIER}" in page
    # personal (2024 5.11's earlier complaint, as staff name it): erasure takes it from the record
    erase_texts([complaint], by="test")
    assert EARLIER not in _page(client, staff["officer"], complaint)


def test_2024_5_11_the_refusal_letter_names_the_earlier_complaint(
    client: Client,
    make: Make,  # noqa: F811
    staff: dict[str, User],  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    assert "exclusion.previously_considered" in PLACEHOLDERS
    assert "{{ exclusion.previously_considered }}" in DEFAULT_TEMPLATES["decision-not-to-escalate"].body
    complaint = make("escalation_requested")
    data = {
        **REFUSAL,
        "ground": "previously_considered",
        "previously_considered_in": EARLIER,
        "right_to_ombudsman_given": "on",
    }
    assert _post(client, staff["officer"], complaint, "decline-escalation", data).status_code == 302
    held = PendingStep.objects.get(complaint=complaint, step="decline_escalation")
    draft = letter_services.draft_for_held_step(held=held, actor=staff["officer"])
    said = f"We considered this matter before, in {EARLIER}."
    assert said in draft.body
    assert letter_services.check_draft(draft).can_issue
    letter = letter_services.issue_letter(draft=draft, actor=staff["officer"])
    assert said in " ".join(letter.rendered_text.split())


def test_2024_5_11_on_another_ground_the_refusal_letter_has_no_blank(
    make: Make,  # noqa: F811
    staff: dict[str, User],  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _refused(make, staff["officer"], ground="legal_proceedings")
    _title, body = letter_services.preview_body(complaint=complaint, kind="decision-not-to-escalate")
    assert "[enter" not in body and "considered this matter before" not in body


def test_2024_5_11_a_stored_template_still_the_old_default_is_given_the_earlier_complaint() -> None:
    LetterTemplate.objects.update_or_create(
        kind=MIGRATION.KIND, defaults={"title": "We cannot escalate", "body": MIGRATION.OLD_BODY.strip()}
    )
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind=MIGRATION.KIND).body == MIGRATION.NEW_BODY
    assert DEFAULT_TEMPLATES[MIGRATION.KIND].body == MIGRATION.NEW_BODY
    assert LetterTemplateVersion.objects.filter(kind=MIGRATION.KIND, body=MIGRATION.NEW_BODY).exists()
    MIGRATION.Migration.operations[0].reverse_code(apps, None)
    assert LetterTemplate.objects.get(kind=MIGRATION.KIND).body == MIGRATION.OLD_BODY
    own = MIGRATION.OLD_BODY.replace("Thank you for asking", "Thank you for writing to ask")
    LetterTemplate.objects.filter(kind=MIGRATION.KIND).update(body=own)
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind=MIGRATION.KIND).body == own
