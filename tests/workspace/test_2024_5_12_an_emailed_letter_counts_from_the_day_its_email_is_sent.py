"""2024 5.12 (a full record of what the resident was sent), 6.2 and 6.4: a step told by an emailed
letter counts from the day the email was sent, not the day the letter was issued.

Issuing a letter only queues its email. The step it tells of (an acknowledgement, an extension, a
response) was recorded as told on the day it was issued, even if every attempt to send the email
then failed: an acknowledgement "on time" that the resident never received. Now the step waits,
"not yet sent", its deadline running, until the email is sent; the case page says why, offers the
retry, and lets the letter be posted instead. A step the Code refuses on the day its email finally
went (an extension after the response date) is never recorded as on time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from api.test_api_v1 import Api, new_complaint, told
from api.test_trustworthy_record_api import DEFINITION, _now
from django.core import mail
from django.test import Client
from django.utils import timezone
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from smtp_capture import Capture, free_port, smtp_server, use_smtp
from workspace.conftest import Make
from workspace.test_2024_5_12_a_step_told_by_a_letter_already_issued import _acknowledge, _own_draft

from putright.accounts.models import Role, User
from putright.code.errors import TransitionNotAllowed
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep
from putright.letters import posting, services
from putright.letters.delivery import attempt
from putright.letters.models import DeliveryStatus, IssuedLetter, LetterDelivery, LetterPosting

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int = 10) -> Any:
    return time_machine.travel(datetime(2025, 3, day, hour, tzinfo=UTC), tick=False)


@pytest.fixture
def mail_server_down(settings: Any) -> None:
    """Django's mail pointed at a local port nothing listens on: every attempt is refused."""
    use_smtp(settings, free_port())


@pytest.fixture
def mail_server(settings: Any) -> Iterator[Callable[[], Capture]]:
    """``mail_server()``: the mail server is back, a real SMTP server keeping what it receives."""
    with ExitStack() as stack:

        def up() -> Capture:
            port, capture = stack.enter_context(smtp_server())
            use_smtp(settings, port)
            return capture

        yield up


def _events(complaint: Complaint, kind: str) -> list[ComplaintEvent]:
    return list(ComplaintEvent.objects.filter(complaint=complaint, kind=kind))


def _issued_acknowledgement(client: Client, hana: User, make: Make) -> tuple[Complaint, IssuedLetter]:
    """A complaint of Hana's, its acknowledgement recorded (held) and its letter issued: the email
    is queued."""
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    return complaint, services.issue_letter(draft=_own_draft(complaint), actor=hana)


def _retry_all() -> int:
    """The Retry button on every failed email, then the worker."""
    for delivery in LetterDelivery.objects.filter(status=DeliveryStatus.FAILED):
        services.retry_delivery(delivery=delivery)
    return send_queued_letter_emails()


