"""2024 6.9 g: a stage 1 response confirms in writing "details of how to escalate the matter to stage 2
if the individual is not satisfied with the response". Found in a browser walk: the handler typed
"How to escalate" on the response form and the record held it, but the default template's 6.9 g
section said a fixed sentence instead, so the resident was never sent the route the record holds
(2024 5.12: the record is what the resident was sent). That sentence also gave a last day to ask,
counted from the day the letter was drafted: issued days later, it gave the resident less time than
the landlord's own window.

Now the default template says ``{{ response.escalation_route }}`` (so issuing refuses a letter that
drops it), the form opens with the landlord's standard words ("within N working days of the date of
this letter", no date to go stale), and a landlord's own template that still gives
``{{ deadline.escalation_by }}`` has it counted again from the day the letter is issued."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api
from api.test_trustworthy_record_api import DEFINITION, _today_complaint, told
from django.apps import apps
from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import _post

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent, Landlord, PendingStep
from putright.letters import services
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.models import IssuedLetter, LetterDraft, LetterTemplate, LetterTemplateVersion

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "putright.letters.migrations.0017_stage1_response_says_the_escalation_route"
)

ROUTE = (
    "To ask for stage 2, write to Complaints, PO Box 2210, Leeds LS1 4AB, or use the form on our "
    "website, within 20 working days of the date of this letter."
)


@pytest.fixture
def hana(db: None) -> Api:
    return Api(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER, first_name="Hana"))


def _held_response(api: Api, **response: str) -> tuple[str, int]:
    ref = _today_complaint(api)
    assert api.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    held = api.post(f"/complaints/{ref}/respond", {**RESPONSE, **response})
    assert held.status_code == 202, held.content
    return ref, int(held.json()["not_yet_sent"][0]["letter_draft"])


def _put(api: Api, ref: str, draft: int, body: str) -> Any:
    return api.client.put(
        f"/api/v1/complaints/{ref}/letters/{draft}",
        data=json.dumps({"body": body}),
        content_type="application/json",
        headers=api._headers(),
    )


def test_2024_6_9_g_the_default_stage_1_response_template_says_the_recorded_route() -> None:
    body = DEFAULT_TEMPLATES["stage1-response"].body
    section = body[body.index("[6.9 g]") : body.index("[/]")]
    assert "{{ response.escalation_route }}" in section
    # no date written on the day the letter is drafted
    assert "deadline.escalation_by" not in body


def test_2024_6_9_g_the_route_typed_is_the_one_the_letter_says_and_it_can_be_issued(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    ref, draft = _held_response(hana, escalation_route=ROUTE)
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    section = body[body.index("[6.9 g]") : body.index("[/]")]
    assert ROUTE in section
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 201, issued.content
    letter = IssuedLetter.objects.get(complaint__reference=ref)
    assert " ".join(ROUTE.split()) in " ".join(letter.rendered_text.split())
    assert letter.check_result["can_issue"] is True


def test_2024_6_9_g_a_letter_edited_to_drop_the_recorded_route_is_refused(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    ref, draft = _held_response(hana, escalation_route=ROUTE)
    body = hana.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
    other = (
        "You can ask us to take your complaint to stage 2. Please reply to this letter within 5 working days."
    )
    assert _put(hana, ref, draft, body.replace(ROUTE, other)).status_code == 200
    refused = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert refused.status_code == 422
    assert refused.json()["provision"] == "2024 5.12"
    assert "how to escalate" in refused.json()["detail"]
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
    assert not ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").exists()
    # put back, it is issued
    assert _put(hana, ref, draft, body).status_code == 200
    assert hana.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201


def test_2024_6_9_g_the_response_form_opens_with_the_landlords_standard_words(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    landlord = Landlord.load()
    landlord.escalation_window_working_days = 15
    landlord.save()
    complaint = make()
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/respond/").content.decode()
    words = services.standard_escalation_route()
    assert words == (
        "You can ask us to take your complaint to stage 2. Please reply to this letter, email "
        "complaints@northgatehomes.org.uk or call us on 0113 496 0000 within 15 working days of the "
        "date of this letter."
    )
    assert words in page
    # the words as they are give a letter the check passes, and it is issued saying them
    fields = {**RESPONSE, "escalation_route": words}
    assert _post(client, staff["hana"], complaint, "respond", fields).status_code == 302
    draft = LetterDraft.objects.get(complaint=complaint, issued__isnull=True)
    assert words in draft.body
    assert services.check_draft(draft).can_issue
    letter = services.issue_letter(draft=draft, actor=staff["hana"])
    assert "within 15 working days of the date of this letter" in " ".join(letter.rendered_text.split())


def test_2024_6_9_g_what_was_written_is_kept_over_the_standard_words(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    """A response discarded to be recorded again opens with the route that was written, not the
    standard words; nor does a stage 2 response form open with a stage 2 route."""
    complaint = make()
    fields = {**RESPONSE, "escalation_route": ROUTE}
    assert _post(client, staff["hana"], complaint, "respond", fields).status_code == 302
    held = PendingStep.objects.get(complaint=complaint, step="respond", state=PendingStep.State.PENDING)
    done = client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/", {"then": "again"}
    )
    page = client.get(done["Location"]).content.decode()
    assert ROUTE in page
    assert services.standard_escalation_route() not in page


def _drafted_days_ago(draft: int, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    LetterDraft.objects.filter(pk=draft).update(created_at=moment, updated_at=moment)


def _template_with_a_date() -> str:
    """A landlord's own stage 1 template that still gives the last day to ask (the old default)."""
    LetterTemplate.objects.filter(kind="stage1-response").update(body=MIGRATION.OLD_BODY)
    return MIGRATION.OLD_BODY


