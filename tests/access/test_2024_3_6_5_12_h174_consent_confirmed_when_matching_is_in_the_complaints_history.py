"""2024 3.6, 5.12: the resident's consent to their representative, confirmed with the known resident
when a contact is matched to them, is in the complaint's history, with the consent it replaced.

Matching wrote the new consent over the representative's record (the day, and "Confirmed with Mary
when matching...") while the complaint's history said only "Matched to a known resident": the
consent the form was sent with ("My mother is with me and asked me to do this") was gone from every
record, and nothing on the complaint said when or how the consent its letters now rest on was
recorded. Every other door that records consent says so in the complaint's history (helper-172); the
consent confirmed at matching is an entry of its own after the match's (helper-177)."""

from __future__ import annotations

import pytest
from access.test_contact_matching import _decide, _file, _mail_and_tasks, _officer  # noqa: F401
from portal.conftest import REPRESENTATIVE
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import User
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db


def test_2024_3_6_consent_confirmed_when_matching_is_in_the_complaints_history_with_what_it_replaced(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    mother = make(name="Mary Mother").resident
    filed = _file(mother, email=mother.email, address=4, **REPRESENTATIVE)
    assert filed.representative is not None and filed.representative.consented  # ticked on the form
    response = _decide(
        _officer(staff),
        filed.resident,
        mother,
        decision="same",
        reason="Same email address.",
        representative_consent="Mary confirmed on her known phone number that Dan acts for her.",
    )
    assert response.status_code == 302
    # its own entry after the match's (helper-177), the latest of the complaint's consent entries: the
    # first is the consent given with the complaint when it was logged
    matched, confirmed = Amendment.objects.filter(
        complaint=filed, kind__in=(ChangeKind.RESIDENT_MATCHED, ChangeKind.REPRESENTATIVE_CONSENT)
    ).order_by("-pk")[:2][::-1]
    assert matched.kind == ChangeKind.RESIDENT_MATCHED
    [consent] = [c for c in confirmed.changes if c["field"] == "consent"]
    assert "Dan Resident" in consent["label"]
    assert "My mother is with me and asked me to do this" in consent["old"]
    assert "Mary confirmed on her known phone number that Dan acts for her." in consent["new"]
