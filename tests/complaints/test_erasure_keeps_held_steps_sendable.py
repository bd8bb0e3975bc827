"""A resident erased while a step is held (decided, not yet told, 2024 5.12's "the date it is
issued"): the step still has to reach them, so erasure keeps its structure (the outcome, the
exclusion ground, how new issues were handled) and erases only its words."""

from __future__ import annotations

from typing import Any

import pytest
from complaints.conftest import RESPONSE

from putright.accounts.models import User
from putright.complaints import services
from putright.records.erasure import erase_resident

pytestmark = pytest.mark.django_db


def test_2024_6_9_a_response_held_when_the_resident_is_erased_can_still_be_sent(
    build: Any, handler_1: User
) -> None:
    complaint = build("stage_1_acknowledged")
    with services.recording_as_it_happened():
        held = services.respond_to_complaint(complaint=complaint, actor=handler_1, **RESPONSE)
    assert held.not_yet_sent
    erase_resident(held.resident, by="Olu Officer", reason="Erasure request R-3")

    pending = services.held_steps(held)[0]
    assert pending.fields["outcome"] == RESPONSE["outcome"] != "[erased]"
    assert pending.fields["decision"] == "[erased]"
    sent = services.send_held_step(
        pending=pending, told=services.Told(method="post", on=pending.decided_on, body="Posted.")
    )
    assert sent.not_yet_sent == "" and sent.state == "stage_1_responded"
