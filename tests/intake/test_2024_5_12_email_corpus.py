"""2024 3.1 and 5.12 over real mail: every message in the shared corpus (149 files from the test
suites of 11 mail-handling projects, ``../shared/email-corpus/``, read-only) is copied into a
temporary drop folder and read twice, on whichever database the run uses (SQLite, or PostgreSQL via
``DATABASE_URL``). Each message is audited against the message as sent by Python's own email
package (``putright.intake.audit``): every word of every text part is in the stored text, nothing
looks like mojibake, every file is stored with its bytes and name or held back with a reason shown
on the case, and nothing distinct is discarded as a duplicate."""

from __future__ import annotations

import pytest
from django.core import mail
from intake.conftest import corpus_folder

from putright.intake.audit import run_corpus
from putright.intake.mime import read_message

pytestmark = pytest.mark.django_db


#: files whose own bytes are broken, and how: the audit finds the same damage in them with Python's
#: email package, so intake cannot be blamed for it (and did not add to it)
BROKEN_AS_SENT = {
    "djmailbox__messages_bad_character_attachment.eml": "the attachment's name holds U+FFFD bytes as sent",
    "flanker__messages_outlook-express.eml": "the attachment's name is already mojibake with U+FFFD bytes",
    "flanker__messages_russian-attachment-yahoo.eml": "the attachment's name is cut in the middle of a character",
    "mikel__attachment_emails_attachment_with_encoded_name.eml": "an RFC 2231 name with byte 0x8A, invalid in its declared iso-2022-jp",
    "spamscope__mail_test_6.eml": "the HTML declares UTF-8 and holds an invalid byte",
    "stalwart__thirdparty_015.eml": "its text quotes a forwarded header with its RFC 2047 words as typed",
}
NOT_EMAIL = {"enmime__erroneous.eml": "it does not start with email headers, so it is not an email"}
MACHINE_MADE = {
    "enmime__dsn_with_multipart_alternative.eml",
    "enmime__multipart-wo-boundary.eml",
    "enmime__simple_dsn.eml",
    "flanker__messages_bounce_gmail-invalid-address.eml",
    "flanker__messages_bounce_office365.eml",
    "flanker__messages_complaints_aol.eml",
    "flanker__messages_disposition-notification.eml",
    "mikel__mime_emails_raw_email_with_mimepart_without_content_type.eml",
    "mikel__multipart_report_emails_multi_address_bounce1.eml",
    "mimekit__messages_bounce.eml",
    "postalmime__arf.eml",
    "postalmime__bounce.eml",
    "spamscope__mail_malformed_2.eml",
}


def test_2024_5_12_every_message_in_the_corpus_is_kept_whole_and_read_once(tmp_path) -> None:
    corpus = corpus_folder()
    files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in {".eml", ".msg"})
    assert len(files) >= 148
    drop = tmp_path / "drop"
    drop.mkdir()
    run = run_corpus(files, drop)

    assert run.first.errors == [] and run.second.errors == []  # 0 crashes
    assert dict(run.first.skipped) == NOT_EMAIL
    statuses = {name: result.status for name, result in run.first.results}
    assert len(statuses) + len(run.first.skipped) == len(files)
    assert {n for n, s in statuses.items() if s == "ignored"} == MACHINE_MADE
    assert run.distinct_discarded == []  # a duplicate is only ever the very same message
    assert all(v == 0 for v in run.created_on_second.values()), run.created_on_second

    problems = {
        item.name: item.missing_words + item.garbled + item.files_missing + item.names_wrong
        for item in run.audits
        if not (item.text_ok and item.files_ok)
    }
    assert problems == {}
    assert {item.name for item in run.audits if item.broken_as_sent} == set(BROKEN_AS_SENT)
    assert sum(a.text_parts for a in run.audits) >= 150
    assert sum(a.files for a in run.audits) >= 400

    # bulk and list mail is read as a contact but never answered automatically (RFC 3834)
    for name, result in run.first.results:
        reading = read_message((drop / name).read_bytes())
        if reading.header("Precedence").lower() in {"bulk", "list", "junk"} or reading.header("List-Id"):
            assert not result.auto_replied, name
    assert all(message.extra_headers.get("Auto-Submitted") == "auto-replied" for message in mail.outbox)
