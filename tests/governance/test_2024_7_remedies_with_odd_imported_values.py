"""2024 7.1-7.4 (remedies agreed, paid and followed through), as at a past moment: a remedy imported
from an earlier system with its amount or due date stored oddly counts the same on SQLite and
PostgreSQL, and never stops the report. An amount counts when it is stored as a whole number of pence
(1250 or 1250.0; not the text "1250", which the case page cannot read either); a due date when it is a real ISO date. Anything else is read as no amount or no due date, not
guessed. Both used to be cast, which failed the whole PostgreSQL report on 1250.0 or a date in words
(found by an adversarial review) while SQLite read 1250 or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import raw_event

from putright.governance.facts import AsAt
from putright.governance.measures import Period, extra_figures, money

_d = date
_YEAR = Period.reporting_year(2025)
_AS_AT = AsAt.of(_d(2025, 12, 31))


def _with_imported_remedy(journey, *, amount=500, due="2025-08-01", number=2):  # type: ignore[no-untyped-def]
    """A complaint with one remedy agreed through the service (£20, paid) and a second imported."""
    c = journey(
        _d(2025, 7, 1), ack=_d(2025, 7, 2), remedy=(_d(2025, 7, 3), 2000, _d(2025, 7, 10), _d(2025, 7, 9))
    )
    raw_event(
        c,
        "remedy_agreed",
        _d(2025, 7, 4),
        number=number,
        remedy_kind="financial",
        description="Compensation, imported",
        due=due,
        agreed_with_resident=True,
        amount_pence=amount,
    )
    return c


@pytest.mark.parametrize(
    ("stored", "pence"),
    [
        (1250, 1250),
        (1250.0, 1250),
        ("1250", 0),  # text, which the case page refuses to read (the core reads whole numbers only)
        (12.5, 0),
        ("fifty pounds", 0),
        (None, 0),
        (10**20, 0),
        (-1250, 0),
        ("-0", 0),
    ],
)
def test_an_imported_amount_counts_only_as_a_whole_number_of_pence(journey, stored, pence):  # type: ignore[no-untyped-def]
    _with_imported_remedy(journey, amount=stored, due="2025-08-01")
    figures = extra_figures(_YEAR, _AS_AT)
    assert figures["remedies"].value == 2
    assert figures["remedies_financial"].value == 1 + (pence > 0)
    assert money(_YEAR, _AS_AT) == {"agreed_pence": 2000 + pence, "paid_pence": 2000}


@pytest.mark.parametrize(
    ("stored", "overdue"),
    [
        ("2025-08-01", 1),
        ("2025-02-30", 0),  # no real date, as the report reads every due date (2024 6.2-6.4)
        ("2026-03-01", 0),
        ("10 July 2025", 0),
        ("today", 0),
        (20250710, 0),
        (None, 0),
    ],
)
def test_an_imported_due_date_counts_only_as_a_real_iso_date(journey, stored, overdue):  # type: ignore[no-untyped-def]
    _with_imported_remedy(journey, amount=500, due=stored)
    figures = extra_figures(_YEAR, _AS_AT)
    assert figures["remedies_completed"].value == 1
    assert figures["remedies_overdue"].value == overdue


@pytest.mark.parametrize("stored", ["1250\n", "1250.0\n"])
def test_an_amount_with_a_trailing_newline_is_no_whole_number(journey, stored):  # type: ignore[no-untyped-def]
    """Python's ``$`` (SQLite's REGEXP) matches before a final newline, PostgreSQL's does not."""
    _with_imported_remedy(journey, amount=stored, due="2025-08-01")
    assert money(_YEAR, _AS_AT) == {"agreed_pence": 2000, "paid_pence": 2000}
    assert extra_figures(_YEAR, _AS_AT)["remedies_financial"].value == 1


def test_a_due_date_with_a_trailing_newline_is_no_iso_date(journey):  # type: ignore[no-untyped-def]
    _with_imported_remedy(journey, amount=500, due="2025-07-01\n")
    assert extra_figures(_YEAR, _AS_AT)["remedies_overdue"].value == 0


@pytest.mark.parametrize(
    ("agreed", "completed", "paid"), [(2, 2.0, 2500), (2.0, 2, 2500), (2, "2", 2000), ("2", 2, 2000)]
)
def test_a_completion_matches_its_remedy_by_number_as_stored_json(journey, agreed, completed, paid):  # type: ignore[no-untyped-def]
    """2024 7.3 (remedies followed through): a completion is matched to its remedy as the figures
    read a stage, as stored JSON (2.0 is 2, "2" is not), on both databases; it was matched as text,
    which PostgreSQL and SQLite read differently."""
    c = _with_imported_remedy(journey, number=agreed)
    raw_event(c, "remedy_completed", _d(2025, 7, 5), number=completed, evidence="Paid")
    assert money(_YEAR, _AS_AT)["paid_pence"] == paid
