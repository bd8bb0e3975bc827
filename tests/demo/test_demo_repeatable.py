"""The demo landlord is the same landlord wherever it is loaded: the same seed and the same day give
the same residents, homes, handlers and histories on SQLite and on PostgreSQL.

Before, the loader listed residents and staff in whatever order the database returned them.
SQLite returns rows in the order they were written and PostgreSQL need not, so the same seed chose
different residents and handlers there, and the by-area and by-team figures differed. SQLite's
``reverse_unordered_selects`` returns unordered rows backwards, which is how this test stands in for
another database's order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings

from putright.complaints.models import Complaint, ComplaintEvent
from putright.demo.loader import load_demo

DAY = date(2026, 11, 18)


@contextmanager
def _rows_backwards(on: bool) -> Iterator[None]:
    if on and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA reverse_unordered_selects = ON")
    try:
        yield
    finally:
        if on and connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA reverse_unordered_selects = OFF")


def _loaded(data_dir: Path, *, backwards: bool) -> list[tuple[object, ...]]:
    """Who each complaint is from and who handled it, and every step's kind, day and author, for the
    demo loaded with rows coming back forwards or backwards; then rolled back."""
    with override_settings(DATA_DIR=data_dir), _rows_backwards(backwards), transaction.atomic():
        load_demo(homes=100, today=DAY, out=lambda line: None)
        found = Complaint.objects.select_related(
            "category", "resident", "property", "handler", "stage_2_handler"
        ).order_by("reference")
        # references by their place in the order received: PostgreSQL's sequences are not rolled
        # back, so a second load there numbers on from the first
        place = {c.pk: n for n, c in enumerate(found)}
        complaints = [
            (
                place[c.pk],
                c.state,
                c.category.slug,
                c.resident.name,
                c.property.reference if c.property else "",
                c.property.area if c.property else "",
                c.handler.username if c.handler else "",
                c.stage_2_handler.username if c.stage_2_handler else "",
            )
            for c in found
        ]
        steps = [
            (place[complaint], *rest)
            for complaint, *rest in ComplaintEvent.objects.order_by(
                "complaint__reference", "sequence"
            ).values_list("complaint", "sequence", "kind", "on", "actor_label")
        ]
        transaction.set_rollback(True)
    return complaints + steps


@pytest.mark.django_db
def test_the_same_seed_and_day_give_the_same_landlord_whatever_order_the_database_returns(tmp_path):  # type: ignore[no-untyped-def]
    forwards = _loaded(tmp_path / "a", backwards=False)
    backwards = _loaded(tmp_path / "b", backwards=True)
    assert len(forwards) > 100
    assert backwards == forwards
