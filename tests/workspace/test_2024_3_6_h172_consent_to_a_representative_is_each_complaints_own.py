"""2024 3.6: "Landlords must give residents the opportunity to have a representative deal with their
complaint on their behalf"; 5.12: "A full record must be kept of the complaint"; 6.8: "the new issues
must be logged as a new complaint". The Code says nothing of consent; PutRight records the resident's
consent before it deals with a representative (letters, emails, following the complaint on the
residents' pages), and that consent is evidence of each complaint.

A new complaint logged from new issues (6.8) shared one record of the representative with the
complaint they were raised on. Consent recorded on one then applied to both, with nothing in the other's
history: letters on a complaint whose record never recorded consent went to the representative. Now
the new complaint has its own record of them, carried over with the consent as recorded on the day
and said so in its history (the resident chose them to deal with "their complaint", and the new issues
came through them: asking again is not in the Code); consent recorded later on either is that
complaint's only, kept in its history; a record still shared from before is separated first, and
the migration separates every one, each history saying so."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from workspace.conftest import Make

from putright.complaints import services
from putright.complaints.models import Complaint, Party, Representative
from putright.intake.outbound import complaint_addresses
from putright.letters.services import _addressee
from putright.portal.access import allowed_addresses
from putright.portal.selectors import who_made_it
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db


def _represented(make: Make, *, consented: bool, **kwargs: Any) -> Complaint:
    complaint = make("stage_1_acknowledged", **kwargs)
    representative = services.add_representative(
        resident=complaint.resident,
        name="Priya Shah",
        relationship="Daughter",
        contact="priya@example.org",
        consent_recorded_on=complaint.received_on if consented else None,
        consent_evidence="Signed form returned" if consented else "",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    return _read(complaint)


def _read(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


def _new_issues_logged(first: Complaint, actor: Any) -> Complaint:
    services.record_new_issues(
        complaint=first,
        actor=actor,
        issues="The garden fence was left broken.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="A different repair",
    )
    return _read(Complaint.objects.exclude(pk=first.pk).get(resident=first.resident))


def _record_consent(client: Client, complaint: Complaint) -> None:
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/consent/", {"consent_evidence": "Recorded call"}
    )
    assert response.status_code == 302


def _reaches_representative(complaint: Complaint) -> bool:
    """Whether letters, emails and the residents' pages deal with the representative (2024 3.6)."""
    complaint = _read(complaint)
    doors = (
        _addressee(complaint)[0] == "Priya Shah",
        "priya@example.org" in complaint_addresses(complaint),
        "priya@example.org" in allowed_addresses(complaint),
    )
    assert len(set(doors)) == 1, doors  # every door says the same
    return doors[0]


def test_2024_6_8_a_complaint_logged_from_new_issues_says_in_its_history_where_its_consent_came_from(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, consented=True, handler=staff["hana"])
    second = _new_issues_logged(first, staff["hana"])
    assert second.representative is not None and first.representative is not None
    assert second.representative_id != first.representative_id  # its own record of them
    assert second.representative.consent_recorded_on == first.representative.consent_recorded_on
    assert _reaches_representative(second)
    (carried,) = Amendment.objects.filter(complaint=second, kind=ChangeKind.REPRESENTATIVE_ADDED)
    assert carried.actor == staff["hana"]
    # where it came from is the timeline's link (named only to a reader who may open it, h192)
    assert "new issues raised on another" in carried.reason and "2024 6.8" in carried.reason
    assert first.reference not in carried.reason
    assert carried.changes[0]["new"] == (
        f"Priya Shah (Daughter), priya@example.org; consent recorded "
        f"{first.received_on:%-d %B %Y} (Signed form returned)"
    )
    client.force_login(staff["hana"])
    case = client.get(f"/workspace/complaints/{second.reference}/").content.decode()
    assert f"new issues raised on {first.reference}" in case


