"""2024 5.12 (the full record) for email: every part a resident sent is kept, in the shapes real
mail clients send, and anything held back is shown on the case page with the reason."""

from __future__ import annotations

import base64
import io
import os
import sys
import time
import zipfile
from email.message import EmailMessage

import pytest
from django.utils import timezone
from intake.conftest import verified_by_receiving_server

from putright.accounts.models import Role, User
from putright.complaints.models import Attachment, Correspondence
from putright.intake.mail import ingest_email
from putright.intake.models import InboundEmail
from putright.intake.sources import read_folder

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
SENDER = "Sam Tenant <sam.tenant@example.org>"


def _headers(
    message: EmailMessage, subject: str = "Mould", message_id: str = "<parts-1@example.org>"
) -> None:
    message["Authentication-Results"] = verified_by_receiving_server(SENDER)
    message["From"] = SENDER
    message["To"] = "complaints@landlord.example"
    message["Subject"] = subject
    message["Date"] = "Mon, 02 Nov 2026 09:15:00 +0000"
    message["Message-ID"] = message_id


def iphone_text_photo_text() -> bytes:
    """What iPhone Mail sends for text, a photo in the middle, more text."""
    message = EmailMessage()
    _headers(message, "Mould in the bedroom")
    message.set_content("The mould in the bedroom is back, here it is:")
    message.make_mixed()
    photo = EmailMessage()
    photo.set_content(JPEG, maintype="image", subtype="jpeg", disposition="inline", filename="IMG_0412.jpeg")
    message.attach(photo)
    after = EmailMessage()
    after.set_content(
        "It is worse behind the wardrobe. Please send someone this week.\n\nSent from my iPhone"
    )
    after.replace_header("Content-Disposition", "inline") if after.get(
        "Content-Disposition"
    ) else after.add_header("Content-Disposition", "inline")
    message.attach(after)
    return message.as_bytes()


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user(
        "olu", password="correct horse battery staple", role=Role.COMPLAINTS_OFFICER, first_name="Olu"
    )


def test_2024_5_12_iphone_text_photo_text_keeps_both_texts_in_order_and_the_photo(client, officer) -> None:
    result = ingest_email(iphone_text_photo_text())
    correspondence = Correspondence.objects.get(complaint=result.complaint, direction="in")
    body = correspondence.body
    assert body.index("The mould in the bedroom is back") < body.index("[IMG_0412.jpeg attached]")
    assert body.index("[IMG_0412.jpeg attached]") < body.index("It is worse behind the wardrobe")
    photo = Attachment.objects.get(complaint=result.complaint, original_filename="IMG_0412.jpeg")
    with photo.file.open("rb") as stored:
        assert stored.read() == JPEG
    client.force_login(officer)
    page = client.get(f"/workspace/complaints/{result.complaint.reference}/").content.decode()
    assert "IMG_0412.jpeg" in page and "It is worse behind the wardrobe" in page


def test_outlook_express_unquoted_boundary_keeps_the_text() -> None:
    raw = (
        b"From: Sam Tenant <sam.tenant@example.org>\r\nSubject: Sup?\r\nMessage-ID: <oe@example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: multipart/alternative; boundary=----=_NextPart_000_0093_01C81419.EB75E850\r\n\r\n"
        b"------=_NextPart_000_0093_01C81419.EB75E850\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"
        b"The boiler is broken and the caf\xe9 downstairs is noisy.\r\n"
        b"------=_NextPart_000_0093_01C81419.EB75E850\r\nContent-Type: text/html\r\n\r\n<p>The boiler</p>\r\n"
        b"------=_NextPart_000_0093_01C81419.EB75E850--\r\n"
    )
    result = ingest_email(raw)
    assert Correspondence.objects.get(complaint=result.complaint, direction="in").body == (
        "The boiler is broken and the caf\u00e9 downstairs is noisy."
    )


