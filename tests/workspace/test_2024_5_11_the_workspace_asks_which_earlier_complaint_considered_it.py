"""2024 5.11: refusing an escalation as "previously considered" names the earlier complaint that
considered the matter; the decline-escalation page asks for it, and a refusal without it is shown at
that question, with what was typed kept (see
tests/complaints/test_2024_5_11_a_complaints_own_stage_1_is_no_reason_to_refuse_escalation.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _post, _summary

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def test_2024_5_11_declining_escalation_on_its_own_stage_1_is_refused_at_the_question(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("escalation_requested")
    client.force_login(staff["officer"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline-escalation/").content.decode()
    assert "Which earlier complaint considered the matter?" in page
    # needed for one reason only: not labelled "(optional)", and asked beside the reasons, before the
    # explanation (a browser walk found it last, after how the resident was told)
    assert "Which earlier complaint considered the matter? (optional)" not in page
    assert page.index('name="previously_considered_in"') < page.index('name="explanation"')
    data = {
        "ground": "previously_considered",
        "explanation": "We have already considered your complaint at stage 1.",
        "considered_on_merits": "No new issue was raised.",
        "right_to_ombudsman_given": "on",
    }
    html = _post(client, staff["officer"], complaint, "decline-escalation", data).content.decode()
    summary = _summary(html)
    assert "2024 5.11" in summary and 'href="#id_previously_considered_in"' in summary
    assert "We have already considered your complaint at stage 1." in html  # kept
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
