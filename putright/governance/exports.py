"""The self-assessment in its form's layout, as DOCX, XLSX, PDF and an HTML page (2024 8.1 a, 8.2).

The two editions' forms differ, and each export keeps its own edition's layout:

* **2024**: a table per section with five columns: Code provision, Code requirement, Comply: Yes /
  No, Evidence, Commentary / explanation (as in the seed self-assessments ``003_…`` and ``004_…``).
* **2022** (Appendix B of the Code): a table per section and obligation, headed "Mandatory 'must'
  requirements" and "Best practice 'should' requirements", with four columns: Code section, Code
  requirement, Comply: Yes/No, and Evidence, commentary and any explanations (as ``000_…``, ``002_…``).

DOCX and PDF are A4 landscape; spreadsheet cells never start a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from putright.code.provisions import edition as code_edition
from putright.complaints.models import Landlord
from putright.governance.models import Comply, RecordsShow, SelfAssessment

HEADERS_2024 = (
    "Code provision",
    "Code requirement",
    "Comply: Yes / No",
    "Evidence",
    "Commentary / explanation",
)
HEADERS_2022 = (
    "Code section",
    "Code requirement",
    "Comply: Yes/No",
    "Evidence, commentary and any explanations",
)
#: the obligation groups of the 2022 form (Appendix B), in its order
OBLIGATIONS_2022 = (
    ("must", "Mandatory 'must' requirements"),
    ("should", "Best practice 'should' requirements"),
)
#: Appendix B's instructions, quoted from the 2022 Code
INTRO_2022 = (
    "This self-assessment form should be completed by the complaints officer and discussed at the landlord's "
    "governing body annually.",
    "Evidence should be included to support all statements with additional commentary as necessary.",
    "Explanations must also be provided where a mandatory 'must' requirement is not met to set out the rationale "
    "for the alternative approach adopted and why this delivers a better outcome.",
)
#: Appendix B's section headings, which differ from the Code body's in two places (5 and 8)
FORM_SECTIONS_2022 = {
    1: "Definition of a complaint",
    2: "Accessibility and awareness",
    3: "Complaint handling personnel",
    4: "Complaint handling principles",
    5: "Complaint stages",
    6: "Putting things right",
    7: "Continuous learning and improvement",
    8: "Self-assessment and compliance",
}
#: relative column widths (of 100) for each layout
WIDTHS = {"2024": (8, 38, 9, 22, 23), "2022": (8, 42, 9, 41)}


@dataclass(frozen=True)
class FormRow:
    section: str
    provision: str
    obligation: str
    requirement: str
    comply: str
    evidence: str
    commentary: str
    state: str
    proposed: str
    figures: list[dict[str, Any]]

    def cells(self, edition: str) -> tuple[str, ...]:
        if edition == "2022":
            both = "\n".join(part for part in (self.evidence, self.commentary) if part)
            return (self.provision, self.requirement, self.comply, both)
        return (self.provision, self.requirement, self.comply, self.evidence, self.commentary)


@dataclass
class Table:
    heading: str
    headers: tuple[str, ...]
    edition: str
    rows: list[FormRow] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[FormRow, tuple[str, ...]]]:
        """Each row with its cells in this layout (for templates)."""
        return [(row, row.cells(self.edition)) for row in self.rows]


@dataclass
class FormSection:
    title: str
    tables: list[Table] = field(default_factory=list)


def _commentary(entry: Any) -> str:
    parts = [entry.commentary] if entry.commentary else []
    if entry.comply == Comply.YES and entry.contradiction_explanation:
        parts.append(entry.contradiction_explanation)
    if entry.comply == Comply.NO and entry.actions:
        by = f" By {entry.actions_by:%-d %B %Y}." if entry.actions_by else ""
        parts.append(f"Actions to comply: {entry.actions}{by}")
    if entry.comply == Comply.NOT_APPLICABLE and entry.not_applicable_reason:
        parts.append(f"Not applicable: {entry.not_applicable_reason}")
    return "\n".join(parts)


def form_rows(assessment: SelfAssessment) -> list[FormRow]:
    code = code_edition(assessment.edition)
    rows = []
    for entry in assessment.entries.all():
        provision = code.provision(entry.provision)
        evidence_parts = [entry.policy_reference] if entry.policy_reference else []
        summary = (entry.evidence or {}).get("summary", "")
        # what the records show goes on the form where they show something; "cannot show" is a
        # prompt to the officer, whose evidence stands on its own
        if summary and entry.state in (RecordsShow.COMPLIANCE, RecordsShow.NON_COMPLIANCE):
            evidence_parts.append(f"From our records: {summary}")
        number = provision.section.number
        if assessment.edition == "2022":
            section = f"Section {number} - {FORM_SECTIONS_2022.get(number, provision.section.title)}"
        else:
            section = f"Section {number}: {provision.section.title}"
        rows.append(
            FormRow(
                section=section,
                provision=entry.provision,
                obligation=provision.obligation or "must",
                requirement=provision.form_text or provision.full_text,
                comply=entry.get_comply_display() if entry.comply else "Not answered",
                evidence="\n".join(evidence_parts),
                commentary=_commentary(entry),
                state=entry.state,
                proposed=entry.proposed,
                figures=(entry.evidence or {}).get("figures", []),
            )
        )
    return rows


def layout(assessment: SelfAssessment) -> list[FormSection]:
    """The form's sections and tables for the assessment's edition."""
    sections: list[FormSection] = []
    for row in form_rows(assessment):
        if not sections or sections[-1].title != row.section:
            sections.append(FormSection(row.section))
        section = sections[-1]
        if assessment.edition == "2022":
            heading = dict(OBLIGATIONS_2022)[row.obligation]
            table = next((t for t in section.tables if t.heading == heading), None)
            if table is None:
                table = Table(heading, HEADERS_2022, "2022")
                section.tables.append(table)
                order = [h for _, h in OBLIGATIONS_2022]
                section.tables.sort(key=lambda t: order.index(t.heading))
        else:
            if not section.tables:
                section.tables.append(Table("", HEADERS_2024, "2024"))
            table = section.tables[0]
        table.rows.append(row)
    return sections


def title(assessment: SelfAssessment) -> str:
    return f"Complaint Handling Code self-assessment {assessment.year_label} ({assessment.edition} Code)"


def safe_cell(value: str) -> str:
    """Text for a spreadsheet cell that a spreadsheet will not run as a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def intro(assessment: SelfAssessment) -> tuple[str, ...]:
    return INTRO_2022 if assessment.edition == "2022" else ()


