"""Recording a new contact ("Log a new contact") that is refused, or asked about before it is
recorded, comes back at 422 as every other refused form in the product does, not at 200 as if it
had been taken: everything typed kept, the problem on its field, named by the field's
``aria-describedby`` and linked from the GOV.UK error summary, and nothing recorded (2024 3.1: one
record of what the resident said; 2024 5.12: a complaint however made is recorded)."""

from __future__ import annotations

from django.test import Client
from refused_form import marked_in_error, summary, title_says_error
from workspace.test_triage_and_documents import CONTACT, _post_contact

from putright.accounts.models import User
from putright.complaints.models import Complaint, Resident


def test_2024_5_12_a_new_contact_without_what_the_resident_said_is_refused_at_422_on_the_summary(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post_contact(client, staff["officer"], summary=" ")
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert f'value="{CONTACT["name"]}"' in html and f'value="{CONTACT["email"]}"' in html
    assert CONTACT["support_needs"] in html
    [(href, _)] = summary(html)
    assert href == "#id_summary" and marked_in_error(html, "id_summary")
    assert not Complaint.objects.exists() and not Resident.objects.exists()


def test_2024_6_2_a_new_contact_dated_in_the_future_is_refused_at_422_on_its_date(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post_contact(client, staff["officer"], received_on="2999-01-01")
    assert response.status_code == 422
    html = response.content.decode()
    [(href, _)] = summary(html)
    assert href == "#id_received_on" and marked_in_error(html, "id_received_on")
    assert CONTACT["summary"] in html
    assert not Complaint.objects.exists()
