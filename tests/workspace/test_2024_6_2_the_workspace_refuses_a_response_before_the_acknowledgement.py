"""2024 6.2 "Complaints must be acknowledged, defined and logged at stage 1" before the response the
Code times from it (6.3). History imported as it happened may hold a response never acknowledged
(tests/imports/test_2024_6_2_6_11_...); a live door never records one: the workspace refuses a
response to a complaint waiting for its acknowledgement and records nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent

pytestmark = pytest.mark.django_db


def test_2024_6_2_the_workspace_refuses_a_response_before_the_acknowledgement(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint")
    events = ComplaintEvent.objects.filter(complaint=complaint).count()
    response = _post(client, staff["officer"], complaint, "respond", RESPONSE)
    assert response.status_code == 409, response.status_code
    assert "This step is not open for this complaint now" in response.text
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events
    assert Complaint.objects.get(pk=complaint.pk).stage_1_responded_on is None
