"""A refused governance form comes back with what was typed, each problem on its field and in the
GOV.UK error summary (status 422), nothing recorded: the Ombudsman's publications about the landlord
(2024 8.1 e, f), the governing body's approval of the self-assessment (2024 8.1, 8.2) and compliance
with an Ombudsman order (2024 9.7 c). Found in a walk: the upload redirected to an empty form with a
banner of raw field names ("kind: This field is required.; published_on: ...")."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from putright.governance import services
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder, OmbudsmanPublication, SelfAssessment


def _summary(html: str) -> list[tuple[str, str]]:
    """The error summary's links: (href, message)."""
    body = html.split('class="govuk-error-summary"', 1)
    assert len(body) == 2, "no error summary on the page"
    listed = body[1].split("</ul>", 1)[0]
    return [(href, unescape(said)) for href, said in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed)]


def _marked_in_error(html: str, field_id: str) -> bool:
    """The field's own error message is beside it, and the field says so to a screen reader."""
    described = re.search(rf'aria-describedby="[^"]*{re.escape(field_id)}-error"', html)
    return f'id="{field_id}-error"' in html and described is not None


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
    assert href == "#main-content" and message.startswith("2024 8.1: answer every provision first")
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
