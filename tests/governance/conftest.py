"""Fixtures for governance: staff in each role and a ``journey`` that drives a complaint through the
services on the days given (every event goes through the real services, so deadlines are the
core's)."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import (
    KEPT_AS_SENT,
    RESPONSE,
    STAGE_3_ASKED,
    STAGE_3_DUE,
    Journey,
    imported,
    journey_maker,
)

from putright.accounts.models import Role, User
from putright.code.lifecycle import TOLD_BY_IMPORT, Communication, DeadlineExtended
from putright.complaints import services
from putright.complaints.models import Complaint, Landlord, Resident


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user(
        "officer",
        password="officer-pass-123",
        first_name="Olu",
        last_name="Officer",
        role=Role.COMPLAINTS_OFFICER,
    )


@pytest.fixture
def handler_1(db: None) -> User:
    return User.objects.create_user("handler1", first_name="Hana", last_name="One")


@pytest.fixture
def handler_2(db: None) -> User:
    return User.objects.create_user("handler2", first_name="Hugo", last_name="Two", role=Role.MANAGER)


@pytest.fixture
def landlord(db: None) -> Landlord:
    landlord = Landlord.load()
    landlord.name = "Testshire Homes"
    landlord.homes = 2000
    landlord.save()
    return landlord


@pytest.fixture
def journey(officer: User, handler_1: User, handler_2: User, landlord: Landlord) -> Journey:
    return journey_maker(officer, handler_1, handler_2)


@pytest.fixture
def resident(db: None) -> Resident:
    return services.create_resident(name="Rita Repeat")


@pytest.fixture
def signed_in_officer(client, officer):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


@pytest.fixture
def third_stage(landlord: Landlord) -> Landlord:
    landlord.edition = "2022"
    landlord.third_stage = True
    landlord.save()
    return landlord


@pytest.fixture
def stage_3(third_stage, journey, officer):  # type: ignore[no-untyped-def]
    """``stage_3(respond=..., extend=(on, working days))``: a complaint asked for at stage 3 on
    ``STAGE_3_ASKED``, acknowledged, extended and answered on the days given, through the services;
    ``imported_extension=(on, working days, new due)``: additional time an import carries instead."""

    @services.recording_as_it_happened()
    def make(
        *,
        respond: date | None = None,
        extend: tuple[date, int] | None = None,
        imported_extension: tuple[date, int, date] | None = None,
    ) -> Complaint:
        c = journey(
            date(2023, 6, 2),
            ack=date(2023, 6, 5),
            respond=date(2023, 6, 12),
            escalate=date(2023, 6, 13),
            ack2=date(2023, 6, 14),
            respond2=date(2023, 6, 21),
        )
        c = services.request_escalation(
            complaint=c, actor=None, actor_label="Resident (portal)", on=STAGE_3_ASKED
        )
        assert c.stage == 3
        panel = User.objects.create_user(f"panel{c.pk}", first_name="Pat", last_name=f"Panel {c.pk}")
        c = services.allocate_handler(complaint=c, actor=officer, handler=panel, on=date(2023, 6, 26))
        c = services.acknowledge_complaint(
            complaint=c,
            actor=panel,
            told=services.Told(method="post", on=date(2023, 6, 26), body=KEPT_AS_SENT),
            complaint_definition="The repair took too long.",
            outcomes_sought="Fix it and say sorry.",
            responsible_for="The repair.",
        )
        if extend is not None:
            on, days = extend
            c = services.extend_response_deadline(
                complaint=c,
                actor=panel,
                working_days=days,
                reason="We need more time.",
                good_reason="We need more time.",
                ombudsman_details_given=True,
                told=services.Told(method="post", on=on, body=KEPT_AS_SENT),
            )
        if imported_extension is not None:
            _imported_extension(c, *imported_extension)
            c.refresh_from_db()
        if respond is not None:
            c = services.respond_to_complaint(
                complaint=c,
                actor=panel,
                told=services.Told(method="post", on=respond, body=KEPT_AS_SENT),
                **{**RESPONSE, "escalation_route": "You can refer your complaint to the Housing Ombudsman."},
            )
        return c

    return make


def _imported_extension(c: Complaint, on: date, working_days: int, new_due: date) -> None:
    """Additional time for stage 3 decided on ``on``, as an import from an earlier system carries it:
    the core refuses one decided after the response was due (2022 5.18)."""
    imported(
        c,
        DeadlineExtended(
            on=on,
            stage=3,
            previous_due=STAGE_3_DUE,
            new_due=new_due,
            working_days=working_days,
            reason="The panel could not meet.",
            good_reason="Convening the panel.",
            ombudsman_details_given=True,
            extension_provision="2022 5.18",
            communication=Communication(method=TOLD_BY_IMPORT, reference="complaints.csv row 7"),
            imported_from="complaints.csv row 7",
        ),
    )
