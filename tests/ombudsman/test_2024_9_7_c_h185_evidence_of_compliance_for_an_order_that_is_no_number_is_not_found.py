"""2024 9.7 c, the follow-through page: evidence of compliance posted for an "order" that is not a
number (a tampered form) was a server error; it is not found, as an order of another case is, and
nothing is recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from putright.accounts.models import User
from putright.governance import services as governance
from putright.governance.models import OmbudsmanOrder


@pytest.mark.parametrize("order", ["abc", "1.5", "", "99999999999999999999", "\u00b2"])
def test_2024_9_7_c_evidence_of_compliance_for_an_order_that_is_no_number_is_not_found(
    build, officer: User, order: str
) -> None:  # type: ignore[no-untyped-def]
    case = governance.open_ombudsman_case(
        actor=officer, complaint=build("referred_to_ombudsman"), referred_on=date(2026, 3, 2)
    )
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    posted = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {"action": "compliance-sent", "order": order, f"order-{order}-sent_on": "2026-04-01"},
    )
    assert posted.status_code == 404
    assert not OmbudsmanOrder.objects.filter(evidence_sent_on__isnull=False).exists()
