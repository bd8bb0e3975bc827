"""2024 5.12 (a full record): the history is tamper-evident. Each event's chain hash covers its
content and the previous event's hash; ``putright verify history`` recomputes every chain and every
issued letter's hashes and exits 1 on any break."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from putright.cli import main
from putright.complaints.history import (
    EVENTS_TABLE,
    GENESIS,
    event_hash,
    verify_all_chains,
)
from putright.complaints.models import ComplaintEvent
from putright.letters import services as letter_services

pytestmark = pytest.mark.django_db


def _events(complaint: Any) -> list[ComplaintEvent]:
    return list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence"))


def test_2024_5_12_every_event_is_chained_to_the_one_before(build: Any) -> None:
    rows = _events(build("stage_1_responded"))
    assert len(rows) >= 3
    previous = GENESIS
    for row in rows:
        assert len(row.chain_hash) == 64
        assert row.chain_hash == event_hash(row, previous)
        previous = row.chain_hash
    report = verify_all_chains()
    assert report.breaks == [] and report.events == len(rows) and report.complaints == 1


def test_2024_5_12_verify_history_passes_on_an_untouched_record(build: Any, capsys: Any) -> None:
    build("stage_2_responded")
    assert main(["verify", "history"]) == 0
    out = capsys.readouterr().out
    assert "every chain and letter verifies" in out and "BREAK" not in out


def test_2024_5_12_an_edited_event_is_caught(build: Any, tamper: Any, capsys: Any) -> None:
    complaint = build("stage_1_responded")
    target = _events(complaint)[1]
    with tamper(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {EVENTS_TABLE} SET reason = %s WHERE id = %s", ["rewritten", target.pk])
    assert main(["verify", "history"]) == 1
    out = capsys.readouterr().out
    assert f"BREAK {complaint.reference} event {target.sequence}:" in out
    assert "1 break(s)" in out


def test_2024_5_12_a_removed_event_is_caught(build: Any, tamper: Any, capsys: Any) -> None:
    complaint = build("stage_1_responded")
    target = _events(complaint)[1]
    with tamper(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS_TABLE} WHERE id = %s", [target.pk])
    assert main(["verify", "history"]) == 1
    out = capsys.readouterr().out
    assert f"{complaint.reference} event {target.sequence + 1}: expected event {target.sequence}" in out


def test_2024_5_12_a_rewritten_chain_hash_is_caught_at_the_next_event(build: Any, tamper: Any) -> None:
    """Editing an event and recomputing its own hash still breaks the link to the event after it."""
    complaint = build("stage_1_responded")
    rows = _events(complaint)
    target = rows[1]
    target.reason = "rewritten"
    forged = event_hash(target, rows[0].chain_hash)
    with tamper(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {EVENTS_TABLE} SET reason = %s, chain_hash = %s WHERE id = %s",
            ["rewritten", forged, target.pk],
        )
    breaks = verify_all_chains().breaks
    assert [(b.reference, b.sequence) for b in breaks] == [(complaint.reference, rows[2].sequence)]


def test_the_migration_back_fills_the_same_hashes_the_services_write(build: Any, tamper: Any) -> None:
    build("stage_2_responded")
    written = dict(ComplaintEvent.objects.values_list("pk", "chain_hash"))
    migration = importlib.import_module("putright.complaints.migrations.0006_h12b_event_chain_hash")
    with tamper(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {EVENTS_TABLE} SET chain_hash = ''")
        migration.backfill(apps, SimpleNamespace(connection=connection))
    assert dict(ComplaintEvent.objects.values_list("pk", "chain_hash")) == written


def _issued(case_for_kind: Any, handler: Any) -> Any:
    from security.conftest import fill_blanks

    complaint = case_for_kind("stage1-acknowledgement")
    draft = letter_services.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=handler)
    letter_services.update_draft(draft=draft, body=fill_blanks(draft.body))
    return letter_services.issue_letter(draft=draft, actor=handler)


def test_2024_5_12_an_issued_letter_changed_in_the_database_or_on_disk_is_caught(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tamper: Any, capsys: Any
) -> None:
    letter = _issued(case_for_kind, handler_1)
    assert main(["verify", "history"]) == 0
    assert "1 issued letters" in capsys.readouterr().out

    with open(letter.pdf.path, "ab") as handle:
        handle.write(b"% appended")
    with tamper(), connection.cursor() as cursor:
        cursor.execute("UPDATE letters_issuedletter SET rendered_text = 'changed' WHERE id = %s", [letter.pk])
    assert main(["verify", "history"]) == 1
    out = capsys.readouterr().out
    reference = letter.complaint.reference
    assert f"BREAK {reference} letter {letter.pk}: the stored text does not match" in out
    assert f"BREAK {reference} letter {letter.pk}: the stored PDF does not match" in out
    assert "the stored DOCX" not in out
