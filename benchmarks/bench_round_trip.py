"""One database round trip on this machine: idle, then with another core kept busy, then idle again.

Usage (from the repository root)::

    uv run python benchmarks/bench_round_trip.py [--trips 2000] [--rounds 3]

``DATABASE_URL`` names the PostgreSQL to ask; without it the throwaway cluster of ``scripts/pg.sh``
is started and its ``app`` database used. Each round times ``--trips`` ``SELECT 1`` round trips
through psycopg (the first 100 not counted) three ways: with nothing else running, with a second
process spinning on another core, and with nothing again, and prints the medians in microseconds.

Why: one client's create is a chain of round trips (an HTTP exchange and about 13 to the database),
each waiting for a process on the other core to wake; on a virtual machine that wait is longer when
the cores are idle. This shows how much on the machine it runs on. It prints figures and asserts
nothing (``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spin(stop: multiprocessing.synchronize.Event) -> None:
    while not stop.is_set():
        pass


def round_trips(url: str, trips: int, warmup: int = 100) -> float:
    """The median of ``trips`` ``SELECT 1`` round trips after ``warmup`` uncounted ones, in
    microseconds (also ``bench_putright.machine_probe``'s)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        times = []
        for i in range(trips + warmup):
            t = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            if i >= warmup:
                times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trips", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        out = subprocess.check_output(["bash", str(ROOT / "scripts" / "pg.sh"), "start"], text=True)
        url = out.strip().splitlines()[-1]
    print(f"SELECT 1 round trips, median of {a.trips}, µs ({os.cpu_count()} cores)")
    print("round | idle | another core busy | idle again")
    for n in range(1, a.rounds + 1):
        idle = round_trips(url, a.trips)
        stop = multiprocessing.Event()
        spinner = multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
        spinner.start()
        time.sleep(0.5)
        try:
            busy = round_trips(url, a.trips)
        finally:
            stop.set()
            spinner.join(timeout=5)
        time.sleep(0.5)
        again = round_trips(url, a.trips)
        print(f"{n} | {idle:.0f} | {busy:.0f} | {again:.0f}", flush=True)


if __name__ == "__main__":
    main()
