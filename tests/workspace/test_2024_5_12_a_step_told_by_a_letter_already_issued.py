"""2024 5.12: the record of a step is what the resident was sent, on the day it was sent.

A stage 1 acknowledgement letter started from the letters page, before the acknowledgement was
recorded, reached the resident and recorded nothing: the case still said "not acknowledged", and
recording the acknowledgement then drafted a second letter (found in a browser walk). The step can
now be recorded as told by the letter already issued: it counts from the day that letter was issued,
and only if the letter says what the step records. Every door: the step's form, the held step on the
case page, and the API's ``held-steps/{id}/send``."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.code.calendar import england_and_wales
from putright.code.errors import InvalidRequest
from putright.complaints.models import Complaint, ComplaintEvent, Correspondence, PendingStep
from putright.letters import already_issued, services
from putright.letters.models import IssuedLetter, LetterDraft

pytestmark = pytest.mark.django_db

DEFINITION = {
    "complaint_definition": "The extractor fan was not repaired and the mould came back.",
    "outcomes_sought": "Repair the fan and treat the mould.",
    "responsible_for": "Repairs to the fan and the mould treatment.",
    "not_responsible_for": "",
}


def _acknowledgement_letter(complaint: Complaint, actor: User, *, on: date, definition: str) -> IssuedLetter:
    """A stage 1 acknowledgement letter started from the letters page and issued ``on``, before any
    acknowledgement was recorded, its blanks filled in by hand."""
    body = _filled_by_hand(complaint, on=on, definition=definition)
    return issue_on(complaint, actor, "stage1-acknowledgement", body, on=on)


def issue_on(complaint: Complaint, actor: User, kind: str, body: str, *, on: date) -> IssuedLetter:
    """A ``kind`` letter saying ``body``, drafted and issued from the letters page at 10:00 ``on``,
    and emailed then."""
    draft = services.start_draft(complaint=complaint, kind=kind, actor=actor, body=body)
    moment = timezone.make_aware(datetime.combine(on, time(10, 0)))
    LetterDraft.objects.filter(pk=draft.pk).update(created_at=moment)
    draft.refresh_from_db()
    letter = services.issue_letter(draft=draft, actor=actor, now=moment)
    send_queued_letter_emails(at=moment)  # the worker emailed it at once
    return letter


def _filled_by_hand(complaint: Complaint, *, on: date, definition: str) -> str:
    """The landlord's stage 1 acknowledgement template with its blanks filled in by hand, the
    response date 10 working days after ``on`` (2024 6.3)."""
    _, body = services.preview_body(complaint=complaint, kind="stage1-acknowledgement", today=on)
    due = england_and_wales().add_working_days(on, 10)
    return (
        body.replace("[enter your understanding of the complaint]", definition)
        .replace("[enter the outcomes the resident is seeking]", DEFINITION["outcomes_sought"])
        .replace("[enter what we are responsible for]", DEFINITION["responsible_for"])
        .replace("[enter what we are not responsible for, or leave this out]", "")
        .replace("[enter the date the response is due (6.3, 6.14)]", services.format_date(due))
    )


@pytest.fixture
def issued(
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> tuple[User, Complaint, IssuedLetter]:
    """Hana's complaint, not yet acknowledged, and its acknowledgement letter issued today from the
    letters page with the words she will record."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    letter = _acknowledgement_letter(
        complaint, hana, on=timezone.localdate(), definition=DEFINITION["complaint_definition"]
    )
    return hana, complaint, letter


def _acknowledge(client: Client, user: User, complaint: Complaint, **data: Any) -> Any:
    client.force_login(user)
    return client.post(f"/workspace/complaints/{complaint.reference}/acknowledge/", {**DEFINITION, **data})


def _hold_a_response(complaint: Complaint, actor: User) -> PendingStep:
    from putright.complaints import services as complaint_services

    complaint_services.respond_to_complaint(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=actor,
        outcome="upheld",
        decision="We uphold your complaint.",
        reasons="The repair was late.",
        remedy="We will repair the fan.",
        outstanding_actions="None.",
        escalation_route="Ask us to escalate within 20 working days.",
    )
    return PendingStep.objects.get(complaint=complaint, step="respond", state=PendingStep.State.PENDING)


def _acknowledged(complaint: Complaint) -> ComplaintEvent | None:
    return ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged").first()