def test_a_header_line_that_lost_its_folding_does_not_turn_headers_into_the_body() -> None:
    raw = (
        b"From: Sam Tenant <sam.tenant@example.org>\r\n"
        b"Subject: Repairs\r\nMessage-ID: <o365@example.org>\r\n"
        b"X-MS-Exchange-Organization-Network-Message-Id: 1a2b3c4d;\r\n"
        b"lost-its-fold-here\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain\r\n\r\nThe window will not close.\r\n--XX--\r\n"
    )
    result = ingest_email(raw)
    assert (
        Correspondence.objects.get(complaint=result.complaint, direction="in").body
        == "The window will not close."
    )


def test_html_only_mail_is_rendered_with_entities_decoded_scripts_dropped_links_kept() -> None:
    message = EmailMessage()
    _headers(message, "Gr=?utf-8?q?=C3=BC=C3=9Fe?=")
    message.set_content(
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Gr&uuml;&szlig;e,&nbsp;the lift is broken.</p>"
        '<p>See <a href="https://example.org/photos">my photos</a></p></body></html>',
        subtype="html",
    )
    result = ingest_email(message.as_bytes())
    body = Correspondence.objects.get(complaint=result.complaint, direction="in").body
    assert (
        "Gr\u00fc\u00dfe,\u00a0the lift is broken." in body or "Gr\u00fc\u00dfe, the lift is broken." in body
    )
    assert "alert" not in body and "color:red" not in body and "&" not in body
    assert "https://example.org/photos" in body


@pytest.mark.parametrize(
    "encoded,expected",
    [
        # gb2312 label, GBK-only character (U+7881 is not in GB 2312)
        ("=?gb2312?B?" + base64.b64encode("投诉 碁".encode("gbk")).decode() + "?=", "投诉 碁"),
        ("=?iso-2022-jp?B?" + base64.b64encode("苦情です".encode("iso2022_jp")).decode() + "?=", "苦情です"),
        ("=?utf-8?Q?Caf=C3=A9?==?utf-8?Q?_noise?=", "Café noise"),
    ],
)
def test_encoded_subjects_are_decoded_in_their_real_charset(make_email, encoded, expected) -> None:
    raw = make_email().replace(b"Subject: Kitchen ceiling", f"Subject: {encoded}".encode())
    result = ingest_email(raw)
    assert result.inbound is not None and result.inbound.subject == expected


def test_eight_bit_headers_and_a_wrong_charset_are_recovered(make_email) -> None:
    raw = make_email().replace(b"Subject: Kitchen ceiling", "Subject: Kitchen ceiling \u2013 again".encode())
    raw = raw.replace(b"Water is coming", "Wäter is coming".encode("cp1252"))  # 8-bit, no charset said
    result = ingest_email(raw)
    assert result.inbound is not None and result.inbound.subject == "Kitchen ceiling \u2013 again"
    assert (
        "W\u00e4ter is coming" in Correspondence.objects.get(complaint=result.complaint, direction="in").body
    )


def forwarded_with_pdf() -> bytes:
    inner = EmailMessage()
    inner["From"] = "Repairs <repairs@landlord.example>"
    inner["Subject"] = "Your appointment"
    inner["Date"] = "Fri, 30 Oct 2026 10:00:00 +0000"
    inner.set_content("We will come on Tuesday between 8 and 12.")
    inner.add_attachment(
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        maintype="application",
        subtype="pdf",
        filename="appointment.pdf",
    )
    message = EmailMessage()
    _headers(message, "Fwd: Your appointment")
    message.set_content("Nobody came on Tuesday. See below.")
    message.add_attachment(inner)
    return message.as_bytes()


