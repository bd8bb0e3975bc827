"""2024 6.3 and 6.14: "landlords must respond to the complaint within 10 working days of the complaint
being acknowledged" (20 at stage 2). The Code sets a limit, not a date: an acknowledgement letter may
promise the response sooner. The letter check used to refuse any date but the limit itself ("the
letter gives a different date from the record"), driving a landlord with its own shorter target
round the system. Now any working day up to the limit is accepted; a date after it, before the
letter is issued, or on a day the landlord does not work is still refused. The date the letter
gives is kept with it and the case shows it beside the Code's: a response after the date the
resident was told is flagged, though the Code's deadline is met.

The same note covers an acknowledgement emailed days after it was issued: the step (and so the
Code's deadline) counts from the day the email went (2024 5.12), while the letter still says the
date counted from the day it was issued."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from access.following import track
from api.test_api_v1 import Api, new_complaint, told
from api.test_trustworthy_record_api import DEFINITION
from django.test import Client
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import (  # noqa: F401
    _at,
    _retry_all,
    mail_server,
    mail_server_down,
)

from putright.accounts.models import Role, User
from putright.code.letters import LetterElement
from putright.complaints.models import Complaint
from putright.letters import services
from putright.letters.check import check_letter, date_given
from putright.letters.models import IssuedLetter, LetterDraft

pytestmark = pytest.mark.django_db

#: the Code's date for a complaint acknowledged on Monday 3 March 2025: 10 working days later
CODE_DATE = "17 March 2025"


def _officer() -> Api:
    return Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))


def _held_acknowledgement(officer: Api) -> tuple[str, LetterDraft]:
    """A complaint received and acknowledged (held) on 3 March 2025; its letter drafted, not issued."""
    ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
    held = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION).json()["not_yet_sent"][0]
    return ref, LetterDraft.objects.get(pk=held["letter_draft"])


def _promising(draft: LetterDraft, when: str, actor: User) -> LetterDraft:
    assert CODE_DATE in draft.body
    return services.update_draft(
        draft=draft, actor=actor, title=draft.title, body=draft.body.replace(CODE_DATE, when)
    )


def _response_date(draft: LetterDraft, on: date) -> Any:
    return services.check_draft(draft, on=on).element(LetterElement.RESPONSE_DATE.value)


def test_2024_6_3_a_response_date_sooner_than_the_limit_is_accepted_and_kept_with_the_letter(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "12 March 2025", officer.user)
        element = _response_date(draft, date(2025, 3, 3))
        assert element.status == "present", element.note
        issued = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert issued.status_code == 201, issued.content
        send_queued_letter_emails()
    letter = IssuedLetter.objects.get(pk=issued.json()["id"])
    assert letter.response_date_given == date(2025, 3, 12)
    with _at(3, hour=15):
        record = officer.get(f"/complaints/{ref}").json()
        [out] = officer.get(f"/complaints/{ref}/letters").json()["issued"]
    assert record["deadline"]["due"] == "2025-03-17"  # the Code's date is still the record's deadline
    assert out["response_date_given"] == "2025-03-12"


@pytest.mark.parametrize(
    ("when", "why"),
    [
        ("18 March 2025", "after the Code's limit (2024 6.3)"),
        ("28 February 2025", "before the letter is issued"),
        ("15 March 2025", "a Saturday"),
    ],
)
def test_2024_6_3_a_response_date_after_the_limit_or_on_no_working_day_is_still_refused(
    when: str,
    why: str,
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, when, officer.user)
        element = _response_date(draft, date(2025, 3, 3))
        assert element.status == "wrong", why
        assert "from 3 March 2025 to 17 March 2025" in element.note
        refused = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
    assert refused.status_code == 422, why
    assert "2024 6.3" in refused.content.decode()
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()


def test_2024_6_3_the_case_flags_a_response_after_the_date_the_resident_was_told(
    letterhead: Any,  # noqa: F811
    settings: Any,
) -> None:
    """Promised by 12 March; not answered by 13 March: within the Code (due 17 March), after the date
    the resident was told. The case page says both; the resident's own page gives them the date
    their letter gave, not a later one."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    officer = _officer()
    client = Client()
    client.force_login(officer.user)
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "12 March 2025", officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
        send_queued_letter_emails()
    with _at(11):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert "told the resident to expect it by 12 March 2025" in page
    assert "After the date the resident was told" not in page
    with _at(13):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
        resident = track("rita@example.org", Complaint.objects.get(reference=ref))
        assert resident is not None
        theirs = resident.get("/track/complaint/").content.decode()
    assert "After the date the resident was told" in page
    assert "By Wednesday 12 March 2025, the date in our acknowledgement letter" in theirs
    assert "due by 12 Mar 2025, the date in our acknowledgement letter" in theirs
    assert "Usually by" not in theirs


