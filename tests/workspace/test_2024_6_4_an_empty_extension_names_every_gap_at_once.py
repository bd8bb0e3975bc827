"""2024 6.4, 6.5: an extension gives the resident its reasons and the Ombudsman's contact details.
An empty extension form came back three times (a browser walk): "Enter the number of working days",
then the reasons, then the Ombudsman's details. Every gap is now named at once, before the core is
called; the core's own refusals (a response already late) are shown as before."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def _post(client: Client, reference: str, data: dict[str, str]) -> dict[str, list[str]]:
    response = client.post(f"/workspace/complaints/{reference}/extend/", data)
    assert response.status_code == 422
    html = response.content.decode()
    errors = {name: list(errors) for name, errors in response.context["form"].errors.items()}
    summary = html.split("govuk-error-summary", 1)[1].split("</ul>", 1)[0]
    for messages in errors.values():
        assert all(message.split(":")[0] in summary for message in messages)
    return errors


def test_2024_6_4_an_empty_extension_names_the_days_the_reasons_and_the_ombudsman_details_at_once(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    errors = _post(client, complaint.reference, {"working_days": "", "reason": ""})
    assert errors == {
        "working_days": ["Enter the number of working days"],
        "reason": ["2024 6.4: enter the reasons for the extension, as explained to the resident"],
        "ombudsman_details_given": [
            "2024 6.5: the resident must be given the Ombudsman's contact details with an extension"
        ],
    }
    # more than 10 working days: the good reason is named with the rest, not after them
    errors = _post(client, complaint.reference, {"working_days": "12"})
    assert set(errors) == {"reason", "good_reason", "ombudsman_details_given"}
    assert "would total 12 working days" in errors["good_reason"][0]
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="deadline_extended").exists()


def test_2024_6_4_the_cores_own_refusal_of_a_late_extension_is_kept(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged", received_on=working_days_ago(15))
    client.force_login(staff["hana"])
    filled = {
        "working_days": "5",
        "reason": "The surveyor's report is not back yet",
        "ombudsman_details_given": "on",
        "late_reason": "Recorded from the file",
    }
    response = client.post(f"/workspace/complaints/{complaint.reference}/extend/", filled)
    assert response.status_code == 422
    assert "the response is already late" in response.content.decode()
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="deadline_extended").exists()
