"""Reads at two sizes in one run, side by side: is a landlord of 300,000 complaints served within 1.5x
of one of 100,000?

Usage (from the repository root)::

    uv run python benchmarks/bench_scale.py [--small 100000] [--large 300000]
        [--database postgres|sqlite] [--rounds 3] [--reps 60] [--warmup 5] [--port 8771]

It builds, or reuses, both synthetic landlords as ``bench_putright.py`` does (``var/bench/``), makes a
fresh working copy of each, serves each with its own gunicorn (2 sync workers, DEBUG off, 127.0.0.1)
and, for each measure, sends the requests to the two servers alternately, one at a time: small, large,
large, small, small, large... Both sizes then share every moment of the machine's noise. Run one after
the other, minutes apart, the same measure moved by a third between runs on this 2-core machine, more
than the difference being measured (README, "300,000 again on 4 December"). The client waits for each
answer, so only one server is working at any moment and the two never compete for the cores.

Each round gives a p95 per size and their ratio; the figure per measure is the ratio of the p95s of
all rounds pooled, with each round's ratio beside it to show how much it moves. The measures are the
ones the target names (issue 17: "list, detail, queue and dashboard p95 within 1.5x of their 100,000
figures"): the API list (first 25, 25 at offset N/2, the same 25 by position, 200), one complaint with its timeline, the
workspace queue (first and middle page), the case page and the governance dashboard (stored figures;
``bench_governance.py`` measures it right after a change).

It prints figures; it asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_putright import (  # noqa: E402  (the shared builder, server and statistics)
    Database,
    NoiseMeter,
    Server,
    ensure_front_end,
    log,
    pct,
    run_inproc,
    session_login,
    summarize,
)

TARGET_RATIO = 1.5


class Side:
    """One landlord served: its server, its API and staff sessions, and the URLs of each measure."""

    def __init__(self, db: Database, port: int, workers: int, login_url: str) -> None:
        self.db = db
        db.start()
        copy_s = db.working_copy()
        self.meta = run_inproc(db.env(working=True), "prepare")
        log(
            f"[{db.kind}] {self.meta['complaints']:,} complaints, {self.meta['events']:,} events, "
            f"db {self.meta['db_mb']} MB (working copy in {copy_s} s)"
        )
        self.server = Server(db.env(working=True), port, workers, db.dir / "gunicorn-scale.log")
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {self.meta['token']}"
        self.staff, self.login = session_login(self.server.base, self.meta, login_url)
        self.rng = random.Random(1)
        # the position at N/2 (where the page at offset N/2 starts), as a system walking the whole
        # list by ``next_after`` would reach it
        before = f"/api/v1/complaints?limit=1&offset={self.meta['complaints'] // 2 - 1}"
        self.middle = self.api.get(self.server.base + before, timeout=60).json()["next_after"]

    def urls(self, measure: str, n: int) -> tuple[requests.Session, list[str]]:
        base, meta = self.server.base, self.meta
        refs = meta["sample_refs"]
        middle = max(1, meta["open_complaints"] // 2 // 25)
        fixed = {
            "list_25": (self.api, "/api/v1/complaints?limit=25"),
            "list_25_deep": (self.api, f"/api/v1/complaints?limit=25&offset={meta['complaints'] // 2}"),
            "list_25_after": (self.api, f"/api/v1/complaints?limit=25&after={self.middle}"),
            "list_200": (self.api, "/api/v1/complaints?limit=200"),
            "workspace_queue": (self.staff, "/workspace/"),
            "workspace_queue_deep": (self.staff, f"/workspace/?page={middle}"),
            "governance_dashboard": (self.staff, "/governance/"),
        }
        if measure in fixed:
            session, path = fixed[measure]
            return session, [base + path] * n
        template = {"detail": "/api/v1/complaints/{ref}", "workspace_case": "/workspace/complaints/{ref}/"}[
            measure
        ]
        session = self.api if measure == "detail" else self.staff
        return session, [base + template.format(ref=self.rng.choice(refs)) for _ in range(n)]

    def stop(self) -> None:
        self.server.stop()


MEASURES = [
    "list_25",
    "list_25_deep",
    "list_25_after",
    "list_200",
    "detail",
    "workspace_queue",
    "workspace_queue_deep",
    "workspace_case",
    "governance_dashboard",
]


def alternated(small: Side, large: Side, measure: str, reps: int, warmup: int) -> dict[str, Any]:
    """``reps`` requests to each side, alternating which goes first in each pair (ABBA), after
    ``warmup`` to each that are not counted."""
    s_session, s_urls = small.urls(measure, warmup + reps)
    l_session, l_urls = large.urls(measure, warmup + reps)
    for i in range(warmup):
        s_session.get(s_urls[i])
        l_session.get(l_urls[i])
    lat: dict[str, list[float]] = {"small": [], "large": []}
    status: dict[str, list[int]] = {"small": [], "large": []}
    sides: dict[str, tuple[requests.Session, list[str]]] = {
        "small": (s_session, s_urls),
        "large": (l_session, l_urls),
    }

    def pids() -> list[int]:
        return [os.getpid(), *small.server.pids(), *large.server.pids()]

    with NoiseMeter(pids) as meter:
        for i in range(warmup, warmup + reps):
            order = ("small", "large") if (i - warmup) % 2 == 0 else ("large", "small")
            for side in order:
                session, urls = sides[side]
                t = time.perf_counter()
                answer = session.get(urls[i], allow_redirects=False)
                lat[side].append(time.perf_counter() - t)
                status[side].append(answer.status_code)
    out = {side: summarize(lat[side], status[side]) | {"latencies_ms": _ms(lat[side])} for side in lat}
    out["ratio_p95"] = _ratio(out["large"]["p95_ms"], out["small"]["p95_ms"])
    out["noise"] = meter.result
    return out


def _ms(xs: list[float]) -> list[float]:
    return [round(x * 1000, 2) for x in xs]


def _ratio(large: float | None, small: float | None) -> float | None:
    return round(large / small, 2) if large and small else None


def pooled(rounds: list[dict[str, Any]], measure: str) -> dict[str, Any]:
    p95 = {
        side: round(pct([x for r in rounds for x in r[measure][side]["latencies_ms"]], 95) or 0, 1)
        for side in ("small", "large")
    }
    ratios = [r[measure]["ratio_p95"] for r in rounds if r[measure]["ratio_p95"] is not None]
    errors = sum(r[measure][side]["errors"] for r in rounds for side in ("small", "large"))
    ratio = _ratio(p95["large"], p95["small"])
    return {
        "p95_small_ms": p95["small"],
        "p95_large_ms": p95["large"],
        "ratio_p95": ratio,
        "round_ratios": ratios,
        "round_ratio_median": round(statistics.median(ratios), 2) if ratios else None,
        "errors": errors,
        "within_target": None if ratio is None or errors else ratio <= TARGET_RATIO,
    }


def markdown(summary: dict[str, dict[str, Any]], small_n: int, large_n: int, kind: str) -> str:
    lines = [
        f"| {kind} p95, ms | {small_n:,} | {large_n:,} | ratio (pooled) | each round | within {TARGET_RATIO}x |",
        "|---|---|---|---|---|---|",
    ]
    for measure, s in summary.items():
        verdict = {True: "yes", False: "no", None: "cannot tell (errors)"}[s["within_target"]]
        rounds = ", ".join(f"{r:.2f}" for r in s["round_ratios"])
        lines.append(
            f"| {measure} | {s['p95_small_ms']} | {s['p95_large_ms']} | {s['ratio_p95']} | {rounds} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--large", type=int, default=300_000)
    ap.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=60, help="requests to each size per measure per round")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--port", type=int, default=8771, help="the small side's port; the large side's is the next"
    )
    ap.add_argument("--login-url", default="/sign-in/")
    ap.add_argument("--bench-dir", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--rebuild", action="store_true", help="build the bench databases again even if cached")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest-scale.json")
    a = ap.parse_args()
    ensure_front_end()
    started = datetime.now(UTC)

    dbs = [Database(a.database, n, a.bench_dir) for n in (a.small, a.large)]
    built = [db.build(a.rebuild) for db in dbs]
    small = large = None
    try:
        small = Side(dbs[0], a.port, a.workers, a.login_url)
        large = Side(dbs[1], a.port + 1, a.workers, a.login_url)
        rounds: list[dict[str, Any]] = []
        for number in range(1, a.rounds + 1):
            log(f"round {number} of {a.rounds}")
            this: dict[str, Any] = {}
            for measure in MEASURES:
                r = this[measure] = alternated(small, large, measure, a.reps, a.warmup)
                log(
                    f"    {measure:<22} p95 {r['small']['p95_ms']:>7} / {r['large']['p95_ms']:>7} ms  "
                    f"ratio {r['ratio_p95']}  errors {r['small']['errors']}/{r['large']['errors']}  "
                    f"(other load {r['noise']['foreign_cpu_cores']} cores)"
                )
            rounds.append(this)
    finally:
        for side in (small, large):
            if side is not None:
                side.stop()
    summary = {measure: pooled(rounds, measure) for measure in MEASURES}
    table = markdown(summary, a.small, a.large, a.database)
    results = {
        "generated_at": started.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        },
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(a).items()},
        "build": {str(db.n): b for db, b in zip(dbs, built, strict=True)},
        "logins": [small.login, large.login] if small and large else [],
        "summary": summary,
        "rounds": rounds,
        "table_markdown": table,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log("\n" + table)
    log(f"\nresults -> {a.out.relative_to(ROOT) if a.out.is_relative_to(ROOT) else a.out}")


if __name__ == "__main__":
    main()
