"""How long ``putright import complaints`` takes for a file of N rows (target: 20,000 rows in under
2 minutes). Prints figures; asserts nothing.

    uv run python benchmarks/bench_import.py [--rows 20000] [--format csv|xlsx] [--database sqlite|postgres]

It writes a synthetic file of N rows in a temporary folder (a landlord's export: half closed at
stage 1, a sixth taken to stage 2 and closed, the rest open at stage 1; UK day-first dates), migrates
a throwaway SQLite database there (or, with ``--database postgres``, uses ``DATABASE_URL``, which must
point at an empty throwaway database), then times the dry run and the import (the whole command's
work: reading the file, checking every row through the core, writing the complaints, their events
and projections), and the same import again (nothing created). The figures are printed as JSON, with the
import's CPU time (this process; the database is in-process for SQLite) and the machine's load
average, since a shared machine's wall-clock time depends on what else runs.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import io
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

WORKDIR = tempfile.mkdtemp(prefix="putright-bench-import-")
atexit.register(shutil.rmtree, WORKDIR, True)
os.environ["PUTRIGHT_DATA_DIR"] = WORKDIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEADERS = ["Ref", "Tenant", "Received", "Category", "Channel", "Details", "S1 ack", "S1 response",
           "S1 outcome", "S1 officer", "S2 requested", "S2 ack", "S2 response", "S2 outcome", "S2 officer",
           "Closed"]  # fmt: skip
MAPPING = """
[columns]
reference = "Ref"
resident_name = "Tenant"
received_on = "Received"
category = "Category"
channel = "Channel"
summary = "Details"
stage_1_acknowledged_on = "S1 ack"
stage_1_responded_on = "S1 response"
stage_1_outcome = "S1 outcome"
stage_1_handler = "S1 officer"
stage_2_requested_on = "S2 requested"
stage_2_acknowledged_on = "S2 ack"
stage_2_responded_on = "S2 response"
stage_2_outcome = "S2 outcome"
stage_2_handler = "S2 officer"
closed_on = "Closed"
"""
CATEGORIES = ["Repairs", "Damp and mould", "Anti-social behaviour", "Rent and charges", "Estate services"]
CHANNELS = ["telephone", "email", "letter", "online_form"]
OUTCOMES = ["upheld", "partly_upheld", "not_upheld"]


def _uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def rows(count: int) -> list[list[str]]:
    """A landlord's export: received over the 2024/25 and 2025/26 years, on weekdays."""
    out = []
    start = date(2024, 4, 1)
    for n in range(count):
        received = start + timedelta(days=(n * 7) % 690)
        while received.weekday() >= 5:
            received += timedelta(days=1)
        ack = received + timedelta(days=2)
        resp = ack + timedelta(days=12)
        row = [f"OLD-{n:06d}", f"Resident {n}", _uk(received), CATEGORIES[n % 5], CHANNELS[n % 4],
               f"Complaint {n} about the service"] + [""] * 10  # fmt: skip
        kind = n % 6
        if kind in (0, 1, 2):  # closed at stage 1
            row[6:10] = [_uk(ack), _uk(resp), OUTCOMES[n % 3], "A Officer"]
            row[15] = _uk(resp + timedelta(days=1))
        elif kind == 3:  # stage 2, closed
            s2 = resp + timedelta(days=5)
            row[6:10] = [_uk(ack), _uk(resp), OUTCOMES[n % 3], "A Officer"]
            row[10:15] = [_uk(s2), _uk(s2 + timedelta(days=2)), _uk(s2 + timedelta(days=20)), "not_upheld",
                          "B Manager"]  # fmt: skip
            row[15] = _uk(s2 + timedelta(days=21))
        elif kind == 4:  # open, acknowledged
            row[6] = _uk(ack)
        out.append(row)
    return out


def write(path: Path, records: list[list[str]], form: str) -> None:
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        writer.writerows(records)
        path.write_text(buffer.getvalue())
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for record in records:
        sheet.append(record)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    elif not os.environ.get("DATABASE_URL"):
        parser.error("--database postgres needs DATABASE_URL (an empty throwaway database)")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from putright.accounts.models import Role, User
    from putright.complaints.models import Complaint, ComplaintEvent
    from putright.imports.services import Upload, check_file, import_file

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user("bench-admin", role=Role.ADMINISTRATOR, first_name="Bench")
    source = Path(WORKDIR) / f"complaints.{args.format}"
    write(source, rows(args.rows), args.format)
    upload = Upload(source.name, source.read_bytes(), "mapping.toml", MAPPING)

    began = time.perf_counter()
    checked = check_file(upload, actor=admin)
    dry_run = time.perf_counter() - began
    began, cpu = time.perf_counter(), time.process_time()
    done = import_file(upload, actor=admin)
    imported, imported_cpu = time.perf_counter() - began, time.process_time() - cpu
    began = time.perf_counter()
    again = import_file(upload, actor=admin)
    rerun = time.perf_counter() - began
    print(
        json.dumps(
            {
                "rows": args.rows,
                "format": args.format,
                "database": connection.vendor,
                "dry_run_seconds": round(dry_run, 1),
                "import_seconds": round(imported, 1),
                "import_cpu_seconds": round(imported_cpu, 1),
                "rows_per_second": round(args.rows / imported),
                "load_average_1_min": round(os.getloadavg()[0], 1),
                "cores": os.cpu_count(),
                "rerun_seconds": round(rerun, 1),
                "created": done.created,
                "problems": checked.with_problems,
                "created_on_rerun": again.created,
                "complaints": Complaint.objects.count(),
                "events": ComplaintEvent.objects.count(),
                "target": "20,000 rows in under 120 s",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
