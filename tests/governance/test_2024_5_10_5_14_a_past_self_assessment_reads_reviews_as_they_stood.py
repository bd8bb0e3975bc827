"""2024 5.10 ("keep [adjustments] under active review") and 5.14 ("keep restrictions under regular
review"), in a self-assessment for a past year: read as the records stood at the assessment's day and
moment, as every other rule reads them.

The rules read each adjustment's and restriction's latest dates. A review recorded after the moment
moves the next review on (or ends the restriction), so a past year whose review was overdue at the
time came to look reviewed: the self-assessment for it changed, and proposed compliance the records
of the time did not show. Each review after the day or the moment is now undone, from the amendment
that keeps what it changed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from putright.complaints.models import Complaint, ContactRestriction
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope
from putright.workspace import records

YEAR = Period.reporting_year(2025)  # 1 April 2025 to 31 March 2026
DAY = date(2026, 3, 31)
#: the assessment's moment: the morning after the year, before the reviews below were recorded
MOMENT = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def _show(number: str, as_at: AsAt) -> evidence.Evidence:
    found = evidence.evaluate("2024", number, evidence.context(Scope(YEAR, as_at)))
    assert found is not None
    return found


@pytest.fixture
def complaint(journey) -> Complaint:  # type: ignore[no-untyped-def]
    c = journey(date(2025, 4, 1))
    assert c.edition == "2024"
    return c


@pytest.fixture
def restriction(complaint: Complaint, officer) -> ContactRestriction:  # type: ignore[no-untyped-def]
    found, _ = records.record_restriction(
        complaint=complaint,
        actor=officer,
        restriction="Contact by email only",
        reason="Abusive calls to staff on 3 and 5 March 2025, recorded on the call log.",
        equality_considerations="No disability disclosed; email suits the resident's work pattern.",
        starts_on=date(2025, 5, 1),
        review_due=date(2025, 8, 1),
    )
    # recorded when it started, long before the assessment's moment
    ContactRestriction.objects.filter(pk=found.pk).update(
        recorded_at=datetime(2025, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    )
    return found


def _review(complaint: Complaint, restriction: ContactRestriction, officer, on: date, *, ends: bool) -> None:  # type: ignore[no-untyped-def]
    """The restriction reviewed on ``on``, recorded now: continued to 3 May 2027, or ended."""
    records.review_restriction(
        complaint=complaint,
        actor=officer,
        restriction=restriction,
        reviewed_on=on,
        decision="end" if ends else "continue",
        next_review_due=None if ends else date(2027, 5, 3),
        reason="Reviewed with the resident.",
    )


def _overdue_restriction(found: evidence.Evidence) -> None:
    assert found.state == "non_compliance"
    assert [c.why for c in found.cases] == ["restriction review due 1 August 2025 not done"]


@pytest.mark.parametrize(
    ("reviewed_on", "as_at"),
    [
        # reviewed after the day assessed
        (date(2026, 11, 2), AsAt.of(DAY)),
        # reviewed (late) within the year, but recorded after the assessment's moment
        (date(2026, 3, 2), AsAt.of(DAY, MOMENT)),
    ],
)
def test_2024_5_14_a_restriction_review_recorded_after_the_moment_leaves_the_past_assessment_unchanged(
    complaint: Complaint,
    restriction: ContactRestriction,
    officer,
    reviewed_on: date,
    as_at: AsAt,  # type: ignore[no-untyped-def]
) -> None:
    _overdue_restriction(_show("5.14", as_at))
    _review(complaint, restriction, officer, reviewed_on, ends=False)
    _overdue_restriction(_show("5.14", as_at))
    # read now, the review is on the record: nothing overdue
    assert _show("5.14", AsAt.of(date(2026, 12, 1))).cases == []


def test_2024_5_14_a_restriction_ended_after_the_day_was_in_force_then(
    complaint: Complaint,
    restriction: ContactRestriction,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    _review(complaint, restriction, officer, date(2026, 11, 2), ends=True)
    _overdue_restriction(_show("5.14", AsAt.of(DAY)))


def test_2024_5_10_an_adjustment_review_recorded_after_the_day_leaves_the_past_assessment_unchanged(
    complaint: Complaint,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    adjustment = records.record_adjustment(
        complaint=complaint,
        actor=officer,
        adjustment="Letters in large print",
        disclosed_disability="Partial sight",
        agreed_on=date(2025, 4, 1),
        review_due=date(2025, 10, 1),
    )
    failing = ["adjustment review due 1 October 2025 not done"]
    assert [c.why for c in _show("5.10", AsAt.of(DAY)).cases] == failing
    records.review_adjustment(
        complaint=complaint,
        actor=officer,
        adjustment=adjustment,
        reviewed_on=date(2026, 11, 2),
        outcome="Letters in large print",
        next_review_due=date(2027, 11, 1),
        reason="Reviewed with the resident.",
    )
    assert [c.why for c in _show("5.10", AsAt.of(DAY)).cases] == failing
    assert _show("5.10", AsAt.of(date(2026, 12, 1))).cases == []


def test_2024_5_14_a_review_after_the_day_redacted_on_erasure_cannot_be_told(
    complaint: Complaint,
    restriction: ContactRestriction,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    """Erasure redacts what a review changed: which dates it moved is lost, so the restriction's state on
    the day cannot be told, and is neither failed nor passed."""
    _review(complaint, restriction, officer, date(2026, 11, 2), ends=False)
    records.redact_amendments(resident=complaint.resident)
    found = _show("5.14", AsAt.of(DAY))
    assert (found.state, found.cases, found.covered) == ("cannot_show", [], 1)
    assert "their state on the day cannot be told" in found.summary
    assert _show("5.15", AsAt.of(DAY)).cases == []  # its Equality Act regard is read all the same
