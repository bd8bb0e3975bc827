"""Typed selectors for the figures computed inside the database (issue 14, item 7).

:mod:`putright.governance.facts` and :mod:`putright.governance.measures` aggregate the history in
SQL (one query, or one INSERT ... SELECT for a snapshot), so they cannot read each event back into
its class as :func:`putright.governance.records.events_of` does. They name what they read through
:func:`field` instead: ``field(Acknowledged, "stage")`` is checked against the Code's event
dataclass (``putright.code.lifecycle``) when it is made, at import, so renaming or removing an
event's field stops the app from starting and fails every test, rather than a JSON lookup quietly
matching nothing and a figure reading 0. A nested field is a path: ``field(Responded, "response",
"outcome")`` checks ``StageResponse.outcome`` too. The event's kind comes from the class
(``kind_of(Responded)``), never a string typed again.

Every field made here is kept in :data:`DECLARED`, so a test can check them all against the
dataclasses as they stand.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, NullIf

from putright.code.lifecycle import Event


def _dataclass_of(hint: Any) -> type | None:
    """The dataclass a type hint names (``StageResponse`` from ``StageResponse | None``), if any."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _dataclass_of(inner[0]) if len(inner) == 1 else None
    return hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None


def field_type(cls: type, path: tuple[str, ...]) -> Any:
    """The type of ``cls``'s field at ``path``; ``LookupError`` naming the missing field if there is
    no such field (the test of every declared selector calls this)."""
    current: type = cls
    hint: Any = None
    for depth, name in enumerate(path):
        names = {f.name for f in dataclasses.fields(current)}
        if name not in names:
            where = ".".join((cls.__name__, *path[:depth]))
            raise LookupError(f"{where} has no field {name!r} (fields: {', '.join(sorted(names))})")
        hint = typing.get_type_hints(current)[name]
        if depth < len(path) - 1:
            inner = _dataclass_of(hint)
            if inner is None:
                raise LookupError(f"{cls.__name__}.{'.'.join(path[: depth + 1])} is not a record of fields")
            current = inner
    return hint


#: a real date, as ISO text: years 0001-9999, the day within its month, 29 February in leap years
_LEAP_DAY = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29"
_MONTH_DAY = (
    r"(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8])"
)
_REAL_DATE = rf"^((?!0000)[0-9]{{4}}-({_MONTH_DAY})|{_LEAP_DAY})\Z"


class _RealDateText(Func):
    """``checked`` (the text when it matches :data:`_REAL_DATE`, else NULL) on PostgreSQL; on SQLite
    the same reading without the pattern, whose REGEXP is a Python call per row (it made an as-at
    snapshot of 100,000 complaints 20-50% slower): SQLite's ``date(text, '+0 days')`` gives back
    exactly the text it was given only for a real YYYY-MM-DD date (with the modifier it carries
    2025-02-30 over to 2 March; without it, it gives 2025-02-30 back), and the year 0000 is ruled
    out as the pattern does."""

    arity = 2
    output_field = CharField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[1])
        when = f"(CASE WHEN date({sql}, '+0 days') = {sql} AND {sql} >= '0001' THEN {sql} END)"
        return when, (*params, *params, *params, *params)


