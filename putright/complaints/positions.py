"""Paging the complaint list from where the last page ended, not by counting rows from the start.

An OFFSET makes the database walk every row it skips: at offset 150,000 of 300,000 complaints that
is 1.5x the time of the same page at 100,000. A position (the last row's values in the list's own
order) is found through the ordering's index, so a page costs the same wherever it is.

The position carries the values, not just the complaint, so the walk goes on when the last
complaint of a page has since moved, closed or left the caller's view. As with any paging by
position, a complaint that changes between pages is placed by its new values: one whose deadline
moves back past the position is not shown again (nor, if not yet seen, at all in this walk), and
one that moves forward past it is shown again. A walk is a reading of a moving list, not a
snapshot.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import TypeGuard

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from putright.complaints.models import Complaint
from putright.complaints.selectors import ORDERS, Order


class BadPosition(ValueError):
    """A position the list cannot read (malformed), or one given out for another order."""


@dataclass(frozen=True)
class Position:
    """The last complaint of a page, as the list's order sees it."""

    order: Order
    pk: int
    day: date | None = None  # current_due ("due") or received_on ("received", "-received")
    reference: str = ""  # "reference"

    @classmethod
    def of(cls, key: tuple[int, date | str | None], order: Order) -> Position:
        """The position of a row read by :func:`keys` (its id and its order column)."""
        pk, value = key
        if order == "reference":
            assert isinstance(value, str)
            return cls(order, pk, reference=value)
        assert value is None or isinstance(value, date)
        return cls(order, pk, day=value)

    def token(self) -> str:
        """Opaque to the caller: URL-safe text to send back as ``after``."""
        data = {"o": self.order, "i": self.pk, "d": self.day.isoformat() if self.day else None}
        if self.order == "reference":
            data["r"] = self.reference
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def read(cls, token: str, order: Order) -> Position:
        """The position in ``token``; :class:`BadPosition` if it is malformed or was given out for
        another order. Tokens are not signed: a well-formed one made by hand is only a place to
        start, and the list still shows the caller nothing they may not see."""
        if len(token) > 400:  # a position is under 200 characters; more is not worth decoding
            raise BadPosition(_UNREADABLE)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise BadPosition(_UNREADABLE) from None
        if not isinstance(data, dict) or set(data) - {"o", "i", "d", "r"}:
            raise BadPosition(_UNREADABLE)
        if data.get("o") not in ORDERS:
            raise BadPosition(_UNREADABLE)
        if data["o"] != order:
            raise BadPosition(f"was given out for order={data['o']}; ask with that order, or start again")
        pk, day, reference = data.get("i"), _day(data.get("d")), data.get("r")
        if type(pk) is not int or not -(2**63) < pk < 2**63:
            raise BadPosition(_UNREADABLE)
        if order == "reference":
            if not _storable(reference) or day is not None:
                raise BadPosition(_UNREADABLE)
            return cls(order, pk, reference=reference)
        if reference is not None or (day is None and order != "due"):
            raise BadPosition(_UNREADABLE)
        return cls(order, pk, day=day)


_UNREADABLE = "is not a position the list can read: send back a next_after as it was given"


def _storable(reference: object) -> TypeGuard[str]:
    """Text a reference column could hold: no NUL (PostgreSQL refuses it) and no lone surrogate
    (JSON's ``\\ud800`` decodes to one, and no database driver can encode it)."""
    if not isinstance(reference, str) or not reference or "\x00" in reference:
        return False
    try:
        reference.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _day(value: object) -> date | None:
    """A YYYY-MM-DD day as :meth:`Position.token` writes it (``None`` only for no deadline)."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise BadPosition(_UNREADABLE)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadPosition(_UNREADABLE) from None


_COLUMN: dict[Order, str] = {
    "due": "current_due",
    "received": "received_on",
    "-received": "received_on",
    "reference": "reference",
}

Key = tuple[int, date | str | None]


def keys(complaints: QuerySet[Complaint], order: Order) -> QuerySet[Complaint, Key]:
    """Each row's id and the value its order sorts it by: enough to page (the ids) and to say
    where the page ended (:meth:`Position.of`), from the ordering's index alone."""
    return complaints.values_list("pk", _COLUMN[order])


def keys_after(complaints: QuerySet[Complaint], position: Position, count: int) -> list[Key]:
    """The :func:`keys` of up to ``count`` complaints that follow ``position`` in ``complaints``' order.

    Each compares the row's (order column, id) with the position's as one row value, which
    PostgreSQL reads as where to start in the ordering's index, ties on the day included (a
    ``day > d OR (day = d AND id > i)`` would read and throw away every complaint of that day before
    the position: 60,000 rows on one imported day, 7.6 ms against 0.08). SQLite has no row values
    in Django; there the same comparison is spelled out, after the leading range on the day."""
    rows = keys(complaints, position.order)
    day, pk = position.day, position.pk
    if position.order == "reference":
        return list(rows.filter(reference__gt=position.reference)[:count])
    if position.order == "received":
        assert day is not None  # Position.read checks it
        return list(_following(rows, "received_on", day, pk)[:count])
    if position.order == "-received":
        assert day is not None
        return list(_following(rows, "received_on", day, pk, descending=True)[:count])
    # "due": soonest deadline first, then the complaints with no deadline (nulls last), each by id.
    # Two ranges, read one after the other, so each is a plain walk of the index.
    if day is None:
        return list(rows.filter(current_due__isnull=True, pk__gt=pk)[:count])
    found = list(_following(rows, "current_due", day, pk)[:count])
    if len(found) < count:
        found += list(rows.filter(current_due__isnull=True)[: count - len(found)])
    return found


def _following(
    rows: QuerySet[Complaint, Key], column: str, day: date, pk: int, *, descending: bool = False
) -> QuerySet[Complaint, Key]:
    """The rows after (``column``, id) = (``day``, ``pk``) in ascending order, or before it in
    descending order. A NULL ``column`` compares as unknown: never after a dated position."""
    key = Tuple(F(column), F("pk"))
    if descending:
        return rows.filter(**{f"{column}__lte": day}).filter(TupleLessThan(key, (day, pk)))
    return rows.filter(**{f"{column}__gte": day}).filter(TupleGreaterThan(key, (day, pk)))
