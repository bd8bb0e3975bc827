"""Build complaints through the real services on the days given (used by the governance tests, the
browser tests and the screenshots)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from putright.accounts.models import User
from putright.code.lifecycle import Case, event_from_data, event_to_data, replay
from putright.complaints import services
from putright.complaints.models import Category, Complaint, ComplaintEvent, Property
from putright.complaints.projection import project
from putright.complaints.rules import landlord_rules
from putright.complaints.services import Told

RESPONSE = dict(
    outcome="partly_upheld",
    decision="We agree the repair took too long.",
    reasons="The job was booked late and the first visit missed the cause.",
    remedy="We apologise, and we will pay you £50 for the delay by 30 June 2025.",
    outstanding_actions="None.",
    escalation_route="If you are unhappy, ask us to escalate to stage 2 within 20 working days.",
)
DEFINITION = dict(
    complaint_definition="The repair took too long.",
    outcomes_sought="Fix it and say sorry.",
    responsible_for="The repair.",
)

Journey = Callable[..., Complaint]

#: what a step told by post from another system kept as sent: a letter's text, as staff paste it (2024
#: 5.12); a note such as "Sent by post." is not what the resident was sent, and the self-assessment
#: lists it to check
KEPT_AS_SENT = (
    "Dear resident, thank you for contacting us. This letter tells you about the next step in your "
    "complaint, as our complaints policy and the Housing Ombudsman's Complaint Handling Code require. "
    "Yours sincerely, the complaints team."
)


#: a 2022 third stage (the ``stage_3`` fixture): asked for on Friday 23 June 2023, its 20 working days
#: (2022 5.18) end on Friday 21 July 2023
STAGE_3_ASKED = date(2023, 6, 23)
STAGE_3_DUE = date(2023, 7, 21)


def journey_maker(officer: User, handler_1: User, handler_2: User) -> Journey:
    """``journey(received, accept=True, ack=..., extend=(on, days, good_reason) or a list of them, respond=...,
    escalate=..., ack2=..., respond2=..., decline=..., refuse_escalation=..., withdraw=...,
    service_request=..., remedy=(on, pence, due, completed_on), refer=..., category=..., area=...,
    resident=...)``: a complaint driven through the services."""
    counter = {"n": 0}

    @services.recording_as_it_happened()
    def make(received: date, **steps: Any) -> Complaint:
        counter["n"] += 1
        n = counter["n"]
        category = None
        if steps.get("category"):
            category, _ = Category.objects.get_or_create(
                slug=steps["category"].lower().replace(" ", "-"), defaults={"name": steps["category"]}
            )
        resident = steps.get("resident")
        if resident is None:
            prop = Property.objects.create(
                reference=f"P{n:04d}", address_line_1=f"{n} High Street", area=steps.get("area", "North")
            )
            resident = services.create_resident(name=f"Resident {n}", property=prop)
        c = services.receive_complaint(
            resident=resident,
            summary="The repair took too long.",
            channel="telephone",
            received_on=received,
            category=category,
            actor=officer,
            accept=steps.get("accept", True) and "decline" not in steps and "service_request" not in steps,
        )
        if "service_request" in steps:
            return services.triage_as_service_request(
                complaint=c, actor=officer, reason="A first report of a repair", on=steps["service_request"]
            )
        if "decline" in steps:
            return services.decline_complaint(
                complaint=c,
                actor=officer,
                ground=steps.get("ground", "previously_considered"),
                explanation="We answered this complaint in full before.",
                considered_on_merits="Nothing new has happened since.",
                right_to_ombudsman_given=True,
                told=Told(method="post", on=steps["decline"], body=KEPT_AS_SENT),
            )
        if "withdraw" in steps and "ack" not in steps:
            return services.withdraw_complaint(
                complaint=c, actor=officer, reason="Sorted", on=steps["withdraw"]
            )
        if "ack" not in steps:
            return c
        c = services.allocate_handler(complaint=c, actor=officer, handler=handler_1, on=steps["ack"])
        c = services.acknowledge_complaint(
            complaint=c,
            actor=handler_1,
            told=Told(method="post", on=steps["ack"], body=KEPT_AS_SENT),
            **DEFINITION,
        )
        extensions = steps.get("extend", [])  # one (on, days, good reason), or a list of them
        for on, days, good in [extensions] if isinstance(extensions, tuple) else extensions:
            c = services.extend_response_deadline(
                complaint=c,
                actor=handler_1,
                working_days=days,
                reason="Waiting for a survey.",
                ombudsman_details_given=True,
                good_reason=good,
                told=Told(method="post", on=on, body=KEPT_AS_SENT),
            )
        if "remedy" in steps:
            on, pence, due, completed = steps["remedy"]
            c = services.agree_remedy(
                complaint=c,
                actor=handler_1,
                remedy_kind="financial" if pence else "apology",
                description="Compensation for the delay" if pence else "An apology",
                due=due,
                agreed_with_resident=True,
                amount_pence=pence,
                on=on,
            )
            if completed:
                c = services.complete_remedy(
                    complaint=c, actor=handler_1, number=1, evidence="Paid to rent account", on=completed
                )
        if "respond" not in steps:
            return c
        c = services.respond_to_complaint(
            complaint=c,
            actor=handler_1,
            told=Told(method="post", on=steps["respond"], body=KEPT_AS_SENT),
            **{**RESPONSE, "outcome": steps.get("outcome", "partly_upheld")},
        )
        if "escalate" not in steps:
            if "refer" in steps:
                c = services.refer_to_ombudsman(
                    complaint=c, actor=officer, reference=f"HOS-{n}", on=steps["refer"]
                )
            return c
        c = services.request_escalation(
            complaint=c, actor=None, actor_label="Resident (portal)", on=steps["escalate"]
        )
        if "refuse_escalation" in steps:
            return services.decline_escalation(
                complaint=c,
                actor=officer,
                # not "previously considered" by its own stage 1: no reason to refuse (2024 5.11)
                ground="legal_proceedings",
                explanation="A claim about the same issue was filed at court.",
                considered_on_merits="The court will decide the same question.",
                right_to_ombudsman_given=True,
                told=Told(method="post", on=steps["refuse_escalation"], body=KEPT_AS_SENT),
            )
        if "ack2" not in steps:
            return c
        c = services.allocate_handler(complaint=c, actor=officer, handler=handler_2, on=steps["ack2"])
        c = services.acknowledge_complaint(
            complaint=c,
            actor=handler_2,
            told=Told(method="post", on=steps["ack2"], body=KEPT_AS_SENT),
            **DEFINITION,
        )
        if "respond2" not in steps:
            return c
        c = services.respond_to_complaint(
            complaint=c,
            actor=handler_2,
            told=Told(method="post", on=steps["respond2"], body=KEPT_AS_SENT),
            **{**RESPONSE, "escalation_route": "You can refer your complaint to the Housing Ombudsman."},
        )
        if "refer" in steps:
            c = services.refer_to_ombudsman(
                complaint=c, actor=officer, reference=f"HOS-{n}", on=steps["refer"]
            )
        return c

    return make


def at_hour(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute``, UK time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def raw_event(
    complaint: Complaint, kind: str, on: date, recorded_at: datetime | None = None, **data: Any
) -> None:
    """An event of ``kind`` written straight into the history with ``data`` as given, however odd
    (a stage stored as "1", a missing field): what an import from an earlier system can leave. The
    projection is not rebuilt; recorded at noon on ``on`` unless ``recorded_at`` is given."""
    last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence").first()
    ComplaintEvent.objects.create(
        complaint=complaint,
        sequence=(last.sequence if last else 0) + 1,
        kind=kind,
        on=on,
        recorded_at=recorded_at or at_hour(on, 12),
        data={"kind": kind, "on": on.isoformat(), **data},
        actor_label="Imported from the previous system",
    )


def imported(complaint: Complaint, event: Any) -> None:
    """A record the core would now refuse, as imported from an earlier system: ``event`` written
    straight into the history, and the case's projection rebuilt from it, as an import leaves it."""
    last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence").first()
    ComplaintEvent.objects.create(
        complaint=complaint,
        sequence=(last.sequence if last else 0) + 1,
        kind=event.kind,
        on=event.on,
        data=event_to_data(event),
        actor_label="Imported from the previous system",
    )
    project(complaint, _case(complaint))


