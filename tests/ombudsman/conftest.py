"""Fixtures for putting things right and the complaint file: the complaint builders of the record
tests, the workspace's staff in two teams (for who may read a stored file), a letterhead, and readers
for the files produced."""

from __future__ import annotations

from pathlib import Path

import pytest
from complaints.conftest import build, handler_1, handler_2, officer, resident  # noqa: F401
from letters.conftest import letterhead, pdf_info, pdf_text  # noqa: F401
from workspace.conftest import _fast_passwords, make, staff, teams  # noqa: F401


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pages_of(pdf: bytes) -> int:
    for line in pdf_info(pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")
