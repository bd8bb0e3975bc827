"""2024 6.1: the landlord considers, complaint by complaint, which can be resolved early and which
need further investigation. The accept page had "full investigation" chosen without a word, and an
empty answer recorded "Stage 1 route: full investigation", a decision nobody made (a browser walk).
The route is now asked for like any required question, with nothing chosen beforehand."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db


def test_2024_6_1_no_route_chosen_is_a_form_error_not_a_full_investigation(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    contact = make("received")
    client.force_login(staff["officer"])
    url = f"/workspace/complaints/{contact.reference}/accept-as-complaint/"
    page = client.get(url).content.decode()
    assert "How will stage 1 be handled?" in page and " checked" not in page.split('name="route"', 1)[1][:200]
    assert 'value="investigation" checked' not in page and 'value="early_resolution" checked' not in page
    response = client.post(url, {"on": timezone.localdate().isoformat(), "reason": "Called back twice"})
    assert response.status_code == 422
    html = response.content.decode()
    assert response.context["form"].errors["route"] == ["Select how stage 1 will be handled"]
    assert "Select how stage 1 will be handled" in html.split("govuk-error-summary", 1)[1]
    assert 'href="#id_route_0"' in html
    assert ">Called back twice</textarea>" in html  # what was typed is kept
    assert not ComplaintEvent.objects.filter(complaint=contact, kind="accepted_as_complaint").exists()
    assert "Stage 1 route" not in client.get(f"/workspace/complaints/{contact.reference}/").content.decode()
    chosen = client.post(url, {"on": timezone.localdate().isoformat(), "route": "early_resolution"})
    assert chosen.status_code == 302
    assert (
        "Stage 1 route: early resolution"
        in client.get(f"/workspace/complaints/{contact.reference}/").content.decode()
    )
