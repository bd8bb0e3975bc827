"""2024 1.4: a contact recorded as a service request keeps why it is one, which the core requires.
The form labelled the box "(optional)" and then refused it empty with "2024 1.4: why this is a
service request is required" (a browser walk): the label and the rule now agree. So for the
resolution of a service request, which the core requires too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services

pytestmark = pytest.mark.django_db


def _label(html: str, name: str) -> str:
    return html.split(f'for="id_{name}"', 1)[1].split("</label>", 1)[0]


def test_2024_1_4_why_it_is_a_service_request_is_not_labelled_optional_and_is_asked_for(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received")
    client.force_login(staff["officer"])
    url = f"/workspace/complaints/{contact.reference}/triage-as-service-request/"
    assert "(optional)" not in _label(client.get(url).content.decode(), "reason")
    response = client.post(url, {"on": timezone.localdate().isoformat(), "reason": "  "})
    assert response.status_code == 422
    assert response.context["form"].errors["reason"] == [
        "Enter why this is a service request, not a complaint"
    ]
    assert "(optional)" not in _label(response.content.decode(), "reason")
    contact.refresh_from_db()
    assert contact.state == "received"


def test_2024_1_4_how_a_service_request_was_resolved_is_not_labelled_optional(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received")
    services.triage_as_service_request(complaint=contact, actor=staff["officer"], reason="A repair request")
    client.force_login(staff["officer"])
    url = f"/workspace/complaints/{contact.reference}/resolve-service-request/"
    assert "(optional)" not in _label(client.get(url).content.decode(), "resolution")
    response = client.post(url, {"on": timezone.localdate().isoformat()})
    assert response.context["form"].errors["resolution"] == ["Enter how it was resolved"]
