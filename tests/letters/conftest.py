"""Fixtures for the letters tests: the complaint builders of the records tests, a letterhead, and
small helpers to read produced files back."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from complaints.conftest import build, handler_1, handler_2, officer, resident  # noqa: F401

from putright.letters.models import LetterheadSettings


@pytest.fixture
def letterhead(db: None, settings, tmp_path: Path) -> LetterheadSettings:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "Customer Resolution Team\nPO Box 2210\nLeeds\nLS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.website = "www.northgatehomes.org.uk"
    head.signoff_name = "Daniel Okafor"
    head.signoff_role = "Complaints Officer"
    head.save()
    return head


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def pdf_info(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdfinfo", handle.name], check=True, capture_output=True, text=True).stdout


def docx_document(data: bytes):  # type: ignore[no-untyped-def]
    import docx

    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX body, content controls included (python-docx's ``paragraphs`` skips those)."""
    from docx.oxml.ns import qn

    body = docx_document(data).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
