"""Writing new rows and changing one row's columns, with the SQL built once.

``insert(rows)`` does what ``Model.objects.bulk_create(rows)`` does for new rows of one model: one
``INSERT`` of every concrete column, each value prepared by its field as the ORM prepares it
(``pre_save`` then ``get_db_prep_save``), the database's ids set on the rows (``RETURNING``), the rows
marked saved, and no signals (``bulk_create`` sends none either). ``create(row)`` is ``row.save()``
for a new row: through ``insert`` when the model keeps ``Model.save`` and nothing listens for its save
signals, through the ORM otherwise, so no ``save`` override or receiver is ever skipped. ``update_row(model, pk, **values)`` is
``Model.objects.filter(pk=pk).update(**values)`` for plain values.

``with together():`` holds the rows ``insert`` is given inside the block and writes them at the end of
the block, or just before any other statement the block runs, whichever comes first: on PostgreSQL all
of them in one round trip (psycopg's pipeline mode), elsewhere one after another. Each is still its
own statement, the same as ``insert`` writes outside the block, and written in the order given.
Inside the block a held row has no database id until it is written, and an error in writing it (a
unique key already taken) is raised at the end of the block or at the next statement, not by
``insert``; so a block holds database writes only, never an email, a file or an upload that such an
error should have stopped. The block is one transaction's part: it refuses to start outside one;
when it ends by an exception, nothing it held is written; and once a held row has failed, the block
raises at its end even if code in between caught the error as its own, so the transaction cannot
commit without that row. Savepoints keep their meaning: rows held inside ``atomic()`` are written
before its savepoint is released, and an error in them is that savepoint's, rolled back and raised
to the code that opened it, as ``insert`` would have raised it there; rows held inside a savepoint
that is rolled back are dropped.

Why: a create through the API writes six rows and changes one, and the ORM spent more time building
those statements than the database spent running them (issue 17: creates at 46-67 a second against a
target of 100). The SQL text is built once per model and column set and kept;
``tests/complaints/test_inserts.py`` compares every column written this way with the ORM's own on
both databases. Anything this does not handle the same way as the ORM (an expression as a value, a
database default, a model with parents) is refused, not approximated."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from django.db import connections
from django.db.models import Model
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields import AutoFieldMixin
from django.db.models.signals import post_save, pre_save
from django.db.transaction import TransactionManagementError

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
    held = _HELD.get()
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        sql, fields = _insert_sql(using, model, with_pk, len(chunk))
        params = [param for row in chunk for param in _prepared(row, fields, connection)]
        write = _Write(sql, params, chunk, returning=not with_pk)
        if held is not None and held.using == using:
            held.hold(write)
        else:
            _write_now([write], using)


@dataclass
class _Write:
    """One INSERT, its values as prepared when ``insert`` was called, and the rows it writes."""

    sql: str
    params: list[Any]
    rows: Sequence[Model]
    returning: bool


def _write_now(writes: Sequence[_Write], using: str) -> None:
    """Run ``writes`` in order: in one round trip on PostgreSQL when there is more than one."""
    connection = connections[using]
    if len(writes) > 1 and connection.vendor == "postgresql" and psycopg.Pipeline.is_supported():
        connection.ensure_connection()
        cursors = []
        try:
            # psycopg sends every statement without waiting for the one before, and collects every
            # result when the pipeline ends; an error in any of them is raised there, as Django's own
            with connection.wrap_database_errors, connection.connection.pipeline():
                for write in writes:
                    cursor = connection.cursor()
                    cursors.append(cursor)
                    cursor.execute(write.sql, write.params)
            for write, cursor in zip(writes, cursors, strict=True):
                _written(write, cursor.fetchall() if write.returning else [], connection, using)
        finally:
            for cursor in cursors:
                cursor.close()
        return
    for write in writes:
        # each statement's rows read before the next runs: SQLite will not roll back to a savepoint
        # while a statement's RETURNING rows are still unread
        with connection.cursor() as cursor:
            cursor.execute(write.sql, write.params)
            _written(write, cursor.fetchall() if write.returning else [], connection, using)


def _written(write: _Write, ids: Sequence[Any], connection: Any, using: str) -> None:
    for row, returned in zip(write.rows, ids, strict=False):
        _set_id(row, returned[0], connection)
    _saved(write.rows, using)


@dataclass
class _Held:
    using: str
    writes: list[_Write] = dataclasses.field(default_factory=list)
    #: why the block can no longer end well: a held row that could not be written, or an exception
    #: out of a block inside this one. The block then raises at its end, so its transaction is
    #: rolled back, even if code in between caught the error as its own.
    failed: BaseException | None = None

    def hold(self, write: _Write) -> None:
        self.writes.append(write)

    def fail(self, error: BaseException) -> None:
        self.writes = []
        if self.failed is None:
            self.failed = error

    def write(self, *, releasing_savepoint: bool = False) -> None:
        writes, self.writes = self.writes, []  # taken first: writing them runs the hook below again
        try:
            _write_now(writes, self.using)
        except BaseException as error:
            # At a savepoint's release every row still held was held inside it (its SAVEPOINT, like
            # any statement, wrote those before it), and Django rolls the savepoint back and raises
            # the error to the code that opened it, as ``insert`` raising there would have: that
            # code owns the error (``try: with atomic(): ... except IntegrityError``).
            if not releasing_savepoint:
                self.fail(error)
            raise

    def before_statement(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        """Django's ``execute_wrapper`` hook: every other statement finds the held rows written."""
        if self.writes:
            if sql.startswith("ROLLBACK TO SAVEPOINT "):
                self.writes = []  # all held inside the savepoint, which is undone: nothing to write
            else:
                self.write(releasing_savepoint=sql.startswith("RELEASE SAVEPOINT "))
        return execute(sql, params, many, context)


_HELD: ContextVar[_Held | None] = ContextVar("putright_held_inserts", default=None)


@contextmanager
def together(using: str = "default") -> Iterator[None]:
    """Hold the rows ``insert`` is given in the block and write them together at its end (see the
    module's text). A block inside another for the same database is part of it, as
    ``atomic(savepoint=False)`` is part of the transaction around it: its rows are written at the
    outer block's end, and an exception out of it makes the outer block fail too (nothing held is
    written, and the outer block raises at its end, even if the exception was caught in between)."""
    outer = _HELD.get()
    if outer is not None:
        if outer.using != using:
            raise ValueError("together() holds the rows of one database at a time")
        try:
            yield
        except BaseException as error:
            outer.fail(error)
            raise
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        raise ValueError("together() holds rows inside a transaction (transaction.atomic) only")
    held = _Held(using)
    token = _HELD.set(held)
    try:
        with connection.execute_wrapper(held.before_statement):
            yield
            if held.failed is None:
                held.write()
        if held.failed is not None:
            # caught in between: fail closed, so the transaction does not commit without those rows
            raise TransactionManagementError(
                "rows held by inserts.together() were not all written, and the block went on: "
                f"its transaction is rolled back ({held.failed!r})"
            ) from held.failed
    finally:
        _HELD.reset(token)


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
