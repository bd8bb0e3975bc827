"""2024 3.1, 3.6, 5.12, 6.2, 6.3: the online form keeps what the resident and their representative
told us, says who sent what the complaint's page receives, and its confirmation tells one true
story (found in a browser walk of /complain/)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from portal.conftest import REPRESENTATIVE
from portal.conftest import sent as _sent
from portal.conftest import sign_in as _sign_in

from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent, Correspondence, Party, Property
from putright.letters.services import _address

pytestmark = pytest.mark.django_db

#: the definition on /how-we-handle-complaints/, as the landlord's calendar counts (closure days too)
WORKING_DAYS = "Working days are Monday to Friday, not counting bank holidays or days our offices are closed."

NO_EMAIL_BY_LETTER = {
    "resident_email": "",
    "resident_phone": "",
    "address": "Flat 9, 1 Nowhere Road",
    "postcode": "RB9 9ZZ",
    "preferred_contact_method": "letter",
}

#: a representative without the resident's consent, who gave no contact details for the resident
FOR_AHMED = {
    **REPRESENTATIVE,
    "resident_name": "Ahmed Patel",
    "resident_email": "",
    "resident_phone": "",
    "address": "",
    "postcode": "",
    "consent": "",
    "consent_how": "",
    "preferred_contact_method": "email",
}


# ---- the address the resident gave (5.12) -------------------------------------------------------


def test_2024_5_12_an_address_that_matches_no_home_is_kept_as_given(client, answers) -> None:
    answers.update(NO_EMAIL_BY_LETTER)
    resident = _sent(client, answers).resident
    assert resident.property is None  # no home invented from it
    assert (resident.address_given, resident.postcode_given) == ("Flat 9, 1 Nowhere Road", "RB9 9ZZ")
    assert resident.address_unmatched
    # sent again, changed: still no property made up, and the address kept again
    answers["what_happened"] += " Still broken."
    again = _sent(client, answers).resident
    assert Property.objects.count() == 0
    assert again.postal_address == ("Flat 9, 1 Nowhere Road", "RB9 9ZZ")


def test_2024_5_12_an_address_that_matches_a_home_is_that_home(client, answers) -> None:
    home = Property.objects.create(reference="P-1", address_line_1="4 Elm Road", postcode="AB1 2CD")
    resident = _sent(client, answers).resident
    assert resident.property == home and not resident.address_unmatched
    assert resident.address_given == ""


def test_2024_5_12_letters_go_to_the_address_given_and_staff_are_asked_to_match_it(
    client, answers, officer
) -> None:
    answers.update(NO_EMAIL_BY_LETTER)
    complaint = _sent(client, answers)
    assert _address(complaint) == ("Flat 9, 1 Nowhere Road", "RB9 9ZZ")
    client.force_login(officer)
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Flat 9, 1 Nowhere Road, RB9 9ZZ" in page and "Not matched to a home" in page
    change = client.get(f"/workspace/complaints/{complaint.reference}/record/address/").content.decode()
    assert 'value="Flat 9, 1 Nowhere Road"' in change and 'value="RB9 9ZZ"' in change


def test_2024_5_12_matching_the_given_address_to_a_home_records_what_it_replaced(client, answers, officer):
    from putright.workspace.records import change_resident_address

    answers.update(NO_EMAIL_BY_LETTER)
    complaint = _sent(client, answers)
    amendment = change_resident_address(
        complaint=complaint,
        actor=officer,
        reason="Matched to the home in our records",
        address_line_1="Flat 9, 1 Nowhere Road",
        postcode="RB9 9ZZ",
        new_home=True,  # no home we know has it: added only when a person says it is a new one
    )
    complaint.resident.refresh_from_db()
    assert complaint.resident.property is not None and not complaint.resident.address_unmatched
    assert "Flat 9, 1 Nowhere Road, RB9 9ZZ" in str(amendment.changes)


# ---- the representative's own answers (3.6) -----------------------------------------------------


def test_2024_3_6_how_a_representative_asks_to_be_contacted_is_theirs_not_the_residents(
    client, answers
) -> None:
    answers.update(FOR_AHMED)
    complaint = _sent(client, answers)
    assert complaint.representative.preferred_contact_method == "email"
    assert complaint.resident.preferred_contact_method == ""  # Ahmed has not said


def test_2024_5_12_information_added_by_a_representative_is_recorded_as_from_them(client, answers) -> None:
    answers.update(REPRESENTATIVE)
    complaint = _sent(client, answers)
    _sign_in(client, complaint, "dan@example.org")
    client.post("/track/complaint/add/", {"message": "The mould has spread to the bedroom."})
    added = Correspondence.objects.get(complaint=complaint, direction="in")
    assert added.party == Party.REPRESENTATIVE
    assert added.correspondent.startswith("Dan Resident, representative")


def test_2024_5_12_information_added_by_the_resident_is_recorded_as_from_them(client, answers) -> None:
    answers.update(REPRESENTATIVE)
    complaint = _sent(client, answers)
    _sign_in(client, complaint, "rita@example.org")
    client.post("/track/complaint/add/", {"message": "My son is helping me."})
    added = Correspondence.objects.get(complaint=complaint, direction="in")
    assert (added.party, added.correspondent.split(",")[0]) == (Party.RESIDENT, "Rita Resident")


def test_2024_5_12_a_stage_2_request_by_a_representative_is_recorded_as_theirs(client, build) -> None:
    complaint = build("stage_1_responded")
    representative = services.add_representative(
        resident=complaint.resident,
        name="Dan Resident",
        relationship="Son",
        contact="dan@example.org",
        consent_recorded_on=complaint.received_on,
        consent_evidence="Signed letter",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    moment = datetime.combine(complaint.stage_1_responded_on + timedelta(days=2), time(12), tzinfo=UTC)
    with time_machine.travel(moment, tick=True):
        _sign_in(client, complaint, "dan@example.org")
        assert client.post("/track/complaint/stage-2/", {"reason": ""}).status_code == 302
    asked = ComplaintEvent.objects.filter(complaint=complaint).latest("sequence")
    assert asked.actor_label == "Representative (complaints website)"  # no name in what erasure keeps


# ---- the confirmation (3.1, 3.6, 6.2, 6.3) ------------------------------------------------------


def _done(client) -> str:
    page = client.get("/complain/done/").content.decode()
    return re.sub(r"\s+", " ", page)


def test_2024_3_1_a_resident_without_email_is_told_we_will_write_and_not_offered_tracking(
    client, answers
) -> None:
    answers.update(NO_EMAIL_BY_LETTER)
    _sent(client, answers)
    page = _done(client)
    assert "so we will write to you at Flat 9, 1 Nowhere Road, RB9 9ZZ." in page
    assert "contact you letter" not in page
    assert "with your reference number and" not in page


def test_2024_3_6_a_representative_without_consent_is_not_told_things_that_cannot_happen(
    client, answers
) -> None:
    answers.update(FOR_AHMED)
    _sent(client, answers)
    page = _done(client)
    assert "You did not give us an email address" not in page  # they gave one
    assert "we will write to Ahmed Patel about it" not in page  # with no address for him
    assert "you did not give us an address, email address or telephone number for Ahmed Patel" in page
    assert "We have emailed dan@example.org only to say the complaint was received." in page
    assert "with your reference number and" not in page  # the email they were sent says they cannot


def test_2024_3_1_a_resident_with_email_can_follow_their_complaint(client, answers) -> None:
    _sent(client, answers)
    page = _done(client)
    assert "We have sent a confirmation to rita@example.org." in page
    assert "Follow your complaint</a> with your reference number and your email address" in page


def test_2024_6_2_6_3_working_days_are_defined_as_the_dates_are_counted(client, answers) -> None:
    # the dates skip the landlord's closure days: the definition beside them says so, on the page,
    # in the email and on the page about how complaints are handled, in the same words
    _sent(client, answers)
    assert WORKING_DAYS in _done(client)
    (email,) = mail.outbox
    assert WORKING_DAYS in email.body
    assert WORKING_DAYS in client.get("/how-we-handle-complaints/").content.decode()


# ---- the form's labels (3.1) ---------------------------------------------------------------------


def test_2024_3_1_what_a_representative_must_give_is_not_labelled_optional(client, answers) -> None:
    page = re.sub(r"\s+", " ", client.get("/complain/").content.decode())
    assert "Your full name (optional)" not in page
    assert "Your relationship to the resident (optional)" not in page
    # asked under "Someone else" only: a GOV.UK conditional reveal
    assert 'value="other" data-putright-reveals="id_on_behalf_1-conditional"' in page
    hidden = (
        'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="id_on_behalf_1-conditional"'
    )
    assert hidden in page
    answers.update({**REPRESENTATIVE, "representative_name": "", "representative_relationship": ""})
    errors = client.post("/complain/", answers).content.decode()
    assert "Enter your full name" in errors and "Enter your relationship to the resident" in errors
    assert Complaint.objects.count() == 0
