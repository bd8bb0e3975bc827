"""Intake settings, from Django settings when set there, else from the environment.

=============================  ===================================================================
``PUTRIGHT_SITE_URL``          the public address of the complaints pages, for links in emails
                               (default ``http://127.0.0.1:8000``)
``PUTRIGHT_IMAP_HOST``         the monitored mailbox's IMAP server (``putright intake imap``)
``PUTRIGHT_IMAP_PORT``         default 993 with SSL, 143 without
``PUTRIGHT_IMAP_SSL``          ``1`` (default) for IMAP over TLS, ``0`` for plain (a local server)
``PUTRIGHT_IMAP_STARTTLS``     ``1`` to upgrade a plain connection with STARTTLS
``PUTRIGHT_IMAP_USER``         the mailbox's user name
``PUTRIGHT_IMAP_PASSWORD``     its password
``PUTRIGHT_IMAP_MAILBOX``      the folder to read (default ``INBOX``)
``PUTRIGHT_IMAP_PROCESSED``    a folder to move each message to once it is on the record (created
                               if missing); without it, messages are flagged ``\\Seen`` and stay
``PUTRIGHT_INTAKE_AUTHSERV_IDS``  the authserv-id(s) of the landlord's receiving mail server, comma
                               separated: only its ``Authentication-Results`` verify a sender
``PUTRIGHT_INTAKE_SETTLE_SECONDS``  a drop-folder file is read only when it has not changed for this
                               long (default 5), so a file still being written is left for next time
=============================  ===================================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None or value == "":
        value = os.environ.get(name, default)
    return str(value)


def site_url() -> str:
    return setting("PUTRIGHT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _flag(value: str, default: bool) -> bool:
    if not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    ssl: bool
    starttls: bool
    user: str
    password: str
    mailbox: str
    processed_mailbox: str = ""


def imap_settings() -> ImapSettings:
    ssl = _flag(setting("PUTRIGHT_IMAP_SSL"), True)
    port = setting("PUTRIGHT_IMAP_PORT")
    return ImapSettings(
        host=setting("PUTRIGHT_IMAP_HOST"),
        port=int(port) if port.strip() else (993 if ssl else 143),
        ssl=ssl,
        starttls=_flag(setting("PUTRIGHT_IMAP_STARTTLS"), False),
        user=setting("PUTRIGHT_IMAP_USER"),
        password=setting("PUTRIGHT_IMAP_PASSWORD"),
        mailbox=setting("PUTRIGHT_IMAP_MAILBOX", "INBOX") or "INBOX",
        processed_mailbox=setting("PUTRIGHT_IMAP_PROCESSED"),
    )


def settle_seconds() -> float:
    value = setting("PUTRIGHT_INTAKE_SETTLE_SECONDS", "5")
    try:
        return max(0.0, float(value))
    except ValueError:
        return 5.0
