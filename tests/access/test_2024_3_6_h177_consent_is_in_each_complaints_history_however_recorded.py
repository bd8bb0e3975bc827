"""2024 3.6: "Landlords must give residents the opportunity to have a representative deal with their
complaint on their behalf"; 5.12: "A full record must be kept of the complaint". PutRight deals with a
representative (letters, emails, following the complaint on /track/) once the resident's consent is
recorded, so that consent is evidence of each complaint, and its history says when and how.

Consent recorded on the case page was in the complaint's history; consent given when the complaint was
first logged (the workspace's new contact, the online form's "for someone else", the API) was stored
on the representative's record with nothing in the complaint's history, and consent confirmed when a
contact was matched to a known resident replaced what was recorded with a history entry that said
nothing of it. Each is now the amendment "Resident's consent to their representative recorded".
Consent is still no condition of logging a complaint (3.6): logged without it, nothing is said."""

from __future__ import annotations

from typing import Any

import pytest
from access.test_contact_matching import _decide, _file, _officer
from django.test import Client
from django.utils import timezone
from portal.conftest import ANSWERS, REPRESENTATIVE
from workspace.conftest import Make, _fast_passwords, make, staff, teams  # noqa: F401
from workspace.test_triage_and_documents import CONTACT

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _consents(complaint: Complaint) -> list[tuple[list[dict[str, str]], str]]:
    return [
        (a.changes, a.reason)
        for a in Amendment.objects.filter(complaint=complaint, kind=ChangeKind.REPRESENTATIVE_CONSENT.value)
    ]


def _by(complaint: Complaint) -> list[str]:
    """Who each consent entry in ``complaint``'s history says recorded it."""
    return list(
        Amendment.objects.filter(
            complaint=complaint, kind=ChangeKind.REPRESENTATIVE_CONSENT.value
        ).values_list("actor_label", flat=True)
    )


def _today() -> str:
    return f"{timezone.localdate():%-d %B %Y}"


def test_2024_3_6_consent_given_on_the_online_form_is_in_the_complaints_history() -> None:
    assert Client().post("/complain/", {**ANSWERS, **REPRESENTATIVE}).status_code == 302
    complaint = Complaint.objects.get()
    evidence = "Confirmed on the online form: My mother is with me and asked me to do this"
    assert _consents(complaint) == [
        (
            [
                {
                    "field": "consent",
                    "label": "Resident's consent to Dan Resident acting for them",
                    # consent given with the complaint, not changed from "none recorded" (h192)
                    "old": "",
                    "new": f"recorded {_today()} ({evidence})",
                }
            ],
            "Given on the online form, with the complaint",
        )
    ]
    assert _by(complaint) == ["Resident (online form), by their representative"]


def test_2024_3_6_a_complaint_logged_without_consent_says_nothing_of_consent() -> None:
    answers = {**ANSWERS, **REPRESENTATIVE, "consent": "", "consent_how": ""}
    assert Client().post("/complain/", answers).status_code == 302
    assert _consents(Complaint.objects.get()) == []


def test_2024_3_6_consent_given_with_a_new_contact_in_the_workspace_is_in_the_complaints_history(
    staff: dict[str, User],  # noqa: F811
) -> None:
    page = _officer(staff).post(
        "/workspace/new/",
        {
            **CONTACT,
            "contacted_by": "representative",
            "rep_name": "Dan",
            "rep_relationship": "Son",
            "rep_consent": "on",
            "rep_consent_evidence": "Grace said so on the phone with Dan",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    ((changes, reason),) = _consents(Complaint.objects.get())
    assert changes[0]["new"] == f"recorded {_today()} (Grace said so on the phone with Dan)"
    # who logged it, by name, and consent given rather than changed from none (h192)
    assert reason == "Given with the complaint, logged by Olu Okafor"
    assert changes[0]["old"] == "" and _by(Complaint.objects.get()) == ["Olu Okafor"]


def test_2024_3_6_consent_sent_through_the_api_is_in_the_complaints_history(
    staff: dict[str, User],  # noqa: F811
) -> None:
    from api.test_api_v1 import RECEIVED, Api

    answer = Api(staff["officer"]).post(
        "/complaints",
        {
            "resident": {"name": "Rita Resident", "email": "rita@example.org"},
            "representative": {
                "name": "Dan",
                "relationship": "Son",
                "contact": "dan@example.org",
                "consent_recorded_on": RECEIVED,
                "consent_evidence": "Signed consent form",
            },
            "channel": "telephone",
            "summary": "The boiler is broken.",
            "received_on": RECEIVED,
        },
    )
    assert answer.status_code == 201, answer.content
    ((changes, reason),) = _consents(Complaint.objects.get())
    assert changes[0]["new"] == "recorded 3 March 2025 (Signed consent form)"
    assert reason == "Given with the complaint, logged by Olu Okafor"
    assert changes[0]["old"] == ""


def test_2024_3_6_consent_confirmed_when_matching_is_in_the_complaints_history_with_what_it_replaced(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
) -> None:
    mother = make(name="Mary Mother").resident
    filed = _file(mother, email=mother.email, address=4, **REPRESENTATIVE)
    given = (
        f"recorded {_today()} (Confirmed on the online form: My mother is with me and asked me to do this)"
    )
    assert [changes[0]["new"] for changes, _ in _consents(filed)] == [given]
    confirmation = "Mary confirmed on her known phone number that Dan acts for her."
    response = _decide(
        _officer(staff),
        filed.resident,
        mother,
        decision="same",
        reason="Same email address.",
        representative_consent=confirmation,
    )
    assert response.status_code == 302
    evidence = f"Confirmed with Mary Mother when matching, by Olu Okafor: {confirmation}"
    assert _consents(filed)[1] == (
        [
            {
                "field": "consent",
                "label": "Resident's consent to Dan Resident acting for them",
                "old": given,
                "new": f"recorded {_today()} ({evidence})",
            }
        ],
        evidence,
    )
    matched = Amendment.objects.get(complaint=filed, kind=ChangeKind.RESIDENT_MATCHED.value)
    consent = Amendment.objects.filter(complaint=filed, kind=ChangeKind.REPRESENTATIVE_CONSENT.value).last()
    assert consent is not None and consent.resident_id == mother.pk and consent.pk > matched.pk
