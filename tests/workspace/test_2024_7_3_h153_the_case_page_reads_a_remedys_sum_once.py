"""2024 7.3: a remedy on the staff case page reads its sum once. "£50 for the delay" agreed at £50
read "£50 for the delay (£50.00)" on the case, which /track/ had stopped saying (helper-147): the
case page now words it as /track/ and the letters do (``remedy_words``), the sum added only where
the description does not already give one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints import services

pytestmark = pytest.mark.django_db


def _remedies(client: Client, staff: dict[str, User], make: Make, description: str) -> str:
    complaint = make("stage_1_acknowledged", received_on=working_days_ago(1))
    services.agree_remedy(
        complaint=complaint,
        actor=staff["hana"],
        remedy_kind="financial",
        description=description,
        due=timezone.localdate() + timedelta(days=14),
        agreed_with_resident=True,
        amount_pence=5000,
    )
    client.force_login(staff["hana"])
    html = re.sub(r"\s+", " ", client.get(f"/workspace/complaints/{complaint.reference}/").content.decode())
    (line,) = [li for li in html.split("<li>") if "for the delay" in li]
    return line.split("</li>")[0]


def test_2024_7_3_a_remedy_that_gives_its_sum_reads_it_once_on_the_case(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    line = _remedies(client, staff, make, "£50 for the delay")
    assert line.startswith("1. £50 for the delay, due "), line
    assert "£50.00" not in line


def test_2024_7_3_a_remedy_that_does_not_give_its_sum_still_says_it_on_the_case(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    line = _remedies(client, staff, make, "Compensation for the delay")
    assert line.startswith("1. Compensation for the delay (£50), due "), line