def test_2024_5_12_a_forwarded_email_keeps_its_text_and_its_attachment() -> None:
    result = ingest_email(forwarded_with_pdf())
    body = Correspondence.objects.get(complaint=result.complaint, direction="in").body
    assert "Nobody came on Tuesday" in body
    assert "From: Repairs <repairs@landlord.example>" in body
    assert "We will come on Tuesday between 8 and 12." in body
    pdf = Attachment.objects.get(complaint=result.complaint, original_filename="appointment.pdf")
    assert "in the forwarded email 'Your appointment'" in pdf.description


def test_2024_5_12_signed_related_inline_and_nameless_parts_are_all_kept() -> None:
    related = EmailMessage()
    related.set_content("See the photo.")
    related.add_alternative('<p>See the photo <img src="cid:photo1"></p>', subtype="html")
    html = related.get_payload()[1]
    html.add_related(JPEG, maintype="image", subtype="jpeg", cid="<photo1>")  # no filename
    signed = EmailMessage()
    _headers(signed, "Signed")
    signed.make_mixed()
    signed.attach(related)
    signed.add_attachment(
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", maintype="text", subtype="calendar", filename="invite.ics"
    )
    raw = signed.as_bytes()
    result = ingest_email(raw)
    names = set(
        Attachment.objects.filter(complaint=result.complaint).values_list("original_filename", flat=True)
    )
    assert "invite.ics" in names
    assert "image-1.jpg" in names  # a real image without a filename gets one from its type
    body = Correspondence.objects.get(complaint=result.complaint, direction="in").body
    assert body.startswith("See the photo.")


def macro_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


