"""2024 3.6: residents may have a representative deal with their complaint, by their choice. Until
the resident's consent is recorded, a letter about the complaint is addressed and emailed to the
resident, not to the person who says they represent them (a letter to them would tell the complaint
to someone the resident may not have chosen), and the draft page says why. Once consent is
recorded, letters go to the representative as before."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from letters.conftest import fill_blanks

from putright.complaints import services as complaint_services
from putright.complaints.models import Complaint
from putright.letters import services


def _with_representative(complaint: Complaint, *, consent: bool) -> Complaint:
    representative = complaint_services.add_representative(
        resident=complaint.resident,
        name="Dara Daughter",
        relationship="daughter",
        contact="dara@example.net",
        consent_recorded_on=date(2025, 3, 3) if consent else None,
        consent_evidence="Signed form" if consent else "",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


def _issue(complaint: Complaint, handler: Any) -> Any:
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler)
    draft.body = fill_blanks(draft.body)
    draft.save()
    return services.issue_letter(draft=draft, actor=handler)


def test_2024_3_6_without_consent_the_letter_goes_to_the_resident(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = _with_representative(case_for_kind("stage1-response"), consent=False)
    assert services.email_address(complaint) == complaint.resident.email
    letter = _issue(complaint, handler_1)
    assert letter.addressee == complaint.resident.name
    assert "Dara Daughter" not in letter.addressee


def test_2024_3_6_with_consent_the_letter_goes_to_the_representative(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = _with_representative(case_for_kind("stage1-response"), consent=True)
    assert services.email_address(complaint) == "dara@example.net"
    letter = _issue(complaint, handler_1)
    assert letter.addressee == "Dara Daughter"


def test_2024_3_6_consent_recorded_later_turns_the_next_letter_to_the_representative(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = _with_representative(case_for_kind("stage1-response"), consent=False)
    assert complaint.representative is not None
    complaint_services.record_representative_consent(
        complaint=complaint,
        on=date(2025, 3, 4),
        evidence="Recorded call",
        actor=handler_1,
    )
    complaint = Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)
    assert services.email_address(complaint) == "dara@example.net"
    assert _issue(complaint, handler_1).addressee == "Dara Daughter"


def test_2024_3_6_the_draft_page_says_who_the_letter_goes_to_and_why(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = _with_representative(case_for_kind("stage1-response"), consent=False)
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    client = Client()
    client.force_login(handler_1)
    html = client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/").content.decode()
    assert f"Addressed to {complaint.resident.name}, not to Dara Daughter" in html
    assert "(2024 3.6)" in html
    assert complaint.representative is not None
    complaint_services.record_representative_consent(
        complaint=complaint,
        on=date(2025, 3, 4),
        evidence="Recorded call",
        actor=handler_1,
    )
    html = client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/").content.decode()
    assert (
        "Addressed to Dara Daughter, the resident&#x27;s representative (consent recorded 4 March 2025)"
        in html
    )


def test_2024_3_6_a_letter_drafted_before_consent_greets_the_resident_and_is_not_sent_to_the_representative(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    """Found in a browser walk: drafted before consent ("Dear <resident>"), then consent recorded, the
    letter was issued to the representative still greeting the resident. Issue now waits, and the
    draft page says why; a letter drafted afresh greets the representative and goes."""
    import pytest

    from putright.code.errors import CodeViolation

    complaint = _with_representative(case_for_kind("stage1-response"), consent=False)
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    draft.body = fill_blanks(draft.body)
    draft.save()
    assert f"Dear {complaint.resident.name}" in draft.body
    assert not services.record_problems(draft)
    assert complaint.representative is not None
    complaint_services.record_representative_consent(
        complaint=complaint,
        on=date(2025, 3, 4),
        evidence="Recorded call",
        actor=handler_1,
    )
    draft = services.LetterDraft.objects.select_related(
        "complaint__representative", "complaint__resident"
    ).get(pk=draft.pk)
    [problem] = services.record_problems(draft)
    assert problem.provision == "2024 3.6"
    assert f'says "Dear {complaint.resident.name}" but it goes to Dara Daughter' in problem.detail
    with pytest.raises(CodeViolation):
        services.issue_letter(draft=draft, actor=handler_1)
    client = Client()
    client.force_login(handler_1)
    html = client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/").content.decode()
    assert "Issuing will be refused: 2024 3.6" in html
    fresh = Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)
    letter = _issue(fresh, handler_1)
    assert letter.addressee == "Dara Daughter"


def test_2024_3_6_a_letter_to_a_representative_with_no_email_is_posted_to_them_not_emailed_to_the_resident(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    """Addressed to the representative, whose contact is a telephone number: it was emailed to the
    resident's address, a letter to one person sent to another (helper-92). It is printed, to be
    posted to the representative, and the draft page says so."""
    from putright.letters import posting

    complaint = _with_representative(case_for_kind("stage1-response"), consent=True)
    assert complaint.representative is not None and complaint.resident.email
    complaint.representative.contact = "07700 900123"
    complaint.representative.save()
    complaint = Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)
    assert services.email_address(complaint) == ""
    assert services.not_emailed_because(complaint) == (
        "No email address is recorded for the representative: print the PDF and post it to them."
    )
    letter = _issue(complaint, handler_1)
    assert letter.addressee == "Dara Daughter" and posting.is_printed(letter)
