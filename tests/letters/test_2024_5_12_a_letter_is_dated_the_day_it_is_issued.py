"""2024 5.12: a letter says the day it was sent. A landlord's template may print ``{{ letter.date }}``;
it was filled on the day the letter was drafted, so a draft issued days later told the resident it
was written (and sent) earlier: a stage 1 response drafted on its due date and issued two days later read as on time
(found by review). Issuing such a letter is refused until its date is today's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from api.test_api_v1 import RESPONSE, Api, new_complaint, told
from api.test_trustworthy_record_api import DEFINITION
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent
from putright.letters.models import IssuedLetter, LetterTemplate
from putright.letters.services import template_for

pytestmark = pytest.mark.django_db


def _at(day: int) -> Any:
    return time_machine.travel(datetime(2025, 3, day, 10, tzinfo=UTC), tick=False)


def test_2024_5_12_a_letter_drafted_earlier_keeps_no_earlier_date_when_issued(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    template = template_for("stage1-response")
    LetterTemplate.objects.filter(pk=template.pk).update(body="{{ letter.date }}\n\n" + template.body)
    with _at(3):  # Monday: received and acknowledged
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        assert (
            officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told("2025-03-03")}).status_code
            == 200
        )
    with _at(17):  # the response due that day is drafted
        held = officer.post(f"/complaints/{ref}/respond", RESPONSE).json()["not_yet_sent"][0]
        draft = held["letter_draft"]
        body = officer.get(f"/complaints/{ref}/letters/{draft}").json()["body"]
        assert body.startswith("17 March 2025")
    with _at(19):  # issued two days late
        refused = officer.post(f"/complaints/{ref}/letters/{draft}/issue", {})
        assert refused.status_code == 422
        assert refused.json()["provision"] == "2024 5.12"
        assert "17 March 2025" in refused.json()["detail"] and "19 March 2025" in refused.json()["detail"]
        assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
        assert not ComplaintEvent.objects.filter(complaint__reference=ref, kind="responded").exists()
        # drafted again today, the letter carries today's date (and the response date from today)
        again = officer.post(f"/complaints/{ref}/letters", {"kind": "stage1-response"})
        assert again.status_code == 201
        assert again.json()["body"].startswith("19 March 2025")
        issued = officer.post(f"/complaints/{ref}/letters/{again.json()['id']}/issue", {})
        assert issued.status_code == 201, issued.content
        assert send_queued_letter_emails() == 1
        event = ComplaintEvent.objects.get(complaint__reference=ref, kind="responded")
        assert event.on.isoformat() == "2025-03-19"  # late, as it was
