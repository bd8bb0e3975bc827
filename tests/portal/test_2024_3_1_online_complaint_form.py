"""2024 3.1, 3.6, 5.10, 6.2, 6.3: the online form, its attachments and the confirmation."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from portal.conftest import REPRESENTATIVE

from putright.complaints.models import Attachment, Complaint, ReasonableAdjustment, Stage
from putright.complaints.rules import landlord_rules

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500


def test_the_start_page_offers_to_complain_and_to_follow(client) -> None:
    page = client.get("/").content.decode()
    assert 'href="/complain/"' in page and 'href="/track/"' in page
    assert "do not need to use the word" in page


def test_2024_3_1_a_resident_complains_online_without_an_account(client, answers) -> None:
    answers["attachments"] = SimpleUploadedFile("fan.jpg", JPEG, content_type="image/jpeg")
    response = client.post("/complain/", answers)
    assert response.status_code == 302 and response["Location"] == "/complain/done/"
    complaint = Complaint.objects.get()
    assert complaint.channel == "online_form"
    assert complaint.state == "complaint"  # accepted: the 6.2 clock runs
    assert "Fix the fan" in complaint.summary
    assert complaint.events.first().actor_label == "Resident (online form)"
    resident = complaint.resident
    assert (resident.preferred_contact_method, resident.preferred_format) == ("email", "large_print")
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.original_filename == "fan.jpg" and attachment.content_type == "image/jpeg"


def test_2024_6_2_6_3_the_confirmation_gives_the_reference_and_the_dates(client, answers) -> None:
    client.post("/complain/", answers)
    complaint = Complaint.objects.get()
    calendar = landlord_rules().calendar
    acknowledge_by = calendar.add_working_days(complaint.received_on, 5)
    respond_by = calendar.add_working_days(acknowledge_by, 10)
    assert Stage.objects.get(complaint=complaint, number=1).acknowledgement_due == acknowledge_by
    page = client.get("/complain/done/").content.decode()
    assert complaint.reference in page and "govuk-panel--confirmation" in page
    assert f"{acknowledge_by:%A} {acknowledge_by.day} {acknowledge_by:%B %Y}" in page
    assert f"{respond_by:%A} {respond_by.day} {respond_by:%B %Y}" in page
    (email,) = mail.outbox
    assert email.to == ["rita@example.org"]
    assert complaint.reference in email.subject
    assert f"{acknowledge_by.day} {acknowledge_by:%B %Y}" in email.body
    assert f"{respond_by.day} {respond_by:%B %Y}" in email.body
    # the email is kept on the record as outgoing correspondence (5.12)
    assert complaint.correspondence.get(direction="out").subject == email.subject


def test_2024_5_10_a_reasonable_adjustment_asked_for_is_recorded(client, answers) -> None:
    client.post("/complain/", answers)
    adjustment = ReasonableAdjustment.objects.get()
    assert "after 2pm" in adjustment.adjustment
    assert adjustment.disclosed_disability == "Partial sight"
    assert adjustment.review_due is not None


def test_2024_3_6_a_representative_complains_with_consent(client, answers) -> None:
    answers.update(REPRESENTATIVE)
    response = client.post("/complain/", answers)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    representative = complaint.representative
    assert representative is not None and representative.name == "Dan Resident"
    assert representative.relationship == "Son"
    assert "asked me to do this" in representative.consent_evidence
    assert representative.consent_recorded_on is not None
    (email,) = mail.outbox
    assert sorted(email.to) == ["dan@example.org", "rita@example.org"]


def test_2024_3_6_a_representative_complaint_is_logged_before_consent_is_confirmed(client, answers) -> None:
    """3.6 does not make consent a condition of logging: the complaint is logged with the day it was
    received, and the case asks for the resident's consent."""
    answers.update({**REPRESENTATIVE, "consent": "", "consent_how": ""})
    response = client.post("/complain/", answers)
    assert response.status_code in (200, 302)
    complaint = Complaint.objects.get()
    assert complaint.representative is not None
    assert complaint.representative.consent_recorded_on is None


def test_2024_3_6_consent_given_says_how(client, answers) -> None:
    answers.update({**REPRESENTATIVE, "consent": "on", "consent_how": ""})
    page = client.post("/complain/", answers).content.decode()
    assert "Tell us how the resident agreed" in page
    assert Complaint.objects.count() == 0


