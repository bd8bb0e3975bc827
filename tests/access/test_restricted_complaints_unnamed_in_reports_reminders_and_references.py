"""A complaint restricted to named staff (or outside a handler's work) is never named, nor confirmed
to exist, by the governance reports, the Ombudsman reminders or a field that takes a complaint
reference; what the person may see is named, the rest counted.

* The annual report (2024 8.1) is published (8.2): it lists every finding of non-compliance by the
  Ombudsman (8.1 c) by the Ombudsman's own case reference, and names no complaint.
* The MRC's quarterly report (9.7 c) names the complaints whose anonymised summary its reader may
  see (``summary_scope``) and counts the others in the words every list uses, relative to its reader:
  "1 on a complaint you cannot see" (never "1 on a restricted complaint", which says what the hidden
  complaint is).
* Each reminder about what we owe the Ombudsman names the cases its recipient may see
  (``ombudsman_case_scope``) and counts the others.
* The learning register's service improvement takes only references the person may see; a hidden one
  gets exactly the answer a made-up one gets (as the Ombudsman case form does).
* The putting-right pages link a complaint's own page only for people who may open it.

The access tests' landlord has one Ombudsman case on each complaint: ``own`` (the handler's team),
``other`` (another team), ``restricted`` (restricted to someone else) and ``unallocated``."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from access.conftest import World
from access.test_ombudsman_cases_only_where_the_complaint_may_be_seen import (
    RELATIONS,
    SEEN,
    _error_summary,
    _reference,
    _shown,
)
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from docx import Document
from letters.conftest import pdf_text

from putright.code.errors import InvalidRequest
from putright.governance import services as governance
from putright.governance.models import AnnualReport, ServiceImprovement
from putright.ombudsman import follow_through

pytestmark = pytest.mark.django_db


def _with_findings_and_orders(world: World) -> None:
    """Each case gets the Ombudsman's own reference, a finding of maladministration in our complaint
    handling (2024 8.1 c) and an order, all today."""
    today = timezone.localdate()
    for number, relation in enumerate(RELATIONS, start=1):
        case = world.cases[relation].ombudsman_case
        case.reference = f"20260{number:04d}"
        case.save(update_fields=["reference"])
        governance.record_ombudsman_finding(
            case=case,
            actor=None,
            element="How the complaint was handled",
            finding="maladministration",
            determined_on=today,
            complaint_handling=True,
        )
        governance.record_ombudsman_order(
            case=case, actor=None, kind="order", description="Apologise", due=today + timedelta(days=7)
        )


def _words(text: str) -> str:
    return " ".join(text.split())


def test_2024_8_1_c_the_published_annual_report_lists_every_finding_and_names_no_complaint(
    world: World,
) -> None:
    _with_findings_and_orders(world)
    year = world.governance["year"]
    report = governance.produce_annual_report(actor=world.users["officer"], year=year)
    governance.record_governing_body_response(
        report=report, actor=None, reported_on=timezone.localdate(), response="Noted.", publish=True
    )
    assert AnnualReport.objects.get(year=year).published
    public = world.client("anonymous").get(f"/published/annual-report/{year}/")
    assert public.status_code == 200
    governing_body_page = world.client("board").get(f"/governance/reports/annual/{year}/")
    for page in (public.content.decode(), governing_body_page.content.decode()):
        assert _shown(world, page) == set(), "the published report names no complaint"
        for relation in RELATIONS:  # 8.1 c: every finding of non-compliance, by the Ombudsman's reference
            assert (
                f"Ombudsman case {world.cases[relation].ombudsman_case.reference}: Maladministration" in page
            )


def _quarter_now() -> tuple[int, int]:
    today = timezone.localdate()
    return (today.year if today.month >= 4 else today.year - 1), (today.month - 4) % 12 // 3 + 1


@pytest.mark.parametrize(
    ("role", "not_named"),
    [
        ("mrc", "1 on a complaint you cannot see"),
        ("board", "1 on a complaint you cannot see"),
        ("handler", "2 on complaints you cannot see"),
    ],
)
def test_2024_9_7_c_the_mrc_report_names_only_complaints_the_reader_may_see(
    world: World, role: str, not_named: str
) -> None:
    _with_findings_and_orders(world)
    year, quarter = _quarter_now()
    response = world.client(role).get(f"/governance/reports/mrc/{year}/q{quarter}.pdf")
    assert response.status_code == 200
    text = _words(pdf_text(response.content))
    assert _shown(world, text) == SEEN[role]
    assert f"Findings in the period not listed here: {not_named}." in text
    assert f"Orders and recommendations not listed here: {not_named}." in text
    # one wording for a hidden row, as the service improvements in the same report say it
    assert "restricted complaint" not in text and "outside the ones you work on" not in text


def _docx_text(data: bytes) -> str:
    """A Word document's words, its paragraphs then its tables' cells, read back with python-docx."""
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


def _mrc_report_texts(world: World, role: str) -> dict[str, str]:
    """The MRC's quarterly report for ``role`` as the PDF and the Word document read."""
    year, quarter = _quarter_now()
    texts = {}
    for fmt, read in (("pdf", pdf_text), ("docx", _docx_text)):
        response = world.client(role).get(f"/governance/reports/mrc/{year}/q{quarter}.{fmt}")
        assert response.status_code == 200
        texts[fmt] = _words(read(response.content))
    return texts


