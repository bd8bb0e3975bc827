"""2024 6.2-6.4 and 6.11-6.15 (the acknowledgement and response due dates a report measures against),
as at a past moment: a due date imported from an earlier system is read only when it is a real ISO
date, on SQLite and PostgreSQL alike, and anything else is no date. A bare cast stopped the whole
PostgreSQL report on "within 5 working days" or 2025-02-30, and read "today" as the day the report
ran (so an as-at report could not be reproduced) and 20250708 as a date, where SQLite read nothing
(found by an adversarial review). An extension with an unreadable new date leaves the date set
before it, as one with no new date does."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from governance.journeys import raw_event

from putright.governance.facts import AsAt, per_complaint_rows
from putright.governance.measures import Period, fact_figures

_d = date
_YEAR = Period.reporting_year(2025)
_AS_AT = AsAt.of(_d(2025, 12, 31))


def _facts_of(pk: int) -> dict[str, object]:
    rows = {r["id"]: r for r in per_complaint_rows(_AS_AT, _d(2025, 7, 1), _d(2025, 9, 30))}
    if connection.vendor == "postgresql":  # the one-pass form reads them alike
        from putright.governance import facts_one_pass

        grouped, _ = facts_one_pass.rows(_AS_AT, _d(2025, 7, 1), _d(2025, 9, 30))
        one_pass = {r["complaint_id"]: r for r in grouped}
        for name in ("s1_ack_due", "s1_resp_due", "s2_ack_due", "s2_resp_due"):
            assert one_pass[pk][name] == rows[pk][name], name
    return rows[pk]


def _accepted_with_due(journey, stored):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), accept=False)
    raw_event(c, "accepted_as_complaint", _d(2025, 7, 2), acknowledgement_due=stored)
    return c


@pytest.mark.parametrize(
    "stored",
    [
        "within 5 working days",
        "",
        "2025-02-30",
        "2025-02-29",
        "1900-02-29",
        "0000-01-01",
        "2025-07-08\n",
        "2025-7-8",
        "20250708",
        20250708,
        "today",
        "epoch",
        "2025-07-08T00:00",
        True,
    ],
)
def test_an_acknowledgement_due_date_that_is_no_real_date_is_no_date(journey, stored):  # type: ignore[no-untyped-def]
    c = _accepted_with_due(journey, stored)
    figures = fact_figures(_YEAR, _AS_AT)  # never stops the report
    assert figures["s1_received"].value == 1
    assert _facts_of(c.pk)["s1_ack_due"] is None


@pytest.mark.parametrize(
    ("stored", "read"),
    [("2025-07-08", _d(2025, 7, 8)), ("2024-02-29", _d(2024, 2, 29)), ("2000-02-29", _d(2000, 2, 29))],
)
def test_a_real_acknowledgement_due_date_is_read(journey, stored, read):  # type: ignore[no-untyped-def]
    c = _accepted_with_due(journey, stored)
    assert _facts_of(c.pk)["s1_ack_due"] == read


@pytest.mark.parametrize("stored", ["two more weeks", "2025-02-30", "today", None])
def test_an_extension_with_an_unreadable_new_date_leaves_the_date_before_it(journey, stored):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    due = c.stages.get(number=1).response_due
    assert due is not None
    raw_event(c, "deadline_extended", _d(2025, 7, 10), stage=1, new_due=stored, good_reason="")
    fact_figures(_YEAR, _AS_AT)  # never stops the report
    assert _facts_of(c.pk)["s1_resp_due"] == due


def test_an_escalation_with_an_unreadable_acknowledgement_due_date(journey):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2), respond=_d(2025, 7, 4))
    raw_event(
        c,
        "escalation_requested",
        _d(2025, 7, 7),
        to_stage=2,
        acknowledgement_due="soon",
        response_due="2025-13-01",
    )
    fact_figures(_YEAR, _AS_AT)
    facts = _facts_of(c.pk)
    assert facts["s2_ack_due"] is None
    assert facts["s2_resp_due"] is None
