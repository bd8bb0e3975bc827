"""What showing the response date a resident was told costs the lists staff plan from (2024 6.3, 6.14).

The queue, the team view and My work today read, for their rows, the acknowledgement letters that
promised the response sooner than the Code's date (``putright/workspace/promises.py``); the team view
and the queue's "Promised date passed" filter look across every open complaint in scope. The main
benchmark's landlord has no issued letters, so this one adds them and measures the pages before and
after, in one run:

1. build a landlord of N complaints with ``bench_data.build`` into a fresh database (SQLite in a
   temporary folder, or the empty PostgreSQL database ``DATABASE_URL`` names);
2. time each page (the bench officer, Django's test Client in this process, ``--reps`` times after
   ``--warmup``), and count its SQL queries;
3. give every acknowledged stage an issued acknowledgement letter, recorded as posted the day it was
   acknowledged: most give the Code's date, ``--sooner`` of them (5% by default) a date sooner, a
   third of those already passed;
4. time the pages again.

Usage (from the repository root)::

    uv run python benchmarks/bench_promises.py --complaints 100000
    DATABASE_URL=postgresql://... uv run python benchmarks/bench_promises.py --complaints 100000

It prints one line per page and a JSON summary last. The figures are the page's own time in this
process (no HTTP server), so compare them with each other, not with ``bench_putright.py``'s."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

_TEMP = tempfile.mkdtemp(prefix="putright-bench-promises-")
os.environ.setdefault("PUTRIGHT_DATA_DIR", _TEMP)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
os.environ.setdefault("PUTRIGHT_RATE_LIMITS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

import bench_data  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from putright.accounts.models import User  # noqa: E402
from putright.code.letters import LetterKind  # noqa: E402
from putright.complaints.models import Stage  # noqa: E402
from putright.complaints.rules import landlord_rules  # noqa: E402
from putright.letters.models import IssuedLetter, LetterPosting  # noqa: E402

PAGES = {
    "queue": "/workspace/",
    "queue, promised date passed": "/workspace/?due=promised",
    "team view": "/workspace/team/",
    "my work today": "/workspace/today/",
}


def _time(client: Client, path: str, *, reps: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "queries": len(captured.captured_queries),
    }


def _letters(sooner: float, seed: int) -> dict[str, int]:
    """An acknowledgement letter, posted the day acknowledged, for every acknowledged stage."""
    rng = random.Random(seed)
    calendar = landlord_rules().calendar
    today = timezone.localdate()
    kinds = {1: LetterKind.STAGE1_ACKNOWLEDGEMENT.value, 2: LetterKind.STAGE2_ACKNOWLEDGEMENT.value}
    made = promised = passed = 0
    stages = Stage.objects.filter(acknowledged_on__isnull=False, response_due__isnull=False, number__in=kinds)
    rows = list(
        stages.values_list("complaint_id", "number", "acknowledged_on", "response_due", "complaint__edition")
    )
    for start in range(0, len(rows), 2000):
        letters: list[IssuedLetter] = []
        sent_on: list[date] = []
        for complaint_id, number, acknowledged, due, edition in rows[start : start + 2000]:
            given = due
            if rng.random() < sooner:
                # a sooner working day, a third of them already passed
                earliest = calendar.add_working_days(acknowledged, 1)
                given = (
                    earliest
                    if due <= earliest
                    else calendar.add_working_days(acknowledged, rng.randint(1, 4))
                )
                if given >= due:
                    given = due
                else:
                    promised += 1
                    passed += given < today
            letters.append(
                IssuedLetter(
                    complaint_id=complaint_id,
                    kind=kinds[number],
                    edition=edition,
                    stage=number,
                    title="We have logged your complaint",
                    addressee="Resident",
                    source="",
                    rendered_html="",
                    rendered_text="",
                    html_sha256="",
                    text_sha256="",
                    pdf="",
                    pdf_sha256="",
                    docx="",
                    docx_sha256="",
                    check_result={},
                    response_date_given=given,
                    issued_at=timezone.make_aware(datetime.combine(acknowledged, datetime.min.time())),
                )
            )
            sent_on.append(acknowledged)
        created = IssuedLetter.objects.bulk_create(letters, batch_size=1000)
        LetterPosting.objects.bulk_create(
            [LetterPosting(letter=letter, sent_on=on) for letter, on in zip(created, sent_on, strict=True)],
            batch_size=1000,
        )
        made += len(created)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would soon do on a live database
            cursor.execute("VACUUM ANALYZE")
    # (not on SQLite, where nothing runs ANALYZE on a live database either; run there, it makes My
    # work today's outstanding actions query ten times slower at 100,000 complaints, 6 -> 57 ms)
    return {"letters": made, "promised_sooner": promised, "promise_passed": passed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--complaints", type=int, default=20_000)
    ap.add_argument("--sooner", type=float, default=0.05, help="share of letters promising sooner")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20261206)
    a = ap.parse_args()
    # the pages' own work, not the static files' manifest (which needs collectstatic first)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"{connection.vendor}: building {a.complaints:,} complaints in {connection.settings_dict['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    bench_data.build(a.complaints, seed=a.seed, log=lambda m: None)
    print(f"  built in {time.perf_counter() - t0:.0f} s")
    client = Client()
    client.force_login(User.objects.get(username=bench_data.BENCH_USER))
    before = {name: _time(client, path, reps=a.reps, warmup=a.warmup) for name, path in PAGES.items()}
    t1 = time.perf_counter()
    letters = _letters(a.sooner, a.seed)
    print(
        f"  {letters['letters']:,} acknowledgement letters, {letters['promised_sooner']:,} promising sooner, "
        f"{letters['promise_passed']:,} of those dates passed ({time.perf_counter() - t1:.0f} s)"
    )
    after = {name: _time(client, path, reps=a.reps, warmup=a.warmup) for name, path in PAGES.items()}
    print(f"{'page':<30} {'no letters p50/p95 ms (queries)':>34} {'with letters p50/p95 ms (queries)':>36}")
    for name in PAGES:
        b, w = before[name], after[name]
        print(
            f"{name:<30} {b['p50_ms']:>16} / {b['p95_ms']:<7} ({b['queries']:>2}) "
            f"{w['p50_ms']:>18} / {w['p95_ms']:<7} ({w['queries']:>2})"
        )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "complaints": a.complaints,
                "as_at": str(date.today()),
                **letters,
                "without_letters": before,
                "with_letters": after,
            }
        )
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(_TEMP, ignore_errors=True)  # the throwaway database and files
