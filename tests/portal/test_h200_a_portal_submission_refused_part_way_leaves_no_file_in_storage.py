"""A resident's files sent on the complaints website are written to storage before their rows. The
online form and "add information" keep the complaint (or the message) and its files in one plain
transaction: a save refused part-way (the second file's row, say) rolled every row back but left the
first file in storage, personal data that no export, retention or erasure finds. The website's
transactions now delete the files written in them when they roll back, as the other doors do
(``records.stored_files.files_kept_with_their_rows``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from portal.test_2024_6_12_follow_and_escalate import (  # noqa: F401 (fixtures)
    complaint,
    signed_in,
)

from putright.complaints.models import Attachment, Complaint, Correspondence

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500
PDF = b"%PDF-1.7\n%..."


def _stored() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "complaints"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _second_row_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second attachment's row is refused by the database, after the first was kept."""
    save = Attachment.save
    calls = {"n": 0}

    def refusing(self: Attachment, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("refused by the database")
        save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Attachment, "save", refusing)


def test_the_online_form_refused_part_way_leaves_none_of_its_files_in_storage(
    client, answers, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    before = _stored()
    answers["attachments"] = [
        SimpleUploadedFile("fan.jpg", JPEG, "image/jpeg"),
        SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
    ]
    _second_row_refused(monkeypatch)
    with pytest.raises(IntegrityError):
        client.post("/complain/", answers)
    assert not Complaint.objects.exists() and not Attachment.objects.exists()
    assert _stored() == before


def test_information_added_on_the_website_refused_part_way_leaves_none_of_its_files_in_storage(
    signed_in,  # noqa: F811
    complaint,  # noqa: F811
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    before = _stored()
    _second_row_refused(monkeypatch)
    with pytest.raises(IntegrityError):
        signed_in.post(
            "/track/complaint/add/",
            {
                "message": "The mould is back.",
                "attachments": [
                    SimpleUploadedFile("mould.jpg", JPEG, "image/jpeg"),
                    SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
                ],
            },
        )
    assert not Correspondence.objects.filter(complaint=complaint, direction="in").exists()
    assert not Attachment.objects.filter(complaint=complaint).exists()
    assert _stored() == before
