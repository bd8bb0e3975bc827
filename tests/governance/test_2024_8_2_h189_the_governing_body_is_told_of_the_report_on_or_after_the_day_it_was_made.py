"""2024 8.2: "The annual self-assessment and report must be reported to the landlord's governing body."
The day it was reported could be before the annual report was made (its run's day): the record said
the governing body was told of figures that did not exist yet, and the self-assessment counted the
report as reported from that day. Refused on the date, in the words a report received is refused by
(2024 9.7, ``before_produced``), with what was typed kept."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.models import AnnualReport, ReportRun

pytestmark = pytest.mark.django_db

RESPONSE = "The Board accepts the report."


def produced_on(report: AnnualReport, day: date) -> AnnualReport:
    """``report`` as if made on ``day`` (its run's moment), so a test may record it reported on a
    day before today."""
    ReportRun.objects.filter(pk=report.run_id).update(
        recorded_at=timezone.make_aware(datetime.combine(day, time(9)))
    )
    report.refresh_from_db()
    return report


def test_2024_8_2_the_governing_body_is_not_told_of_the_report_before_it_was_made(officer: Any) -> None:
    report = services.produce_annual_report(actor=officer, year=2025)
    made = timezone.localdate(report.run.recorded_at)
    with pytest.raises(InvalidRequest) as refused:
        services.record_governing_body_response(
            report=report, actor=officer, reported_on=made - timedelta(days=1), response=RESPONSE
        )
    assert refused.value.provision == "2024 8.2"
    assert refused.value.fields == (
        (
            "reported_on",
            f"Date reported to the governing body must be on or after the day the report was produced, "
            f"{made:%-d %B %Y}",
        ),
    )
    report.refresh_from_db()
    assert report.reported_to_governing_body_on is None and not report.governing_body_responses.exists()
    # not over-enforced: the day it was made is a day it may be reported
    services.record_governing_body_response(report=report, actor=officer, reported_on=made, response=RESPONSE)
    report.refresh_from_db()
    assert report.reported_to_governing_body_on == made


def test_2024_8_2_the_annual_report_page_refuses_a_day_before_the_report_was_made_on_its_date(
    signed_in_officer: Any, officer: Any
) -> None:
    report = produced_on(services.produce_annual_report(actor=officer, year=2025), date(2026, 5, 12))
    response = signed_in_officer.post(
        f"/governance/reports/annual/{report.year}/",
        {
            "reported_on-day": "11",
            "reported_on-month": "5",
            "reported_on-year": "2026",
            "response": RESPONSE,
            "publish": "on",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert RESPONSE in html  # nothing typed is lost
    assert _summary(html) == [
        (
            "#id_reported_on",
            "Date reported to the governing body must be on or after the day the report was produced, "
            "12 May 2026",
        )
    ]
    assert _marked_in_error(html, "id_reported_on")
    report.refresh_from_db()
    assert report.reported_to_governing_body_on is None and not report.published


def test_2024_8_2_a_report_produced_again_may_be_recorded_as_reported_from_its_first_version(
    officer: Any,
) -> None:
    """Not over-enforced: the report produced on 12 May, told to the governing body on 20 May and
    produced again (a correction) on 1 June may still be recorded as reported on 20 May; only a day
    before any version existed is refused."""
    first = produced_on(services.produce_annual_report(actor=officer, year=2025), date(2026, 5, 12))
    report = produced_on(services.produce_annual_report(actor=officer, year=2025), date(2026, 6, 1))
    assert report.run_id != first.run_id
    with pytest.raises(InvalidRequest) as refused:
        services.record_governing_body_response(
            report=report, actor=officer, reported_on=date(2026, 5, 11), response=RESPONSE
        )
    assert refused.value.fields == (
        (
            "reported_on",
            "Date reported to the governing body must be on or after the day the report was produced, "
            "12 May 2026",
        ),
    )
    services.record_governing_body_response(
        report=report, actor=officer, reported_on=date(2026, 5, 20), response=RESPONSE
    )
    report.refresh_from_db()
    assert report.reported_to_governing_body_on == date(2026, 5, 20)