class _StoredAsNumber(Func):
    """True when the event's value at ``path`` is stored as a JSON number, not as text: the case page
    reads a remedy's ``amount_pence`` of "1250" as no amount (the core's reader refuses text where a
    whole number belongs), so the figures must not count it either. PostgreSQL's ``jsonb_typeof``,
    SQLite's ``json_type``."""

    output_field = BooleanField()

    def __init__(self, path: tuple[str, ...]) -> None:
        super().__init__(F("data"))
        self.path = path

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(jsonb_typeof({sql} #> %s) = 'number')", (*params, list(self.path))

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        path = "$" + "".join(f'."{key}"' for key in self.path)
        return f"(json_type({sql}, %s) IN ('integer', 'real'))", (*params, path)


@dataclass(frozen=True)
class EventField:
    """One field of one kind of event, as stored in ``ComplaintEvent.data``."""

    event: type[Event]
    path: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.event.kind

    @property
    def lookup(self) -> str:
        """The ORM lookup into the stored data (``data__response__outcome``)."""
        return "__".join(("data", *self.path))

    def text(self) -> Any:
        """The field's value as text (dates as ISO text, enums as their value); NULL when it is
        missing or stored as JSON null. Django reads a JSON null as the text 'null' on SQLite and as
        NULL on PostgreSQL, so a null due date hid the date set before it on one database only; the
        text 'null' is read as NULL on both (no field of an event has it as a real value)."""
        return NullIf(KT(self.lookup), Value("null"), output_field=TextField())

    def _matching(self, pattern: str) -> Q:
        """Rows whose field's text matches ``pattern``, which must end in ``\\Z``, not ``$``: SQLite's
        REGEXP is Python's, where ``$`` also matches before a final newline ("1250\\n"), and
        PostgreSQL's ``~`` does not; ``\\Z`` is the very end on both."""
        assert pattern.endswith("\\Z"), pattern
        return Q(**{f"{self.lookup}__regex": pattern})

    def as_whole_number(self) -> Case:
        """The field as a whole number, zero or more, when it is stored as one (1250, or 1250.0), else NULL.

        Never a bare cast: PostgreSQL refuses to cast "1250.0" or "fifty pounds" to a whole number
        and stops the whole report, while SQLite reads 1250 and 0. Read this way, both databases
        give 1250 for 1250 and 1250.0, and nothing for a fraction, a negative amount, words or a
        number stored as text ("1250", which the case page refuses to read): no sum is guessed."""
        whole = self._matching(r"^[0-9]{1,15}(\.0+)?\Z") & Q(_StoredAsNumber(self.path))
        number = Cast(Cast(self.text(), DecimalField(max_digits=18, decimal_places=0)), BigIntegerField())
        return Case(When(whole, then=number), default=Value(None), output_field=BigIntegerField())

    def as_date_text(self) -> _RealDateText:
        """The field's text when it is a real ISO date (years 0001-9999, the day within its month,
        29 February only in leap years), else NULL; safe to cast to a date on either database.

        A bare cast stops the whole PostgreSQL report on a date it cannot read ("within 5 working
        days", 2025-02-30), and reads "today" as the day the report runs and 20250708 or "epoch" as
        dates, where SQLite reads NULL: an as-at report could not be reproduced, and the two
        databases disagreed. Read this way, anything but a real date is no date on both."""
        real = self._matching(_REAL_DATE)
        checked = Case(When(real, then=self.text()), default=Value(None), output_field=CharField())
        return _RealDateText(checked, self.text())

    def is_real_date(self) -> Q:
        """Rows whose field is a real ISO date (as :meth:`as_date_text` reads one); not a JSON null."""
        return self._matching(_REAL_DATE)

    def equals(self, value: Any) -> Q:
        """Rows whose field is ``value`` (compared as JSON, as ``data__stage=1`` is)."""
        return Q(**{self.lookup: value})

    def as_one_of(self, *values: int) -> Case:
        """The field as one of ``values`` (a stage: 1 or 2), compared as stored JSON, else NULL.

        Never a cast: PostgreSQL refuses to cast "2.0" or "two" to a whole number and stops the
        whole report, while SQLite reads them as 2 and 0. Compared as JSON, 2.0 is 2 and "two" is
        none of them, on both databases (as :meth:`equals` counts them elsewhere)."""
        whens = [When(self.equals(v), then=Value(v)) for v in values]
        return Case(*whens, default=Value(None), output_field=IntegerField())


#: every field made by :func:`field`, checked against the event dataclasses by a test
DECLARED: list[EventField] = []


def field(event: type[Event], *path: str) -> EventField:
    """A typed selector for ``event``'s field at ``path``; raises ``LookupError`` at once if the
    Code's event class has no such field."""
    field_type(event, path)
    made = EventField(event=event, path=path)
    DECLARED.append(made)
    return made


def kind_of(*events: type[Event]) -> tuple[str, ...]:
    """The stored kinds of ``events``, from their classes."""
    return tuple(e.kind for e in events)
