"""A history holding a step the core cannot read (left by another system; ``UnreadableRecord``) must
not stop an erasure, which the law requires, nor stop a rebuild of every projection part-way.
Found by the review of the reader's type checks: a stored stage of "1" made the whole erasure roll
back (nothing erased) and stopped ``putright rebuild-projections`` at the first such complaint."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from governance.journeys import raw_event

from putright.complaints.models import Complaint, PersonalText, Remedy, Stage
from putright.complaints.personal import ERASED
from putright.complaints.services import rebuild_projections
from putright.records.erasure import erase_resident

pytestmark = pytest.mark.django_db


def _unreadable(complaint: Complaint) -> None:
    raw_event(complaint, "handler_allocated", date(2025, 3, 12), stage="1", handler="someone")


def test_an_erasure_erases_the_words_of_a_complaint_whose_history_cannot_be_read(
    build: Any, caplog: Any
) -> None:
    complaint = build("stage_1_responded")
    summary = complaint.summary
    _unreadable(complaint)
    with caplog.at_level(logging.ERROR, logger="putright.records"):
        record = erase_resident(complaint.resident, by="Olu Officer", reason="Erasure request R-9")
    assert not PersonalText.objects.filter(complaint=complaint, erased_at__isnull=True).exists()
    complaint.refresh_from_db()
    assert summary and complaint.summary == ERASED  # the projection cleared of the words by value
    for row in [*Stage.objects.filter(complaint=complaint), *Remedy.objects.filter(complaint=complaint)]:
        assert summary not in str(vars(row))
    assert record.detail["histories_not_replayed"] == [complaint.reference]
    assert any(complaint.reference in r.getMessage() for r in caplog.records)


def test_a_rebuild_carries_on_past_an_unreadable_history_and_says_which(build: Any) -> None:
    broken, fine = build("stage_1_acknowledged"), build("stage_1_responded")
    _unreadable(broken)
    Complaint.objects.filter(pk=fine.pk).update(state="received")  # a projection gone stale
    skipped: list[str] = []
    assert rebuild_projections(batch_size=1, unreadable=skipped) >= 1
    assert skipped == [broken.reference]
    assert Complaint.objects.get(pk=fine.pk).state == "stage_1_responded"  # rebuilt, after the broken one
    assert Complaint.objects.get(pk=broken.pk).state == "stage_1_acknowledged"  # kept as it was
    with pytest.raises(CommandError, match=broken.reference):
        call_command("rebuild_projections", verbosity=0)


def test_putright_rebuild_names_the_unreadable_complaints_and_exits_1(build: Any, capsys: Any) -> None:
    from putright.cli import main

    broken = build("stage_1_acknowledged")
    _unreadable(broken)
    assert main(["rebuild"]) == 1
    assert broken.reference in capsys.readouterr().err
