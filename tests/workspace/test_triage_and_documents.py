"""Logging a new contact (2024 1.2-1.6, 3.6), the triage hint, and documents on the record (5.12)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import Client, override_settings
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import Attachment, Complaint, Resident

CONTACT = {
    "resident": "new",
    "name": "Grace Adeyemi",
    "email": "grace@example.org",
    "phone": "0113 496 0000",
    "address_line_1": "14 Mill Lane",
    "postcode": "LS6 2AB",
    "support_needs": "Recently bereaved; anxious on the phone",
    "adjustment": "Contact by email only",
    "contacted_by": "resident",
    "channel": "telephone",
    "summary": "This is the third time I have reported the leak and nobody has come. I am really unhappy.",
}


def _post_contact(client: Client, user: User, **changes: Any) -> Any:
    client.force_login(user)
    return client.post(
        "/workspace/new/", {**CONTACT, "received_on": timezone.localdate().isoformat(), **changes}
    )


def test_2024_1_3_a_new_contact_is_recorded_then_triaged_with_the_classifiers_hint(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post_contact(client, staff["officer"])
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/workspace/complaints/{complaint.reference}/"
    assert complaint.state == "received" and complaint.channel == "telephone"
    assert complaint.resident.support_needs.startswith("Recently bereaved")
    assert complaint.resident.reasonable_adjustments.get().adjustment == "Contact by email only"
    html = client.get(response["Location"]).content.decode()
    hint = html.split('id="triage-hint"')[1].split("</div>")[0]
    assert "a complaint" in hint and "% confident" in hint
    assert "Phrases that triggered it" in hint
    steps = html.split('id="next-steps"')[1].split("</div>")[0]
    assert "Accept as a complaint" in steps and "Record as a service request" in steps and "Decline" in steps


def test_2024_6_1_accepting_chooses_early_resolution_or_investigation(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    contact = make("received")
    client.force_login(staff["officer"])
    response = client.post(
        f"/workspace/complaints/{contact.reference}/accept-as-complaint/",
        {"route": "early_resolution", "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    html = client.get(f"/workspace/complaints/{contact.reference}/").content.decode()
    assert "early resolution (2024 6.1)" in html
    assert "due in 5 working days" in html


def test_2024_3_6_a_representatives_complaint_is_logged_and_consent_recorded_later(
    client: Client, staff: dict[str, User]
) -> None:
    """3.6 does not make consent a condition of logging the complaint: it is logged with the day it
    was received, the case asks for consent, and consent is recorded when it comes."""
    response = _post_contact(
        client,
        staff["officer"],
        contacted_by="representative",
        rep_name="Sam Adeyemi",
        rep_relationship="Son",
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.representative.name == "Sam Adeyemi"
    assert complaint.representative.consent_recorded_on is None
    page = client.get(response["Location"]).content.decode()
    assert "No consent recorded yet" in page
    refused = client.post(f"/workspace/complaints/{complaint.reference}/consent/", {"consent_evidence": ""})
    assert refused.status_code == 422
    complaint.representative.refresh_from_db()
    assert complaint.representative.consent_recorded_on is None
    client.post(
        f"/workspace/complaints/{complaint.reference}/consent/",
        {"consent_evidence": "Grace returned the signed consent form"},
    )
    complaint.representative.refresh_from_db()
    assert complaint.representative.consent_recorded_on == timezone.localdate()
    assert "signed consent form" in complaint.representative.consent_evidence
    assert "Representative (3.6)" in client.get(response["Location"]).content.decode()


def test_finding_an_existing_resident(client: Client, staff: dict[str, User], make: Make) -> None:
    existing = make("received", name="Olive Okonkwo")
    client.force_login(staff["officer"])
    html = client.get("/workspace/new/", {"find": "Okonkwo"}).content.decode()
    assert f'value="{existing.resident.pk}"' in html
    response = client.post(
        "/workspace/new/?find=Okonkwo",
        {
            **CONTACT,
            "resident": str(existing.resident.pk),
            "name": "",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Resident.objects.filter(name="Olive Okonkwo").count() == 1
    assert Complaint.objects.filter(resident=existing.resident).count() == 2
    # the details typed for someone new were not recorded: said, not dropped without a word (a phone
    # number disappeared so in a browser walk)
    page = client.get(response["Location"]).content.decode()
    assert "Not recorded: the email address grace@example.org, the phone number 0113 496 0000" in page
    assert "Olive Okonkwo&#x27;s details are as they were" in page
    existing.resident.refresh_from_db()
    assert existing.resident.phone != "0113 496 0000"


def test_a_restricted_contact_is_visible_to_the_person_who_logged_it_only(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post_contact(
        client, staff["hana"], restricted="on", summary="I want to complain about the housing officer Hugo."
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.restricted and list(complaint.restricted_to.all()) == [staff["hana"]]
    client.force_login(staff["hugo"])
    assert client.get(response["Location"]).status_code == 404


def _upload(client: Client, user: User, complaint: Complaint, name: str, content: bytes) -> Any:
    client.force_login(user)
    return client.post(
        f"/workspace/complaints/{complaint.reference}/documents/",
        {"file": SimpleUploadedFile(name, content), "description": "Evidence"},
    )


def test_2024_5_12_documents_are_kept_and_read_back(
    client: Client, staff: dict[str, User], make: Make, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    complaint = make()
    photo = b"\x89PNG\r\n\x1a\n" + b"ceiling photo" * 100
    response = _upload(client, staff["hana"], complaint, "ceiling.png", photo)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(photo) and attachment.content_type == "image/png"
    html = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "ceiling.png" in html
    download = client.get(f"/workspace/complaints/{complaint.reference}/documents/{attachment.pk}/")
    assert b"".join(download.streaming_content) == photo  # type: ignore[attr-defined]


def test_2024_5_12_executables_and_files_over_20_mb_are_refused_with_a_clear_message(
    client: Client, staff: dict[str, User], make: Make, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    complaint = make()
    html = _upload(
        client, staff["hana"], complaint, "invoice.exe", b"MZ\x90\x00" + b"\x00" * 100
    ).content.decode()
    assert "is a program or script" in html
    html = _upload(client, staff["hana"], complaint, "report.pdf", b"MZ\x90\x00 disguised").content.decode()
    assert "is a program or script" in html
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 1)
    html = _upload(client, staff["hana"], complaint, "survey.pdf", big).content.decode()
    assert re.search(r"The file is 20\.0 MB: it must be 20 MB or smaller", html)
    assert not Attachment.objects.exists()


def test_letters_panel_is_included_only_when_the_letters_app_provides_it(
    client: Client, staff: dict[str, User], make: Make, settings: Any, tmp_path: Path
) -> None:
    complaint = make()
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "_case_panel.html").write_text(
        '<h2 class="govuk-heading-m" id="letters-heading">Letters panel for {{ complaint.reference }}</h2>'
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        engines._engines = {}  # type: ignore[attr-defined]
        engines.__dict__.pop("templates", None)
        client.force_login(staff["hana"])
        html = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    engines.__dict__.pop("templates", None)
    engines._engines = {}  # type: ignore[attr-defined]
    assert f"Letters panel for {complaint.reference}" in html
