"""PutRight at landlord scale, over HTTP, beside the peer (django-helpdesk) measured in the same run.

Usage (from the repository root)::

    uv run python benchmarks/bench_putright.py [--complaints 100000] [--database sqlite|postgres|both]
        [--peer/--no-peer] [--peer-results FILE] [--rebuild] [--reps 50] [--warmup 5]
        [--api-seq 300] [--api-conc 600] [--threads 8] [--workspace-url /workspace/]
        [--workspace-case-url /workspace/complaints/{ref}/] [--login-url /sign-in/]

For each database it (1) builds, or reuses, a synthetic landlord of N complaints with their events
(``bench_data.py``; cached under ``var/bench/``, a database ``bench_N`` on the throwaway PostgreSQL of
``scripts/pg.sh``), (2) copies it to a working database so every run starts from the same data,
(3) counts SQL queries per request in a separate process (``bench_inproc.py``), at N and at a small
landlord, (4) serves the copy with gunicorn (2 sync workers, DEBUG off, 127.0.0.1) and measures p50/p95
latency, create throughput with one and with 8 clients, and peak RSS per worker. Then it runs the peer
benchmark (``../shared/peer-bench/run_all.sh N``), prints every figure beside the peer's with the
ratio and against PutRight's targets, and writes everything to ``benchmarks/results/latest.json``.

It prints figures; it asserts nothing about timing. See ``benchmarks/README.md`` for how to read them.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests
from bench_round_trip import round_trips

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEER_DIR = (ROOT / ".." / "shared" / "peer-bench").resolve()
BUILDER_VERSION = 2  # bump when bench_data.py changes what it builds: cached databases are rebuilt
DEFAULT_OUT = HERE / "results" / "latest.json"
SMALL = 1000  # the small landlord for "the query count does not grow with the data"
PG_ADMIN_DB = "app"
VENDORED_CSS = ROOT / "putright" / "web" / "static" / "vendor" / "govuk-frontend" / "govuk-frontend.min.css"


def ensure_front_end() -> None:
    """The pages' static files (GOV.UK Frontend, from npm) are not in git: after a plain `uv sync` on
    a fresh clone they are missing and every staff page fails with "Missing staticfiles manifest
    entry". Set them up the way the two commands do (scripts/bootstrap.sh) before measuring."""
    if VENDORED_CSS.exists():
        return
    print("==> front-end files missing: running scripts/bootstrap.sh first", flush=True)
    subprocess.run(["bash", str(ROOT / "scripts" / "bootstrap.sh")], cwd=ROOT, check=True)


TARGETS = {
    "list_p95_ms": 80,
    "list_queries": 12,
    "detail_p95_ms": 40,
    "detail_queries": 15,
    "create_queries": 12,
    "create_seq_rps": 100,
    "create_conc_rps": 150,
    "worker_rss_mb": 120,
}


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------------------------------
# Statistics and noise


def pct(xs: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks, as the peer's script computes it."""
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def summarize(lat_s: list[float], statuses: list[int], ok: tuple[int, ...] = (200,)) -> dict[str, Any]:
    ms = [x * 1000 for x in lat_s]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 50) or 0, 1),
        "p95_ms": round(pct(ms, 95) or 0, 1),
        "mean_ms": round(statistics.mean(ms), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "errors": sum(1 for s in statuses if s not in ok),
    }


class NoiseMeter:
    """CPU used on the machine during a phase by anything other than this client and the server: other
    engineers' test runs, the hypervisor (steal). In cores; 2.0 would mean both cores busy elsewhere."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids = pids

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)

    def _ours(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                c = psutil.Process(pid).cpu_times()
                total += c.user + c.system
            except psutil.Error:
                pass
        return total

    def __enter__(self) -> NoiseMeter:
        self.t0, self.busy0, self.ours0 = time.perf_counter(), self._busy(), self._ours()
        self.load0 = os.getloadavg()[0]
        return self

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self.t0
        busy = self._busy() - self.busy0
        ours = self._ours() - self.ours0
        self.result = {
            "foreign_cpu_cores": round(max(0.0, busy - ours) / elapsed, 2) if elapsed else 0.0,
            "our_cpu_cores": round(ours / elapsed, 2) if elapsed else 0.0,
            "load1_start": round(self.load0, 2),
            "load1_end": round(os.getloadavg()[0], 2),
        }


def code_measured() -> dict[str, Any]:
    """Which code a results file measured: the commit, whether the work tree differed from it, and
    this script's own digest (a run may pair an older commit with a newer bench script)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "commit": git("rev-parse", "HEAD") or None,
        "work_tree_changed": bool(git("status", "--porcelain", "--untracked-files=no")),
        "bench_script_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    }


