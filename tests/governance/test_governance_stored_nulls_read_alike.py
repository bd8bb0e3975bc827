"""A history field stored as JSON null reads as no value on SQLite and PostgreSQL alike (2024 6.3,
6.4: the response due date a report measures against; 2024 9.6: the outcome it counts). Django gives a
JSON null as the text 'null' on SQLite and as NULL on PostgreSQL, so an imported extension with a
null new date hid the date set on acknowledgement on SQLite only, and a null outcome was counted as
an outcome called 'null' there (found by an adversarial review)."""

from __future__ import annotations

from datetime import date

from governance.journeys import raw_event

from putright.governance.facts import AsAt, per_complaint_rows

_d = date


def _facts_of(pk: int) -> dict[str, object]:
    rows = {
        r["id"]: r for r in per_complaint_rows(AsAt.of(_d(2025, 12, 31)), _d(2025, 7, 1), _d(2025, 9, 30))
    }
    return rows[pk]


def test_an_extension_with_a_null_new_date_leaves_the_acknowledged_due_date(journey):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    due = c.stages.get(number=1).response_due
    assert due is not None
    raw_event(c, "deadline_extended", _d(2025, 7, 10), stage=1, new_due=None, good_reason="")
    assert _facts_of(c.pk)["s1_resp_due"] == due


def test_a_response_with_a_null_outcome_has_no_outcome(journey):  # type: ignore[no-untyped-def]
    c = journey(_d(2025, 7, 1), ack=_d(2025, 7, 2))
    raw_event(
        c, "responded", _d(2025, 7, 9), stage=1, handler="x", response={"outcome": None, "decision": "d"}
    )
    facts = _facts_of(c.pk)
    assert facts["s1_resp_on"] == _d(2025, 7, 9)
    assert facts["s1_outcome"] is None
