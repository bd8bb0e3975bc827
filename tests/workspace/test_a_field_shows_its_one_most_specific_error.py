"""A field shows its one most specific error. A browser walk found "Date it was sent must be a real
date" beside "Enter the date it was sent" for one bad date, and "Full name must be 200 characters or
fewer" beside "Enter the resident's full name": a value the field refused came back as absent, and
the form's own check said it was missing too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_date_that_is_no_date_is_not_also_missing(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("complaint", handler=staff["hana"])
    client.force_login(staff["hana"])
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/acknowledge/",
        {
            "sent_another_way": "on",
            "sent_method": "email",
            "sent_on-day": "31",
            "sent_on-month": "2",
            "sent_on-year": "2026",
            "sent_text": "We have your complaint.",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["sent_on"] == ["Date it was sent must be a real date"]
    assert "Enter the date it was sent" not in response.content.decode()


def test_a_name_too_long_is_not_also_missing(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["officer"])
    response = client.post(
        "/workspace/new/",
        {
            "resident": "new",
            "name": "A" * 201,
            "contacted_by": "resident",
            "channel": "telephone",
            "summary": "Nobody has come about the leak and I am unhappy.",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    assert len(response.context["form"].errors["name"]) == 1
    html = response.content.decode()
    assert "Full name must be 200 characters or fewer" in html
    assert "Enter the resident's full name" not in html and "Enter the resident&#x27;s full name" not in html
