"""The two editions' forms, exported and read back against the seeds' layouts (2022 Appendix B:
four columns, 'must' and 'should' tables in each section; 2024: five columns), A4 landscape; not
applicable with a reason (2022 5.17-5.19 without a third stage, 5.17's reasons with one); a
section answered on one page; last year's commentary carried forward for review."""

from __future__ import annotations

import glob
import io
import re
import subprocess
from datetime import date
from typing import Any

import pytest

from putright.code.errors import InvalidRequest
from putright.code.provisions import edition
from putright.complaints.models import Landlord
from putright.governance import exports, services
from putright.governance.models import SelfAssessment


def seed(prefix: str) -> list[str]:
    return open(glob.glob(f"/work/shared/seeds/{prefix}_*.txt")[0], encoding="utf-8").read().split("\n")


def appendix_b() -> tuple[list[str], dict[str, str]]:
    """Section titles and each provision's group ('must' / 'should') in the 2022 Code's Appendix B."""
    lines = seed("001")
    start = next(i for i, line in enumerate(lines) if line.startswith("Appendix B"))
    titles, groups, group = [], {}, ""
    for line in lines[start:]:
        heading = re.match(r"^Section (\d) - (.+?)(?: Mandatory 'must' requirements)?$", line.strip())
        if heading:
            titles.append(f"Section {heading.group(1)} - {heading.group(2)}")
        if re.search(r"Mandatory .must. requirements", line):
            group = "must"
        elif re.search(r"Best practice .should. requirements", line):
            group = "should"
        found = re.match(r"^(\d\.\d+)\t", line)
        if found and group:
            groups.setdefault(found.group(1), group)
    return titles, groups


@pytest.fixture
def a2022(officer: Any, landlord: Any) -> SelfAssessment:
    return services.start_self_assessment(actor=officer, year=2025, edition="2022")


@pytest.fixture
def a2024(officer: Any, landlord: Any) -> SelfAssessment:
    return services.start_self_assessment(actor=officer, year=2025, edition="2024")


def _docx(client: Any, a: SelfAssessment) -> Any:
    from docx import Document

    return Document(io.BytesIO(client.get(f"/governance/self-assessment/{a.pk}/export.docx").content))


def _xlsx_rows(client: Any, a: SelfAssessment) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(f"/governance/self-assessment/{a.pk}/export.xlsx").content))
    assert (
        wb.active.page_setup.orientation == "landscape" and str(wb.active.page_setup.paperSize) == "9"
    )  # A4
    return list(wb.active.iter_rows(values_only=True))


def test_2022_appendix_b_layout_in_docx_four_columns_and_must_should_per_section(a2022, signed_in_officer):  # type: ignore[no-untyped-def]
    from docx.enum.section import WD_ORIENT

    titles, groups = appendix_b()
    doc = _docx(signed_in_officer, a2022)
    page = doc.sections[0]
    assert (
        page.orientation == WD_ORIENT.LANDSCAPE
        and round(page.page_width.mm) == 297
        and round(page.page_height.mm) == 210
    )
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == titles
    # each section's tables: 'must' first, then 'should' where the section has any, as Appendix B
    exported: dict[str, str] = {}
    group_headings = [t for s, t in headings if s == "Heading 2"]
    assert set(group_headings) == {"Mandatory 'must' requirements", "Best practice 'should' requirements"}
    for heading, table in zip(group_headings, doc.tables, strict=True):
        assert [c.text for c in table.rows[0].cells] == list(exports.HEADERS_2022)
        for row in table.rows[1:]:
            exported[row.cells[0].text] = "must" if heading.startswith("Mandatory") else "should"
    assert exported == groups
    # the seed self-assessments group the same way: Halton (000) and Housing Solutions (002)
    halton = "\n".join(seed("000"))
    assert 'Mandatory "must" requirements' in halton and "Best practice 'should' requirements" in halton
    assert "Mandatory 'must' requirements" in "\n".join(seed("002"))


def test_2024_layout_in_xlsx_five_columns_and_the_seeds_sections(a2024, signed_in_officer):  # type: ignore[no-untyped-def]
    rows = _xlsx_rows(signed_in_officer, a2024)
    headers = [r for r in rows if r[0] == "Code provision"]
    assert headers and all(r[:5] == exports.HEADERS_2024 for r in headers)
    sections = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Section ")]
    seed_sections = [" ".join(line.split()) for line in seed("003") if re.match(r"^Section \d: ", line)]
    assert [s for s in sections if s in seed_sections] == seed_sections
    provisions = [r[0] for r in rows if isinstance(r[0], str) and re.fullmatch(r"\d\.\d+", r[0])]
    assert provisions == [p.number for p in edition("2024").on_form()]


