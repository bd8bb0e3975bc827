"""Matching contacts to residents (issue 12): the online form makes a new record, a contact; a
complaints officer decides whether it is a resident already known. Never automatic; who, when and
why recorded; refused across a restriction or a legal hold; and someone filing a complaint in another
person's name gains nothing, whatever the officer decides."""

from __future__ import annotations

from typing import Any

import pytest
from access.following import track
from django.test import Client
from portal.conftest import ANSWERS, REPRESENTATIVE
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint, Resident
from putright.intake.outbound import complaint_addresses
from putright.records import matching
from putright.records.models import ContactDecision
from putright.records.retention import lift_hold, place_hold
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db

ATTACKER = "mallory@example.net"


@pytest.fixture(autouse=True)
def _mail_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _file(victim: Resident, *, email: str, address: int, **extra: str) -> Complaint:
    """A complaint made on the online form in ``victim``'s name (their name and home)."""
    home = victim.property
    assert home is not None
    answers = {
        **ANSWERS,
        "resident_name": victim.name,
        "resident_email": email,
        "resident_phone": "07700 900999",
        "address": home.address_line_1,
        "postcode": home.postcode,
        "adjustments": "Send everything to my new address please.",
        **extra,
    }
    before = set(Complaint.objects.values_list("pk", flat=True))
    response = Client(REMOTE_ADDR=f"198.51.100.{address}").post("/complain/", answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Complaint.objects.exclude(pk__in=before).get()
    assert made.resident_id != victim.pk, "the form never adds to a known resident's record"
    return made


def _officer(staff: dict[str, User]) -> Client:  # noqa: F811
    client = Client()
    client.force_login(staff["officer"])
    return client


def _decide(client: Client, contact: Resident, known: Resident, **data: str) -> Any:
    return client.post(f"/data-protection/matches/{contact.pk}/{known.pk}/", data)


def test_a_contact_with_a_known_residents_name_and_postcode_is_offered_never_matched_automatically(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    victim = make(name="Vera Victim").resident
    filed = _file(victim, email=ATTACKER, address=1)
    officer = _officer(staff)
    page = officer.get("/data-protection/matches/").content.decode()
    assert "Vera Victim" in page and "the same name and postcode" in page
    assert f"/data-protection/matches/{filed.resident_id}/{victim.pk}/" in page
    filed.refresh_from_db()
    assert filed.resident_id != victim.pk, "listing a candidate changes nothing"
    # a different person: recorded with who and why, and not offered again
    response = _decide(
        officer, filed.resident, victim, decision="different", reason="Vera lives alone; spoke to her."
    )
    assert response.status_code == 302
    decision = ContactDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.contact_id) == (
        "different",
        staff["officer"],
        filed.resident_id,
    )
    after = officer.get("/data-protection/matches/").content.decode()
    assert f"/data-protection/matches/{filed.resident_id}/{victim.pk}/" not in after
    assert "A different person: Vera lives alone" in after
    filed.refresh_from_db()
    assert filed.resident_id != victim.pk


def test_someone_filing_in_anothers_name_gains_nothing_even_when_the_officer_matches_it(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    known_complaint = make(name="Vera Victim")
    victim = known_complaint.resident
    victim_before = Resident.objects.filter(pk=victim.pk).values().get()
    filed = _file(victim, email=ATTACKER, address=2)
    contact = filed.resident
    # before any match the filer follows "their" complaint on the website
    session = track(ATTACKER, filed)
    assert session is not None and session.get("/track/complaint/").status_code == 200

    response = _decide(
        _officer(staff), contact, victim, decision="same", reason="Same name and address; assumed her."
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed.refresh_from_db()
    assert filed.resident_id == victim.pk
    # the known resident's record is exactly as it was: no email, phone, support needs or adjustments
    # from the form were copied onto it
    assert Resident.objects.filter(pk=victim.pk).values().get() == victim_before
    assert not victim.reasonable_adjustments.exists()
    assert contact.reasonable_adjustments.exists(), "what the form asked for stays on the contact's record"
    # the known resident's own complaint never moves to the contact, even by asking for the pair
    # the other way round
    reverse = _decide(_officer(staff), victim, contact, decision="same", reason="Other way round.")
    assert "never the other way" in reverse.content.decode()
    known_complaint.refresh_from_db()
    assert known_complaint.resident_id == victim.pk
    # the filer's session ends, their address no longer opens the complaint, and emails about it go
    # only to the known resident's own address
    assert session.get("/track/complaint/").status_code == 302
    assert track(ATTACKER, filed) is None
    assert complaint_addresses(filed) == [victim.email]
    # the move is recorded on the complaint: who, when, why, from which record to which
    amendment = Amendment.objects.get(complaint=filed, kind="resident_matched")
    assert amendment.actor == staff["officer"] and amendment.reason == "Same name and address; assumed her."
    assert f"record {contact.pk}" in amendment.changes[0]["old"]
    assert f"record {victim.pk}" in amendment.changes[0]["new"]
    decision = ContactDecision.objects.get()
    assert decision.moved["complaints"] == [filed.reference]


def test_a_representative_named_on_the_form_is_not_attached_without_the_residents_confirmation(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    victim = make(name="Vera Victim").resident
    filed = _file(
        victim,
        email=victim.email,
        address=3,
        **{**REPRESENTATIVE, "representative_name": "Mal Lory", "representative_email": ATTACKER},
    )
    assert ATTACKER in complaint_addresses(filed)
    officer = _officer(staff)
    page = officer.get(f"/data-protection/matches/{filed.resident_id}/{victim.pk}/").content.decode()
    assert "Mal Lory" in page and "taken off the complaint" in page
    assert (
        _decide(officer, filed.resident, victim, decision="same", reason="Same email address.").status_code
        == 302
    )
    filed.refresh_from_db()
    assert filed.resident_id == victim.pk and filed.representative_id is None
    assert complaint_addresses(filed) == [victim.email]
    assert track(ATTACKER, filed) is None
    assert not victim.representatives.exists()
    # the match's entry (the consent the form claimed has its own, made when the complaint was logged)
    change = Amendment.objects.get(complaint=filed, kind=ChangeKind.RESIDENT_MATCHED.value).changes
    assert {
        "field": "representative",
        "label": "Representative",
        "old": "Mal Lory (Son)",
        "new": "none: not confirmed with Vera Victim",
    } in change


def test_a_representative_the_resident_confirmed_stays_with_how_they_confirmed_it(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    mother = make(name="Mary Mother").resident
    filed = _file(mother, email=mother.email, address=4, **REPRESENTATIVE)
    response = _decide(
        _officer(staff),
        filed.resident,
        mother,
        decision="same",
        reason="Same email address.",
        representative_consent="Mary confirmed on her known phone number that Dan acts for her.",
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    representative = filed.representative
    assert representative is not None and representative.resident_id == mother.pk
    assert "Mary confirmed on her known phone number" in representative.consent_evidence


def test_matching_is_refused_across_a_restriction_and_hidden_from_those_not_named(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    named = User.objects.create_user("rex", role=Role.COMPLAINTS_OFFICER, first_name="Rex")
    whistleblower = make(name="Wendy Whistle", handler=staff["hugo"], restricted=True, restricted_to=[named])
    victim = whistleblower.resident
    filed = _file(victim, email=ATTACKER, address=5)
    # an officer not named on the restricted complaint is not offered the pair and cannot open it
    officer = _officer(staff)
    assert "Wendy Whistle" not in officer.get("/data-protection/matches/").content.decode()
    assert _decide(officer, filed.resident, victim, decision="same", reason="x").status_code == 404
    assert officer.get(f"/data-protection/residents/{victim.pk}/").status_code == 404
    found = officer.get("/data-protection/residents/?q=Wendy").content.decode()
    assert f"/data-protection/residents/{victim.pk}/" not in found
    assert f"/data-protection/residents/{filed.resident_id}/" in found, "the unrestricted contact is found"
    # the person named on it sees the pair, but matching would tie an unrestricted complaint to the
    # resident of a restricted one: refused, nothing moved
    rex = Client()
    rex.force_login(named)
    assert "Wendy Whistle" in rex.get("/data-protection/matches/").content.decode()
    page = _decide(rex, filed.resident, victim, decision="same", reason="Same person.").content.decode()
    assert "restricted to named staff" in page
    filed.refresh_from_db()
    assert filed.resident_id != victim.pk and not ContactDecision.objects.exists()


def test_matching_is_refused_while_a_legal_hold_keeps_the_contacts_records(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    victim = make(name="Vera Victim").resident
    filed = _file(victim, email=victim.email, address=6)
    hold = place_hold(reason="Disclosure in county court claim", by="olu", complaint=filed)
    officer = _officer(staff)
    page = _decide(officer, filed.resident, victim, decision="same", reason="Same email.").content.decode()
    assert "legal hold is in force" in page
    filed.refresh_from_db()
    assert filed.resident_id != victim.pk
    with pytest.raises(matching.MatchRefused, match="legal hold"):
        matching.same_person(
            contact=filed.resident, resident=victim, actor=staff["officer"], reason="Same email."
        )
    lift_hold(hold, by="olu", reason="Claim settled")
    assert _decide(officer, filed.resident, victim, decision="same", reason="Same email.").status_code == 302
    filed.refresh_from_db()
    assert filed.resident_id == victim.pk


def test_a_decision_needs_a_reason_and_is_for_the_officer_not_a_handler(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    victim = make(name="Vera Victim").resident
    filed = _file(victim, email=victim.email, address=7)
    page = _decide(_officer(staff), filed.resident, victim, decision="same", reason="  ").content.decode()
    assert "govuk-error-summary" in page
    handler = Client()
    handler.force_login(staff["hana"])
    assert _decide(handler, filed.resident, victim, decision="same", reason="Same.").status_code == 403
    filed.refresh_from_db()
    assert filed.resident_id != victim.pk and not ContactDecision.objects.exists()
    with pytest.raises(matching.MatchRefused):
        matching.same_person(contact=filed.resident, resident=victim, actor=staff["hana"], reason="Same.")


def test_a_later_record_never_takes_over_the_complaints_of_an_earlier_one(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    """Both records made by the form: the genuine resident's first, the impostor's later. Asking for
    the pair the wrong way round (the genuine record as the "contact") is refused."""
    home = make(name="Someone Else").resident.property
    genuine = _file(Resident(name="Gina Genuine", property=home), email="gina@example.org", address=8)
    impostor = _file(Resident(name="Gina Genuine", property=home), email=ATTACKER, address=9)
    officer = _officer(staff)
    page = officer.get("/data-protection/matches/").content.decode()
    assert f"/data-protection/matches/{impostor.resident_id}/{genuine.resident_id}/" in page
    assert f"/data-protection/matches/{genuine.resident_id}/{impostor.resident_id}/" not in page
    refused = _decide(officer, genuine.resident, impostor.resident, decision="same", reason="Same name.")
    assert "never the other way" in refused.content.decode()
    genuine.refresh_from_db()
    assert genuine.resident_id != impostor.resident_id and not ContactDecision.objects.exists()
