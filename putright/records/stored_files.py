"""Files written to storage before the rows that name them, kept only if those rows are.

A ``FileField`` is saved to storage (``field_file.save(name, content, save=False)``) before the row
naming it is inserted. A row then refused (a validation, an ``IntegrityError``, a date the Code
refuses) rolled the database back but left the file in storage: personal data no export, retention
or erasure finds. :func:`files_kept_with_their_rows` is the transaction to write them in: when it
rolls back, every file written in it is deleted again, so a refused row leaves no file behind, and
a row that is kept names a file that is there. (A process killed in between still leaves a file; the
orphan sweep, ``putright.records.files``, finds those.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.files.base import File
from django.db import transaction

logger = logging.getLogger(__name__)

#: writes ``content`` as ``name`` into a ``FieldFile`` (not saving its row), kept only if the rows are
Store = Callable[[Any, str, File[bytes]], None]
#: the files written in the enclosing block, if any: an inner block kept hands its files up, so a
#: rollback of the outer block deletes them too
_enclosing: ContextVar[list[tuple[Any, str]] | None] = ContextVar("files_kept_with_their_rows", default=None)


@contextmanager
def files_kept_with_their_rows(using: str | None = None) -> Iterator[Store]:
    """``transaction.atomic()``, giving a function that writes a file into a ``FieldFile``; if an
    exception leaves the block (the transaction rolled back), each file written is deleted again.

    Blocks nest: the files of an inner block that is kept are deleted if the outer one rolls back.
    Inside an outer transaction that is not such a block and rolls back later, the file stays (Django
    gives no hook for that rollback): open the block at the outermost transaction writing the rows."""
    written: list[tuple[Any, str]] = []

    def store(field_file: Any, name: str, content: File[bytes]) -> None:
        field_file.save(name, content, save=False)
        written.append((field_file.storage, field_file.name))

    outer = _enclosing.get()
    token = _enclosing.set(written)
    try:
        try:
            with transaction.atomic(using=using):
                yield store
        finally:
            _enclosing.reset(token)
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except Exception:  # the row's refusal is the error to report, not the cleanup's
                logger.exception("could not delete %s after its row was refused", name)
        raise
    if outer is not None:
        outer.extend(written)
