"""2024 5.12: a step counts from the day the resident was sent it. Where no email address is recorded,
issuing a letter makes its PDF to print and post; the step it told of was recorded as told that day,
whether or not it was ever posted (found in a browser walk). Now the step waits, "not yet sent", until
a person records the day the letter was posted or handed over, at every door (the case page, the
letters panel, the API), and counts from that day, with the reason if that is recorded late."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, working_days_ago
from workspace.test_2024_5_12_a_step_told_by_a_letter_already_issued import (
    DEFINITION,
    _acknowledge,
    _acknowledged,
    _filled_by_hand,
    _own_draft,
    issue_on,
)

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep, Resident
from putright.letters import posting, services
from putright.letters.models import LetterDelivery, LetterPosting

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_post(staff: dict[str, User], make: Make, letterhead: Any) -> tuple[User, Complaint]:  # noqa: F811
    """Hana's complaint, not yet acknowledged, from a resident with no email address."""
    complaint = make("complaint", handler=staff["hana"])
    Resident.objects.filter(pk=complaint.resident_id).update(email="")
    return staff["hana"], Complaint.objects.get(pk=complaint.pk)


def _sent(client: Client, letter_id: int, **data: str) -> str:
    return client.post(f"/letters/issued/{letter_id}/sent/", data, follow=True).content.decode()


def test_2024_5_12_a_printed_acknowledgement_counts_from_the_day_it_was_posted(
    client: Client, by_post: tuple[User, Complaint]
) -> None:
    hana, complaint = by_post
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    assert not LetterDelivery.objects.filter(letter=letter).exists()
    assert _acknowledged(complaint) is None  # made to print: not yet sent
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    assert held.state == PendingStep.State.PENDING
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "was issued on" in page and "to print and post" in page
    assert f'action="/letters/issued/{letter.pk}/sent/"' in page
    today = timezone.localdate()

    # a day in the future, or before the letter was issued, is refused with nothing recorded
    assert "must be today or in the past" in _sent(
        client, letter.pk, sent_on=(today + timedelta(days=1)).isoformat()
    )
    assert "cannot have been sent before" in _sent(
        client, letter.pk, sent_on=(today - timedelta(days=1)).isoformat()
    )
    assert "must be a real date" in _sent(client, letter.pk, sent_on="next Tuesday")
    assert "must include a month" in _sent(client, letter.pk, **{"sent_on-day": "7", "sent_on-year": "2026"})
    assert _acknowledged(complaint) is None and not LetterPosting.objects.exists()

    # typed in the day, month and year boxes the page shows
    parts = {
        "sent_on-day": str(today.day),
        "sent_on-month": str(today.month),
        "sent_on-year": str(today.year),
    }
    assert "recorded as sent on" in _sent(client, letter.pk, **parts, how="post")
    acknowledged = _acknowledged(complaint)
    assert acknowledged is not None and acknowledged.on == today
    assert acknowledged.data["communication"]["reference"] == f"letter:{letter.pk}"
    held.refresh_from_db()
    assert held.state == PendingStep.State.SENT
    assert "already recorded as sent" in _sent(client, letter.pk, sent_on=today.isoformat())
    assert LetterPosting.objects.count() == 1


def test_2024_5_12_a_printed_letter_posted_long_ago_needs_the_reason_it_is_recorded_late(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make("complaint", handler=hana, received_on=working_days_ago(6))
    Resident.objects.filter(pk=complaint.resident_id).update(email="")
    issued_on = working_days_ago(4)
    body = _filled_by_hand(complaint, on=issued_on, definition=DEFINITION["complaint_definition"])
    letter = issue_on(complaint, hana, "stage1-acknowledgement", body, on=issued_on)
    # recorded as told by it: the step waits for the day it was posted
    response = _acknowledge(client, hana, complaint, told_by_letter=str(letter.pk))
    assert response.status_code == 302
    assert _acknowledged(complaint) is None
    assert posting.waiting_for(PendingStep.objects.get(complaint=complaint, state="pending")) == letter

    refused = _sent(client, letter.pk, sent_on=issued_on.isoformat())
    assert "say why the step is being recorded late" in refused
    assert _acknowledged(complaint) is None and not LetterPosting.objects.exists()
    _sent(client, letter.pk, sent_on=issued_on.isoformat(), late_reason="Posted by the area office.")
    acknowledged = _acknowledged(complaint)
    assert acknowledged is not None and acknowledged.on == issued_on
    assert acknowledged.data["late_reason"] == "Posted by the area office."


def test_2024_5_12_the_api_records_the_day_a_letter_was_posted_and_a_copy_of_an_emailed_one(
    by_post: tuple[User, Complaint], staff: dict[str, User], make: Make
) -> None:
    from api.test_api_v1 import Api

    hana, complaint = by_post
    client = Client()
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    api = Api(hana)
    path = f"/complaints/{complaint.reference}/letters/issued/{letter.pk}/sent"
    assert api.post(path, {"on": "not a date"}).status_code == 422
    done = api.post(path, {"on": timezone.localdate().isoformat(), "how": "hand"})
    assert done.status_code == 200, done.json()
    assert done.json()["sent"] == {"on": timezone.localdate().isoformat(), "how": "hand"}
    assert _acknowledged(complaint) is not None

    emailed_complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, emailed_complaint)["Location"]
    emailed = services.issue_letter(draft=_own_draft(emailed_complaint), actor=hana)
    assert send_queued_letter_emails() == 1
    path_emailed = f"/complaints/{emailed_complaint.reference}/letters/issued/{emailed.pk}/sent"
    refused = api.post(path_emailed, {"on": timezone.localdate().isoformat(), "how": "email"})
    assert refused.status_code in (409, 422) and "no step is waiting" in refused.json()["detail"]
    # a paper copy of it, posted as well: recorded, and the step keeps the day of its email
    copy = api.post(path_emailed, {"on": timezone.localdate().isoformat(), "how": "post"})
    assert copy.status_code == 200 and copy.json()["sent"]["how"] == "post"
    assert len(ComplaintEvent.objects.filter(complaint=emailed_complaint, kind="acknowledged")) == 1
    # another complaint's letter is not found through this one
    other = api.post(
        f"/complaints/{emailed_complaint.reference}/letters/issued/{letter.pk}/sent",
        {"on": timezone.localdate().isoformat()},
    )
    assert other.status_code == 404


