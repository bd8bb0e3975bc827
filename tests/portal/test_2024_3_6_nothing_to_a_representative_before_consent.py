"""2024 3.6: "Landlords must give residents the opportunity to have a representative deal with their
complaint on their behalf". The resident chooses; until their consent is recorded the landlord deals
with the resident, and nothing about the complaint goes to the representative: not letters (tested
in ``tests/letters``), not the emails the residents' pages send, and not the following of the complaint
on those pages, where the landlord's letters to the resident can be read.

The representative's contact details are free text ("Email, telephone or address"; the online form
writes ``email / telephone``): the email address is read out of them, not the whole text."""

from __future__ import annotations

import pytest
from django.core import mail
from portal.conftest import REPRESENTATIVE

from putright.complaints import services
from putright.complaints.models import Complaint, Correspondence, Party, contact_email, party_of
from putright.intake.outbound import complaint_addresses

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("contact", "email"),
    [
        ("dan@example.org", "dan@example.org"),
        ("dan@example.org / 07700 900123", "dan@example.org"),
        ("Dan Smith <Dan.Smith@example.org>, 4 Elm Road", "Dan.Smith@example.org"),
        ("07700 900123; dan@example.org.", "dan@example.org"),
        ("4 Elm Road, Town AB1 2CD", ""),
        ("@dan on social media", ""),
        ("dan@ / 07700", ""),
        ("", ""),
    ],
)
def test_the_email_address_is_read_out_of_free_text_contact_details(contact: str, email: str) -> None:
    assert contact_email(contact) == email


def test_emails_go_to_the_representative_only_once_consent_is_recorded(resident) -> None:
    representative = services.add_representative(
        resident=resident, name="Dan", relationship="Son", contact="dan@example.org / 07700 900123"
    )
    complaint = services.receive_complaint(
        resident=resident, representative=representative, summary="Leak", channel="telephone", actor=None
    )
    assert complaint_addresses(complaint) == [resident.email]
    services.record_representative_consent(
        complaint=complaint, on=complaint.received_on, evidence="Said so on the phone", actor=None
    )
    # the address alone, not "dan@example.org / 07700 900123", which no mail server delivers to
    assert complaint_addresses(complaint) == [resident.email, "dan@example.org"]


def test_a_representative_without_consent_is_told_only_that_the_complaint_was_received(
    client, answers
) -> None:
    answers.update(
        {**REPRESENTATIVE, "representative_phone": "07700 900123", "consent": "", "consent_how": ""}
    )
    assert client.post("/complain/", answers).status_code == 302
    complaint = Complaint.objects.get()
    to_resident, to_representative = mail.outbox
    assert to_resident.to == ["rita@example.org"]
    assert (
        complaint.reference in to_resident.body
        and "We will acknowledge your complaint by" in to_resident.body
    )
    assert to_representative.to == ["dan@example.org"]
    assert to_representative.subject == "The complaint you made for Rita Resident has been received"
    said = to_representative.body
    assert complaint.reference in said and "has not yet told us that they are happy for you" in said
    assert "We will acknowledge" not in said and "/track/" not in said
    # each in the record as it was sent, to whom
    sent = {
        c.party: c.correspondent for c in Correspondence.objects.filter(complaint=complaint, direction="out")
    }
    assert sent == {Party.RESIDENT: "rita@example.org", Party.REPRESENTATIVE: "dan@example.org"}
    page = client.get("/complain/done/").content.decode()
    assert "Rita Resident has not yet told us they are happy for Dan Resident" in page
    assert "We have emailed dan@example.org only to say the complaint was received." in page


def test_with_consent_given_on_the_form_both_get_the_confirmation(client, answers) -> None:
    answers.update({**REPRESENTATIVE, "representative_phone": "07700 900123"})
    assert client.post("/complain/", answers).status_code == 302
    (email,) = mail.outbox
    assert sorted(email.to) == ["dan@example.org", "rita@example.org"]
    assert "has not yet told us" not in client.get("/complain/done/").content.decode()


def test_mail_from_an_address_that_only_contains_the_representatives_is_not_theirs(resident) -> None:
    representative = services.add_representative(
        resident=resident, name="Dan", relationship="Son", contact="dan@example.org"
    )
    complaint = services.receive_complaint(
        resident=resident, representative=representative, summary="Leak", channel="telephone", actor=None
    )
    assert party_of(complaint, "dan@example.org") == Party.REPRESENTATIVE
    assert party_of(complaint, "an@example.org") is None  # "an@example.org" is inside "dan@example.org"


@pytest.mark.parametrize(
    ("consent", "said"),
    [
        ({"consent_recorded_on": "2099-01-01", "consent_evidence": "Phoned"}, "a day in the future"),
        ({"consent_recorded_on": "2026-01-05"}, "say how the resident gave their consent"),
    ],
)
def test_consent_sent_through_the_api_is_checked_as_the_workspace_checks_it(
    consent: dict[str, str], said: str
) -> None:
    """A consent dated 2099 with no word of how was taken as consent today: letters and emails went
    to the representative at once (found by an adversarial review). It is refused, and nothing is
    recorded."""
    from api.test_api_v1 import RECEIVED, Api

    from putright.accounts.models import Role, User
    from putright.complaints.models import Representative, Resident

    api = Api(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER))
    answer = api.post(
        "/complaints",
        {
            "resident": {"name": "Rita Resident", "email": "rita@example.org"},
            "representative": {"name": "Dan", "relationship": "Son", "contact": "dan@example.org", **consent},
            "channel": "telephone",
            "summary": "The boiler is broken.",
            "received_on": RECEIVED,
        },
    )
    assert answer.status_code == 422, answer.content
    assert said in answer.content.decode()
    assert (
        not Complaint.objects.exists()
        and not Resident.objects.exists()
        and not Representative.objects.exists()
    )


def test_the_workspace_asks_how_consent_was_given_when_it_is_ticked(client, officer) -> None:
    from django.utils import timezone

    client.force_login(officer)
    page = client.post(
        "/workspace/new/",
        {
            "who": "new",
            "name": "Rita Resident",
            "email": "rita@example.org",
            "contacted_by": "representative",
            "rep_name": "Dan",
            "rep_relationship": "Son",
            "rep_consent": "on",
            "channel": "telephone",
            "received_on": timezone.localdate().isoformat(),
            "summary": "The boiler is broken.",
        },
    )
    assert page.status_code == 422
    assert "Say how the resident gave consent (2024 3.6)" in page.content.decode()
    assert not Complaint.objects.exists()


def test_consent_recorded_once_is_not_overwritten_by_a_second_form(client, officer, resident) -> None:
    """The consent form is hidden once consent is recorded, but a second tab could still send it:
    when and how the resident consented was replaced in place (found by an adversarial review)."""
    representative = services.add_representative(
        resident=resident, name="Dan", relationship="Son", contact="dan@example.org"
    )
    complaint = services.receive_complaint(
        resident=resident, representative=representative, summary="Leak", channel="telephone", actor=None
    )
    client.force_login(officer)
    url = f"/workspace/complaints/{complaint.reference}/consent/"
    client.post(url, {"consent_evidence": "Signed form returned"})
    representative.refresh_from_db()
    first = (representative.consent_recorded_on, representative.consent_evidence)
    assert first[0] is not None and first[1].startswith("Signed form returned")
    page = client.post(url, {"consent_evidence": "Said so on the phone"}, follow=True).content.decode()
    assert "already recorded on" in page and "it stays as recorded" in page
    representative.refresh_from_db()
    assert (representative.consent_recorded_on, representative.consent_evidence) == first
