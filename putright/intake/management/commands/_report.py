"""Print an intake report: one JSON line per message, then the counts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from putright.intake.mail import IngestResult
from putright.intake.sources import IntakeReport


def line(name: str, result: IngestResult) -> str:
    return json.dumps({"message": name, **result.as_json()}, ensure_ascii=False)


def finish(report: IntakeReport, out: Any) -> None:
    for name, reason in report.skipped:
        out.write(
            json.dumps({"message": name, "status": "skipped", "detail": reason}, ensure_ascii=False) + "\n"
        )
    for name, error in report.errors:
        out.write(
            json.dumps({"message": name, "status": "failed", "detail": error}, ensure_ascii=False) + "\n"
        )
    counts = report.counts()
    out.write(", ".join(f"{count} {status.replace('_', ' ')}" for status, count in counts.items()) + "\n")
    if report.errors:
        raise CommandError(f"partial: {len(report.errors)} message(s) could not be read")