def test_2024_5_12_a_held_step_waiting_for_its_printed_letter_can_be_discarded_unposted(
    client: Client, by_post: tuple[User, Complaint]
) -> None:
    """The step waiting for its printed letter can still be discarded from the case page; the message
    says the letter was never recorded as sent, rather than "nothing was sent"."""
    hana, complaint = by_post
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"/held/{held.pk}/discard/" in page
    done = client.post(f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/", follow=True)
    assert (
        f"Its letter, “{letter.title}”, was made to print and never recorded as sent" in done.content.decode()
    )
    held.refresh_from_db()
    assert held.state == PendingStep.State.DISCARDED and _acknowledged(complaint) is None


def test_2024_5_12_a_bad_posting_date_is_shown_with_what_was_typed(
    client: Client, by_post: tuple[User, Complaint]
) -> None:
    """31 February typed as the day it was posted: the error used to be a banner on the case page,
    with the boxes emptied and focus nowhere (found in a browser walk). The door's own page now
    shows the GOV.UK error summary linked to the day, keeps what was typed, and records nothing."""
    hana, complaint = by_post
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    typed = {
        "sent_on-day": "31",
        "sent_on-month": "2",
        "sent_on-year": "2026",
        "how": "hand",
        "late_reason": "x",
    }
    page = client.post(f"/letters/issued/{letter.pk}/sent/", typed)
    assert page.status_code == 422
    html = page.content.decode()
    assert "govuk-error-summary" in html and "must be a real date" in html
    assert 'href="#id_sent_on"' in html and 'id="id_sent_on" name="sent_on-day"' in html
    assert 'value="31"' in html and 'value="hand" checked' in html and ">x</textarea>" in html
    assert not LetterPosting.objects.exists() and _acknowledged(complaint) is None
    # and a day still to come: refused in GOV.UK words, citing no provision, what was typed kept
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = {"sent_on-day": tomorrow.day, "sent_on-month": tomorrow.month, "sent_on-year": tomorrow.year}
    refused = client.post(f"/letters/issued/{letter.pk}/sent/", future)
    assert refused.status_code == 422
    assert (
        "The day the letter was posted or handed over must be today or in the past"
        in refused.content.decode()
    )
    assert "5.12" not in _error_summary(refused.content.decode())
    assert f'value="{tomorrow.day}"' in refused.content.decode()
    # the page on its own, to record it from a link
    blank = client.get(f"/letters/issued/{letter.pk}/sent/").content.decode()
    assert (
        "When was the letter posted or handed over?" in blank and "The acknowledgement counts from" in blank
    )


def test_2024_5_12_discarding_a_held_step_asks_first_and_says_what_happens_to_its_letter(
    client: Client, by_post: tuple[User, Complaint]
) -> None:
    hana, complaint = by_post
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    url = f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    page = client.get(url).content.decode()
    assert "Discard the acknowledgement?" in page and "Do not post it" in page
    assert PendingStep.objects.get(pk=held.pk).state == PendingStep.State.PENDING  # asking discards nothing
    client.post(url)
    assert PendingStep.objects.get(pk=held.pk).state == PendingStep.State.DISCARDED
    # the letters panel no longer asks for it to be posted (found in an adversarial review)
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "The step it told of was discarded or recorded again: do not post it." in case
    assert f'action="/letters/issued/{letter.pk}/sent/"' not in case
    # its posting page warns before anything is recorded (found in a browser walk)
    warned = client.get(f"/letters/issued/{letter.pk}/sent/").content.decode()
    assert "The acknowledgement this letter told of was discarded: do not post it." in warned
    # posted by mistake all the same: the record says so, and that the step is not on it
    said = posting.record_told(letter=letter, sent_on=timezone.localdate(), how="post", actor=hana)
    assert "The acknowledgement it told of is not on the record (discarded)" in said
    assert _acknowledged(complaint) is None


def _error_summary(html: str) -> str:
    return (
        html.split('class="govuk-error-summary"', 1)[1].split("</div>", 2)[0]
        if "govuk-error-summary" in html
        else ""
    )


def test_2024_5_12_a_day_before_the_letter_was_issued_is_refused_at_the_day(
    client: Client, by_post: tuple[User, Complaint]
) -> None:
    """The core's "it cannot have been sent before" was only in the error summary, the day's boxes
    unmarked (found in a browser walk): it is now at the field too, as on the step pages."""
    hana, complaint = by_post
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    letter = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    before = timezone.localdate(letter.issued_at) - timedelta(days=1)
    typed = {"sent_on-day": before.day, "sent_on-month": before.month, "sent_on-year": before.year}
    refused = client.post(f"/letters/issued/{letter.pk}/sent/", typed)
    assert refused.status_code == 422
    html = refused.content.decode()
    at_the_field = html.split('id="id_sent_on-error"', 1)[1].split("</p>", 1)[0]
    assert "it cannot have been sent before" in at_the_field
    assert 'href="#id_sent_on"' in _error_summary(html) and "govuk-input--error" in html
    assert refused.context["form"].errors["sent_on"] and not refused.context["form"].non_field_errors()
    assert not LetterPosting.objects.exists() and _acknowledged(complaint) is None
