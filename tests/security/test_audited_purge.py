"""Purging history rows (the end of a retention period) is possible only through the audited path,
which records who, why and what in the same transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from putright.complaints.history import EVENTS_TABLE
from putright.complaints.models import ComplaintEvent
from putright.records.models import PurgeIsRecorded, PurgeRecord
from putright.records.purge import audited_purge

pytestmark = pytest.mark.django_db


def test_a_purge_is_recorded_with_who_why_and_what(build: Any) -> None:
    complaint = build("stage_1_responded")
    events = ComplaintEvent.objects.filter(complaint=complaint).count()
    with (
        audited_purge(
            by="Olu Officer", reason="retention period ended", subject=complaint.reference
        ) as record,
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE complaint_id = %s", [complaint.pk])
    assert not ComplaintEvent.objects.filter(complaint=complaint).exists()
    stored = PurgeRecord.objects.get(pk=record.pk)
    assert (stored.by, stored.reason, stored.subject) == (
        "Olu Officer",
        "retention period ended",
        complaint.reference,
    )
    assert events > 0
    with pytest.raises(PurgeIsRecorded):
        stored.save()
    with pytest.raises(PurgeIsRecorded):
        stored.delete()


def test_a_purge_without_a_reason_is_refused_and_the_history_stays(build: Any) -> None:
    complaint = build("received")
    with (
        pytest.raises(ValueError, match="reason"),
        audited_purge(by="Olu", reason=" ", subject=complaint.reference),
    ):
        pass
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE complaint_id = %s", [complaint.pk])
    assert ComplaintEvent.objects.filter(complaint=complaint).exists()
    assert not PurgeRecord.objects.exists()