def _case(complaint: Complaint) -> Case:
    rows = (
        ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("data", flat=True)
    )
    return replay(event_from_data(data) for data in rows)


def untold(complaint: Complaint, decide: Any, **arguments: Any) -> None:
    """A step an earlier system recorded with nothing to show how the resident was told: the event the
    core decides (``decide``, a ``putright.code.lifecycle`` step), imported without a communication.
    PutRight itself holds such a step until the resident is told; it never enters the history untold."""
    imported(complaint, decide(_case(complaint), rules=landlord_rules(), **arguments))


_d = date
#: one complaint of every kind of step, for the figure tests: (received, steps) for ``journey``
MIXED: list[tuple[date, dict[str, Any]]] = [
    (_d(2025, 6, 2), dict(ack=_d(2025, 6, 4), respond=_d(2025, 6, 18), category="Repairs", area="North")),
    (
        _d(2025, 6, 2),
        dict(
            ack=_d(2025, 6, 10), respond=_d(2025, 6, 30), category="Repairs", area="South", outcome="upheld"
        ),
    ),
    (
        _d(2025, 6, 3),
        dict(
            ack=_d(2025, 6, 4),
            extend=(_d(2025, 6, 16), 12, "Specialist survey needed"),
            remedy=(_d(2025, 6, 17), 7500, _d(2025, 7, 1), _d(2025, 6, 30)),
            respond=_d(2025, 7, 2),
            category="Damp and mould",
        ),
    ),
    (
        _d(2025, 7, 1),
        dict(
            ack=_d(2025, 7, 2),
            remedy=(_d(2025, 7, 3), 2000, _d(2025, 7, 10), None),
            respond=_d(2025, 7, 4),
            escalate=_d(2025, 7, 7),
            ack2=_d(2025, 7, 15),
            respond2=_d(2025, 8, 20),
            category="Damp and mould",
            outcome="not_upheld",
        ),
    ),
    (_d(2025, 8, 4), dict(decline=_d(2025, 8, 5), ground="legal_proceedings")),
    (
        _d(2025, 8, 4),
        dict(
            ack=_d(2025, 8, 5),
            respond=_d(2025, 8, 6),
            escalate=_d(2025, 8, 7),
            refuse_escalation=_d(2025, 8, 8),
        ),
    ),
    (_d(2025, 9, 1), {}),  # accepted, never acknowledged: overdue
    (_d(2025, 9, 1), dict(ack=_d(2025, 9, 2))),  # acknowledged, never responded: overdue
    (_d(2025, 9, 1), dict(withdraw=_d(2025, 9, 3))),
    (_d(2025, 9, 1), dict(ack=_d(2025, 9, 2), respond=_d(2025, 9, 3), refer=_d(2025, 10, 1))),
]
