"""2024 5.10 ("keep [adjustments] under active review"), in a self-assessment for a past year: read only
the adjustments on the record at the assessment's moment, as 5.14 reads restrictions.

An adjustment had no record of when it was entered, so one entered after the moment but dated earlier
(agreed in the year, its review overdue) changed a past year's self-assessment as if it had been on the
record then. Each now keeps ``recorded_at``. Those recorded before it was kept have none: at a moment
after PutRight began keeping it they were on the record; at an earlier one whether they were cannot be
told, and they are neither failed nor counted on a guess."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from putright.complaints.models import Complaint, ReasonableAdjustment
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope
from putright.workspace import records

YEAR = Period.reporting_year(2025)  # 1 April 2025 to 31 March 2026
DAY = date(2026, 3, 31)
#: the assessment's moment: the morning after the year (before the test database was migrated)
MOMENT = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
LONG_AGO = datetime(2025, 4, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
OVERDUE = ["adjustment review due 1 October 2025 not done"]


def _show(as_at: AsAt) -> evidence.Evidence:
    found = evidence.evaluate("2024", "5.10", evidence.context(Scope(YEAR, as_at)))
    assert found is not None
    return found


@pytest.fixture
def complaint(journey) -> Complaint:  # type: ignore[no-untyped-def]
    c = journey(date(2025, 4, 1))
    assert c.edition == "2024"
    return c


def _adjustment(
    complaint: Complaint, officer, *, review_due: date = date(2025, 10, 1)
) -> ReasonableAdjustment:  # type: ignore[no-untyped-def]
    return records.record_adjustment(
        complaint=complaint,
        actor=officer,
        adjustment="Letters in large print",
        disclosed_disability="Partial sight",
        agreed_on=date(2025, 4, 1),
        review_due=review_due,
    )


def test_2024_5_10_a_new_adjustment_keeps_when_it_was_recorded(complaint: Complaint, officer) -> None:  # type: ignore[no-untyped-def]
    assert _adjustment(complaint, officer).recorded_at is not None


def test_2024_5_10_an_adjustment_recorded_after_the_moment_but_dated_earlier_is_not_read(
    complaint: Complaint,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    _adjustment(complaint, officer)  # entered now, long after the moment, agreed in the year
    found = _show(AsAt.of(DAY, MOMENT))
    assert (found.cases, found.covered) == ([], 0)
    # read as the records stand now, it was agreed in the year and its review is overdue
    assert [c.why for c in _show(AsAt.of(DAY)).cases] == OVERDUE


def test_2024_5_10_an_adjustment_recorded_before_the_moment_is_read(complaint: Complaint, officer) -> None:  # type: ignore[no-untyped-def]
    ReasonableAdjustment.objects.filter(pk=_adjustment(complaint, officer).pk).update(recorded_at=LONG_AGO)
    assert [c.why for c in _show(AsAt.of(DAY, MOMENT)).cases] == OVERDUE


def test_2024_5_10_an_undated_adjustment_failing_at_a_moment_before_recording_was_kept_cannot_be_told(
    complaint: Complaint,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    """Recorded before PutRight kept when (null): at a moment before it began keeping it, whether the
    overdue adjustment was on the record cannot be told: not failed, not passed."""
    ReasonableAdjustment.objects.filter(pk=_adjustment(complaint, officer).pk).update(recorded_at=None)
    found = _show(AsAt.of(DAY, MOMENT))
    assert (found.state, found.cases) == ("cannot_show", [])
    assert "1 adjustment(s) were recorded before PutRight kept when each was entered" in found.summary
    assert "cannot be told" in found.summary
    # at a moment after it began keeping it (now), the undated one was on the record: read as any other
    found = _show(AsAt.of(DAY))
    assert [c.why for c in found.cases] == OVERDUE
    assert "recorded before PutRight kept" not in found.summary


def test_2024_5_10_undated_adjustments_that_cannot_change_the_answer_are_not_called_unknown(
    journey,
    officer,  # type: ignore[no-untyped-def]
) -> None:
    """Enough adjustments recorded by the moment, all reviewed in time; one more undated and passing
    changes nothing: the self-assessment still proposes compliance, without a "cannot tell"."""
    for n in range(evidence.MINIMUM_CASES + 1):
        made = _adjustment(journey(date(2025, 4, 1)), officer, review_due=date(2026, 6, 1))
        ReasonableAdjustment.objects.filter(pk=made.pk).update(recorded_at=None if n == 0 else LONG_AGO)
    found = _show(AsAt.of(DAY, MOMENT))
    assert (found.state, found.covered) == ("compliance", evidence.MINIMUM_CASES)
    assert "cannot be told" not in found.summary
