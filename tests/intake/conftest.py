"""Emails as a mail client would send them (received through the landlord's server, which verified
the sender unless told otherwise), and a media root per test."""

from __future__ import annotations

import os
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

import pytest
from django.utils import timezone

Make = Callable[..., bytes]

ROOT = Path(__file__).resolve().parents[2]


def corpus_folder() -> Path:
    """The shared email corpus (read-only): ``PUTRIGHT_EMAIL_CORPUS``, else ``shared/email-corpus``
    beside the repository (CI) or beside the folder of worktrees."""
    candidates = [os.environ.get("PUTRIGHT_EMAIL_CORPUS", "")]
    candidates += [str(base / "shared" / "email-corpus") for base in (ROOT.parent, ROOT.parent.parent)]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("the email corpus was not found: set PUTRIGHT_EMAIL_CORPUS to ../shared/email-corpus")


#: the authserv-id of the landlord's receiving server in these tests
RECEIVING_SERVER = "mx.landlord.example"


def verified_by_receiving_server(sender: str) -> str:
    domain = parseaddr(sender)[1].rsplit("@", 1)[-1]
    return f"{RECEIVING_SERVER}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PUTRIGHT_INTAKE_AUTHSERV_IDS = RECEIVING_SERVER
    settings.PUTRIGHT_INTAKE_SETTLE_SECONDS = "0"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_email() -> Make:
    sent = format_datetime(timezone.now().replace(microsecond=0))

    def make(
        *,
        sender: str = "Sam Tenant <sam.tenant@example.org>",
        subject: str = "Kitchen ceiling",
        body: str = "Water is coming through the kitchen ceiling again.",
        message_id: str | None = "<first-1@mail.example.org>",
        headers: dict[str, str] | None = None,
        attachments: list[tuple[str, bytes, str]] | None = None,
        verified: bool = True,
    ) -> bytes:
        message = EmailMessage()
        if verified:
            message["Authentication-Results"] = verified_by_receiving_server(sender)
        message["From"] = sender
        message["To"] = "complaints@landlord.example"
        message["Subject"] = subject
        message["Date"] = sent
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
