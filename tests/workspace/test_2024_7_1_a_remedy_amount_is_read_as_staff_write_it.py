"""2024 7.1, 7.3: the remedy form reads an amount as staff write it in letters ("£345.50",
"1,000.00"), as the Ombudsman order and putting-right offer forms do (``PoundsField``), kept in
pence. It refused "£345.50" ("Enter a number"), so a financial remedy could not be recorded with the
sum the letter gives. A sum that is not pounds and pence is refused naming the amount, with what
was typed kept and nothing recorded."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import Complaint, Remedy

pytestmark = pytest.mark.django_db


def _record(client: Client, user: User, complaint: Complaint, amount: str) -> str:
    client.force_login(user)
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/agree-remedy/",
        {
            "on": timezone.localdate().isoformat(),
            "remedy_kind": "financial",
            "description": f"Compensation of {amount} for the delay",
            "amount": amount,
            "due": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code in (422, 302), response.status_code
    return response.content.decode() if response.status_code == 422 else ""


def test_2024_7_1_a_financial_remedy_is_recorded_with_its_sum_written_as_in_a_letter(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    written = {"£345.50": 34550, "345.5": 34550, "345": 34500, "1,000.00": 100000, "£12,345.67": 1234567}
    for amount in written:
        assert _record(client, staff["hana"], complaint, amount) == "", amount
    kept = Remedy.objects.filter(complaint=complaint).order_by("number")
    assert [r.amount_pence for r in kept] == list(written.values())


@pytest.mark.parametrize(
    ("amount", "said"),
    [
        ("£3x", "Enter the amount in pounds, for example 345 or 345.50"),
        ("-5", "Enter the amount from £0 to £1,000,000, to the penny"),
        ("£12.345", "Enter the amount from £0 to £1,000,000, to the penny"),
        # a comma that does not separate thousands, or a power of ten, is not a sum a letter gives:
        # "1,00" was recorded as £100 and "1e6" as £1,000,000
        ("1,00", "Enter the amount in pounds, for example 345 or 345.50"),
        ("£1,0000", "Enter the amount in pounds, for example 345 or 345.50"),
        ("1e6", "Enter the amount in pounds, for example 345 or 345.50"),
    ],
)
def test_2024_7_3_an_amount_that_is_not_pounds_and_pence_is_refused_naming_it_and_kept(
    client: Client, staff: dict[str, User], make: Make, amount: str, said: str
) -> None:
    _refused_and_kept(client, staff["hana"], make(), amount, said)


@pytest.mark.parametrize("amount", ["£1,00.00", "3,45"])
def test_2024_7_1_a_comma_that_does_not_separate_thousands_is_refused_not_read_as_more_pounds(
    client: Client, staff: dict[str, User], make: Make, amount: str
) -> None:
    """ "£1,00.00" was recorded as £100 and a continental "3,45" (£3.45) as £345."""
    _refused_and_kept(
        client, staff["hana"], make(), amount, "Enter the amount in pounds, for example 345 or 345.50"
    )


def _refused_and_kept(client: Client, user: User, complaint: Complaint, amount: str, said: str) -> None:
    page = _record(client, user, complaint, amount)
    assert said in page
    field = re.search(r'<input[^>]*name="amount"[^>]*>', page)
    assert field and f'value="{amount}"' in field.group(0)  # what was typed is kept
    assert not Remedy.objects.filter(complaint=complaint).exists()
