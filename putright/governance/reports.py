"""The MRC quarterly report (2024 9.7 a-d) and the annual complaints performance and service
improvement report (8.1 a-f, 8.2), as web pages, accessible PDFs (PDF/UA-1) and DOCX.

Each report's figures come from :func:`putright.governance.performance.performance` for a pinned
scope (period, as-at day, as-at moment); the scope is stored with the figures (``ReportRun``), and
re-rendering a stored report recomputes from that scope, which gives the same figures.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Q, When
from django.template.loader import render_to_string
from django.utils import timezone

from putright.access.policy import on_complaints_you_cannot_see, summary_scope
from putright.accounts.models import User
from putright.complaints.models import Landlord
from putright.governance.learning import improvements_as_seen
from putright.governance.measures import Period, complied_by, orders_as_recorded, reporting_year_of
from putright.governance.models import (
    ADVERSE_FINDINGS,
    AnnualReport,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanPublication,
    SelfAssessment,
    ServiceImprovement,
    SystemicReview,
)
from putright.governance.performance import Scope, figures_snapshot, performance
from putright.governance.tsm import tenant_satisfaction_measures
from putright.web.templatetags.govuk import pounds


@dataclass(frozen=True)
class Heading:
    """One of a report's section headings: ``level`` 2 is a section, 3 a part of one (the PDF's
    ``h2``/``h3``, Word's Heading 1/Heading 2); ``provision`` is what the MRC's report cites beside it."""

    key: str
    text: str
    level: int
    provision: str = ""

    def __str__(self) -> str:
        return self.text


#: the sections of the figures both reports give (``governance/_report_body.html``), in order
BODY_HEADINGS: tuple[Heading, ...] = (
    Heading("volumes", "Volumes, categories and outcomes", 2, "2024 9.7 a"),
    Heading("timeliness", "Performance against the Code's timescales", 2, "2024 9.7 a"),
    Heading("remedies", "Extensions and remedies", 3),
    Heading("categories", "Categories", 3),
    Heading("outcomes", "Outcomes", 3),
    Heading("refused", "Complaints we refused to accept", 2),
    Heading("trends", "Issues and trends", 2, "2024 9.7 b"),
    Heading("ombudsman", "The Ombudsman", 2, "2024 9.7 c"),
)

#: the MRC's quarterly report's sections, in order: the one list its PDF (``mrc_document.html``) and
#: its Word document (``mrc_docx``) take their headings from, so the two cannot tell the MRC and the
#: governing body different things (2024 9.6, 9.7)
MRC_HEADINGS: tuple[Heading, ...] = (
    *BODY_HEADINGS,
    Heading("improvements", "Service improvements", 2, "2024 9.3, 9.7 b"),
)


def _cited(headings: tuple[Heading, ...]) -> dict[str, Heading]:
    """The headings by key, each with its provision in brackets: the MRC's report's words."""
    return {
        h.key: Heading(h.key, f"{h.text} ({h.provision})" if h.provision else h.text, h.level)
        for h in headings
    }


def review_heading(review: SystemicReview) -> str:
    """The heading of a senior lead's review in a report (2024 9.4), the same in every format."""
    return f"Senior lead's review, {review.reviewed_on:%-d %B %Y} (2024 9.4)"


def _learning(scope: Scope, reader: User | None) -> dict[str, Any]:
    """The service improvements recorded or completed in the period and the senior lead's reviews
    (2024 9.1-9.4, 9.7 b, 8.1 d), for ``reader``.

    Every improvement is listed, whoever reads it: it is the learning the Code wants reported (9.3,
    9.7, 8.1 d). The complaints that raised it are named only where ``reader`` may see their
    summary, linked only where they may open them, and the others counted (``learning``); ``None`` is
    the annual report, which is published (2024 8.2) and names no complaint."""
    rec = scope.as_at.recorded()
    improvements = ServiceImprovement.objects.filter(rec).filter(
        Q(recorded_at__date__range=scope.period.range()) | Q(completed_on__range=scope.period.range())
    )
    reviews = list(SystemicReview.objects.filter(rec, reviewed_on__range=scope.period.range()))
    for review in reviews:
        review.heading = review_heading(review)  # type: ignore[attr-defined]
    return {
        "improvements": improvements_as_seen(improvements.prefetch_related("complaints"), reader),
        "reviews": reviews,
    }


