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

from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    PersonalText,
    Remedy,
    Stage,
)
from putright.complaints.services import rebuild_projections
from putright.records.erasure import erase_resident

pytestmark = pytest.mark.django_db


def _unreadable(complaint: Complaint) -> None:
    raw_event(complaint, "handler_allocated", date(2025, 3, 12), stage="1", handler="someone")


def _projection(complaint: Complaint) -> dict[str, Any]:
    """Every projected value of ``complaint``, without surrogate keys."""
    out: dict[str, Any] = {
        "complaint": Complaint.objects.filter(pk=complaint.pk)
        .values(*[f.attname for f in Complaint._meta.concrete_fields if f.attname != "id"])
        .get()
    }
    for model in (Stage, Extension, Remedy, OutstandingAction, ExclusionApplied):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id",)]
        out[model.__name__] = sorted(map(str, model.objects.filter(complaint=complaint).values(*fields)))
    return out


def test_an_erasure_of_an_unreadable_history_leaves_the_projection_a_readable_one_would(  # type: ignore[no-untyped-def]
    build: Any, handler_1: Any, caplog: Any
) -> None:
    """The projection cleared field by field must read as the one rebuilt after erasing a readable
    history: the words erased (the stage's stored response included), the structure (state, outcome,
    remedy kinds) kept. The review found clearing by value left the response's words and overwrote
    a state or a remedy kind that happened to equal an erased word."""
    readable = build("stage_1_responded")
    erase_resident(readable.resident, by="Olu Officer", reason="Erasure request R-8")
    rebuilt = _projection(readable)

    complaint = build("stage_1_responded")
    _unreadable(complaint)
    with caplog.at_level(logging.ERROR, logger="putright.records"):
        record = erase_resident(complaint.resident, by="Olu Officer", reason="Erasure request R-9")
    assert not PersonalText.objects.filter(complaint=complaint, erased_at__isnull=True).exists()
    cleared = _projection(complaint)
    for table in (rebuilt, cleared):  # what differs by nature: the complaint's own identity and times
        for key in ("reference", "resident_id", "created_at", "last_event_at", "property_id"):
            table["complaint"].pop(key, None)
        for name in ("Stage", "Extension", "Remedy", "OutstandingAction", "ExclusionApplied"):
            table[name] = [
                row.replace(f"'complaint_id': {readable.pk}", "").replace(
                    f"'complaint_id': {complaint.pk}", ""
                )
                for row in table[name]
            ]
    assert cleared == rebuilt
    assert "[erased]" in str(cleared["Stage"]) and cleared["complaint"]["state"] == "stage_1_responded"
    assert record.detail["histories_not_replayed"] == [complaint.reference]
    assert any(complaint.reference in r.getMessage() for r in caplog.records)


def test_an_erasure_of_a_history_that_reads_but_cannot_be_replayed_still_erases(build: Any) -> None:  # type: ignore[no-untyped-def]
    """Every step reads, but the history cannot be replayed (it does not begin with the contact, as
    another system might leave it): the erasure still erases the resident's words."""
    complaint = build("stage_1_acknowledged")
    imported = Complaint.objects.get(pk=complaint.pk)
    imported.pk, imported.reference = None, "PR-900001"
    imported.save()
    raw_event(imported, "withdrawn", date(2025, 3, 12), reason="Sorted")
    record = erase_resident(complaint.resident, by="Olu Officer", reason="Erasure request R-10")
    assert not PersonalText.objects.filter(complaint=complaint, erased_at__isnull=True).exists()
    assert record.detail["histories_not_replayed"] == ["PR-900001"]
    assert Complaint.objects.get(pk=imported.pk).summary == "[erased]"


def test_an_edition_of_the_code_putright_does_not_hold_is_unreadable() -> None:
    """An imported contact under "2020" read on and then failed deep in the projection (a bare 500,
    a rebuild and an erasure stopped): every deadline depends on the edition, so it is refused."""
    from putright.code import lifecycle as lc
    from putright.code.errors import UnreadableRecord

    stored = lc.event_to_data(
        lc.ContactReceived(on=date(2025, 3, 3), edition="2024", channel=lc.Channel.EMAIL, summary="Damp")
    )
    assert lc.event_from_data(stored).edition == "2024"  # type: ignore[attr-defined]
    with pytest.raises(UnreadableRecord, match="edition"):
        lc.event_from_data({**stored, "edition": "2020"})


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
