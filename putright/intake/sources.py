"""Where inbound emails come from: a folder of .eml and .msg files, or a monitored mailbox over IMAP.

Every file or message is accounted for in the run's :class:`IntakeReport`: read (with its result),
skipped (with the reason: still being written, empty, not an email, not a kind we read) or failed
(with the error). Nothing is passed over without a line in the summary.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from putright.intake.conf import ImapSettings, imap_settings, settle_seconds
from putright.intake.mail import IngestResult, NotAnEmail, ingest_email
from putright.intake.outlook import OutlookError, msg_to_eml

log = logging.getLogger(__name__)

#: a message that failed is given this keyword and not read again until staff remove it
FAILED_KEYWORD = "PutRightFailed"
#: names a mail program gives a file while it is still writing it
TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".filepart", "~")
RECONNECT_ATTEMPTS = 5


class IntakeError(Exception):
    """The mailbox or folder could not be read; ``str(error)`` says why in one line."""


@dataclass
class IntakeReport:
    results: list[tuple[str, IngestResult]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: times the mailbox connection was lost and reopened during the run
    reconnections: int = 0

    def counts(self) -> dict[str, int]:
        counts = {
            "new_contact": 0,
            "joined": 0,
            "duplicate": 0,
            "ignored": 0,
            "skipped": len(self.skipped),
            "failed": len(self.errors),
        }
        for _, result in self.results:
            counts[result.status] += 1
        return counts


# --------------------------------------------------------------------------------------------------
# A drop folder


def _still_being_written(path: Path, settle: float) -> bool:
    """Changed in the last ``settle`` seconds, or growing while we look."""
    first = path.stat()
    if time.time() - first.st_mtime < settle:
        return True
    if settle <= 0:
        return False
    time.sleep(min(0.05, settle))
    second = path.stat()
    return (second.st_size, second.st_mtime_ns) != (first.st_size, first.st_mtime_ns)


def _skip_reason(path: Path, relative: str, settle: float) -> str | None:
    name = path.name
    if name.startswith("."):
        return "a hidden or temporary file (its name starts with a dot): left until it is renamed"
    if name.lower().endswith(TEMPORARY_SUFFIXES):
        return "a temporary name: left until the file is complete and renamed"
    if path.suffix.lower() not in {".eml", ".msg"}:
        return "not a .eml or .msg file"
    if path.stat().st_size == 0:
        return "empty file"
    if _still_being_written(path, settle):
        return f"still being written (changed less than {settle:g} s ago): read next time"
    return None


def read_folder(
    folder: Path,
    *,
    progress: Callable[[str, IngestResult], None] | None = None,
    settle: float | None = None,
) -> IntakeReport:
    """Ingest every ``.eml`` (any case) and Outlook ``.msg`` in ``folder`` and its subfolders,
    sorted by path. Files stay where they are: reading the folder again finds them already read."""
    if not folder.is_dir():
        raise IntakeError(f"{folder} is not a folder")
    wait = settle_seconds() if settle is None else settle
    report = IntakeReport()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = str(path.relative_to(folder))
        try:
            reason = _skip_reason(path, relative, wait)
        except OSError as error:  # removed or unreadable while we looked
            report.errors.append((relative, f"{type(error).__name__}: {error}"))
            continue
        if reason:
            report.skipped.append((relative, reason))
            continue
        try:
            data = path.read_bytes()
            if path.suffix.lower() == ".msg":
                result = ingest_email(msg_to_eml(data), source="folder", original=(path.name, data))
            else:
                result = ingest_email(data, source="folder", original=(path.name, data))
        except (NotAnEmail, OutlookError) as error:
            report.skipped.append((relative, str(error)))
            continue
        except Exception as error:  # one bad file must not stop the rest
            log.exception("could not read %s", relative)
            report.errors.append((relative, f"{type(error).__name__}: {error}"))
            continue
        report.results.append((relative, result))
        if progress:
            progress(relative, result)
    return report


# --------------------------------------------------------------------------------------------------
# A monitored mailbox


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


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Mailbox:
    """One IMAP session that reconnects (and reselects its folder) when the server goes away."""

    def __init__(self, config: ImapSettings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep
        self.connection = _connect(config)
        self._select()
        self.reconnections = 0

    def _select(self) -> None:
        status, _ = self.connection.select(_quoted(self.config.mailbox))
        if status != "OK":
            raise IntakeError(f"cannot open the mailbox folder {self.config.mailbox!r}")
        if self.config.processed_mailbox:
            self.connection.create(_quoted(self.config.processed_mailbox))  # "NO" when it exists

    def _reconnect(self) -> None:
        last: Exception | None = None
        for attempt in range(RECONNECT_ATTEMPTS):
            self.sleep(min(2.0**attempt * 0.2, 5.0))
            try:
                self.connection = _connect(self.config)
                self._select()
            except IntakeError as error:
                last = error
                continue
            self.reconnections += 1
            return
        raise IntakeError(f"lost the connection to {self.config.host} and could not reconnect: {last}")

    def uid(self, command: str, *args: str) -> tuple[str, list[object]]:
        for _ in range(2):
            try:
                status, data = self.connection.uid(command, *args)
            except (imaplib.IMAP4.abort, OSError):
                self._reconnect()
                continue
            return status, list(data)
        raise IntakeError(f"the server kept dropping the connection during {command}")

    def search(self, unseen_only: bool) -> list[str]:
        criteria = ["UNKEYWORD", FAILED_KEYWORD]
        if unseen_only:
            criteria.insert(0, "UNSEEN")
        status, data = self.uid("SEARCH", *criteria)
        if status != "OK":
            raise IntakeError("the mailbox refused the search")
        first = data[0] if data else b""
        return [uid.decode() for uid in first.split()] if isinstance(first, bytes) else []

    def fetch(self, uid: str) -> bytes | None:
        status, parts = self.uid("FETCH", uid, "(BODY.PEEK[])")
        if status != "OK":
            return None
        for part in parts:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
                return part[1]
        return None

    def done(self, uid: str) -> None:
        """The message is on the record: flag it read, and move it when a folder is set."""
        self.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        target = self.config.processed_mailbox
        if not target:
            return
        capabilities = getattr(self.connection, "capabilities", ())
        if "MOVE" in capabilities:
            status, _ = self.uid("MOVE", uid, _quoted(target))
            if status == "OK":
                return
        status, _ = self.uid("COPY", uid, _quoted(target))
        if status == "OK":
            self.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
            with contextlib.suppress(imaplib.IMAP4.error):
                self.connection.expunge()

    def failed(self, uid: str) -> None:
        self.uid("STORE", uid, "+FLAGS", f"({FAILED_KEYWORD})")

    def close(self) -> None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            self.connection.logout()


def read_imap(
    config: ImapSettings | None = None,
    *,
    unseen_only: bool = True,
    progress: Callable[[str, IngestResult], None] | None = None,
) -> IntakeReport:
    """Ingest the monitored mailbox's messages. Each one safely on the record is flagged read
    (``\\Seen``) and, with ``PUTRIGHT_IMAP_PROCESSED``, moved there; one that cannot be read is
    flagged ``PutRightFailed`` so it is reported once, not retried for ever. A connection lost
    mid-run is reopened and the run goes on. A message read twice is a duplicate, never a second
    complaint."""
    config = config or imap_settings()
    mailbox = _Mailbox(config)
    report = IntakeReport()
    try:
        for uid in mailbox.search(unseen_only):
            label = f"uid {uid}"
            raw = mailbox.fetch(uid)
            if raw is None:
                report.errors.append((label, "the server did not return the message"))
                continue
            try:
                result = ingest_email(raw, source="imap")
            except NotAnEmail as error:
                report.skipped.append((label, str(error)))
                mailbox.failed(uid)
                continue
            except Exception as error:
                log.exception("could not read %s", label)
                report.errors.append((label, f"{type(error).__name__}: {error}"))
                mailbox.failed(uid)
                continue
            mailbox.done(uid)
            report.results.append((label, result))
            if progress:
                progress(label, result)
    finally:
        report.reconnections = mailbox.reconnections
        mailbox.close()
    return report
