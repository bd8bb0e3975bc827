"""The rows of a ``values_list`` as the database driver gives them: the ORM builds the SQL, but not
each row's Python values, which is most of the cost of reading a year's rows at 100,000 complaints
(the dashboard's tally, the self-assessment's events).

Both drivers return numbers as numbers, text as text and dates as dates (Django registers SQLite's
date converter by column type); JSON comes back as text (Django asks both SQLite and psycopg for
text and decodes in the field, which is skipped here)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def as_given(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (``__in`` an empty list)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    return found