def _ombudsman(scope: Scope, reader: User | None) -> dict[str, Any]:
    """The Ombudsman's findings and orders in the period (2024 8.1 c, 9.7 c), for ``reader``.

    ``reader`` is the member of staff the report is produced for: a finding or order is listed with
    its complaint's reference when they may see that complaint's anonymised summary
    (``access.policy.summary_scope``); the others are counted, not listed ("1 on a complaint you
    cannot see"). ``None`` is the annual report, which is published (2024 8.2): it lists every
    finding and order by the Ombudsman's own case reference and names no complaint."""
    rec = scope.as_at.recorded()
    findings = list(
        OmbudsmanFinding.objects.filter(rec, determined_on__range=scope.period.range()).select_related(
            "case__complaint"
        )
    )
    # each due in the period, and each outstanding at the report's as-at: one complied with since was
    # left out, so the report read as if nothing was outstanding (2024 9.7 c)
    complied = complied_by(scope.as_at)
    orders = list(
        orders_as_recorded(OmbudsmanOrder.objects.filter(rec), scope.as_at)
        .filter(Q(due__range=scope.period.range()) | (~complied & Q(due__lte=scope.period.end)))
        .annotate(complied_then=Case(When(complied, then=True), default=False, output_field=BooleanField()))
        .select_related("case__complaint")
    )
    for order in orders:
        # as it stood at the as-at: compliance recorded after it (a report produced again from its
        # run) or dated after its day is not yet compliance, and a date corrected since reads as it was
        order.complied_as_at = order.complied_as_recorded if order.complied_then else None
        order.evidence_as_at = order.evidence_as_recorded if order.complied_then else ""
    if reader is None:
        named: set[int] = set()
        shown_findings, shown_orders = findings, orders
        not_shown: dict[str, str] = {"findings": "", "orders": ""}
    else:
        mentioned = {f.case.complaint_id for f in findings} | {o.case.complaint_id for o in orders}
        named = set(summary_scope(reader).filter(pk__in=mentioned).values_list("pk", flat=True))
        shown_findings = [f for f in findings if f.case.complaint_id in named]
        shown_orders = [o for o in orders if o.case.complaint_id in named]
        not_shown = {
            "findings": _not_named(
                [f.case.complaint_id for f in findings if f.case.complaint_id not in named]
            ),
            "orders": _not_named([o.case.complaint_id for o in orders if o.case.complaint_id not in named]),
        }
    return {
        "names_complaints": reader is not None,
        "findings": shown_findings,
        # 8.1 c: every finding of non-compliance, whoever reads it (the published report lists them all)
        "non_compliance": [f for f in findings if f.complaint_handling and f.finding in ADVERSE_FINDINGS],
        "orders": shown_orders,
        "not_shown": not_shown,
    }


def _not_named(complaint_ids: list[int]) -> str:
    """How many items are on complaints the reader may not see, in the words every governance list
    uses ("1 on a complaint you cannot see"): relative to the reader, never saying why (restricted,
    or outside their work), which would tell them something about a complaint they may not see."""
    return on_complaints_you_cannot_see(len(complaint_ids)) if complaint_ids else ""


def mrc_context(scope: Scope, reader: User) -> dict[str, Any]:
    """The MRC's quarterly report as ``reader`` may see it: the figures count every complaint; the
    service improvements and the Ombudsman's findings and orders name only the complaints whose
    summary they may see."""
    data = performance(scope)
    return {
        "title": f"Complaints report for the Member Responsible for Complaints: {scope.period.label}",
        "headings": _cited(MRC_HEADINGS),
        "landlord": Landlord.load(),
        "data": data,
        "learning": _learning(scope, reader),
        "ombudsman": _ombudsman(scope, reader),
        "generated_at": timezone.localtime(),
        "as_at": scope.as_at.pinned(),
    }


