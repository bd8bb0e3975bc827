"""The MRC's quarterly report (2024 9.7) lists every service improvement in the period, whoever reads
it: the learning the Code wants reported to the MRC and the governing body (9.3, 9.6, 9.7). The
complaints that raised an improvement are what could identify a resident, so the report (PDF and
DOCX) names them only to a reader who may see their anonymised summary (``summary_scope``), links
them only for one who may open them (``workspace.view_complaint``), and counts the others in the
learning register's words ("1 on a complaint you cannot see"). The annual report is published (8.2):
it names none and counts each improvement's complaints (8.1 d).

The access tests' landlord: ``own`` (the handler's team, North), ``other`` (team South),
``restricted`` (North, restricted to someone else) and ``unallocated``."""

from __future__ import annotations

import io

import pytest
from access.conftest import World
from access.test_ombudsman_cases_only_where_the_complaint_may_be_seen import (
    RELATIONS,
    SEEN,
    _reference,
    _shown,
)
from access.test_restricted_complaints_unnamed_in_reports_reminders_and_references import (
    _docx_text,
    _quarter_now,
    _words,
)
from access.test_the_learning_register_names_only_complaints_the_reader_may_see import (
    OPENS,
    _learning_on_every_complaint,
)
from django.urls import reverse
from django.utils import timezone
from letters.conftest import pdf_text
from pypdf import PdfReader

from putright.governance import services as governance

pytestmark = pytest.mark.django_db


def _links(pdf: bytes) -> set[str]:
    """Every address the PDF links to."""
    return {
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    }


def _mrc_report(world: World, role: str, fmt: str) -> bytes:
    year, quarter = _quarter_now()
    response = world.client(role).get(f"/governance/reports/mrc/{year}/q{quarter}.{fmt}")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("role", ["mrc", "board", "handler"])
def test_2024_9_7_the_mrc_reports_improvements_name_only_complaints_the_reader_may_see(
    world: World, role: str
) -> None:
    _learning_on_every_complaint(world)
    hidden = len(RELATIONS) - len(SEEN[role])
    pdf = _mrc_report(world, role, "pdf")
    for text in (_words(pdf_text(pdf)), _words(_docx_text(_mrc_report(world, role, "docx")))):
        assert "Answer the phone" in text, "9.7: the improvement itself is reported to every reader"
        assert _shown(world, text) == SEEN[role]
        complaints_you_cannot_see = "a complaint" if hidden == 1 else "complaints"
        assert f"and {hidden} on {complaints_you_cannot_see} you cannot see" in text
    assert _links(pdf) == {
        f"http://testserver{reverse('workspace:case', args=[_reference(world, relation)])}"
        for relation in OPENS[role]
    }, "a complaint is linked only where the reader may open it"


@pytest.mark.parametrize("role", ["mrc", "handler"])
def test_2024_9_3_an_improvement_raised_only_by_complaints_the_reader_cannot_see_is_still_reported(
    world: World, role: str
) -> None:
    """Not over-enforced: 9.3 and 9.7 want the learning reported; only the complaint is withheld."""
    governance.record_service_improvement(
        actor=None,
        title="Named caseworkers",
        description="Restricted complaints get one owner.",
        complaints=[world.cases["restricted"].complaint],
    )
    text = _words(pdf_text(_mrc_report(world, role, "pdf")))
    assert "Named caseworkers" in text
    assert "1 on a complaint you cannot see" in text
    assert _reference(world, "restricted") not in text


def test_2024_9_7_the_superuser_is_told_of_no_complaint_hidden_in_the_mrc_report(world: World) -> None:
    _learning_on_every_complaint(world)
    text = _words(pdf_text(_mrc_report(world, "superuser", "pdf")))
    assert _shown(world, text) == set(RELATIONS)
    assert "you cannot see" not in text


def test_2024_8_2_the_published_annual_report_counts_an_improvements_complaints_and_names_none(
    world: World,
) -> None:
    _learning_on_every_complaint(world)
    year = world.governance["year"]
    report = governance.produce_annual_report(actor=world.users["officer"], year=year)
    governance.record_governing_body_response(
        report=report, actor=None, reported_on=timezone.localdate(), response="Noted.", publish=True
    )
    for role, url in (
        ("anonymous", f"/published/annual-report/{year}/"),
        ("officer", f"/governance/reports/annual/{year}/"),
    ):
        page = world.client(role).get(url).content.decode()
        section = page[page.index("d. Service improvements") : page.index("e. The Ombudsman")]
        assert "Answer the phone" in section, "8.1 d: the improvement is reported"
        assert f"<td>{len(RELATIONS)}</td>" in section, "8.1 d: with how many complaints raised it"
        assert _shown(world, section) == set(), "8.2: the published report names no complaint"
