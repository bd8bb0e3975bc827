"""2024 5.12 (a full and accurate record): a home is added with its postcode, and an address that
names no home we know is told what it can do.

Ticking "This is a home we do not know yet: add it" on a new contact with no postcode added a home
without one: no address given later is matched to it (the homes we know are found by postcode), so
the next contact from it would add it again. It is refused on the postcode's field, everything typed
kept; unticking "add it" still records the contact with the address as given (2024 1.2, 3.1). A
resident with no fixed address has no home to add: their address is left blank and nothing is
refused. And where we know no home at the postcode, the refusal no longer says "choose one of the
homes we know": there are none to choose."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from workspace.conftest import Make
from workspace.test_2024_5_12_h153_no_page_makes_up_a_home import _contact, _details

from putright.accounts.models import User
from putright.complaints.models import Complaint, Property, Resident

pytestmark = pytest.mark.django_db


def _on_its_field(html: str, field_id: str, message: str) -> None:
    """``message`` beside the field, the field described by it, and the error summary linking to it."""
    assert re.search(
        rf'id="{field_id}-error" class="govuk-error-message">[^<]*(<span[^>]*>[^<]*</span>)?\s*{re.escape(message)}',
        unescape(html),
    )
    assert re.search(rf'aria-describedby="[^"]*{field_id}-error"', html)
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert (f"#{field_id}", message) in [
        (h, unescape(m)) for h, m in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)
    ]


def test_2024_5_12_a_new_home_without_a_postcode_is_refused_on_the_postcode(
    client: Client, staff: dict[str, User]
) -> None:
    homes, contacts = Property.objects.count(), Complaint.objects.count()
    response = _contact(client, staff, address_line_1="9 Kiln Row", postcode="", new_home="on")
    html = response.content.decode()
    _on_its_field(
        html,
        "id_postcode",
        "Enter the postcode of the home to add: a home without one cannot be matched to later",
    )
    # nothing typed is lost
    assert 'value="9 Kiln Row"' in html and 'value="Grace Adeyemi"' in html
    assert "third time I have reported the leak" in html
    assert re.search(r'name="new_home"[^>]*checked', html)
    assert Property.objects.count() == homes and Complaint.objects.count() == contacts
    assert not Resident.objects.filter(name="Grace Adeyemi").exists()


def test_2024_5_12_add_it_with_no_address_is_refused_on_the_first_line(
    client: Client, staff: dict[str, User]
) -> None:
    response = _contact(client, staff, address_line_1="", new_home="on")
    _on_its_field(
        response.content.decode(),
        "id_address_line_1",
        "Enter the first line of the address of the home to add",
    )
    assert not Resident.objects.filter(name="Grace Adeyemi").exists()


def test_2024_1_2_5_12_without_add_it_the_contact_is_recorded_with_no_postcode_or_no_address(
    client: Client, staff: dict[str, User]
) -> None:
    """Not over-enforced: an address without a postcode, or none (no fixed address), is recorded."""
    homes = Property.objects.count()
    assert _contact(client, staff, address_line_1="9 Kiln Row", postcode="").status_code == 302
    assert _contact(client, staff, name="Sam Reid", address_line_1="", postcode="").status_code == 302
    assert Resident.objects.get(name="Sam Reid").property is None
    assert Property.objects.count() == homes


def test_2024_5_12_with_no_home_known_at_the_postcode_the_refusal_offers_none_to_choose(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint")
    response = _details(client, staff, complaint, postcode="LS9 9ZZ")
    assert response.status_code == 400
    said = (
        "No home we know has this address, and we know of no home at LS9 9ZZ, so the complaint's details "
        "have not been changed. Correct the postcode, or if it is right, confirm that it is a new home to add"
    )
    html = response.content.decode()
    _on_its_field(html, "id_new_home", said)
    assert "Choose one of the homes we know" not in unescape(html)


def test_2024_5_12_a_new_contact_at_a_postcode_with_no_home_we_know_is_told_so(
    client: Client, staff: dict[str, User]
) -> None:
    response = _contact(client, staff)  # 14 Mill Lane, LS6 2AB: no home known there
    assert response.status_code == 302
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "The address 14 Mill Lane, LS6 2AB matches no home we know, so it is kept as given" in told
    assert "We know of no home at LS6 2AB" in told and "choose one of the homes we know" not in told
