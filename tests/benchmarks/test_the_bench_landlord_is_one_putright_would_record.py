"""The benchmark's synthetic landlord (``benchmarks/bench_data.py``) is decided step by step by the
core, so it breaks whenever the core refuses something it used to allow. On 7 December the core
began refusing a response that says "None" over outstanding actions the record holds (2024 6.19 f),
and ``bench_putright.py --complaints 100000``, the README's documented command, stopped while
building: nothing in the test command had built a journey. This builds every kind of journey the
bench builds, many times over, through the same function, without a database."""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_data

from putright.code import lifecycle as lc

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("target", sorted(bench_data.TARGETS))
def test_every_journey_the_bench_builds_is_one_the_core_records(target: str) -> None:
    rng = random.Random(f"bench-{target}")
    handlers, officers = list(range(10, 10 + bench_data.HANDLERS)), [1, 2, 3, 4]
    lo, hi = bench_data.TARGETS[target][1]
    for _ in range(150):
        received = TODAY - timedelta(days=rng.randint(lo, hi))
        history = bench_data.build_journey(
            rng, target, received, TODAY, "The boiler has failed again.", "email", handlers, officers
        )
        case = lc.replay(event for event, _actor in history)  # read back as the projection reads it
        assert case.received_on == received
