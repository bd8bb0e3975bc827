"""Writing new rows and changing one row's columns, with the SQL built once.

``insert(rows)`` does what ``Model.objects.bulk_create(rows)`` does for new rows of one model: one
``INSERT`` of every concrete column, each value prepared by its field as the ORM prepares it
(``pre_save`` then ``get_db_prep_save``), the database's ids set on the rows (``RETURNING``), the rows
marked saved, and no signals (``bulk_create`` sends none either). ``create(row)`` is ``row.save()``
for a new row: through ``insert`` when the model keeps ``Model.save`` and nothing listens for its save
signals, through the ORM otherwise, so no ``save`` override or receiver is ever skipped. ``update_row(model, pk, **values)`` is
``Model.objects.filter(pk=pk).update(**values)`` for plain values.

Why: a create through the API writes six rows and changes one, and the ORM spent more time building
those statements than the database spent running them (issue 17: creates at 46-67 a second against a
target of 100). The SQL text is built once per model and column set and kept;
``tests/complaints/test_inserts.py`` compares every column written this way with the ORM's own on
both databases. Anything this does not handle the same way as the ORM (an expression as a value, a
database default, a model with parents) is refused, not approximated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields import AutoFieldMixin
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=Model)

_INSERTS: dict[tuple[str, str, type[Model], bool, int], tuple[str, list[Any]]] = {}
_UPDATES: dict[tuple[str, str, type[Model], tuple[str, ...]], tuple[str, list[Any]]] = {}


def _plain(model: type[Model], value: Any, name: str) -> None:
    if hasattr(value, "resolve_expression") or isinstance(value, DatabaseDefault):
        raise ValueError(f"{model.__name__}.{name}: an expression is written through the ORM, not insert()")


def _insert_sql(using: str, model: type[Model], with_pk: bool, count: int) -> tuple[str, list[Any]]:
    slot = (using, connections[using].vendor, model, with_pk, count)
    if slot not in _INSERTS:
        meta: Any = model._meta
        if meta.parents:
            raise ValueError(f"{model.__name__} inherits another model's table: use bulk_create")
        fields = [field for field in meta.concrete_fields if with_pk or not field.primary_key]
        if any(field.has_db_default() or field.generated for field in fields):
            raise ValueError(f"{model.__name__} has a column the database fills: use bulk_create")
        quote = connections[using].ops.quote_name
        one = f"({', '.join(['%s'] * len(fields))})"
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608 -- our own names
            f"VALUES {', '.join([one] * count)}"
        )
        if not with_pk:
            sql += f" RETURNING {quote(meta.pk.column)}"
        _INSERTS[slot] = (sql, fields)
    return _INSERTS[slot]


def insert(rows: Sequence[M], *, using: str = "default") -> None:
    """Insert ``rows`` (new, of one model) in one statement, as ``bulk_create`` would."""
    if not rows:
        return
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise ValueError("insert() writes rows of one model at a time")
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.using(using).bulk_create(rows)
        return
    meta: Any = model._meta
    for row in rows:
        if not row._state.adding:
            raise ValueError(f"{model.__name__}: insert() writes new rows, and this one is saved")
        if row.pk is None and not isinstance(meta.pk, AutoFieldMixin):
            row.pk = meta.pk.get_pk_value_on_save(row)
        row._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
    with_pk = rows[0].pk is not None
    if any((row.pk is not None) != with_pk for row in rows):
        raise ValueError("insert() writes rows that all have their id, or none")
    batch = max(1, connection.ops.bulk_batch_size(list(meta.concrete_fields), list(rows)))
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        sql, fields = _insert_sql(using, model, with_pk, len(chunk))
        params = [param for row in chunk for param in _prepared(row, fields, connection)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = cursor.fetchall() if not with_pk else []
        for row, returned in zip(chunk, ids, strict=False):
            _set_id(row, returned[0], connection)
        _saved(chunk, using)


def _prepared(row: Model, fields: Sequence[Any], connection: Any) -> list[Any]:
    """``row``'s values for ``fields`` as the ORM prepares them for an INSERT."""
    params = []
    for field in fields:
        value = field.pre_save(row, True)
        _plain(type(row), value, field.name)
        params.append(field.get_db_prep_save(value, connection))
    return params


def _set_id(row: Model, returned: Any, connection: Any) -> None:
    meta: Any = row._meta
    for convert in connection.ops.get_db_converters(meta.pk.get_col(meta.db_table)):
        returned = convert(returned, meta.pk, connection)
    row.pk = returned


def _saved(rows: Sequence[Model], using: str) -> None:
    for row in rows:
        row._state.adding = False
        row._state.db = using


def create(row: M, *, using: str = "default") -> M:
    """Save the new ``row``: ``insert`` when its model keeps ``Model.save`` and no receiver listens for
    its save signals, the ORM's ``save(force_insert=True)`` (which runs and sends them) otherwise."""
    model = type(row)
    if model.save is not Model.save or pre_save.has_listeners(model) or post_save.has_listeners(model):
        row.save(force_insert=True, using=using)
    else:
        insert([row], using=using)
    return row


