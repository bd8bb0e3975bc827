"""Every workspace action page, on a complaint under the 2022 Code, cites the complaint's own edition
(the core's: ``lifecycle.rules_cited``, ``rule``, ``timescales``, ``stage_response``), in its "Code:"
line and on its form's labels and hints; where the 2022 Code has no such provision it cites none. They
read "Code: 2024 6.13" on allocate, "2024 6.4, 6.5, 6.15, 6.16" on extend, "(2024 6.5, 6.16)" on the
extend form's Ombudsman box, "(2024 5.12)" on every form, whatever the edition. A 2024 complaint's pages
are unchanged, and a refusal the core cites under a 2022 number is shown on its field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _post, _summary

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent, Landlord
from putright.complaints.services import Told

pytestmark = pytest.mark.django_db

#: received before the 2024 Code came into force, so no date on the page reads 2024 either
RECEIVED_2022 = date(2023, 6, 1)

#: (state, page, its "Code:" line on a 2022 complaint, on a 2024 one)
PAGES = [
    ("received", "accept-as-complaint", "2022 1.2, 1.3, 1.8, 4.1", "2024 1.2, 1.3, 2.3, 6.1, 6.2"),
    ("received", "offer-choice-to-complain", "2022 1.6", "2024 1.3, 1.5; 2022 1.6"),
    ("received", "triage-as-service-request", "2022 1.4, 1.6", "2024 1.4, 1.5"),
    ("received", "correct-received-date", "2022 4.15, 4.1", "2024 5.12, 6.2"),
    ("complaint", "allocate-handler", "2022 5.12", "2024 6.13"),
    ("complaint", "acknowledge", "2022 4.2, 4.1, 5.1, 5.13", "2024 5.6, 5.7, 6.2, 6.3, 6.11, 6.14"),
    ("stage_1_acknowledged", "extend", "2022 5.1, 5.3, 5.13, 5.15", "2024 6.4, 6.5, 6.15, 6.16"),
    ("stage_1_acknowledged", "agree-update-interval", "2022 4.10", "2024 5.9"),
    ("stage_1_acknowledged", "respond", "2022 5.8, 5.16", "2024 6.9, 6.19"),
    ("stage_1_acknowledged", "record-new-issues", "2022 5.7", "2024 6.8; 2022 5.7"),
    ("stage_1_acknowledged", "agree-remedy", "2022 6.1, 6.2, 6.5", "2024 7.1-7.3"),
    ("stage_1_acknowledged", "complete-remedy", "2022 6.5", "2024 7.3"),
    ("stage_1_acknowledged", "withdraw-remedy", "2022 6.5", "2024 7.3"),
    ("stage_1_acknowledged", "add-outstanding-action", "2022 5.5", "2024 6.6, 6.17"),
    ("stage_1_acknowledged", "complete-outstanding-action", "2022 5.5", "2024 6.6, 6.17"),
    ("stage_1_responded", "request-escalation", "2022 5.11", "2024 6.10, 6.11, 6.12"),
    ("stage_1_responded", "close", "", ""),
]


class Seen:
    """Opens a complaint's action pages as the complaints officer, under the landlord's edition."""

    def __init__(self, client: Client, staff: dict[str, User], make: Make) -> None:
        self.client, self.staff, self.make = client, staff, make

    def complaint(self, edition: str, state: str) -> Complaint:
        landlord = Landlord.load()
        landlord.edition = edition
        landlord.save()
        complaint = self.make(state, received_on=RECEIVED_2022 if edition == "2022" else None)
        assert complaint.edition == edition
        if state == "stage_1_acknowledged":
            complaint = _with_a_remedy_and_an_action(complaint, self.staff["hana"])
        return complaint

    def main(self, complaint: Complaint, slug: str) -> str:
        self.client.force_login(self.staff["officer"])
        response = self.client.get(f"/workspace/complaints/{complaint.reference}/{slug}/")
        assert response.status_code == 200
        return response.content.decode().split('id="main-content"', 1)[1]

    def refused(self, complaint: Complaint, slug: str, data: dict[str, str]) -> str:
        return str(
            _summary(_post(self.client, self.staff["officer"], complaint, slug, data).content.decode())
        )


@pytest.fixture
def seen(client: Client, staff: dict[str, User], make: Make, letterhead: Any) -> Seen:  # noqa: F811
    return Seen(client, staff, make)


@services.recording_as_it_happened()
def _with_a_remedy_and_an_action(complaint: Complaint, handler: User) -> Complaint:
    complaint = services.agree_remedy(
        complaint=complaint,
        actor=handler,
        remedy_kind="apology",
        description="A written apology.",
        due=complaint.received_on,
        agreed_with_resident=True,
        on=complaint.received_on,
    )
    return services.add_outstanding_action(
        complaint=complaint,
        actor=handler,
        description="Replace the extractor fan.",
        owner="Repairs",
        due=complaint.received_on,
        on=complaint.received_on,
    )


@services.recording_as_it_happened()
def _acknowledged_at_stage_2(complaint: Complaint, handler: User) -> Complaint:
    on = complaint.received_on
    complaint = services.allocate_handler(complaint=complaint, actor=handler, handler=handler, on=on)
    return services.acknowledge_complaint(
        complaint=complaint,
        actor=handler,
        complaint_definition="The bathroom mould, still not treated.",
        outcomes_sought="Treat the mould.",
        responsible_for="The mould treatment.",
        told=Told(method="post", on=on, body="Sent by post."),
    )


@pytest.mark.parametrize("edition", ["2022", "2024"])
@pytest.mark.parametrize("page", PAGES, ids=[slug for _, slug, _, _ in PAGES])
def test_2022_each_action_page_cites_its_complaints_edition(
    seen: Seen, edition: str, page: tuple[str, ...]
) -> None:
    """A 2022 complaint's page cites the 2022 Code and no 2024 number (nor any date in 2024); a 2024
    complaint's page is as it was."""
    state, slug, cited_2022, cited_2024 = page
    shown = seen.main(seen.complaint(edition, state), slug)
    cited = cited_2022 if edition == "2022" else cited_2024
    assert (f"Code: {cited}<" in shown) if cited else ("Code: " not in shown)
    if edition == "2022":
        assert "2024" not in shown, re.findall(r".{0,80}2024.{0,40}", shown)


