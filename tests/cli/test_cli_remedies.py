"""`putright remedies calculate` and `putright remedies kinds`, run as a user would run them (2024 7.4)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "putright", "remedies", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_2024_7_4_calculate_prints_each_sum_with_rule_and_source_and_the_total() -> None:
    request = {
        "on": "2026-05-01",
        "failures": [{"kind": "loss_of_heating", "days": 23}, {"kind": "missed_appointment", "count": 2}],
    }
    result = run("calculate", stdin=json.dumps(request))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["total_pence"] == 37500
    assert [f["proposed_pence"] for f in body["failures"]] == [34500, 3000]
    assert body["failures"][0]["rule"] == "£15 for each day of total loss of heating"
    assert all("Compensation Guidance" in f["source"] for f in body["failures"])
    assert body["guidance"]["effective_from"] == "2026-04-01"


def test_kinds_lists_the_sums_for_a_day_as_text_and_json() -> None:
    text = run("kinds", "--on", "2026-05-01")
    assert text.returncode == 0, text.stderr
    assert "loss_of_heating" in text.stdout and "£15 per day" in text.stdout
    listed = json.loads(run("kinds", "--on", "2026-05-01", "--format", "json").stdout)
    sums = {k["kind"]: k["amount_pence"] for k in listed["kinds"]}
    assert sums == {
        "loss_of_heating": 1500,
        "loss_of_heating_or_hot_water_only": 800,
        "loss_of_power": 1000,
        "loss_of_lighting": 1000,
        "missed_appointment": 1500,
        "distress_and_inconvenience": None,
        "time_and_trouble": None,
    }


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ("calculate",),
            '{"on": "2026-05-01", "failures": [{"kind": "flood", "days": 1}]}',
            "unknown kind 'flood'",
        ),
        (
            ("calculate",),
            '{"on": "2026-05-01", "failures": [{"kind": "loss_of_heating", "days": -3}]}',
            "negative",
        ),
        (
            ("calculate",),
            '{"on": "1 May 2026", "failures": [{"kind": "loss_of_heating", "days": 3}]}',
            "not a date",
        ),
        (("calculate",), "not json", "not JSON"),
        (("calculate",), "[]", "JSON object"),
        (("kinds", "--on", "2026-02-30"), "", "not a date"),
        (("kinds", "--on", "2025-05-01"), "", "no edition"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], stdin: str, message: str) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
