"""2024 6.9, 6.19 and 7.3: a response or remedy form sent with gaps names every gap in one go. A
browser walk found them coming one round at a time: the response form asked for the decision, then,
once it was chosen, refused four sections the Code requires; the remedy form asked for the date, then
the amount. Each round is a page reload where a handler can give up on the form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def _errors(client: Client, reference: str, slug: str, data: dict[str, Any]) -> dict[str, list[str]]:
    response = client.post(
        f"/workspace/complaints/{reference}/{slug}/", {"on": timezone.localdate().isoformat(), **data}
    )
    assert response.status_code == 422
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_2024_6_9_an_empty_response_names_the_decision_and_every_section_at_once(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    errors = _errors(client, complaint.reference, "respond", {})
    assert errors["outcome"] == ["Choose the decision on the complaint"]
    assert errors["decision"] == ["2024 6.9 c: the response must confirm the decision on the complaint"]
    assert errors["reasons"] == ["2024 6.9 d: the response must confirm the reasons for any decisions made"]
    assert errors["outstanding_actions"] == [
        "2024 6.9 f: the response must confirm details of any outstanding actions"  # not "...; and"
    ]
    assert set(errors) >= {"remedy", "escalation_route"}
    # the stage and the definition are filled from the record: never asked for
    assert "complaint_stage" not in errors and "complaint_definition" not in errors
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="responded").exists()


def test_2024_7_3_a_financial_remedy_without_a_date_or_an_amount_names_both(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    errors = _errors(
        client, complaint.reference, "agree-remedy", {"remedy_kind": "financial", "description": "Pay £50"}
    )
    assert errors == {
        "due": ["2024 7.3: a remedy must say by when it will happen"],
        "amount": ["A financial remedy needs an amount"],
    }
    early = timezone.localdate() - timedelta(days=1)
    errors = _errors(
        client,
        complaint.reference,
        "agree-remedy",
        {
            "remedy_kind": "financial",
            "description": "Pay £50",
            "amount": "50",
            "due": early.isoformat(),
        },
    )
    assert errors == {"due": ["A remedy cannot be due before it is agreed"]}


def test_2024_5_6_5_7_an_empty_acknowledgement_names_every_part_of_the_definition_at_once(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """The Acknowledge form refused the definition, then the outcomes, then the responsibilities, one
    round each (found in a browser walk)."""
    complaint = make("complaint", handler=staff["hana"])
    client.force_login(staff["hana"])
    errors = _errors(client, complaint.reference, "acknowledge", {"outcomes_sought": "Fix the fan."})
    assert errors == {
        "complaint_definition": ["2024 5.6: the complaint definition is required"],
        "responsible_for": [
            "2024 5.7: which aspects of the complaint the landlord is responsible for is required"
        ],
    }
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged").exists()
