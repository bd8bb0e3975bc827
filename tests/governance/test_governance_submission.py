"""The Ombudsman's annual submission: due date from size and year end, the pack's two sections from
the approved self-assessment, reminders 8 and 2 weeks before, the record of submitting, and a
re-submission after a mid-year review (2024 8.3, 8.4). Also homes owned kept per year (TSM)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail

from putright.accounts.models import Role, User
from putright.code.errors import InvalidRequest
from putright.governance import services, submission
from putright.governance.models import AnnualSubmission, Appointment, SubmissionReminder
from putright.governance.tsm import tenant_satisfaction_measures


def test_due_date_over_1000_homes_is_30_september_and_smaller_6_months_after_year_end() -> None:
    assert submission.due_date(homes=1001, year_end=date(2026, 3, 31)) == date(2026, 9, 30)
    assert submission.due_date(homes=1000, year_end=date(2026, 3, 31)) == date(2026, 9, 30)
    assert submission.due_date(homes=400, year_end=date(2025, 12, 31)) == date(2026, 6, 30)
    assert submission.due_date(homes=400, year_end=date(2026, 8, 31)) == date(2027, 2, 28)
    assert submission.due_date(homes=5000, year_end=date(2025, 12, 31)) == date(2026, 9, 30)


def test_the_due_date_reads_the_years_size_and_financial_year_end(officer: Any, landlord: Any) -> None:
    assert submission.due_for_year(2025) == date(2026, 9, 30)  # 2,000 homes now
    services.record_homes_owned(actor=officer, year=2025, homes=800, financial_year_end=date(2025, 12, 31))
    assert submission.due_for_year(2025) == date(2026, 6, 30)


def test_tsm_rates_for_a_past_year_keep_that_years_homes(officer: Any, landlord: Any, journey: Any) -> None:
    journey(date(2024, 6, 3))
    journey(date(2024, 7, 1))
    services.record_homes_owned(actor=officer, year=2024, homes=1000)
    assert tenant_satisfaction_measures(2024).ch01_1 == 2.0
    landlord.homes = 4000  # today's stock changes; last year's rate does not
    landlord.save()
    assert tenant_satisfaction_measures(2024).ch01_1 == 2.0
    assert tenant_satisfaction_measures(2025).homes == 4000  # no figure for 2025: today's stock


def _approved(officer: Any, year: int = 2025, edition: str = "2024") -> Any:
    assessment = services.start_self_assessment(actor=officer, year=year, edition=edition)
    for entry in assessment.entries.all():
        if entry.provision == "9.4":
            services.answer_provision(
                entry=entry,
                actor=officer,
                comply="no",
                actions="Appoint a senior lead and review themes quarterly.",
                actions_by=date(2026, 12, 31),
            )
            continue
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            policy_reference="Complaints policy",
            contradiction_explanation="Explained to the Board." if entry.state == "non_compliance" else "",
        )
    return services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=date(2026, 5, 20), approved_by="Board, minute 9"
    )


def test_the_pack_has_section_1_links_and_section_2_yes_no_with_actions(officer: Any, landlord: Any) -> None:
    assessment = _approved(officer)
    with pytest.raises(InvalidRequest):
        submission.prepare_submission(actor=officer, assessment=assessment, complaints_policy_url="")
    pack = submission.prepare_submission(
        actor=officer,
        assessment=assessment,
        complaints_policy_url="https://testshire.example/complaints-policy",
        annual_report_url="https://testshire.example/annual-report",
    )
    assert pack.due_on == date(2026, 9, 30) and pack.organisation == "Testshire Homes" and pack.homes == 2000
    rows = {r.provision: r for r in submission.section_two(pack)}
    assert rows["9.4"].answer == "No" and rows["9.4"].by == date(2026, 12, 31)
    assert "Appoint a senior lead" in rows["9.4"].actions
    assert rows["1.2"].answer == "Yes" and rows["1.2"].actions == ""
    with pytest.raises(InvalidRequest):  # one pack at a time
        submission.prepare_submission(
            actor=officer, assessment=assessment, complaints_policy_url="https://x.example/"
        )


def test_a_draft_self_assessment_cannot_be_submitted(officer: Any, landlord: Any) -> None:
    draft = services.start_self_assessment(actor=officer, year=2025)
    with pytest.raises(InvalidRequest) as refused:
        submission.prepare_submission(
            actor=officer, assessment=draft, complaints_policy_url="https://x.example/"
        )
    assert refused.value.provision == "2024 8.2"


def test_2024_8_4_resubmission_after_a_mid_year_review(officer: Any, landlord: Any) -> None:
    first = _approved(officer)
    pack = submission.prepare_submission(
        actor=officer, assessment=first, complaints_policy_url="https://x.example/p"
    )
    submission.record_submitted(
        submission=pack, actor=officer, submitted_on=date(2026, 9, 1), ombudsman_reference="HOS-1"
    )
    assert pack.submitted_by == officer and pack.submitted_recorded_at is not None
    with pytest.raises(InvalidRequest):
        submission.record_submitted(submission=pack, actor=officer, submitted_on=date(2026, 9, 2))
    services.record_compliance_trigger(
        actor=officer,
        kind="ombudsman_request",
        on=date(2026, 10, 1),
        description="Asked to review after HOS-1",
    )
    with pytest.raises(InvalidRequest):  # the same self-assessment, and no reason
        submission.prepare_submission(
            actor=officer, assessment=first, complaints_policy_url="https://x.example/p"
        )
    reviewed = _approved(officer)
    again = submission.prepare_submission(
        actor=officer,
        assessment=reviewed,
        complaints_policy_url="https://x.example/p",
        resubmission_reason="Reviewed at the Ombudsman's request after HOS-1 (8.4).",
    )
    assert again.replaces == pack and again.due_on is None and str(again).startswith("Re-submission")


def test_reminders_go_8_and_2_weeks_before_to_the_complaints_officer_and_mrc_once(
    officer: Any, landlord: Any
) -> None:
    officer.email = "officer@testshire.example"
    officer.save()
    mrc = User.objects.create_user(
        "mrc", email="mrc@testshire.example", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS
    )
    User.objects.create_user("handler9", email="h9@testshire.example")  # a handler is not reminded
    appointed = User.objects.create_user("chair", email="chair@testshire.example")
    services.record_appointment(
        actor=officer,
        kind=Appointment.Kind.MRC,
        person="Chair",
        user=appointed,
        appointed_on=date(2026, 1, 1),
    )
    due = date(2026, 9, 30)
    assert submission.send_submission_reminders(today=date(2026, 8, 4)).sent == []  # more than 8 weeks before
    run = submission.send_submission_reminders(today=date(2026, 8, 5))
    assert run.sent == [f"2025/26: 8 weeks before {due.isoformat()}"]
    assert sorted(mail.outbox[0].to) == sorted([officer.email, mrc.email, appointed.email])
    assert "due by 30 September 2026" in mail.outbox[0].body
    assert submission.send_submission_reminders(today=date(2026, 8, 6)).sent == []  # never twice
    assert submission.send_submission_reminders(today=date(2026, 9, 16)).sent == [
        f"2025/26: 2 weeks before {due.isoformat()}"
    ]
    assert SubmissionReminder.objects.count() == 2 and len(mail.outbox) == 2
    assert (
        submission.send_submission_reminders(today=date(2026, 10, 1)).sent == []
    )  # past due: not a reminder


def test_no_reminder_once_submitted(officer: Any, landlord: Any) -> None:
    officer.email = "officer@testshire.example"
    officer.save()
    pack = submission.prepare_submission(
        actor=officer, assessment=_approved(officer), complaints_policy_url="https://x.example/p"
    )
    submission.record_submitted(submission=pack, actor=officer, submitted_on=date(2026, 6, 1))
    assert submission.send_submission_reminders(today=date(2026, 9, 16)).sent == []


def test_submission_pages_and_pdf(officer: Any, landlord: Any, signed_in_officer: Any, tmp_path: Any) -> None:
    import subprocess

    assessment = _approved(officer)
    page = signed_in_officer.get("/governance/submission/").content.decode()
    assert "30 September 2026" in page and "Prepare the pack" in page
    response = signed_in_officer.post(
        "/governance/submission/", {"assessment": assessment.pk, "complaints_policy_url": "not a link"}
    )
    assert response.status_code == 422 and AnnualSubmission.objects.count() == 0
    response = signed_in_officer.post(
        "/governance/submission/",
        {"assessment": assessment.pk, "complaints_policy_url": "https://testshire.example/policy"},
    )
    pack = AnnualSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/governance/submission/{pack.pk}/"
    html = signed_in_officer.get(f"/governance/submission/{pack.pk}/").content.decode()
    assert "Section 1: the organisation" in html and "Section 2: compliance with the Code" in html
    assert "https://testshire.example/policy" in html and "Appoint a senior lead" in html
    path = tmp_path / "pack.pdf"
    path.write_bytes(signed_in_officer.get(f"/governance/submission/{pack.pk}/?format=pdf").content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert (
        "Housing Ombudsman annual submission 2025/26: Testshire Homes" in text
        and "Due by 30 September 2026" in text
    )
    assert (
        signed_in_officer.post(
            f"/governance/submission/{pack.pk}/", {"submitted_on": "2026-06-02"}
        ).status_code
        == 302
    )
    pack.refresh_from_db()
    assert pack.submitted_on == date(2026, 6, 2) and pack.submitted_by == officer


def test_2024_8_1_the_annual_report_lists_each_no_with_its_actions_and_date(
    officer: Any, landlord: Any, signed_in_officer: Any
) -> None:
    _approved(officer)
    services.produce_annual_report(actor=officer, year=2025)
    page = signed_in_officer.get("/governance/reports/annual/2025/").content.decode()
    assert "Appoint a senior lead and review themes quarterly." in page and "31 December 2026" in page
