"""2024 6.9 e, f: a response cannot say "None" over the remedies and outstanding actions the record
holds; 2024 5.12: the record says what the resident was sent, so a blank ("[TBC]") left in a section
its letter says is refused at recording. A browser walk (helper-140's brief): "None" in the remedy and
"[TBC]" in the reasons were shown one at a time, the blank only once the remedy was put right, where a
GOV.UK form shows every error at once. Now both are on their fields in one go, with everything typed
kept, and nothing is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_6_9_e_f_the_response_form_sets_out_the_remedies_and_actions_recorded import (
    _with_the_walks_record,
)
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints.models import PendingStep

pytestmark = pytest.mark.django_db


def test_2024_6_9_e_5_12_none_over_the_record_and_a_blank_are_shown_at_once(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _with_the_walks_record(make, staff)
    reasons = "The fan was never replaced, as our surveyor found on [TBC]."
    response = _post(
        client, staff["hana"], complaint, "respond", {**RESPONSE, "remedy": "None", "reasons": reasons}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"remedy", "reasons"}
    assert errors["remedy"][0].startswith("2024 6.9 e: the response says there is no remedy")
    assert "[TBC]" in errors["reasons"][0] and "blank left to fill in" in errors["reasons"][0]
    assert RESPONSE["decision"] in response.content.decode()  # nothing typed is lost
    assert not PendingStep.objects.filter(complaint=complaint, step="respond").exists()


def test_2024_5_12_a_blank_in_a_response_sent_another_way_is_not_the_letters(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    """Sent another way, the record keeps the text as sent: a blank the text said too is what the
    resident was told, so the form does not refuse it in the sections (over-enforcement is a defect
    too; a blank the text never said is refused, helper-145)."""
    complaint = _with_the_walks_record(make, staff)
    reasons = "The fan was never replaced, as our surveyor found on [TBC]."
    response = _post(
        client,
        staff["hana"],
        complaint,
        "respond",
        {
            **RESPONSE,
            "reasons": reasons,
            "sent_another_way": "on",
            "sent_method": "email",
            "sent_on": "",
            "sent_text": "We found the fan was never replaced, on [TBC].",
        },
    )
    assert response.status_code == 422
    assert "reasons" not in response.context["form"].errors