#: the next id as the database would give it, inside the INSERT: PostgreSQL takes it from the
#: column's sequence (once: a CTE that calls a volatile function is evaluated once); SQLite as
#: AUTOINCREMENT does, one more than the larger of the highest id ever given and the highest id
#: there (the write lock is held from BEGIN IMMEDIATE, and the id is the primary key, so two
#: writers can never be given the same one)
_NEXT_ID = {
    "postgresql": "WITH n AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id) ",
    "sqlite": (
        "WITH n(id) AS (SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
        "coalesce((SELECT max({pk}) FROM {table}), 0)) + 1) "
    ),
}
#: ``prefix`` then the id zero-padded to ``digits`` (and longer when it has more), as
#: ``f"{prefix}{id:0{digits}d}"``
_NUMBERED = {
    "postgresql": "%s || lpad(n.id::text, greatest({digits}, length(n.id::text)), '0')",
    "sqlite": "%s || printf('%%0{digits}d', n.id)",
}
_NUMBERED_INSERTS: dict[tuple[str, str, type[Model], str, int], tuple[str, list[Any]]] = {}


def _numbered_sql(using: str, model: type[Model], name: str, digits: int) -> tuple[str, list[Any]]:
    connection = connections[using]
    slot = (using, connection.vendor, model, name, digits)
    if slot not in _NUMBERED_INSERTS:
        meta: Any = model._meta
        quote = connection.ops.quote_name
        pk, numbered = meta.pk, meta.get_field(name)
        _insert_sql(using, model, True, 1)  # what insert() refuses, this refuses too
        fields = [field for field in meta.concrete_fields if field not in (pk, numbered)]
        table = quote(meta.db_table)
        columns = ", ".join(quote(field.column) for field in (pk, numbered, *fields))
        number = _NUMBERED[connection.vendor].format(digits=int(digits))
        values = ", ".join(["(SELECT id FROM n)", f"(SELECT {number} FROM n)", *["%s"] * len(fields)])  # noqa: S608
        returning = f"{quote(pk.column)}, {quote(numbered.column)}"
        head = _NEXT_ID[connection.vendor].format(pk=quote(pk.column), table=table)
        sql = f"{head}INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {returning}"  # noqa: S608 -- our own names
        _NUMBERED_INSERTS[slot] = (sql, fields)
    return _NUMBERED_INSERTS[slot]


def create_numbered(row: M, *, field: str, prefix: str, digits: int, using: str = "default") -> M:
    """Save the new ``row`` with ``field`` set to ``prefix`` and the row's own id, zero-padded to
    ``digits`` (``f"{prefix}{id:0{digits}d}"``: a complaint's reference), in one INSERT: the id is
    taken inside the statement, so the row is never stored without its number and never needs an
    UPDATE to get it. Where that cannot be done the same way on this database, or ``create`` would go
    through the ORM, the row is saved as ``create`` saves it and its number set by one UPDATE."""
    model = type(row)
    connection = connections[using]
    meta: Any = model._meta
    pk: Any = meta.pk
    if not row._state.adding or row.pk is not None:
        raise ValueError(f"{model.__name__}: create_numbered() writes a new row, without its id")
    if (
        connection.vendor not in _NEXT_ID
        or not isinstance(pk, AutoFieldMixin)
        or model.save is not Model.save
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
    ):
        create(row, using=using)
        setattr(row, field, f"{prefix}{row.pk:0{digits}d}")
        update_row(model, row.pk, using=using, **{field: getattr(row, field)})
        return row
    row._prepare_related_fields_for_save(operation_name="create_numbered")  # type: ignore[attr-defined]
    sql, fields = _numbered_sql(using, model, field, digits)
    head = (
        [meta.db_table]
        if connection.vendor == "sqlite"
        else [connection.ops.quote_name(meta.db_table), meta.pk.column]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*head, prefix, *_prepared(row, fields, connection)])
        returned, number = cursor.fetchone()
    _set_id(row, returned, connection)
    setattr(row, field, number)
    _saved([row], using)
    return row


def update_row(model: type[Model], pk: Any, *, using: str = "default", **values: Any) -> int:
    """``model.objects.filter(pk=pk).update(**values)`` for plain values: the number of rows changed."""
    if not values:
        return 0
    connection = connections[using]
    names = tuple(sorted(values))
    slot = (using, connection.vendor, model, names)
    meta: Any = model._meta
    if slot not in _UPDATES:
        quote = connection.ops.quote_name
        fields: list[Any] = [meta.get_field(name) for name in names]
        if any(not getattr(field, "concrete", False) or field.primary_key for field in fields):
            raise ValueError(f"{model.__name__}: update_row() changes its own non-key columns only")
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 -- our own names
        _UPDATES[slot] = (sql, fields)
    sql, fields = _UPDATES[slot]
    params = []
    for name, field in zip(names, fields, strict=True):
        _plain(model, values[name], name)
        value = values[name]
        if isinstance(value, Model):
            value = value.pk
        params.append(field.get_db_prep_save(value, connection))
    params.append(meta.pk.get_db_prep_value(pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
