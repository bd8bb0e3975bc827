"""2024 6.4 and 6.15 (extensions at stage 1 and stage 2), as at a past moment: an extension imported
from an earlier system with its stage stored oddly counts the same on SQLite and PostgreSQL, and never
stops the report. The stage is compared as stored JSON (2.0 is stage 2; "two" is no stage); it used
to be cast to a whole number, which failed the whole PostgreSQL report (found by an adversarial
review) while SQLite counted or dropped the row."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import raw_event

from putright.governance.facts import AsAt
from putright.governance.measures import Period, extra_figures

_d = date


@pytest.mark.parametrize(("stored", "stage_2"), [(2, 1), (2.0, 1), ("two", 0), (None, 0)])
def test_an_imported_extension_counts_by_its_stored_stage(journey, stored, stage_2):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2), extend=(_d(2025, 7, 10), 10, ""))
    raw_event(c, "deadline_extended", _d(2025, 7, 20), stage=stored, new_due="2025-08-29", good_reason="")
    figures = extra_figures(Period.reporting_year(2025), AsAt.of(_d(2025, 12, 31)))
    assert figures["extensions_1"].value == 1  # the one granted through the service
    assert figures["extensions_2"].value == stage_2
