"""Migration ``complaints 0010_s2erase_personal_text`` on records written the old way (residents'
words inside the events): the words move to ``PersonalText``, each chain is sealed again and
verifies, replay reads the same case; a complaint whose chain was already broken is left alone so
``verify history`` still reports it (2024 5.12)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from putright.code.lifecycle import event_from_data, replay
from putright.complaints import history, personal
from putright.complaints.history import verify_all_chains
from putright.complaints.models import ComplaintEvent, PersonalText
from putright.complaints.selectors import case_for

pytestmark = pytest.mark.django_db

migration = importlib.import_module("putright.complaints.migrations.0010_s2erase_personal_text")


def _written_the_old_way(build: Any, tamper: Any, state: str) -> Any:
    """A complaint whose events hold their words inline, each sealed as it was before 0010."""
    complaint = build(state)
    rows = list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence"))  # words resolved
    previous = history.GENESIS
    with tamper(), connection.cursor() as cursor:
        for row in rows:
            row.stored_data, row.stored_reason = row.data, row.reason
            row.chain_hash = history.event_hash(row, previous)
            previous = row.chain_hash
            ComplaintEvent._base_manager.filter(pk=row.pk).update(
                data=row.data, reason=row.reason, chain_hash=row.chain_hash
            )
        for statement in personal.trigger_sql(connection.vendor, create=False):
            cursor.execute(statement)
        cursor.execute("DELETE FROM complaints_personaltext WHERE complaint_id = %s", [complaint.pk])
        for statement in personal.trigger_sql(connection.vendor):
            cursor.execute(statement)
    return complaint


def test_2024_5_12_the_migration_moves_words_out_and_every_chain_still_verifies(
    build: Any, tamper: Any
) -> None:
    complaint = _written_the_old_way(build, tamper, "stage_1_responded")
    raw = list(
        ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("data", flat=True)
    )
    assert "Mould in the bathroom" in str(raw) and "⟦personal:" not in str(raw)
    assert verify_all_chains().breaks == []
    before = replay(event_from_data(d) for d in raw)

    broken = _written_the_old_way(build, tamper, "stage_1_acknowledged")
    with tamper(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaintevent SET reason = 'rewritten' WHERE complaint_id = %s AND sequence = 2",
            [broken.pk],
        )
    broken_rows = list(
        ComplaintEvent.objects.filter(complaint=broken).order_by("sequence").values_list("data", "chain_hash")
    )

    with tamper():
        migration.move_personal_text(django_apps, SimpleNamespace(connection=connection))

    stored = list(
        ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("data", flat=True)
    )
    assert "Mould in the bathroom" not in str(stored) and "⟦personal:" in str(stored)
    assert PersonalText.objects.filter(complaint=complaint, value__contains="Mould in the bathroom").exists()
    assert case_for(complaint) == before
    # the broken one is exactly as it was, and still reported; the moved one verifies
    assert (
        list(
            ComplaintEvent.objects.filter(complaint=broken)
            .order_by("sequence")
            .values_list("data", "chain_hash")
        )
        == broken_rows
    )
    assert not PersonalText.objects.filter(complaint=broken).exists()
    assert [(b.reference, b.sequence) for b in verify_all_chains().breaks] == [(broken.reference, 2)]
