"""GOV.UK error summaries: every link moves focus to the field in error, so a keyboard or screen
reader user lands on it. A group of radios (the new contact's channel, a remedy's kind) linked to
``#``, going nowhere: found walking the workspace in Chromium."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User

pytestmark = pytest.mark.django_db


def _links_land_on_fields(html: str) -> list[str]:
    summary = html.split('class="govuk-error-summary', 1)[1].split("</div>\n</div>", 1)[0]
    hrefs = re.findall(r'href="#([^"]*)"', summary)
    assert hrefs, "the page shows an error summary with links"
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [href for href in hrefs if href not in ids]


def test_every_error_links_to_a_field_on_the_new_contact_form(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["officer"])
    html = client.post("/workspace/new/", {"name": "Priya Shah"}).content.decode()
    assert 'href="#id_channel_0"' in html
    assert _links_land_on_fields(html) == []


def test_every_error_links_to_a_field_on_a_step_form(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    client.force_login(staff["hana"])
    page = client.post(f"/workspace/complaints/{complaint.reference}/agree-remedy/", {"description": "£80"})
    html = page.content.decode()
    assert _links_land_on_fields(html) == []


def test_every_error_links_to_a_field_on_the_residents_form(client: Client) -> None:
    html = client.post("/complain/", {"resident_name": "Rita"}).content.decode()
    assert _links_land_on_fields(html) == []


def test_2024_5_12_a_withdrawal_dated_before_the_complaint_links_to_its_date(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A withdrawal dated before the complaint was received was refused with an error on no field:
    the summary's link went nowhere (found in a browser walk)."""
    from datetime import timedelta

    from django.utils import timezone

    complaint = make()
    client.force_login(staff["hana"])
    early = timezone.localdate() - timedelta(days=40)
    page = client.post(
        f"/workspace/complaints/{complaint.reference}/withdraw/",
        {"on": early.isoformat(), "reason": "The resident phoned to withdraw it"},
    )
    assert "is before the complaint was received" in page.context["form"].errors["on"][0]
    assert _links_land_on_fields(page.content.decode()) == []


def test_a_remedy_step_with_nothing_waiting_says_so_rather_than_blaming_the_stage(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    client.force_login(staff["hana"])
    for slug, says in (
        ("complete-remedy", "No remedy on this complaint is waiting to be carried out."),
        ("withdraw-remedy", "No remedy on this complaint is waiting to be carried out."),
        (
            "complete-outstanding-action",
            "No outstanding action on this complaint is waiting to be completed.",
        ),
    ):
        page = client.post(f"/workspace/complaints/{complaint.reference}/{slug}/", {"number": "1"})
        html = page.content.decode()
        assert page.status_code == 409
        assert says in html and "not open for this complaint now" not in html, slug
        assert "govuk-error-summary" not in html, slug  # no "Choose which one" beside nothing to choose
