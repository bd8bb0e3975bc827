"""The backup drill: ``putright backup`` of a record with complaints, events, an issued letter and its
files, then ``putright restore`` into an empty database (a new SQLite file, or a new PostgreSQL
database when the suite runs on PostgreSQL) and an empty media folder, in a separate process as an
operator would run it. Every table's row count, the history's chain-heads digest and ``verify
history`` must match; a damaged archive or a non-empty database is refused before anything changes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from security.test_history_chain import _issued

from putright.cli import main
from putright.complaints.history import verify_all_chains
from putright.records.backup import NOT_COMPARED, BackupError, create_backup, restore_backup, table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_database_url() -> Iterator[str | None]:
    """``None`` for a new SQLite file in the data folder; on PostgreSQL, a new database's URL."""
    if connection.vendor == "sqlite":
        yield None
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"restore_drill_{uuid.uuid4().hex[:10]}"
    admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    user, password = params["user"], params.get("password", "")
    yield f"postgresql://{user}:{password}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _putright(args: list[str], data_dir: Path, database_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["PUTRIGHT_DATA_DIR"] = str(data_dir)
    env["PUTRIGHT_MEDIA_ROOT"] = str(data_dir / "media")
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "putright", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_backup_restores_into_an_empty_database_with_the_same_counts_hashes_and_history(
    build: Any,
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    tmp_path: Path,
    empty_database_url: str | None,
) -> None:
    build("stage_2_responded")
    letter = _issued(case_for_kind, handler_1)
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(archive)

    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert manifest["counts"] == table_counts()
    assert manifest["counts"]["complaints.ComplaintEvent"] >= 10
    assert manifest["history_digest"] == verify_all_chains().digest
    assert f"media/{letter.pdf.name}" in manifest["files"]
    assert f"media/{letter.docx.name}" in manifest["files"]

    target = tmp_path / "restored"
    done = _putright(["restore", str(archive), "--format", "json"], target, empty_database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is True
    assert result["count_differences"] == {}
    compared = {k: v for k, v in manifest["counts"].items() if k not in NOT_COMPARED}
    assert {k: v for k, v in result["counts"].items() if k in compared} == compared
    assert result["history_digest"] == manifest["history_digest"]
    assert result["verify"]["ok"] and result["verify"]["letters"] == 1
    assert result["verify"]["events"] == manifest["history_events"]
    assert result["media_files"] == sum(1 for name in manifest["files"] if name.startswith("media/"))
    assert (target / "media" / letter.pdf.name).read_bytes() == Path(letter.pdf.path).read_bytes()
    assert (target / "secret_key").read_text() == settings.SECRET_KEY

    # the restored installation verifies on its own too
    again = _putright(["verify", "history"], target, empty_database_url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "every chain and letter verifies" in again.stdout


def test_a_damaged_backup_is_refused_before_anything_changes(build: Any, tmp_path: Path, capsys: Any) -> None:
    build("stage_1_responded")
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "database.jsonl":
                data = data.replace(b"Mould", b"Mold!")
            member.size = len(data)

            out.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match=r"database\.jsonl in the backup does not match its SHA-256"):
        restore_backup(damaged)
    assert main(["restore", str(damaged)]) == 2
    assert "does not match its SHA-256" in capsys.readouterr().err


def test_restore_refuses_a_database_that_is_not_empty(build: Any, tmp_path: Path) -> None:
    build("received")
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    before = table_counts()
    with pytest.raises(BackupError, match="restore into an empty database"):
        restore_backup(archive)
    assert table_counts() == before


def test_backup_will_not_overwrite_a_file(db: None, tmp_path: Path) -> None:
    existing = tmp_path / "backup.tar.gz"
    existing.write_text("keep me")
    assert main(["backup", "--output", str(existing)]) == 2
    assert existing.read_text() == "keep me"
