"""A refused governance form comes back with what was typed, each problem on its field and in the
GOV.UK error summary (status 422), nothing recorded: the Ombudsman's publications about the landlord
(2024 8.1 e, f), the governing body's approval of the self-assessment (2024 8.1, 8.2), an Ombudsman
case opened, its progress, findings, orders and compliance with them (2024 9.7 c), and exceptional
circumstances (2024 8.5). Found in a walk: the upload redirected to an empty form with a
banner of raw field names ("kind: This field is required.; published_on: ...")."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from refused_form import marked_in_error as _marked_in_error
from refused_form import summary as _summary
from refused_form import title_says_error as _title_says_error

from putright.governance import services
from putright.governance.models import (
    ExceptionalCircumstance,
    OmbudsmanCase,
    OmbudsmanOrder,
    OmbudsmanPublication,
    SelfAssessment,
)


def test_2024_8_1_e_f_an_upload_missing_its_kind_date_and_file_keeps_the_title_and_year(signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/reports/publications/", {"title": "Ombudsman annual letter 2025", "year": "2025"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Ombudsman annual letter 2025"' in html and 'value="2025"' in html
    summary = _summary(html)
    assert summary == [
        ("#id_kind", "Select the kind of publication"),
        ("#id_published_on", "Enter the date the Ombudsman published it"),
        ("#id_file", "Choose the publication's file"),
    ]
    for field_id in ("id_kind", "id_published_on", "id_file"):
        assert _marked_in_error(html, field_id), field_id
    assert "published_on:" not in html and "kind: This field is required" not in html
    assert not OmbudsmanPublication.objects.exists()


def test_2024_8_1_e_f_a_file_chosen_on_a_refused_upload_is_asked_for_again(signed_in_officer):  # type: ignore[no-untyped-def]
    """A browser never puts a chosen file back in a page: the person is told to choose it again,
    by the file input, rather than finding it gone on the next refusal."""
    response = signed_in_officer.post(
        "/governance/reports/publications/",
        {
            "title": "Ombudsman annual letter 2025",
            "kind": "annual_landlord_report",
            "year": "2025",
            "summary": "Two findings of maladministration.",
            "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert ("#id_file", "Choose the file again: a chosen file is not kept when the form is refused") in (
        _summary(html)
    )
    assert '<option value="annual_landlord_report" selected>' in html
    assert "Two findings of maladministration." in html
    assert not OmbudsmanPublication.objects.exists()


def test_2024_8_1_e_f_the_kind_of_publication_starts_with_a_prompt_not_dashes(signed_in_officer):  # type: ignore[no-untyped-def]
    html = signed_in_officer.get("/governance/reports/").content.decode()
    assert '<option value="" selected>Choose a kind</option>' in html
    assert "---------" not in html


def test_2024_8_1_e_f_a_complete_upload_is_recorded(signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/reports/publications/",
        {
            "title": "Ombudsman annual letter 2025",
            "kind": "annual_landlord_report",
            "year": "2025",
            "published_on": "2025-10-01",
            "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert OmbudsmanPublication.objects.get().published_on == date(2025, 10, 1)


@pytest.fixture
def answered(officer) -> SelfAssessment:  # type: ignore[no-untyped-def]
    assessment = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    for entry in assessment.entries.all():
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            contradiction_explanation="Explained." if entry.state == "non_compliance" else "",
        )
    return assessment


def test_2024_8_2_an_approval_missing_its_date_keeps_the_meeting_and_the_response(
    signed_in_officer, answered
):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        f"/governance/self-assessment/{answered.pk}/approve/",
        {"approved_by": "Board meeting, minute 12", "governing_body_response": "The Board accepts it."},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Board meeting, minute 12"' in html and "The Board accepts it." in html
    assert _summary(html) == [("#id_approved_on", "Enter the date the governing body approved it")]
    assert _marked_in_error(html, "id_approved_on")
    answered.refresh_from_db()
    assert answered.approved_on is None


def test_2024_8_2_an_approval_dated_in_the_future_is_refused_on_its_date(signed_in_officer, answered):  # type: ignore[no-untyped-def]
    """The date is what is wrong, so the error is on the date (it was above the form, linked to the
    top of the page), with the meeting and the response kept."""
    response = signed_in_officer.post(
        f"/governance/self-assessment/{answered.pk}/approve/",
        {
            "approved_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "approved_by": "Board meeting, minute 12",
            "governing_body_response": "The Board accepts it.",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Board meeting, minute 12"' in html and "The Board accepts it." in html
    assert _summary(html) == [
        ("#id_approved_on", "Date the governing body approved it must be today or in the past")
    ]
    assert _marked_in_error(html, "id_approved_on")
    answered.refresh_from_db()
    assert answered.approved_on is None


def test_2024_8_1_an_approval_before_every_answer_is_refused_on_the_page_with_what_was_typed(
    signed_in_officer, officer
):  # type: ignore[no-untyped-def]
    assessment = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    response = signed_in_officer.post(
        f"/governance/self-assessment/{assessment.pk}/approve/",
        {"approved_on": "2026-05-01", "approved_by": "Board meeting, minute 12"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Board meeting, minute 12"' in html and 'value="2026"' in html
    [(href, message)] = _summary(html)
    # linked to where the page says it, above the approval form (8e62c85), not the top of the page
    assert href == "#approval-problems" and message.startswith("2024 8.1: answer every provision first")
    assessment.refresh_from_db()
    assert assessment.approved_on is None


@pytest.fixture
def ombudsman_case(journey, officer) -> OmbudsmanCase:  # type: ignore[no-untyped-def]
    d = date
    complaint = journey(
        d(2025, 7, 1),
        ack=d(2025, 7, 2),
        respond=d(2025, 7, 4),
        escalate=d(2025, 7, 7),
        ack2=d(2025, 7, 8),
        respond2=d(2025, 7, 30),
        refer=d(2025, 8, 15),
    )
    return services.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=d(2025, 8, 15), reference="202512345"
    )


def test_2024_9_7_c_compliance_with_an_order_missing_its_evidence_keeps_the_date(
    officer, signed_in_officer, ombudsman_case
):  # type: ignore[no-untyped-def]
    d, case = date, ombudsman_case
    order = services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=d(2025, 12, 1)
    )
    prefix = f"c{order.pk}"
    response = signed_in_officer.post(
        f"/governance/ombudsman/{case.pk}/",
        {
            "action": "comply",
            "order": order.pk,
            f"{prefix}-complied_on-day": "28",
            f"{prefix}-complied_on-month": "11",
            f"{prefix}-complied_on-year": "2025",
            f"{prefix}-evidence_file": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt"),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="28"' in html and 'value="11"' in html
    assert _summary(html) == [
        (f"#id_{prefix}-evidence", "Enter the evidence of compliance"),
        (
            f"#id_{prefix}-evidence_file",
            "Choose the file again: a chosen file is not kept when the form is refused",
        ),
    ]
    assert _marked_in_error(html, f"id_{prefix}-evidence")
    assert OmbudsmanOrder.objects.get().complied_on is None


def test_2024_9_7_c_progress_with_a_start_date_that_is_no_date_is_refused_on_its_field(
    signed_in_officer, ombudsman_case
):  # type: ignore[no-untyped-def]
    """The case page's progress was refused with a banner over a page that had lost what was chosen;
    now it comes back with the progress chosen and the date typed, the problem on the date."""
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/",
        {
            "action": "progress",
            "progress": "investigation",
            "started-day": "31",
            "started-month": "2",
            "started-year": "2026",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="investigation" checked' in html
    assert 'value="31"' in html and 'value="2026"' in html
    assert _summary(html) == [("#id_started", "Date the Ombudsman started investigating must be a real date")]
    assert _marked_in_error(html, "id_started")
    ombudsman_case.refresh_from_db()
    assert (ombudsman_case.progress, ombudsman_case.investigation_started_on) == ("referred", None)


def test_2024_9_7_c_progress_not_chosen_is_refused_on_its_question(signed_in_officer, ombudsman_case):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/", {"action": "progress", "progress": "nowhere"}
    )
    assert response.status_code == 422
    [(href, message)] = _summary(response.content.decode())
    assert href == "#id_progress_0" and message.startswith("Select")
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.progress == "referred"


def test_2024_9_7_c_progress_is_recorded_from_the_case_page(signed_in_officer, ombudsman_case):  # type: ignore[no-untyped-def]
    page = signed_in_officer.get(f"/governance/ombudsman/{ombudsman_case.pk}/").content.decode()
    assert '<input type="hidden" name="action" value="progress">' in page
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/",
        {"action": "progress", "progress": "investigation", "started": "2025-09-01"},
    )
    assert response.status_code == 302
    ombudsman_case.refresh_from_db()
    assert (ombudsman_case.progress, ombudsman_case.investigation_started_on) == (
        "investigation",
        date(2025, 9, 1),
    )


def test_2024_8_2_the_governing_bodys_response_missing_its_date_keeps_the_response(
    signed_in_officer, officer
):  # type: ignore[no-untyped-def]
    report = services.produce_annual_report(actor=officer, year=2025)
    response = signed_in_officer.post(
        "/governance/reports/annual/2025/", {"response": "The Board accepts the report.", "publish": "on"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<title>Error: " in html and "The Board accepts the report." in html
    assert _summary(html) == [("#id_reported_on", "Enter the date reported to the governing body")]
    assert _marked_in_error(html, "id_reported_on")
    report.refresh_from_db()
    assert not report.published and report.governing_body_response == ""


def test_2024_9_7_c_a_case_referred_before_its_complaint_was_received_is_refused_on_its_referral_date(
    signed_in_officer, ombudsman_case
):  # type: ignore[no-untyped-def]
    """Opening a case dated before the complaint was received was a banner over the form (status
    200), linked to nothing; the referral date is what is wrong, so the error is on it."""
    complaint = ombudsman_case.complaint
    response = signed_in_officer.post(
        "/governance/ombudsman/",
        {
            "complaint_reference": complaint.reference,
            "reference": "202599999",
            "referred_on-day": "30",
            "referred_on-month": "6",
            "referred_on-year": "2025",
            "progress": "investigation",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html)
    assert f'value="{complaint.reference}"' in html and 'value="202599999"' in html
    assert 'value="30"' in html and '<option value="investigation" selected>' in html
    assert _summary(html) == [
        (
            "#id_referred_on",
            "Date referred to the Ombudsman must be on or after the day the complaint was received, "
            "1 July 2025",
        )
    ]
    assert _marked_in_error(html, "id_referred_on")
    assert list(OmbudsmanCase.objects.all()) == [ombudsman_case]


def test_2024_9_7_c_a_case_without_its_referral_date_is_refused_at_422(signed_in_officer, ombudsman_case):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/ombudsman/",
        {"complaint_reference": ombudsman_case.complaint.reference, "reference": "202599999"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html) and 'value="202599999"' in html
    assert ("#id_referred_on", "Enter the date referred to the Ombudsman") in _summary(html)
    assert _marked_in_error(html, "id_referred_on")
    assert OmbudsmanCase.objects.count() == 1


EXCEPTIONAL = {
    "title": "Cyber incident",
    "description": "Case management system encrypted by ransomware",
    "started_on": "2025-10-06",
    "return_to_compliance_by": "2025-12-01",
    "ombudsman_informed_on": "2025-10-07",
    "told_ombudsman": "Emailed the Ombudsman on 7 October",
    "residents_informed_on": "2025-10-08",
    "told_residents": "Letter to every resident with an open complaint",
}


def test_2024_8_5_exceptional_circumstances_restored_before_they_began_are_refused_on_the_restored_date(
    signed_in_officer,
):  # type: ignore[no-untyped-def]
    """An end before the start was a banner at 200 naming no field; it is the date compliance was
    restored that is wrong, so the error is on it, with everything typed kept."""
    response = signed_in_officer.post(
        "/governance/exceptional/",
        {**EXCEPTIONAL, "ended_on-day": "1", "ended_on-month": "10", "ended_on-year": "2025"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html)
    assert 'value="Cyber incident"' in html and "Letter to every resident with an open complaint" in html
    assert 'value="1"' in html and 'value="10"' in html
    assert _summary(html) == [
        (
            "#id_ended_on",
            "Date compliance was restored must be on or after the date the exceptional circumstances began",
        )
    ]
    assert _marked_in_error(html, "id_ended_on")
    assert not ExceptionalCircumstance.objects.exists()
    # a day compliance was restored on or after the day they began is recorded (2024 8.5 asks both)
    ok = signed_in_officer.post("/governance/exceptional/", {**EXCEPTIONAL, "ended_on": "2025-10-06"})
    assert ok.status_code == 302 and ExceptionalCircumstance.objects.get().ended_on == date(2025, 10, 6)


def test_2024_8_5_exceptional_circumstances_missing_what_residents_were_told_are_refused_at_422(
    signed_in_officer,
):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post("/governance/exceptional/", {**EXCEPTIONAL, "told_residents": " "})
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html) and 'value="Cyber incident"' in html
    [(href, _)] = _summary(html)
    assert href == "#id_told_residents" and _marked_in_error(html, "id_told_residents")
    assert not ExceptionalCircumstance.objects.exists()


def test_2024_9_7_c_a_finding_without_its_date_is_refused_on_its_date(signed_in_officer, ombudsman_case):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/",
        {
            "action": "finding",
            "f-element": "Repairs to the roof",
            "f-finding": "severe_maladministration",
            "f-complaint_handling": "on",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html)
    assert 'value="Repairs to the roof"' in html
    assert re.search(r'<option value="severe_maladministration" selected>', html)
    assert _summary(html) == [
        ("#id_f-determined_on", "Enter the date the Ombudsman determined the complaint")
    ]
    assert _marked_in_error(html, "id_f-determined_on")
    assert not ombudsman_case.findings.exists()
    ombudsman_case.refresh_from_db()
    assert (ombudsman_case.progress, ombudsman_case.determined_on) == ("referred", None)


def test_2024_9_7_c_an_order_without_its_due_date_is_refused_on_its_date(signed_in_officer, ombudsman_case):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/",
        {
            "action": "order",
            "o-kind": "order",
            "o-description": "Pay the resident for the distress",
            "o-amount_pence": "£400",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _title_says_error(html)
    assert "Pay the resident for the distress" in html and 'value="£400"' in html
    assert _summary(html) == [("#id_o-due", "Enter the date the order is due")]
    assert _marked_in_error(html, "id_o-due")
    assert not OmbudsmanOrder.objects.exists()
