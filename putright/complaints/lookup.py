"""Reading one row by a unique key.

``unique(queryset)``: the one row a lookup on a unique key finds, or ``None``. ``QuerySet.first()``
orders an unordered query by its primary key before taking a row, and building that ``ORDER BY`` is
a good part of the ORM's cost for a small query (issue 17: five such lookups were about a tenth of a
create's time). A unique key finds at most one row, so there is nothing to order: this takes the
first row the database gives.

``by_key(Model, field=value, ...)``: the same answer as ``unique(Model.objects.filter(field=value,
...))`` for a key the model declares unique (its primary key, a ``unique=True`` field, or the fields
of an unconditional ``UniqueConstraint``), but with the ``SELECT`` built once per model, key and
database and kept. Building a query is most of what a small lookup costs in Django: 0.5-1.1 ms
against 0.05 ms to run it and make the row (issue 17: the five lookups of every API create were a
quarter of its time). The row is made as the ORM makes it (``Model.from_db`` with each column through
the database's and the field's own converters), so it is the same object in every respect a caller
can see; ``tests/complaints/test_lookup_by_key.py`` compares the two field by field on both
databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, IntegerField, Model, QuerySet, UniqueConstraint
from django.db.models.query import ModelIterable

M = TypeVar("M", bound=Model)


def unique(queryset: QuerySet[M]) -> M | None:
    """The row ``queryset`` (a filter on a unique key) finds, or ``None`` if it finds none."""
    for row in queryset.order_by()[:1]:  # nor the model's default ordering
        return row
    return None


Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Columns:
    """One table's part of the ``SELECT``: its model, the attribute names in column order, and per
    column the converters the ORM's compiler would apply, in its order (the backend's, then the
    field's)."""

    model: type[Model]
    attnames: list[str]
    converters: tuple[tuple[tuple[Converter, ...], Any], ...]

    @classmethod
    def of(cls, model: type[Model], alias: str, connection: Any) -> _Columns:
        converters = []
        for field in model._meta.concrete_fields:
            column = field.get_col(alias)
            backend = connection.ops.get_db_converters(column)
            converters.append((tuple(backend + column.get_db_converters(connection)), column))
        return cls(model, [field.attname for field in model._meta.concrete_fields], tuple(converters))

    def select(self, alias: str, quote: Callable[[str], str]) -> list[str]:
        return [f"{alias}.{quote(str(field.column))}" for field in self.model._meta.concrete_fields]

    def make(self, using: str, values: tuple[Any, ...], connection: Any) -> Model:
        converted = []
        for value, (converters, column) in zip(values, self.converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(using, self.attnames, converted)


@dataclass(frozen=True)
class _Prepared:
    sql: str
    key_fields: tuple[Field[Any, Any], ...]
    #: per key field, the range of an integer column (``None`` for other columns)
    bounds: tuple[tuple[int | None, int | None] | None, ...]
    row: _Columns
    #: the foreign key read with the row (``related=``), and its table's part of the ``SELECT``
    related: tuple[Field[Any, Any], _Columns] | None
    #: the attribute names of the extra values (``extra=``), selected last
    extra_names: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        """How many columns the query selects."""
        related = len(self.related[1].attnames) if self.related is not None else 0
        return len(self.row.attnames) + related + len(self.extra_names)


_Slot = tuple[str, str, type[Model], tuple[str, ...], str, tuple[tuple[str, str], ...]]
_PREPARED: dict[_Slot, _Prepared] = {}


def _attname(model: type[Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(field.attname)


def _unique_keys(model: type[Model]) -> list[frozenset[str]]:
    """Every set of attribute names the database holds unique for ``model`` at every statement (no
    conditional or deferrable constraints)."""
    meta = model._meta
    keys = [frozenset({field.attname}) for field in meta.concrete_fields if field.unique]
    keys += [
        frozenset(_attname(model, name) for name in constraint.fields)
        for constraint in meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
        and not constraint.expressions
        and constraint.deferrable is None  # a deferred one may hold duplicates until the commit
    ]
    keys += [frozenset(_attname(model, name) for name in together) for together in meta.unique_together]
    return keys


def _plainly_read(model: type[Model]) -> None:
    """Refuse a model whose default manager reads rows its own way (the complaint's events resolve
    the residents' words kept apart, ``ComplaintEventQuerySet``; a manager that filters, annotates or
    prefetches), or whose columns are not all in its own table (multi-table inheritance): ``by_key``
    would skip that, and find rows the ORM would not."""
    queryset = model._default_manager.get_queryset()
    if (
        type(queryset) is not QuerySet
        or queryset._iterable_class is not ModelIterable
        or vars(queryset).get("_prefetch_related_lookups")
        or str(queryset.query) != str(QuerySet(model).query)
    ):
        raise ValueError(f"{model.__name__}: its manager reads rows its own way; use the ORM")
    concrete = model._meta.concrete_model
    if any(field.model._meta.concrete_model is not concrete for field in model._meta.concrete_fields):
        raise ValueError(f"{model.__name__}: some of its columns are in a parent model's table; use the ORM")


def _bounds(field: Any, connection: Any) -> tuple[int | None, int | None] | None:
    """The range an integer key's column holds (a foreign key's: its target's), else ``None``. The
    ORM answers a value outside it with no rows (``IntegerFieldOverflow``); SQLite would raise."""
    column: Any = field.get_col("t0").output_field
    if not isinstance(column, IntegerField):
        return None
    low, high = connection.ops.integer_field_range(column.get_internal_type())
    return low, high


def _key_value(model: type[Model], name: str, field: Any, value: Any) -> Any:
    """A model instance given for a foreign key stands for its target's value, as in the ORM; one of
    another model, or given for a column that is not a relation, is refused as the ORM refuses it
    (taking its ``pk`` would find whichever row shares that number)."""
    target = field.related_model if field.is_relation else None
    if target is None or value._meta.concrete_model is not target._meta.concrete_model:
        expected = target.__name__ if target is not None else "a value, not a model instance"
        raise ValueError(f"{model.__name__}.{name}: {type(value).__name__} given, {expected} expected")
    return getattr(value, field.target_field.attname)


def _prepare(
    using: str, model: type[Model], names: tuple[str, ...], related: str, extra: tuple[tuple[str, str], ...]
) -> _Prepared:
    connection = connections[using]
    meta = model._meta
    _plainly_read(model)
    fields: tuple[Any, ...] = tuple(meta.pk if name == "pk" else meta.get_field(name) for name in names)
    if frozenset(field.attname for field in fields) not in _unique_keys(model):
        raise ValueError(f"{model.__name__}: {', '.join(names)} is not one of its unique keys")
    quote = connection.ops.quote_name
    row = _Columns.of(model, "t0", connection)
    selected = row.select("t0", quote)
    tables = f"{quote(meta.db_table)} t0"
    joined = None
    if related:
        foreign_key: Any = meta.get_field(related)
        if not foreign_key.many_to_one or foreign_key.related_model is None:
            raise ValueError(f"{model.__name__}.{related} is not a foreign key")
        other = foreign_key.related_model
        _plainly_read(other)
        joined = (foreign_key, _Columns.of(other, "t1", connection))
        selected += joined[1].select("t1", quote)
        join = "LEFT OUTER JOIN" if foreign_key.null else "INNER JOIN"
        target = foreign_key.target_field
        tables += (
            f" {join} {quote(other._meta.db_table)} t1"
            f" ON t1.{quote(target.column)} = t0.{quote(foreign_key.column)}"
        )
    clashes = [
        name for name, _ in extra if name in row.attnames or name in {f.name for f in meta.get_fields()}
    ]
    if clashes:  # as ``annotate`` refuses them: the value would silently replace the field's
        raise ValueError(f"{model.__name__}: extra {', '.join(clashes)} would replace a field")
    selected += [f"({expression})" for _, expression in extra]
    where = " AND ".join(f"t0.{quote(field.column)} = %s" for field in fields)
    sql = f"SELECT {', '.join(selected)} FROM {tables} WHERE {where}"  # noqa: S608 -- our own names
    bounds = tuple(_bounds(field, connection) for field in fields)
    return _Prepared(
        sql=sql,
        key_fields=fields,
        bounds=bounds,
        row=row,
        related=joined,
        extra_names=tuple(n for n, _ in extra),
    )


def by_key(
    model: type[M],
    *,
    using: str = "default",
    related: str = "",
    extra: dict[str, str] | None = None,
    **key: Any,
) -> M | None:
    """The ``model`` row whose unique key (the keyword names: field names, attribute names such as
    ``user_id``, or ``pk``) has these values, or ``None``. Refuses (``ValueError``) names that are not
    one of the model's unique keys, since then more than one row could match, and ``None`` as a value
    (a unique key holds many NULLs).

    ``related``: a foreign key read in the same query, as ``select_related`` would.
    ``extra``: attribute name -> a scalar SQL subquery of our own (never user input), selected with
    the row and set on it as the database returns it (as ``annotate(name=RawSQL(...))`` would)."""
    connection = connections[using]
    cached = _prepared(using, model, related, extra, key)
    params = _params(model, cached, key, connection)
    if params is None:
        return None  # no row can hold it
    with connection.cursor() as cursor:
        cursor.execute(cached.sql, params)
        values = cursor.fetchone()
    if values is None:
        return None
    return _made(cached, values, using, connection)  # type: ignore[return-value]


@dataclass(frozen=True)
class Key:
    """One row :func:`by_keys` reads: ``by_key``'s arguments, kept for later."""

    model: type[Model]
    key: dict[str, Any]
    related: str = ""
    extra: dict[str, str] | None = None


def by_keys(*lookups: Key, using: str = "default") -> list[Model | None]:
    """What ``[by_key(k.model, related=k.related, extra=k.extra, **k.key) for k in lookups]`` gives,
    in one ``SELECT``: each lookup's own query as a subquery, ``LEFT JOIN``-ed to one row, so each
    comes back as its row or, read as all ``NULL``, as ``None``. A create reads its category, its
    resident and the landlord's rules this way, in one round trip instead of three (issue 17)."""
    connection = connections[using]
    parts = [_prepared(using, k.model, k.related, k.extra, k.key) for k in lookups]
    params: list[Any] = []
    for lookup, cached in zip(lookups, parts, strict=True):
        given = _params(lookup.model, cached, lookup.key, connection)
        if given is None:  # a key no row can hold: read each on its own, that one as None
            return [by_key(k.model, using=using, related=k.related, extra=k.extra, **k.key) for k in lookups]
        params += given
    if not parts:
        return []
    joined = " ".join(f"LEFT JOIN ({cached.sql}) q{n} ON 1 = 1" for n, cached in enumerate(parts))
    columns = ", ".join(f"q{n}.*" for n in range(len(parts)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM (SELECT 1 AS one) base {joined}", params)  # noqa: S608 -- our own SQL
        values = cursor.fetchone()
    found: list[Model | None] = []
    at = 0
    for cached in parts:
        width = cached.width
        part = values[at : at + width]
        at += width
        pk_at = cached.row.attnames.index(cached.row.model._meta.pk.attname)
        found.append(None if part[pk_at] is None else _made(cached, part, using, connection))
    return found


def _prepared(
    using: str, model: type[Model], related: str, extra: dict[str, str] | None, key: dict[str, Any]
) -> _Prepared:
    connection = connections[using]
    names = tuple(sorted(key))
    extras = tuple((extra or {}).items())
    slot = (using, connection.vendor, model, names, related, extras)
    cached = _PREPARED.get(slot)
    if cached is None:
        cached = _PREPARED[slot] = _prepare(using, model, names, related, extras)
    return cached


def _params(model: type[Model], cached: _Prepared, key: dict[str, Any], connection: Any) -> list[Any] | None:
    """The key's values as the query's parameters, or ``None`` when one is outside its column's range."""
    params = []
    for name, field, bounds in zip(tuple(sorted(key)), cached.key_fields, cached.bounds, strict=True):
        value = key[name]
        if isinstance(value, Model):
            value = _key_value(model, name, field, value)
        if value is None:
            raise ValueError(f"{model.__name__}: no row is found by {name} = None")
        param = field.get_db_prep_value(value, connection, prepared=False)
        if bounds is not None and isinstance(param, int):
            low, high = bounds
            if (low is not None and param < low) or (high is not None and param > high):
                return None
        params.append(param)
    return params


def _made(cached: _Prepared, values: tuple[Any, ...], using: str, connection: Any) -> Model:
    """The row (with its related row and extras set) from the query's ``values``."""
    width = len(cached.row.attnames)
    found = cached.row.make(using, values[:width], connection)
    if cached.related is not None:
        foreign_key, columns = cached.related
        part = values[width : width + len(columns.attnames)]
        width += len(columns.attnames)
        # no joined row (its primary key read as NULL) is no related object, as ``select_related``
        # makes it: a reference not yet checked (the constraints are deferred) may point at nothing
        pk_at = columns.attnames.index(columns.model._meta.pk.attname)
        other = columns.make(using, part, connection) if part[pk_at] is not None else None
        foreign_key.set_cached_value(found, other)  # type: ignore[attr-defined]
    for name, value in zip(cached.extra_names, values[width : cached.width], strict=True):
        setattr(found, name, value)
    return found
