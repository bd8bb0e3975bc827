"""2024 5.12: the full record keeps all correspondence and supporting documents."""

from __future__ import annotations

import hashlib
import io

import pytest

from putright.code.errors import InvalidRequest
from putright.complaints import services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_2024_5_12_a_document_is_stored_with_its_hash(build, handler_1, media) -> None:
    complaint = build("complaint")
    content = b"%PDF-1.4 surveyor's damp report"
    attachment = services.attach_document(
        complaint=complaint,
        actor=handler_1,
        content=content,
        filename="../../Damp report.pdf",
        description="Surveyor's report",
    )
    assert attachment.original_filename == "Damp report.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.name.startswith(f"complaints/{complaint.reference}/")
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    assert (media / attachment.file.name).resolve().is_relative_to(media)


def test_a_document_can_come_from_a_file_object(build, handler_1) -> None:
    complaint = build("complaint")
    attachment = services.attach_document(
        complaint=complaint, actor=handler_1, content=io.BytesIO(b"photo"), filename="mould.jpg"
    )
    assert attachment.content_type == "image/jpeg" and attachment.size == 5


def test_2024_5_12_correspondence_with_other_parties_is_kept(build, handler_1) -> None:
    complaint = build("complaint")
    letter = services.record_correspondence(
        complaint=complaint,
        actor=handler_1,
        direction="out",
        channel="email",
        party="other",
        correspondent="Contractor: DryHomes Ltd",
        subject="Please inspect the bathroom",
    )
    assert letter.recorded_by == handler_1
    attachment = services.attach_document(
        complaint=complaint, actor=handler_1, content=b"x", filename="quote.txt", correspondence=letter
    )
    assert list(letter.attachments.all()) == [attachment]
    with pytest.raises(InvalidRequest):
        services.record_correspondence(complaint=complaint, actor=handler_1, direction="in", channel="email")


def test_recording_correspondence_does_not_touch_the_history(build, handler_1) -> None:
    complaint = build("complaint")
    before = complaint.events.count()
    services.record_correspondence(
        complaint=complaint, actor=handler_1, direction="in", channel="letter", subject="Letter from resident"
    )
    assert complaint.events.count() == before
