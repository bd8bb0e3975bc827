"""2024 5.12: all correspondence with the resident is on the record. An email sent another way and
recorded with its day only read "4 December 2026 12:00, to Resident" (a browser walk): a time nobody
gave, and nobody named. It is now shown with its day alone, to the resident by name."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints.models import Correspondence

pytestmark = pytest.mark.django_db


def test_2024_5_12_a_message_recorded_with_its_day_only_shows_no_time_and_names_the_resident(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    day = working_days_ago(1)
    complaint = make("stage_1_acknowledged", name="Amara Okafor", received_on=day)
    sent = Correspondence.objects.get(complaint=complaint, direction="out")
    assert not sent.time_given and sent.correspondent == "Amara Okafor"
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"{day.day} {day:%B %Y}, to Amara Okafor" in page
    assert f"{day.day} {day:%B %Y} 12:00" not in page


def test_2024_5_12_one_recorded_before_names_the_resident_and_a_real_time_is_still_shown(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    day = working_days_ago(1)
    complaint = make("stage_1_acknowledged", name="Amara Okafor", received_on=day)
    Correspondence.objects.filter(complaint=complaint).update(correspondent="")  # as kept before
    sent = Correspondence.objects.get(complaint=complaint, direction="out")
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"{day.day} {day:%B %Y}, to Amara Okafor" in page and "to Resident" not in page
    Correspondence.objects.filter(pk=sent.pk).update(occurred_at=sent.occurred_at.replace(minute=7))
    sent.refresh_from_db()
    assert sent.time_given
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert f"{day.day} {day:%B %Y} 12:07, to Amara Okafor" in page
