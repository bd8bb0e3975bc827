"""The orphan file sweep: files in the media folder that no record points to.

A file is written before the row that names it is committed (an attachment, an issued letter), so a
process killed in between (an intake stopped mid-message, a crash) leaves a file outside the
database: personal data that no export, retention or erasure would ever find. The sweep lists every
file under ``MEDIA_ROOT`` that no ``FileField`` of any model names, older than a safety margin (so an
upload in progress is left alone); with ``delete`` it removes them and writes one
:class:`~putright.records.models.PurgeRecord` listing what went.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from putright.records.models import PurgeRecord


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int
    age_hours: float


def referenced_files() -> set[str]:
    """Every file name stored in any ``FileField`` of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                values = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(str(v) for v in values.iterator() if v)
    return names


def find_orphans(*, min_age_hours: float = 24.0) -> list[Orphan]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    known = referenced_files()
    now = time.time()
    orphans = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if name in known:
            continue
        stat = path.stat()
        age = (now - stat.st_mtime) / 3600
        if age >= min_age_hours:
            orphans.append(Orphan(name, stat.st_size, round(age, 1)))
    return orphans


def sweep(*, delete: bool, by: str, min_age_hours: float = 24.0) -> list[Orphan]:
    """Find orphans; with ``delete``, remove them and record the purge (who, and every file's name)."""
    orphans = find_orphans(min_age_hours=min_age_hours)
    if delete and orphans:
        root = Path(settings.MEDIA_ROOT)
        with transaction.atomic():
            PurgeRecord.objects.create(
                by=by,
                reason=f"orphan files: in the media folder, named by no record, older than {min_age_hours:g} hours",
                subject=f"{len(orphans)} orphan file(s)",
                detail={"files": [{"name": o.name, "size": o.size} for o in orphans]},
            )
            for orphan in orphans:
                (root / orphan.name).unlink(missing_ok=True)
    return orphans
