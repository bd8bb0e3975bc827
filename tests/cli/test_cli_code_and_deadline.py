"""The `putright code` and `putright deadline` commands, run as a user would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "putright", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_deadline_prints_the_date_as_its_last_line() -> None:
    result = run("deadline", "--from", "2024-12-17", "--working-days", "10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2025-01-03"


def test_deadline_json() -> None:
    result = run("deadline", "--from", "2024-12-17", "--working-days", "10", "--format", "json")
    assert json.loads(result.stdout) == {"from": "2024-12-17", "working_days": 10, "deadline": "2025-01-03"}


def test_deadline_with_closures_file(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2025-01-02\n# office closed\n\n2025-01-03\n", encoding="utf-8")
    result = run("deadline", "--from", "2024-12-17", "--working-days", "10", "--closures", str(closures))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2025-01-07"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2024-02-30", "--working-days", "1"), "not a date"),
        (("--from", "17/12/2024", "--working-days", "1"), "not a date"),
        (("--from", "2024-12-17", "--working-days", "-1"), "cannot be negative"),
        (("--from", "2024-12-17", "--working-days", "367"), "more than 366"),
        (("--from", "2024-12-17", "--working-days", "ten"), "not a whole number"),
    ],
)
def test_deadline_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run("deadline", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_deadline_bad_closures_file(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2025-13-01\n", encoding="utf-8")
    result = run("deadline", "--from", "2024-12-17", "--working-days", "1", "--closures", str(closures))
    assert result.returncode == 2
    assert "line 1" in result.stderr
    missing = run(
        "deadline", "--from", "2024-12-17", "--working-days", "1", "--closures", str(tmp_path / "nope")
    )
    assert missing.returncode == 2


@pytest.mark.parametrize(("edition", "count"), [("2024", 72), ("2022", 81)])
def test_code_provisions_json(edition: str, count: int) -> None:
    result = run("code", "provisions", "--edition", edition, "--format", "json")
    assert result.returncode == 0, result.stderr
    provisions = json.loads(result.stdout)
    assert len(provisions) == count
    for provision in provisions:
        assert {"number", "section", "text", "on_form", "obligation"} <= provision.keys()
        assert provision["text"].strip()


def test_code_provisions_2022_carry_the_forms_must_and_should() -> None:
    provisions = json.loads(run("code", "provisions", "--edition", "2022", "--format", "json").stdout)
    by_number = {p["number"]: p for p in provisions}
    assert by_number["5.12"]["obligation"] == "must"
    assert by_number["1.4"]["obligation"] == "should"


def test_code_show_one_provision() -> None:
    result = run("code", "show", "2024", "6.13")
    assert result.returncode == 0
    assert "The person considering the complaint at stage 2 must not be the same person" in result.stdout


def test_code_show_lettered_items() -> None:
    result = run("code", "show", "2024", "6.9")
    assert "g. details of how to escalate the matter to stage 2" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("code", "show", "2023", "6.13"),
        ("code", "show", "2024", "6.99"),
        ("code", "provisions", "--edition", "2020"),
    ],
)
def test_code_unknown_edition_or_number_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "putright: error:" in result.stderr
