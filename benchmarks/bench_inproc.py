"""The parts of ``bench_putright.py`` that run inside a Django process pointed at a bench database.

``bench_putright.py`` starts this script in a subprocess with ``DATABASE_URL`` / ``PUTRIGHT_DATA_DIR``
set, so one run can drive SQLite and PostgreSQL in turn. Each command prints one JSON line last:

    build    --complaints N   migrate an empty database and fill it (bench_data.build), then check the
                              bulk projections against the real ``project`` on a sample
    prepare                   migrate a working copy, make an API token and a staff session, collect
                              static files, and list references to request
    queries  --meta FILE      count SQL queries per request with Django's test Client and
                              ``CaptureQueriesContext`` (list at two page sizes and deep, detail of a
                              short and a long history, create, workspace pages if they exist)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

import bench_data  # noqa: E402
from bench_putright import CREATE_HEADERS, create_body  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from putright.accounts.models import User  # noqa: E402
from putright.accounts.services import create_api_token  # noqa: E402
from putright.complaints.models import Complaint, ComplaintEvent, Resident  # noqa: E402


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(a: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    t_migrate = time.perf_counter() - t0
    result = bench_data.build(a.complaints, seed=a.seed, log=_log)
    result["seconds"]["migrate"] = round(t_migrate, 1)
    t1 = time.perf_counter()
    result["projection_check"] = bench_data.check_projections()
    result["seconds"]["projection_check"] = round(time.perf_counter() - t1, 1)
    result["vendor"] = connection.vendor
    return result


def cmd_prepare(a: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    user = User.objects.get(username=bench_data.BENCH_USER)
    token, _ = create_api_token(user=user, name="bench")
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    static_note = ""
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as error:  # a workspace still being built may have broken static references
        static_note = f"collectstatic failed: {error!r}"[:300]
    ids = Complaint.objects.aggregate(lo=Min("id"), hi=Max("id"))
    residents = Resident.objects.aggregate(lo=Min("id"), hi=Max("id"))
    lengths = (
        ComplaintEvent.objects.filter(complaint_id__lte=min(ids["hi"], 20000))
        .values("complaint_id")
        .annotate(n=Count("id"))
        .order_by("n", "complaint_id")
    )
    short = lengths.first()
    long = lengths.order_by("-n", "complaint_id").first()
    refs = dict(
        Complaint.objects.filter(pk__in=[short["complaint_id"], long["complaint_id"]]).values_list(
            "pk", "reference"
        )
    )
    open_ref = (
        Complaint.objects.filter(is_open=True, current_due__isnull=False)
        .order_by("id")
        .values_list("reference", flat=True)
        .first()
    )
    rng = random.Random(1)
    # restricted complaints (1%) are hidden from the bench user; a 404 is not what we want to time
    hidden = set(Complaint.objects.filter(restricted=True).values_list("id", flat=True))
    visible = (pk for pk in iter(lambda: rng.randint(ids["lo"], ids["hi"]), None) if pk not in hidden)
    sample = [f"PR-{next(visible):06d}" for _ in range(2000)]
    db = settings.DATABASES["default"]
    size = None
    if connection.vendor == "sqlite":
        size = sum(
            Path(str(db["NAME"]) + suffix).stat().st_size
            for suffix in ("", "-wal")
            if Path(str(db["NAME"]) + suffix).exists()
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return {
        "vendor": connection.vendor,
        "database": str(db["NAME"]),
        "db_mb": round(size / 1e6, 1) if size else None,
        "token": token,
        "username": user.username,
        "password": bench_data.BENCH_PASSWORD,
        "session_cookie": [settings.SESSION_COOKIE_NAME, session],
        "complaints": Complaint.objects.count(),
        "events": ComplaintEvent.objects.count(),
        "min_id": ids["lo"],
        "max_id": ids["hi"],
        "residents": [residents["lo"], residents["hi"]],
        "short_ref": refs[short["complaint_id"]],
        "short_events": short["n"],
        "long_ref": refs[long["complaint_id"]],
        "long_events": long["n"],
        "open_ref": open_ref,
        "open_complaints": Complaint.objects.filter(is_open=True).count(),
        "sample_refs": sample,
        "static_note": static_note,
        "prepare_seconds": round(time.perf_counter() - t0, 1),
    }


def _measure(client: Client, method: str, url: str, repeat: int = 2, **kwargs: Any) -> dict[str, Any]:
    """The second of ``repeat`` passes (warm: caches filled, lazy imports done), as the peer does."""
    out: dict[str, Any] = {}
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = getattr(client, method)(url, **kwargs)
            dt = time.perf_counter() - t
        out = {
            "url": url,
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "ms_inproc": round(dt * 1000, 1),
            "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        }
        if kwargs.get("verbose_sql"):
            out["sql"] = [q["sql"][:400] for q in ctx.captured_queries]
    return out


def cmd_queries(a: argparse.Namespace) -> dict[str, Any]:
    meta = json.loads(Path(a.meta).read_text())
    settings.DEBUG = False
    auth = {"Authorization": f"Bearer {meta['token']}"}
    api = Client(headers=auth)
    res: dict[str, Any] = {"complaints": Complaint.objects.count()}
    n = meta["complaints"]
    res["list_25"] = _measure(api, "get", "/api/v1/complaints?limit=25")
    res["list_200"] = _measure(api, "get", "/api/v1/complaints?limit=200")
    res["list_25_deep"] = _measure(api, "get", f"/api/v1/complaints?limit=25&offset={n // 2}")
    res["list_25_open_received"] = _measure(
        api, "get", "/api/v1/complaints?limit=25&open=true&order=-received"
    )
    res["detail_short"] = _measure(api, "get", f"/api/v1/complaints/{meta['short_ref']}")
    res["detail_short"]["events"] = meta["short_events"]
    res["detail_long"] = _measure(api, "get", f"/api/v1/complaints/{meta['long_ref']}")
    res["detail_long"]["events"] = meta["long_events"]
    if meta.get("open_ref"):
        res["detail_open"] = _measure(api, "get", f"/api/v1/complaints/{meta['open_ref']}")
    lo, hi = meta["residents"]
    rng = random.Random(5)

    def create(prefer: dict[str, str]) -> dict[str, Any]:
        body = create_body(rng.randint(lo, hi), rng.randint(0, 10**6))
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = api.post(
                "/api/v1/complaints",
                data=json.dumps(body),
                content_type="application/json",
                headers={**auth, "Idempotency-Key": str(uuid.uuid4()), **prefer},
            )
            dt = time.perf_counter() - t
        return {
            "url": "POST /api/v1/complaints",
            "status": r.status_code,
            "queries": len(ctx.captured_queries),
            "ms_inproc": round(dt * 1000, 1),
            "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
            "sql": [q["sql"][:160] for q in ctx.captured_queries] if a.verbose else None,
        }

    create(CREATE_HEADERS)
    res["create"] = create(CREATE_HEADERS)  # as the HTTP benchmark sends it: the short answer
    res["create_full"] = create({})  # the default answer, the full record
    if not a.verbose:
        res["create"].pop("sql")
        res["create_full"].pop("sql")
    staff = Client()
    staff.force_login(User.objects.get(username=meta["username"]))
    middle = max(1, meta.get("open_complaints", 0) // 2 // 25)
    deep = f"{a.workspace_url}?page={middle}" if a.workspace_url else ""
    for name, url in (
        ("workspace_queue", a.workspace_url),
        ("workspace_queue_deep", deep),
        ("workspace_case", a.workspace_case_url),
    ):
        if url:
            res[name] = _measure(staff, "get", url.format(ref=meta["long_ref"]))
    if a.verbose:
        for name in ("list_25", "detail_long"):
            with CaptureQueriesContext(connection) as ctx:
                api.get(res[name]["url"])
            res[name]["sql"] = [q["sql"][:300] for q in ctx.captured_queries]
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--complaints", type=int, required=True)
    b.add_argument("--seed", type=int, default=20261123)
    sub.add_parser("prepare")
    q = sub.add_parser("queries")
    q.add_argument("--meta", required=True)
    q.add_argument("--workspace-url", default="")
    q.add_argument("--workspace-case-url", default="")
    q.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    result = {"build": cmd_build, "prepare": cmd_prepare, "queries": cmd_queries}[a.cmd](a)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
