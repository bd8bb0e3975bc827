"""The Django project: settings from the environment, and ``putright manage`` passing through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def run(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "-m", "putright.cli", *args],
        env={**clean, "PUTRIGHT_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_manage_passes_through_and_the_data_dir_holds_database_and_secret(tmp_path: Path) -> None:
    shown = run(
        [
            "manage",
            "shell",
            "-c",
            "from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['NAME']); print(d['OPTIONS']['transaction_mode']); print(s.TIME_ZONE, s.USE_TZ, s.DEBUG)",
        ],
        tmp_path,
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()[-3:]
    assert lines[0] == str(tmp_path / "putright.sqlite3")
    assert lines[1] == "IMMEDIATE"
    assert lines[2] == "Europe/London True False"
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) > 40
    again = run(["manage", "check"], tmp_path)
    assert again.returncode == 0 and (tmp_path / "secret_key").read_text() == secret


def test_the_test_settings_use_the_custom_user_and_sqlite_options() -> None:
    assert settings.AUTH_USER_MODEL == "accounts.User"
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
