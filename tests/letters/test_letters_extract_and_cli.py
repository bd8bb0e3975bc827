"""Reading letter files (.txt, .md, .html, .docx) and ``putright letter``, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from letters_helpers import FIXTURES, OMBUDSMAN_FOOTER, paragraphs, sample, without_paragraph

from putright.letters.check import check_file, check_letter
from putright.letters.extract import ExtractionError, extract_text, html_to_text


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "putright", "letter", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def build_docx(
    path: Path, text: str, *, footer: str | None = None, table: list[list[str]] | None = None
) -> Path:
    """A Word letter: one Word paragraph per line of ``text`` (blank lines are empty paragraphs)."""
    document = docx.Document()
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for block in paragraphs(text):
        for line in block.splitlines():
            document.add_paragraph(line)
        document.add_paragraph("")
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(str(path))
    return path


# --- DOCX round trip through the command line --------------------------------------------------------


def test_2024_6_9_docx_round_trip_through_the_cli(tmp_path: Path) -> None:
    letter = without_paragraph(sample("stage1-response"), OMBUDSMAN_FOOTER)
    path = build_docx(
        tmp_path / "stage1.docx",
        letter,
        table=[["Our reference", "CMP-2025-0142"], ["Date", "10 March 2025"]],
        footer="Northgate Homes. " + OMBUDSMAN_FOOTER + " on 0300 111 3000.",
    )
    text = extract_text(path)
    assert "Our reference | CMP-2025-0142" in text
    assert "0300 111 3000" in text  # from the footer
    result = run("check", str(path), "--kind", "stage1-response")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["can_issue"] is True
    assert [e["provision"] for e in data["elements"]] == [f"2024 6.9 {x}" for x in "abcdefg"]
    assert all(e["status"] == "present" for e in data["elements"])
    assert data["readability"]["flesch_reading_ease"] > 60
    # and under 2022, where the Ombudsman's details (2.7) come from the footer
    result = run("check", str(path), "--kind", "stage1-response", "--edition", "2022")
    assert result.returncode == 0, result.stdout


def test_2024_6_9_g_docx_without_the_escalation_route_exits_1(tmp_path: Path) -> None:
    letter = without_paragraph(sample("stage1-response"), "take your complaint to stage 2")
    path = build_docx(tmp_path / "stage1.docx", letter)
    result = run("check", str(path), "--kind", "stage1-response")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["can_issue"] is False
    assert data["missing"] == [{"element": "escalation_route", "provision": "2024 6.9 g"}]
    missing = next(e for e in data["elements"] if e["element"] == "escalation_route")
    assert missing["status"] == "missing" and missing["note"]


def _content_control(document: docx.document.Document, tag: str, lines: list[str]) -> None:
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    tag_node = OxmlElement("w:tag")
    tag_node.set(qn("w:val"), tag)
    pr.append(tag_node)
    content = OxmlElement("w:sdtContent")
    for line in lines:
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = line
        r.append(t)
        p.append(r)
        content.append(p)
    sdt.append(pr)
    sdt.append(content)
    document.element.body.insert(len(document.element.body) - 1, sdt)


def test_2024_6_9_g_docx_content_control_tagged_with_the_provision_is_a_marked_section(
    tmp_path: Path,
) -> None:
    letter = without_paragraph(sample("stage1-response"), "take your complaint to stage 2")
    path = build_docx(tmp_path / "template.docx", letter)
    document = docx.Document(str(path))
    _content_control(document, "code:6.9 g", ["Ring us."])
    document.save(str(path))
    assert "[6.9 g]\n\nRing us.\n\n[/6.9 g]" in extract_text(path)  # one block per Word paragraph
    result = check_file(path, "stage1-response")
    assert result.can_issue
    assert result.element("escalation_route").method == "marker"
    # an empty content control is an unfilled slot
    document = docx.Document(str(build_docx(tmp_path / "empty.docx", letter)))
    _content_control(document, "code:6.9 g", ["[insert how to escalate]"])
    document.save(str(tmp_path / "empty.docx"))
    assert [e.provision for e in check_file(tmp_path / "empty.docx", "stage1-response").missing] == [
        "2024 6.9 g"
    ]


def test_docx_marker_paragraphs_typed_by_the_author_work(tmp_path: Path) -> None:
    letter = without_paragraph(sample("stage1-response"), "take your complaint to stage 2")
    letter += "\n\n[6.9 g] How to take this further\nPhone 0113 496 0000.\n"
    path = build_docx(tmp_path / "typed.docx", letter)
    assert check_file(path, "stage1-response").can_issue


# --- HTML --------------------------------------------------------------------------------------------


def test_html_tags_are_stripped_and_data_code_sections_are_marked(tmp_path: Path) -> None:
    body = "".join(
        f"<p>{b}</p>\n"
        for b in paragraphs(without_paragraph(sample("stage1-response"), "take your complaint to stage 2"))
    )
    page = (
        "<html><head><title>Letter</title><style>p{color:red}</style></head><body>"
        + body
        + '<section data-code="6.9 g"><h2>If you are not happy</h2><p>Reply to this letter &amp; we will act.</p></section>'
        + "<script>document.write('stage 2 within 20 days')</script></body></html>"
    )
    path = tmp_path / "letter.html"
    path.write_text(page, encoding="utf-8")
    text = extract_text(path)
    assert "<p>" not in text and "color:red" not in text and "document.write" not in text
    assert "[6.9 g]\n\nIf you are not happy\n\nReply to this letter & we will act.\n\n[/6.9 g]" in text
    result = check_file(path, "stage1-response")
    assert result.can_issue
    assert result.element("escalation_route").method == "marker"


def test_html_heading_with_data_code_starts_a_section() -> None:
    text = html_to_text(
        '<h2 data-code="6.9 g">How to escalate</h2><p>Call us.</p><ul><li>One</li><li>Two</li></ul>'
    )
    assert text.startswith("[6.9 g] How to escalate\n")
    assert "- One\n- Two" in text


# --- resident text that looks like markup or formulas ------------------------------------------------

RESIDENT = (
    'You told us: "<script>alert(1)</script> =HYPERLINK("http://x.example","click") {{ 7*7 }} '
    '${jndi:ldap://x} @SUM(A1:A9) <b>fix it</b> & [6.9 g]"'
)


def test_resident_text_with_markup_and_formulas_does_not_break_extraction(tmp_path: Path) -> None:
    letter = sample("stage1-response").replace(
        "Your complaint is about", RESIDENT.replace("[6.9 g]", "[x]") + "\n\nYour complaint is about"
    )
    txt = tmp_path / "letter.txt"
    txt.write_text(letter, encoding="utf-8")
    assert "=HYPERLINK(" in extract_text(txt) and "{{ 7*7 }}" in extract_text(txt)
    assert check_file(txt, "stage1-response").can_issue

    path = build_docx(tmp_path / "letter.docx", letter)
    extracted = extract_text(path)
    assert '=HYPERLINK("http://x.example","click")' in extracted
    assert "<script>alert(1)</script>" in extracted and "${jndi:ldap://x}" in extracted
    assert check_file(path, "stage1-response").can_issue

    page = tmp_path / "letter.html"
    escaped = RESIDENT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    page.write_text(f"<p>{escaped}</p><p>Unclosed <b>bold <i>text</p>", encoding="utf-8")
    text = extract_text(page)
    assert "<script>alert(1)</script>" in text  # shown as text, not run or dropped
    assert "Unclosed bold text" in text


# --- bad input ---------------------------------------------------------------------------------------


def test_unsupported_missing_and_unreadable_files_raise_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="must be"):
        extract_text(tmp_path / "letter.odt")
    not_pdf = tmp_path / "letter.pdf"
    not_pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ExtractionError, match=r"cannot read letter\.pdf as a PDF"):
        extract_text(not_pdf)
    with pytest.raises(ExtractionError, match="no such file"):
        extract_text(tmp_path / "missing.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    with pytest.raises(ExtractionError, match="Word document"):
        extract_text(broken)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 £5".encode("latin-1"))
    with pytest.raises(ExtractionError, match="UTF-8"):
        extract_text(latin)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "{fixture}", "--kind", "stage-one-reply"), "unknown letter kind"),
        (("check", "{fixture}", "--kind", "stage1-response", "--edition", "2020"), "unknown edition"),
        (("check", "{fixture}", "--kind", "stage3-response"), "no stage3-response"),
        (("check", "{missing}", "--kind", "stage1-response"), "no such file"),
        (("check", "{odt}", "--kind", "stage1-response"), "must be"),
        (("check", "{pdf}", "--kind", "stage1-response"), "letter.pdf"),
        (("check", "{fixture}", "--kind", "extension-notice", "--stage", "two"), "not a whole number"),
        (("check", "{fixture}", "--kind", "extension-notice", "--new-deadline", "21/03/2025"), "YYYY-MM-DD"),
        (("kinds", "--edition", "2019"), "unknown edition"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    values = {
        "fixture": str(FIXTURES / "stage1-response.txt"),
        "missing": str(tmp_path / "missing.txt"),
        "pdf": str(pdf),
        "odt": str(tmp_path / "letter.odt"),
    }
    result = run(*(a.format(**values) for a in args))
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_check_a_text_fixture_with_a_date_to_match() -> None:
    path = str(FIXTURES / "extension-notice.txt")
    ok = run("check", path, "--kind", "extension-notice", "--new-deadline", "2025-03-21")
    assert ok.returncode == 0, ok.stdout
    late = run("check", path, "--kind", "extension-notice", "--new-deadline", "2025-03-28")
    assert late.returncode == 1
    data = json.loads(late.stdout)
    assert [(e["element"], e["provision"]) for e in data["wrong"]] == [("new_deadline", "2024 6.4")]
    assert data["elements"][0]["status"] == "wrong"


def test_kinds_lists_every_kind_with_its_provisions() -> None:
    result = run("kinds")
    assert result.returncode == 0
    assert "stage1-response" in result.stdout and "2024 6.9 g" in result.stdout
    assert "stage3-response" not in result.stdout
    data = json.loads(run("kinds", "--edition", "2022", "--format", "json").stdout)
    kinds = {k["kind"]: k for k in data["kinds"]}
    assert len(kinds) == 14  # with contact-restriction-ended and definition-amended
    assert [e["provision"] for e in kinds["decision-not-to-accept"]["elements"]] == [
        "2022 1.9",
        "2022 1.9",
        "2022 2.7",
    ]


def test_the_same_text_checks_the_same_from_a_file_and_a_string(tmp_path: Path) -> None:
    text = sample("contact-restriction-notice")
    md = tmp_path / "letter.md"
    md.write_text(text, encoding="utf-8")
    assert (
        check_file(md, "contact-restriction-notice").as_dict()
        == check_letter(text, "contact-restriction-notice").as_dict()
    )
