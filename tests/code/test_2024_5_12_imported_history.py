"""History imported from a landlord's previous system (``lifecycle.as_imported``): a different door
from recording a step live. It keeps the Code's order and honest dates (2024 5.12: not in the future,
not before the step it follows) but is not "recorded late" (it was recorded at the time, elsewhere),
and a step the Code requires to be communicated carries "told by the previous system", never a letter
PutRight issued. Every imported event says where it came from; live steps never carry that mark."""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import Journey, definition

from putright.code import lifecycle as lc
from putright.code.errors import CodeViolation, InvalidRequest

SOURCE = "old-system.csv row 7"


def test_2024_5_12_an_imported_acknowledgement_years_ago_needs_no_late_reason_and_is_told_by_import() -> None:
    journey = Journey()
    journey.accept()
    event = lc.acknowledge(journey.case, on=date(2024, 6, 5), definition=definition(), rules=journey.rules)
    imported = lc.as_imported(journey.case, event, source=SOURCE, today=date(2026, 12, 2))
    assert imported.imported_from == SOURCE
    assert imported.communication == lc.Communication(method=lc.TOLD_BY_IMPORT, reference=SOURCE)
    assert (imported.late_reason, imported.actor) == ("", "")
    # the same step recorded live that long after needs a reason (the door staff use)
    with pytest.raises(CodeViolation, match="recorded late"):
        lc.as_recorded(
            journey.case,
            event,
            actor="7",
            today=date(2026, 12, 2),
            calendar=journey.rules.calendar,
            communication=lc.Communication(method="letter", reference="letter:1"),
        )


def test_2024_5_12_an_imported_step_dated_in_the_future_is_refused() -> None:
    journey = Journey()
    journey.accept()
    event = lc.acknowledge(journey.case, on=date(2024, 6, 5), definition=definition(), rules=journey.rules)
    with pytest.raises(CodeViolation) as refused:
        lc.as_imported(journey.case, event, source=SOURCE, today=date(2024, 6, 4))
    assert refused.value.provision == "2024 5.12"


def test_2024_5_12_an_imported_step_before_the_step_it_follows_is_refused() -> None:
    journey = Journey().to_stage_1_acknowledged()  # acknowledged on 5 June 2024
    extension = lc.extend(
        journey.case,
        on=journey.case.acknowledged_on[1],
        working_days=5,
        reason="Waiting for a surveyor",
        ombudsman_details_given=True,
        rules=journey.rules,
    )
    backdated = lc.DeadlineExtended(**{**extension.__dict__, "on": date(2024, 6, 4)})
    with pytest.raises(CodeViolation) as refused:
        lc.as_imported(journey.case, backdated, source=SOURCE, today=date(2026, 12, 2))
    assert "before the step it follows" in refused.value.detail


def test_imported_steps_say_where_they_came_from_and_live_steps_are_stored_as_before() -> None:
    journey = Journey()
    journey.accept()
    event = lc.acknowledge(journey.case, on=date(2024, 6, 5), definition=definition(), rules=journey.rules)
    imported = lc.as_imported(journey.case, event, source=SOURCE, today=date(2026, 12, 2))
    data = lc.event_to_data(imported)
    assert data["imported_from"] == SOURCE
    assert lc.event_from_data(data) == imported
    assert "imported_from" not in lc.event_to_data(event)
    with pytest.raises(InvalidRequest):
        lc.as_imported(journey.case, event, source="  ", today=date(2026, 12, 2))
