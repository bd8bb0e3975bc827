"""2024 1.3: "Whenever a resident expresses dissatisfaction landlords must give them the choice to make
a complaint." In a browser walk a contact the triage hint read as a complaint, 84% confident (a lift
out for six weeks, "Nobody has told us"), was recorded as a service request with nothing said. The
service request page now says so beside the choice, and links to recording the choice the resident
was given; it never refuses (the hint may be wrong, and the handler decides)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User

pytestmark = pytest.mark.django_db

UNHAPPY = (
    "The lift has been out of order for six weeks. My husband has a bad hip and cannot get down the stairs. "
    "Nobody has told us anything and we are fed up with being ignored."
)


def test_2024_1_3_a_contact_read_as_dissatisfaction_is_filed_as_a_service_request_with_a_reminder(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received", summary=UNHAPPY)
    client.force_login(staff["officer"])
    url = f"/workspace/complaints/{contact.reference}/triage-as-service-request/"
    page = client.get(url).content.decode()
    warning = page.split('id="dissatisfied"', 1)[1].split("</strong>", 1)[0]
    assert "reads what the resident said as a complaint" in warning
    assert "must be given the choice to make a complaint (2024 1.3)" in warning
    assert f"/workspace/complaints/{contact.reference}/offer-choice-to-complain/" in warning
    # said, never refused
    done = client.post(url, {"on": timezone.localdate().isoformat(), "reason": "A lift repair request"})
    assert done.status_code == 302
    contact.refresh_from_db()
    assert contact.state == "service_request"


def test_2024_1_3_a_plain_request_is_filed_without_a_reminder(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received", summary="Please can someone come and fix the dripping kitchen tap?")
    client.force_login(staff["officer"])
    page = client.get(
        f"/workspace/complaints/{contact.reference}/triage-as-service-request/"
    ).content.decode()
    assert 'id="dissatisfied"' not in page
