"""Files in the media folder that no record names (an intake killed between writing the file and
committing its row) are found, and removed only on request, with the removal recorded."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

import pytest

from putright.cli import main
from putright.complaints import services
from putright.complaints.models import Attachment
from putright.records.models import PurgeRecord

pytestmark = pytest.mark.django_db


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_orphan_files_are_listed_then_swept_and_the_sweep_recorded(
    build: Any, settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    complaint = build("received")
    kept = services.attach_document(
        complaint=complaint,
        actor=None,
        content=io.BytesIO(b"%PDF-1.4 kept"),
        filename="kept.pdf",
        content_type="application/pdf",
        description="",
    )
    kept_path = Path(settings.MEDIA_ROOT) / Attachment.objects.get(pk=kept.pk).file.name
    orphan = Path(settings.MEDIA_ROOT) / "attachments" / "half-written-email.eml"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"From: someone\n\nmy private message")
    fresh = Path(settings.MEDIA_ROOT) / "attachments" / "upload-in-progress.pdf"
    fresh.write_bytes(b"%PDF")
    for path in (kept_path, orphan):
        _age(path, 48)

    assert main(["sweep-files"]) == 0
    out = capsys.readouterr().out
    assert "orphan attachments/half-written-email.eml" in out
    assert "kept.pdf" not in out and "upload-in-progress" not in out
    assert orphan.exists() and not PurgeRecord.objects.exists()

    assert main(["sweep-files", "--delete", "--by", "Sam Admin"]) == 0
    assert not orphan.exists() and kept_path.exists() and fresh.exists()
    record = PurgeRecord.objects.get()
    assert record.by == "Sam Admin"
    assert record.detail["files"] == [{"name": "attachments/half-written-email.eml", "size": 33}]
    assert main(["sweep-files", "--min-age-hours", "0"]) == 2
