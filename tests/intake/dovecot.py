"""A real Dovecot IMAP server (Debian's ``dovecot-imapd``) for the tests: its own configuration,
mail and sockets under a temporary folder, listening on a free local port, one user with a password.
It can be stopped and started again on the same port, as a restart of the landlord's server."""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from putright.intake.conf import ImapSettings

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "complaints"
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _account() -> tuple[str, int, int]:
    """The system user Dovecot runs as: its own ``dovecot`` user when run as root (Dovecot will not
    give mail to root), else whoever runs the tests."""
    if os.geteuid() == 0:
        try:
            record = pwd.getpwnam("dovecot")
        except KeyError:
            record = pwd.getpwuid(0)
    else:
        record = pwd.getpwuid(os.geteuid())
    return record.pw_name, record.pw_uid, record.pw_gid


class Dovecot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        name, uid, gid = _account()
        root.chmod(0o711)  # Dovecot's own user must reach its files (a pytest tmp_path's parents are 0700)
        for folder in ("run", "state", "mail", "home"):
            (root / folder).mkdir(parents=True, exist_ok=True)
            os.chown(root / folder, uid, gid)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (root / "passwd").chmod(0o644)
        self.config = root / "dovecot.conf"
        self.config.write_text(
            f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = {uid}
default_internal_user = {name}
default_internal_group = {name}
default_login_user = {name}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it ends every session too
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode() if self.process.stdout else ""
                raise RuntimeError(f"dovecot did not start: {output} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        # Dovecot's master lets running IMAP sessions live on after it stops; a restarted server
        # drops its clients' connections, so end the whole group (the master, its log, auth and
        # session processes: all started by this object).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def settings(self, **changes: object) -> ImapSettings:
        values: dict[str, object] = {
            "host": "127.0.0.1",
            "port": self.port,
            "ssl": False,
            "starttls": False,
            "user": USER,
            "password": PASSWORD,
            "mailbox": "INBOX",
        }
        values.update(changes)
        return ImapSettings(**values)  # type: ignore[arg-type]

    def client(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(USER, PASSWORD)
        return connection

    def deliver(self, *messages: bytes, mailbox: str = "INBOX") -> None:
        """Put messages in the mailbox as a mail server's delivery would (IMAP APPEND)."""
        connection = self.client()
        try:
            for raw in messages:
                status, detail = connection.append(mailbox, "", imaplib.Time2Internaldate(time.time()), raw)
                assert status == "OK", detail
        finally:
            connection.logout()

    def flags(self, mailbox: str = "INBOX") -> list[str]:
        """Each message's flags in ``mailbox``, in order."""
        connection = self.client()
        try:
            status, exists = connection.select(f'"{mailbox}"')
            if status != "OK" or not exists or exists[0] in (b"0", None):
                return []
            status, data = connection.fetch("1:*", "(FLAGS)")
            return [item.decode() for item in data if isinstance(item, bytes)]
        finally:
            connection.logout()
