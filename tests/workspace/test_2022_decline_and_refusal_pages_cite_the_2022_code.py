"""Declining a complaint and refusing to escalate it, on a complaint under the 2022 Code: the page and
its form cite the complaint's own edition's provisions (the core's: ``lifecycle.rule``,
``decline_provisions``, ``exclusions.listed_under``), not the 2024 Code's. They read "(2024 2.5)",
"(2024 2.3)", "(2024 5.11)" and "Code: 2024 2.1-2.5" whatever the edition. A refusal the core cites
under a 2022 number is shown on its field, as the 2024 one is."""

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
from putright.complaints.models import ComplaintEvent, Landlord

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_2022(db: None) -> None:
    landlord = Landlord.load()
    landlord.edition = "2022"
    landlord.save()


def _page(client: Client, user: User, reference: str, slug: str) -> str:
    client.force_login(user)
    return client.get(f"/workspace/complaints/{reference}/{slug}/").content.decode()


def test_2022_declining_a_complaint_cites_the_2022_code(
    client: Client, staff: dict[str, User], make: Make, edition_2022: None
) -> None:
    complaint = make("stage_1_acknowledged", received_on=date(2024, 3, 1))
    assert complaint.edition == "2022"
    page = _page(client, staff["officer"], complaint.reference, "decline")
    assert "Code: 2022 1.7, 1.8, 1.9, 4.7<" in page
    assert "Each complaint dealt with on its merits (2022 4.7)" in page
    assert "Needed for the time limit (2022 1.8)" in page
    assert "considered (2022 1.8)" in page  # the earlier complaint, at stage 1
    for text in ("2024 2.1", "2024 2.2", "2024 2.3", "2024 2.4", "2024 2.5", "2024 5.11"):
        assert text not in page


def test_2022_refusing_to_escalate_cites_the_2022_code(
    client: Client,
    staff: dict[str, User],
    make: Make,
    edition_2022: None,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("escalation_requested", received_on=date(2024, 3, 1))
    assert complaint.edition == "2022" and complaint.stage == 2
    page = _page(client, staff["officer"], complaint.reference, "decline-escalation")
    assert "Code: 2022 4.14, 5.9, 1.8, 4.7<" in page
    assert "considered again (2022 4.14)" in page
    assert "Each complaint dealt with on its merits (2022 4.7)" in page
    for text in ("2024 2.2", "2024 2.4", "2024 2.5", "2024 5.11"):
        assert text not in page
    # the core refuses a refusal not considered on its merits under 2022 4.7: said on that question
    court = "A claim about the same issue was filed at court."
    refused = _post(
        client,
        staff["officer"],
        complaint,
        "decline-escalation",
        {"ground": "legal_proceedings", "explanation": court, "right_to_ombudsman_given": "on"},
    ).content.decode()
    assert court in refused  # kept
    assert re.search(
        r"2022 4\.7.*href=\"#id_considered_on_merits\"|href=\"#id_considered_on_merits\".*2022 4\.7",
        _summary(refused),
        re.S,
    )
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()


def test_2024_declining_a_complaint_still_cites_the_2024_code(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_acknowledged")
    assert complaint.edition == "2024"
    page = _page(client, staff["officer"], complaint.reference, "decline")
    assert "Code: 2024 2.1-2.5<" in page
    assert "No blanket exclusions (2024 2.5)" in page and "Needed for the time limit (2024 2.3)" in page
