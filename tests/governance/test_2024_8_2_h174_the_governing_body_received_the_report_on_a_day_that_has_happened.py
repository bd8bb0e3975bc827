"""2024 8.2: "The annual self-assessment and report must be reported to the landlord's governing body.
The response of the governing body must be published alongside this." The day it was reported is a
day that has happened. The annual report page took a day next month (the board meeting planned, say),
and the self-assessment's 8.2 rule then counted the report as reported and published with its
response before the governing body had seen it: a proposed Yes the records did not yet bear."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
)

from putright.governance import evidence, services
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.models import AnnualReport
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db


def test_2024_8_2_a_report_to_the_governing_body_dated_in_the_future_is_refused_on_its_date(
    signed_in_officer, officer
):  # type: ignore[no-untyped-def]
    report = services.produce_annual_report(actor=officer, year=2025)
    later = timezone.localdate() + timedelta(days=30)
    response = signed_in_officer.post(
        f"/governance/reports/annual/{report.year}/",
        {
            "reported_on-day": str(later.day),
            "reported_on-month": str(later.month),
            "reported_on-year": str(later.year),
            "response": "The Board accepts the report.",
            "publish": "on",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "The Board accepts the report." in html  # nothing typed is lost
    assert _summary(html) == [
        ("#id_reported_on", "Date reported to the governing body must be today or in the past")
    ]
    assert _marked_in_error(html, "id_reported_on")
    report.refresh_from_db()
    assert report.reported_to_governing_body_on is None and not report.published


def test_2024_8_2_a_report_not_yet_reported_on_the_day_read_is_not_counted_as_reported(officer):  # type: ignore[no-untyped-def]
    """A report recorded (before this check) as reported on a day still to come is not yet reported."""
    report = services.produce_annual_report(actor=officer, year=2025)
    AnnualReport.objects.filter(pk=report.pk).update(
        reported_to_governing_body_on=timezone.localdate() + timedelta(days=30),
        governing_body_response="The Board accepts the report.",
        published=True,
    )
    found = evidence.evaluate("2024", "8.2", evidence.context(Scope(Period.reporting_year(2025), AsAt.now())))
    assert found is not None and found.state == evidence.CANNOT_SHOW
