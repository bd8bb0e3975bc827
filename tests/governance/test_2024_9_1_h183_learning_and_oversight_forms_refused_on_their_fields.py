"""The last governance forms that answered a refusal with a banner (at 200, or after a redirect to
an empty form) now answer as the rest of the product: at 422, with what was typed, each problem on
its field, named by the field's ``aria-describedby`` and linked from the GOV.UK error summary, and
nothing recorded. The learning register's service improvement and its update (2024 9.1-9.3) and the
review of themes and trends (9.4); who is appointed (2024 4.1, 9.4, 9.5), homes owned, and a
quarterly report recorded as received by the MRC or the governing body (9.7)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from refused_form import marked_in_error, summary, title_says_error

from putright.governance import services
from putright.governance.measures import Period
from putright.governance.models import (
    Appointment,
    HomesOwned,
    ReportReceipt,
    ReportRun,
    ServiceImprovement,
    SystemicReview,
)

IMPROVEMENT = {
    "si-title": "Damp surveys within 5 working days",
    "si-description": "Book surveys at triage",
    "si-status": "planned",
    "si-outcome": "",
    "si-reported_to": "Board, 14 May",
}


def test_2024_9_1_a_service_improvement_naming_no_complaint_is_refused_on_its_complaints(
    signed_in_officer,
):  # type: ignore[no-untyped-def]
    """Was shown again at 200, the page's title not saying it was refused."""
    response = signed_in_officer.post(
        "/governance/learning/", {**IMPROVEMENT, "si-complaint_references": " "}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert 'value="Damp surveys within 5 working days"' in html and "Book surveys at triage" in html
    assert summary(html) == [("#id_si-complaint_references", "Enter the complaints that raised it")]
    assert marked_in_error(html, "id_si-complaint_references")
    assert not ServiceImprovement.objects.exists()


def test_2024_9_4_a_review_whose_period_ends_before_it_starts_is_refused_on_its_end(signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post(
        "/governance/learning/",
        {
            "sr-reviewed_on": "2025-10-01",
            "sr-period_from": "2025-09-30",
            "sr-period_to": "2025-04-01",
            "sr-findings": "Damp and mould complaints cluster in the East area.",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html) and "Damp and mould complaints cluster in the East area." in html
    assert summary(html) == [("#id_sr-period_to", "The period must end on or after the day it starts")]
    assert marked_in_error(html, "id_sr-period_to")
    assert not SystemicReview.objects.exists()
    # one summary, at the top of the page, not beside the form 6,000 px down it (walker-186)
    assert html.count('class="govuk-error-summary"') == 1
    assert html.index('class="govuk-error-summary"') < html.index('<h1 class="govuk-heading-l">')


@pytest.fixture
def improvement(journey, officer) -> ServiceImprovement:  # type: ignore[no-untyped-def]
    complaint = journey(date(2025, 6, 2), ack=date(2025, 6, 4), respond=date(2025, 6, 18))
    return services.record_service_improvement(
        actor=officer, title="Damp surveys", description="Book surveys at triage", complaints=[complaint]
    )


def test_2024_9_3_an_improvement_marked_done_without_what_changed_is_refused_on_its_outcome(
    signed_in_officer, improvement
):  # type: ignore[no-untyped-def]
    """The update had no form on any page, and its refusal was a banner after a redirect."""
    prefix = f"u{improvement.pk}"
    page = signed_in_officer.get("/governance/learning/").content.decode()
    assert f'action="/governance/learning/improvements/{improvement.pk}/"' in page
    response = signed_in_officer.post(
        f"/governance/learning/improvements/{improvement.pk}/",
        {f"{prefix}-status": "done", f"{prefix}-outcome": " ", f"{prefix}-reported_to": "MRC, June"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html) and 'value="MRC, June"' in html
    assert summary(html) == [
        (f"#id_{prefix}-outcome", "Enter what changed before marking the improvement done")
    ]
    assert marked_in_error(html, f"id_{prefix}-outcome")
    improvement.refresh_from_db()
    assert (improvement.status, improvement.reported_to) == ("planned", "")
    # with what changed, it is recorded
    done = signed_in_officer.post(
        f"/governance/learning/improvements/{improvement.pk}/",
        {f"{prefix}-status": "done", f"{prefix}-outcome": "Surveys now in 4 days"},
    )
    assert done.status_code == 302
    improvement.refresh_from_db()
    assert (improvement.status, improvement.outcome) == ("done", "Surveys now in 4 days")


APPOINTMENT = {"a-kind": "mrc", "a-person": "Cllr Amina Shah", "a-appointed_on": "2025-05-14"}


def test_2024_9_5_an_appointment_ending_before_it_began_is_refused_on_its_end(signed_in_officer):  # type: ignore[no-untyped-def]
    """Was a banner at 200 naming no field, over a form folded away."""
    response = signed_in_officer.post(
        "/governance/oversight/",
        {**APPOINTMENT, "a-ended_on": "2025-05-01", "a-minute": "Board 14 May 2025, minute 7"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert 'value="Cllr Amina Shah"' in html and 'value="Board 14 May 2025, minute 7"' in html
    assert summary(html) == [
        ("#id_a-ended_on", "Appointment ended on must be on or after the day they were appointed")
    ]
    assert marked_in_error(html, "id_a-ended_on")
    assert '<details class="govuk-details" open>' in html  # the refused form is not folded away
    assert not Appointment.objects.exists()


def test_homes_owned_that_are_negative_are_refused_on_the_number_at_422(signed_in_officer):  # type: ignore[no-untyped-def]
    response = signed_in_officer.post("/governance/oversight/", {"h-year": "2025", "h-homes": "-5"})
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html) and 'value="-5"' in html
    [(href, _)] = summary(html)
    assert href == "#id_h-homes" and marked_in_error(html, "id_h-homes")
    assert not HomesOwned.objects.exists()


@pytest.fixture
def run(officer) -> ReportRun:  # type: ignore[no-untyped-def]
    p = Period.quarter(2025, 1)
    return ReportRun.objects.create(
        kind=ReportRun.Kind.MRC_QUARTERLY,
        period_from=p.start,
        period_to=p.end,
        as_at_day=p.end,
        as_at_moment=timezone.now(),
        figures={},
        # made on the day after its quarter (the earliest it can have been received: 2024 9.7)
        recorded_at=timezone.make_aware(datetime.combine(p.end + timedelta(days=1), time(10))),
    )


def test_2024_9_7_a_report_received_before_it_was_produced_is_refused_on_its_date(signed_in_officer, run):  # type: ignore[no-untyped-def]
    """Was a banner after a redirect to the page, the date and the minute typed lost."""
    prefix = f"r{run.pk}"
    response = signed_in_officer.post(
        f"/governance/oversight/reports/{run.pk}/received/",
        {
            f"{prefix}-run": run.pk,
            f"{prefix}-body": "mrc",
            f"{prefix}-received_on": "2025-06-01",
            f"{prefix}-minute": "MRC briefing, item 3",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html) and 'value="MRC briefing, item 3"' in html
    assert 'value="mrc" checked' in html
    assert summary(html) == [
        (
            f"#id_{prefix}-received_on",
            "Received on must be on or after the day the report was produced, 1 July 2025",
        )
    ]
    assert marked_in_error(html, f"id_{prefix}-received_on")
    assert not ReportReceipt.objects.exists()


def test_2024_9_7_a_report_received_without_saying_by_whom_is_refused_on_its_question(signed_in_officer, run):  # type: ignore[no-untyped-def]
    prefix = f"r{run.pk}"
    day = timezone.localdate() - timedelta(days=1)
    response = signed_in_officer.post(
        f"/governance/oversight/reports/{run.pk}/received/",
        {f"{prefix}-run": run.pk, f"{prefix}-received_on": day.isoformat()},
    )
    assert response.status_code == 422
    html = response.content.decode()
    [(href, _)] = summary(html)
    assert href == f"#id_{prefix}-body_0" and marked_in_error(html, f"id_{prefix}-body")
    assert not ReportReceipt.objects.exists()
    recorded = signed_in_officer.post(
        f"/governance/oversight/reports/{run.pk}/received/",
        {f"{prefix}-run": run.pk, f"{prefix}-body": "mrc", f"{prefix}-received_on": day.isoformat()},
    )
    assert recorded.status_code == 302 and ReportReceipt.objects.get().received_on == day
