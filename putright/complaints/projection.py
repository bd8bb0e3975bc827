"""Projections: the query tables that mirror a complaint's core ``Case``.

``project(complaint, case)`` is the only writer of the projected fields on ``Complaint`` and of
``Stage``, ``Extension``, ``Remedy``, ``OutstandingAction`` and ``ExclusionApplied``. It is called by
every service after appending an event, and by ``rebuild_projections`` for every complaint, so the
tables can always be thrown away and rebuilt from the history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model

from putright.code.lifecycle import Case, StageResponse
from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    Remedy,
    Stage,
)


def user_pk(handler: str | None) -> int | None:
    """The core knows staff as their user pk written as a string."""
    if handler and handler.isdigit():
        return int(handler)
    return None


def _existing_users(handlers: Iterable[str]) -> set[int]:
    wanted = {pk for pk in (user_pk(h) for h in handlers) if pk is not None}
    if not wanted:
        return set()
    return set(get_user_model().objects.filter(pk__in=wanted).values_list("pk", flat=True))


def project(complaint: Complaint, case: Case, *, last_event_at: datetime | None = None) -> None:
    """Make the complaint's projected fields and projection rows say what ``case`` says."""
    users = _existing_users(case.handlers.values())

    def handler_id(stage: int) -> int | None:
        pk = user_pk(case.handlers.get(stage))
        return pk if pk in users else None

    deadline = case.current_deadline()
    complaint.edition = case.edition
    complaint.received_on = case.received_on
    complaint.channel = case.channel.value
    complaint.state = case.state
    complaint.status = case.status.value
    complaint.stage = case.stage
    complaint.is_open = case.is_open
    complaint.current_due = deadline[0] if deadline else None
    complaint.current_due_provision = deadline[1] if deadline else ""
    complaint.handler_id = handler_id(case.stage) if case.stage else None
    complaint.stage_1_handler_id = handler_id(1)
    complaint.stage_2_handler_id = handler_id(2)
    complaint.stage_1_acknowledged_on = case.acknowledged_on.get(1)
    complaint.stage_1_responded_on = case.responded_on.get(1)
    complaint.stage_2_acknowledged_on = case.acknowledged_on.get(2)
    complaint.stage_2_responded_on = case.responded_on.get(2)
    complaint.ended_on = case.ended_on
    complaint.ombudsman_reference = case.ombudsman_reference
    if last_event_at is not None:
        complaint.last_event_at = last_event_at
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

    stages = []
    for number in range(1, case.stage + 1):
        definition = case.definitions.get(number)
        response = case.responses.get(number)
        stages.append(
            Stage(
                complaint=complaint,
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
    Stage.objects.bulk_create(stages)
    Extension.objects.bulk_create(
        Extension(
            complaint=complaint,
            stage=e.stage,
            granted_on=e.granted_on,
            previous_due=e.previous_due,
            new_due=e.new_due,
            working_days=e.working_days,
            reason=e.reason,
            good_reason=e.good_reason,
        )
        for e in case.extensions
    )
    Remedy.objects.bulk_create(
        Remedy(
            complaint=complaint,
            number=r.number,
            kind=r.remedy_kind.value,
            description=r.description,
            agreed_on=r.agreed_on,
            due=r.due,
            agreed_with_resident=r.agreed_with_resident,
            amount_pence=r.amount_pence,
            completed_on=r.completed_on,
            evidence=r.evidence,
        )
        for r in case.remedies
    )
    OutstandingAction.objects.bulk_create(
        OutstandingAction(
            complaint=complaint,
            number=a.number,
            description=a.description,
            owner=a.owner,
            added_on=a.added_on,
            due=a.due,
            completed_on=a.completed_on,
            note=a.note,
        )
        for a in case.outstanding_actions
    )
    if case.declined is not None:  # stays on record if the resident then goes to the Ombudsman
        declined = case.declined
        ExclusionApplied.objects.create(
            complaint=complaint,
            stage=declined.stage,
            ground=declined.ground.value,
            explanation=declined.explanation,
            considered_on_merits=declined.considered_on_merits,
            provision=declined.exclusion_provision,
            applied_on=declined.on,
        )


def _plain(response: StageResponse) -> dict[str, str]:
    """A stage response as JSON-ready data."""
    return {key: str(value) for key, value in dataclasses.asdict(response).items()}