def mrc_figures(scope: Scope) -> dict[str, Any]:
    return figures_snapshot(performance(scope))


def annual_figures(scope: Scope) -> dict[str, Any]:
    year = reporting_year_of(scope.period.start)
    return {
        **figures_snapshot(performance(scope)),
        "tsm": tenant_satisfaction_measures(year, scope.as_at).as_dict(),
    }


def annual_context(report: AnnualReport) -> dict[str, Any]:
    from putright.governance.services import run_scope

    scope = run_scope(report.run)
    data = performance(scope)
    year = report.year
    publications = OmbudsmanPublication.objects.filter(year=year)
    assessment = report.self_assessment
    summary = None
    if assessment is not None:
        entries = list(assessment.entries.all())
        answered = sum(1 for e in entries if e.comply)
        summary = {
            # a draft's answers are counted as answers, never as compliance (2024 8.1 a): "we comply
            # with 1 of 72" read as a finding from a draft with 71 unanswered
            "complete": bool(entries) and answered == len(entries),
            "answered": answered,
            "on_form": len(entries),
            "yes": sum(1 for e in entries if e.comply == "yes"),
            "no": [e for e in entries if e.comply == "no"],
            "not_applicable": sum(1 for e in entries if e.comply == "na"),
            "total": sum(1 for e in entries if e.comply != "na"),
        }
    return {
        "title": f"Annual complaints performance and service improvement report {report.year_label}",
        # published (2024 8.1): the figures' sections under their own words, not the MRC's provisions
        "headings": {h.key: h for h in BODY_HEADINGS},
        "landlord": Landlord.load(),
        "report": report,
        "data": data,
        "tsm": tenant_satisfaction_measures(year, scope.as_at),
        # published (2024 8.2): the improvements (8.1 d) with how many complaints raised each, none named
        "learning": _learning(scope, None),
        # published (2024 8.2): the Ombudsman's findings by its own case references, no complaint named
        "ombudsman": _ombudsman(scope, None),
        "annual_publications": [
            p for p in publications if p.kind == OmbudsmanPublication.Kind.ANNUAL_LANDLORD_REPORT
        ],
        "other_publications": [
            p for p in publications if p.kind != OmbudsmanPublication.Kind.ANNUAL_LANDLORD_REPORT
        ],
        "assessment": assessment,
        "assessment_summary": summary,
        "as_at": scope.as_at,
        "period": Period.reporting_year(year),
    }


# --------------------------------------------------------------------------------------------------
# Rendering


