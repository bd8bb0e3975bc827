"""Every refusal, evidence line and message writes a day the one way people (and GOV.UK) write it,
"7 December 2026", from one formatter (``putright.code.wording.long_date``): ten private copies of
it (the lifecycle's, the promises', the promised dates', the evidence pack's, the governance
services', the web's, the import plan's, the letter document's, the letter services' and the letter
check's dates of contact) could drift apart, one with a leading zero, another with the weekday."""

from __future__ import annotations

from datetime import date

import pytest

from putright.code import lifecycle, promises
from putright.code.wording import long_date


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 7), "7 December 2026"),
        (date(2025, 1, 1), "1 January 2025"),
        (date(2024, 2, 29), "29 February 2024"),
    ],
)
def test_a_day_is_written_without_a_leading_zero_or_a_weekday(day: date, written: str) -> None:
    assert long_date(day) == written


def test_the_code_and_every_door_write_days_with_the_one_formatter() -> None:
    from putright.governance import evidence, services
    from putright.imports import plan
    from putright.letters import contact_dates, document
    from putright.letters import services as letters
    from putright.web import dates
    from putright.workspace import promised_dates

    for module in (
        lifecycle,
        promises,
        evidence,
        services,
        dates,
        promised_dates,
        plan,
        document,
        letters,
        contact_dates,
    ):
        assert module.long_date is long_date, module.__name__