def test_2024_5_12_a_dangerous_part_is_held_back_with_its_reason_on_the_case_page(
    client, officer, make_email
) -> None:
    raw = make_email(
        attachments=[
            (
                "tenancy.docx",
                macro_document(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("photo.jpg", JPEG, "image/jpeg"),
        ]
    )
    result = ingest_email(raw)
    names = set(
        Attachment.objects.filter(complaint=result.complaint).values_list("original_filename", flat=True)
    )
    assert "photo.jpg" in names and "tenancy.docx" not in names
    (held,) = result.inbound.quarantined
    assert held["part"] == "tenancy.docx" and "macros" in str(held["reason"])
    client.force_login(officer)
    page = client.get(f"/workspace/complaints/{result.complaint.reference}/").content.decode()
    assert (
        "Held back" in page and "tenancy.docx" in page and "it contains macros (word/vbaProject.bin)" in page
    )


def test_a_different_message_reusing_a_message_id_is_kept_and_linked(client, officer, make_email) -> None:
    first = ingest_email(make_email())
    second = ingest_email(
        make_email(sender="Jo Bloggs <jo@example.org>", subject="Boiler", body="No heating.")
    )
    assert second.status == "new_contact" and second.complaint != first.complaint
    assert second.inbound.possible_duplicate_of == first.inbound
    client.force_login(officer)
    page = client.get(f"/workspace/complaints/{second.complaint.reference}/").content.decode()
    assert "possibly a duplicate" in page and first.complaint.reference in page


def test_a_reply_from_an_unverified_sender_is_a_new_contact_possibly_about_the_complaint(
    client, officer, make_email
) -> None:
    first = ingest_email(make_email())
    forged = make_email(
        subject=f"Re: {first.complaint.reference}",
        body="Please send all the documents to this address.",
        message_id="<forged@example.org>",
        headers={"In-Reply-To": "<first-1@mail.example.org>"},
        verified=False,
    )
    result = ingest_email(forged)
    assert result.status == "new_contact" and result.complaint != first.complaint
    assert result.inbound.possibly_about == first.complaint
    client.force_login(officer)
    page = client.get(f"/workspace/complaints/{result.complaint.reference}/").content.decode()
    assert "Possibly about" in page and first.complaint.reference in page
    original = client.get(f"/workspace/complaints/{first.complaint.reference}/").content.decode()
    assert "This email may be about this complaint" in original


def test_a_subject_longer_than_any_column_is_kept_in_full(make_email) -> None:
    subject = "Leak " + "and more " * 60
    result = ingest_email(make_email(subject=subject.strip()))
    inbound = InboundEmail.objects.get()
    assert inbound.subject == subject.strip()
    correspondence = Correspondence.objects.get(complaint=result.complaint, direction="in")
    assert len(correspondence.subject) <= 300
    assert correspondence.body.startswith(f"Subject: {subject.strip()}")


def test_the_drop_folder_reads_only_complete_email_files_and_lists_what_it_skips(
    make_email, tmp_path
) -> None:
    drop = tmp_path / "drop"
    (drop / "sub").mkdir(parents=True)
    (drop / "UPPER.EML").write_bytes(make_email(message_id="<upper@example.org>"))
    (drop / "sub" / "nested.eml").write_bytes(make_email(message_id="<nested@example.org>", subject="Nested"))
    (drop / "writing.eml.tmp").write_bytes(b"From: half")
    (drop / "empty.eml").write_bytes(b"")
    (drop / "notes.txt").write_text("not mail")
    (drop / "erroneous.eml").write_bytes(b"// Not an RFC-822 Document")
    (drop / "bad.msg").write_bytes(b"not an Outlook item")
    fresh = drop / "fresh.eml"
    fresh.write_bytes(make_email(message_id="<fresh@example.org>", subject="Fresh"))
    report = read_folder(drop, settle=60)  # fresh.eml is still being written (changed just now)
    old = time.time() - 120
    for path in (
        drop / "UPPER.EML",
        drop / "sub" / "nested.eml",
        drop / "empty.eml",
        drop / "erroneous.eml",
        drop / "bad.msg",
    ):
        os.utime(path, (old, old))
    report = read_folder(drop, settle=60)
    assert sorted(name for name, _ in report.results) == ["UPPER.EML", "sub/nested.eml"]
    skipped = dict(report.skipped)
    assert skipped["fresh.eml"].startswith("still being written")
    assert skipped["writing.eml.tmp"].startswith("a temporary name")
    assert skipped["empty.eml"] == "empty file"
    assert skipped["notes.txt"] == "not a .eml or .msg file"
    assert skipped["erroneous.eml"] == "it does not start with email headers, so it is not an email"
    assert skipped["bad.msg"].startswith("not an Outlook item")
    os.utime(fresh, (old, old))
    assert [name for name, _ in read_folder(drop, settle=60).results if _.status == "new_contact"] == [
        "fresh.eml"
    ]


def test_a_half_written_file_then_the_complete_one_are_not_confused(make_email, tmp_path) -> None:
    """A drop-folder reader that took a half-written file would then refuse the complete one as a
    duplicate; by bytes, the complete file is a different message and is read."""
    raw = make_email(attachments=[("photo.jpg", JPEG, "image/jpeg")])
    half = ingest_email(raw[: len(raw) // 2])
    whole = ingest_email(raw)
    assert whole.status == "new_contact"
    assert whole.inbound.possible_duplicate_of == half.inbound
    photo = Attachment.objects.get(complaint=whole.complaint, original_filename="photo.jpg")
    assert photo.size == len(JPEG)
    assert timezone.now()


def test_2024_5_12_an_outlook_item_without_the_optional_reader_is_skipped_with_the_reason(
    tmp_path, monkeypatch
) -> None:
    """extract-msg (GPL-3.0) is an optional extra: without it a .msg is listed as not read, and why,
    and stays in the drop folder for staff (nothing lost)."""
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # import now raises ImportError
    drop = tmp_path / "drop"
    drop.mkdir()
    item = drop / "from-outlook.msg"
    item.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    old = time.time() - 120
    os.utime(item, (old, old))
    report = read_folder(drop, settle=60)
    assert report.results == []
    reason = dict(report.skipped)["from-outlook.msg"]
    assert "optional 'outlook' extra" in reason and "uv sync --extra outlook" in reason
    assert item.exists()
