"""A step or a case page form refused comes back at 422, as every other refused form in the product
does: everything typed kept, the problem on its field, named by the field's ``aria-describedby`` and
linked from the GOV.UK error summary, and nothing recorded (2024 5.12: the record says what happened,
when). A step's form came back at 200 as if taken; the case page's "told by a letter issued earlier"
and "Record consent" (2024 3.6) said a refusal in a banner after a redirect that lost what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from refused_form import marked_in_error, summary, title_says_error
from workspace.conftest import Make, working_days_ago
from workspace.test_2024_5_12_a_step_told_by_a_letter_already_issued import (
    DEFINITION,
    _acknowledge,
    _acknowledged,
    _acknowledgement_letter,
)

from putright.accounts.models import User
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep, Representative
from putright.letters.models import IssuedLetter


def test_2024_5_12_a_step_dated_long_ago_without_why_it_is_late_is_refused_at_422_on_its_field(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make(received_on=working_days_ago(10))
    client.force_login(staff["hana"])
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/agree-remedy/",
        {
            "on": working_days_ago(4).isoformat(),
            "remedy_kind": "apology",
            "description": "A written apology for the missed visits",
            "due": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert "A written apology for the missed visits" in html
    assert ("#id_late_reason", response.context["form"].errors["late_reason"][0]) in summary(html)
    assert marked_in_error(html, "id_late_reason")
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="remedy_agreed").exists()


def _held_with_a_letter_on_time_only_by_its_date(
    client: Client, staff: dict[str, User], make: Make
) -> tuple[Complaint, PendingStep, IssuedLetter]:
    """The acknowledgement letter went 2 working days ago, the day before it was due; the
    acknowledgement recorded the usual way after it is held, and recording it now as told by that
    letter needs the reason it is late (2024 5.12)."""
    hana = staff["hana"]
    complaint = make("complaint", handler=hana, received_on=working_days_ago(6))
    letter = _acknowledgement_letter(
        complaint, hana, on=working_days_ago(2), definition=DEFINITION["complaint_definition"]
    )
    assert "/drafts/" in _acknowledge(client, hana, complaint)["Location"]
    return complaint, PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING), letter


def _told_by(
    client: Client, complaint: Complaint, held: PendingStep, letter: IssuedLetter, **data: Any
) -> Any:
    return client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/",
        {"letter": str(letter.pk), **data},
    )


def test_2024_5_12_a_held_step_told_by_a_letter_without_why_it_is_late_is_refused_at_422_on_its_field(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint, held, letter = _held_with_a_letter_on_time_only_by_its_date(client, staff, make)
    response = _told_by(client, complaint, held, letter)
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    field = f"late-{held.pk}-{letter.pk}"
    [(href, said)] = summary(html)
    assert href == f"#{field}" and "say why the step is being recorded late" in said
    assert marked_in_error(html, field)
    assert _acknowledged(complaint) is None
    held.refresh_from_db()
    assert held.state == PendingStep.State.PENDING


def test_2024_5_12_a_held_step_told_by_a_letter_keeps_the_reason_typed_when_refused(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """Not cut short to fit and recorded (it was, at 2,000 characters): refused with what was typed."""
    complaint, held, letter = _held_with_a_letter_on_time_only_by_its_date(client, staff, make)
    reason = "Recorded on return from leave. " * 70
    response = _told_by(client, complaint, held, letter, late_reason=reason)
    assert response.status_code == 422
    html = response.content.decode()
    field = f"late-{held.pk}-{letter.pk}"
    assert summary(html) == [(f"#{field}", "Why it is being recorded late must be 2000 characters or fewer")]
    assert marked_in_error(html, field) and reason.strip() in html
    assert _acknowledged(complaint) is None


def _represented(make: Make) -> Complaint:
    complaint = make("complaint")
    complaint.representative = Representative.objects.create(
        resident=complaint.resident, name="Sam Adeyemi", relationship="Son"
    )
    complaint.save(update_fields=["representative"])
    return complaint


def test_2024_3_6_consent_recorded_without_how_it_was_given_is_refused_at_422_on_its_field(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _represented(make)
    client.force_login(staff["hana"])
    response = client.post(f"/workspace/complaints/{complaint.reference}/consent/", {"consent_evidence": " "})
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert summary(html) == [("#consent-evidence", "Say how the resident gave consent (2024 3.6)")]
    assert marked_in_error(html, "consent-evidence")
    complaint.refresh_from_db()
    assert complaint.representative is not None and complaint.representative.consent_recorded_on is None


def test_2024_3_6_consent_refused_keeps_how_it_was_given_as_typed(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _represented(make)
    client.force_login(staff["hana"])
    typed = ("The resident returned the signed consent form by post. " * 5).strip()
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/consent/", {"consent_evidence": typed}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert marked_in_error(html, "consent-evidence") and f'value="{typed}"' in html
    complaint.refresh_from_db()
    assert complaint.representative is not None and complaint.representative.consent_recorded_on is None
