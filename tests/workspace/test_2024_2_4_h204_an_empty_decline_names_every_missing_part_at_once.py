"""2024 2.4, 2.5, 5.11: the decline forms reported their problems one submit at a time: submitted
empty, only the reason's error; with a reason, only the explanation's; then only the own
circumstances'. Every part left out is named at once, in the error summary and on its field."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _post, _summary

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db

EVERY_PART = ("ground", "explanation", "considered_on_merits", "right_to_ombudsman_given")


@pytest.mark.parametrize(
    ("state", "slug"), [("received", "decline"), ("escalation_requested", "decline-escalation")]
)
def test_2024_2_4_an_empty_decline_names_every_part_it_needs_at_once(
    client: Client, staff: dict[str, User], make: Make, state: str, slug: str
) -> None:
    complaint = make(state)
    response = _post(client, staff["officer"], complaint, slug, {})
    html = response.content.decode()
    summary = _summary(html)
    for name in EVERY_PART:
        assert f'href="#id_{name}' in summary, f"{name} is not in the error summary"
        assert f'id="{name}-error"' in html or f'id="id_{name}-error"' in html, f"{name} has no error on it"
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()


def test_2024_5_11_a_decline_of_an_escalation_on_a_matter_considered_before_names_the_earlier_complaint_with_the_rest(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("escalation_requested")
    response = _post(
        client, staff["officer"], complaint, "decline-escalation", {"ground": "previously_considered"}
    )
    summary = _summary(response.content.decode())
    for name in (
        "previously_considered_in",
        "explanation",
        "considered_on_merits",
        "right_to_ombudsman_given",
    ):
        assert f'href="#id_{name}' in summary, f"{name} is not in the error summary"