def machine_probe(base: str, db_url: str | None) -> dict[str, Any]:
    """How quickly this machine answers at this moment, apart from PutRight's own work: a fixed piece
    of pure Python, one HTTP exchange with the server that needs no database (an API request without a
    token, answered 401), and on PostgreSQL one ``SELECT 1`` round trip. Medians of many.

    Why: one client's create is a chain of round trips (one HTTP exchange, about 13 to the database),
    each waiting for a process on another core to wake, which on this virtual machine takes longer
    when the cores are idle (``bench_round_trip.py``: 136-158 µs idle, 36-66 µs with the other core
    busy); and the host's own speed moves (the loop below took 5.4 ms in one run and 9.9 ms in
    another). These figures, taken at the start of the HTTP measures and again just before the
    creates, show which kind of moment a run had."""

    def python_ms() -> float:
        t = time.perf_counter()
        total = 0
        for i in range(200_000):
            total += i
        return (time.perf_counter() - t) * 1000

    out: dict[str, Any] = {"python_loop_ms": round(statistics.median(python_ms() for _ in range(15)), 2)}
    statuses: dict[str, int] = {}
    with requests.Session() as s:
        exchanges = []
        for i in range(110):
            t = time.perf_counter()
            status = s.get(base + "/api/v1/complaints", timeout=10).status_code
            elapsed = time.perf_counter() - t
            if i >= 10:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                if status == 401:
                    exchanges.append(elapsed)
    # only 401s are timed: anything else did other work (or none) and says nothing about the machine
    out["http_401_ms"] = round(statistics.median(exchanges) * 1000, 2) if exchanges else None
    out["http_statuses"] = statuses
    out["db_round_trip_us"] = round(round_trips(db_url, 500, warmup=50)) if db_url else None
    return out