def test_2024_6_9_g_a_last_day_to_ask_counts_from_the_day_the_letter_is_issued(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    _template_with_a_date()
    ref, draft = _held_response(hana)
    drafted_on = timezone.localdate() - timedelta(days=7)
    given, issued_on_today = services.escalation_by(drafted_on), services.escalation_by(timezone.localdate())
    assert given != issued_on_today
    # the letter as drafted a week ago: the last day to ask counted from then
    body = LetterDraft.objects.get(pk=draft).body
    assert f"by {issued_on_today}." in body
    LetterDraft.objects.filter(pk=draft).update(body=body.replace(issued_on_today, given))
    _drafted_days_ago(draft, 7)
    # the draft page says so before Issue is pressed
    client = Client()
    client.force_login(User.objects.get(username="hana"))
    page = client.get(f"/letters/{ref}/drafts/{draft}/").content.decode()
    assert 'id="escalation-date"' in page and issued_on_today in page
    assert hana.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    letter = IssuedLetter.objects.get(complaint__reference=ref)
    assert f"by {issued_on_today}." in letter.source and f"by {given}." not in letter.source
    # the draft kept is the letter sent
    assert LetterDraft.objects.get(pk=draft).body == letter.source


def test_2024_6_9_g_a_date_the_person_wrote_in_their_own_words_is_kept(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    _template_with_a_date()
    _ref, draft = _held_response(hana)
    drafted_on = timezone.localdate() - timedelta(days=7)
    given = services.escalation_by(drafted_on)
    body = LetterDraft.objects.get(pk=draft).body
    line = next(x for x in body.splitlines() if "You do not have to tell us why." in x)
    own = f"Please tell us by {given} if you would like us to look at it again at stage 2."
    LetterDraft.objects.filter(pk=draft).update(body=body.replace(line, own + " Reply to this letter."))
    _drafted_days_ago(draft, 7)
    assert (
        services.escalation_by_as_issued(LetterDraft.objects.get(pk=draft), today=timezone.localdate())
        is None
    )


def test_2024_6_9_g_issued_the_day_it_was_drafted_nothing_changes(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    _template_with_a_date()
    ref, draft = _held_response(hana)
    body = LetterDraft.objects.get(pk=draft).body
    assert f"by {services.escalation_by(timezone.localdate())}." in body
    assert hana.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
    assert IssuedLetter.objects.get(complaint__reference=ref).source == body


def test_2024_6_9_g_a_stored_template_still_the_old_default_is_given_the_route_section() -> None:
    LetterTemplate.objects.update_or_create(
        kind="stage1-response", defaults={"title": "Our response", "body": MIGRATION.OLD_BODY}
    )
    MIGRATION.Migration.operations[0].code(apps, None)
    # the section as this migration gave it (the default has since moved on: 0018, 2024 6.9 a, b)
    assert LetterTemplate.objects.get(kind="stage1-response").body == MIGRATION.NEW_BODY
    assert LetterTemplateVersion.objects.filter(kind="stage1-response", body=MIGRATION.NEW_BODY).exists()
    MIGRATION.Migration.operations[0].reverse_code(apps, None)
    assert LetterTemplate.objects.get(kind="stage1-response").body == MIGRATION.OLD_BODY


def test_2024_6_9_g_a_landlords_own_template_is_left_as_it_is(
    hana: Api,
    letterhead: Any,  # noqa: F811
) -> None:
    """Not over-enforced: a template the landlord changed keeps its words, and one without the
    route's placeholder does not guard it (as any section the landlord left out)."""
    own = MIGRATION.OLD_BODY.replace("You do not have to tell us why.", "You need not give a reason.")
    LetterTemplate.objects.filter(kind="stage1-response").update(body=own)
    MIGRATION.Migration.operations[0].code(apps, None)
    assert LetterTemplate.objects.get(kind="stage1-response").body == own
    ref, draft = _held_response(hana, escalation_route=ROUTE)
    assert ROUTE not in LetterDraft.objects.get(pk=draft).body
    assert hana.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201


def test_2024_6_9_g_a_response_letter_started_by_hand_gives_the_standard_words(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    """A stage 1 response letter written from the letters page before the response is recorded says
    the landlord's standard words, as the response form opens with, not a blank to type."""
    complaint = make()
    _title, body = services.preview_body(complaint=complaint, kind="stage1-response")
    section = body[body.index("[6.9 g]") : body.index("[/]")]
    assert services.standard_escalation_route() in section
    assert "[enter" not in section
