"""A stored step's stage, working days, yes/no answers and texts are read as what the Code's event
says they are, or refused: never read on as a guess and crashing later.

Before, only dates, choices and records were checked. A ``working_days`` of null or "10" on an
extension (2024 5.14, 6.14) gave a bare 500 when the case was replayed; a ``stage`` of "1" or true
was read on, so "is this stage 2?" (2024 6.15, 6.18) compared text with a number and answered no.
Whole numbers stored as 2.0 read as 2, as the figures' SQL reads them on both databases
(``putright/governance/event_fields.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from putright.code import lifecycle as lc
from putright.code.errors import UnreadableRecord

EXTENSION = lc.DeadlineExtended(
    on=date(2025, 3, 3),
    stage=1,
    previous_due=date(2025, 3, 10),
    new_due=date(2025, 3, 24),
    working_days=10,
    reason="The surveyor's report is due on 20 March",
    good_reason="Specialist report needed",
    ombudsman_details_given=True,
    extension_provision="2024 5.14",
)


def _stored(**changes: Any) -> dict[str, Any]:
    return {**lc.event_to_data(EXTENSION), **changes}


def test_2024_5_14_an_extension_stored_by_putright_reads_back_unchanged() -> None:
    assert lc.event_from_data(_stored()) == EXTENSION


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("working_days", None, "working_days is empty"),
        ("working_days", "10", "working_days: expected a whole number, found text"),
        ("working_days", 10.5, "working_days: expected a whole number, found a number that is not whole"),
        ("working_days", True, "working_days: expected a whole number, found true or false"),
        ("stage", "1", "stage: expected a whole number, found text"),
        ("stage", [1], "stage: expected a whole number, found a list"),
        ("ombudsman_details_given", "yes", "ombudsman_details_given: expected true or false, found text"),
        ("ombudsman_details_given", 1, "ombudsman_details_given: expected true or false, found a number"),
        ("ombudsman_details_given", None, "ombudsman_details_given is empty"),
        ("reason", 42, "reason: expected text, found a number"),
        ("extension_provision", {"provision": "5.14"}, "extension_provision: expected text, found an object"),
        ("actor", None, "actor is empty"),
    ],
)
def test_2024_5_14_a_value_of_the_wrong_kind_is_refused_and_named(field: str, value: Any, found: str) -> None:
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data(_stored(**{field: value}), reference="CMP-2025-0001")
    assert refused.value.reason == found
    assert refused.value.kind == "deadline_extended"
    assert "CMP-2025-0001" not in refused.value.detail  # staff's page never names the complaint
    assert "CMP-2025-0001" in refused.value.for_the_log


def test_2024_5_14_the_refusal_describes_a_misplaced_value_without_repeating_it() -> None:
    """The message reaches staff who may not open the complaint: a resident's words stored where a
    number belongs must not be shown back."""
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data(_stored(working_days="Mrs Example at 12 Acacia Road"))
    assert "Acacia" not in refused.value.detail
    assert "found text" in refused.value.detail


def test_2024_6_15_a_whole_number_stored_with_a_point_reads_as_that_number() -> None:
    """2.0 is stage 2 for the figures' SQL on both databases; the replay reads it alike."""
    read = lc.event_from_data(_stored(stage=2.0, working_days=10.0))
    assert isinstance(read, lc.DeadlineExtended)
    assert (read.stage, read.working_days) == (2, 10)
    assert type(read.stage) is int and type(read.working_days) is int


def test_a_field_left_out_still_takes_its_default_and_an_optional_one_may_be_empty() -> None:
    stored = _stored(communication=None)
    del stored["late_reason"]
    read = lc.event_from_data(stored)
    assert read.late_reason == "" and read.communication is None


def test_a_case_replayed_from_a_history_with_an_unreadable_extension_is_refused_not_crashed() -> None:
    """The failure the browser walk found: ``working_days`` of null gave a TypeError deep in the
    replay, a bare 500, instead of saying which step cannot be read."""
    received = lc.event_to_data(
        lc.ContactReceived(on=date(2025, 3, 3), edition="2024", channel=lc.Channel.EMAIL, summary="Damp")
    )
    with pytest.raises(UnreadableRecord, match="working_days is empty"):
        lc.replay([lc.event_from_data(d) for d in (received, _stored(working_days=None))])


@pytest.mark.parametrize(
    ("changes", "found"),
    [
        (
            {"new_due": "Mrs Example, 12 Acacia Road"},
            "new_due: expected a date (YYYY-MM-DD), found text that is no date",
        ),
        ({"previous_due": 20250310}, "previous_due: expected a date (YYYY-MM-DD), found a number"),
        (
            {"previous_due": "20250310"},
            "previous_due: expected a date (YYYY-MM-DD), found text that is no date",
        ),
        ({"new_due": "2025-W13-1"}, "new_due: expected a date (YYYY-MM-DD), found text that is no date"),
        ({"new_due": "2025-02-30"}, "new_due: expected a date (YYYY-MM-DD), found text that is no date"),
        (
            {"on": "Mrs Example, 12 Acacia Road"},
            "on: expected a date (YYYY-MM-DD), found text that is no date",
        ),
    ],
)
def test_a_refused_date_is_described_not_repeated(changes: dict[str, Any], found: str) -> None:
    """Found by the review: the date and choice readers quoted the stored value (Python's own
    messages), so a resident's words stored in the wrong place reached every staff role's page."""
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data(_stored(**changes))
    assert refused.value.reason == found
    assert "Acacia" not in refused.value.detail


def test_a_refused_choice_is_described_not_repeated() -> None:
    received = lc.event_to_data(
        lc.ContactReceived(on=date(2025, 3, 3), edition="2024", channel=lc.Channel.EMAIL, summary="Damp")
    )
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data({**received, "channel": "Mrs Example, 12 Acacia Road"})
    assert refused.value.reason == "channel: expected one of the Channel choices, found text"
    assert "Acacia" not in refused.value.detail


def test_a_missing_value_or_a_record_that_is_no_record_is_said_in_plain_words() -> None:
    stored = _stored()
    del stored["on"]
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data(stored)
    assert refused.value.reason == "on is missing"
    assert "__init__" not in refused.value.detail and "on no readable day" in refused.value.detail
    with pytest.raises(UnreadableRecord, match="expected a record, found a list"):
        lc.event_from_data([stored])  # type: ignore[arg-type]


def test_a_nested_record_stored_as_text_is_refused_not_read_letter_by_letter() -> None:
    """``name in value`` on a text is a substring test: a response stored as the text "outcome"
    would have been read as a record with nothing in it."""
    responded = {"kind": "responded", "on": "2025-03-20", "stage": 1, "handler": "7", "final": False}
    with pytest.raises(UnreadableRecord, match="response: expected a record, found text"):
        lc.event_from_data({**responded, "response": "outcome decision", "contents_provision": "2024 5.8"})


@pytest.mark.parametrize(
    ("value", "read"), [(5, 5), (5.0, 5), (True, None), ("5", None), (5.5, None), (None, None)]
)
def test_one_field_read_alone_reads_as_the_event_reader_reads_it(value: Any, read: int | None) -> None:
    """The workspace's "updates owed" (2024 5.9) reads an agreed interval without reading the whole
    event; it counted true as 1 day and skipped 5.0, where the case page reads 5.0 as 5."""
    assert lc.stored_whole_number(value) == read
