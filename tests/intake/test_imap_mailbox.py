"""``putright intake imap``: the monitored mailbox read over a real IMAP conversation with
``imaplib``, against a small IMAP4rev1 server on a local port that keeps the messages and their
\\Seen flags. Reading twice (or with ``--all``) never makes a second complaint."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from putright.complaints.models import Complaint
from putright.intake.conf import ImapSettings
from putright.intake.sources import IntakeError, read_imap

pytestmark = pytest.mark.django_db


@dataclass
class Mailbox:
    user: str = "complaints"
    password: str = "secret"
    messages: dict[int, bytes] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)


class ImapHandler(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def send(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        box = self.server.mailbox  # type: ignore[attr-defined]
        self.send("* OK IMAP4rev1 test server ready")
        while True:
            line = self.rfile.readline().decode().rstrip("\r\n")
            if not line:
                return
            tag, command, *rest = line.split(" ", 2)
            args = rest[0] if rest else ""
            command = command.upper()
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
                self.send(f"{tag} OK CAPABILITY completed")
            elif command == "LOGIN":
                user, password = (part.strip('"') for part in args.split(" ", 1))
                if (user, password) == (box.user, box.password):
                    self.send(f"{tag} OK LOGIN completed")
                else:
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
            elif command == "SELECT":
                self.send(f"* {len(box.messages)} EXISTS")
                self.send("* 0 RECENT")
                self.send(f"{tag} OK [READ-WRITE] SELECT completed")
            elif command == "UID":
                sub, _, rest_args = args.partition(" ")
                sub = sub.upper()
                if sub == "SEARCH":
                    uids = [u for u in box.messages if "UNSEEN" not in rest_args.upper() or u not in box.seen]
                    self.send("* SEARCH " + " ".join(str(u) for u in sorted(uids)))
                    self.send(f"{tag} OK SEARCH completed")
                elif sub == "FETCH":
                    uid = int(rest_args.split(" ", 1)[0])
                    data = box.messages[uid]
                    self.wfile.write(
                        f"* {uid} FETCH (UID {uid} BODY[] {{{len(data)}}}\r\n".encode() + data + b")\r\n"
                    )
                    self.send(f"{tag} OK FETCH completed")
                elif sub == "STORE":
                    uid = int(rest_args.split(" ", 1)[0])
                    if re.search(r"\\Seen", rest_args):
                        box.seen.add(uid)
                    self.send(f"* {uid} FETCH (FLAGS (\\Seen))")
                    self.send(f"{tag} OK STORE completed")
                else:
                    self.send(f"{tag} BAD unknown UID command")
            elif command == "LOGOUT":
                self.send("* BYE logging out")
                self.send(f"{tag} OK LOGOUT completed")
                return
            else:
                self.send(f"{tag} BAD unknown command")


@pytest.fixture
def imap_server() -> Iterator[tuple[Mailbox, ImapSettings]]:
    box = Mailbox()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), ImapHandler)
    server.daemon_threads = True
    server.mailbox = box  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    config = ImapSettings(
        host="127.0.0.1",
        port=port,
        ssl=False,
        starttls=False,
        user=box.user,
        password=box.password,
        mailbox="INBOX",
    )
    try:
        yield box, config
    finally:
        server.shutdown()
        server.server_close()


def test_2024_3_1_the_mailbox_is_read_and_each_message_marked_seen(imap_server, make_email) -> None:
    box, config = imap_server
    box.messages[1] = make_email()
    box.messages[2] = make_email(sender="jo@example.org", message_id="<jo-1@example.org>", subject="Bins")
    report = read_imap(config)
    assert report.counts()["new_contact"] == 2
    assert box.seen == {1, 2}
    assert Complaint.objects.count() == 2
    # nothing unread the second time; reading everything again finds only duplicates
    assert read_imap(config).results == []
    again = read_imap(config, unseen_only=False)
    assert again.counts()["duplicate"] == 2
    assert Complaint.objects.count() == 2


def test_a_reply_in_the_mailbox_joins_its_complaint(imap_server, make_email) -> None:
    box, config = imap_server
    box.messages[1] = make_email()
    read_imap(config)
    first = Complaint.objects.get()
    box.messages[2] = make_email(
        subject="Re: Kitchen ceiling",
        body="Still dripping.",
        message_id="<first-2@mail.example.org>",
        headers={"In-Reply-To": "<first-1@mail.example.org>"},
    )
    (result,) = [r for _, r in read_imap(config).results]
    assert (result.status, result.complaint) == ("joined", first)


def test_wrong_credentials_are_a_clear_error(imap_server) -> None:
    _, config = imap_server
    bad = ImapSettings(**{**config.__dict__, "password": "wrong"})
    with pytest.raises(IntakeError, match="could not sign in"):
        read_imap(bad)