def test_2022_xlsx_and_pdf_read_back(a2022, signed_in_officer, tmp_path):  # type: ignore[no-untyped-def]
    rows = _xlsx_rows(signed_in_officer, a2022)
    assert rows[[r[0] for r in rows].index("Section 1 - Definition of a complaint") + 1][:1] == (
        "Mandatory 'must' requirements",
    )
    assert next(r for r in rows if r[0] == "Code section")[:4] == exports.HEADERS_2022
    path = tmp_path / "sa.pdf"
    path.write_bytes(signed_in_officer.get(f"/governance/self-assessment/{a2022.pk}/export.pdf").content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert (
        "Best practice 'should' requirements" in text and "Evidence, commentary and any explanations" in text
    )
    assert "This self-assessment form should be completed by the complaints officer" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and float(size.group(1)) > float(size.group(2))  # landscape
    assert abs(float(size.group(1)) - 841.89) < 1 and abs(float(size.group(2)) - 595.28) < 1  # A4


def test_published_html_page_keeps_the_editions_layout(a2022, officer, client):  # type: ignore[no-untyped-def]
    for entry in a2022.entries.all():
        na = entry.provision in ("5.17", "5.18", "5.19")
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="na" if na else "yes",
            not_applicable_reason=entry.not_applicable_reason if na else "",
            contradiction_explanation="Explained." if entry.state == "non_compliance" else "",
        )
    services.approve_self_assessment(
        assessment=a2022, actor=officer, approved_on=date(2026, 5, 1), approved_by="Board"
    )
    services.publish_self_assessment(assessment=a2022, actor=officer)
    html = client.get("/published/self-assessment/2025/").content.decode()
    assert "Best practice &#x27;should&#x27; requirements" in html and "Section 5 - Complaint stages" in html
    assert "Not applicable: We have a two-stage complaints procedure" in html


def test_2022_5_17_to_5_19_not_applicable_without_a_third_stage(a2022, officer):  # type: ignore[no-untyped-def]
    entry = a2022.entries.get(provision="5.18")
    assert entry.not_applicable_reason.startswith("We have a two-stage complaints procedure")
    with pytest.raises(InvalidRequest):
        services.answer_provision(entry=entry, actor=officer, comply="na")
    services.answer_provision(
        entry=entry, actor=officer, comply="na", not_applicable_reason="No third stage."
    )
    entry.refresh_from_db()
    assert entry.comply == "na" and entry.get_comply_display() == "Not applicable"


def test_2022_5_17_reasons_for_a_third_stage_are_asked_when_one_is_used(officer, landlord):  # type: ignore[no-untyped-def]
    landlord.third_stage = True
    landlord.save()
    a = services.start_self_assessment(actor=officer, year=2025, edition="2022")
    entry = a.entries.get(provision="5.17")
    assert entry.not_applicable_reason == ""
    with pytest.raises(InvalidRequest) as refused:
        services.answer_provision(entry=entry, actor=officer, comply="yes")
    assert refused.value.provision == "2022 5.17"
    with pytest.raises(InvalidRequest):
        services.answer_provision(entry=entry, actor=officer, comply="na", not_applicable_reason="Not used.")
    services.answer_provision(
        entry=entry, actor=officer, comply="yes", commentary="A panel of residents hears stage 3 because ..."
    )
    assert Landlord.load().third_stage


def test_last_years_commentary_is_carried_forward_for_review_not_as_an_answer(a2024, officer):  # type: ignore[no-untyped-def]
    services.answer_provision(
        entry=a2024.entries.get(provision="1.2"),
        actor=officer,
        comply="yes",
        policy_reference="Talk to us policy - section 3.1",
        commentary="Defined in the policy.",
    )
    next_year = services.start_self_assessment(actor=officer, year=2026, edition="2024")
    carried = next_year.entries.get(provision="1.2")
    assert (
        carried.policy_reference == "Talk to us policy - section 3.1"
        and carried.commentary == "Defined in the policy."
    )
    assert carried.carried_forward and carried.comply == ""
    todo = dict((e.provision, need) for e, need in services.still_to_answer(next_year))
    assert todo["1.2"] == "review last year's commentary and answer"
    services.answer_provision(
        entry=carried, actor=officer, comply="yes", policy_reference=carried.policy_reference
    )
    carried.refresh_from_db()
    assert not carried.carried_forward and "1.2" not in dict(
        (e.provision, n) for e, n in services.still_to_answer(next_year)
    )


def test_a_section_is_answered_on_one_page_and_a_bad_answer_loses_nothing(a2024, signed_in_officer):  # type: ignore[no-untyped-def]
    url = f"/governance/self-assessment/{a2024.pk}/section/1/"
    page = signed_in_officer.get(url).content.decode()
    numbers = [p.number for p in edition("2024").on_form() if p.section.number == 1]
    assert all(f'id="provision-{n.replace(".", "-")}"' in page for n in numbers)
    data = {
        "p1-2-comply": "yes",
        "p1-2-policy_reference": "Talk to us policy - section 3.1",
        "p1-3-comply": "no",  # no actions or date: refused
        "p1-3-commentary": "We do not yet offer the choice on every channel.",
    }
    response = signed_in_officer.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "give the actions that will achieve compliance" in html
    assert "We do not yet offer the choice on every channel." in html  # what was typed is kept
    assert (
        a2024.entries.get(provision="1.2").comply == "yes" and a2024.entries.get(provision="1.3").comply == ""
    )
    data.update({"p1-3-actions": "Add the choice to the phone script.", "p1-3-actions_by": "2026-09-30"})
    assert signed_in_officer.post(url, data).status_code == 302
    entry = a2024.entries.get(provision="1.3")
    assert entry.comply == "no" and entry.actions_by == date(2026, 9, 30)


def test_readers_see_a_section_but_cannot_answer(a2024, client, handler_1):  # type: ignore[no-untyped-def]
    client.force_login(handler_1)  # a complaint handler reads governance, does not record it
    url = f"/governance/self-assessment/{a2024.pk}/section/1/"
    page = client.get(url).content.decode()
    assert "What the records show" in page and "Save the answers in this section" not in page
    assert client.post(url, {"p1-2-comply": "yes"}).status_code == 403
    assert a2024.entries.get(provision="1.2").comply == ""
    assert client.get(f"/governance/self-assessment/{a2024.pk}/section/99/").status_code == 404
