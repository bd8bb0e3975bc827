"""2024 5.10 and 5.14 (and 5.15) name each failing adjustment or restriction by its resident's latest
complaint. For a self-assessment of a past year that must be the latest complaint *then*: one received
after the day assessed, or recorded after the moment, did not exist in the records of the time, and a
past year's evidence naming it is a record that could not have been written then."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from putright.complaints.models import ContactRestriction
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope
from putright.workspace import records

YEAR = Period.reporting_year(2025)  # 1 April 2025 to 31 March 2026
DAY = date(2026, 3, 31)


def _named(number: str, as_at: AsAt) -> list[str]:
    found = evidence.evaluate("2024", number, evidence.context(Scope(YEAR, as_at)))
    assert found is not None
    return [c.reference for c in found.cases]


def _restricted(journey, officer):  # type: ignore[no-untyped-def]
    first = journey(date(2025, 4, 1))
    records.record_restriction(
        complaint=first,
        actor=officer,
        restriction="Contact by email only",
        reason="Abusive calls to staff on 3 and 5 March 2025, recorded on the call log.",
        equality_considerations="No disability disclosed; email suits the resident's work pattern.",
        starts_on=date(2025, 5, 1),
        review_due=date(2025, 8, 1),
    )
    # recorded when it started, long before the assessment's moment; its review, due in the year, not done
    ContactRestriction.objects.update(
        recorded_at=datetime(2025, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    )
    records.record_adjustment(
        complaint=first,
        actor=officer,
        adjustment="Letters in large print",
        disclosed_disability="Partial sight",
        agreed_on=date(2025, 4, 1),
        review_due=date(2025, 10, 1),
    )
    return first


def test_2024_5_10_5_14_a_complaint_received_after_the_day_is_not_named_in_the_past_assessment(
    journey,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    first = _restricted(journey, officer)
    later = journey(date(2026, 11, 2), resident=first.resident)
    for number in ("5.10", "5.14"):
        named = _named(number, AsAt.of(DAY))
        assert named and set(named) == {first.reference}, number
        # read now, the resident's latest complaint is the later one
        assert set(_named(number, AsAt.of(date(2026, 12, 1)))) == {later.reference}, number


def test_2024_5_14_a_complaint_recorded_after_the_moment_is_not_named_in_the_past_assessment(
    journey,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    first = _restricted(journey, officer)
    later = journey(date(2026, 3, 2), resident=first.resident)  # recorded as it happened, on 2 March
    # records as they stood on 1 March 2026, before the later complaint was received and entered
    before = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    assert set(_named("5.14", AsAt.of(DAY, before))) == {first.reference}
    assert set(_named("5.14", AsAt.of(DAY))) == {later.reference}
