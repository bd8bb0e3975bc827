"""2024 6.9 a: the stage 1 response confirms "the complaint stage". The response form's stage is free
text: "Stage 2" or "final" on a stage 1 response was recorded and printed, telling the resident they
had had the final response when they can still escalate (6.9 g). Now it is a clear error on the
field, with nothing else typed lost; the landlord's own wording of stage 1 is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints.models import PendingStep

pytestmark = pytest.mark.django_db


def test_2024_6_9_a_a_stage_1_response_saying_stage_2_is_a_field_error(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("stage_1_acknowledged")
    response = _post(
        client, staff["hana"], complaint, "respond", {**RESPONSE, "complaint_stage": "Stage 2 (final)"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["complaint_stage"]
    assert errors["complaint_stage"][0].startswith("2024 6.9 a: 'Stage 2 (final)' names stage 2")
    # what was typed is kept on the form
    assert RESPONSE["reasons"] in response.content.decode()
    assert not PendingStep.objects.filter(complaint=complaint, step="respond").exists()


def test_2024_6_9_a_the_landlords_own_wording_of_stage_1_is_recorded(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("stage_1_acknowledged")
    said = "stage 1 (first stage)"
    response = _post(client, staff["hana"], complaint, "respond", {**RESPONSE, "complaint_stage": said})
    assert response.status_code == 302
    held = PendingStep.objects.get(complaint=complaint, step="respond")
    assert held.fields["complaint_stage"] == said
