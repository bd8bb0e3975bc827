"""The landlord's ``Rules`` for the core: its calendar (bank holidays and closure days) and stages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from putright.code.calendar import WorkingCalendar
from putright.code.lifecycle import Rules
from putright.complaints.lookup import Key, by_key
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


class _Memo:
    """One request's landlord and rules, and how many times they have changed in it."""

    def __init__(self) -> None:
        self.rules: tuple[Landlord, Rules] | None = None
        self.changes = 0


#: inside :func:`remembered`: the landlord and rules already read (cleared when either changes)
_REMEMBERED: ContextVar[_Memo | None] = ContextVar("putright_landlord_rules", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Read the landlord's settings and rules at most once inside the block (one request, or one
    step), unless they change in it (:func:`forget`, on every save or delete of the landlord or a
    closure day). Inside another such block (a step taken in a request), that block's."""
    if _REMEMBERED.get() is not None:
        yield
        return
    token = _REMEMBERED.set(_Memo())
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def forget(**_: Any) -> None:
    memo = _REMEMBERED.get()
    if memo is not None:
        memo.rules = None
        memo.changes += 1


class RememberLandlordRules:
    """Middleware: one read of the landlord's rules per request, however many parts of a page need
    them (the view, the page's template filters, the landlord's name in every page's header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with remembered():
            return self.get_response(request)


def landlord_and_rules() -> tuple[Landlord, Rules]:
    """The landlord's settings row and its ``Rules``, in one query (two the first time, when the row
    is created); inside :func:`remembered`, once."""
    memo = _REMEMBERED.get()
    if memo is not None:
        if memo.rules is None:
            memo.rules = _read()
        return memo.rules
    return _read()


def landlord_key() -> Key:
    """The landlord's row with its closure days, for a caller reading it with other rows in one query
    (``lookup.by_keys``), then handing it to :func:`remember`."""
    return Key(Landlord, {"pk": 1}, extra={"closure_days": _closures_sql()})


def changes() -> int:
    """How many times the landlord or its closure days have changed in this request: read it before
    reading the landlord's row with :func:`landlord_key`, and give it to :func:`remember`."""
    memo = _REMEMBERED.get()
    return memo.changes if memo is not None else 0


def remember(found: Landlord, seen: int) -> None:
    """Inside :func:`remembered`: take ``found`` (read by ``landlord_key()`` when :func:`changes` was
    ``seen``) as the landlord's row, so ``landlord_and_rules`` does not read it again in this request.
    If the landlord or a closure day changed since, it is not taken: the next use reads them again."""
    if not hasattr(found, "closure_days"):
        raise ValueError(
            "remember() takes the landlord's row as landlord_key() reads it, with its closure days"
        )
    memo = _REMEMBERED.get()
    if memo is not None and memo.changes == seen:
        memo.rules = _from_row(found)


def _read() -> tuple[Landlord, Rules]:
    key = landlord_key()
    found = by_key(Landlord, extra=key.extra, **key.key)
    if found is None:
        landlord = Landlord.load()
        closures = tuple(ClosureDay.objects.order_by("date").values_list("date", flat=True))
        return landlord, _rules(landlord, closures)
    return _from_row(found)


def _from_row(found: Landlord) -> tuple[Landlord, Rules]:
    text = getattr(found, "closure_days", "") or ""
    closures = tuple(sorted(date.fromisoformat(str(day)[:10]) for day in str(text).split(",") if day))
    return found, _rules(found, closures)


def _rules(landlord: Landlord, closures: tuple[date, ...]) -> Rules:
    return Rules(
        calendar=_calendar(closures),
        third_stage=landlord.third_stage,
        time_limit_months=landlord.time_limit_months or None,
    )


def landlord_rules() -> Rules:
    """Bank holidays plus the landlord's closure days, and its third-stage choice (2022 Code only)."""
    return landlord_and_rules()[1]
