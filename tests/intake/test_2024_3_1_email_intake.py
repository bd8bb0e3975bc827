"""2024 3.1, 3.2, 5.12, 1.3: emails become contacts on the record, once; replies join their complaint."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core import mail

from putright.complaints import services
from putright.complaints.models import Attachment, Complaint, Correspondence, Party, Resident
from putright.intake.mail import ingest_email
from putright.intake.models import DissatisfactionFlag, InboundEmail, SentEmail
from putright.intake.sources import read_folder

pytestmark = pytest.mark.django_db

UNHAPPY = (
    "This is the third time I have reported the leak and nobody has come. "
    "I am really fed up and the ceiling is now stained. I want someone to sort this out."
)


def test_2024_3_1_an_email_becomes_a_new_contact_for_triage_not_accepted(make_email) -> None:
    result = ingest_email(make_email(), source="folder")
    assert result.status == "new_contact"
    complaint = result.complaint
    assert complaint is not None
    assert complaint.state == "received"  # for triage, never auto-accepted
    assert complaint.channel == "email"
    assert complaint.resident.email == "sam.tenant@example.org"
    assert complaint.resident.name == "Sam Tenant"
    assert "kitchen ceiling" in complaint.summary.lower()
    event = complaint.events.get()
    assert event.actor_label == "Email intake"
    (inbound,) = InboundEmail.objects.all()
    assert inbound.message_id == "first-1@mail.example.org"
    assert inbound.correspondence.direction == "in"


def test_2024_5_12_the_original_eml_and_its_attachments_are_kept(make_email) -> None:
    raw = make_email(
        attachments=[
            ("ceiling.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "image/jpeg"),
            ("invoice.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"),
        ]
    )
    result = ingest_email(raw)
    files = {a.original_filename: a for a in Attachment.objects.filter(complaint=result.complaint)}
    eml = next(a for name, a in files.items() if name.endswith(".eml"))
    with eml.file.open("rb") as stored:
        assert stored.read() == raw
    assert "ceiling.jpg" in files
    assert "invoice.jpg" not in files  # a program disguised as a photo stays only inside the .eml
    assert "Windows program" in result.detail


def test_the_same_email_read_twice_gives_one_complaint(make_email) -> None:
    raw = make_email()
    first = ingest_email(raw)
    second = ingest_email(raw)
    assert (first.status, second.status) == ("new_contact", "duplicate")
    assert second.complaint == first.complaint
    assert Complaint.objects.count() == 1
    assert Correspondence.objects.count() == 1


def test_without_a_message_id_the_content_hash_prevents_a_duplicate(make_email) -> None:
    raw = make_email(message_id=None)
    assert ingest_email(raw).status == "new_contact"
    assert ingest_email(raw).status == "duplicate"
    assert Complaint.objects.count() == 1
    assert InboundEmail.objects.get().message_id is None


def test_a_reply_to_our_email_joins_its_complaint_by_in_reply_to(make_email) -> None:
    resident = services.create_resident(name="Sam Tenant", email="sam.tenant@example.org")
    complaint = services.receive_complaint(
        resident=resident, summary="Leak", channel="online_form", actor=None, accept=True
    )
    from putright.intake.outbound import send_complaint_email

    sent = send_complaint_email(
        complaint=complaint, to=[resident.email], subject="We have your complaint", body="Hello", kind="test"
    )
    assert sent is not None and mail.outbox[-1].extra_headers["Message-ID"].strip("<>") == sent.message_id
    reply = make_email(
        subject="Re: We have your complaint",
        body="Here is a photo of the ceiling.",
        message_id="<reply-1@mail.example.org>",
        headers={"In-Reply-To": f"<{sent.message_id}>", "References": f"<{sent.message_id}>"},
    )
    result = ingest_email(reply)
    assert result.status == "joined"
    assert result.complaint == complaint
    assert Complaint.objects.count() == 1
    incoming = Correspondence.objects.get(complaint=complaint, direction="in")
    assert incoming.body.startswith("Here is a photo")


def test_a_reply_joins_by_the_reference_in_the_subject_from_the_resident(make_email) -> None:
    first = ingest_email(make_email()).complaint
    assert first is not None
    reply = make_email(
        subject=f"Re: Your complaint {first.reference}",
        body="Any news?",
        message_id="<reply-2@mail.example.org>",
    )
    result = ingest_email(reply)
    assert (result.status, result.complaint) == ("joined", first)


def test_a_reference_in_the_subject_from_a_stranger_does_not_join(make_email) -> None:
    first = ingest_email(make_email()).complaint
    assert first is not None
    other = make_email(
        sender="someone@elsewhere.example",
        subject=f"Re: Your complaint {first.reference}",
        message_id="<stranger@elsewhere.example>",
    )
    result = ingest_email(other)
    assert result.status == "new_contact"
    assert result.complaint != first
    assert "not its resident or representative" in result.detail


def test_a_verified_sender_is_matched_to_an_existing_resident_by_email(make_email) -> None:
    resident = services.create_resident(name="Samantha Tenant", email="Sam.Tenant@example.org")
    result = ingest_email(make_email())
    assert result.complaint is not None and result.complaint.resident == resident
    assert Resident.objects.count() == 1


def test_an_unverified_sender_is_not_added_to_the_resident_with_that_email(make_email) -> None:
    resident = services.create_resident(name="Samantha Tenant", email="Sam.Tenant@example.org")
    result = ingest_email(make_email(verified=False))
    assert result.status == "new_contact"
    assert result.complaint is not None and result.complaint.resident != resident
    assert "not linked because the sender is not verified" in result.detail


def test_two_readers_of_one_ignored_email_at_once_keep_the_first_ones_file(make_email, monkeypatch) -> None:
    """Two workers read the same automatic reply at once: the second, not yet seeing the first's row,
    is refused as a duplicate when it inserts and rolls back its file. That file must be its own: with
    a name taken from the email's bytes alone it was the first's on object storage (one name, one
    object), and the rollback deleted the file the first's row names."""
    import putright.intake.mail as intake_mail

    raw = make_email(
        headers={"Auto-Submitted": "auto-replied"}, sender="sam.tenant@example.org", body=UNHAPPY
    )
    # one name, one object, as on object storage: a name already used is written over, not renamed
    monkeypatch.setattr(InboundEmail._meta.get_field("original").storage, "_allow_overwrite", True)
    assert ingest_email(raw).status == "ignored"
    monkeypatch.setattr(intake_mail, "_existing", lambda digest: None)  # the first row not yet seen
    monkeypatch.setattr(intake_mail, "_earlier_with_id", lambda message_id: None)
    second = ingest_email(raw)
    assert second.status == "duplicate"
    kept = InboundEmail.objects.get()
    with kept.original.open("rb") as handle:
        assert handle.read() == raw