@pytest.mark.parametrize("role", ["officer", "mrc", "board", "handler", "superuser"])
def test_2024_9_7_c_the_mrc_reports_word_document_lists_the_ombudsmans_findings_and_orders_as_the_pdf_does(
    world: World, role: str
) -> None:
    """9.7 c: the MRC and the governing body are told of the Ombudsman's findings and orders, in
    whichever format they take the report: the Word document lists each determination and order the
    PDF lists for the same reader, with its case and complaint, and counts the same hidden ones."""
    _with_findings_and_orders(world)
    hidden = len(RELATIONS) - len(SEEN[role])
    for fmt, text in _mrc_report_texts(world, role).items():
        assert _shown(world, text) == SEEN[role], fmt
        for relation in RELATIONS:
            case, complaint = world.cases[relation].ombudsman_case.reference, _reference(world, relation)
            listed = {
                # the finding's row: the Ombudsman's case, the complaint, the element
                f"{case} {complaint} How the complaint",
                # the order with its case (the PDF wraps the rest of the cell onto another line)
                f"Order: Apologise (Ombudsman case {case},",
            }
            if fmt == "docx":
                listed.add(f"Order: Apologise (Ombudsman case {case}, complaint {complaint})")
            for words in listed:
                assert (words in text) == (relation in SEEN[role]), (fmt, relation, words)
        complaints_you_cannot_see = "a complaint" if hidden == 1 else "complaints"
        not_named = f"{hidden} on {complaints_you_cannot_see} you cannot see"
        assert (f"Findings in the period not listed here: {not_named}." in text) == bool(hidden), fmt
        assert (f"Orders and recommendations not listed here: {not_named}." in text) == bool(hidden), fmt


def test_2024_9_7_c_the_mrc_reports_word_document_counts_a_finding_on_a_complaint_the_mrc_cannot_see(
    world: World,
) -> None:
    """A finding and an order only on a restricted complaint: the MRC's report, PDF and Word alike,
    says one was made and names neither the complaint nor the Ombudsman's case."""
    case = world.cases["restricted"].ombudsman_case
    case.reference = "202609999"
    case.save(update_fields=["reference"])
    today = timezone.localdate()
    governance.record_ombudsman_finding(
        case=case,
        actor=None,
        element="How the complaint was handled",
        finding="maladministration",
        determined_on=today,
        complaint_handling=True,
    )
    governance.record_ombudsman_order(
        case=case, actor=None, kind="order", description="Apologise", due=today + timedelta(days=7)
    )
    for fmt, text in _mrc_report_texts(world, "mrc").items():
        assert "None listed" in text, fmt
        assert "Findings in the period not listed here: 1 on a complaint you cannot see." in text, fmt
        assert "Orders and recommendations not listed here: 1 on a complaint you cannot see." in text, fmt
        assert "202609999" not in text and _reference(world, "restricted") not in text, fmt
        assert "Apologise" not in text, fmt


