"""`putright triage classify`, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys


def run(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "putright", "triage", "classify", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_classify_prints_label_confidence_and_phrases() -> None:
    message = "Nobody turned up again. Third time I've waited in. Not good enough."
    result = run(message)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"label", "confidence", "phrases"}
    assert output["label"] == "complaint"
    assert 0.0 <= output["confidence"] <= 1.0
    assert "Not good enough" in output["phrases"]
    assert all(phrase in message for phrase in output["phrases"])


def test_classify_survey_source() -> None:
    result = run("Repairs are slow. Took too long. 5/10", "--source", "survey")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["label"] == "other"


def test_empty_input_is_one_line_and_exit_2() -> None:
    result = run("  \n\n")
    assert result.returncode == 2
    assert "no message" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