def test_2024_6_2_an_acknowledgement_waits_while_its_email_fails_and_counts_from_the_day_it_is_sent(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    assert send_queued_letter_emails() == 0  # the server refused it
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_error
    assert not _events(complaint, "acknowledged")  # the resident has not been sent it
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    assert held.state == PendingStep.State.PENDING
    assert posting.told_on(letter) is None

    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "has not been sent to the resident" in page
    assert "and the email failed" in page and f"/letters/deliveries/{delivery.pk}/retry/" in page
    assert "Or print the letter and post it" in page
    assert f"/letters/issued/{letter.pk}/sent/" in page

    capture = mail_server()
    assert _retry_all() == 1
    assert len(capture.wait_for(1, timeout=10)) == 1
    [event] = _events(complaint, "acknowledged")
    assert event.on == timezone.localdate()
    assert event.data["communication"]["reference"] == f"letter:{letter.pk}"
    held.refresh_from_db()
    assert held.state == PendingStep.State.SENT
    assert posting.told_on(letter) == timezone.localdate()


def test_2024_6_2_an_acknowledgement_emailed_the_day_after_it_was_issued_counts_from_that_day(
    settings: Any,
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    """Issued on Monday 3 March, its email refused until Tuesday: acknowledged on 4 March, and the
    response is due 10 working days from then (2024 6.3), not from the day it was issued."""
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        held = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION).json()["not_yet_sent"][0]
        assert officer.post(f"/complaints/{ref}/letters/{held['letter_draft']}/issue", {}).status_code == 201
        assert send_queued_letter_emails() == 0
        assert officer.get(f"/complaints/{ref}").json()["state"] == "complaint"
    with _at(4):
        mail_server()
        assert _retry_all() == 1
        record = officer.get(f"/complaints/{ref}").json()
    assert record["state"] == "stage_1_acknowledged"
    assert record["stages"][0]["acknowledged_on"] == "2025-03-04"
    assert record["deadline"]["due"] == "2025-03-18"
    [out] = officer.get(f"/complaints/{ref}/letters").json()["issued"]
    assert out["told_on"] == "2025-03-04" and out["deliveries"][0]["sent_at"].startswith("2025-03-04")


def _extension_emailed_after_the_response_date(mail_server: Any) -> tuple[Api, Complaint, IssuedLetter]:
    """An extension notice issued on 17 March 2025, the day the response was due; its email refused
    until the next day, 18 March, when it went. Returns the officer, the complaint and the letter."""
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        acknowledged = officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told("2025-03-03")})
        assert acknowledged.status_code == 200
    extension = {"working_days": 5, "reason": "Waiting for a survey.", "ombudsman_details_given": True}
    with _at(17):  # the response is due today
        held = officer.post(f"/complaints/{ref}/extend", extension)
        assert held.status_code == 202, held.content
        draft = held.json()["not_yet_sent"][0]["letter_draft"]
        assert officer.post(f"/complaints/{ref}/letters/{draft}/issue", {}).status_code == 201
        assert send_queued_letter_emails() == 0
    complaint = Complaint.objects.get(reference=ref)
    letter = IssuedLetter.objects.get(complaint=complaint, kind="extension-notice")
    with _at(18):
        mail_server()
        assert _retry_all() == 1
    assert LetterDelivery.objects.get(letter=letter).status == DeliveryStatus.SENT
    return officer, complaint, letter


