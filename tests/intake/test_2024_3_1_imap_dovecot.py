"""2024 3.1: the monitored mailbox read from a real IMAP server, Debian's Dovecot, started for these
tests on a free port with its own configuration under a temporary folder: signing in, new messages,
marking or moving the ones on the record, a message that cannot be read, and the server restarting
in the middle of a run."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from intake.dovecot import DOVECOT, Dovecot

from putright.complaints.models import Complaint
from putright.intake.mail import IngestResult
from putright.intake.sources import FAILED_KEYWORD, IntakeError, read_imap

pytestmark = [
    pytest.mark.django_db,
    # scripts/test.sh installs dovecot-imapd; only a developer's run without it skips, never CI
    pytest.mark.skipif(
        not Path(DOVECOT).exists() and not os.environ.get("CI"),
        reason="dovecot-imapd is not installed (scripts/test.sh installs it)",
    ),
]


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    root = Path(tempfile.mkdtemp(prefix="putright-dovecot-"))
    server = Dovecot(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_2024_3_1_new_messages_become_contacts_and_are_flagged_seen(dovecot, make_email) -> None:
    dovecot.deliver(
        make_email(),
        make_email(sender="Jo Bloggs <jo@example.org>", subject="Boiler", message_id="<jo-1@example.org>"),
    )
    report = read_imap(dovecot.settings())
    assert report.errors == [] and report.counts()["new_contact"] == 2
    assert Complaint.objects.count() == 2
    assert all("\\Seen" in flags for flags in dovecot.flags())
    # only new (unseen) messages are read next time; --all reads them again as duplicates
    assert read_imap(dovecot.settings()).results == []
    assert read_imap(dovecot.settings(), unseen_only=False).counts()["duplicate"] == 2
    assert Complaint.objects.count() == 2


def test_processed_messages_are_moved_to_the_processed_folder(dovecot, make_email) -> None:
    dovecot.deliver(make_email(), make_email(message_id="<second@example.org>", subject="Second"))
    report = read_imap(dovecot.settings(processed_mailbox="PutRight/Processed"))
    assert report.counts()["new_contact"] == 2
    assert dovecot.flags("INBOX") == []
    assert len(dovecot.flags("PutRight/Processed")) == 2


def test_a_reply_in_the_mailbox_joins_its_complaint(dovecot, make_email) -> None:
    dovecot.deliver(make_email())
    read_imap(dovecot.settings())
    first = Complaint.objects.get()
    dovecot.deliver(
        make_email(
            subject="Re: Kitchen ceiling",
            body="Still dripping.",
            message_id="<first-2@mail.example.org>",
            headers={"In-Reply-To": "<first-1@mail.example.org>"},
        )
    )
    (result,) = [r for _, r in read_imap(dovecot.settings()).results]
    assert (result.status, result.complaint) == ("joined", first)


def test_a_message_that_is_not_an_email_is_reported_once_and_flagged(dovecot, make_email) -> None:
    dovecot.deliver(b"// Not an RFC-822 Document", make_email())
    report = read_imap(dovecot.settings())
    assert [reason for _, reason in report.skipped] == [
        "it does not start with email headers, so it is not an email"
    ]
    assert report.counts()["new_contact"] == 1
    assert FAILED_KEYWORD in dovecot.flags()[0]
    again = read_imap(dovecot.settings(), unseen_only=False)
    assert again.skipped == []  # not retried for ever


def test_wrong_credentials_are_a_clear_error(dovecot) -> None:
    with pytest.raises(IntakeError, match="could not sign in"):
        read_imap(dovecot.settings(password="wrong"))


def test_the_run_goes_on_when_the_server_restarts_in_the_middle(dovecot, make_email) -> None:
    dovecot.deliver(
        *(make_email(subject=f"Message {n}", message_id=f"<restart-{n}@example.org>") for n in range(3))
    )

    def restart_after_the_first(label: str, result: IngestResult) -> None:
        if label.endswith(" 1"):
            dovecot.restart()

    report = read_imap(dovecot.settings(), progress=restart_after_the_first)
    assert report.reconnections == 1
    assert report.errors == []
    assert report.counts()["new_contact"] == 3
    assert all("\\Seen" in flags for flags in dovecot.flags())


def test_a_later_run_reads_again_after_the_server_restarted(dovecot, make_email) -> None:
    dovecot.deliver(make_email())
    read_imap(dovecot.settings())
    dovecot.restart()
    dovecot.deliver(make_email(message_id="<after@example.org>", subject="After the restart"))
    report = read_imap(dovecot.settings())
    assert report.counts()["new_contact"] == 1
