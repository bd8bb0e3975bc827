"""Talking to the resident from the case: an emailed reply is kept on the record (2024 5.12) and sent
after commit through the outbox with its delivery status; internal notes are staff only, never on
the resident's tracking page or in a letter; calls, visits and letters are logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import Complaint, Correspondence
from putright.intake.models import SentEmail
from putright.letters.services import letter_values
from putright.portal.selectors import resident_view
from putright.workspace import outbox
from putright.workspace.models import InternalNote, OutboxEmail, ReplyStatus


def _post(client: Client, user: User, complaint: Complaint, what: str, data: dict[str, Any]) -> Any:
    client.force_login(user)
    return client.post(f"/workspace/complaints/{complaint.reference}/record/{what}/", data)


def _case(client: Client, user: User, complaint: Complaint) -> str:
    client.force_login(user)
    return client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_2024_5_12_reply_kept_on_record_and_sent_after_commit_with_status(
    client: Client, staff: dict[str, User], make: Make, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    complaint = make()
    client.force_login(staff["hana"])
    form = client.get(f"/workspace/complaints/{complaint.reference}/record/reply/").content.decode()
    assert complaint.resident.email in form  # addressed to the resident by default
    response = _post(
        client,
        staff["hana"],
        complaint,
        "reply",
        {
            "to": complaint.resident.email,
            "subject": "Your repair",
            "body": "We have booked the roofer for Monday.",
        },
    )
    assert response.status_code == 302
    reply = OutboxEmail.objects.get()
    assert reply.status == ReplyStatus.SENT and reply.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [complaint.resident.email] and "roofer" in sent.body
    assert complaint.reference in sent.subject
    # kept as outgoing correspondence and remembered so the resident's answer threads to the case
    assert Correspondence.objects.get(pk=reply.correspondence_id).direction == "out"
    assert SentEmail.objects.get(message_id=reply.message_id).complaint_id == complaint.pk
    html = _case(client, staff["hana"], complaint)
    assert "We have booked the roofer" in html and ">Sent</strong>" in html


@pytest.mark.django_db(transaction=True)
def test_a_reply_the_mail_server_refuses_is_kept_shown_and_sent_again(
    client: Client, staff: dict[str, User], make: Make, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "workspace.test_talk_to_the_resident.Refuses"
    complaint = make()
    _post(
        client,
        staff["hana"],
        complaint,
        "reply",
        {"to": "r@example.org", "subject": "Update", "body": "Still on it."},
    )
    reply = OutboxEmail.objects.get()
    assert reply.status == ReplyStatus.FAILED and "refused" in reply.last_error
    html = _case(client, staff["hana"], complaint)
    assert ">Not sent</strong>" in html and "Still on it." in html
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(f"/workspace/complaints/{complaint.reference}/replies/{reply.pk}/retry/")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.SENT and reply.attempts == 2


class Refuses:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise OSError("550 refused by the test server")


def test_sending_twice_never_sends_twice(staff: dict[str, User], make: Make) -> None:
    complaint = make()
    reply = outbox.queue_reply(
        complaint=complaint, actor=staff["hana"], to="r@example.org", subject="S", body="B"
    )
    outbox.send(reply.pk)
    outbox.send(reply.pk)
    assert len(mail.outbox) == 1


def test_internal_note_is_for_staff_only_never_to_the_resident_or_in_letters(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    response = _post(
        client, staff["hana"], complaint, "note", {"body": "Neighbour dispute: handle calls carefully."}
    )
    assert response.status_code == 302
    assert InternalNote.objects.get().author == staff["hana"]
    html = _case(client, staff["hana"], complaint)
    assert "Neighbour dispute" in html and "Staff only" in html
    portal = resident_view(complaint.reference)
    assert "Neighbour dispute" not in repr(portal)
    values = letter_values(complaint, "stage1-acknowledgement")
    assert not any("Neighbour dispute" in value for value in values.values())


def test_log_a_call_visit_or_letter(client: Client, staff: dict[str, User], make: Make) -> None:
    complaint = make()
    client.force_login(staff["hana"])
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/correspondence/",
        {
            "direction": "in",
            "channel": "telephone",
            "party": "resident",
            "subject": "Called about the roofer",
            "body": "Asked for a morning slot.",
        },
    )
    assert response.status_code == 302
    html = _case(client, staff["hana"], complaint)
    assert "Called about the roofer" in html and "Asked for a morning slot." in html
    # the full record says who called and who logged it (2024 5.12), not the caller as the actor
    assert f", from {complaint.resident.name}, recorded by {staff['hana']} · Received telephone" in html


def test_2024_5_12_a_long_note_can_be_read_whole_in_the_full_record(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The full record showed an entry's first 600 characters and nothing more: a 1,000-character
    internal note could not be read after its 600th character anywhere (found in a browser walk).
    A short one is shown as it is; a long one shows its start and the whole of it in a details."""
    complaint = make()
    body = "Called the contractor. " * 40 + "The last words of the note."
    assert _post(client, staff["hana"], complaint, "note", {"body": body}).status_code == 302
    html = _case(client, staff["hana"], complaint)
    timeline = html.split('id="timeline"')[1]
    assert "The last words of the note." in timeline
    assert f"Read all of it ({len(body)} characters)" in timeline
    _post(client, staff["hana"], complaint, "note", {"body": "Short note."})
    assert "Short note.</p>" in _case(client, staff["hana"], complaint).split('id="timeline"')[1]