def test_2024_3_6_consent_recorded_on_one_complaint_is_not_consent_on_the_one_logged_from_its_new_issues(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, consented=False, handler=staff["hana"])
    second = _new_issues_logged(first, staff["hana"])
    client.force_login(staff["hana"])
    _record_consent(client, first)
    assert _reaches_representative(first)
    # the new complaint's record never recorded consent: letters, emails and /track/ stay with the resident
    assert not _reaches_representative(second)
    (consent,) = Amendment.objects.filter(complaint=first, kind=ChangeKind.REPRESENTATIVE_CONSENT)
    assert consent.actor == staff["hana"] and consent.changes[0]["old"] == "none recorded"
    assert consent.changes[0]["new"].startswith("recorded ") and "Recorded call" in consent.changes[0]["new"]
    assert not Amendment.objects.filter(complaint=second, kind=ChangeKind.REPRESENTATIVE_CONSENT).exists()
    case = client.get(f"/workspace/complaints/{first.reference}/").content.decode()
    assert "consent to their representative recorded" in case


def test_2024_3_6_consent_recorded_on_a_record_shared_from_before_is_that_complaints_only(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, consented=False, handler=staff["hana"])
    second = _new_issues_logged(first, staff["hana"])
    # as logged before each complaint had its own record of them
    Complaint.objects.filter(pk=second.pk).update(representative_id=first.representative_id)
    client.force_login(staff["hana"])
    _record_consent(client, second)
    assert _reaches_representative(second)
    assert not _reaches_representative(first)
    assert _read(first).representative_id != _read(second).representative_id
    assert Amendment.objects.filter(complaint=second, kind=ChangeKind.REPRESENTATIVE_CONSENT).count() == 1
    assert not Amendment.objects.filter(complaint=first, kind=ChangeKind.REPRESENTATIVE_CONSENT).exists()


def test_2024_5_12_the_migration_gives_each_complaint_its_own_record_and_says_so_in_each_history(
    staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, consented=True, handler=staff["hana"])
    second = _new_issues_logged(first, staff["hana"])
    Complaint.objects.filter(pk=second.pk).update(representative_id=first.representative_id)
    migration = importlib.import_module("putright.workspace.migrations.0012_representatives_own_record")
    migration.separate_shared_representatives(apps, None)
    first, second = _read(first), _read(second)
    assert first.representative is not None and second.representative is not None
    assert first.representative_id != second.representative_id
    assert (
        Representative.objects.filter(pk__in=[first.representative_id, second.representative_id]).count() == 2
    )
    # nothing recorded is lost, and neither history claims the consent was recorded on it
    assert first.representative.consented and second.representative.consented
    for complaint, other in ((first, second), (second, first)):
        (separated,) = Amendment.objects.filter(complaint=complaint, kind=ChangeKind.REPRESENTATIVE_SEPARATED)
        assert separated.changes[0]["old"] == f"shared with {other.reference}"
        assert "which of these complaints it was recorded on is not known" in separated.reason
    migration.separate_shared_representatives(apps, None)  # run again: nothing shared, nothing added
    assert Amendment.objects.filter(kind=ChangeKind.REPRESENTATIVE_SEPARATED).count() == 2


def test_2024_3_6_the_representative_who_made_a_complaint_still_made_it_once_its_record_is_its_own(
    client: Client, staff: dict[str, Any], make: Make
) -> None:
    """The complaint as made is under who told us it (5.12): separating a shared record, by consent
    recorded on it or by the migration, keeps the person who made it as its maker, so the page still
    says "What you told us" to them, never their own name as if someone else had."""
    first = _represented(make, consented=False, handler=staff["hana"])
    second = _new_issues_logged(first, staff["hana"])
    for complaint in (first, second):  # each made by the representative, sharing one record as before
        Complaint.objects.filter(pk=complaint.pk).update(
            representative_id=first.representative_id, made_by_representative_id=first.representative_id
        )
    client.force_login(staff["hana"])
    _record_consent(client, second)
    migration = importlib.import_module("putright.workspace.migrations.0012_representatives_own_record")
    services.record_new_issues(
        complaint=_read(first),
        actor=staff["hana"],
        issues="The side gate was left broken too.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="A different repair",
    )
    third = Complaint.objects.filter(resident=first.resident).latest("pk")
    Complaint.objects.filter(pk=third.pk).update(
        representative_id=first.representative_id, made_by_representative_id=first.representative_id
    )
    migration.separate_shared_representatives(apps, None)
    for complaint in (first, second, third):
        complaint = _read(complaint)
        assert complaint.made_by_representative_id == complaint.representative_id
        assert who_made_it(complaint, Party.REPRESENTATIVE) == "you"
        assert who_made_it(complaint, Party.RESIDENT) == "Priya Shah"
