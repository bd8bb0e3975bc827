"""The self-assessment in the form's layout (provision, requirement, comply, evidence/commentary), as
DOCX, XLSX, PDF and the rows a web page shows (2024 8.1 a, 8.2)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from putright.code.provisions import edition as code_edition
from putright.complaints.models import Landlord
from putright.governance.models import SelfAssessment

HEADERS = ("Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation")


@dataclass(frozen=True)
class FormRow:
    section: str
    provision: str
    requirement: str
    comply: str
    evidence: str
    commentary: str
    proposed: str
    figures: list[dict[str, Any]]


def form_rows(assessment: SelfAssessment) -> list[FormRow]:
    code = code_edition(assessment.edition)
    rows = []
    for entry in assessment.entries.all():
        provision = code.provision(entry.provision)
        evidence_parts = []
        if entry.policy_reference:
            evidence_parts.append(entry.policy_reference)
        summary = (entry.evidence or {}).get("summary", "")
        if summary:
            evidence_parts.append(f"From our records: {summary}")
        commentary = entry.commentary
        if entry.contradiction_explanation:
            commentary = (commentary + "\n" if commentary else "") + entry.contradiction_explanation
        rows.append(
            FormRow(
                section=f"Section {provision.section.number}: {provision.section.title}",
                provision=entry.provision,
                requirement=provision.form_text or provision.full_text,
                comply=entry.get_comply_display() if entry.comply else "Not answered",
                evidence="\n".join(evidence_parts),
                commentary=commentary,
                proposed=entry.proposed,
                figures=(entry.evidence or {}).get("figures", []),
            )
        )
    return rows


def title(assessment: SelfAssessment) -> str:
    return f"Complaint Handling Code self-assessment {assessment.year_label} ({assessment.edition} Code)"


def safe_cell(value: str) -> str:
    """Text for a spreadsheet cell that a spreadsheet will not run as a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def to_xlsx(assessment: SelfAssessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"Self-assessment {assessment.year_label}".replace("/", "-")
    ws.append([safe_cell(title(assessment))])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([safe_cell(f"{Landlord.load().name}. {_approval(assessment)}")])
    ws.append([])
    ws.append(list(HEADERS))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    section = ""
    for row in form_rows(assessment):
        if row.section != section:
            section = row.section
            ws.append([safe_cell(section)])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append(
            [safe_cell(v) for v in (row.provision, row.requirement, row.comply, row.evidence, row.commentary)]
        )
    for letter, width in zip("ABCDE", (10, 70, 14, 50, 50), strict=True):
        ws.column_dimensions[letter].width = width
    for r in ws.iter_rows(min_row=5):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(assessment: SelfAssessment) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = title(assessment)
    doc.core_properties.language = "en-GB"
    doc.add_heading(title(assessment), level=0)
    doc.add_paragraph(f"{Landlord.load().name}. {_approval(assessment)}")
    section = ""
    table = None
    for row in form_rows(assessment):
        if row.section != section:
            section = row.section
            doc.add_heading(section, level=1)
            table = doc.add_table(rows=1, cols=len(HEADERS))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
                cell.text = text
        assert table is not None
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (row.provision, row.requirement, row.comply, row.evidence, row.commentary), strict=True
        ):
            cell.text = text
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(assessment: SelfAssessment) -> bytes:
    from putright.governance.reports import pdf

    return pdf("governance/self_assessment_document.html", document_context(assessment))


def document_context(assessment: SelfAssessment) -> dict[str, Any]:
    rows = form_rows(assessment)
    sections: list[dict[str, Any]] = []
    for row in rows:
        if not sections or sections[-1]["title"] != row.section:
            sections.append({"title": row.section, "rows": []})
        sections[-1]["rows"].append(row)
    return {
        "title": title(assessment),
        "assessment": assessment,
        "landlord": Landlord.load(),
        "sections": sections,
        "approval": _approval(assessment),
    }


def _approval(assessment: SelfAssessment) -> str:
    if assessment.approved_on:
        return f"Approved by {assessment.approved_by} on {assessment.approved_on:%-d %B %Y}."
    return "Draft: not yet approved by the governing body."
