"""Residents see their own words on the tracking page: the complaint as made (even after staff edit
the summary), their messages and files, the complaint definition the landlord recorded (2024 5.6)
and each letter once. Internal notes are never shown."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from putright.complaints import services
from putright.complaints.models import Complaint
from putright.letters import services as letters
from putright.letters.models import LetterheadSettings
from putright.workspace import outbox, records

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(build):
    built = build("stage_1_responded")
    moment = datetime.combine(built.stage_1_responded_on + timedelta(days=2), time(12), tzinfo=UTC)
    with time_machine.travel(moment, tick=True):
        yield built


def _page(client, complaint: Complaint) -> str:
    mail.outbox.clear()
    client.post("/track/", {"reference": complaint.reference, "email": "rita@example.org"})
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    client.post("/track/code/", {"code": code})
    return client.get("/track/complaint/").content.decode()


def test_2024_5_6_tracking_page_shows_the_complaint_as_made_their_messages_files_and_the_definition(
    client, complaint, handler_1
) -> None:
    records.change_complaint_details(
        complaint=complaint,
        actor=handler_1,
        reason="Shortened for the queue",
        category=complaint.category,
        property=complaint.property,
        summary="Mould.",
    )
    services.record_correspondence(
        complaint=complaint,
        actor=None,
        direction="in",
        channel="email",
        subject="Photos of the ceiling",
        body="Here is how it looks after the rain on Sunday.",
        correspondent="rita@example.org",
    )
    services.attach_document(
        complaint=complaint, actor=None, content=b"%PDF-1.4 test", filename="ceiling.pdf"
    )
    outbox.add_internal_note(complaint=complaint, actor=handler_1, body="Resident is very angry; careful.")
    page = _page(client, complaint)
    as_made = page.split('id="as-made"')[1].split("</div>")[0]
    assert "Mould in the bathroom, reported twice, still not fixed." in as_made  # not the staff edit
    assert "How we have understood your complaint" in page
    assert "The bathroom mould has not been treated after two reports." in page  # the 5.6 definition
    sent = page.split('id="sent-us"')[1]
    assert "Here is how it looks after the rain on Sunday." in sent and "ceiling.pdf" in sent
    assert "very angry" not in page


def test_each_letter_listed_once(client, complaint, handler_1) -> None:
    head = LetterheadSettings.load()
    head.phone, head.email = "01904 000000", "complaints@landlord.example"
    head.save()
    draft = letters.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = letters.issue_letter(draft=draft, actor=handler_1)
    assert letter.correspondence_id is not None  # the letter is also outgoing correspondence
    page = _page(client, complaint)
    section = page.split("Letters and emails from us")[1].split("<h2")[0]
    # once, not again as an email (the fixture's other items are the earlier steps' letters by post)
    items = [item for item in section.split("<li")[1:] if letter.title in item]
    assert len(items) == 1 and items[0].count("<details") == 1
