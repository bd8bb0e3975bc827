"""Tests never write into the developer's ``var/`` (issue 17): the data directory, and so uploads,
issued letters, the secret key and collected static files, is a temporary folder for the run."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[2]


def test_the_data_directory_is_a_temporary_folder_not_var() -> None:
    data_dir = Path(settings.DATA_DIR).resolve()
    assert data_dir != (REPO / "var").resolve()
    assert data_dir.is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert Path(settings.MEDIA_ROOT).resolve().is_relative_to(data_dir)
    assert Path(settings.STATIC_ROOT).resolve().is_relative_to(data_dir)
    if not os.environ.get("SECRET_KEY"):
        assert (data_dir / "secret_key").exists()  # the generated key went there too


def test_the_test_mail_servers_connection_chatter_is_not_logged() -> None:
    assert not logging.getLogger("mail.log").isEnabledFor(logging.INFO)
    assert logging.getLogger("mail.log").isEnabledFor(logging.WARNING)
