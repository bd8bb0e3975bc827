"""The self-assessment (2024 8.1 a) reads a year's records with the cyclic collector paused, and
leaves it running after, whether the run ends well or with an error (issue 17: its < 10 s target
at 100,000 complaints, measured by ``benchmarks/bench_governance.py``)."""

from __future__ import annotations

import gc

import pytest

from putright.code.errors import InvalidRequest
from putright.governance import evidence, services
from putright.governance.bulk import reading_in_bulk


def test_2024_8_1_a_the_records_are_read_with_the_collector_paused_and_it_runs_again_after(
    officer, monkeypatch
):  # type: ignore[no-untyped-def]
    seen: list[bool] = []
    evaluate = evidence.evaluate

    def watching(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(evidence, "evaluate", watching)
    assert gc.isenabled()
    services.start_self_assessment(actor=officer, year=2025, edition="2024")
    assert seen and not any(seen)
    assert gc.isenabled()


def test_2024_8_1_a_a_refused_self_assessment_leaves_the_collector_running(officer):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidRequest):
        services.start_self_assessment(actor=officer, year=2025, edition="1999")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused():
    gc.disable()
    try:
        with reading_in_bulk():
            with reading_in_bulk():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with reading_in_bulk():
        with reading_in_bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block's pause holds until it ends
    assert gc.isenabled()
