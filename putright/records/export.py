"""Subject access export (UK GDPR Article 15): everything PutRight holds about one resident, as a ZIP
with an index.

What is included is found, not listed by hand: every row of every model that points at the resident
(representatives, reasonable adjustments, contact restrictions, ...), at one of their complaints
(stages, history events, correspondence, attachments, letters, Ombudsman cases, flags, access codes,
...) or at one of those letters (deliveries), so a model added later is exported without anyone
remembering to. Each model's rows are one JSON file under ``records/``; every file a row names
(documents, emails, issued PDFs and DOCX) is copied under ``files/``; ``index.json`` and
``README.txt`` list it all with counts and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from putright.complaints.models import Complaint, Resident


def _pointing_at(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is target:
                found.append((model, field.name))
    return found


def collect(
    resident: Resident, *, complaints: list[Complaint] | None = None
) -> dict[str, list[models.Model]]:
    """Every row held about ``resident``, by model label (the resident's own row first). With
    ``complaints``, only the rows about those complaints (not the resident's own records)."""
    rows: dict[str, dict[int, models.Model]] = {}
    frontier: list[tuple[type[models.Model], list[Any]]] = []
    if complaints is None:
        rows[Resident._meta.label] = {resident.pk: resident}
        frontier.append((Resident, [resident.pk]))
        complaints = list(Complaint.objects.filter(resident=resident))
    rows[Complaint._meta.label] = {c.pk: c for c in complaints}
    frontier.append((Complaint, [c.pk for c in complaints]))
    seen_targets: set[tuple[str, Any]] = set()
    while frontier:
        target, ids = frontier.pop(0)
        ids = [i for i in ids if (target._meta.label, i) not in seen_targets]
        if not ids:
            continue
        seen_targets.update((target._meta.label, i) for i in ids)
        for model, field in _pointing_at(target):
            if model in (Resident, Complaint):
                continue
            found = list(model._base_manager.filter(**{f"{field}__in": ids}))
            if not found:
                continue
            bucket = rows.setdefault(model._meta.label, {})
            new = [row for row in found if row.pk not in bucket]
            bucket.update((row.pk, row) for row in found)
            if new:
                frontier.append((model, [row.pk for row in new]))
    return {label: list(by_pk.values()) for label, by_pk in rows.items()}


def _files(rows: list[models.Model]) -> list[tuple[str, str, Any]]:
    """(file name, owning record, field file) for every file the rows name."""
    named = []
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(row, field.name)
                if value and value.name:
                    named.append((value.name, f"{row._meta.label} {row.pk}", value))
    return named


def export_resident(resident: Resident, output: Path) -> dict[str, Any]:
    """Write the ZIP to ``output`` (must not exist); returns the index."""
    output = Path(output)
    if output.exists():
        raise FileExistsError(f"{output} already exists")
    collected = collect(resident)
    index: dict[str, Any] = {
        "subject": {"resident_id": resident.pk, "name": resident.name},
        "made_at": timezone.now().isoformat(),
        "records": [],
        "files": [],
        "missing_files": [],
    }
    # a file named by more than one record (an order's evidence and its compliance history) once
    written: set[str] = set()
    with zipfile.ZipFile(output, "x", compression=zipfile.ZIP_DEFLATED) as archive:
        for label in sorted(collected, key=lambda item: (item != Resident._meta.label, item)):
            rows = collected[label]
            data = json.loads(serializers.serialize("json", rows, cls=DjangoJSONEncoder))
            name = f"records/{label}.json"
            archive.writestr(name, json.dumps(data, indent=2, ensure_ascii=False))
            model = apps.get_model(label)
            index["records"].append(
                {"file": name, "what": str(model._meta.verbose_name_plural), "count": len(rows)}
            )
            for file_name, owner, field_file in _files(rows):
                if file_name in written:
                    continue
                try:
                    with field_file.open("rb") as handle:
                        content = handle.read()
                except (OSError, ValueError):
                    index["missing_files"].append({"name": file_name, "record": owner})
                    continue
                archive.writestr(f"files/{file_name}", content)
                written.add(file_name)
                index["files"].append(
                    {
                        "file": f"files/{file_name}",
                        "record": owner,
                        "bytes": len(content),
                        "sha256": hashlib.sha256(content).hexdigest(),
                    }
                )
        archive.writestr("index.json", json.dumps(index, indent=2, ensure_ascii=False))
        archive.writestr("README.txt", _readme(index))
    return index


def _readme(index: dict[str, Any]) -> str:
    lines = [
        f"Everything held about {index['subject']['name']} (resident {index['subject']['resident_id']}),",
        f"exported {index['made_at']}.",
        "",
        "Records (one JSON file per kind of record):",
    ]
    lines += [f"  {r['file']}: {r['count']} {r['what']}" for r in index["records"]]
    lines += ["", f"Files ({len(index['files'])}): documents, emails and letters as stored:"]
    lines += [f"  {f['file']} ({f['bytes']} bytes, from {f['record']})" for f in index["files"]]
    if index["missing_files"]:
        lines += ["", "Files a record names but that could not be read (reported, not silently left out):"]
        lines += [f"  {m['name']} (from {m['record']})" for m in index["missing_files"]]
    return "\n".join(lines) + "\n"
