"""2024 6.9 b: the stage response sets out "the complaint definition", and its letter now says the
definition the response records. helper-124 found any definition could be set out there unremarked
("You complained about noise from your neighbour" for a complaint acknowledged as mould). Recording
one that does not say the acknowledged definition now says so; it is never refused, as the complaint
may have changed (and if it did, the resident is told: 5.6, 6.8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User

pytestmark = pytest.mark.django_db


def _said(client: Client, response: Any) -> str:
    return " ".join(str(m) for m in client.get(response["Location"]).context["messages"])


def test_2024_6_9_b_a_response_with_another_definition_is_recorded_with_a_warning(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make()
    response = _post(
        client,
        staff["hana"],
        complaint,
        "respond",
        {**RESPONSE, "complaint_definition": "You complained about noise from your neighbour."},
    )
    assert response.status_code == 302
    said = _said(client, response)
    assert "does not say the one acknowledged at stage 1" in said
    assert "The bathroom mould has come back after two reports." in said


def test_2024_6_9_b_a_response_saying_the_acknowledged_definition_has_no_warning(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make()
    definition = "The bathroom mould has come back after two reports. Outcomes sought: treat it."
    response = _post(
        client, staff["hana"], complaint, "respond", {**RESPONSE, "complaint_definition": definition}
    )
    assert response.status_code == 302
    assert "does not say the one acknowledged" not in _said(client, response)
