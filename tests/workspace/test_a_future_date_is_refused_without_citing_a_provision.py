"""A step dated after today is refused on the form in GOV.UK words ("Date it happened must be today or
in the past"). The refusal cited "2024 5.12" (keeping a full record), which is not the rule a handler
breaks by typing tomorrow's date, and no provision of the Code is about it: none is cited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def test_a_step_dated_tomorrow_is_refused_in_govuk_words_citing_nothing(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/agree-update-interval/",
        {"every_working_days": "5", "method": "Email", "on": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["on"] == ["Date it happened must be today or in the past"]
    assert "5.12" not in response.content.decode().split("govuk-error-summary", 1)[1].split("</ul>", 1)[0]
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="update_interval_agreed").exists()


def test_a_message_sent_another_way_dated_tomorrow_is_refused_at_its_date(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("complaint", handler=staff["hana"])
    client.force_login(staff["hana"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/acknowledge/",
        {
            "sent_another_way": "on",
            "sent_method": "email",
            "sent_on": tomorrow.isoformat(),
            "sent_text": "Hi",
        },
    )
    assert response.context["form"].errors["sent_on"] == ["Date it was sent must be today or in the past"]
