"""Projections are disposable: rebuilt from the events they equal what the services wrote live."""

from __future__ import annotations

from typing import Any

import pytest
from complaints.complaint_states import STATES
from django.core.management import call_command

from putright.cli import main
from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    Remedy,
    Stage,
)

PROJECTIONS = (Stage, Extension, Remedy, OutstandingAction, ExclusionApplied)


def snapshot() -> dict[str, Any]:
    """Every projected value, keyed by complaint reference, without surrogate keys."""
    complaints = {
        c["reference"]: c
        for c in Complaint.objects.values(
            "reference", *[f"{f}_id" if f.endswith("handler") else f for f in Complaint.PROJECTED_FIELDS]
        )
    }
    rows: dict[str, list[dict[str, Any]]] = {}
    for model in PROJECTIONS:
        values = model.objects.values(
            "complaint__reference",
            *[f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "complaint_id")],
        )
        rows[model.__name__] = sorted((sorted(v.items(), key=str) for v in values), key=str)
    return {"complaints": complaints, "rows": rows}


@pytest.fixture
def every_state(build) -> list[Complaint]:
    return [build(state) for state in STATES]


def scramble() -> None:
    """Throw the projections away (as a bad deploy or a changed projection would)."""
    for model in PROJECTIONS:
        model.objects.all().delete()
    Complaint.objects.update(
        state="received",
        status="received",
        stage=0,
        current_due=None,
        handler=None,
        stage_1_handler=None,
        stage_2_handler=None,
        ended_on=None,
        is_open=True,
        last_event_at=None,
        current_due_provision="",
    )


def test_2024_5_12_rebuilding_from_events_gives_the_live_projections(every_state) -> None:
    assert sorted(Complaint.objects.values_list("state", flat=True)) == sorted(STATES)
    live = snapshot()
    assert all(
        live["rows"][name]
        for name in ("Stage", "Extension", "Remedy", "OutstandingAction", "ExclusionApplied")
    )
    scramble()
    assert snapshot() != live
    call_command("rebuild_projections", verbosity=0, batch_size=5)
    assert snapshot() == live


def test_putright_rebuild_command(every_state, capsys) -> None:
    live = snapshot()
    scramble()
    assert main(["rebuild"]) == 0
    assert f"Rebuilt the projections of {len(STATES)} complaints." in capsys.readouterr().out
    assert snapshot() == live
