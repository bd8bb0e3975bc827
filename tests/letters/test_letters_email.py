"""Issued letters by email through a real SMTP server (aiosmtpd on 127.0.0.1), sent only after the
transaction commits, through the task queue; a failure is kept and shown on the case, and a retry
delivers once the server is back. GOV.UK Notify through a real local HTTP server that checks the JWT
and the payload."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client

from putright.letters import services
from putright.letters.models import DeliveryStatus, LetterDelivery

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Capture:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_settings(settings: Any) -> Iterator[int]:
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.TASKS = IMMEDIATE
    settings.PUTRIGHT_EMAIL_PROVIDER = "smtp"
    yield port


def start_smtp(port: int) -> tuple[Controller, Capture]:
    capture = Capture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, capture


def parse(envelope: Any) -> EmailMessage:
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def issue(case_for_kind: Any, handler: Any, kind: str = "stage1-response") -> Any:
    complaint = case_for_kind(kind)
    draft = services.start_draft(complaint=complaint, kind=kind, actor=handler)
    return services.issue_letter(draft=draft, actor=handler)


def test_email_goes_after_commit_as_html_and_text_with_the_stored_pdf(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    controller, capture = start_smtp(smtp_settings)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            letter = issue(case_for_kind, handler_1)
            assert capture.messages == []  # nothing is sent inside the transaction
        assert len(callbacks) == 1
        for callback in callbacks:
            callback()
    finally:
        controller.stop()
    assert len(capture.messages) == 1
    envelope = capture.messages[0]
    assert envelope.rcpt_tos == ["rita@example.org"]
    message = parse(envelope)
    assert letter.complaint.reference in message["Subject"]
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    text = alternative.get_body(preferencelist=("plain",)).get_content()
    html = alternative.get_body(preferencelist=("html",)).get_content()
    assert "This is our response to your complaint" in text and "[6.9" not in text
    assert 'data-code="6.9 g"' in html and '<html lang="en-GB">' in html
    pdf = next(p for p in message.iter_attachments() if p.get_content_type() == "application/pdf")
    assert services._sha256(pdf.get_content()) == letter.pdf_sha256  # the stored file, not a new one
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_plain_text_preference_gets_a_text_only_email(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from putright.complaints.models import Format

    complaint = case_for_kind("stage1-response")
    complaint.resident.preferred_format = Format.PLAIN_TEXT
    complaint.resident.save()
    controller, capture = start_smtp(smtp_settings)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
            services.issue_letter(draft=draft, actor=handler_1)
    finally:
        controller.stop()
    message = parse(capture.messages[0])
    types = [p.get_content_type() for p in message.walk()]
    assert "text/html" not in types and "application/pdf" not in types
    attachment = next(message.iter_attachments())
    assert attachment.get_filename().endswith(".txt")
    assert "This is our response to your complaint" in attachment.get_content()


def test_2022_4_11_a_resident_who_prefers_letters_is_sent_a_printed_letter_not_an_email(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """ "adhere to any reasonable arrangements agreed with residents in terms of ... method of
    communication" (2022 4.11): a resident recorded as preferring contact by letter, with an email
    address on file, was emailed, and the step counted from an email they may never read. Their
    letter is now printed, to be posted, and the draft page says why."""
    from putright.complaints.models import ContactMethod
    from putright.letters import posting

    complaint = case_for_kind("stage1-response")
    complaint.resident.preferred_contact_method = ContactMethod.LETTER
    complaint.resident.save()
    assert complaint.resident.email  # there is an address; the preference decides
    controller, capture = start_smtp(smtp_settings)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
            client.force_login(handler_1)
            page = client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/")
            letter = services.issue_letter(draft=draft, actor=handler_1)
    finally:
        controller.stop()
    assert capture.messages == [] and not LetterDelivery.objects.filter(letter=letter).exists()
    assert posting.is_printed(letter)
    assert "The resident prefers contact by letter: print the PDF and post it." in page.content.decode()
    # preferring email, the same resident is emailed
    complaint.resident.preferred_contact_method = ContactMethod.EMAIL
    complaint.resident.save()
    assert services.email_address(complaint) == complaint.resident.email


def test_smtp_down_failure_is_shown_on_the_case_then_retry_delivers(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # the mail server is down: nothing listens on the port
    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(case_for_kind, handler_1)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "refused" in delivery.last_error.lower()
    assert delivery.next_attempt_at is not None  # an automatic retry is due after the backoff

    client = Client()
    client.force_login(handler_1)
    page = client.get(f"/letters/{letter.complaint.reference}/").content.decode()
    assert "Email failed:" in page and delivery.last_error[:20] in page
    assert f"/letters/deliveries/{delivery.pk}/retry/" in page
    # one heading says "Letters": the panel under it is named for what it lists
    assert page.count(">Letters</h") == 1 and ">Drafts and issued letters</h2>" in page

    # the server comes back; the handler presses Retry
    controller, capture = start_smtp(smtp_settings)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/letters/deliveries/{delivery.pk}/retry/")
        assert response.status_code == 302
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert len(capture.messages) == 1 and capture.messages[0].rcpt_tos == ["rita@example.org"]
    page = client.get(f"/letters/{letter.complaint.reference}/").content.decode()
    assert "Email failed:" not in page and "Sent" in page


def test_the_management_command_requeues_failed_emails(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(case_for_kind, handler_1)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.FAILED
    controller, capture = start_smtp(smtp_settings)
    try:
        call_command("retry_letter_deliveries", "--all")
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(capture.messages) == 1


def test_the_task_gives_up_after_max_attempts(
    smtp_settings: int,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from putright.letters.delivery import attempt

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(case_for_kind, handler_1)
    delivery = LetterDelivery.objects.get(letter=letter)
    for _ in range(delivery.max_attempts - 1):
        delivery = attempt(delivery.pk)
    assert delivery.attempts == delivery.max_attempts
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None


# --- GOV.UK Notify ---------------------------------------------------------------------------------

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"putright_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify(BaseHTTPRequestHandler):
    """Notify's email endpoint as the API documents it: checks the bearer JWT and the JSON body."""

    received: list[dict[str, Any]] = []
    fail_next = False

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            self._answer(
                401,
                {
                    "errors": [
                        {
                            "error": "AuthError",
                            "message": "Unauthorized: authentication token must be provided",
                        }
                    ]
                },
            )
            return
        try:
            claims = jwt.decode(auth[7:], SECRET, algorithms=["HS256"], options={"require": ["iss", "iat"]})
        except jwt.PyJWTError as error:
            self._answer(403, {"errors": [{"error": "AuthError", "message": f"Invalid token: {error}"}]})
            return
        if claims["iss"] != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
            self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token: iss or iat"}]})
            return
        if self.path != "/v2/notifications/email":
            self._answer(404, {"errors": [{"error": "NotFound", "message": "no such endpoint"}]})
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeNotify.fail_next:
            FakeNotify.fail_next = False
            self._answer(500, {"errors": [{"error": "Exception", "message": "Internal server error"}]})
            return
        missing = [k for k in ("email_address", "template_id") if not body.get(k)]
        if missing:
            self._answer(
                400,
                {"errors": [{"error": "ValidationError", "message": f"{missing[0]} is a required property"}]},
            )
            return
        FakeNotify.received.append({"claims": claims, "body": body})
        self._answer(201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": body.get("reference")})


@pytest.fixture
def notify(settings: Any) -> Iterator[str]:
    FakeNotify.received = []
    FakeNotify.fail_next = False
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PUTRIGHT_EMAIL_PROVIDER = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.TASKS = IMMEDIATE
    yield settings.NOTIFY_BASE_URL
    server.shutdown()
    server.server_close()


def test_notify_sends_with_a_valid_jwt_and_the_letter(
    notify: str, case_for_kind: Any, handler_1: Any, letterhead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import base64

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(case_for_kind, handler_1)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.provider == "notify"
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    assert delivery.provider_reference == "740e5834-3a29-46b4-9a6f-16142fde533a"
    [request] = FakeNotify.received
    body = request["body"]
    assert body["email_address"] == "rita@example.org"
    assert body["template_id"] == TEMPLATE_ID
    assert body["personalisation"]["body"] == letter.rendered_text
    assert letter.complaint.reference in body["personalisation"]["subject"]
    pdf = base64.b64decode(body["personalisation"]["letter_pdf"]["file"])
    assert services._sha256(pdf) == letter.pdf_sha256


def test_notify_failure_is_recorded_and_a_retry_sends(
    notify: str, case_for_kind: Any, handler_1: Any, letterhead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    FakeNotify.fail_next = True
    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(case_for_kind, handler_1)
    delivery = LetterDelivery.objects.get(letter=letter)
    assert delivery.status == DeliveryStatus.FAILED
    assert "GOV.UK Notify 500: Internal server error" in delivery.last_error
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_delivery(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(FakeNotify.received) == 1


def test_notify_refuses_a_token_signed_with_the_wrong_key(notify: str) -> None:
    from putright.letters.notify import NotifyClient, NotifyError

    wrong = f"putright_test-{SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    client = NotifyClient(wrong, base_url=notify)
    with pytest.raises(NotifyError) as refused:
        client.send_email(email_address="a@example.org", template_id=TEMPLATE_ID)
    assert refused.value.status == 403
    with pytest.raises(NotifyError, match="not a Notify API key"):
        NotifyClient("not-a-key")
