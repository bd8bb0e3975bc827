"""Where inbound emails come from: a folder of .eml files, or a monitored mailbox over IMAP."""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from putright.intake.conf import ImapSettings, imap_settings
from putright.intake.mail import IngestResult, ingest_email


class IntakeError(Exception):
    """The mailbox or folder could not be read; ``str(error)`` says why in one line."""


@dataclass
class IntakeReport:
    results: list[tuple[str, IngestResult]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"new_contact": 0, "joined": 0, "duplicate": 0, "ignored": 0, "failed": len(self.errors)}
        for _, result in self.results:
            counts[result.status] += 1
        return counts


def read_folder(folder: Path, *, progress: Callable[[str, IngestResult], None] | None = None) -> IntakeReport:
    """Ingest every ``*.eml`` in ``folder`` (sorted by name). Files stay where they are: reading the
    folder again finds them already read."""
    if not folder.is_dir():
        raise IntakeError(f"{folder} is not a folder")
    report = IntakeReport()
    for path in sorted(folder.glob("*.eml")):
        try:
            result = ingest_email(path.read_bytes(), source="folder")
        except Exception as error:  # one bad file must not stop the rest
            report.errors.append((path.name, f"{type(error).__name__}: {error}"))
            continue
        report.results.append((path.name, result))
        if progress:
            progress(path.name, result)
    return report


def _connect(config: ImapSettings) -> imaplib.IMAP4:
    if not config.host:
        raise IntakeError("PUTRIGHT_IMAP_HOST is not set")
    try:
        if config.ssl:
            connection: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                config.host, config.port, ssl_context=ssl.create_default_context(), timeout=30
            )
        else:
            connection = imaplib.IMAP4(config.host, config.port, timeout=30)
            if config.starttls:
                connection.starttls(ssl_context=ssl.create_default_context())
        connection.login(config.user, config.password)
    except (OSError, imaplib.IMAP4.error) as error:
        raise IntakeError(f"could not sign in to {config.host}:{config.port}: {error}") from error
    return connection


def _messages(connection: imaplib.IMAP4, mailbox: str, unseen_only: bool) -> Iterator[tuple[bytes, bytes]]:
    status, _ = connection.select(mailbox)
    if status != "OK":
        raise IntakeError(f"cannot open the mailbox folder {mailbox!r}")
    status, data = connection.uid("SEARCH", "UNSEEN" if unseen_only else "ALL")
    if status != "OK":
        raise IntakeError("the mailbox refused the search")
    uids = data[0].split() if data and data[0] else []
    for uid in uids:
        status, parts = connection.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
        if status != "OK":
            continue
        for part in parts:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
                yield uid, part[1]
                break


def read_imap(
    config: ImapSettings | None = None,
    *,
    unseen_only: bool = True,
    progress: Callable[[str, IngestResult], None] | None = None,
) -> IntakeReport:
    """Ingest the monitored mailbox's messages, marking each one read (\\Seen) once it is safely on
    the record. A message read twice (another run, or ``--all``) is a duplicate, never a second
    complaint."""
    config = config or imap_settings()
    connection = _connect(config)
    report = IntakeReport()
    try:
        for uid, raw in _messages(connection, config.mailbox, unseen_only):
            label = f"uid {uid.decode()}"
            try:
                result = ingest_email(raw, source="imap")
            except Exception as error:
                report.errors.append((label, f"{type(error).__name__}: {error}"))
                continue
            connection.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")
            report.results.append((label, result))
            if progress:
                progress(label, result)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            connection.logout()
    return report
