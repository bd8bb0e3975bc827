"""What a write costs in SQL statements, and that writing only what a step changed leaves the same
record as projecting everything again.

Counts, not timings: a count is the same on every machine, so a change that makes a step read or
write more than its budget fails here. The budgets are the targets of issue 17: a lifecycle step in
at most 15 statements. Each step's count includes the SAVEPOINT and RELEASE that the test's own
transaction turns its transaction into (in production those are BEGIN and COMMIT)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from complaints.complaint_states import STATES
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.complaints import services
from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    Remedy,
    Stage,
)
from putright.complaints.projection import projected
from putright.complaints.rules import landlord_rules
from putright.complaints.selectors import case_for
from putright.letters.models import ResponseDateInTextSent

pytestmark = pytest.mark.django_db

STEP_BUDGET = 15


#: a step's text sent another way is read by the letter check for what it promised (the response date
#: of an acknowledgement, 2024 6.3): the letter's template, the stage's dates, and the date kept
KEPT_TEXT_READ_BUDGET = 3


@pytest.fixture
def kept_text_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The statements of each reading of a step's text sent another way (``told_another_way``), in
    the step's transaction: counted apart from the step's own, as the check of a letter is."""
    reads: list[list[str]] = []
    send = services.told_another_way.send

    def counting(*args: Any, **kwargs: Any) -> Any:
        with CaptureQueriesContext(connection) as ctx:
            result = send(*args, **kwargs)
        reads.append([q["sql"][:120] for q in ctx.captured_queries])
        return result

    monkeypatch.setattr(services.told_another_way, "send", counting)
    return reads


@pytest.fixture
def step_statements(
    monkeypatch: pytest.MonkeyPatch, kept_text_reads: list[list[str]]
) -> Iterator[list[tuple[str, int, list[str]]]]:
    """Every call of ``services._step`` (the one path of every lifecycle step) while the test runs:
    (what it recorded or held, statements, their SQL), less the reading of a text sent another way
    (``kept_text_reads``)."""
    counted: list[tuple[str, int, list[str]]] = []
    original = services._step

    def counting(complaint: Complaint, decide: Callable[..., Any], **kwargs: Any) -> Complaint:
        before = len(kept_text_reads)
        with CaptureQueriesContext(connection) as ctx:
            result = original(complaint, decide, **kwargs)
        reading = {sql for read in kept_text_reads[before:] for sql in read}
        appended = getattr(result, "_appended", None)
        what = appended.kind if appended is not None else f"held {kwargs.get('step')}"
        sql = [q["sql"][:120] for q in ctx.captured_queries]
        counted.append(
            (what, len(sql) - sum(map(len, kept_text_reads[before:])), [q for q in sql if q not in reading])
        )
        return result

    monkeypatch.setattr(services, "_step", counting)
    yield counted


@pytest.mark.parametrize(
    "state", [s for s in STATES if s not in ("received", "complaint")]
)  # reached by receipt alone
def test_every_lifecycle_step_writes_in_at_most_15_statements(build, step_statements, state: str) -> None:
    build(state)
    assert step_statements, "the journey took no step"
    over = [(what, n, sql) for what, n, sql in step_statements if n > STEP_BUDGET]
    assert not over, over


def test_receiving_and_accepting_a_complaint_writes_in_at_most_6_statements(resident, officer) -> None:
    """The landlord's rules, the complaint, its two events (one INSERT, hash-chained), the projection
    with the reference (one UPDATE) and its stage row."""
    with CaptureQueriesContext(connection) as ctx:
        complaint = services.receive_complaint(
            resident=resident, summary="The fan is broken.", channel="telephone", actor=officer, accept=True
        )
    assert len(ctx.captured_queries) <= 6, [q["sql"][:120] for q in ctx.captured_queries]
    complaint.refresh_from_db()
    assert complaint.reference == f"PR-{complaint.pk:06d}" and complaint.state == "complaint"
    assert list(complaint.events.values_list("sequence", "kind")) == [
        (1, "contact_received"),
        (2, "accepted_as_complaint"),
    ]
    assert complaint.stages.get().acknowledgement_due == complaint.current_due


def test_a_held_step_and_its_sending_each_stay_within_the_budget(
    build, handler_1, step_statements, kept_text_reads
) -> None:
    """Sent another way, its text kept: the step within its budget, and reading the text for the
    response date it gave (kept, 2024 6.3) within its own."""
    complaint = build("complaint")
    complaint = services.allocate_handler(complaint=complaint, actor=handler_1, handler=handler_1)
    with services.recording_as_it_happened():
        held = services.acknowledge_complaint(
            complaint=complaint,
            actor=handler_1,
            complaint_definition="The mould was not treated.",
            outcomes_sought="Treat it.",
            responsible_for="Mould treatment.",
        )
    assert held.not_yet_sent == "acknowledgement"
    pending = services.held_steps(held)[0]
    promised = landlord_rules().calendar.add_working_days(pending.decided_on, 5)
    sent = services.send_held_step(
        pending=pending,
        told=services.Told(
            method="email",
            on=pending.decided_on,
            body=f"We have your complaint. We will send you our full response by {promised:%-d %B %Y}.",
        ),
    )
    assert sent.not_yet_sent == "" and sent.state == "stage_1_acknowledged"
    kinds = [what for what, _, _ in step_statements]
    assert "held acknowledge" in kinds and "acknowledged" in kinds
    assert all(n <= STEP_BUDGET for _, n, _ in step_statements), step_statements
    assert ResponseDateInTextSent.objects.get(complaint=complaint).response_date_given == promised
    [read] = kept_text_reads
    assert len(read) <= KEPT_TEXT_READ_BUDGET, read


def _rows(model: Any, complaint: Complaint) -> list[dict[str, Any]]:
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return sorted(
        (
            dict(zip(fields, row, strict=True))
            for row in model.objects.filter(complaint=complaint).values_list(*fields)
        ),
        key=repr,
    )


def _unsaved(rows: list[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        fields = [f.attname for f in row._meta.concrete_fields if not f.primary_key]
        out.append({name: getattr(row, name) for name in fields})
    return sorted(out, key=repr)


@pytest.mark.parametrize("state", STATES)
def test_2024_5_12_writing_only_what_changed_leaves_what_a_full_projection_writes(build, state: str) -> None:
    """The record the services leave, step by step, is the record projected afresh from the history."""
    complaint = build(state)
    complaint.refresh_from_db()
    case = case_for(complaint)
    users = {
        pk for pk in (complaint.handler_id, complaint.stage_1_handler_id, complaint.stage_2_handler_id) if pk
    }
    handlers = {int(h) for h in case.handlers.values() if h.isdigit()}
    full = projected(complaint.pk, case, users | handlers, complaint.last_event_at)
    for name, value in full.fields.items():
        assert getattr(complaint, name) == value, name
    assert _rows(Stage, complaint) == _unsaved(full.stages)
    assert _rows(Extension, complaint) == _unsaved(full.extensions)
    assert _rows(Remedy, complaint) == _unsaved(full.remedies)
    assert _rows(OutstandingAction, complaint) == _unsaved(full.actions)
    assert _rows(ExclusionApplied, complaint) == _unsaved(full.exclusions)