class RssSampler(threading.Thread):
    """Peak RSS of gunicorn's master and each worker, sampled every 0.1 s (as the peer's script does)."""

    def __init__(self, master_pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.interval = interval
        self.stop_ev = threading.Event()
        self.peak_worker: dict[int, int] = {}
        self.peak_sum = 0
        self.peak_master = 0

    def run(self) -> None:
        while not self.stop_ev.is_set():
            try:
                self.peak_master = max(self.peak_master, self.master.memory_info().rss)
                tot = 0
                for ch in self.master.children(recursive=False):
                    try:
                        r = ch.memory_info().rss
                    except psutil.Error:
                        continue
                    self.peak_worker[ch.pid] = max(self.peak_worker.get(ch.pid, 0), r)
                    tot += r
                self.peak_sum = max(self.peak_sum, tot)
            except psutil.Error:
                pass
            self.stop_ev.wait(self.interval)

    def result(self) -> dict[str, Any]:
        mb = 1024 * 1024
        return {
            "peak_worker_rss_mb": round(max(self.peak_worker.values(), default=0) / mb, 1),
            "peak_workers_sum_rss_mb": round(self.peak_sum / mb, 1),
            "peak_master_rss_mb": round(self.peak_master / mb, 1),
            "workers_seen": len(self.peak_worker),
        }


# --------------------------------------------------------------------------------------------------
# Databases: build once, copy per run


def run_inproc(env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run a ``bench_inproc.py`` command; its stderr streams through, its last stdout line is JSON."""
    proc = subprocess.run(
        [sys.executable, str(HERE / "bench_inproc.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench_inproc.py {args[0]} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_PG_STOP_REGISTERED: list[bool] = []


def _stop_at_exit_if_we_start_it() -> None:
    """The throwaway PostgreSQL cluster (``scripts/pg.sh``), if it is not running yet, is stopped when the
    benchmark ends, as the test command does: one found running is left running. (A newcomer's run left
    a cluster behind; its data stays on disk, so the landlords it built are reused next time.)"""
    if _PG_STOP_REGISTERED:
        return
    _PG_STOP_REGISTERED.append(True)
    pg = ["bash", str(ROOT / "scripts" / "pg.sh")]
    if subprocess.run([*pg, "status"], capture_output=True).returncode != 0:
        atexit.register(lambda: subprocess.run([*pg, "stop"], capture_output=True))


class Database:
    """A cached pristine bench database of N complaints and a working copy made fresh for each run."""

    def __init__(self, kind: str, n: int, bench_dir: Path) -> None:
        self.kind, self.n = kind, n
        self.dir = bench_dir / f"{kind}-{n}"
        self.pristine_dir = self.dir / "pristine"
        self.run_dir = self.dir / "run"
        self.marker = self.dir / "built.json"
        self.pg_url = ""

    # environment for the app pointed at the pristine or working database
    def env(self, *, working: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        data_dir = self.run_dir if working else self.pristine_dir
        env.update(PUTRIGHT_DATA_DIR=str(data_dir), DEBUG="0", LOG_LEVEL="ERROR", PYTHONUNBUFFERED="1")
        # a load test: one token sends hundreds of creates a minute, past the API's rate limit (600 a
        # minute per token); the limiter's own statements are left out, as the settings say for load tests
        env.setdefault("PUTRIGHT_RATE_LIMITS", "0")
        if self.kind == "postgres":
            env["DATABASE_URL"] = self.url(self.run_name if working else self.name)
        return env

    @property
    def name(self) -> str:
        return f"bench_{self.n}"

    @property
    def run_name(self) -> str:
        return f"bench_{self.n}_run"

    def url(self, database: str) -> str:
        return self.pg_url.rsplit("/", 1)[0] + "/" + database

    def _pg(self, *statements: str) -> list[Any]:
        import psycopg

        out = []
        with psycopg.connect(self.url(PG_ADMIN_DB), autocommit=True) as conn:
            for sql in statements:
                cur = conn.execute(sql)
                out.append(cur.fetchall() if cur.description else None)
        return out

    def start(self) -> None:
        if self.kind == "postgres" and not self.pg_url:
            _stop_at_exit_if_we_start_it()
            self.pg_url = subprocess.check_output(
                ["bash", str(ROOT / "scripts" / "pg.sh"), "start"], text=True
            ).strip()
            self.pg_url = self.pg_url.splitlines()[-1]

    def cached(self) -> dict[str, Any] | None:
        if not self.marker.exists():
            return None
        built = json.loads(self.marker.read_text())
        if built.get("builder_version") != BUILDER_VERSION or built.get("complaints") != self.n:
            return None
        if self.kind == "sqlite" and not (self.pristine_dir / "putright.sqlite3").exists():
            return None
        if self.kind == "postgres":
            self.start()
            exists = self._pg(f"SELECT 1 FROM pg_database WHERE datname = '{self.name}'")[0]
            if not exists:
                return None
        return built

    def build(self, rebuild: bool) -> dict[str, Any]:
        built = None if rebuild else self.cached()
        if built is not None:
            log(f"[{self.kind}] reusing the landlord of {self.n} complaints built {built['built_at']}")
            built["reused"] = True
            return built
        self.start()
        self.marker.unlink(missing_ok=True)
        shutil.rmtree(self.pristine_dir, ignore_errors=True)
        self.pristine_dir.mkdir(parents=True)
        if self.kind == "postgres":
            self._pg(
                f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", f"CREATE DATABASE {self.name} OWNER app"
            )
        log(f"[{self.kind}] building a landlord of {self.n} complaints...")
        t0 = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        built = run_inproc(self.env(working=False), "build", "--complaints", str(self.n))
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        built["wall_seconds"] = round(time.perf_counter() - t0, 1)
        built["cpu_seconds"] = round(cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime, 1)
        built["builder_version"] = BUILDER_VERSION
        built["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.marker.write_text(json.dumps(built, indent=2))
        s = built["seconds"]
        log(
            f"[{self.kind}] built {self.n} complaints, {built['events']} events in {built['wall_seconds']}s "
            f"({built['cpu_seconds']} s CPU in the build process; the database server's is not counted) "
            f"(decide+project {s['decide_and_project']}s, insert {s['insert']}s, finish {s['finish']}s); "
            f"projection check: {built['projection_check']['checked']} complaints, "
            f"{'identical' if built['projection_check']['ok'] else 'MISMATCHES'}"
        )
        built["reused"] = False
        return built

    def working_copy(self) -> float:
        """A fresh copy of the pristine database for this run (the run adds complaints)."""
        t0 = time.perf_counter()
        if self.kind == "sqlite":
            self.run_dir.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                (self.run_dir / f"putright.sqlite3{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.pristine_dir / "putright.sqlite3", self.run_dir / "putright.sqlite3")
            secret = self.pristine_dir / "secret_key"
            if secret.exists():
                shutil.copyfile(secret, self.run_dir / "secret_key")
        else:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            self._pg(
                f"DROP DATABASE IF EXISTS {self.run_name} WITH (FORCE)",
                f"CREATE DATABASE {self.run_name} TEMPLATE {self.name} OWNER app",
            )
        return round(time.perf_counter() - t0, 1)


# --------------------------------------------------------------------------------------------------
# HTTP


def create_body(resident_id: int, i: int) -> dict[str, Any]:
    """Every create sends an existing resident and asks to accept at stage 1 (two events, two projections)."""
    return {
        "resident_id": resident_id,
        "channel": "telephone",
        "summary": f"Bench complaint {i}: the repair to the bathroom extractor fan was never done.",
        "category": "repairs",
        "accept_as_complaint": True,
    }


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int, log_path: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log_file = log_path.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "putright.wsgi:application",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                "--error-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(300):
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited rc={self.proc.returncode}; see {log_path}")
            try:
                if requests.get(self.base + "/api/v1/complaints", timeout=2).status_code == 401:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not come up")

    def pids(self) -> list[int]:
        try:
            master = psutil.Process(self.proc.pid)
            return [self.proc.pid, *(c.pid for c in master.children(recursive=False))]
        except psutil.Error:
            return []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the master only; it stops its own workers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session (start_new_session)
                self.proc.wait()
        self.log_file.close()


def timed_gets(s: requests.Session, urls: list[str], warmup: int) -> dict[str, Any]:
    for u in urls[:warmup]:
        s.get(u)
    lat, st = [], []
    for u in urls[warmup:]:
        t = time.perf_counter()
        r = s.get(u)
        lat.append(time.perf_counter() - t)
        st.append(r.status_code)
    return summarize(lat, st)


#: creates ask for the short answer (RFC 7240), as a client recording many complaints would: the
#: full record stays one GET away at the answer's ``Location``
CREATE_HEADERS = {"Prefer": "return=minimal"}


def api_create(s: requests.Session, base: str, body: dict[str, Any]) -> tuple[float, int, str]:
    t = time.perf_counter()
    r = s.post(
        base + "/api/v1/complaints",
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4()), **CREATE_HEADERS},
    )
    dt = time.perf_counter() - t
    if r.status_code == 201 and r.headers.get("Preference-Applied") != "return=minimal":
        return dt, 599, "the short answer was asked for and not given"
    return dt, r.status_code, (r.text[:300] if r.status_code != 201 else "")


def session_login(base: str, meta: dict[str, Any], login_url: str) -> tuple[requests.Session, str]:
    """A logged-in staff session: through the login form at ``login_url`` if there is one, else with a
    session the prepare step created for the same user (``Client.force_login``)."""
    import re

    s = requests.Session()
    try:
        r = s.get(base + login_url, timeout=10)
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text) if r.status_code == 200 else None
        if m:
            r = s.post(
                base + login_url,
                data={
                    "username": meta["username"],
                    "password": meta["password"],
                    "csrfmiddlewaretoken": m.group(1),
                },
                headers={"Referer": base + login_url},
                allow_redirects=False,
            )
            if r.status_code in (302, 303):
                return s, f"login form {login_url}"
    except requests.RequestException:
        pass
    s = requests.Session()
    name, value = meta["session_cookie"]
    s.cookies.set(name, value, domain="127.0.0.1", path="/")
    return s, f"session from Client.force_login ({login_url} gave no login form)"


class Phases:
    """Runs each measured phase, re-running it when the machine was busy with other work."""

    def __init__(self, server: Server, max_tries: int, noisy_cores: float, quiet_wait: float) -> None:
        self.server, self.max_tries, self.noisy, self.quiet_wait = server, max_tries, noisy_cores, quiet_wait
        self.results: dict[str, Any] = {}

    def wait_quiet(self, max_wait: float) -> float:
        """Wait (at most ``max_wait`` seconds) until other work uses at most ``noisy`` cores over 2 s."""
        t0 = time.perf_counter()
        while True:
            with NoiseMeter(lambda: [os.getpid(), *self.server.pids()]) as meter:
                time.sleep(2)
            foreign = meter.result["foreign_cpu_cores"]
            if foreign <= self.noisy or time.perf_counter() - t0 > max_wait:
                return foreign
            time.sleep(3)

    def run(self, name: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        tries: list[dict[str, Any]] = []
        for attempt in range(1, self.max_tries + 1):
            if self.quiet_wait > 0:
                self.wait_quiet(self.quiet_wait)
            with NoiseMeter(lambda: [os.getpid(), *self.server.pids()]) as meter:
                result = fn()
            result["noise"] = meter.result
            tries.append(result)
            foreign = meter.result["foreign_cpu_cores"]
            if foreign <= self.noisy:
                break
            if attempt < self.max_tries:
                log(f"    (other work used {foreign} cores during {name}; measuring again)")
        best = min(tries, key=lambda r: r["noise"]["foreign_cpu_cores"])
        best["tries"] = len(tries)
        if len(tries) > 1:
            best["discarded"] = [
                {k: t.get(k) for k in ("p50_ms", "p95_ms", "req_per_s")}
                | {"foreign_cpu_cores": t["noise"]["foreign_cpu_cores"]}
                for t in tries
                if t is not best
            ]
        self.results[name] = best
        rate = f", {best['req_per_s']} req/s" if "req_per_s" in best else ""
        log(
            f"    {name:<22} p50 {best['p50_ms']:>7} ms  p95 {best['p95_ms']:>7} ms{rate}  errors {best['errors']}  "
            f"(other load {best['noise']['foreign_cpu_cores']} cores)"
        )
        return best


def measure_http(db: Database, meta: dict[str, Any], a: argparse.Namespace) -> dict[str, Any]:
    server = Server(db.env(working=True), a.port, a.workers, db.dir / "gunicorn.log")
    sampler = RssSampler(server.proc.pid)
    sampler.start()
    out: dict[str, Any] = {"notes": []}
    try:
        base = server.base
        phases = Phases(server, a.max_tries, a.noisy_cores, a.quiet_wait)
        db_url = db.url(db.run_name) if db.kind == "postgres" else None

        def probe(when: str) -> None:
            before = phases.wait_quiet(a.quiet_wait) if a.quiet_wait > 0 else None
            try:
                with NoiseMeter(lambda: [os.getpid(), *server.pids()]) as meter:
                    m = machine_probe(base, db_url)
            except Exception as error:
                # the probe describes the machine: a connection it could not make is recorded, and
                # the measures go on; anything else is a bug and stops the run
                from_psycopg = type(error).__module__.split(".")[0] == "psycopg"
                if not (from_psycopg or isinstance(error, requests.RequestException | OSError)):
                    raise
                out[f"machine_{when}"] = {"error": f"{type(error).__name__}: {error}"}
                out["notes"].append(f"the machine probe {when} failed: {type(error).__name__}")
                return
            m["other_cores_before"], m["noise"] = before, meter.result
            out[f"machine_{when}"] = m
            if m["http_statuses"].get("401", 0) < 100:
                out["notes"].append(f"the machine probe {when}: answers other than 401: {m['http_statuses']}")
            log(
                f"    the machine {when.replace('_', ' ')}: pure Python {m['python_loop_ms']} ms, HTTP exchange "
                f"(401) {m['http_401_ms']} ms, database round trip {m['db_round_trip_us'] or '–'} µs"
            )

        probe("at_start")
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {meta['token']}"
        n = a.warmup + a.reps
        rng = random.Random(1)
        refs = meta["sample_refs"]

        phases.run("list_25", lambda: timed_gets(api, [base + "/api/v1/complaints?limit=25"] * n, a.warmup))
        phases.run("list_200", lambda: timed_gets(api, [base + "/api/v1/complaints?limit=200"] * n, a.warmup))
        deep = f"{base}/api/v1/complaints?limit=25&offset={meta['complaints'] // 2}"
        phases.run("list_25_deep", lambda: timed_gets(api, [deep] * n, a.warmup))
        phases.run(
            "detail",
            lambda: timed_gets(
                api, [f"{base}/api/v1/complaints/{rng.choice(refs)}" for _ in range(n)], a.warmup
            ),
        )

        staff, how = session_login(base, meta, a.login_url)
        out["workspace_login"] = how
        # the middle page of the open queue at 25 a page: the workspace's deep page
        middle = max(1, meta.get("open_complaints", 0) // 2 // 25)
        deep_queue = f"{a.workspace_url}?page={middle}" if a.workspace_url else ""
        for name, template in (
            ("workspace_queue", a.workspace_url),
            ("workspace_queue_deep", deep_queue),
            ("workspace_case", a.workspace_case_url),
        ):
            if not template:
                continue
            probe_url = base + template.format(ref=refs[0])
            status = staff.get(probe_url, allow_redirects=False).status_code
            if status != 200:
                out["notes"].append(f"{name} skipped: GET {template} gave {status} after a staff login")
                log(f"    {name:<22} skipped: GET {template} -> {status}")
                continue
            phases.run(
                name,
                lambda t=template: timed_gets(
                    staff, [base + t.format(ref=rng.choice(refs)) for _ in range(n)], a.warmup
                ),
            )

        lo, hi = meta["residents"]
        for i in range(a.warmup):
            api_create(api, base, create_body(rng.randint(lo, hi), -i))

        def sequential() -> dict[str, Any]:
            lat, st, errs = [], [], []
            t0 = time.perf_counter()
            for i in range(a.api_seq):
                dt, code, err = api_create(api, base, create_body(rng.randint(lo, hi), i))
                lat.append(dt)
                st.append(code)
                if err:
                    errs.append(err)
            el = time.perf_counter() - t0
            return summarize(lat, st, ok=(201,)) | {
                "req_per_s": round(a.api_seq / el, 1),
                "sample_error": errs[:1],
            }

        def concurrent() -> dict[str, Any]:
            local = threading.local()

            def job(i: int) -> tuple[float, int, str]:
                if not hasattr(local, "s"):
                    local.s = requests.Session()
                    local.s.headers["Authorization"] = f"Bearer {meta['token']}"
                return api_create(local.s, base, create_body(random.randint(lo, hi), 10**6 + i))

            t0 = time.perf_counter()
            with ThreadPoolExecutor(a.threads) as ex:
                done = list(ex.map(job, range(a.api_conc)))
            el = time.perf_counter() - t0
            return summarize([d[0] for d in done], [d[1] for d in done], ok=(201,)) | {
                "req_per_s": round(a.api_conc / el, 1),
                "threads": a.threads,
                "sample_error": [d[2] for d in done if d[2]][:1],
            }

        probe("before_creates")
        phases.run("create_seq", sequential)
        phases.run("create_conc", concurrent)
        out.update(phases.results)
    finally:
        sampler.stop_ev.set()
        sampler.join()
        server.stop()
    out["rss"] = sampler.result()
    return out


# --------------------------------------------------------------------------------------------------
# One database, end to end


def bench_database(kind: str, a: argparse.Namespace) -> dict[str, Any]:
    log(f"\n===== PutRight on {kind}, N={a.complaints} =====")
    big = Database(kind, a.complaints, a.bench_dir)
    small = Database(kind, min(SMALL, max(100, a.complaints // 10)), a.bench_dir)
    built = big.build(a.rebuild)
    built_small = small.build(a.rebuild) if small.n != big.n else built
    result: dict[str, Any] = {
        "build": built,
        "build_small": {k: built_small.get(k) for k in ("complaints", "events", "wall_seconds", "reused")},
    }

    queries: dict[str, Any] = {}
    ws = ["--workspace-url", a.workspace_url, "--workspace-case-url", a.workspace_case_url]
    for db in (small, big) if small.n != big.n else (big,):
        db.start()
        copy_s = db.working_copy()
        meta = run_inproc(db.env(working=True), "prepare")
        meta_path = db.dir / "meta.json"
        meta_path.write_text(json.dumps(meta))
        log(f"[{kind}] N={db.n}: working copy in {copy_s}s, db {meta['db_mb']} MB; counting queries...")
        queries[str(db.n)] = run_inproc(db.env(working=True), "queries", "--meta", str(meta_path), *ws)
    result["queries"] = queries
    q = queries[str(big.n)]
    log(
        f"[{kind}] SQL queries per request: list {q['list_25']['queries']} (25) / {q['list_200']['queries']} (200) / "
        f"{q['list_25_deep']['queries']} (deep), detail {q['detail_short']['queries']} ({q['detail_short']['events']} event) / "
        f"{q['detail_long']['queries']} ({q['detail_long']['events']} events), create {q['create']['queries']}"
    )

    # the HTTP run gets a fresh copy: the query counts above added a couple of complaints
    big.working_copy()
    meta = run_inproc(big.env(working=True), "prepare")
    (big.dir / "meta-http.json").write_text(json.dumps(meta))
    result["dataset"] = {
        k: meta[k] for k in ("vendor", "db_mb", "complaints", "events", "short_events", "long_events")
    }
    log(
        f"[{kind}] serving {meta['complaints']} complaints / {meta['events']} events with gunicorn -w {a.workers}"
    )
    result["http"] = measure_http(big, meta, a)
    r = result["http"]["rss"]
    log(
        f"    peak RSS: worker max {r['peak_worker_rss_mb']} MB, workers sum {r['peak_workers_sum_rss_mb']} MB"
    )
    return result


# --------------------------------------------------------------------------------------------------
# The peer


def peer_results(a: argparse.Namespace) -> dict[str, Any] | None:
    if a.peer_results:
        path = Path(a.peer_results)
        log(f"\n===== peer: reusing {path} =====")
    elif a.peer:
        if not (PEER_DIR / "run_all.sh").exists():
            log(f"\n(peer benchmark not found at {PEER_DIR}; skipped)")
            return None
        log(f"\n===== peer: bash {PEER_DIR / 'run_all.sh'} {a.complaints} (about 5 minutes per N) =====")
        with NoiseMeter(lambda: []) as meter:
            rc = subprocess.run(
                ["bash", str(PEER_DIR / "run_all.sh"), str(a.complaints)], check=False
            ).returncode
        if rc != 0:
            log(f"  the peer benchmark failed (exit {rc}); no comparison")
            return None
        path = Path(f"/tmp/peer/results-{a.complaints}.json")
    else:
        return None
    results = json.loads(path.read_text())
    if "putright" in results and "peer" in results:  # a whole results file of this script: its peer
        if not results["peer"]:
            log(f"  {path} holds no peer results; no comparison")
            return None
        # where and when the peer ran stay as that file recorded them; the file it came through is added
        results = dict(results["peer"], taken_from=str(path))
    elif "meta" not in results or "http" not in results:
        log(f"  {path} is neither the peer's results nor a results file of this script; no comparison")
        return None
    else:
        results["source"] = str(path)
        results["file_modified"] = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(
            timespec="seconds"
        )
    if not a.peer_results:
        results["machine_load_during_run"] = meter.result  # includes the peer itself: all CPU counts here
    tickets = results.get("meta", {}).get("tickets")
    if tickets != a.complaints:
        log(f"  note: the peer results are for {tickets} tickets, not {a.complaints}")
    return results


# --------------------------------------------------------------------------------------------------
# Comparison and report


def _get(d: dict[str, Any] | None, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def compare(ours: dict[str, Any], peer: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Rows of (measure, PutRight per database, peer, ratio, target). Ratios are 'times better for
    PutRight': peer/ours for times, queries and memory; ours/peer for throughput."""
    rows: list[dict[str, Any]] = []

    def row(
        measure: str,
        our_path: tuple[str, ...],
        peer_path: tuple[str, ...] | None,
        better: str,
        target: tuple[str, float] | None = None,
        note: str = "",
    ) -> None:
        p = _get(peer, *peer_path) if peer_path else None
        entry: dict[str, Any] = {"measure": measure, "peer": p, "note": note}
        if target:
            entry["target"] = f"{'≤' if better == 'lower' else '≥'} {target[1]:g}"
        for kind, res in ours.items():
            v = _get(res, *our_path)
            entry[kind] = v
            if isinstance(v, int | float) and isinstance(p, int | float) and v and p:
                entry[f"ratio_{kind}"] = round(p / v if better == "lower" else v / p, 2)
            if target and isinstance(v, int | float):
                entry[f"meets_{kind}"] = v <= target[1] if better == "lower" else v >= target[1]
        rows.append(entry)

    row("list, first 25: p50 ms", ("http", "list_25", "p50_ms"), ("http", "list_json_25", "p50_ms"), "lower")
    row(
        "list, first 25: p95 ms",
        ("http", "list_25", "p95_ms"),
        ("http", "list_json_25", "p95_ms"),
        "lower",
        ("list_p95_ms", TARGETS["list_p95_ms"]),
    )
    row(
        "list, 25 at offset N/2: p95 ms",
        ("http", "list_25_deep", "p95_ms"),
        None,
        "lower",
        ("list_p95_ms", TARGETS["list_p95_ms"]),
    )
    row(
        "list, 200 per page: p95 ms",
        ("http", "list_200", "p95_ms"),
        None,
        "lower",
        ("list_p95_ms", TARGETS["list_p95_ms"]),
    )
    row(
        "list: SQL queries",
        ("queries_max", "list"),
        ("queries", "list_json", "queries"),
        "lower",
        ("list_queries", TARGETS["list_queries"]),
        "PutRight: most at any page size, offset or data size",
    )
    row(
        "one complaint + timeline: p50 ms",
        ("http", "detail", "p50_ms"),
        ("http", "detail", "p50_ms"),
        "lower",
    )
    row(
        "one complaint + timeline: p95 ms",
        ("http", "detail", "p95_ms"),
        ("http", "detail", "p95_ms"),
        "lower",
        ("detail_p95_ms", TARGETS["detail_p95_ms"]),
        "peer: its HTML ticket page",
    )
    row(
        "one complaint: SQL queries",
        ("queries_max", "detail"),
        ("queries", "detail", "queries"),
        "lower",
        ("detail_queries", TARGETS["detail_queries"]),
        "PutRight: most for a short or long history, at any data size",
    )
    row(
        "create, 1 client: req/s (vs peer session auth)",
        ("http", "create_seq", "req_per_s"),
        ("http", "api_create_seq_session", "req_per_s"),
        "higher",
        ("create_seq_rps", TARGETS["create_seq_rps"]),
        "PutRight: bearer token; peer: session cookie + CSRF",
    )
    row(
        "create, 1 client: req/s (vs peer basic auth)",
        ("http", "create_seq", "req_per_s"),
        ("http", "api_create_seq", "req_per_s"),
        "higher",
        None,
        "peer basic auth re-hashes the password per request",
    )
    row(
        "create, 1 client: p95 ms",
        ("http", "create_seq", "p95_ms"),
        ("http", "api_create_seq_session", "p95_ms"),
        "lower",
    )
    row(
        "create, 8 clients: req/s",
        ("http", "create_conc", "req_per_s"),
        ("http", "api_create_conc", "req_per_s"),
        "higher",
        ("create_conc_rps", TARGETS["create_conc_rps"]),
        "peer: basic auth (its only concurrent figure)",
    )
    row(
        "create: SQL queries",
        ("queries_max", "create"),
        None,
        "lower",
        ("create_queries", TARGETS["create_queries"]),
        "Prefer: return=minimal",
    )
    row("create, full record answer: SQL queries", ("queries_max", "create_full"), None, "lower")
    row("workspace case page: SQL queries", ("queries_max", "workspace_case"), None, "lower")
    row(
        "workspace queue: p95 ms",
        ("http", "workspace_queue", "p95_ms"),
        ("http", "list_page", "p95_ms"),
        "lower",
        None,
        "peer: ticket list page (rows load separately)",
    )
    row(
        "workspace queue, middle page: p95 ms",
        ("http", "workspace_queue_deep", "p95_ms"),
        None,
        "lower",
        None,
        "page N_open/50 of the open queue",
    )
    row(
        "workspace case page: p95 ms",
        ("http", "workspace_case", "p95_ms"),
        ("http", "detail", "p95_ms"),
        "lower",
        None,
        "peer: ticket page",
    )
    row(
        "other work on the machine while measuring, cores (mean)", ("other_load_cores", "mean"), None, "lower"
    )
    for when, name, key in (
        ("at the start (before the reads)", "pure Python (a fixed loop), ms", "python_loop_ms"),
        ("just before the creates", "pure Python (a fixed loop), ms", "python_loop_ms"),
        ("just before the creates", "an HTTP exchange without the database (401), ms", "http_401_ms"),
        ("just before the creates", "a database round trip (SELECT 1), µs", "db_round_trip_us"),
    ):
        row(
            f"the machine {when}: {name}",
            ("http", "machine_at_start" if when.startswith("at") else "machine_before_creates", key),
            None,
            "lower",
            None,
            "how fast the machine was at that moment (machine_probe)",
        )
    row(
        "largest worker RSS, MB",
        ("http", "rss", "peak_worker_rss_mb"),
        ("rss", "peak_worker_rss_mb"),
        "lower",
        ("worker_rss_mb", TARGETS["worker_rss_mb"]),
    )
    return rows


def queries_max(res: dict[str, Any]) -> dict[str, int | None]:
    """The most queries any variant needed, across page sizes, offsets and data sizes."""

    def most(*names: str) -> int | None:
        values = [q[name]["queries"] for q in res["queries"].values() for name in names if name in q]
        return max(values) if values else None

    return {
        "list": most("list_25", "list_200", "list_25_deep", "list_25_open_received"),
        "detail": most("detail_short", "detail_long", "detail_open"),
        "create": most("create"),
        "create_full": most("create_full"),
        "workspace_case": most("workspace_case"),
    }


def fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}" if v < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def markdown(rows: list[dict[str, Any]], kinds: list[str], peer: bool) -> str:
    head = ["measure", *[f"PutRight {k}" for k in kinds]]
    if peer:
        head += ["peer", *[f"ratio {k}" for k in kinds]]
    head += ["target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if all(r.get(k) is None for k in kinds):
            continue
        cells = [r["measure"]]
        for k in kinds:
            mark = ""
            if f"meets_{k}" in r:
                mark = " ✓" if r[f"meets_{k}"] else " ✗"
            cells.append(fmt(r.get(k)) + mark)
        if peer:
            cells.append(fmt(r.get("peer")))
            cells += [f"{r[f'ratio_{k}']:g}×" if r.get(f"ratio_{k}") else "–" for k in kinds]
        cells.append(r.get("target", ""))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--complaints", type=int, default=100_000, help="N complaints in the synthetic landlord")
    ap.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    ap.add_argument(
        "--peer", action=argparse.BooleanOptionalAction, default=True, help="run the peer benchmark at N"
    )
    ap.add_argument(
        "--peer-results", default="", help="reuse this peer results file instead of running the peer"
    )
    ap.add_argument("--rebuild", action="store_true", help="build the bench databases again even if cached")
    ap.add_argument("--bench-dir", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--api-seq", type=int, default=300)
    ap.add_argument("--api-conc", type=int, default=600)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--workspace-url", default="/workspace/")
    ap.add_argument("--workspace-case-url", default="/workspace/complaints/{ref}/")
    ap.add_argument("--login-url", default="/sign-in/")
    ap.add_argument(
        "--max-tries", type=int, default=3, help="measure a phase again while other work is heavy"
    )
    ap.add_argument(
        "--noisy-cores", type=float, default=0.3, help="'heavy': other work above this many cores"
    )
    ap.add_argument(
        "--quiet-wait", type=float, default=60, help="seconds to wait for a quiet machine per phase"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args()
    ensure_front_end()

    started = datetime.now(UTC)
    kinds = ["sqlite", "postgres"] if a.database == "both" else [a.database]
    ours: dict[str, Any] = {}
    for kind in kinds:
        ours[kind] = bench_database(kind, a)
        ours[kind]["queries_max"] = queries_max(ours[kind])
        loads = [
            v["noise"]["foreign_cpu_cores"]
            for v in ours[kind]["http"].values()
            if isinstance(v, dict) and "noise" in v
        ]
        ours[kind]["other_load_cores"] = (
            {"mean": round(statistics.mean(loads), 2), "max": max(loads)} if loads else None
        )
    peer = peer_results(a)
    rows = compare(ours, peer)
    table = markdown(rows, kinds, peer is not None)

    results = {
        "generated_at": started.isoformat(timespec="seconds"),
        "code": code_measured(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        },
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(a).items()},
        "targets": TARGETS,
        "putright": ours,
        "peer": peer,
        "comparison": rows,
        "table_markdown": table,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if a.out == DEFAULT_OUT:  # latest.json is not committed; results/putright-N.json is, named by size
        (a.out.parent / f"putright-{a.complaints}.json").write_text(a.out.read_text())

    log(
        f"\n== PutRight vs django-helpdesk {_get(peer, 'meta', 'helpdesk') or ''} | N={a.complaints} | gunicorn -w {a.workers} =="
    )
    for kind in kinds:
        b = ours[kind]["build"]
        log(
            f"{kind}: {b['complaints']:,} complaints, {b['events']:,} events, db {ours[kind]['dataset']['db_mb']} MB; "
            f"built in {b['wall_seconds']}s{' (cached)' if b.get('reused') else ''}"
        )
    log(
        "ratio = times better for PutRight (peer ÷ PutRight for times, queries, memory; PutRight ÷ peer for req/s)\n"
    )
    log(table)
    for kind in kinds:
        for note in ours[kind]["http"]["notes"]:
            log(f"note ({kind}): {note}")
    log(f"\nresults -> {a.out.relative_to(ROOT) if a.out.is_relative_to(ROOT) else a.out}")


if __name__ == "__main__":
    main()
