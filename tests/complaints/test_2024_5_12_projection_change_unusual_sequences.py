"""2024 5.12: the projections written step by step (only what each event changed) equal those rebuilt
from the events, for sequences the every-state test does not walk: extensions, remedies completed,
outstanding actions, withdrawal after acknowledgement, a service request that became a complaint by
the resident's choice (2024 1.3), new issues added to the definition or logged apart (2024 6.8)."""

from __future__ import annotations

from datetime import date

from complaints.test_rebuild_projections import scramble, snapshot
from django.core.management import call_command
from governance.journeys import journey_maker

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.services import Told


@services.recording_as_it_happened()
def _sequences(officer: User, handler_1: User, handler_2: User) -> None:
    journey = journey_maker(officer, handler_1, handler_2)
    full = journey(
        date(2025, 5, 1),
        ack=date(2025, 5, 2),
        extend=(date(2025, 5, 16), 10, "Waiting for a specialist survey."),
        remedy=(date(2025, 5, 21), 5000, date(2025, 6, 30), date(2025, 5, 28)),
        respond=date(2025, 6, 2),
        escalate=date(2025, 6, 4),
        ack2=date(2025, 6, 5),
        respond2=date(2025, 6, 20),
    )
    full = services.add_outstanding_action(
        complaint=full,
        actor=handler_2,
        description="Replace the fan",
        owner="Repairs",
        due=date(2025, 7, 31),
        on=date(2025, 6, 20),
    )
    full = services.add_outstanding_action(
        complaint=full,
        actor=handler_2,
        description="Check the seal",
        owner="Repairs",
        due=date(2025, 7, 31),
        on=date(2025, 6, 20),
    )
    full = services.complete_outstanding_action(
        complaint=full, actor=handler_2, number=1, on=date(2025, 6, 25)
    )
    services.close_complaint(complaint=full, actor=officer, on=date(2025, 6, 26))

    withdrawn = journey(date(2025, 5, 5), ack=date(2025, 5, 6))
    withdrawn = services.agree_remedy(
        complaint=withdrawn,
        actor=handler_1,
        remedy_kind="apology",
        description="An apology",
        due=date(2025, 5, 30),
        agreed_with_resident=True,
        on=date(2025, 5, 7),
    )
    services.withdraw_complaint(complaint=withdrawn, actor=officer, reason="Sorted", on=date(2025, 5, 8))

    chosen = journey(date(2025, 5, 12), service_request=date(2025, 5, 12))
    chosen = services.offer_choice_to_complain(
        complaint=chosen,
        actor=officer,
        about="Missed visit",
        how_offered="On the call",
        chose="not_now",
        on=date(2025, 5, 13),
    )
    chosen = services.offer_choice_to_complain(
        complaint=chosen,
        actor=officer,
        about="Missed again",
        how_offered="On the call",
        chose="make_a_complaint",
        on=date(2025, 5, 14),
    )
    chosen = services.allocate_handler(
        complaint=chosen, actor=officer, handler=handler_1, on=date(2025, 5, 14)
    )
    chosen = services.acknowledge_complaint(
        complaint=chosen,
        actor=handler_1,
        told=Told(method="post", on=date(2025, 5, 15), body="Sent."),
        complaint_definition="Missed visits.",
        outcomes_sought="A visit.",
        responsible_for="Repairs.",
    )
    chosen = services.record_new_issues(
        complaint=chosen,
        actor=handler_1,
        issues="The fan too.",
        related=True,
        would_unreasonably_delay=False,
        handled="added_to_definition",
        reason="Same repair",
        told=Told(method="post", on=date(2025, 5, 16), body="We added the fan."),
    )
    services.record_new_issues(
        complaint=chosen,
        actor=handler_1,
        issues="The fence.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="A different repair",
        on=date(2025, 5, 19),
    )


def test_2024_5_12_step_by_step_projection_equals_the_rebuild_for_unusual_sequences(
    officer: User, handler_1: User, handler_2: User
) -> None:
    _sequences(officer, handler_1, handler_2)
    live = snapshot()
    assert live["rows"]["Remedy"] and live["rows"]["OutstandingAction"] and live["rows"]["Extension"]
    scramble()
    call_command("rebuild_projections", verbosity=0, batch_size=2)
    assert snapshot() == live
