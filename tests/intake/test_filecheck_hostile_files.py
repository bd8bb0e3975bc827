"""Hostile files (issue 12): a zip bomb is refused after reading a bounded number of bytes, macros
and active PDF content are refused on upload and held back from email, each with the reason."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib

import pytest
from docx import Document

from putright.intake.filecheck import FileRefused, check_bytes, hazard

ODT = "application/vnd.oasis.opendocument.text"


def zip_bomb(expanded_mb: int = 200) -> bytes:
    """An .odt whose ``mimetype`` entry is the OpenDocument type followed by ``expanded_mb`` MB of
    zeros (the shape of the 2 MB .odt that took a worker to 4 GB), written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as entry:
            entry.write(ODT.encode())
            chunk = bytes(1024 * 1024)
            for _ in range(expanded_mb):
                entry.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


def test_a_zip_bomb_is_refused_without_expanding_it(bomb) -> None:
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match="zip bomb"):
            check_bytes("minutes.odt", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(bomb) + 8 * 1024 * 1024  # what it held: the file, not 200 MB
    assert "zip bomb" in (hazard("minutes.odt", bomb) or "")


def test_a_real_opendocument_and_word_file_are_accepted() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT)  # stored, as OpenDocument requires
        archive.writestr(
            "content.xml", "<office:document-content>" + "damp " * 2000 + "</office:document-content>"
        )
    assert check_bytes("letter.odt", buffer.getvalue()).name == "odf"
    document = Document()
    document.add_paragraph("The damp in the bedroom")
    docx = io.BytesIO()
    document.save(docx)
    assert check_bytes("letter.docx", docx.getvalue()).name == "docx"
    assert hazard("letter.docx", docx.getvalue()) is None


def test_a_word_file_with_macros_is_refused_and_held_back() -> None:
    document = Document()
    document.add_paragraph("Open me")
    saved = io.BytesIO()
    document.save(saved)
    with_macros = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(with_macros, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(FileRefused, match=r"macros \(word/vbaProject.bin\)"):
        check_bytes("letter.docx", with_macros.getvalue())
    assert hazard("letter.docx", with_macros.getvalue()) == "it contains macros (word/vbaProject.bin)"


def pdf(extra_objects: list[bytes], *, compress_object_stream: bool = False) -> bytes:
    """A small PDF written by hand; ``extra_objects`` go in the body, or, compressed, in an object
    stream where a plain text search cannot see them."""
    body = [
        b"1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj",
        b"2 0 obj<< /Type /Pages /Kids [] /Count 0 >>endobj",
    ]
    if compress_object_stream:
        packed = zlib.compress(b" ".join(extra_objects))
        body.append(
            b"3 0 obj<< /Type /ObjStm /Filter /FlateDecode /Length %d >>stream\n" % len(packed)
            + packed
            + b"\nendstream endobj"
        )
    else:
        body.extend(extra_objects)
    return b"%PDF-1.7\n" + b"\n".join(body) + b"\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "objects,what",
    [
        ([b"4 0 obj<< /S /JavaScript /JS (app.alert(1)) >>endobj"], "JavaScript"),
        ([b"4 0 obj<< /S /Launch /F (cmd.exe) >>endobj"], "Launch"),
        ([b"4 0 obj<< /Type /EmbeddedFile /Length 3 >>stream\nabc\nendstream endobj"], "embedded file"),
        ([b"4 0 obj<< /S /J#61vaScript /JS (x) >>endobj"], "JavaScript"),  # a name written with #xx escapes
    ],
)
def test_a_pdf_with_active_content_is_refused_and_held_back(objects, what) -> None:
    data = pdf(objects)
    with pytest.raises(FileRefused, match=what):
        check_bytes("report.pdf", data)
    assert what in (hazard("report.pdf", data) or "")


def test_active_content_hidden_in_a_compressed_object_stream_is_found() -> None:
    data = pdf([b"<< /S /JavaScript /JS (app.alert(1)) >>"], compress_object_stream=True)
    assert b"JavaScript" not in data
    assert "JavaScript" in (hazard("report.pdf", data) or "")


def test_a_plain_pdf_is_accepted() -> None:
    data = pdf([b"4 0 obj<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Js 1 >>endobj"])
    assert check_bytes("report.pdf", data).name == "pdf"
    assert hazard("report.pdf", data) is None


def test_for_email_a_calendar_invite_or_signature_is_not_dangerous_but_a_program_is() -> None:
    assert hazard("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") is None
    assert hazard("smime.p7s", bytes([0x30, 0x82, 0x05, 0x00]) + bytes(200)) is None
    assert hazard("invoice.jpg", b"MZ\x90\x00" + bytes(200)) == "it is a Windows program"
    assert hazard("page.htm", b"<html><script>alert(1)</script></html>") == "it is a script or web page"


@pytest.mark.django_db
def test_the_online_form_refuses_a_zip_bomb_with_a_message_on_the_field(client, bomb) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from portal.conftest import ANSWERS

    from putright.complaints.models import Complaint

    answers: dict[str, object] = dict(ANSWERS)
    answers["attachments"] = SimpleUploadedFile("minutes.odt", bomb, ODT)
    response = client.post("/complain/", answers)
    assert response.status_code == 200
    assert "minutes.odt cannot be accepted" in response.content.decode()
    assert "zip bomb" in response.content.decode()
    assert Complaint.objects.count() == 0
