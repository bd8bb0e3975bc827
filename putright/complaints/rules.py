"""The landlord's ``Rules`` for the core: its calendar (bank holidays and closure days) and stages."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from putright.code.calendar import WorkingCalendar
from putright.code.lifecycle import Rules
from putright.complaints.models import ClosureDay, Landlord


@lru_cache(maxsize=8)
def _calendar(closures: tuple[date, ...]) -> WorkingCalendar:
    return WorkingCalendar(closures)


def landlord_rules() -> Rules:
    """Bank holidays plus the landlord's closure days, and its third-stage choice (2022 Code only)."""
    landlord = Landlord.load()
    closures = tuple(ClosureDay.objects.order_by("date").values_list("date", flat=True))
    return Rules(
        calendar=_calendar(closures),
        third_stage=landlord.third_stage,
        time_limit_months=landlord.time_limit_months or None,
    )
