"""Deadline reminders: queued by ``send_deadline_reminders``, run by the database worker, sent over
real SMTP (aiosmtpd) once per person, and never twice for the same deadline."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.services import Told
from putright.workspace.models import ReminderSent
from putright.workspace.reminders import send_reminders


class Capture:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Capture]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    capture = Capture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.PUTRIGHT_SITE_URL = "https://complaints.landlord.example"
    try:
        yield capture
    finally:
        controller.stop()


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


# The worker closes database connections between tasks, as it would in production: a transactional
# test lets it reconnect (on PostgreSQL a closed connection would end the test's own transaction).
@pytest.mark.django_db(transaction=True)
def test_reminders_are_queued_run_by_the_worker_and_sent_once_per_person(
    smtp: Capture, staff: dict[str, User], make: Make
) -> None:
    late = make(handler=staff["hana"], received_on=working_days_ago(12))  # 2 working days late (2024 6.3)
    soon = make(handler=staff["hana"], received_on=working_days_ago(8))  # due in 2 working days
    other = make(handler=staff["sian"], received_on=working_days_ago(11))  # 1 late, another team
    make(handler=staff["hugo"])  # due in 10 working days: no reminder yet

    call_command("send_deadline_reminders")
    assert not smtp.messages  # queued, not yet sent
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    by_person = {m["To"]: m for m in smtp.messages}
    # Hana (handler) and Mina (her team's manager): one email each listing both cases; Sian one.
    assert set(by_person) == {"hana@landlord.example", "mina@landlord.example", "sian@landlord.example"}
    hana = _body(by_person["hana@landlord.example"])
    assert by_person["hana@landlord.example"]["Subject"] == "Complaint deadlines: 1 overdue and 1 due soon"
    assert f"{late.reference}: Stage 1 response due" in hana and "(2024 6.3), 2 working days late" in hana
    assert f"{soon.reference}: Stage 1 response due" in hana and "due in 2 working days" in hana
    assert f"https://complaints.landlord.example/workspace/complaints/{late.reference}/" in hana
    assert late.resident.name not in hana  # no personal details in email
    assert other.reference in _body(by_person["sian@landlord.example"])
    assert other.reference not in _body(by_person["mina@landlord.example"])
    assert ReminderSent.objects.count() == 3

    # a second run sends nothing
    call_command("send_deadline_reminders", "--now")
    assert len(smtp.messages) == 3


def test_an_extended_deadline_is_reminded_again_and_a_passed_one_once_more(
    smtp: Capture, staff: dict[str, User], make: Make
) -> None:
    complaint = make(handler=staff["sian"], received_on=working_days_ago(9))  # due next working day
    assert send_reminders(today=timezone.localdate()).emails == 1
    assert send_reminders(today=timezone.localdate()).emails == 0
    services.extend_response_deadline(
        complaint=complaint,
        actor=staff["sian"],
        working_days=1,
        reason="Waiting for the contractor",
        ombudsman_details_given=True,
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    run = send_reminders(today=timezone.localdate())
    assert run.emails == 1 and run.reminders == 1  # new date, new reminder
    assert ReminderSent.objects.filter(complaint=complaint).count() == 2


def test_unallocated_complaints_go_to_the_officers_and_restricted_ones_only_to_the_named(
    smtp: Capture, staff: dict[str, User], make: Make
) -> None:
    waiting = make("complaint", received_on=working_days_ago(6))  # acknowledgement 1 day late (6.2)
    secret = make(
        handler=staff["hana"],
        received_on=working_days_ago(12),
        restricted=True,
        restricted_to=[staff["manager"]],
    )
    send_reminders(today=timezone.localdate())
    by_person = {m["To"]: _body(m) for m in smtp.messages}
    assert waiting.reference in by_person["olu@landlord.example"]
    assert "(2024 6.2)" in by_person["olu@landlord.example"]
    assert secret.reference in by_person["mina@landlord.example"]
    assert all(
        secret.reference not in body for to, body in by_person.items() if to != "mina@landlord.example"
    )
