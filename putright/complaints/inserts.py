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
        params = []
        for row in chunk:
            for field in fields:
                value = field.pre_save(row, True)
                _plain(model, value, field.name)
                params.append(field.get_db_prep_save(value, connection))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = cursor.fetchall() if not with_pk else []
        converters = connection.ops.get_db_converters(meta.pk.get_col(meta.db_table))
        for row, returned in zip(chunk, ids, strict=False):
            value = returned[0]
            for convert in converters:
                value = convert(value, meta.pk, connection)
            row.pk = value
        for row in chunk:
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
