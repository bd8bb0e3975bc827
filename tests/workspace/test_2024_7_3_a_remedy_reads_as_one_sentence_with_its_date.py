"""2024 7.3: a remedy says what will happen and by when. Written with its date it read "...under the
kitchen sink., by 18 December 2026" (a browser walk): the full stop typed at the end of the
description is left out where the date follows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.wording import clause
from putright.letters.services import letter_values

pytestmark = pytest.mark.django_db


def test_clause_leaves_out_one_full_stop_only() -> None:
    assert clause("Fix the leak under the kitchen sink. ") == "Fix the leak under the kitchen sink"
    assert clause("Wait and see...") == "Wait and see..."
    assert clause("Pay £50") == "Pay £50"


def test_2024_7_3_a_remedy_ending_in_a_full_stop_reads_before_its_date(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    due = timezone.localdate() + timedelta(days=10)
    services.agree_remedy(
        complaint=complaint,
        actor=staff["hana"],
        remedy_kind="action_on_delay",
        description="Fix the leak under the kitchen sink.",
        due=due,
        agreed_with_resident=True,
    )
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "sink., " not in page and "sink. (" not in page
    assert f"Fix the leak under the kitchen sink, by {due.day} {due:%B %Y}" in page  # the timeline
    assert f"Fix the leak under the kitchen sink, due {due.day} {due:%B %Y}" in page  # the remedies
    assert (
        "- Fix the leak under the kitchen sink, by "
        in letter_values(complaint, "stage1-response")["remedy.list"]
    )