def test_2024_5_12_an_acknowledgement_told_by_a_letter_already_issued_counts_from_its_issue_day(
    client: Client, issued: tuple[User, Complaint, IssuedLetter]
) -> None:
    hana, complaint, letter = issued
    today = timezone.localdate()
    assert _acknowledged(complaint) is None  # the letter alone recorded nothing

    client.force_login(hana)
    form = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/?letter={letter.pk}")
    assert form.status_code == 200
    html = form.content.decode()
    assert "already issued from PutRight" in html and "We have logged your complaint" in html
    assert form.context["form"]["told_by_letter"].value() == str(letter.pk)

    drafts_before = LetterDraft.objects.filter(complaint=complaint).count()
    response = _acknowledge(client, hana, complaint, told_by_letter=str(letter.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith(f"/workspace/complaints/{complaint.reference}/")
    event = _acknowledged(complaint)
    assert event is not None and event.data["on"] == today.isoformat()
    assert f"letter:{letter.pk}" in json.dumps(event.data)
    complaint.refresh_from_db()
    assert complaint.state == "stage_1_acknowledged" and not complaint.not_yet_sent
    assert LetterDraft.objects.filter(complaint=complaint).count() == drafts_before  # no second letter
    assert IssuedLetter.objects.filter(complaint=complaint).count() == 1
    assert LetterDraft.objects.get(issued=letter).pending_step is not None  # the letter is the step's

    # a letter of one step's kind is not another step's record
    second = _acknowledgement_letter(complaint, hana, on=today, definition=DEFINITION["complaint_definition"])
    held = _hold_a_response(complaint, hana)
    with pytest.raises(InvalidRequest, match="stage 1 response"):
        already_issued.tell_by_issued_letter(held=held, letter=second, actor=hana)
    held.refresh_from_db()
    assert held.state == PendingStep.State.PENDING


def test_2024_5_12_a_letter_that_says_another_definition_is_not_the_steps_record(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    letter = _acknowledgement_letter(
        complaint, hana, on=timezone.localdate(), definition="Your complaint is about the front door lock."
    )
    response = _acknowledge(client, hana, complaint, told_by_letter=str(letter.pk))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "2024 5.12" in errors["told_by_letter"][0]
    assert "the complaint definition" in errors["told_by_letter"][0]
    assert _acknowledged(complaint) is None
    # nothing held either: the whole step was refused, and what was typed is still on the form
    assert not PendingStep.objects.filter(complaint=complaint).exists()
    assert DEFINITION["complaint_definition"] in response.content.decode()


def test_2024_5_12_a_letter_issued_long_ago_needs_the_reason_it_is_recorded_late(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make("complaint", handler=hana, received_on=working_days_ago(5))
    issued_on = working_days_ago(4)
    letter = _acknowledgement_letter(
        complaint, hana, on=issued_on, definition=DEFINITION["complaint_definition"]
    )
    refused = _acknowledge(client, hana, complaint, told_by_letter=str(letter.pk))
    assert refused.status_code == 422
    assert "2024 5.12" in refused.context["form"].errors["late_reason"][0]
    assert _acknowledged(complaint) is None

    done = _acknowledge(
        client,
        hana,
        complaint,
        told_by_letter=str(letter.pk),
        late_reason="The letter was sent from the letters page and the step was missed.",
    )
    assert done.status_code == 302
    event = _acknowledged(complaint)
    assert event is not None and event.data["on"] == issued_on.isoformat()  # its day, not today


def test_2024_5_12_a_letter_is_offered_only_to_its_own_step_and_only_once(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    other = make("complaint", handler=hana)
    theirs = _acknowledgement_letter(
        other, hana, on=timezone.localdate(), definition=DEFINITION["complaint_definition"]
    )
    client.force_login(hana)
    # another complaint's letter is not offered, and cannot be posted
    assert (
        "told_by_letter"
        not in client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/").context["form"].fields
    )
    response = _acknowledge(client, hana, complaint, told_by_letter=str(theirs.pk))
    assert response.status_code == 302  # the field is not there: PutRight writes the letter instead
    assert "/drafts/" in response["Location"]
    assert _acknowledged(complaint) is None

    # used once, a letter is the record of its step and offered to none again
    assert _acknowledge(client, hana, other, told_by_letter=str(theirs.pk)).status_code == 302
    assert LetterDraft.objects.get(issued=theirs).pending_step is not None
    assert list(IssuedLetter.objects.filter(complaint=other, draft__pending_step__isnull=True)) == []


def test_2024_5_12_a_held_step_on_the_case_page_can_be_told_by_the_letter_already_issued(
    client: Client, issued: tuple[User, Complaint, IssuedLetter]
) -> None:
    """The handler recorded the acknowledgement the usual way after the letter had gone: it is
    held, and the case page offers the letter already issued."""
    hana, complaint, letter = issued
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Record it as told by that letter" in page

    # an id that names no letter is refused, with nothing recorded
    client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/", {"letter": "x"}
    )
    assert _acknowledged(complaint) is None

    done = client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/",
        {"letter": str(letter.pk)},
    )
    assert done.status_code == 302
    assert _acknowledged(complaint) is not None
    held.refresh_from_db()
    assert held.state == PendingStep.State.SENT
    # the full record names the letter the resident was sent, with its stored file
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert (
        f"Sent to the resident by the letter &ldquo;{letter.title}&rdquo;, issued "
        f"{timezone.localtime(letter.issued_at):%-d %B %Y}" in page
    )
    assert f"/letters/issued/{letter.pk}/pdf/" in page


def test_2024_5_12_the_api_sends_a_held_step_by_the_letter_already_issued(
    issued: tuple[User, Complaint, IssuedLetter],
) -> None:
    from api.test_api_v1 import Api

    from putright.complaints import services as complaint_services

    hana, complaint, letter = issued
    complaint_services.acknowledge_complaint(
        complaint=complaint,
        actor=hana,
        complaint_definition=DEFINITION["complaint_definition"],
        outcomes_sought=DEFINITION["outcomes_sought"],
        responsible_for=DEFINITION["responsible_for"],
    )
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    api = Api(hana)
    path = f"/complaints/{complaint.reference}/held-steps/{held.pk}/send"
    neither = api.post(path, {})
    assert neither.status_code == 422 and "`told`" in neither.json()["detail"]
    wrong = api.post(path, {"letter": letter.pk + 1000})
    assert wrong.status_code == 422 and "no letter with that id" in wrong.json()["detail"]
    assert _acknowledged(complaint) is None
    sent = api.post(path, {"letter": letter.pk})
    assert sent.status_code == 200, sent.json()
    assert sent.json()["stages"][0]["acknowledged_on"] == timezone.localdate().isoformat()
    assert api.post(path, {"letter": letter.pk}).status_code in (409, 422)  # once only


def test_2024_5_12_issuing_a_steps_letter_before_the_step_leads_to_the_step(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """From the letters page: issuing an acknowledgement letter for a complaint not yet acknowledged
    goes on to the Acknowledge form, with the letter chosen as how the resident was told."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    client.force_login(hana)
    today = timezone.localdate()
    body = _filled_by_hand(complaint, on=today, definition=DEFINITION["complaint_definition"])
    draft = services.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=hana, body=body)
    issued = client.post(
        f"/letters/{complaint.reference}/drafts/{draft.pk}/",
        {"title": draft.title, "body": body, "action": "issue"},
    )
    assert issued.status_code == 302, issued.content.decode()[:2000]
    letter = IssuedLetter.objects.get(draft=draft)
    assert (
        issued["Location"] == f"/workspace/complaints/{complaint.reference}/acknowledge/?letter={letter.pk}"
    )
    form = client.get(issued["Location"])
    assert form.context["form"]["told_by_letter"].value() == str(letter.pk)
    assert "not on the record yet" in form.content.decode()


def test_2024_5_12_a_letter_issued_before_the_step_it_follows_is_refused_as_the_letters_day(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """A stage 1 response letter issued before the complaint was acknowledged cannot be the record
    of the response: the Code refuses a response dated before the acknowledgement. The refusal says
    it is the letter's day that is refused, on the letter's choice, and nothing is recorded."""
    from putright.complaints import services as complaint_services

    hana = staff["hana"]
    complaint = make("complaint", handler=hana, received_on=working_days_ago(5))
    issued_on = working_days_ago(3)
    response = {
        "decision": "We uphold your complaint.",
        "reasons": "The repair was booked late.",
        "remedy": "We will repair the fan by 20 December.",
        "outstanding_actions": "None.",
    }
    _, body = services.preview_body(complaint=complaint, kind="stage1-response", today=issued_on)
    body = (
        body.replace("[enter your understanding of the complaint]", DEFINITION["complaint_definition"])
        .replace("[enter the decision]", response["decision"])
        .replace("[enter the reasons]", response["reasons"])
        .replace("[enter the remedy, or why there is none]", response["remedy"])
        .replace("[enter any outstanding actions, or say there are none]", response["outstanding_actions"])
    )
    letter = issue_on(complaint, hana, "stage1-response", body, on=issued_on)
    complaint_services.acknowledge_complaint(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=hana,
        complaint_definition=DEFINITION["complaint_definition"],
        outcomes_sought=DEFINITION["outcomes_sought"],
        responsible_for=DEFINITION["responsible_for"],
        told=complaint_services.Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    client.force_login(hana)
    refused = client.post(
        f"/workspace/complaints/{complaint.reference}/respond/",
        {
            "outcome": "upheld",
            **response,
            "escalation_route": "Ask us to escalate to stage 2.",
            "told_by_letter": str(letter.pk),
            "late_reason": "The letter went from the letters page before the acknowledgement was recorded.",
        },
    )
    assert refused.status_code == 422
    error = refused.context["form"].errors["told_by_letter"][0]
    assert error.startswith(
        f"the letter issued on {issued_on:%-d %B %Y} cannot be the record of the response"
    ) or (f"the letter issued on {issued_on:%-d %B %Y} cannot be the record of the response" in error), error
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="responded").exists()
    assert not PendingStep.objects.filter(complaint=complaint, step="respond").exists()


def _own_draft(complaint: Complaint) -> LetterDraft:
    """The letter PutRight drafted for the held acknowledgement when it was recorded."""
    return LetterDraft.objects.get(complaint=complaint, pending_step__step="acknowledge", issued__isnull=True)


def _refused_a_second_time(client: Client, complaint: Complaint, draft: LetterDraft) -> None:
    """The held step's own draft, once another letter told the resident of the step: not offered on
    the case page, its page says why, and issuing it is refused with nothing sent."""
    from putright.code.errors import CodeViolation
    from putright.letters.models import LetterDelivery

    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"/drafts/{draft.pk}/" not in page
    problems = services.record_problems(draft)
    assert problems and "already sent the acknowledgement" in problems[0].detail, problems
    letters, emails = IssuedLetter.objects.count(), LetterDelivery.objects.count()
    with pytest.raises(CodeViolation, match="would send it a second time"):
        services.issue_letter(draft=draft, actor=None)
    posted = client.post(
        f"/letters/{complaint.reference}/drafts/{draft.pk}/",
        {"title": draft.title, "body": draft.body, "action": "issue"},
    )
    assert posted.status_code == 422 and "would send it a second time" in posted.content.decode()
    assert (IssuedLetter.objects.count(), LetterDelivery.objects.count()) == (letters, emails)
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged").count() == 1
    # the API says so too, rather than "can_issue" and then a 422
    from api.test_api_v1 import Api

    assert draft.created_by is not None
    read = Api(draft.created_by).get(f"/complaints/{complaint.reference}/letters/{draft.pk}").json()
    assert read["can_issue"] is False
    assert "would send it a second time" in read["record_problems"][0]["detail"]


def test_2024_5_12_a_held_steps_own_letter_is_not_sent_after_the_letter_already_issued_told_it(
    client: Client, issued: tuple[User, Complaint, IssuedLetter]
) -> None:
    """Recorded the usual way, the acknowledgement drafted its own letter; recorded then as told by
    the letter already issued, its own letter would be a second acknowledgement email (found by an
    adversarial review)."""
    hana, complaint, letter = issued
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    own = _own_draft(complaint)
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    assert (
        f"/drafts/{own.pk}/" in client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    )
    client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/",
        {"letter": str(letter.pk)},
    )
    assert _acknowledged(complaint) is not None
    _refused_a_second_time(client, complaint, own)


def test_2024_5_12_a_held_steps_own_letter_is_not_sent_after_a_hand_started_letter_told_it(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """The acknowledgement was held with its own draft, then a letter of its kind started from the
    letters page was issued: that letter told the resident, so the own draft is a second one."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    own = _own_draft(complaint)
    body = _filled_by_hand(complaint, on=timezone.localdate(), definition=DEFINITION["complaint_definition"])
    by_hand = services.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=hana, body=body)
    services.issue_letter(draft=by_hand, actor=hana)
    assert _acknowledged(complaint) is None  # until its email is sent
    assert send_queued_letter_emails() == 1
    assert _acknowledged(complaint) is not None
    _refused_a_second_time(client, complaint, own)


def test_2024_5_12_a_held_steps_own_letter_may_follow_a_step_sent_another_way(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """Told by an email from outside PutRight, the resident has no PutRight letter for the step: its
    own letter can still be issued as the written copy, and is offered on the case page."""
    from putright.complaints import services as complaint_services

    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    own = _own_draft(complaint)
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    complaint_services.send_held_step(
        pending=held,
        told=complaint_services.Told(method="email", on=timezone.localdate(), body="We have your complaint."),
        actor=hana,
    )
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"/drafts/{own.pk}/" in page
    assert services.record_problems(own) == []
    services.issue_letter(draft=own, actor=hana)
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged").count() == 1


def test_2024_6_4_an_extension_told_on_time_by_a_letter_is_recorded_after_its_old_response_date(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """The extension letter went from the letters page the day before the response was due; the
    extension is recorded after that day. 2024 6.4 asks that it be told before the response is due,
    and it was: the step is decided as of the letter's day, not refused as "after the deadline"."""
    hana = staff["hana"]
    complaint = make("stage_1_acknowledged", handler=hana, received_on=working_days_ago(12))
    due = complaint.current_due
    assert due is not None and due < timezone.localdate()
    issued_on = working_days_ago(3)
    assert issued_on < due
    new_due = england_and_wales().add_working_days(due, 10)
    reason = "We are waiting for the damp surveyor's report on the bathroom."
    _, body = services.preview_body(complaint=complaint, kind="extension-notice", today=issued_on)
    body = body.replace("[enter the reason for the extension (6.4, 6.15)]", reason).replace(
        "[enter the new response date after the extension (6.4, 6.15)]", services.format_date(new_due)
    )
    letter = issue_on(complaint, hana, "extension-notice", body, on=issued_on)

    client.force_login(hana)
    form = client.get(f"/workspace/complaints/{complaint.reference}/extend/?letter={letter.pk}")
    assert form.status_code == 200, form.content.decode()[:3000]
    # filled in from the letter: its reason, and the working days that give its new date
    assert form.context["form"]["reason"].value() == reason
    assert form.context["form"]["working_days"].value() == "10"
    assert form.context["prefilled_from"] == letter
    nine = client.post(
        f"/workspace/complaints/{complaint.reference}/extend/",
        {
            "working_days": "9",
            "reason": reason,
            "ombudsman_details_given": "on",
            "told_by_letter": str(letter.pk),
            "late_reason": "Recorded on return from leave.",
        },
    )
    # the refusal says which date 9 working days would record, beside the letter's own
    error = nine.context["form"].errors["told_by_letter"][0]
    nine_days = services.format_date(england_and_wales().add_working_days(due, 9))
    assert f"the letter gives a different date from the record ({nine_days})" in error, error
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/extend/",
        {
            "working_days": "10",
            "reason": reason,
            "ombudsman_details_given": "on",
            "told_by_letter": str(letter.pk),
            "late_reason": "The letter went from the letters page; recorded on return from leave.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    extended = ComplaintEvent.objects.get(complaint=complaint, kind="deadline_extended")
    assert extended.on == issued_on
    complaint.refresh_from_db()
    assert complaint.current_due == new_due
    # the full record gives the new date the resident was told, and the one it replaced
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"Response now due {new_due:%-d %B %Y} (was {due:%-d %B %Y})" in page


def test_2024_5_12_a_letter_on_time_only_by_its_date_asks_on_the_case_page_why_it_is_recorded_late(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """The acknowledgement letter went 2 working days ago, the day before the acknowledgement was
    due; recorded today, after that day, the step is on time only by its date and the core asks why
    it is recorded late. The case page asks for the reason beside that letter, not only for letters
    issued more than 2 working days ago."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana, received_on=working_days_ago(6))
    issued_on = working_days_ago(2)
    letter = _acknowledgement_letter(
        complaint, hana, on=issued_on, definition=DEFINITION["complaint_definition"]
    )
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f'id="late-{held.pk}-{letter.pk}"' in page
    assert "which has passed since, so recording it now needs the reason it is late (2024 5.12)" in page

    path = f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/"
    refused = client.post(path, {"letter": str(letter.pk)}, follow=True)
    assert "say why the step is being recorded late" in refused.content.decode()
    assert _acknowledged(complaint) is None
    client.post(path, {"letter": str(letter.pk), "late_reason": "Recorded on return from leave."})
    acknowledged = _acknowledged(complaint)
    assert acknowledged is not None and acknowledged.on == issued_on
    assert acknowledged.data["late_reason"] == "Recorded on return from leave."


def test_2024_6_3_a_hand_started_acknowledgement_must_give_the_response_date_it_sets_or_sooner(
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """An acknowledgement letter started from the letters page, before the step is recorded, had no
    recorded date to compare with: any response date passed the check. The date it gives must be
    one acknowledging on its issue day allows: 10 working days on (2024 6.3), or sooner ("within"),
    and a sooner date is kept with the letter, so the step it becomes the record of is shown with
    the date the resident was told (test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner)."""
    from putright.code.errors import CodeViolation

    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    today = timezone.localdate()
    calendar = england_and_wales()
    right = services.format_date(calendar.add_working_days(today, 10))
    wrong = services.format_date(calendar.add_working_days(today, 11))
    sooner = calendar.add_working_days(today, 5)
    body = _filled_by_hand(complaint, on=today, definition=DEFINITION["complaint_definition"])
    assert right in body
    draft = services.start_draft(
        complaint=complaint, kind="stage1-acknowledgement", actor=hana, body=body.replace(right, wrong)
    )
    result = services.check_draft(draft)
    assert not result.can_issue
    assert [e.status for e in result.elements if e.element == "response_date"] == ["wrong"]
    with pytest.raises(CodeViolation, match="wrong"):
        services.issue_letter(draft=draft, actor=hana)
    assert not IssuedLetter.objects.filter(complaint=complaint).exists()

    draft.body = body.replace(right, services.format_date(sooner))
    draft.save()
    assert services.check_draft(draft).can_issue
    assert services.issue_letter(draft=draft, actor=hana).response_date_given == sooner


def test_2024_5_12_the_step_form_is_filled_in_from_the_letter_already_issued(
    client: Client, issued: tuple[User, Complaint, IssuedLetter]
) -> None:
    """Chosen from the letters page after issuing, the Acknowledge form holds what the letter says:
    the handler checks it rather than typing it again word for word (found in a browser walk)."""
    hana, complaint, letter = issued
    client.force_login(hana)
    url = f"/workspace/complaints/{complaint.reference}/acknowledge/"
    form = client.get(f"{url}?letter={letter.pk}")
    bound = form.context["form"]
    assert bound["complaint_definition"].value() == DEFINITION["complaint_definition"]
    assert bound["outcomes_sought"].value() == DEFINITION["outcomes_sought"]
    assert bound["responsible_for"].value() == DEFINITION["responsible_for"]
    assert "check each answer says what that letter told the resident" in form.content.decode()
    # a letter not offered to this step fills in nothing
    other = client.get(f"{url}?letter={letter.pk + 1000}").context["form"]
    assert not other["complaint_definition"].value()

    posted = {name: bound[name].value() or "" for name in DEFINITION}
    done = client.post(url, {**posted, "told_by_letter": str(letter.pk)})
    assert done.status_code == 302
    assert _acknowledged(complaint) is not None


@pytest.mark.parametrize("which", ["before the date now due", "a closure day", "a Saturday"])
def test_2024_6_4_a_hand_started_extension_letter_must_give_a_date_an_extension_can_set(
    which: str,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """An extension notice started from the letters page, with no extension recorded, passed the
    check with any new date: one before the date now due, a day the landlord is closed, a weekend
    (found in a browser walk). Issued, no extension could then be recorded to match it, and the
    case still showed the old date. The date must be one an extension can set: a working day after
    the date now due."""
    from putright.code.errors import CodeViolation
    from putright.complaints.models import ClosureDay

    hana = staff["hana"]
    complaint = make("stage_1_acknowledged", handler=hana)
    due = complaint.current_due
    assert due is not None
    nationally = england_and_wales()
    closed = nationally.add_working_days(due, 7)
    ClosureDay.objects.create(date=closed, reason="Office closed")
    saturday = next(
        d for d in (date.fromordinal(due.toordinal() + n) for n in range(1, 8)) if d.weekday() == 5
    )
    given = {
        "before the date now due": date.fromordinal(due.toordinal() - 1),
        "a closure day": closed,
        "a Saturday": saturday,
    }[which]
    _, body = services.preview_body(complaint=complaint, kind="extension-notice", today=timezone.localdate())

    def letter(on: date) -> LetterDraft:
        text = body.replace(
            "[enter the reason for the extension (6.4, 6.15)]", "Waiting for the surveyor."
        ).replace("[enter the new response date after the extension (6.4, 6.15)]", services.format_date(on))
        return services.start_draft(complaint=complaint, kind="extension-notice", actor=hana, body=text)

    wrong = letter(given)
    result = services.check_draft(wrong)
    assert [e.status for e in result.elements if e.element == "new_deadline"] == ["wrong"], which
    with pytest.raises(CodeViolation, match="a date the record cannot hold"):
        services.issue_letter(draft=wrong, actor=hana)
    assert services.check_draft(letter(nationally.add_working_days(due, 8))).can_issue  # past the closure


def test_2024_6_4_an_extension_letter_saying_only_its_templates_lead_in_gives_no_reason(
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """With the reason's blank deleted, the section said only the template's "I am sorry, but we need
    more time, for the reason below." and the check called the reasons present; issued, the
    extension was then recorded with that sentence as its reason (found in a browser walk)."""
    hana = staff["hana"]
    complaint = make("stage_1_acknowledged", handler=hana)
    due = complaint.current_due
    assert due is not None
    new_due = services.format_date(england_and_wales().add_working_days(due, 10))
    _, body = services.preview_body(complaint=complaint, kind="extension-notice", today=timezone.localdate())
    body = body.replace("[enter the new response date after the extension (6.4, 6.15)]", new_due)
    empty = body.replace("[enter the reason for the extension (6.4, 6.15)]", "")
    draft = services.start_draft(complaint=complaint, kind="extension-notice", actor=hana, body=empty)
    result = services.check_draft(draft)
    assert [e.status for e in result.elements if e.element == "extension_reasons"] == ["missing"]
    assert not result.can_issue

    draft.body = body.replace(
        "[enter the reason for the extension (6.4, 6.15)]", "We are waiting for a survey."
    )
    draft.save()
    assert services.check_draft(draft).can_issue


def test_2024_5_12_a_letter_that_would_tell_the_resident_a_second_time_says_so_before_issue(
    client: Client, issued: tuple[User, Complaint, IssuedLetter]
) -> None:
    """The acknowledgement letter went from the letters page; the acknowledgement was then recorded
    the usual way, drafting its own letter. Issuing that would send the resident a second
    acknowledgement (found in an adversarial review): its page says which letter already said it and
    how to record the step as told by it. Said, not refused: the resident may need it again. The
    case page makes recording it as told by that letter the main button, and the step's form chooses
    that letter when it is the only one."""
    hana, complaint, letter = issued
    client.force_login(hana)
    form = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/")
    assert form.context["form"]["told_by_letter"].value() == str(letter.pk)  # the only one offered
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]  # the person chose "No"
    own = _own_draft(complaint)
    page = client.get(f"/letters/{complaint.reference}/drafts/{own.pk}/").content.decode()
    assert (
        f"“{letter.title}”, issued on {timezone.localtime(letter.issued_at):%-d %B %Y}, already says what "
        "the acknowledgement records" in page
    )
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert 'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" href' in case


def test_2024_5_12_a_hand_started_letter_for_a_step_already_sent_says_so_before_issue(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """A letter of the step's kind started by hand before the step was recorded, still a draft once
    the step's own letter went: the resident already has it (found in an adversarial review)."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    body = _filled_by_hand(complaint, on=timezone.localdate(), definition=DEFINITION["complaint_definition"])
    by_hand = services.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=hana, body=body)
    client.force_login(hana)
    page = client.get(f"/letters/{complaint.reference}/drafts/{by_hand.pk}/").content.decode()
    assert "already sent" not in page
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    sent = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    page = client.get(f"/letters/{complaint.reference}/drafts/{by_hand.pk}/").content.decode()
    assert "to be emailed. See on the case page whether its email was sent" in page  # queued
    assert send_queued_letter_emails() == 1
    page = client.get(f"/letters/{complaint.reference}/drafts/{by_hand.pk}/").content.decode()
    assert (
        f"The resident was already sent the acknowledgement in “{sent.title}”, issued on "
        f"{timezone.localtime(sent.issued_at):%-d %B %Y}" in page
    )


def test_2024_5_12_a_letter_started_by_hand_for_a_held_step_starts_from_what_it_records(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """With the acknowledgement held, a letter of its kind started from the letters page showed the
    template's blanks, then was refused as "no longer" saying what the step records, words the
    handler had never been shown (found in a browser walk). It now starts from them."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    page = client.get(f"/letters/{complaint.reference}/new/?kind=stage1-acknowledgement").content.decode()
    assert DEFINITION["complaint_definition"] in page
    assert "[enter your understanding of the complaint]" not in page


def test_2024_5_12_a_letter_saying_the_record_in_other_capitals_is_the_steps_record(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """The letter says "...repairs to the fan and the mould treatment"; the form records "Repairs to
    the fan and the mould treatment." It says the same: refused only for the capital R and the full
    stop (found in a browser walk). A different definition is still refused (test above)."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    today = timezone.localdate()
    responsible = DEFINITION["responsible_for"]
    body = _filled_by_hand(complaint, on=today, definition=DEFINITION["complaint_definition"])
    assert responsible in body
    body = body.replace(responsible, responsible[0].lower() + responsible[1:].rstrip("."))
    letter = issue_on(complaint, hana, "stage1-acknowledgement", body, on=today)
    response = _acknowledge(client, hana, complaint, told_by_letter=str(letter.pk))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert _acknowledged(complaint) is not None


def _sent_another_way(text: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "sent_another_way": "on",
        "sent_method": "email",
        "sent_on-day": str(today.day),
        "sent_on-month": str(today.month),
        "sent_on-year": str(today.year),
        "sent_text": text,
    }


def test_2024_6_2_a_step_sent_another_way_says_what_its_kept_text_does_not_set_out(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """Recorded as it happened (the resident was told that day), never refused; but the person recording
    it is told what the text kept does not set out that PutRight's acknowledgement letter must (5.6,
    6.2), so a resident sent "Sent by post." can be sent a letter that does."""
    hana = staff["hana"]
    thin = make("complaint", handler=hana)
    response = _acknowledge(client, hana, thin, **_sent_another_way("We have your complaint."))
    assert response.status_code == 302 and "/drafts/" not in response["Location"]
    assert ComplaintEvent.objects.filter(complaint=thin, kind="acknowledged").count() == 1
    shown = client.get(response["Location"])
    said = [str(m) for m in shown.context["messages"]]
    [warning] = [m for m in said if m.startswith("The text kept as sent does not set out")]
    assert "the landlord's understanding of the complaint (2024 5.6)" in warning, warning
    assert "when the resident will get the response (2024 6.3)" in warning
    assert ": a stage 1 acknowledgement from PutRight could not be issued like that." in warning
    # the warning is the first banner, announced and taking the focus; the green "Done" follows it.
    # Before, "Done" (role="alert") came first and the warning was a region a screen reader passed over
    banners = re.findall(r'<div class="govuk-notification-banner[ "][^>]*>', shown.content.decode())
    assert len(banners) == 2
    assert "--success" not in banners[0] and 'role="alert"' in banners[0]
    assert "data-disable-auto-focus" not in banners[0]
    assert "--success" in banners[1] and 'data-disable-auto-focus="true"' in banners[1]

    full = make("complaint", handler=hana)
    body = _filled_by_hand(full, on=timezone.localdate(), definition=DEFINITION["complaint_definition"])
    response = _acknowledge(client, hana, full, **_sent_another_way(body))
    assert response.status_code == 302
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert not [m for m in said if m.startswith("The text kept as sent")], said


def test_2024_5_12_a_kept_text_too_long_to_check_is_kept_and_says_it_was_not_checked(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """A text over the 100,000 characters a letter can have (the form takes it: the API's own bound is
    20,000) is kept as sent and the step recorded; the check does not read it, and the person is told
    so. Before, the warning was silent, as if the text set out everything."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    body = "We have logged your complaint. " * 4000  # 124,000 characters; the form strips the last space
    response = _acknowledge(client, hana, complaint, **_sent_another_way(body))
    assert response.status_code == 302
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged").count() == 1
    kept = [c.body for c in Correspondence.objects.filter(complaint=complaint, direction="out")]
    assert body.strip() in kept  # kept as sent, in full
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    [warning] = [m for m in said if m.startswith("The text kept as sent")]
    assert warning.startswith("The text kept as sent has 123,999 characters, more than the 100,000"), warning
    assert "PutRight did not check it" in warning
