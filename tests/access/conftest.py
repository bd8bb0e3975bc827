"""A small landlord for the access tests: staff in every role, one complaint for each relation to the
handler (own team, other team, restricted, unallocated), each with an issued letter (and its email),
a draft, a document and a dissatisfaction flag; and the governance records the governance pages
need. Everything goes through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import Role, User
from putright.accounts.services import create_api_token
from putright.complaints import services
from putright.complaints.models import Attachment, Complaint
from putright.governance import services as governance
from putright.governance.measures import reporting_year_of
from putright.intake.models import DissatisfactionFlag
from putright.intake.services import flag_dissatisfaction
from putright.letters import services as letters
from putright.letters.models import IssuedLetter, LetterDraft

LETTERS = Path(__file__).parent.parent / "letters" / "fixtures"
DISSATISFIED = (
    "This is the third time I have chased you about the leak and nobody has come. I am fed up "
    "and I want to make a complaint about how I have been treated."
)


@dataclass
class Case:
    complaint: Complaint
    letter: IssuedLetter
    draft: LetterDraft
    document: Attachment
    flag: DissatisfactionFlag

    @property
    def delivery_id(self) -> int:
        delivery = self.letter.deliveries.first()
        assert delivery is not None, "the resident has an email address, so the letter is emailed"
        return delivery.pk


@dataclass
class World:
    users: dict[str, User]
    cases: dict[str, Case]
    tokens: dict[str, str]
    governance: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _case(complaint: Complaint, actor: User) -> Case:
    body = (LETTERS / "keeping-informed-update.txt").read_text(encoding="utf-8")
    draft = letters.start_draft(
        complaint=complaint, kind="keeping-informed-update", actor=actor, body=body, title="An update"
    )
    letter = letters.issue_letter(draft=draft, actor=actor)
    unissued = letters.start_draft(complaint=complaint, kind="keeping-informed-update", actor=actor)
    document = services.attach_document(
        complaint=complaint,
        actor=actor,
        content=b"Inspection notes: damp readings in the back bedroom.\n",
        filename="inspection.txt",
        content_type="text/plain",
    )
    flag = flag_dissatisfaction(text=DISSATISFIED, source="portal", complaint=complaint)
    assert flag is not None
    return Case(complaint=complaint, letter=letter, draft=unissued, document=document, flag=flag)


@pytest.fixture
def world(staff: dict[str, User], make: Make, settings: Any, tmp_path: Path) -> World:  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def person(username: str, role: str, **extra: Any) -> User:
        return User.objects.create_user(
            username, email=f"{username}@landlord.example", first_name=username.title(), role=role, **extra
        )

    users = {
        "officer": staff["officer"],
        "handler": staff["hana"],
        "manager": staff["manager"],
        "board": staff["board"],
        "mrc": person("mrc", Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS),
        "administrator": person("ada", Role.ADMINISTRATOR),
        "superuser": person("root", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }
    named = person("rex", Role.COMPLAINTS_OFFICER)  # the only person named on the restricted complaint
    teammate, other_team = staff["hugo"], staff["sian"]
    officer = staff["officer"]
    complaints = {
        "own": make(handler=teammate, name="Olive Own"),
        "other": make(handler=other_team, name="Otto Other"),
        "restricted": make(handler=teammate, name="Rita Restricted", restricted=True, restricted_to=[named]),
        "unallocated": make("complaint", name="Una Unallocated"),
    }
    cases = {relation: _case(c, officer) for relation, c in complaints.items()}
    tokens = {role: create_api_token(user)[0] for role, user in users.items()}
    year = reporting_year_of(timezone.localdate())
    assessment = governance.start_self_assessment(actor=officer, year=year)
    return World(
        users=users,
        cases=cases,
        tokens=tokens,
        governance={
            "year": year,
            "assessment": assessment,
            "provision": assessment.entries.order_by("pk").first().provision,  # type: ignore[union-attr]
            "improvement": governance.record_service_improvement(
                actor=officer,
                title="Faster damp surveys",
                description="Survey within 5 days.",
                complaints=[complaints["own"]],
            ),
            "ombudsman": governance.open_ombudsman_case(
                actor=officer,
                complaint=complaints["other"],
                referred_on=timezone.localdate(),
                reference="HOS-1",
            ),
            "annual": governance.produce_annual_report(actor=officer, year=year),
        },
    )