@pytest.mark.parametrize(
    "headers,sender",
    [
        ({"Auto-Submitted": "auto-replied"}, "sam.tenant@example.org"),
        ({"Auto-Submitted": "auto-generated"}, "sam.tenant@example.org"),
        ({"X-Autoreply": "yes"}, "sam.tenant@example.org"),
        ({"X-Failed-Recipients": "gone@example.org"}, "MAILER-DAEMON@mail.example.org"),
    ],
)
def test_automatic_replies_and_bounces_are_ignored(make_email, headers, sender) -> None:
    raw = make_email(headers=headers, sender=sender, body=UNHAPPY)
    result = ingest_email(raw)
    assert result.status == "ignored"
    assert Complaint.objects.count() == 0
    assert mail.outbox == []  # never answer a machine
    assert ingest_email(raw).status == "duplicate"
    with InboundEmail.objects.get().original.open("rb") as kept:
        assert kept.read() == raw  # even an ignored message is kept as received


@pytest.mark.parametrize(
    "headers,sender",
    [
        ({"Precedence": "bulk"}, "sam.tenant@example.org"),
        ({"Precedence": "list", "List-Id": "<residents.example.org>"}, "sam.tenant@example.org"),
        ({"Precedence": "junk"}, "sam.tenant@example.org"),
        ({}, "postmaster@example.org"),
        ({}, "MAILER-DAEMON@example.org"),
    ],
)
def test_2024_3_1_a_person_relayed_by_a_list_or_postmaster_is_a_contact_but_never_auto_answered(
    make_email, headers, sender
) -> None:
    result = ingest_email(make_email(headers=headers, sender=sender, body=UNHAPPY))
    assert result.status == "new_contact"
    assert result.flagged and not result.auto_replied
    assert mail.outbox == []  # RFC 3834: bulk and list mail is not answered automatically
    assert "no automatic reply" in result.detail