def test_2024_9_7_c_each_ombudsman_reminder_names_only_cases_its_recipient_may_see(world: World) -> None:
    today = timezone.localdate()
    for relation in RELATIONS:
        case = world.cases[relation].ombudsman_case
        follow_through.record_evidence_request(case=case, actor=None, requested_on=today, due=today)
    people = [world.users[role] for role in ("mrc", "officer", "manager", "superuser")]
    run = follow_through.send_reminders(today=today, people=people)
    assert run.reminders == len(RELATIONS), "every item is reminded of, once"
    bodies = {message.to[0]: message.body for message in mail.outbox}
    for role in ("mrc", "officer", "manager", "superuser"):
        body = bodies[world.users[role].email]
        assert _shown(world, body) == SEEN[role], role
        hidden = len(RELATIONS) - len(SEEN[role])
        assert ("and 1 on a complaint you cannot see" in body) == (hidden == 1), role


@pytest.mark.parametrize("role", ["mrc", "manager"])
def test_2024_9_1_a_service_improvement_on_a_hidden_complaint_is_answered_as_one_on_nothing(
    world: World, role: str
) -> None:
    client = world.client(role)
    before = ServiceImprovement.objects.count()
    answers = {}
    for reference in (_reference(world, "restricted"), "PR-999999"):
        response = client.post(
            "/governance/learning/",
            {
                "si-title": "Faster repairs",
                "si-description": "Book repairs on the first call.",
                "si-complaint_references": reference,
                "si-status": "planned",
            },
        )
        assert response.status_code == 422
        text = response.content.decode()
        assert f"No complaint with reference {reference}" in text
        answers[reference] = _error_summary(text).replace(reference, "REF")
    assert answers[_reference(world, "restricted")] == answers["PR-999999"]
    assert ServiceImprovement.objects.count() == before
    with pytest.raises(InvalidRequest, match=_reference(world, "restricted")):
        governance.record_service_improvement(
            actor=world.users[role],
            title="Faster repairs",
            description="Book repairs on the first call.",
            complaints=[world.cases["restricted"].complaint],
        )
    assert ServiceImprovement.objects.count() == before


def test_2024_9_1_the_mrc_links_an_improvement_to_any_unrestricted_complaint(world: World) -> None:
    """Not over-enforced: the MRC records learning (README, access) on every complaint whose summary
    they see, another team's included."""
    response = world.client("mrc").post(
        "/governance/learning/",
        {
            "si-title": "Faster repairs",
            "si-description": "Book repairs on the first call.",
            "si-complaint_references": f"{_reference(world, 'other')} {_reference(world, 'unallocated')}",
            "si-status": "planned",
        },
    )
    assert response.status_code == 302
    improvement = ServiceImprovement.objects.get(title="Faster repairs")
    assert {c.reference for c in improvement.complaints.all()} == {
        _reference(world, "other"),
        _reference(world, "unallocated"),
    }


@pytest.mark.parametrize(("role", "links"), [("mrc", False), ("board", False), ("officer", True)])
def test_the_putting_right_pages_link_a_complaint_only_for_people_who_may_open_it(
    world: World, role: str, links: bool
) -> None:
    case = world.cases["own"].ombudsman_case
    today = timezone.localdate()
    follow_through.record_evidence_request(case=case, actor=None, requested_on=today, due=today)
    complaint_page = reverse("workspace:case", args=[case.complaint.reference])
    client = world.client(role)
    for url in (f"/putting-right/ombudsman-cases/{case.pk}/", "/putting-right/ombudsman-cases/"):
        page = client.get(url).content.decode()
        assert case.complaint.reference in page, url
        assert (f'href="{complaint_page}"' in page) == links, url
    assert (client.get(complaint_page).status_code == 200) == links, "the link is where the page opens"
