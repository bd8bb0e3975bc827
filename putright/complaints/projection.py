"""Projections: the query tables that mirror a complaint's core ``Case``.

``project(complaint, case)`` is the only writer of the projected fields on ``Complaint`` and of
``Stage``, ``Extension``, ``Remedy``, ``OutstandingAction`` and ``ExclusionApplied``. It is called by
every service after appending an event, and by ``rebuild_projections`` for every complaint, so the
tables can always be thrown away and rebuilt from the history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.dispatch import Signal

from putright.code.lifecycle import Case, StageResponse
from putright.complaints.inserts import insert, update_row
from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    Remedy,
    Stage,
)

#: sent when the projected tables, or who and what complaints are recorded under (resident, home,
#: category), change without a new event: projections rebuilt from the history, a complaint's
#: details amended, a contact matched to a resident, an erasure (``erased=True``), an import.
#: Figures kept from those tables (``governance.dashboard_cache``) must then be counted again.
changed_without_event = Signal()


def user_pk(handler: str | None) -> int | None:
    """The core knows staff as their user pk written as a string."""
    if handler and handler.isdigit():
        return int(handler)
    return None


def _existing_users(handlers: Iterable[str], known: Iterable[int | None] = ()) -> set[int]:
    """The pks among ``handlers`` that belong to a user. ``known`` are pks already known to exist (a
    complaint's projected handlers: users are never deleted while a complaint points at them), so
    only the others are looked up, and usually nothing is."""
    wanted = {pk for pk in (user_pk(h) for h in handlers) if pk is not None}
    found = wanted & {pk for pk in known if pk is not None}
    if wanted - found:
        found |= set(get_user_model().objects.filter(pk__in=wanted - found).values_list("pk", flat=True))
    return found


@dataclass
class Projected:
    """What :func:`project` writes for a case, as unsaved rows: the complaint's projected fields and
    its projection rows (also used by the benchmark's bulk build)."""

    fields: dict[str, Any]
    stages: list[Stage]
    extensions: list[Extension]
    remedies: list[Remedy]
    actions: list[OutstandingAction]
    exclusions: list[ExclusionApplied]


def projected(
    complaint_id: int, case: Case, users: set[int], last_event_at: datetime | None = None
) -> Projected:
    """The projection of ``case`` for complaint ``complaint_id``, without touching the database.
    ``users`` are the pks of the handlers that exist (others are kept only as ``handler_ref``)."""

    def handler_id(stage: int) -> int | None:
        pk = user_pk(case.handlers.get(stage))
        return pk if pk in users else None

    deadline = case.current_deadline()
    fields: dict[str, Any] = dict(
        edition=case.edition,
        received_on=case.received_on,
        contact_received_on=case.contact_received_on,
        received_first_recorded=case.received_first_recorded,
        channel=case.channel.value,
        state=case.state,
        status=case.status.value,
        stage=case.stage,
        is_open=case.is_open,
        current_due=deadline[0] if deadline else None,
        current_due_provision=deadline[1] if deadline else "",
        handler_id=handler_id(case.stage) if case.stage else None,
        stage_1_handler_id=handler_id(1),
        stage_2_handler_id=handler_id(2),
        stage_1_acknowledged_on=case.acknowledged_on.get(1),
        stage_1_responded_on=case.responded_on.get(1),
        stage_2_acknowledged_on=case.acknowledged_on.get(2),
        stage_2_responded_on=case.responded_on.get(2),
        ended_on=case.ended_on,
        ombudsman_reference=case.ombudsman_reference,
    )
    if last_event_at is not None:
        fields["last_event_at"] = last_event_at
    stages = []
    for number in range(1, case.stage + 1):
        definition = case.definitions.get(number)
        response = case.responses.get(number)
        stages.append(
            Stage(
                complaint_id=complaint_id,
                number=number,
                handler_id=handler_id(number),
                handler_ref=case.handlers.get(number, ""),
                escalation_requested_on=case.escalation_requested_on.get(number),
                acknowledgement_due=case.acknowledgement_due.get(number),
                acknowledged_on=case.acknowledged_on.get(number),
                response_due=case.response_due.get(number),
                original_response_due=case.original_response_due.get(number),
                responded_on=case.responded_on.get(number),
                outcome=response.outcome.value if response else "",
                complaint_definition=definition.complaint if definition else "",
                outcomes_sought=definition.outcomes_sought if definition else "",
                responsible_for=definition.responsible_for if definition else "",
                not_responsible_for=definition.not_responsible_for if definition else "",
                response=_plain(response) if response else {},
            )
        )
    extensions = [
        Extension(
            complaint_id=complaint_id,
            stage=e.stage,
            granted_on=e.granted_on,
            previous_due=e.previous_due,
            new_due=e.new_due,
            working_days=e.working_days,
            reason=e.reason,
            good_reason=e.good_reason,
        )
        for e in case.extensions
    ]
    remedies = [
        Remedy(
            complaint_id=complaint_id,
            number=r.number,
            kind=r.remedy_kind.value,
            description=r.description,
            agreed_on=r.agreed_on,
            due=r.due,
            agreed_with_resident=r.agreed_with_resident,
            amount_pence=r.amount_pence,
            completed_on=r.completed_on,
            evidence=r.evidence,
            withdrawn_on=r.withdrawn_on,
            withdrawn_ground=r.withdrawn_ground.value if r.withdrawn_ground else "",
            withdrawn_reason=r.withdrawn_reason,
        )
        for r in case.remedies
    ]
    actions = [
        OutstandingAction(
            complaint_id=complaint_id,
            number=a.number,
            description=a.description,
            owner=a.owner,
            added_on=a.added_on,
            due=a.due,
            completed_on=a.completed_on,
            note=a.note,
        )
        for a in case.outstanding_actions
    ]
    exclusions = []
    if case.declined is not None:  # stays on record if the resident then goes to the Ombudsman
        declined = case.declined
        exclusions.append(
            ExclusionApplied(
                complaint_id=complaint_id,
                stage=declined.stage,
                ground=declined.ground.value,
                explanation=declined.explanation,
                considered_on_merits=declined.considered_on_merits,
                provision=declined.exclusion_provision,
                applied_on=declined.on,
            )
        )
    return Projected(fields, stages, extensions, remedies, actions, exclusions)


def project(complaint: Complaint, case: Case, *, last_event_at: datetime | None = None) -> None:
    """Make the complaint's projected fields and projection rows say what ``case`` says."""
    rows = projected(complaint.pk, case, _existing_users(case.handlers.values()), last_event_at)
    for name, value in rows.fields.items():
        setattr(complaint, name, value)
    complaint.save(
        update_fields=[
            *Complaint.PROJECTED_FIELDS,
            "edition",
            "received_on",
            "channel",
        ]
    )

    for model in (Stage, Extension, Remedy, OutstandingAction, ExclusionApplied):
        model.objects.filter(complaint=complaint).delete()
    Stage.objects.bulk_create(rows.stages)
    Extension.objects.bulk_create(rows.extensions)
    Remedy.objects.bulk_create(rows.remedies)
    OutstandingAction.objects.bulk_create(rows.actions)
    for exclusion in rows.exclusions:
        exclusion.save(force_insert=True)


def project_change(
    complaint: Complaint,
    before: Case | None,
    after: Case,
    *,
    last_event_at: datetime | None = None,
    also: dict[str, Any] | None = None,
) -> None:
    """What :func:`project` does, writing only what changed between ``before`` and ``after``: the
    complaint fields whose value differs from ``complaint`` as loaded (one UPDATE), and the rows of
    the projection tables that the step added, changed or removed. The result is the same as
    ``project(complaint, after)`` whenever the stored projection says what ``before`` says, which
    every service keeps true (``tests/complaints/test_projection_change.py`` compares the two).
    ``also``: other fields of the complaint row to write in the same UPDATE."""
    handlers = [*(before.handlers.values() if before else ()), *after.handlers.values()]
    known = (complaint.handler_id, complaint.stage_1_handler_id, complaint.stage_2_handler_id)
    users = _existing_users(handlers, known)
    old = projected(complaint.pk, before, users) if before is not None else None
    new = projected(complaint.pk, after, users, last_event_at)
    changed = {name: value for name, value in new.fields.items() if getattr(complaint, name) != value}
    changed.update(also or {})
    if changed:
        update_row(Complaint, complaint.pk, **changed)
        for name, value in changed.items():
            setattr(complaint, name, value)
    stale = [
        _sync_numbered(Stage, old.stages if old else [], new.stages),
        _sync_numbered(Remedy, old.remedies if old else [], new.remedies),
        _sync_numbered(OutstandingAction, old.actions if old else [], new.actions),
    ]
    _replace_changed(Extension, old.extensions if old else [], new.extensions)
    _replace_changed(ExclusionApplied, old.exclusions if old else [], new.exclusions)
    if any(stale):  # the stored rows did not say what ``before`` says: write them all again
        project(complaint, after, last_event_at=last_event_at)


def _values(row: Any) -> dict[str, Any]:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if not f.primary_key}


def _sync_numbered(model: Any, old: list[Any], new: list[Any]) -> bool:
    """Insert, update or delete the rows numbered ``number`` that differ. True if a row expected
    to be there was not (the caller then re-projects everything)."""
    before = {row.number: _values(row) for row in old}
    after = {row.number: row for row in new}
    added = [row for number, row in after.items() if number not in before]
    stale = False
    for number, row in after.items():
        if number in before:
            values = _values(row)
            diff = {k: v for k, v in values.items() if before[number][k] != v}
            if diff and not model.objects.filter(complaint_id=row.complaint_id, number=number).update(**diff):
                stale = True
    gone = [number for number in before if number not in after]
    if gone:
        complaint_id = old[0].complaint_id
        model.objects.filter(complaint_id=complaint_id, number__in=gone).delete()
    if added:
        insert(added)
    return stale


def _replace_changed(model: Any, old: list[Any], new: list[Any]) -> None:
    """Rows without a number of their own (extensions, an exclusion): all written again if any differ."""
    if [_values(row) for row in old] == [_values(row) for row in new]:
        return
    if old:
        model.objects.filter(complaint_id=old[0].complaint_id).delete()
    if new:
        model.objects.bulk_create(new)


def _plain(response: StageResponse) -> dict[str, str]:
    """A stage response as JSON-ready data."""
    return {key: str(value) for key, value in dataclasses.asdict(response).items()}
