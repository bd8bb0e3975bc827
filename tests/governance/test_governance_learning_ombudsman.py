"""Learning register (2024 9.1-9.4), the Ombudsman's process (9.7 c) and exceptional circumstances (8.5)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from putright.code.errors import InvalidRequest
from putright.complaints import services as complaint_services
from putright.governance import reports, services
from putright.governance.facts import AsAt
from putright.governance.measures import Period, extra_figures, ombudsman_summary
from putright.governance.models import FactSnapshot, ServiceImprovement
from putright.governance.performance import Scope

YEAR = Period.reporting_year(2025)


@pytest.fixture
def three(journey):  # type: ignore[no-untyped-def]
    d = date
    return [
        journey(
            d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18), category="Damp and mould", area="East"
        ),
        journey(
            d(2025, 6, 9), ack=d(2025, 6, 10), respond=d(2025, 6, 20), category="Damp and mould", area="East"
        ),
        journey(
            d(2025, 7, 1),
            ack=d(2025, 7, 2),
            respond=d(2025, 7, 4),
            escalate=d(2025, 7, 7),
            ack2=d(2025, 7, 8),
            respond2=d(2025, 7, 30),
            refer=d(2025, 8, 15),
        ),
    ]


def test_2024_9_1_service_improvement_links_many_complaints_and_their_learning(three, officer):  # type: ignore[no-untyped-def]
    complaint_services.record_learning_point(
        complaint=three[0], actor=officer, description="Surveys booked too late"
    )
    improvement = services.record_service_improvement(
        actor=officer,
        title="Damp surveys within 5 working days",
        description="Book surveys at triage",
        complaints=three[:2],
        owner=officer,
        due=date(2025, 9, 30),
    )
    assert set(improvement.complaints.all()) == set(three[:2])
    assert improvement.learning_points.count() == 1
    with pytest.raises(InvalidRequest):
        services.record_service_improvement(actor=officer, title="x", description="y", complaints=[])
    with pytest.raises(InvalidRequest):
        services.update_service_improvement(improvement=improvement, actor=officer, status="done")
    services.update_service_improvement(
        improvement=improvement, actor=officer, status="done", outcome="Surveys now in 4 days"
    )
    assert ServiceImprovement.objects.get().completed_on is not None


def test_2024_9_4_systemic_review_recorded_with_date_and_findings(three, officer, signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/learning/",
        {
            "sr-reviewed_on": "2025-10-01",
            "sr-period_from": "2025-04-01",
            "sr-period_to": "2025-09-30",
            "sr-findings": "Damp and mould complaints cluster in the East area.",
            "sr-systemic_issues": "Survey backlog",
        },
    )
    assert response.status_code == 302
    page = signed_in_officer.get("/governance/learning/").content.decode()
    assert "Damp and mould complaints cluster in the East area." in page
    # the review is the MRC's and the governing body's to read (2024 9.6), which the form says (h192)
    assert "The MRC and the governing body read this review" in page


def test_learning_form_rejects_unknown_complaints(three, signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/learning/",
        {
            "si-title": "T",
            "si-description": "D",
            "si-complaint_references": "PR-999999",
            "si-status": "planned",
        },
    )
    assert (
        response.status_code == 422 and "No complaint with reference PR-999999" in response.content.decode()
    )
    ok = signed_in_officer.post(
        "/governance/learning/",
        {
            "si-title": "Damp surveys",
            "si-description": "Faster",
            "si-complaint_references": f"{three[0].reference}, {three[1].reference}",
            "si-status": "planned",
        },
    )
    assert ok.status_code == 302 and ServiceImprovement.objects.get().complaints.count() == 2


def test_2024_9_7_c_ombudsman_case_findings_orders_and_compliance(three, officer, signed_in_officer):  # type: ignore[no-untyped-def]
    case = services.open_ombudsman_case(
        actor=officer, complaint=three[2], referred_on=date(2025, 8, 15), reference="202512345"
    )
    services.update_ombudsman_case(
        case=case, actor=officer, progress="investigation", investigation_started_on=date(2025, 9, 1)
    )
    assert ombudsman_summary(YEAR, AsAt.of(date(2025, 10, 1)))["open_investigations"] == 1
    services.record_ombudsman_finding(
        case=case,
        actor=officer,
        element="Complaint handling",
        finding="maladministration",
        determined_on=date(2025, 11, 3),
        complaint_handling=True,
    )
    services.record_ombudsman_finding(
        case=case,
        actor=officer,
        element="Repairs",
        finding="severe_maladministration",
        determined_on=date(2025, 11, 3),
    )
    order = services.record_ombudsman_order(
        case=case,
        actor=officer,
        kind="order",
        description="Pay £400",
        due=date(2025, 12, 1),
        amount_pence=40000,
    )
    before = timezone.now()
    extras = extra_figures(YEAR, AsAt.now())
    assert extras["ombudsman_adverse"].value == 2 and extras["ombudsman_orders_overdue"].value == 1
    services.record_order_compliance(
        order=order,
        actor=officer,
        complied_on=date(2025, 11, 28),
        evidence_text="Paid on 28 Nov",
        evidence_file=ContentFile(b"%PDF-1.4 receipt", name="receipt.pdf"),
    )
    assert extra_figures(YEAR, AsAt.now())["ombudsman_orders_overdue"].value == 0
    # as the records stood before compliance was recorded, the order was overdue
    assert (
        extra_figures(YEAR, AsAt(day=date(2026, 3, 31), moment=before))["ombudsman_orders_overdue"].value == 1
    )
    page = signed_in_officer.get(f"/governance/ombudsman/{case.pk}/").content.decode()
    assert "Complied on 28 November 2025" in page
    scope = Scope(YEAR, AsAt.of(date(2026, 3, 31)))
    context = reports.mrc_context(scope, officer)
    assert len(context["ombudsman"]["non_compliance"]) == 1


def test_ombudsman_case_form(three, signed_in_officer):  # type: ignore[no-untyped-def]
    bad = signed_in_officer.post(
        "/governance/ombudsman/",
        {"complaint_reference": "NOPE", "referred_on": "2025-08-15", "progress": "referred"},
    )
    assert "No complaint with reference NOPE" in bad.content.decode()
    ok = signed_in_officer.post(
        "/governance/ombudsman/",
        {"complaint_reference": three[2].reference, "referred_on": "2025-08-15", "progress": "referred"},
    )
    assert ok.status_code == 302


def test_2024_8_5_exceptional_circumstances_shown_for_the_affected_period(three, officer, signed_in_officer):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidRequest):
        services.record_exceptional_circumstance(
            actor=officer,
            title="Cyber incident",
            description="Systems down",
            started_on=date(2025, 6, 1),
            return_to_compliance_by=date(2025, 7, 1),
            ombudsman_informed_on=date(2025, 6, 2),
            told_ombudsman="",
            residents_informed_on=date(2025, 6, 3),
            told_residents="Letters sent",
        )
    services.record_exceptional_circumstance(
        actor=officer,
        title="Cyber incident",
        description="Systems down",
        started_on=date(2025, 6, 1),
        ended_on=date(2025, 6, 20),
        return_to_compliance_by=date(2025, 7, 1),
        ombudsman_informed_on=date(2025, 6, 2),
        told_ombudsman="Told by email on 2 June",
        residents_informed_on=date(2025, 6, 3),
        told_residents="Letters sent",
    )
    june = signed_in_officer.get("/governance/?from=2025-06-01&to=2025-06-30").content.decode()
    assert "Exceptional circumstances (2024 8.5): Cyber incident" in june
    august = signed_in_officer.get("/governance/?from=2025-08-01&to=2025-08-31").content.decode()
    assert "Cyber incident" not in august
    assert signed_in_officer.get("/governance/exceptional/").status_code == 200


def test_annual_report_re_run_as_at_its_moment_gives_identical_figures(three, officer):  # type: ignore[no-untyped-def]
    report = services.produce_annual_report(actor=officer, year=2025)
    first = report.run.figures
    # later: another complaint received in the year and a late stage 1 response recorded
    complaint_services.request_escalation(
        complaint=three[0],
        actor=None,
        actor_label="portal",
        on=date(2025, 9, 1),
        late_reason="Recorded after the report was produced",
    )
    FactSnapshot.objects.all().delete()  # recompute from the history, not from the cached facts
    again = reports.annual_figures(services.run_scope(report.run))
    assert again == first
    now = reports.annual_figures(Scope(YEAR, AsAt.of(date(2026, 3, 31))))
    assert now["tsm"]["stage_2_received"] == first["tsm"]["stage_2_received"] + 1
