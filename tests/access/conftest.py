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
from django_otp.plugins.otp_totp.models import TOTPDevice
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import Role, User
from putright.accounts.services import create_api_token
from putright.complaints import services
from putright.complaints.models import Attachment, Complaint, PendingStep, ReasonableAdjustment
from putright.governance import services as governance
from putright.governance.measures import reporting_year_of
from putright.governance.models import AnnualSubmission, Comply, OmbudsmanCase, ReportRun
from putright.governance.submission import prepare_submission
from putright.imports.models import ImportRun
from putright.imports.services import Upload, check_file
from putright.intake.models import DissatisfactionFlag
from putright.intake.services import flag_dissatisfaction
from putright.letters import services as letters
from putright.letters.models import IssuedLetter, LetterDraft
from putright.ombudsman.casefile import produce_complaint_file
from putright.ombudsman.models import ComplaintFileProduced
from putright.workspace import outbox, records
from putright.workspace.models import OutboxEmail

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
    held: PendingStep
    adjustment: ReasonableAdjustment
    reply: OutboxEmail
    complaint_file: ComplaintFileProduced
    ombudsman_case: OmbudsmanCase

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


def _case(complaint: Complaint, actor: User, recorder: User) -> Case:
    """The complaint's records, made by ``actor``; its Ombudsman case recorded by ``recorder``, who
    must be able to see the complaint (an Ombudsman case is never attached to a hidden complaint)."""
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
    return Case(
        complaint=complaint,
        letter=letter,
        draft=unissued,
        document=document,
        flag=flag,
        held=_held_step(complaint, actor),
        adjustment=records.record_adjustment(
            complaint=complaint,
            actor=actor,
            adjustment="Letters in large print.",
            disclosed_disability="Sight loss",
            agreed_on=timezone.localdate(),
            review_due=None,
        ),
        reply=outbox.queue_reply(
            complaint=complaint,
            actor=actor,
            to="resident@example.org",
            subject="Your complaint",
            body="We have booked the repair for Monday.",
        ),
        complaint_file=produce_complaint_file(complaint=complaint, actor=actor),
        ombudsman_case=governance.open_ombudsman_case(
            actor=recorder,
            complaint=complaint,
            referred_on=timezone.localdate(),
            reference=f"HOS-{complaint.reference}",
        ),
    )


def _held_step(complaint: Complaint, actor: User) -> PendingStep:
    """A step decided but not yet told to the resident (held until its letter is issued)."""
    if complaint.state == "complaint":
        services.acknowledge_complaint(
            complaint=complaint,
            actor=actor,
            complaint_definition="The leak in the bathroom ceiling has not been repaired.",
            outcomes_sought="The leak repaired.",
            responsible_for="Repairs to the building.",
        )
    else:
        services.extend_response_deadline(
            complaint=complaint,
            actor=actor,
            working_days=5,
            reason="We are waiting for the roofer's report.",
            ombudsman_details_given=True,
        )
    held = PendingStep.objects.filter(complaint=complaint, state=PendingStep.State.PENDING).last()
    assert held is not None, "a step the resident must be told of, recorded without telling them, is held"
    return held


def _import_run() -> ImportRun:
    content = b"Ref,Name,Received,Details\nOLD-1,Pat Old,02/03/2025,Leaking roof\n"
    mapping = (
        '[columns]\nreference = "Ref"\nresident_name = "Name"\nreceived_on = "Received"\n'
        'summary = "Details"\n[defaults]\nchannel = "letter"\n'
    )
    return check_file(Upload("old.csv", content, "mapping.toml", mapping), actor=None, keep_content=True)


def _submission(actor: User, year: int) -> AnnualSubmission:
    """Last year's Ombudsman submission pack, from an answered and approved self-assessment."""
    assessment = governance.start_self_assessment(actor=actor, year=year)
    assessment.entries.update(comply=Comply.YES, policy_reference="Complaints policy, section 4")
    governance.approve_self_assessment(
        assessment=assessment,
        actor=actor,
        approved_on=timezone.localdate(),
        approved_by="The board, meeting of 1 March",
    )
    return prepare_submission(
        actor=actor, assessment=assessment, complaints_policy_url="https://landlord.example/complaints"
    )


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
    cases = {
        relation: _case(c, officer, named if relation == "restricted" else officer)
        for relation, c in complaints.items()
    }
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
            "ombudsman": cases["other"].ombudsman_case,
            "annual": governance.produce_annual_report(actor=officer, year=year),
            # the annual report's run: the oversight page records that a body received a report
            "run": ReportRun.objects.order_by("pk").last(),
            # an unconfirmed authenticator for the Django admin's pages about one device
            "submission": _submission(officer, year - 1),
            "totp_device": TOTPDevice.objects.create(user=officer, name="phone", confirmed=False),
            # a checked file of existing complaints, waiting to be imported
            "import_run": _import_run(),
        },
    )