def test_a_delivery_status_report_is_ignored() -> None:
    raw = (
        b"From: Mail Delivery System <bounces@mail.example.org>\r\n"
        b"To: complaints@landlord.example\r\nSubject: Undelivered Mail\r\n"
        b"Message-ID: <bounce-1@mail.example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--B--\r\n"
    )
    result = ingest_email(raw)
    assert result.status == "ignored"
    assert "delivery-status" in result.detail


def test_2024_1_3_dissatisfaction_is_flagged_and_the_resident_is_offered_the_choice(make_email) -> None:
    result = ingest_email(make_email(body=UNHAPPY))
    assert result.flagged and result.auto_replied
    flag = DissatisfactionFlag.objects.get()
    assert flag.complaint == result.complaint
    assert flag.phrases and all(phrase in f"Kitchen ceiling\n\n{UNHAPPY}" for phrase in flag.phrases)
    assert flag.choice_offered_at is not None
    (reply,) = mail.outbox
    assert reply.to == ["sam.tenant@example.org"]
    assert reply.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "do not need to use the word 'complaint'" in reply.body
    assert "/complain/" in reply.body
    # a second unhappy email on the same contact does not send a second automatic reply
    again = make_email(
        subject=f"Re: Your message to us: {result.complaint.reference}",
        body=UNHAPPY,
        message_id="<again@mail.example.org>",
    )
    assert ingest_email(again).status == "joined"
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(kind="choice_to_complain").count() == 1


def test_a_plain_request_is_not_flagged(make_email) -> None:
    result = ingest_email(make_email(body="Please could someone come and look at my boiler? Thanks."))
    assert not result.flagged
    assert mail.outbox == []


def test_reading_a_folder_twice_gives_the_same_complaints(make_email, tmp_path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.eml").write_bytes(make_email())
    (folder / "b.eml").write_bytes(make_email(sender="jo@example.org", message_id="<b@example.org>"))
    first = read_folder(folder)
    second = read_folder(folder)
    assert first.counts()["new_contact"] == 2
    assert second.counts()["duplicate"] == 2
    assert Complaint.objects.count() == 2


def test_cli_intake_emails_reads_a_folder(make_email, tmp_path, settings) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.eml").write_bytes(make_email())
    from putright.cli import main

    assert main(["intake", "emails", "--folder", str(folder)]) == 0
    assert Complaint.objects.count() == 1
    assert main(["intake", "emails", "--folder", str(folder)]) == 0
    assert Complaint.objects.count() == 1


def test_cli_intake_emails_refuses_a_missing_folder(tmp_path, capsys) -> None:
    from putright.cli import main

    assert main(["intake", "emails", "--folder", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_cli_intake_imap_without_a_host_is_bad_input(monkeypatch, capsys) -> None:
    monkeypatch.delenv("PUTRIGHT_IMAP_HOST", raising=False)
    from putright.cli import main

    assert main(["intake", "imap"]) == 2
    assert "PUTRIGHT_IMAP_HOST" in capsys.readouterr().err


def test_the_cli_help_lists_intake() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "putright", "intake", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "emails" in out and "imap" in out
    json.dumps(out)


def test_a_message_read_before_messages_were_known_by_their_bytes_is_not_read_again(make_email) -> None:
    raw = make_email()
    first = ingest_email(raw)
    InboundEmail.objects.filter(pk=first.inbound.pk).update(raw_sha256=None)  # as rows read before
    again = ingest_email(raw)
    assert again.status == "duplicate" and again.complaint == first.complaint
    assert Complaint.objects.count() == 1


def test_2024_5_12_an_email_from_an_address_both_share_is_not_recorded_as_the_residents(make_email) -> None:
    first = ingest_email(make_email()).complaint
    assert first is not None
    representative = services.add_representative(
        resident=first.resident,
        name="Dan Tenant",
        relationship="Son",
        contact="sam.tenant@example.org",
        consent_recorded_on=first.received_on,
        consent_evidence="Signed letter",
    )
    Complaint.objects.filter(pk=first.pk).update(representative=representative)
    reply = make_email(
        subject=f"Re: Your complaint {first.reference}",
        body="Any news?",
        message_id="<reply-3@mail.example.org>",
    )
    assert ingest_email(reply).status == "joined"
    joined = Correspondence.objects.get(complaint=first, body__startswith="Any news?")
    assert joined.party == Party.RESIDENT_OR_REPRESENTATIVE