def test_2024_6_4_an_extension_whose_email_went_after_the_response_date_is_not_recorded(
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    """It used to be recorded as told on the due day, on time; the resident received it after the
    deadline, when the Code allows no extension (2024 6.4). It stays waiting, the case page says
    the email went and why it is not recorded, and recording it is refused with the Code's reason."""
    officer, complaint, letter = _extension_emailed_after_the_response_date(mail_server)
    ref = complaint.reference
    client = Client()
    client.force_login(officer.user)
    with _at(18, hour=11):
        assert not _events(complaint, "deadline_extended")  # refused on 18 March: after the deadline
        [waiting] = PendingStep.objects.filter(complaint=complaint, state=PendingStep.State.PENDING)
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
        assert "was emailed on 18 March 2025, but the extension could not be recorded" in page
        assert "On that day: 2024 6.4" in page
        assert "Record the extension as told on 18 March 2025" in page
        refused = client.post(f"/letters/issued/{letter.pk}/sent/", {"late_reason": ""}, follow=True)
        assert "2024 6.4" in refused.content.decode()
        path = f"/complaints/{ref}/letters/issued/{letter.pk}/sent"
        api_refused = _now(officer, path, {"on": "2025-03-18", "how": "email"})
        assert api_refused.status_code == 422 and api_refused.json()["provision"] == "2024 6.4"
        later = _now(officer, path, {"on": "2025-03-19", "how": "email"})
        assert later.status_code == 422 and "emailed on 18 March 2025" in later.json()["detail"]
        assert not _events(complaint, "deadline_extended")
        done = client.post(f"/workspace/complaints/{ref}/held/{waiting.pk}/discard/", follow=True)
        assert (
            f"Its letter, “{letter.title}”, was emailed to the resident on 18 March 2025: the record keeps "
            "the letter, but not the extension." in done.content.decode()
        )


def test_2024_6_4_an_extension_posted_on_time_before_its_email_went_counts_from_the_day_it_was_posted(
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    """The handler posted the notice on 17 March when its email failed, and the retry emailed it on
    the 18th before the posting was recorded: the day it was posted is the day it was sent, and is
    not refused because the email went later (found in an adversarial review)."""
    officer, complaint, letter = _extension_emailed_after_the_response_date(mail_server)
    with _at(18, hour=11):
        posted = _now(
            officer,
            f"/complaints/{complaint.reference}/letters/issued/{letter.pk}/sent",
            {
                "on": "2025-03-17",
                "how": "post",
                "late_reason": "Posted on the 17th; recorded the next morning.",
            },
        )
        assert posted.status_code == 200, posted.content
    [event] = _events(complaint, "deadline_extended")
    assert event.on.isoformat() == "2025-03-17"
    assert posted.json()["told_on"] == "2025-03-17" and posted.json()["sent"]["on"] == "2025-03-17"


def test_2024_5_12_an_email_that_cannot_be_sent_can_be_posted_instead(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    assert send_queued_letter_emails() == 0
    today = timezone.localdate()
    done = client.post(
        f"/letters/issued/{letter.pk}/sent/",
        {"sent_on-day": today.day, "sent_on-month": today.month, "sent_on-year": today.year, "how": "post"},
        follow=True,
    ).content.decode()
    assert "recorded as sent on" in done
    assert LetterPosting.objects.get(letter=letter).sent_on == today
    [event] = _events(complaint, "acknowledged")
    assert event.data["communication"]["reference"] == f"letter:{letter.pk}"
    # posted instead: its email is stopped, so the resident is not sent it twice
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.CANCELLED
    with pytest.raises(TransitionNotAllowed, match="posted instead"):
        services.retry_delivery(delivery=delivery)
    mail_server()
    assert attempt(delivery.pk).status == DeliveryStatus.CANCELLED  # a try already queued does nothing
    assert len(_events(complaint, "acknowledged")) == 1
    assert posting.told_on(letter) == today
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "was never sent: the letter was posted instead" in page
    from putright.portal.selectors import letters_for_resident

    [shown] = letters_for_resident(complaint)  # the resident's page: posted on that day
    assert (shown.how, shown.when) == ("posted", today)
    again = client.post(f"/letters/issued/{letter.pk}/sent/", {"sent_on": today.isoformat()}, follow=True)
    assert "This letter is already recorded as sent" in again.content.decode()


def test_2024_5_12_discarding_a_step_stops_its_letters_email(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """A step discarded while its letter's email is queued: the email is stopped, so the resident is
    not sent a step the record no longer holds; it cannot be retried."""
    hana = staff["hana"]
    for door in ("workspace", "api"):
        complaint, letter = _issued_acknowledgement(client, hana, make)
        held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
        if door == "workspace":
            done = client.post(
                f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/", follow=True
            )
            assert (
                "had not been emailed: the email is stopped, and it is not to be posted"
                in done.content.decode()
            )
        else:
            answer = Api(hana).post(f"/complaints/{complaint.reference}/held-steps/{held.pk}/discard", {})
            assert answer.status_code == 200, answer.content
        delivery = LetterDelivery.objects.get(letter=letter)
        assert delivery.status == DeliveryStatus.CANCELLED
        assert attempt(delivery.pk).status == DeliveryStatus.CANCELLED  # a queued try does nothing
        assert not mail.outbox
        with pytest.raises(TransitionNotAllowed, match="discarded"):
            services.retry_delivery(delivery=delivery)
        assert not _events(complaint, "acknowledged")
        page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
        assert "was never sent: the step it told of was discarded or recorded again" in page


def test_2024_5_12_a_step_recorded_again_stops_the_email_of_the_version_it_replaced(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
) -> None:
    """The acknowledgement's letter was issued and its email failed; the acknowledgement was then
    recorded again with a corrected definition. The first letter's email, retried, sent the resident
    the version the record replaced (found in an adversarial review and a browser walk)."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    first = services.issue_letter(draft=_own_draft(complaint), actor=hana)
    assert send_queued_letter_emails() == 0
    form = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/").content.decode()
    assert "Recording it again replaces it, and that letter is not sent." in form  # said before, not after
    again = _acknowledge(client, hana, complaint, complaint_definition="The fan, the mould and the leak.")
    assert "/drafts/" in again["Location"]
    delivery = LetterDelivery.objects.get(letter=first)
    assert delivery.status == DeliveryStatus.CANCELLED and delivery.next_attempt_at is None
    assert attempt(delivery.pk).status == DeliveryStatus.CANCELLED
    with pytest.raises(TransitionNotAllowed, match="recorded again"):
        services.retry_delivery(delivery=delivery)
    # the resident's page does not show a letter they were never sent
    from putright.portal.selectors import letters_for_resident

    assert first.pk not in [shown.pk for shown in letters_for_resident(complaint)]


def test_2024_5_12_a_step_discarded_while_its_email_is_being_sent_stays_stopped(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Discarded while an attempt to send was under way, and that attempt then failed: the failure
    no longer sets the email back to "failed" with a next try that the sweep would send."""
    from putright.letters import delivery as delivery_module
    from putright.letters.tasks import schedule_overdue_retries

    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")

    def discarded_meanwhile(delivery: LetterDelivery) -> str:
        posting.discard_waiting(held=held, actor=hana)
        raise OSError("the mail server went away")

    monkeypatch.setattr(delivery_module, "send_by_smtp", discarded_meanwhile)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert attempt(delivery.pk).status == DeliveryStatus.CANCELLED
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert schedule_overdue_retries() == 0


def test_2024_5_12_the_full_record_says_whether_and_how_a_letter_was_sent(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    mail_server_down: None,
    mail_server: Any,
) -> None:
    """The letter's entry in the full record said "Sent email" the moment it was issued, while its
    email was failing (found in a browser walk); the step's entry now says when it was emailed."""
    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    assert send_queued_letter_emails() == 0
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Letter issued, not yet sent: its email failed" in page
    mail_server()
    assert _retry_all() == 1
    sent_at = timezone.localtime(LetterDelivery.objects.get(letter=letter).sent_at)
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"Letter issued, emailed {sent_at:%-d %B %Y} at {sent_at:%H:%M}" in page
    assert f"&rdquo;, issued {sent_at:%-d %B %Y}, emailed {sent_at:%-d %B %Y} at {sent_at:%H:%M}" in page
    # who it went to and who issued it: the addressee used to stand where the actor does
    issued_at = timezone.localtime(letter.issued_at)
    assert f"{issued_at:%H:%M}, to {letter.addressee}, issued by {hana} · Letter issued" in page


def test_2024_5_12_a_letter_never_sent_is_not_shown_to_the_resident_nor_filed_as_sent(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    settings: Any,
) -> None:
    """The acknowledgement was discarded while its letter's email was queued: the email was stopped,
    but the resident's page listed the letter's text as a message from the landlord and served its
    PDF, and the Ombudsman complaint file said "(sent, email)" (found in an adversarial review)."""
    from access.following import track
    from django.template.loader import render_to_string

    from putright.ombudsman.casefile import _context

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    posting.discard_waiting(held=PendingStep.objects.get(complaint=complaint, step="acknowledge"), actor=hana)
    resident = track(complaint.resident.email, complaint)
    assert resident is not None
    page = resident.get("/track/complaint/").content.decode()
    assert letter.title not in page
    assert resident.get(f"/track/complaint/letters/{letter.pk}/").status_code == 404
    context, _ = _context(complaint, include_staff_notes=False, produced_by=None)
    filed = " ".join(render_to_string("ombudsman/complaint_file.html", context).split())
    assert "(letter issued, never sent: its email was stopped)" in filed
    assert "<dt>Sent to the resident</dt><dd>Never sent: its email was stopped</dd>" in filed
    assert "(sent, email)" not in filed


def test_2024_5_12_a_second_letter_for_the_step_stops_the_first_ones_failing_email(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """The first letter's email failed; a second letter for the same held step was issued and went,
    recording the step. The first one's retry then sent the resident the step a second time (found
    in an adversarial review)."""
    hana = staff["hana"]
    complaint, first = _issued_acknowledgement(client, hana, make)
    LetterDelivery.objects.filter(letter=first).update(status=DeliveryStatus.FAILED, last_error="refused")
    held = PendingStep.objects.get(complaint=complaint, step="acknowledge")
    second = services.issue_letter(draft=services.draft_for_held_step(held=held, actor=hana), actor=hana)
    assert second.pk != first.pk
    assert send_queued_letter_emails() == 1
    assert len(_events(complaint, "acknowledged")) == 1
    stopped = LetterDelivery.objects.get(letter=first)
    assert stopped.status == DeliveryStatus.CANCELLED and stopped.next_attempt_at is None
    assert len(mail.outbox) == 1


def test_2024_5_12_a_paper_copy_of_an_emailed_letter_is_recorded_and_the_step_keeps_the_emails_day(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """A copy posted as well (a reasonable adjustment, a resident who asked for one) was refused as
    "emailed on ...": the record could never show it (found in an adversarial review)."""
    hana = staff["hana"]
    complaint, letter = _issued_acknowledgement(client, hana, make)
    assert send_queued_letter_emails() == 1
    today = timezone.localdate()
    said = posting.record_told(letter=letter, sent_on=today, how="post", actor=hana)
    assert "recorded as sent on" in said and "(posted)" in said and "Its email went on" in said
    assert LetterPosting.objects.get(letter=letter).sent_on == today
    [event] = _events(complaint, "acknowledged")
    assert event.data["communication"]["reference"] == f"letter:{letter.pk}"
