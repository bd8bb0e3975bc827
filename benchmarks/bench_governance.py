"""Governance at landlord scale: the performance dashboard over HTTP and the yearly reports.

Usage (from the repository root)::

    uv run python benchmarks/bench_governance.py [--complaints 100000] [--database sqlite|postgres]
        [--reps 60] [--warmup 5]

It reuses the synthetic landlord ``benchmarks/bench_putright.py`` builds (``bench_data.build``, cached
under ``var/bench/sqlite-N/``; built first if missing), copies it to ``var/bench/governance-sqlite-N/``
and migrates the copy, then:

1. times, in a separate Django process, producing the self-assessment (every provision with its
   evidence, from the event history as at the year's end) and the annual complaints performance and
   service improvement report (its figures, then its PDF) for the last complete reporting year
   (target: each under 10 s);
2. serves the copy with gunicorn (2 sync workers, DEBUG off, 127.0.0.1), signs in through the sign-in
   form, and measures the dashboard's latency (p50, p95) for this reporting year and the last
   (target p95 <= 150 ms), the same right after the data changed (a complaint received through the
   API before each request: the stored figures never match), and once each, cold, the dashboard as
   at a past day and a list of the complaints behind a figure.

``--database postgres`` does the same on a copy of the PostgreSQL bench database (``scripts/pg.sh``).

It prints figures; it asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_putright  # noqa: E402  (the shared builder and server)
from bench_putright import Database, Server, session_login, summarize  # noqa: E402

REPORTS_SCRIPT = r"""
import json, os, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
django.setup()
from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent
from putright.governance import reports, services
from putright.governance.models import FactSnapshot
from putright.governance.measures import reporting_year_of
from django.utils import timezone
year = reporting_year_of(timezone.localdate()) - 1
user = User.objects.get(username=os.environ["BENCH_USER"])
FactSnapshot.objects.all().delete()  # cold: computed from the history, no cached facts
out = {"year": year, "complaints": Complaint.objects.count(), "events": ComplaintEvent.objects.count()}
t = time.perf_counter(); a = services.start_self_assessment(actor=user, year=year)
out["self_assessment_s"] = round(time.perf_counter() - t, 2)
out["self_assessment_proposed"] = {k: a.entries.filter(proposed=k).count() for k in ("yes", "no", "")}
FactSnapshot.objects.all().delete()
t = time.perf_counter(); report = services.produce_annual_report(actor=user, year=year)
out["annual_report_figures_s"] = round(time.perf_counter() - t, 2)
t = time.perf_counter(); pdf = reports.pdf("governance/annual_document.html", reports.annual_context(report))
out["annual_report_pdf_s"] = round(time.perf_counter() - t, 2)
out["annual_report_pdf_bytes"] = len(pdf)
out["annual_report_total_s"] = round(out["annual_report_figures_s"] + out["annual_report_pdf_s"], 2)
out["tsm"] = report.run.figures["tsm"]
from django.conf import settings
from django.test import Client
client = Client()
client.force_login(user)  # a staff session, for when the sign-in form cannot be used over plain HTTP
out["session_cookie"] = [settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value]
from putright.accounts.services import create_api_token
out["token"] = create_api_token(user=user, name="bench-governance")[0]  # to add events between requests
print(json.dumps(out))
"""


def builder_sign_in() -> tuple[str, str]:
    """The staff sign-in ``bench_data`` creates (read from its source: importing it needs Django)."""
    import re

    source = (HERE / "bench_data.py").read_text()
    user = re.search(r'^BENCH_USER = "([^"]+)"', source, re.M)
    password = re.search(r'^BENCH_PASSWORD = "([^"]+)"', source, re.M)
    assert user and password, "bench_data.py no longer defines BENCH_USER and BENCH_PASSWORD"
    return user.group(1), password.group(1)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def working_copy(n: int, kind: str = "sqlite") -> tuple[Path, dict[str, str]]:
    db = Database(kind, n, ROOT / "var" / "bench")
    db.build(rebuild=False)
    if kind == "postgres":  # a copy of the pristine database (CREATE DATABASE ... TEMPLATE)
        db.working_copy()
        env = db.env(working=True)
        for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run(
                [sys.executable, "-m", "putright", "manage", *command], env=env, cwd=ROOT, check=True
            )
        return db.run_dir, env
    target = ROOT / "var" / "bench" / f"governance-sqlite-{n}"
    target.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (target / f"putright.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db.pristine_dir / "putright.sqlite3", target / "putright.sqlite3")
    if (db.pristine_dir / "secret_key").exists():
        shutil.copyfile(db.pristine_dir / "secret_key", target / "secret_key")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PUTRIGHT_DATA_DIR=str(target), DEBUG="0", LOG_LEVEL="ERROR", PYTHONUNBUFFERED="1")
    for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "-m", "putright", "manage", *command], env=env, cwd=ROOT, check=True)
    return target, env


def timed(session: requests.Session, url: str, reps: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        session.get(url)
    lat, statuses = [], []
    for _ in range(reps):
        t = time.perf_counter()
        r = session.get(url)
        lat.append(time.perf_counter() - t)
        statuses.append(r.status_code)
    return summarize(lat, statuses)


def timed_after_a_new_event(
    session: requests.Session, api: requests.Session, base: str, url: str, reps: int, warmup: int
) -> dict[str, Any]:
    """The dashboard right after the data changed: before each timed request a complaint is
    received and accepted through the API (two new events, untimed), so the stored figures never
    match and every request computes them."""
    lat, statuses = [], []
    for i in range(warmup + reps):
        created = api.post(
            f"{base}/api/v1/complaints",
            json={
                "resident": {"name": f"Governance bench resident {i}"},
                "channel": "telephone",
                "summary": "The boiler has failed again and nobody has come.",
                "accept_as_complaint": True,
            },
            headers={"Prefer": "return=minimal"},
        )
        if created.status_code != 201:
            statuses.append(created.status_code)
            continue
        t = time.perf_counter()
        r = session.get(url)
        if i >= warmup:
            lat.append(time.perf_counter() - t)
            statuses.append(r.status_code)
    return summarize(lat, statuses)


def once(session: requests.Session, url: str) -> dict[str, Any]:
    t = time.perf_counter()
    r = session.get(url)
    return {"ms": round((time.perf_counter() - t) * 1000, 1), "status": r.status_code}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    a = parser.parse_args()
    bench_putright.ensure_front_end()

    bench_user, bench_password = builder_sign_in()

    target, env = working_copy(a.complaints, a.database)
    env.setdefault("PUTRIGHT_RATE_LIMITS", "0")  # a load test (see bench_putright.Database.env)
    log(f"working copy: {target}")

    log("timing the self-assessment and the annual report...")
    env_reports = {**env, "BENCH_USER": bench_user}
    done = subprocess.run(
        [sys.executable, "-c", REPORTS_SCRIPT],
        env=env_reports,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    reports_result = json.loads(done.stdout.strip().splitlines()[-1])
    cookie = reports_result.pop("session_cookie")
    token = reports_result.pop("token")
    log(json.dumps(reports_result))

    log("serving with gunicorn (2 workers)...")
    server = Server(env, a.port, 2, target / "gunicorn.log")
    try:
        session, how = session_login(
            server.base,
            {"username": bench_user, "password": bench_password, "session_cookie": cookie},
            "/sign-in/",
        )
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        today = date.today()
        year = today.year if today.month >= 4 else today.year - 1
        this_year = f"{server.base}/governance/"
        last_year = f"{server.base}/governance/?from={year - 1}-04-01&to={year}-03-31"
        http = {
            "signed_in": how,
            "dashboard_this_year": timed(session, this_year, a.reps, a.warmup),
            "dashboard_last_year": timed(session, last_year, a.reps, a.warmup),
            "dashboard_after_a_new_event": timed_after_a_new_event(
                session, api, server.base, this_year, a.reps, a.warmup
            ),
            "dashboard_as_at_cold": once(session, f"{last_year}&as_at={year}-03-31"),
            "complaint_list_late_stage_1": once(
                session,
                f"{server.base}/governance/complaints/?measure=s1_resp&part=missed&from={year - 1}-04-01&to={year}-03-31",
            ),
            "tsm": once(session, f"{server.base}/governance/tsm/?year={year - 1}"),
        }
    finally:
        server.stop()

    result = {
        "complaints": a.complaints,
        "database": a.database,
        "reports": reports_result,
        "http": http,
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        result["load_average"] = os.getloadavg()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    # each database and size its own file, so a 300,000 run does not overwrite the 100,000 one
    written = out / (
        "governance.json" if a.database == "sqlite" else f"governance-postgres-{a.complaints}.json"
    )
    written.write_text(json.dumps(result, indent=2))

    failed = {
        k: v
        for k, v in http.items()
        if isinstance(v, dict) and (v.get("errors") or v.get("status", 200) != 200)
    }
    if failed:
        raise SystemExit(f"requests failed, no timings reported: {failed}; see {target / 'gunicorn.log'}")
    d1, d2 = http["dashboard_this_year"], http["dashboard_last_year"]
    print(
        f"PutRight governance on {a.database} at {a.complaints:,} complaints ({reports_result['events']:,} events)"
    )
    print(
        f"  dashboard, this reporting year: p50 {d1['p50_ms']} ms, p95 {d1['p95_ms']} ms (target p95 <= 150 ms)"
    )
    print(f"  dashboard, last reporting year: p50 {d2['p50_ms']} ms, p95 {d2['p95_ms']} ms")
    d3 = http["dashboard_after_a_new_event"]
    print(
        f"  dashboard, this year, right after a new event: p50 {d3['p50_ms']} ms, p95 {d3['p95_ms']} ms "
        "(target p95 <= 150 ms)"
    )
    print(
        f"  dashboard as at 31 March, cold (facts from the history): {http['dashboard_as_at_cold']['ms']} ms"
    )
    print(
        f"  complaints behind a figure (late stage 1 responses): {http['complaint_list_late_stage_1']['ms']} ms"
    )
    print(f"  TSM page: {http['tsm']['ms']} ms")
    r = reports_result
    print(f"  self-assessment {r['year']}/{r['year'] + 1}: {r['self_assessment_s']} s (target < 10 s)")
    print(
        f"  annual report {r['year']}/{r['year'] + 1}: {r['annual_report_total_s']} s "
        f"(figures {r['annual_report_figures_s']} s + PDF {r['annual_report_pdf_s']} s; target < 10 s)"
    )
    print(f"  load average during the run: {result.get('load_average')}")
    print(f"  written to {written}")


if __name__ == "__main__":
    assert bench_putright  # imported for its builder and server
    main()
