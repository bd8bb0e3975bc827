"""2024 6.13 (stage 2 considered by someone who did not consider stage 1): the rule reads the year's
stage 2 allocations with a filter in the database (``field(HandlerAllocated, "stage").equals(2)``)
rather than reading every allocation and keeping those whose stage is 2. For any stored stage the two
pick the same allocations, in the same order (a case from the adversarial review of that change).

A broken stage 1 allocation (no handler) is no longer read by this rule; it used to make the whole
self-assessment fail. Other readers of the history still refuse it. So does every reader of the
history for a stage that is no whole number ("2", true, 2.5, null): the filter does not pick it as
stage 2, and nothing reads it as stage 2 either."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import raw_event

from putright.code.errors import UnreadableRecord
from putright.code.lifecycle import HandlerAllocated
from putright.governance.evidence import _ALLOCATED_STAGE
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.records import events_of


@pytest.mark.parametrize("stage", [2, 2.0, 1])
def test_stage_2_allocations_are_the_ones_whose_stage_reads_as_2(journey, stage):  # type: ignore[no-untyped-def]
    c = journey(date(2025, 7, 1), ack=date(2025, 7, 2))
    raw_event(c, "handler_allocated", date(2025, 7, 20), stage=stage, handler="someone")
    as_at, period = AsAt.of(date(2025, 12, 31)), Period(date(2025, 4, 1), date(2026, 3, 31))
    every = events_of(HandlerAllocated, as_at, period=period)
    chosen = events_of(HandlerAllocated, as_at, period=period, where=_ALLOCATED_STAGE.equals(2))
    expected = [(a.complaint_id, a.event.on) for a in every if a.event.stage == 2]
    assert [(a.complaint_id, a.event.on) for a in chosen] == expected
    assert len(expected) == (stage == 2)


@pytest.mark.parametrize("stage", ["2", True, "02", 2.5, None, [2]])
def test_a_stage_that_is_no_whole_number_is_never_read_as_stage_2(journey, stage):  # type: ignore[no-untyped-def]
    c = journey(date(2025, 7, 1), ack=date(2025, 7, 2))
    raw_event(c, "handler_allocated", date(2025, 7, 20), stage=stage, handler="someone")
    as_at, period = AsAt.of(date(2025, 12, 31)), Period(date(2025, 4, 1), date(2026, 3, 31))
    assert events_of(HandlerAllocated, as_at, period=period, where=_ALLOCATED_STAGE.equals(2)) == []
    with pytest.raises(UnreadableRecord, match="stage"):
        events_of(HandlerAllocated, as_at, period=period)
