"""Fixtures for the letters tests: the complaint builders of the records tests, a letterhead, and
small helpers to read produced files back."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from complaints.conftest import build, handler_1, handler_2, officer, resident  # noqa: F401

from putright.complaints.services import Told
from putright.letters.models import LetterheadSettings


@pytest.fixture
def letterhead(db: None, settings, tmp_path: Path) -> LetterheadSettings:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    head = LetterheadSettings.load()
    head.organisation_name = "Northgate Homes"
    head.address = "Customer Resolution Team\nPO Box 2210\nLeeds\nLS1 4AB"
    head.phone = "0113 496 0000"
    head.email = "complaints@northgatehomes.org.uk"
    head.website = "www.northgatehomes.org.uk"
    head.signoff_name = "Daniel Okafor"
    head.signoff_role = "Complaints Officer"
    head.save()
    return head


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def pdf_info(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdfinfo", handle.name], check=True, capture_output=True, text=True).stdout


def docx_document(data: bytes):  # type: ignore[no-untyped-def]
    import docx

    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX body, content controls included (python-docx's ``paragraphs`` skips those)."""
    from docx.oxml.ns import qn

    body = docx_document(data).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


# --- a case ready for each kind of letter ----------------------------------------------------------

#: the complaint state in which each kind of letter is written
STATE_FOR_KIND: dict[str, str] = {
    "stage1-acknowledgement": "stage_1_acknowledged",
    "stage2-acknowledgement": "stage_2_acknowledged",
    "extension-notice": "stage_1_acknowledged",
    "stage1-response": "stage_1_responded",
    "stage2-response": "stage_2_responded",
    "decision-not-to-accept": "declined",
    "decision-not-to-escalate": "escalation_requested",
    "remedy-offer": "stage_1_acknowledged",
    "keeping-informed-update": "stage_1_acknowledged",
    "outstanding-action-update": "stage_2_responded",
    "contact-restriction-notice": "stage_1_acknowledged",
}

#: what the handler writes in the blanks a default template leaves for them
HANDLER_WRITES: dict[str, str] = {
    "[enter what has happened since we last wrote, and what we are waiting for]": (
        "Since we last wrote, our surveyor has visited your home. We are still waiting for their report."
    ),
}


@pytest.fixture
def case_for_kind(build, officer, handler_2):  # type: ignore[no-untyped-def]  # noqa: F811
    """``case_for_kind(kind)``: a complaint in the state where that kind of letter is written."""
    from datetime import date

    from putright.complaints import services as complaint_services

    @complaint_services.recording_as_it_happened()
    def make(kind: str):  # type: ignore[no-untyped-def]
        complaint = build(STATE_FOR_KIND[kind])
        if kind == "decision-not-to-escalate":
            # the stage 2 handler decides it and writes its letter: not the stage 1 handler (2024 6.13)
            complaint = complaint_services.allocate_handler(
                complaint=complaint, actor=officer, handler=handler_2, on=date(2025, 3, 20)
            )
            complaint = complaint_services.decline_escalation(
                complaint=complaint,
                actor=officer,
                ground="legal_proceedings",
                explanation="The same issue is now part of a court claim you have made against us.",
                considered_on_merits="Every part of the complaint is in the claim.",
                right_to_ombudsman_given=True,
                told=Told(method="post", on=date(2025, 3, 20), body="Sent by post."),
            )
        if kind == "contact-restriction-notice":
            complaint_services.record_contact_restriction(
                resident=complaint.resident,
                restriction="Please contact us only by email at housing@northgatehomes.org.uk or by letter.",
                reason="Abusive language was used towards our staff in phone calls on 3 and 5 March 2025.",
                starts_on=date(2025, 3, 17),
                review_due=date(2025, 6, 16),
                equality_considerations="We have thought about your needs under the Equality Act 2010.",
            )
        return complaint

    return make


def fill_blanks(body: str) -> str:
    for blank, text in HANDLER_WRITES.items():
        body = body.replace(blank, text)
    return body


def empty_section(body: str, marker: str) -> str:
    """The body with the content of the section headed by ``marker`` (e.g. "[6.9 g]") removed."""
    lines = body.split("\n")
    out: list[str] = []
    skipping = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(marker):
            out.append(line)
            skipping = True
            continue
        if skipping and stripped.startswith("["):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def api_as(user):  # type: ignore[no-untyped-def]
    """Call the REST API v1 as ``user`` with a bearer token."""
    from django.test import Client

    from putright.accounts.services import create_api_token

    token, _ = create_api_token(user=user, name="tests")
    client = Client()

    def call(method: str, path: str, body: object = None):  # type: ignore[no-untyped-def]
        if method == "get":
            return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
        return getattr(client, method)(
            f"/api/v1{path}",
            data=json.dumps(body or {}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    return call


@pytest.fixture
def api(handler_1):  # type: ignore[no-untyped-def]  # noqa: F811
    """Call the REST API v1 as handler_1 with a bearer token."""
    return api_as(handler_1)
