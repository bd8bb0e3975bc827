"""Shared pieces for the portal's browser tests: a real SMTP server (aiosmtpd), a complaint that has
had its stage 1 response today, and the checks a small phone screen needs."""

from __future__ import annotations

import email
import email.policy
import socket
import time
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from complaints.complaint_states import RESPONSE
from django.utils import timezone
from playwright.sync_api import Page

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.complaints.services import Told


class Capture:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if to in str(m["To"])]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no email to {to} within {timeout}s: {[str(m['To']) for m in self.messages]}")


@pytest.fixture
def smtp(settings: Any) -> Iterator[Capture]:
    """A real SMTP server on a free local port; Django sends to it over SMTP."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    capture = Capture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    # Security codes go out through the task queue (putright/portal/tasks.py); here the queued task
    # runs as soon as it is queued instead of waiting for a `db_worker`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    try:
        yield capture
    finally:
        controller.stop()


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def responded_today(email_address: str = "rita@example.org") -> Complaint:
    """A complaint received, acknowledged and responded to at stage 1 today, with a remedy and an
    outstanding action."""
    officer = User.objects.create_user("officer", first_name="Olu", role=Role.COMPLAINTS_OFFICER)
    handler = User.objects.create_user("handler", first_name="Hana", role=Role.COMPLAINT_HANDLER)
    resident = services.create_resident(name="Rita Resident", email=email_address)
    complaint = services.receive_complaint(
        resident=resident,
        summary="The bathroom fan has not worked since March.",
        channel="online_form",
        actor=None,
        accept=True,
    )
    complaint = services.allocate_handler(complaint=complaint, actor=officer, handler=handler)
    complaint = services.acknowledge_complaint(
        complaint=complaint,
        actor=handler,
        complaint_definition="The fan was not repaired after two reports.",
        outcomes_sought="Repair the fan and treat the mould.",
        responsible_for="The repair and the mould treatment.",
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    complaint = services.agree_remedy(
        complaint=complaint,
        actor=handler,
        remedy_kind="financial",
        description="£50 for the delay",
        due=timezone.localdate() + timedelta(days=30),
        agreed_with_resident=True,
        amount_pence=5000,
    )
    complaint = services.respond_to_complaint(
        complaint=complaint,
        actor=handler,
        **RESPONSE,
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    services.record_correspondence(
        complaint=complaint,
        actor=handler,
        direction="out",
        channel="letter",
        subject="Our stage 1 response",
        body="We agree the repair took too long. We will replace the fan and pay £50.",
    )
    return complaint


def fits_the_screen(page: Page) -> bool:
    """No horizontal scrolling (WCAG 1.4.10 reflow at 320 CSS pixels)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