def test_2024_5_12_an_acknowledgement_emailed_late_shows_the_date_its_letter_gave(
    letterhead: Any,  # noqa: F811
    mail_server_down: None,  # noqa: F811
    mail_server: Any,  # noqa: F811
) -> None:
    """Issued on Monday 3 March, giving 17 March; its email refused until Wednesday 5 March. The
    acknowledgement counts from 5 March, so the Code's date is 19 March (2024 6.3), but the resident
    was told 17 March: the case page says so."""
    officer = _officer()
    client = Client()
    client.force_login(officer.user)
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
        assert send_queued_letter_emails() == 0
    with _at(5):
        mail_server()
        assert _retry_all() == 1
        record = officer.get(f"/complaints/{ref}").json()
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert record["deadline"]["due"] == "2025-03-19"
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given == date(2025, 3, 17)
    assert "told the resident to expect it by 17 March 2025" in page
    with _at(5, hour=15):
        rows = list(csv.DictReader(io.StringIO(client.get(f"/letters/{ref}/letters.csv").content.decode())))
    [row] = rows
    assert row["issued_at"].startswith("2025-03-03")
    assert row["sent"].startswith("emailed 5 March 2025") and row["sent_on"] == "2025-03-05"
    assert row["response_date_given"] == "2025-03-17"


def test_2024_6_3_no_note_when_the_letter_gives_the_codes_date_or_no_date(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    client = Client()
    client.force_login(officer.user)
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        within = services.update_draft(
            draft=draft,
            actor=officer.user,
            title=draft.title,
            body=draft.body.replace(f"by {CODE_DATE}", "within 10 working days"),
        )
        assert officer.post(f"/complaints/{ref}/letters/{within.pk}/issue", {}).status_code == 201
        send_queued_letter_emails()
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given is None
    assert "told the resident to expect it by" not in page
    with _at(3):
        other = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        assert officer.post(
            f"/complaints/{other}/acknowledge", {**DEFINITION, **told("2025-03-03")}
        ).status_code
        page = client.get(f"/workspace/complaints/{other}/").content.decode()
    assert "told the resident to expect it by" not in page
    assert Complaint.objects.get(reference=other).stages.get(number=1).response_due == date(2025, 3, 17)


def test_2024_6_3_the_date_given_is_read_from_the_sentence_the_check_relied_on() -> None:
    dates = [date(2025, 3, 12), date(2025, 3, 17)]
    assert date_given("We will reply by 12 March.", dates) == date(2025, 3, 12)
    assert date_given("We will reply by Monday 17/03/2025.", dates) == date(2025, 3, 17)
    assert date_given("We will reply within 10 working days.", dates) is None
    assert date_given(None, dates) is None
    letter = (
        "[2024 5.6 complaint_definition]\nYour complaint is about the leak.\n[/]\n"
        "[2024 5.6 outcomes_sought]\nYou would like the leak fixed.\n[/]\n"
    )
    result = check_letter(letter, "stage1-acknowledgement", context={"response_due": dates})
    assert result.element("response_date").status == "missing"