def pdf(template: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """An accessible PDF (PDF/UA-1, tagged, with the document's language and title). ``base_url``
    (the site's address) makes its links to our own pages whole addresses, which open from a
    downloaded file."""
    import weasyprint  # slow to import; only the renderer needs it (quietened in settings.LOGGING)

    html = render_to_string(template, {**context, "for_pdf": True})
    return bytes(weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1"))


def mrc_docx(context: dict[str, Any]) -> bytes:
    """The MRC's quarterly report (2024 9.6, 9.7 a-c) as a Word document: the same sections as the
    PDF (``governance/mrc_document.html``), from the same ``mrc_context``, so the two cannot tell
    the MRC and the governing body different things. The Ombudsman's findings and orders are listed
    as the PDF lists them for the same reader (9.7 c), the ones on complaints they may not see
    counted in the same words; the charts are given as the tables of their figures."""
    from docx import Document

    data = context["data"]
    doc = Document()
    doc.core_properties.title = context["title"]
    doc.core_properties.language = "en-GB"
    doc.add_heading(context["title"], level=0)
    doc.add_paragraph(
        f"{context['landlord'].name}. For the Member Responsible for Complaints and the governing body "
        f"(2024 9.6, 9.7 a-c). Figures {context['as_at'].describe()}. "
        f"Produced {context['generated_at']:%-d %B %Y %H:%M}."
    )
    for e in data["exceptional"]:
        ended = f" to {e.ended_on:%-d %B %Y}" if e.ended_on else ""
        doc.add_paragraph(
            f"Exceptional circumstances (2024 8.5): {e.title}, from {e.started_on:%-d %B %Y}{ended}. "
            "Figures in this period are affected."
        )
    for key, write in _DOCX_SECTIONS.items():  # in the order of MRC_HEADINGS
        heading = context["headings"][key]
        doc.add_heading(heading.text, level=heading.level - 1)  # the PDF's h2 is Word's Heading 1
        write(doc, context)
    doc.add_paragraph(
        "The annual complaints performance and service improvement report (9.7 d) is produced each year "
        "from the same records."
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_volumes(doc: Any, context: dict[str, Any]) -> None:
    data = context["data"]
    _docx_table(
        doc,
        ["Measure", "Provision", "Number"],
        [[f["label"], f["provision"], str(f["value"])] for f in data["volumes"]],
    )
    doc.add_paragraph("Complaints received each month")  # the PDF's chart, as its figures
    _docx_table(
        doc,
        ["Month", "Stage 1", "Stage 2"],
        [[str(m["label"]), str(m["s1"]), str(m["s2"])] for m in data["months"]],
    )


def _docx_timeliness(doc: Any, context: dict[str, Any]) -> None:
    _docx_table(
        doc,
        ["Step", "Provision", "On time", "Done", "Share"],
        [
            [
                f["label"]
                + (f" ({f['never']} not acknowledged: answered without one)" if f.get("never") else ""),
                f["provision"],
                str(f["numerator"]),
                str(f["value"]),
                _pct(f["percent"]),
            ]
            for f in context["data"]["timeliness"]
        ],
    )


def _docx_remedies(doc: Any, context: dict[str, Any]) -> None:
    data = context["data"]
    _docx_table(
        doc,
        ["Measure", "Number"],
        [[f["label"], str(f["value"])] for f in data["remedy_figures"]]
        + [
            ["Compensation agreed", pounds(data["money"]["agreed_pence"])],
            ["Compensation paid", pounds(data["money"]["paid_pence"])],
        ],
    )
    if data["money_not_counted"]:
        doc.add_paragraph(data["money_not_counted"])


def _docx_categories(doc: Any, context: dict[str, Any]) -> None:
    data = context["data"]
    doc.add_paragraph(data["group_titles"]["category"])  # the PDF's chart, as its figures
    _docx_bars(doc, data["groups"]["category"])


def _docx_outcomes(doc: Any, context: dict[str, Any]) -> None:
    groups = context["data"]["groups"]
    _docx_bars(doc, groups["s1_outcome"], "Stage 1 outcome")
    _docx_bars(doc, groups["s2_outcome"], "Stage 2 outcome")


def _docx_refused(doc: Any, context: dict[str, Any]) -> None:
    _docx_bars(doc, context["data"]["groups"]["declined_ground"], "Ground")


def _docx_trends(doc: Any, context: dict[str, Any]) -> None:
    data = context["data"]
    doc.add_paragraph(data["group_titles"]["area"])  # the PDF's chart, as its figures
    _docx_bars(doc, data["groups"]["area"], "Area")
    doc.add_paragraph(
        f"Residents with two or more complaints in the period: {len(data['repeat_complainants'])}. "
        f"Homes with two or more: {len(data['repeat_properties'])}."
    )
    for review in context["learning"]["reviews"]:
        doc.add_heading(review_heading(review), level=2)  # a part of the section, as the PDF's h3
        doc.add_paragraph(review.findings)
        for label, text in (
            ("Systemic issues", review.systemic_issues),
            ("Serious risks", review.serious_risks),
            ("Policies to revise", review.policies_to_revise),
        ):
            if text:
                doc.add_paragraph(f"{label}: {text}")


def _docx_ombudsman_section(doc: Any, context: dict[str, Any]) -> None:
    data = context["data"]
    _docx_table(
        doc,
        ["Measure", "Provision", "Number"],
        [[f["label"], f["provision"], str(f["value"])] for f in data["ombudsman_figures"]],
    )
    om = data["ombudsman"]
    doc.add_paragraph(
        f"Investigations open: {om['open_investigations']}. Orders and recommendations due in the "
        f"period: {om['orders_due']}; complied with {om['orders_complied']} "
        f"({om['orders_complied_on_time']} on time)."
        + (f" {om['progress_not_known_note']}" if om.get("progress_not_known_note") else "")
    )
    _docx_table(
        doc,
        ["Finding", "Number"],
        [[f["finding"].replace("_", " ").capitalize(), str(f["n"])] for f in om["findings"]]
        or [["None", "0"]],
    )
    _docx_ombudsman(doc, context["ombudsman"])


def _docx_improvements(doc: Any, context: dict[str, Any]) -> None:
    _docx_table(
        doc,
        ["Improvement", "Status", "Complaints"],
        [
            [
                row.improvement.title,
                row.improvement.get_status_display(),
                " ".join(
                    [c.reference for c, _ in row.complaints]
                    + ([f"{'and ' if row.complaints else ''}{row.not_named}"] if row.not_named else [])
                ),
            ]
            for row in context["learning"]["improvements"]
        ]
        or [["None recorded in the period", "", ""]],
    )


#: what the Word document writes under each of ``MRC_HEADINGS``: a section the list names and this
#: does not write fails here, on import, rather than going missing from one format
_DOCX_WRITERS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "volumes": _docx_volumes,
    "timeliness": _docx_timeliness,
    "remedies": _docx_remedies,
    "categories": _docx_categories,
    "outcomes": _docx_outcomes,
    "refused": _docx_refused,
    "trends": _docx_trends,
    "ombudsman": _docx_ombudsman_section,
    "improvements": _docx_improvements,
}
_DOCX_SECTIONS = {h.key: _DOCX_WRITERS[h.key] for h in MRC_HEADINGS}


def _docx_ombudsman(doc: Any, ombudsman: dict[str, Any]) -> None:
    """The Ombudsman's determinations and orders as ``_ombudsman`` gave them for the reader (2024 9.7
    c), in the PDF's words (``governance/_report_body.html``): the complaint named where the reader
    may see it, the others counted ("1 on a complaint you cannot see"), never named."""
    names = ombudsman["names_complaints"]
    not_shown = ombudsman["not_shown"]
    _docx_table(
        doc,
        ["Ombudsman case", *(["Complaint"] if names else []), "Element", "Finding", "Determined"],
        [
            [
                f.case.reference or "Reference not recorded",
                *([f.case.complaint.reference] if names else []),
                f.element,
                f.get_finding_display() + (" (complaint handling)" if f.complaint_handling else ""),
                f"{f.determined_on:%-d %b %Y}",
            ]
            for f in ombudsman["findings"]
        ]
        or [
            ["None listed" if not_shown["findings"] else "No determinations in the period"]
            + [""] * (4 if names else 3)
        ],
    )
    if not_shown["findings"]:
        doc.add_paragraph(f"Findings in the period not listed here: {not_shown['findings']}.")
    _docx_table(
        doc,
        ["Order or recommendation", "Due", "Complied", *(["Evidence"] if names else [])],
        [
            [
                f"{o.get_kind_display()}: {o.description} (Ombudsman case "
                f"{o.case.reference or 'reference not recorded'}"
                + (f", complaint {o.case.complaint.reference}" if names else "")
                + ")",
                f"{o.due:%-d %b %Y}",
                f"{o.complied_as_at:%-d %b %Y}" if o.complied_as_at else "Not yet",
                *([o.evidence_as_at] if names else []),
            ]
            for o in ombudsman["orders"]
        ]
        or [["None listed" if not_shown["orders"] else "None"] + [""] * (3 if names else 2)],
    )
    if not_shown["orders"]:
        doc.add_paragraph(f"Orders and recommendations not listed here: {not_shown['orders']}.")


def _docx_bars(doc: Any, bars: list[dict[str, Any]], first: str = "") -> None:
    _docx_table(doc, [first, "Number"], [[b["label"], str(b["value"])] for b in bars] or [["None", "0"]])


def _pct(value: float | None) -> str:
    return "no cases" if value is None else f"{value}%"


def _docx_table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def latest_assessment(year: int) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(year=year).order_by("-approved_on", "-recorded_at").first()
