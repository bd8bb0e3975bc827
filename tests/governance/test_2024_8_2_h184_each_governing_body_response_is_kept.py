"""2024 8.2: "The annual self-assessment and report must be reported to the landlord's governing body.
The response of the governing body must be published alongside this." The response was kept on the
annual report and a second one replaced the first with no trace: the submission pack already sent to
the Ombudsman then showed words the governing body gave later, and the self-assessment taken as at a
moment before any response was recorded counted the report as published with its response. Each
response is now kept (who recorded it, when); the page shows the latest and the earlier ones; the pack
and the self-assessment's 8.2 read what was recorded by their own moment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from governance.test_2024_8_2_h189_the_governing_body_is_told_of_the_report_on_or_after_the_day_it_was_made import (
    produced_on,
)
from governance.test_governance_submission import _approved

from putright.governance import evidence, services, submission
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.oversight_views import pack_context
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db

FIRST = "The Board accepts the report."
SECOND = "The Board accepts the report and asks for a plan on damp and mould by March."


def _respond(report: Any, officer: Any, words: str, on: date = date(2026, 6, 10)) -> None:
    # made (its run) before the meetings it is reported to (2024 8.2)
    produced_on(report, date(2026, 6, 1))
    services.record_governing_body_response(report=report, actor=officer, reported_on=on, response=words)


def test_2024_8_2_a_second_response_keeps_the_first_with_who_recorded_each_and_when(officer: Any) -> None:
    report = services.produce_annual_report(actor=officer, year=2025)
    _respond(report, officer, FIRST)
    _respond(report, officer, SECOND, on=date(2026, 7, 8))
    kept = list(
        report.governing_body_responses.order_by("recorded_at", "id").values_list(
            "reported_on", "response", "published", "recorded_by", "before_history"
        )
    )
    assert kept == [
        (date(2026, 6, 10), FIRST, True, officer.pk, False),
        (date(2026, 7, 8), SECOND, True, officer.pk, False),
    ]
    report.refresh_from_db()  # the report's own columns are the latest
    assert (report.reported_to_governing_body_on, report.governing_body_response) == (
        date(2026, 7, 8),
        SECOND,
    )


def test_2024_8_2_the_annual_report_page_shows_the_latest_response_and_the_earlier_ones(
    officer: Any, signed_in_officer: Any
) -> None:
    report = services.produce_annual_report(actor=officer, year=2025)
    _respond(report, officer, FIRST)
    _respond(report, officer, SECOND, on=date(2026, 7, 8))
    page = signed_in_officer.get(f"/governance/reports/annual/{report.year}/").content.decode()
    latest, earlier = page.split("Earlier responses recorded", 1)
    assert SECOND in latest and FIRST not in latest
    assert FIRST in earlier and "10 June 2026" in earlier


def test_2024_8_2_the_self_assessment_reads_the_response_recorded_by_its_moment(officer: Any) -> None:
    report = services.produce_annual_report(actor=officer, year=2025)
    before = timezone.now()
    _respond(report, officer, FIRST)
    year = Period.reporting_year(2025)

    def state(as_at: AsAt) -> str:
        found = evidence.evaluate("2024", "8.2", evidence.context(Scope(year, as_at)))
        assert found is not None
        return found.state

    assert state(AsAt(day=timezone.localdate(), moment=before)) == evidence.CANNOT_SHOW
    assert state(AsAt.now()) != evidence.CANNOT_SHOW


def test_2024_8_2_the_submission_pack_shows_the_response_as_it_was_when_submitted(
    officer: Any, landlord: Any
) -> None:
    assessment = _approved(officer)
    report = services.produce_annual_report(actor=officer, year=assessment.year)
    _respond(report, officer, FIRST)
    pack = submission.prepare_submission(
        actor=officer, assessment=assessment, complaints_policy_url="https://testshire.example/policy"
    )
    submission.record_submitted(submission=pack, actor=officer, submitted_on=timezone.localdate())
    _respond(report, officer, SECOND, on=date(2026, 7, 8))
    pack.refresh_from_db()
    shown = dict((label, value) for label, value, _ in pack_context(pack)["section_one"])
    assert shown["The governing body's response (as recorded)"] == FIRST
