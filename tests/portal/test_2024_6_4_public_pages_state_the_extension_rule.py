"""The public pages state the 2024 extension rule as the Code words it (6.4: "no more than 10 working
days without good reason, and the reason(s) must be clearly explained to the resident"; 6.15: 20 at
stage 2) and give the landlord's own telephone, email and address from its settings (issue 11)."""

from __future__ import annotations

import pytest

from putright.letters.models import LetterheadSettings


@pytest.fixture
def contact(db: None) -> LetterheadSettings:
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "Customer Resolution Team\nPO Box 2210\nLeeds LS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.save()
    return head


@pytest.mark.parametrize("url", ["/how-we-handle-complaints/", "/policy/"])
def test_2024_6_4_the_extension_rule_and_the_landlords_contact_details(client, contact, url) -> None:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    assert "no more than 10 working days without good reason" in html
    assert "unless we agree" not in html  # the Code has no such exception
    assert "0113 496 0000" in html
    assert "complaints@northgatehomes.org.uk" in html
    assert "PO Box 2210" in html


def test_2024_6_15_stage_2_extension_rule(client, contact) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/how-we-handle-complaints/").content.decode()
    assert "no more than 20 working days without good reason" in html
