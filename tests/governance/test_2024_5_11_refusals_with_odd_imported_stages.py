"""2024 5.11 (an escalation refused) and 2.1 (a complaint not accepted), as at a past moment: a
refusal imported from an earlier system with its stage stored oddly counts the same on SQLite and
PostgreSQL, and never stops the report. The stage of the first refusal is read as stored JSON (2.0 is
stage 2; "two" is no stage), as the figures already read it when they decide whether a stage ran. It
used to be cast to a whole number, which failed the whole PostgreSQL report on 2.0 (found by an
adversarial review) while SQLite read 2, and read "two" as 0 on SQLite."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from governance.journeys import raw_event

from putright.governance.facts import AsAt, per_complaint_rows
from putright.governance.measures import Period, fact_figures

_d = date


def _escalated_then_refused(journey, stored):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2), respond=_d(2025, 7, 4), escalate=_d(2025, 7, 7))
    raw_event(c, "declined", _d(2025, 7, 8), stage=stored, ground="legal_proceedings")
    return c


@pytest.mark.parametrize(("stored", "refused"), [(2, 1), (2.0, 1), ("two", 0), ("2", 0), (None, 0)])
def test_an_imported_refusal_counts_by_its_stored_stage(journey, stored, refused):  # type: ignore[no-untyped-def]
    _escalated_then_refused(journey, stored)
    figures = fact_figures(Period.reporting_year(2025), AsAt.of(_d(2025, 12, 31)))
    assert figures["escalation_refused"].value == refused
    assert figures["declined"].value == 0
    # read as a refusal of stage 2 exactly when stage 2 is not counted as received (2024 5.11, 6.11)
    assert figures["s2_received"].value == 1 - refused


@pytest.mark.parametrize("stored", [1, 1.0])
def test_an_imported_stage_1_decline_counts_as_not_accepted(journey, stored):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1))
    raw_event(c, "declined", _d(2025, 7, 2), stage=stored, ground="previously_considered")
    figures = fact_figures(Period.reporting_year(2025), AsAt.of(_d(2025, 12, 31)))
    assert figures["declined"].value == 1
    assert figures["escalation_refused"].value == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-pass form is PostgreSQL's")
@pytest.mark.parametrize("stored", [2, 2.0, "two"])
def test_both_forms_read_the_picked_refusal_alike(journey, stored):  # type: ignore[no-untyped-def]
    from putright.governance import facts_one_pass

    c = _escalated_then_refused(journey, stored)
    as_at = AsAt.of(_d(2025, 12, 31))
    per_complaint = {
        r["id"]: r["declined_stage"] for r in per_complaint_rows(as_at, _d(2025, 7, 1), _d(2025, 9, 30))
    }
    grouped, _ = facts_one_pass.rows(as_at, _d(2025, 7, 1), _d(2025, 9, 30))
    one_pass = {r["complaint_id"]: r["declined_stage"] for r in grouped}
    assert per_complaint == one_pass == {c.pk: 2 if stored != "two" else None}
