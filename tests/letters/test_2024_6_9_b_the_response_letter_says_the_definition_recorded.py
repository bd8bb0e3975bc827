"""2024 6.9 a, b (and 6.19 a, b): a response confirms in writing "the complaint stage" and "the complaint
definition". Found in a browser walk: the response form lets the handler change the definition (it
opens with the stage's definition and " Outcomes sought: ..."), the response records what they
wrote, but the default template's 6.9 b section said the definition the stage was acknowledged with:
the edit, and the outcomes sought, never reached the resident, and the record held a definition the
resident was not sent (2024 5.12). The 6.9 a section said a fixed "stage 1" whatever was recorded.

Now the default response templates say ``{{ response.complaint_stage }}`` and
``{{ response.complaint_definition }}`` (so issuing refuses a letter that drops them), and a stored
template still word for word the old default is given the new sections (migration 0018)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints import services as services_
from putright.complaints.models import ComplaintEvent, PendingStep, Stage
from putright.complaints.services import Told
from putright.letters import services
from putright.letters.check import check_letter
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.models import IssuedLetter, LetterDraft, LetterTemplate, LetterTemplateVersion

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "putright.letters.migrations.0018_responses_say_the_stage_and_definition_recorded"
)
LATER = importlib.import_module(
    "putright.letters.migrations.0019_stage2_response_says_the_ombudsman_route_recorded"
)

EDITED = (
    "The extractor fan in your bathroom was not repaired after two reports, and the mould came back. "
    "Outcomes sought: a working fan and the mould treated."
)


def _held(client: Client, hana: User, complaint: Any, **changes: str) -> LetterDraft:
    assert _post(client, hana, complaint, "respond", {**RESPONSE, **changes}).status_code == 302
    held = PendingStep.objects.get(complaint=complaint, step="respond", state=PendingStep.State.PENDING)
    return services.draft_for_held_step(held=held, actor=hana)


def _issue(client: Client, complaint: Any, draft: LetterDraft) -> Any:
    page = client.post(
        f"/letters/{complaint.reference}/drafts/{draft.pk}/",
        {"title": draft.title, "body": LetterDraft.objects.get(pk=draft.pk).body, "action": "issue"},
    )
    return page


def _section(body: str, marker: str, upto: str) -> str:
    return body[body.index(marker) : body.index(upto)]


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("stage1-response", "[6.9 a]", "[6.9 b]"),
        ("stage2-response", "[6.19 a]", "[6.19 b]"),
        ("stage3-response", "[complaint_stage]", "[complaint_definition]"),
    ],
)
def test_2024_6_9_b_the_default_response_templates_say_the_recorded_stage_and_definition(
    kind: str, a: str, b: str
) -> None:
    body = DEFAULT_TEMPLATES[kind].body
    assert "{{ response.complaint_stage }}" in _section(body, a, b)
    assert "{{ response.complaint_definition }}" in body[body.index(b) :].split("\n\n")[0]
    assert "definition.complaint" not in body


def test_2024_6_9_b_the_definition_written_on_the_response_form_is_the_one_the_letter_says(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    draft = _held(client, hana, complaint, complaint_definition=EDITED, complaint_stage="Stage 1")
    section = _section(draft.body, "[6.9 b]", "[6.9 c]")
    assert EDITED in section
    assert "Stage 1" in _section(draft.body, "[6.9 a]", "[6.9 b]")
    # the default letter passes the Code check and is issued; the record and the letter say the same
    assert check_letter(draft.body, kind="stage1-response", edition="2024").can_issue
    assert _issue(client, complaint, draft).status_code == 302
    letter = IssuedLetter.objects.get(complaint=complaint)
    assert " ".join(EDITED.split()) in " ".join(letter.rendered_text.split())
    assert draft.pending_step is not None
    assert draft.pending_step.fields["complaint_definition"] == EDITED


def test_2024_6_9_b_left_as_the_form_opens_the_letter_says_the_outcomes_sought_too(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    """Left empty, the core records the stage's definition with " Outcomes sought: ...": the letter
    says that, not the definition alone."""
    hana = staff["hana"]
    complaint = make()
    stage = Stage.objects.get(complaint=complaint, number=1)
    draft = _held(client, hana, complaint, complaint_definition="")
    recorded = f"{stage.complaint_definition} Outcomes sought: {stage.outcomes_sought}"
    assert recorded in _section(draft.body, "[6.9 b]", "[6.9 c]")
    assert _issue(client, complaint, draft).status_code == 302
    assert IssuedLetter.objects.filter(complaint=complaint).exists()


def test_2024_6_9_b_a_letter_edited_to_drop_the_recorded_definition_is_refused(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    draft = _held(client, hana, complaint, complaint_definition=EDITED)
    changed = draft.body.replace(EDITED, "The mould came back.")
    refusal = services.differs_from_the_record(
        changed, "stage1-response", draft.pending_step, today=draft.created_at.date()
    )
    assert refusal == ["the complaint definition"]
    stage = services.differs_from_the_record(
        draft.body.replace("at Stage 1 of", "at Stage 2 of"),
        "stage1-response",
        draft.pending_step,
        today=draft.created_at.date(),
    )
    assert stage == ["the complaint stage"]
    LetterDraft.objects.filter(pk=draft.pk).update(body=changed)
    _issue(client, complaint, draft)
    assert not IssuedLetter.objects.filter(complaint=complaint).exists()
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="responded").exists()


def test_2024_6_19_b_the_stage_2_letter_says_the_definition_recorded(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    hugo = staff["hugo"]
    complaint = make("escalation_requested")
    on = timezone.localdate()
    complaint = services_.allocate_handler(complaint=complaint, actor=staff["officer"], handler=hugo, on=on)
    complaint = services_.acknowledge_complaint(
        complaint=complaint,
        actor=hugo,
        complaint_definition="You remain unhappy that the mould came back.",
        outcomes_sought="Treat the mould.",
        responsible_for="Repairs to the fan and the mould treatment.",
        told=Told(method="post", on=on, body="Sent by post."),
    )
    draft = _held(
        client,
        hugo,
        complaint,
        complaint_definition=EDITED,
        complaint_stage="Stage 2",
        # the stage 2 letter says the route recorded (2024 6.19 g): the Ombudsman's, not stage 1's
        escalation_route=services.standard_ombudsman_route(),
    )
    assert EDITED in _section(draft.body, "[6.19 b]", "[6.19 c]")
    assert "at Stage 2, the last stage" in _section(draft.body, "[6.19 a]", "[6.19 b]")
    assert check_letter(draft.body, kind="stage2-response", edition="2024").can_issue


def test_2024_6_9_b_a_stored_template_still_the_old_default_is_given_the_new_sections() -> None:
    for kind, (old, new) in MIGRATION.BODIES.items():
        LetterTemplate.objects.update_or_create(kind=kind, defaults={"title": "Our response", "body": old})
        MIGRATION.Migration.operations[0].code(apps, None)
        assert LetterTemplate.objects.get(kind=kind).body == new
        # the stage 2 default has since moved on: 0019 starts from it (2024 6.19 g)
        assert new == (LATER.OLD_BODY if kind == "stage2-response" else DEFAULT_TEMPLATES[kind].body)
        assert LetterTemplateVersion.objects.filter(kind=kind, body=new).exists()
        MIGRATION.Migration.operations[0].reverse_code(apps, None)
        assert LetterTemplate.objects.get(kind=kind).body == old


def test_2024_6_9_b_a_landlords_own_template_is_left_as_it_is() -> None:
    old = MIGRATION.BODIES["stage1-response"][0]
    own = old.replace("What your complaint is about", "What you told us")
    LetterTemplate.objects.update_or_create(kind="stage1-response", defaults={"title": "Ours", "body": own})
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind="stage1-response").body == own


def test_2024_6_9_b_the_old_default_saved_from_the_editor_is_given_the_new_sections_too() -> None:
    """The template editor strips a body's ends, so the old default saved there unchanged lost its
    closing newline and was taken for a landlord's own, keeping the section that says a definition
    the response does not record (helper-124)."""
    for kind, (old, new) in MIGRATION.BODIES.items():
        LetterTemplate.objects.update_or_create(
            kind=kind, defaults={"title": "Our response", "body": old.strip()}
        )
        MIGRATION.Migration.operations[0].code(apps, None)
        assert LetterTemplate.objects.get(kind=kind).body == new, kind
