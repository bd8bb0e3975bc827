"""Following a complaint by one-time code or link, adding information, and asking for stage 2 with no
reason required (2024 6.10, 6.12)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from putright.complaints import services
from putright.complaints.models import Attachment, Complaint, Correspondence, Landlord
from putright.portal import access
from putright.portal.models import AccessCode

pytestmark = pytest.mark.django_db


def _code(message) -> str:
    return re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)


def _link(message) -> str:
    return re.search(r"https?://\S+/track/link/\S+/", message.body).group(0).split("testserver", 1)[1]


def _ask(client, complaint: Complaint, email: str = "rita@example.org"):
    return client.post("/track/", {"reference": complaint.reference, "email": email})


@pytest.fixture
def complaint(build):
    """A complaint with its stage 1 response, seen two days after that response."""
    built = build("stage_1_responded")
    moment = datetime.combine(built.stage_1_responded_on + timedelta(days=2), time(12), tzinfo=UTC)
    with time_machine.travel(moment, tick=True):
        yield built


@pytest.fixture
def signed_in(client, complaint):
    _ask(client, complaint)
    response = client.post("/track/code/", {"code": _code(mail.outbox[-1])})
    assert response.status_code == 302 and response["Location"] == "/track/complaint/"
    return client


def test_a_code_is_emailed_and_stored_only_as_a_hash(client, complaint) -> None:
    response = _ask(client, complaint)
    assert response["Location"] == "/track/code/"
    (message,) = mail.outbox
    code = _code(message)
    row = AccessCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=15)
    assert "expire in 15 minutes" in message.body


def test_an_unknown_address_gets_the_same_page_and_no_email(client, complaint) -> None:
    response = _ask(client, complaint, email="someone@else.example")
    assert response["Location"] == "/track/code/"
    assert mail.outbox == []
    page = client.post("/track/code/", {"code": "123456"}).content.decode()
    assert "The security code is not right" in page


def test_the_code_opens_only_that_complaint(signed_in, complaint, build) -> None:
    page = signed_in.get("/track/complaint/").content.decode()
    assert complaint.reference in page
    assert "Stage 1: we have responded" in page
    assert "£50 for the delay" in page  # remedies


def test_a_wrong_code_counts_and_the_code_dies_after_five(client, complaint) -> None:
    _ask(client, complaint)
    good = _code(mail.outbox[-1])
    wrong = "000000" if good != "000000" else "111111"
    for tries in range(1, access.MAX_ATTEMPTS + 1):
        page = client.post("/track/code/", {"code": wrong}).content.decode()
        assert "The security code is not right or has expired" in page
        assert AccessCode.objects.get().attempts == tries
    page = client.post("/track/code/", {"code": good}).content.decode()
    assert "The security code is not right or has expired" in page  # the code died after five
    assert AccessCode.objects.get().used_at is None


def test_a_code_expires_after_15_minutes(client, complaint) -> None:
    _ask(client, complaint)
    code = _code(mail.outbox[-1])
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        page = client.post("/track/code/", {"code": code}).content.decode()
    assert "The security code is not right or has expired" in page


def test_sending_codes_is_rate_limited(client, complaint) -> None:
    for _ in range(access.MAX_SENDS):
        _ask(client, complaint)
    response = _ask(client, complaint)
    assert response["Location"] == "/track/code/"  # the same answer: the limit tells nothing either
    assert len(mail.outbox) == access.MAX_SENDS


def test_the_link_signs_in_once(client, complaint) -> None:
    _ask(client, complaint)
    link = _link(mail.outbox[-1])
    assert client.get(link).status_code == 200  # a mail scanner's GET does not use it up
    assert client.post(link)["Location"] == "/track/complaint/"
    client.post("/track/sign-out/")
    again = client.post(link)
    assert again.status_code == 400 and "already been used" in again.content.decode()


def test_without_signing_in_the_complaint_page_is_not_shown(client, complaint) -> None:
    assert client.get("/track/complaint/")["Location"] == "/track/"
    assert client.post("/track/complaint/stage-2/")["Location"] == "/track/"


def test_2024_5_12_information_added_is_kept_as_correspondence(signed_in, complaint) -> None:
    response = signed_in.post(
        "/track/complaint/add/",
        {
            "message": "The mould is back.",
            "attachments": SimpleUploadedFile("mould.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        },
    )
    assert response.status_code == 302
    incoming = Correspondence.objects.get(complaint=complaint, direction="in")
    assert incoming.body == "The mould is back."
    assert Attachment.objects.get(correspondence=incoming).original_filename == "mould.png"


def test_a_refused_file_keeps_the_message(signed_in, complaint) -> None:
    response = signed_in.post(
        "/track/complaint/add/",
        {"message": "Here is the invoice.", "attachments": SimpleUploadedFile("invoice.pdf", b"MZ\x00\x00")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "invoice.pdf is a Windows program" in page
    assert "Here is the invoice." in page
    assert not Correspondence.objects.filter(complaint=complaint, direction="in").exists()


def test_2024_6_12_stage_2_with_one_button_and_no_reason(signed_in, complaint) -> None:
    page = signed_in.get("/track/complaint/stage-2/").content.decode()
    assert "You do not have to give a reason" in page
    response = signed_in.post("/track/complaint/stage-2/", {"reason": ""})
    assert response["Location"] == "/track/complaint/"
    complaint.refresh_from_db()
    assert complaint.state == "escalation_requested"
    event = complaint.events.order_by("-sequence").first()
    assert event.kind == "escalation_requested"
    assert "stage 2" in mail.outbox[-1].subject


def test_2024_6_12_an_optional_reason_is_kept(signed_in, complaint) -> None:
    signed_in.post("/track/complaint/stage-2/", {"reason": "The fan is still broken."})
    complaint.refresh_from_db()
    assert complaint.events.order_by("-sequence").first().data["reason"] == "The fan is still broken."


def test_2024_6_10_stage_2_is_not_offered_before_the_stage_1_response(client, build) -> None:
    complaint = build("stage_1_acknowledged")
    _ask(client, complaint)
    client.post("/track/code/", {"code": _code(mail.outbox[-1])})
    page = client.get("/track/complaint/").content.decode()
    assert "after we send you our stage 1 response" in page
    client.post("/track/complaint/stage-2/", {})
    complaint.refresh_from_db()
    assert complaint.state == "stage_1_acknowledged"


def test_outside_the_window_stage_2_is_explained_and_contact_offered(signed_in, complaint) -> None:
    landlord = Landlord.load()
    landlord.escalation_window_working_days = 1
    landlord.save()
    page = signed_in.get("/track/complaint/stage-2/").content.decode()
    assert "ended on" in page and "Send our complaints team a message" in page
    signed_in.post("/track/complaint/stage-2/", {})
    complaint.refresh_from_db()
    assert complaint.state == "stage_1_responded"


def test_a_representative_can_follow_the_complaint_once_the_residents_consent_is_recorded(
    client, resident
) -> None:
    """2024 3.6: the resident chooses to have a representative. Before their consent is recorded the
    representative would read the landlord's letters to the resident here: no code is sent (and the
    page says the same as for any address that is not on the complaint)."""
    representative = services.add_representative(
        resident=resident,
        name="Dan",
        relationship="Son",
        contact="Dan Smith <dan@example.org> / 07700 900123",
    )
    complaint = services.receive_complaint(
        resident=resident, representative=representative, summary="Leak", channel="online_form", actor=None
    )
    sent = len(mail.outbox)
    answer = _ask(client, complaint, email="DAN@example.org")
    assert answer["Location"] == "/track/code/" and len(mail.outbox) == sent
    services.record_representative_consent(
        complaint=complaint,
        on=timezone.localdate(),
        evidence="Resident said so on the phone",
        actor=None,
    )
    _ask(client, complaint, email="DAN@example.org")
    assert mail.outbox[-1].to == ["dan@example.org"]
    client.post("/track/code/", {"code": _code(mail.outbox[-1])})
    assert complaint.reference in client.get("/track/complaint/").content.decode()