def test_2022_extension_form_cites_its_stage_limit_and_5_3_only_where_no_agreement(seen: Seen) -> None:
    shown = seen.main(seen.complaint("2022", "stage_1_acknowledged"), "extend")
    assert "No more than 10 at stage 1 (2022 5.1) without a good reason" in shown
    assert "They must be clearly explained (2022 5.1)" in shown
    assert (
        "given the Ombudsman&#x27;s contact details (2022 5.3: where agreement over the extension cannot be "
        "reached)" in shown
    )
    assert "kept on the record (2022 4.15)" in shown
    # a 2024 complaint's form is as it was
    shown = seen.main(seen.complaint("2024", "stage_1_acknowledged"), "extend")
    assert "No more than 10 at stage 1 (2024 6.4) or 20 at stage 2 (6.15) without a good reason" in shown
    assert "given the Ombudsman&#x27;s contact details (2024 6.5, 6.16)" in shown
    assert "kept on the record (2024 5.12)" in shown


def test_2022_route_choices_cite_nothing_the_2022_code_lacks(seen: Seen) -> None:
    shown = seen.main(seen.complaint("2022", "received"), "accept-as-complaint")
    assert "Early resolution: it can be put right promptly<" in shown
    assert "outside the complaints policy&#x27;s time limit and you are using discretion (2022 1.8)" in shown


def test_2022_4_10_update_interval_refused_without_how_is_said_on_that_field(seen: Seen) -> None:
    complaint = seen.complaint("2022", "stage_1_acknowledged")
    summary = seen.refused(complaint, "agree-update-interval", {"every_working_days": "5", "method": ""})
    assert re.search(r"2022 4\.10.*?href=\"#id_method\"|href=\"#id_method\".*?2022 4\.10", summary, re.S)
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="update_interval_agreed").exists()


def test_2022_1_8_accepting_outside_the_time_limit_asks_for_discretion_on_its_field(seen: Seen) -> None:
    complaint = seen.complaint("2022", "received")
    on = RECEIVED_2022.isoformat()
    summary = seen.refused(
        complaint, "accept-as-complaint", {"route": "investigation", "issue_date": "2021-01-04", "on": on}
    )
    field = r'href="#id_discretion_reason"'
    assert re.search(rf"2022 1\.8.*?{field}|{field}.*?2022 1\.8", summary, re.S)
    assert Complaint.objects.get(pk=complaint.pk).status == complaint.status


def test_2022_5_12_a_stage_2_response_by_the_stage_1_handler_is_refused_on_the_decision(seen: Seen) -> None:
    seen.complaint("2022", "received")  # the landlord's edition
    complaint = _acknowledged_at_stage_2(
        seen.make("escalation_requested", received_on=RECEIVED_2022), seen.staff["sian"]
    )
    seen.staff["officer"] = seen.staff["hana"]  # who considered stage 1
    answer = {
        "outcome": "upheld",
        "decision": "We agree.",
        "reasons": "The job was booked late.",
        "remedy": "None",
        "outstanding_actions": "None",
        "escalation_route": "You can ask the Housing Ombudsman to look at it.",
        "complaint_stage": "Stage 2",
        "complaint_definition": "The bathroom mould.",
    }
    summary = seen.refused(complaint, "respond", answer)
    field = r'href="#id_outcome(?:_0)?"'
    assert re.search(rf"2022 5\.12.*?{field}|{field}.*?2022 5\.12", summary, re.S), summary
