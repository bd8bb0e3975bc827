"""2024 5.11: "Landlords must clearly set out these reasons" for refusing to escalate. helper-126's
letter sentence "We considered this matter before, in <earlier>." is said wherever the refusal's
``previously_considered_in`` holds text, whatever the ground; the field is optional on the form
(shown only for that ground, but a browser without scripts posts what was typed before the ground
was changed) and on the API. A refusal because of legal proceedings then tells the resident, and its
full record, that it rests on an earlier complaint it does not rest on: a reason not given."""

from __future__ import annotations

from typing import Any

import pytest
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_5_11_a_refused_escalation_names_the_earlier_complaint import EARLIER, _refused
from workspace.conftest import Make, make, staff, teams  # noqa: F401

from putright.accounts.models import User
from putright.letters import services as letter_services

pytestmark = pytest.mark.django_db


def test_2024_5_11_a_refusal_on_another_ground_names_no_earlier_complaint(
    make: Make,  # noqa: F811
    staff: dict[str, User],  # noqa: F811
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _refused(make, staff["officer"], ground="legal_proceedings", previously_considered_in=EARLIER)
    _title, body = letter_services.preview_body(complaint=complaint, kind="decision-not-to-escalate")
    assert "considered this matter before" not in body
    assert EARLIER not in body
