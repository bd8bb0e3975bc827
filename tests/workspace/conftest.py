"""Fixtures for the workspace: staff in two teams, and complaints built through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from putright.accounts.models import Role, Team, User
from putright.code.calendar import england_and_wales
from putright.complaints import services
from putright.complaints.models import Category, Complaint, Property, Resident
from putright.complaints.services import Told

PASSWORD = "correct horse battery staple"


def _user(username: str, first: str, last: str, role: str, team: Team | None = None) -> User:
    return User.objects.create_user(
        username,
        password=PASSWORD,
        email=f"{username}@landlord.example",
        first_name=first,
        last_name=last,
        role=role,
        team=team,
    )


@pytest.fixture
def teams(db: None) -> dict[str, Team]:
    return {"north": Team.objects.create(name="North"), "south": Team.objects.create(name="South")}


@pytest.fixture
def staff(teams: dict[str, Team]) -> dict[str, User]:
    return {
        "officer": _user("olu", "Olu", "Okafor", Role.COMPLAINTS_OFFICER),
        "hana": _user("hana", "Hana", "Hussain", Role.COMPLAINT_HANDLER, teams["north"]),
        "hugo": _user("hugo", "Hugo", "Hughes", Role.COMPLAINT_HANDLER, teams["north"]),
        "sian": _user("sian", "Sian", "Singh", Role.COMPLAINT_HANDLER, teams["south"]),
        "manager": _user("mina", "Mina", "Mensah", Role.MANAGER, teams["north"]),
        "board": _user("bea", "Bea", "Board", Role.GOVERNING_BODY_READER),
    }


def working_days_ago(n: int) -> date:
    """The day ``n`` working days before today."""
    calendar = england_and_wales()
    day = timezone.localdate()
    while calendar.working_days_between(day, timezone.localdate()) < n:
        day = date.fromordinal(day.toordinal() - 1)
    return day


Make = Callable[..., Complaint]


@pytest.fixture
def make(staff: dict[str, User]) -> Make:
    """``make(state, handler=..., name=..., summary=..., received_on=...)``: a complaint driven
    through the services into one of: received, complaint, stage_1_acknowledged, stage_1_responded,
    escalation_requested, stage_2_acknowledged."""
    counter = {"n": 0}
    category, _ = Category.objects.get_or_create(slug="damp-and-mould", defaults={"name": "Damp and mould"})

    @services.recording_as_it_happened()
    def build(
        state: str = "stage_1_acknowledged",
        *,
        handler: User | None = None,
        name: str = "",
        summary: str = "The mould in the bathroom is back and nobody has come. I am fed up.",
        received_on: date | None = None,
        **extra: Any,
    ) -> Complaint:
        counter["n"] += 1
        n = counter["n"]
        home = Property.objects.create(
            reference=f"P{n:05d}",
            address_line_1=f"{n} Orchard Way",
            town="Leeds",
            postcode=f"LS{n % 9 + 1} 4AB",
        )
        resident = Resident.objects.create(
            name=name or f"Resident {n}", email=f"r{n}@example.org", property=home
        )
        officer = staff["officer"]
        received = received_on or timezone.localdate()
        complaint = services.receive_complaint(
            resident=resident,
            summary=summary,
            channel="telephone",
            received_on=received,
            category=category,
            actor=officer,
            accept=state != "received",
            **extra,
        )
        if state in ("received", "complaint"):
            if handler is not None and state == "complaint":
                complaint = services.allocate_handler(
                    complaint=complaint, actor=officer, handler=handler, on=received
                )
            return complaint
        handler = handler or staff["hana"]
        complaint = services.allocate_handler(
            complaint=complaint, actor=officer, handler=handler, on=received
        )
        complaint = services.acknowledge_complaint(
            complaint=complaint,
            actor=handler,
            complaint_definition="The bathroom mould has come back after two reports.",
            outcomes_sought="Treat the mould and fix the extractor fan.",
            responsible_for="Repairs to the fan and the mould treatment.",
            told=Told(method="post", on=received, body="Sent by post."),
        )
        if state == "stage_1_acknowledged":
            return complaint
        complaint = services.respond_to_complaint(
            complaint=complaint,
            actor=handler,
            outcome="partly_upheld",
            decision="We agree the repair took too long.",
            reasons="The job was booked late.",
            remedy="An apology and £50.",
            outstanding_actions="None.",
            escalation_route="Ask us to escalate to stage 2 within 20 working days.",
            told=Told(method="post", on=received, body="Sent by post."),
        )
        if state == "stage_1_responded":
            return complaint
        complaint = services.request_escalation(
            complaint=complaint, actor=None, actor_label="Resident", on=received
        )
        if state == "escalation_requested":
            return complaint
        raise ValueError(state)

    return build


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