def test_missing_answers_get_gov_uk_errors(client) -> None:
    page = client.post("/complain/", {}).content.decode()
    assert "There is a problem" in page
    assert "Tell us what happened" in page
    assert "Enter the resident&#x27;s full name" in page or "Enter the resident's full name" in page


def _kept(page: str, answers: dict[str, str]) -> None:
    for name in ("what_happened", "wanted_outcome", "adjustments"):
        assert answers[name].replace("'", "&#x27;") in page
    assert f'value="{answers["resident_email"]}"' in page


def test_a_25_mb_file_is_refused_and_the_answers_are_kept(client, answers) -> None:
    answers["attachments"] = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (25 * 1024 * 1024), "image/jpeg")
    response = client.post("/complain/", answers)
    assert response.status_code == 200
    page = response.content.decode()
    assert "big.jpg is 25 MB: each file must be smaller than 20 MB" in page
    _kept(page, answers)
    # only the file field is in error
    assert len(re.findall(r'class="govuk-error-message"', page)) == 1
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "name,content,why",
    [
        ("photo.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100, "a Windows program"),
        ("photo.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a Linux program"),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "a script"),
        ("report.pdf", b"<script>alert(1)</script>", "a script or web page"),
    ],
)
def test_a_disguised_program_is_refused_and_the_answers_are_kept(client, answers, name, content, why) -> None:
    answers["attachments"] = SimpleUploadedFile(name, content, "image/jpeg")
    page = client.post("/complain/", answers).content.decode()
    assert f"{name} is {why}, not a photo or document" in page
    _kept(page, answers)
    assert Complaint.objects.count() == 0


def test_a_file_whose_name_lies_about_its_kind_is_refused(client, answers) -> None:
    answers["attachments"] = SimpleUploadedFile("letter.pdf", JPEG, "application/pdf")
    page = client.post("/complain/", answers).content.decode()
    assert "letter.pdf is not what its name says" in page


def test_a_pdf_and_a_photo_are_both_kept(client, answers) -> None:
    answers["attachments"] = [
        SimpleUploadedFile("fan.jpg", JPEG, "image/jpeg"),
        SimpleUploadedFile("report.pdf", b"%PDF-1.7\n%...", "application/pdf"),
    ]
    assert client.post("/complain/", answers).status_code == 302
    assert sorted(Attachment.objects.values_list("original_filename", flat=True)) == ["fan.jpg", "report.pdf"]


def test_the_information_pages_cite_the_ombudsman_and_the_timescales(client) -> None:
    assert "0300 111 3000" in client.get("/housing-ombudsman/").content.decode()
    process = client.get("/how-we-handle-complaints/").content.decode()
    assert "5 working days" in process and "10 working days" in process and "20 working days" in process
    assert "do not have to give a reason" in process
    assert "Make a complaint" in client.get("/surveys-and-feedback/").content.decode()
    assert "two stages" in client.get("/policy/").content.decode().lower()


def test_2024_3_1_back_then_send_makes_one_complaint_and_a_changed_form_another(client, answers) -> None:  # type: ignore[no-untyped-def]
    """The browser's Back then Send made a second complaint with the same words (found walking the
    form in Chromium). The same words again from the same browser are shown the first complaint's
    confirmation; changed before sending, it is the resident's new complaint, never dropped."""
    assert client.post("/complain/", answers).status_code == 302
    first = Complaint.objects.get()
    again = client.post("/complain/", answers, follow=True)
    assert Complaint.objects.count() == 1
    assert first.reference in again.content.decode()
    changed = {**answers, "what_happened": answers["what_happened"] + " And the hall."}
    assert client.post("/complain/", changed).status_code == 302
    assert Complaint.objects.count() == 2
    # with a file the first did not have: something new to add, so a new complaint
    photo = SimpleUploadedFile("fan.jpg", JPEG, "image/jpeg")
    assert client.post("/complain/", {**answers, "attachments": photo}).status_code == 302
    assert Complaint.objects.count() == 3
    # another browser (another resident at the same library computer, say) is not this one
    other = type(client)()
    assert other.post("/complain/", answers).status_code == 302
    assert Complaint.objects.count() == 4
