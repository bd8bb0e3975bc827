"""Backup and restore: the database, the uploaded and issued files (the media folder) and the secret
key, in one ``.tar.gz`` with a manifest.

The database goes in as Django's JSON Lines dump of every table (``dumpdata --all``), taken inside
one transaction (REPEATABLE READ on PostgreSQL) so it is a consistent snapshot; it restores into
SQLite or PostgreSQL alike. The manifest records the applied migrations, the row count of every
table, the SHA-256 of every member of the archive and the history's chain-heads digest
(:func:`putright.complaints.history.verify_all_chains`), so a restore proves what it brought back.

Restoring needs an empty database and an empty media folder: it migrates to the schema the backup
was taken at, loads the rows, migrates forward to the running code, unpacks the files, puts the
secret key in the data folder, then checks counts, the digest and ``verify history``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
SECRET_KEY_MEMBER = "secret_key"  # noqa: S105 - the archive member's name, not a key
MEDIA = "media"

#: Tables that loading rows rightly changes, so a restore does not compare their counts: the
#: dashboard's cache marker is touched by the save signals loaddata sends.
NOT_COMPARED = frozenset({"governance.DataMarker"})


class BackupError(Exception):
    """A backup that cannot be made or restored as asked; nothing was changed."""


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    counts: dict[str, int]
    count_differences: dict[str, tuple[int, int]]
    digest: str
    verify: dict[str, Any]
    media_files: int
    secret_key: str
    migrated_forward: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.count_differences
            and self.digest == self.manifest["history_digest"]
            and self.verify["ok"]
        )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows in every concrete model's table that exists in the database, by model label."""
    tables = set(connections[using].introspection.table_names())
    return {
        model._meta.label: model._base_manager.using(using).count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent view of the database for the whole dump."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def create_backup(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup archive to ``output`` (created with mode 0600: it holds personal data and the
    secret key). Returns the manifest."""
    from putright.complaints.history import verify_all_chains

    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists; choose a new file name")
    with tempfile.TemporaryDirectory(prefix="putright-backup-") as work:
        dump = Path(work) / DATABASE
        with _snapshot(using):
            call_command(
                "dumpdata", all=True, format="putright-jsonl", output=str(dump), database=using, verbosity=0
            )
            counts = table_counts(using)
            migrations = applied_migrations(using)
            chains = verify_all_chains()
        files = {DATABASE: _sha256_file(dump)}
        media_files: list[tuple[Path, str]] = []
        root = _media_root()
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                name = f"{MEDIA}/{path.relative_to(root).as_posix()}"
                files[name] = _sha256_file(path)
                media_files.append((path, name))
        key = settings.SECRET_KEY.encode()
        files[SECRET_KEY_MEMBER] = hashlib.sha256(key).hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "counts": counts,
            "history_events": chains.events,
            "history_digest": chains.digest,
            "history_breaks_at_backup": [str(b) for b in chains.breaks],
            "files": files,
        }
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            archive.add(dump, arcname=DATABASE)
            _add_bytes(archive, SECRET_KEY_MEMBER, key)
            for path, name in media_files:
                archive.add(path, arcname=name)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_manifest(archive_path: Path) -> dict[str, Any]:
    with tarfile.open(archive_path, mode="r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError(f"{archive_path} has no {MANIFEST}: it is not a PutRight backup")
        manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"backup format {manifest.get('format')!r} is not one this version reads ({FORMAT})"
        )
    return manifest


def _unpack_and_check(archive_path: Path, into: Path, manifest: dict[str, Any]) -> None:
    """Extract every member (refusing links and paths outside ``into``) and check it against the
    manifest's SHA-256; any missing, extra or altered member stops the restore before anything changes."""
    expected = dict(manifest["files"])
    with tarfile.open(archive_path, mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"unexpected member {member.name!r} in the backup")
            archive.extract(member, into, filter="data")
    for name, digest in expected.items():
        path = into / name
        if not path.is_file():
            raise BackupError(f"the backup is missing {name}")
        if _sha256_file(path) != digest:
            raise BackupError(f"{name} in the backup does not match its SHA-256 in the manifest")


def _database_is_empty(using: str) -> bool:
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    for model in (apps.get_model("complaints", "Complaint"), apps.get_model("accounts", "User")):
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            return False
    return True


def _migrate_to(targets: list[tuple[str, str]], using: str) -> None:
    connection = connections[using]
    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    unknown = [f"{app}.{name}" for app, name in targets if (app, name) not in known]
    if unknown:
        raise BackupError(
            "the backup was made by a newer PutRight (migrations unknown here: "
            + ", ".join(unknown[:5])
            + "); restore it with that version"
        )
    executor.migrate(targets, plan=executor.migration_plan(targets))


def restore_backup(archive_path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Restore ``archive_path`` into the (empty) database ``using`` and the (empty) media folder."""
    from putright.commands.verify import verify_history
    from putright.complaints.history import verify_all_chains

    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    media_root = _media_root()
    with tempfile.TemporaryDirectory(prefix="putright-restore-") as work:
        unpacked = Path(work)
        _unpack_and_check(archive_path, unpacked, manifest)
        if not _database_is_empty(using):
            raise BackupError(
                "the database already holds complaints or accounts: restore into an empty database"
            )
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(f"the media folder {media_root} is not empty: restore into an empty one")

        targets = [(app, names[-1]) for app, names in manifest["migrations"].items()]
        _migrate_to(targets, using)
        call_command("flush", interactive=False, inhibit_post_migrate=True, database=using, verbosity=0)
        call_command("loaddata", str(unpacked / DATABASE), database=using, verbosity=0)
        counts = table_counts(using)
        differences = {
            label: (manifest["counts"].get(label, 0), counts.get(label, 0))
            for label in sorted(set(manifest["counts"]) | set(counts))
            if manifest["counts"].get(label, 0) != counts.get(label, 0) and label not in NOT_COMPARED
        }
        before = {(app, name) for app, names in applied_migrations(using).items() for name in names}
        call_command("migrate", database=using, interactive=False, verbosity=0)
        after = {(app, name) for app, names in applied_migrations(using).items() for name in names}

        media_files = 0
        source = unpacked / MEDIA
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                target = media_root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
                media_files += 1
        secret_note = _restore_secret_key((unpacked / SECRET_KEY_MEMBER).read_text())

    chains = verify_all_chains()
    return RestoreReport(
        manifest=manifest,
        counts=counts,
        count_differences=differences,
        digest=chains.digest,
        verify=verify_history(),
        media_files=media_files,
        secret_key=secret_note,
        migrated_forward=sorted(f"{app}.{name}" for app, name in after - before),
    )


def _restore_secret_key(key: str) -> str:
    """Put the backup's secret key where this installation reads it; say what was done."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        if from_env == key:
            return "SECRET_KEY in the environment already matches the backup's key"
        return (
            "SECRET_KEY in the environment differs from the backup's key: set it to the key in the "
            "backup (member 'secret_key') so sessions, sign-in links and signed values keep working"
        )
    path = Path(settings.DATA_DIR) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return f"the backup's secret key was written to {path}; restart PutRight to use it"
