"""The landlord's ``Rules`` for the core: its calendar (bank holidays and closure days) and stages."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.db import connection
from django.db.models.expressions import RawSQL

from putright.code.calendar import WorkingCalendar
from putright.code.lifecycle import Rules
from putright.complaints.models import ClosureDay, Landlord


@lru_cache(maxsize=8)
def _calendar(closures: tuple[date, ...]) -> WorkingCalendar:
    return WorkingCalendar(closures)


def _closures_sql() -> str:
    """The closure days as one comma-separated text value, so the landlord's row and its closure days
    come back in one query (every step and every complaint page reads both)."""
    table = connection.ops.quote_name(ClosureDay._meta.db_table)
    column = connection.ops.quote_name("date")
    if connection.vendor == "postgresql":
        return f"SELECT string_agg({column}::text, ',' ORDER BY {column}) FROM {table}"  # noqa: S608 -- our names
    return f"SELECT group_concat({column}, ',') FROM (SELECT {column} FROM {table} ORDER BY {column})"  # noqa: S608 -- our names


def landlord_and_rules() -> tuple[Landlord, Rules]:
    """The landlord's settings row and its ``Rules``, in one query (two the first time, when the row
    is created)."""
    found: Landlord | None = (
        Landlord.objects.annotate(closure_days=RawSQL(_closures_sql(), ())).filter(pk=1).first()  # noqa: S611 -- no user input
    )
    if found is None:
        landlord = Landlord.load()
        closures = tuple(ClosureDay.objects.order_by("date").values_list("date", flat=True))
    else:
        landlord = found
        text = getattr(found, "closure_days", "") or ""
        closures = tuple(sorted(date.fromisoformat(str(day)[:10]) for day in str(text).split(",") if day))
    rules = Rules(
        calendar=_calendar(closures),
        third_stage=landlord.third_stage,
        time_limit_months=landlord.time_limit_months or None,
    )
    return landlord, rules


def landlord_rules() -> Rules:
    """Bank holidays plus the landlord's closure days, and its third-stage choice (2022 Code only)."""
    return landlord_and_rules()[1]
