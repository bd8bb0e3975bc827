"""Fixtures for the complaint record: staff, a resident, and complaints built into any core state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from complaints.complaint_states import RECEIVED, RESPONSE

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Category, Complaint, Resident
from putright.complaints.services import Told


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user(
        "officer", first_name="Olu", last_name="Officer", role=Role.COMPLAINTS_OFFICER
    )


@pytest.fixture
def handler_1(db: None) -> User:
    return User.objects.create_user(
        "handler1", first_name="Hana", last_name="One", role=Role.COMPLAINT_HANDLER
    )


@pytest.fixture
def handler_2(db: None) -> User:
    return User.objects.create_user("handler2", first_name="Hugo", last_name="Two", role=Role.MANAGER)


@pytest.fixture
def resident(db: None) -> Resident:
    return services.create_resident(name="Rita Resident", email="rita@example.org")


Build = Callable[[str], Complaint]


@pytest.fixture
def build(officer: User, handler_1: User, handler_2: User, resident: Resident) -> Build:
    """``build(state)``: a complaint driven through the services into ``state``."""

    def day(n: int) -> date:
        return date.fromordinal(RECEIVED.toordinal() + n)

    def receive(accept: bool = False) -> Complaint:
        return services.receive_complaint(
            resident=resident,
            summary="Mould in the bathroom, reported twice, still not fixed.",
            channel="telephone",
            received_on=RECEIVED,
            category=Category.objects.get_or_create(
                slug="damp-and-mould", defaults={"name": "Damp and mould"}
            )[0],
            actor=officer,
            accept=accept,
        )

    def stage_1_acknowledged() -> Complaint:
        c = receive(accept=True)
        c = services.allocate_handler(complaint=c, actor=officer, handler=handler_1, on=day(1))
        c = services.acknowledge_complaint(
            complaint=c,
            actor=handler_1,
            complaint_definition="The bathroom mould has not been treated after two reports.",
            outcomes_sought="Treat the mould and fix the fan.",
            responsible_for="Repairs to the fan and mould treatment.",
            told=Told(method="post", on=day(2), body="Sent by post."),
        )
        c = services.extend_response_deadline(
            complaint=c,
            actor=handler_1,
            working_days=5,
            reason="Waiting for the surveyor's report.",
            ombudsman_details_given=True,
            told=Told(method="post", on=day(8), body="Sent by post."),
        )
        c = services.agree_update_interval(
            complaint=c, actor=handler_1, every_working_days=5, method="email", on=day(8)
        )
        return services.agree_remedy(
            complaint=c,
            actor=handler_1,
            remedy_kind="financial",
            description="£50 for the delay",
            due=day(30),
            agreed_with_resident=True,
            amount_pence=5000,
            on=day(9),
        )

    def stage_1_responded() -> Complaint:
        c = stage_1_acknowledged()
        return services.respond_to_complaint(
            complaint=c,
            actor=handler_1,
            told=Told(method="post", on=day(10), body="Sent by post."),
            **RESPONSE,
        )

    def escalation_requested() -> Complaint:
        c = stage_1_responded()
        return services.request_escalation(complaint=c, actor=None, actor_label="Rita (portal)", on=day(14))

    def stage_2_acknowledged() -> Complaint:
        c = escalation_requested()
        c = services.allocate_handler(complaint=c, actor=officer, handler=handler_2, on=day(15))
        return services.acknowledge_complaint(
            complaint=c,
            actor=handler_2,
            complaint_definition="The stage 1 remedy does not cover the damaged belongings.",
            outcomes_sought="Compensation for the ruined towels and cabinet.",
            responsible_for="The delay and the damage it caused.",
            not_responsible_for="Contents insurance.",
            told=Told(method="post", on=day(16), body="Sent by post."),
        )

    def stage_2_responded() -> Complaint:
        c = stage_2_acknowledged()
        c = services.respond_to_complaint(
            complaint=c,
            actor=handler_2,
            told=Told(method="post", on=day(20), body="Sent by post."),
            **{**RESPONSE, "escalation_route": "You can refer your complaint to the Housing Ombudsman."},
        )
        return services.add_outstanding_action(
            complaint=c,
            actor=handler_2,
            description="Replace the fan",
            owner="Repairs team",
            due=day(40),
            on=day(20),
        )

    def closed() -> Complaint:
        c = stage_1_responded()
        c = services.complete_remedy(
            complaint=c, actor=handler_1, number=1, evidence="Paid to rent account", on=day(12)
        )
        return services.close_complaint(complaint=c, actor=handler_1, reason="Response accepted", on=day(13))

    def builders() -> dict[str, Callable[[], Complaint]]:
        return {
            "received": receive,
            "service_request": lambda: services.triage_as_service_request(
                complaint=receive(), actor=officer, reason="A first report of a repair", on=day(0)
            ),
            "complaint": lambda: receive(accept=True),
            "stage_1_acknowledged": stage_1_acknowledged,
            "stage_1_responded": stage_1_responded,
            "escalation_requested": escalation_requested,
            "stage_2_acknowledged": stage_2_acknowledged,
            "stage_2_responded": stage_2_responded,
            "closed": closed,
            "referred_to_ombudsman": lambda: services.refer_to_ombudsman(
                complaint=stage_2_responded(), actor=officer, reference="HOS-2025-1234", on=day(30)
            ),
            "declined": lambda: services.decline_complaint(
                complaint=receive(),
                actor=officer,
                ground="previously_considered",
                explanation="We answered this complaint in full in January.",
                considered_on_merits="Nothing new has happened since our January response.",
                right_to_ombudsman_given=True,
                told=Told(method="post", on=day(1), body="Sent by post."),
            ),
            "withdrawn": lambda: services.withdraw_complaint(
                complaint=receive(accept=True), actor=officer, reason="Resident says it is sorted", on=day(3)
            ),
        }

    @services.recording_as_it_happened()
    def build_state(state: str) -> Complaint:
        complaint = builders()[state]()
        assert complaint.state == state
        return complaint

    return build_state
