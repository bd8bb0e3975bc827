"""`putright letter check FILE --kind KIND` on real .txt, .docx and .pdf letters from the labelled
corpus: exit 0 when the letter can be issued, 1 when something is missing, wrong or needs a person
to confirm it, 2 for bad input; the JSON names each element's status and the sentence relied on."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from weasyprint import HTML

CORPUS = Path(__file__).parents[1] / "fixtures" / "letters" / "corpus"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "putright", "letter", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def as_docx(text: str, path: Path) -> Path:
    document = docx.Document()
    for block in text.split("\n\n"):
        paragraph = document.add_paragraph()
        for n, line in enumerate(block.split("\n")):
            run_ = paragraph.add_run(line)
            if n < block.count("\n"):
                run_.add_break()
    document.save(str(path))
    return path


def as_pdf(text: str, path: Path) -> Path:
    body = "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in text.split("\n\n"))
    HTML(string=f"<html><body style='font-family: sans-serif'>{body}</body></html>").write_pdf(str(path))
    return path


def letter_file(name: str, suffix: str, tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    text = (CORPUS / name).read_text(encoding="utf-8")
    if change:
        assert change[0] in text
        text = text.replace(*change)
    target = tmp_path / f"letter{suffix}"
    if suffix == ".docx":
        return as_docx(text, target)
    if suffix == ".pdf":
        return as_pdf(text, target)
    target.write_text(text, encoding="utf-8")
    return target


FORMATS = [".txt", ".docx", ".pdf"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_complete_letter_in_a_council_house_style_exits_0(suffix: str, tmp_path: Path) -> None:
    path = letter_file("council-2024-stage2-response.txt", suffix, tmp_path)
    done = run(str(path), "--kind", "stage2-response")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["can_issue"] is True
    assert {e["status"] for e in data["elements"]} == {"present"}
    assert all(e["sentence"] for e in data["elements"])


@pytest.mark.parametrize("suffix", FORMATS)
def test_2024_6_19_g_a_wrong_ombudsman_number_exits_1_as_wrong(suffix: str, tmp_path: Path) -> None:
    path = letter_file("ha-2024-stage2-response.txt", suffix, tmp_path, ("0300 111 3000", "0300 111 3900"))
    done = run(str(path), "--kind", "stage2-response")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    route = next(e for e in data["elements"] if e["element"] == "ombudsman_route")
    assert route["status"] == "wrong"
    assert "0300 111 3900" in route["note"] and "0300 111 3000" in route["note"]
    assert data["wrong_details"][0]["found"] == "0300 111 3900"


@pytest.mark.parametrize("suffix", FORMATS)
def test_2024_6_19_g_nonsense_in_the_marked_section_exits_1_as_missing(suffix: str, tmp_path: Path) -> None:
    name = "putright-2024-stage2-response-nonsense-in-the-route.txt"
    path = letter_file(name, suffix, tmp_path)
    done = run(str(path), "--kind", "stage2-response")
    assert done.returncode == 1
    route = next(e for e in json.loads(done.stdout)["elements"] if e["element"] == "ombudsman_route")
    assert route["status"] == "missing"


def test_a_letter_the_check_is_unsure_of_exits_1_with_confirm_and_its_sentence(tmp_path: Path) -> None:
    path = letter_file(
        "ha-2024-stage2-response.txt",
        ".txt",
        tmp_path,
        (
            "We'll pay you £180 by 28 March 2025: £100 for the missed appointments and £80 towards the "
            "electric heaters. We're sorry for the days without heating.",
            "We're sorry that you were without heating for 16 days.",
        ),
    )
    done = run(str(path), "--kind", "stage2-response")
    assert done.returncode == 1
    remedy = next(e for e in json.loads(done.stdout)["elements"] if e["element"] == "remedy")
    assert remedy["status"] == "confirm"
    assert remedy["sentence"] == "We're sorry that you were without heating for 16 days."


def test_2024_6_3_a_date_that_is_not_the_records_is_wrong(tmp_path: Path) -> None:
    path = letter_file("legal-2024-stage1-acknowledgement.txt", ".pdf", tmp_path)
    assert run(str(path), "--kind", "stage1-acknowledgement", "--response-due", "2025-03-17").returncode == 0
    done = run(str(path), "--kind", "stage1-acknowledgement", "--response-due", "2025-03-18")
    assert done.returncode == 1
    assert json.loads(done.stdout)["wrong"] == [
        {
            "element": "response_date",
            "provision": "2024 6.3",
            "note": json.loads(done.stdout)["wrong"][0]["note"],
        }
    ]


def test_bad_input_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    good = letter_file("plain-2024-stage1-response.txt", ".txt", tmp_path)
    assert run(str(good), "--kind", "no-such-kind").returncode == 2
    assert run(str(good), "--kind", "stage1-response", "--edition", "2019").returncode == 2
    assert run(str(tmp_path / "absent.pdf"), "--kind", "stage1-response").returncode == 2
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    done = run(str(broken), "--kind", "stage1-response")
    assert done.returncode == 2 and "broken.pdf" in done.stderr
    odd = tmp_path / "letter.odt"
    odd.write_bytes(b"x")
    done = run(str(odd), "--kind", "stage1-response")
    assert done.returncode == 2 and ".pdf" in done.stderr
    assert run(str(good), "--kind", "stage1-response", "--remedy-due", "soon").returncode == 2