def to_xlsx(assessment: SelfAssessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = f"Self-assessment {assessment.year_label}".replace("/", "-")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.append([safe_cell(title(assessment))])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([safe_cell(f"{Landlord.load().name}. {_approval(assessment)}")])
    for line in intro(assessment):
        ws.append([safe_cell(line)])
    for section in layout(assessment):
        ws.append([])
        ws.append([safe_cell(section.title)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
        for table in section.tables:
            if table.heading:
                ws.append([safe_cell(table.heading)])
                ws.cell(row=ws.max_row, column=1).font = Font(bold=True, italic=True)
            ws.append(list(table.headers))
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            for row in table.rows:
                ws.append([safe_cell(v) for v in row.cells(assessment.edition)])
    for letter, width in zip("ABCDE", WIDTHS[assessment.edition], strict=False):
        ws.column_dimensions[letter].width = width * 1.6
    for r in ws.iter_rows(min_row=3):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(assessment: SelfAssessment) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    page = doc.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Mm(15))
    usable = Mm(297 - 30)
    doc.core_properties.title = title(assessment)
    doc.core_properties.language = "en-GB"
    doc.add_heading(title(assessment), level=0)
    doc.add_paragraph(f"{Landlord.load().name}. {_approval(assessment)}")
    for line in intro(assessment):
        doc.add_paragraph(line)
    widths = WIDTHS[assessment.edition]
    for section in layout(assessment):
        doc.add_heading(section.title, level=1)
        for table_spec in section.tables:
            if table_spec.heading:
                doc.add_heading(table_spec.heading, level=2)
            table = doc.add_table(rows=1, cols=len(table_spec.headers))
            table.style = "Table Grid"
            table.autofit = False
            for cell, text in zip(table.rows[0].cells, table_spec.headers, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
                    run.font.size = Pt(9)
            for row in table_spec.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row.cells(assessment.edition), strict=True):
                    cell.text = text
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(9)
            for column, share in zip(table.columns, widths, strict=True):
                for cell in column.cells:
                    cell.width = int(usable * share / 100)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(assessment: SelfAssessment) -> bytes:
    from putright.governance.reports import pdf

    return pdf("governance/self_assessment_document.html", document_context(assessment))


def document_context(assessment: SelfAssessment) -> dict[str, Any]:
    return {
        "title": title(assessment),
        "assessment": assessment,
        "landlord": Landlord.load(),
        "sections": layout(assessment),
        "intro": intro(assessment),
        "approval": _approval(assessment),
    }


def _approval(assessment: SelfAssessment) -> str:
    if assessment.approved_on:
        return f"Approved by {assessment.approved_by} on {assessment.approved_on:%-d %B %Y}."
    return "Draft: not yet approved by the governing body."
