"""Emails as a mail client would send them, and a media root per test."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.utils import timezone

Make = Callable[..., bytes]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_email() -> Make:
    def make(
        *,
        sender: str = "Sam Tenant <sam.tenant@example.org>",
        subject: str = "Kitchen ceiling",
        body: str = "Water is coming through the kitchen ceiling again.",
        message_id: str | None = "<first-1@mail.example.org>",
        headers: dict[str, str] | None = None,
        attachments: list[tuple[str, bytes, str]] | None = None,
    ) -> bytes:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "complaints@landlord.example"
        message["Subject"] = subject
        message["Date"] = format_datetime(timezone.now())
        if message_id:
            message["Message-ID"] = message_id
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        for filename, data, content_type in attachments or []:
            maintype, subtype = content_type.split("/", 1)
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        return message.as_bytes()

    return make
