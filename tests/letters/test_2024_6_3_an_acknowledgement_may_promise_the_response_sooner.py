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
import re
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
from putright.letters.check import check_letter, promised_within
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


def _promising(draft: LetterDraft, when: str, actor: User, *, sentence: str = "") -> LetterDraft:
    """The draft giving ``when`` instead of the Code's date, or saying ``sentence`` instead of the
    template's whole response-date sentence."""
    old = f"We will send you our full response by {CODE_DATE}."
    assert old in draft.body
    body = draft.body.replace(old, sentence) if sentence else draft.body.replace(CODE_DATE, when)
    return services.update_draft(draft=draft, actor=actor, title=draft.title, body=body)


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
    assert record["deadline"]["promised_to_resident"] == "2025-03-12"  # beside it, what was promised
    assert record["deadline"]["promised_date_passed"] is False
    assert out["response_date_given"] == "2025-03-12"
    [sent] = [e for e in record["timeline"] if e["type"] == "correspondence"]
    assert (sent["actor"], sent["recorded_by"]) == ("Rita Resident", "Olu")  # written to; issued by
    assert all(e["recorded_by"] is None for e in record["timeline"] if e["type"] != "correspondence")


@pytest.mark.parametrize(
    ("when", "why"),
    [
        ("18 March 2025", "18 March 2025 is after 17 March 2025, the latest it can be"),
        ("28 February 2025", "28 February 2025 is before 3 March 2025, the earliest it can be"),
        ("15 March 2025", "15 March 2025 is not a working day"),
        ("Monday 12 March 2025", "the letter gives Monday 12 March 2025, but 12 March 2025 is a Wednesday"),
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
        assert why in element.note, element.note
        if "Wednesday" not in why:
            assert "Give any working day from 3 March 2025 to 17 March 2025" in element.note
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
    assert "Promised date passed" not in page
    with _at(13):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
        resident = track("rita@example.org", Complaint.objects.get(reference=ref))
        assert resident is not None
        theirs = resident.get("/track/complaint/").content.decode()
    assert "Promised date passed (12 Mar)" in page
    assert (
        "By Wednesday 12 March 2025, the date in our acknowledgement letter. That date has passed: we must "
        "respond by Monday 17 March 2025 at the latest, the Complaint Handling Code's limit"
    ) in theirs
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
    assert row["how_sent"].startswith("emailed 5 March 2025") and row["sent_on"] == "2025-03-05"
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
    # "within 10 working days" of 3 March ends on the Code's date: nothing sooner to show
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given == date(2025, 3, 17)
    assert "told the resident to expect it by" not in page
    with _at(3):
        other = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        assert officer.post(
            f"/complaints/{other}/acknowledge", {**DEFINITION, **told("2025-03-03")}
        ).status_code
        page = client.get(f"/workspace/complaints/{other}/").content.decode()
    assert "told the resident to expect it by" not in page
    assert Complaint.objects.get(reference=other).stages.get(number=1).response_due == date(2025, 3, 17)


#: the working days from Monday 3 March 2025 to 17 March 2025, the Code's date for an
#: acknowledgement that day (no bank holiday between)
RANGE = [date(2025, 3, d) for d in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 17)]
LETTER_HEAD = (
    "[2024 5.6 complaint_definition]\nYour complaint is about the leak.\n[/]\n"
    "[2024 5.6 outcomes_sought]\nYou would like the leak fixed.\n[/]\n"
)


def _checked(sentence: str, on: date = date(2025, 3, 3)) -> Any:
    context = {"response_due": RANGE, "issued_on": on}
    return check_letter(LETTER_HEAD + sentence, "stage1-acknowledgement", context=context).element(
        "response_date"
    )


@pytest.mark.parametrize(
    ("sentence", "status", "given"),
    [
        ("We will reply by 12 March.", "present", date(2025, 3, 12)),
        ("We will reply by Monday 17/03/2025.", "present", date(2025, 3, 17)),
        ("We will reply by Thursday 14/03/2025.", "wrong", None),  # a Friday
        ("We will reply within 10 working days.", "present", date(2025, 3, 17)),
        # no day the check can count: a person reads it and confirms it (it passed unread before)
        ("We will reply within a few days.", "confirm", None),
        # a "within" and a date: the date is what the resident holds us to (found in review)
        ("We will respond within 5 working days, by 20 March.", "wrong", None),
        (
            "The Code says we must respond within 10 working days; we will respond by 12 March.",
            "present",
            date(2025, 3, 12),
        ),
        ("We will respond by 12 March, well within 20 working days.", "present", date(2025, 3, 12)),
        # dates the sentence refers to, not promises
        (
            "Further to your complaint dated 27 February, we will respond on 12 March 2025.",
            "present",
            date(2025, 3, 12),
        ),
        ("We received your complaint on 3 March and will respond by 17 March.", "present", date(2025, 3, 17)),
        ("We will reply by 17 March at 5pm, or 20 March if we need to visit.", "wrong", None),
        # more than one date: the soonest the sentence may promise the response by, whatever the
        # other is for. Every rule that chose among them by their words could keep a later date than
        # the resident read (helper-97, -98, -100); a date flagged early is read by a person
        (
            "We will call you by 5 March and send you our full response by 12 March.",
            "present",
            date(2025, 3, 5),
        ),
        (
            "We will send you our full response by 12 March and call you by 5 March.",
            "present",
            date(2025, 3, 5),
        ),
        (
            "We will call you by 5 March with our decision, and repair the fan by 12 March.",
            "present",
            date(2025, 3, 5),
        ),
        (
            "We will contact you by Monday 10 March (with our full response), and the works will be "
            "completed by Friday 14 March.",
            "present",
            date(2025, 3, 10),
        ),
        (
            "We will contact you by 10 March with our stage 1 letter, and arrange any repair found to be "
            "needed by 14 March.",
            "present",
            date(2025, 3, 10),
        ),
        # ...a date no "by" leads to counts when its own clause names the response (helper-100: the
        # "by" date was kept, later than the response's "on" date)
        ("We will reply on 10 March; the repair will be done by 14 March.", "present", date(2025, 3, 10)),
        ("We will respond on 10 March and call you by 14 March.", "present", date(2025, 3, 10)),
        (
            "You will receive our response on Monday 10 March, and a call from the contractor by Friday 14 March.",
            "present",
            date(2025, 3, 10),
        ),
        ("We will respond between 10 and 14 March.", "present", date(2025, 3, 14)),
        # "before 18 March" is "by 17 March" to a resident (found in a browser walk)
        ("We will reply before 18 March 2025.", "present", date(2025, 3, 17)),
        ("We will reply before Tuesday 18 March 2025.", "present", date(2025, 3, 17)),
        ("We will reply before 19 March 2025.", "wrong", None),
        # ...also when the date itself may be given: "before 12 March" read as 12 March kept the
        # record one day more timely than the resident was told (helper-94); "on or before" is "by"
        ("We will reply before 12 March 2025.", "present", date(2025, 3, 11)),
        ("We will reply before Monday 10 March 2025.", "present", date(2025, 3, 7)),
        ("We will reply on or before 12 March 2025.", "present", date(2025, 3, 12)),
        ("We will reply on or before 17 March 2025.", "present", date(2025, 3, 17)),
        # "prior to" and "ahead of" are "before"; "by or before", "on/before" are "by" (helper-97)
        ("We will reply prior to 12 March 2025.", "present", date(2025, 3, 11)),
        ("We will send our response ahead of 12 March 2025.", "present", date(2025, 3, 11)),
        ("We will reply by or before 12 March 2025.", "present", date(2025, 3, 12)),
        ("We will reply on/before 12 March 2025.", "present", date(2025, 3, 12)),
        # lengths of time
        ("We will respond within 48 hours.", "present", date(2025, 3, 5)),
        ("We will respond within a fortnight.", "present", date(2025, 3, 17)),
        ("We will respond by the end of next week.", "present", date(2025, 3, 14)),
        ("We will respond by the end of April.", "wrong", None),
        ("We will respond by the end of next month.", "wrong", None),
        ("We will respond within 999999999 days.", "wrong", None),
        ("We will respond within 999999 months.", "wrong", None),
    ],
)
def test_2024_6_3_the_date_a_letter_promises_is_read_as_the_resident_would(
    sentence: str, status: str, given: date | None
) -> None:
    element = _checked(sentence)
    assert element.status == status, element.note
    assert element.given == given


def test_2024_6_3_a_promise_counted_from_the_day_acknowledged_not_the_issue_day() -> None:
    """A copy issued on 5 March of an acknowledgement made on 3 March: "within 10 working days of 3
    March" ends on 17 March, the Code's date (found in review)."""
    element = _checked("We will respond within 10 working days of 3 March 2025.", on=date(2025, 3, 5))
    assert (element.status, element.given) == ("present", date(2025, 3, 17))
    late = _checked("We will respond within 11 working days of 3 March 2025.", on=date(2025, 3, 5))
    assert late.status == "wrong"
    assert (
        "\u201cwithin 11 working days\u201d ends on 18 March 2025, but the response must come by 17 March 2025"
        in late.note
    )


def test_2024_6_3_no_response_date_is_missing() -> None:
    result = check_letter(LETTER_HEAD, "stage1-acknowledgement", context={"response_due": RANGE})
    assert result.element("response_date").status == "missing"


@pytest.mark.parametrize(
    ("promise", "status", "given"),
    [
        ("within 10 working days", "present", date(2025, 3, 17)),
        ("within 6 working days", "present", date(2025, 3, 11)),
        ("within two weeks", "present", date(2025, 3, 17)),
        ("within a few days", "confirm", None),  # no day to count: for a person to confirm
        ("within 20 working days", "wrong", None),
        ("within 30 days", "wrong", None),
        ("within 2 months", "wrong", None),
    ],
)
def test_2024_6_3_a_promise_in_working_days_is_counted_against_the_limit(
    promise: str,
    status: str,
    given: date | None,
    letterhead: Any,  # noqa: F811
) -> None:
    """ "Within 20 working days" passed the check as a response date (found in a browser walk): the
    resident was promised twice what 6.3 allows. The promise now ends on a day the check counts
    from the issue day; a sooner one is kept as the date given."""
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "", officer.user, sentence=f"We will send you our full response {promise}.")
        element = _response_date(draft, date(2025, 3, 3))
        assert element.status == status, element.note
        if status == "wrong":
            assert "but the response must come by 17 March 2025" in element.note
            return
        if status == "confirm":
            assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code != 201
            services.confirm_element(draft=draft, element="response_date", actor=officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given == given


def test_2024_6_3_the_end_of_a_promise_is_counted_in_the_landlords_working_days() -> None:
    on = date(2025, 3, 3)

    def ends(sentence: str, start: date = on) -> date | None:
        counted = promised_within(sentence, start, lambda day: day in RANGE or day > RANGE[-1])
        return counted.ends if counted is not None else None

    assert ends("Within 5 working days.") == date(2025, 3, 10)
    assert ends("within ten business days") == date(2025, 3, 17)
    assert ends("within 11 working days") == date(2025, 3, 18)
    assert ends("within 14 days") == date(2025, 3, 17)
    assert ends("within a week") == date(2025, 3, 10)
    assert ends("within 1 month", date(2025, 1, 31)) == date(2025, 2, 28)
    assert ends("within 99999 working days") == date.max
    assert ends("within a few days") is None
    assert ends("by 17 March") is None
    # a bank holiday (not in the landlord's working days) is not counted
    assert promised_within(
        "within 2 working days", date(2025, 5, 2), lambda d: d != date(2025, 5, 5) and d.weekday() < 5
    ).ends == date(2025, 5, 7)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sentence", "status", "given"),
    [
        # the date after "by" is the promise, not the day acknowledged (found in review)
        ("We acknowledged your complaint on 3 March 2025 and will reply by 31 March 2025.", "wrong", None),
        ("We acknowledged your complaint on 3 March 2025 and will reply by 12 March 2025.", "present", 12),
        # "of 3 March": counted from that day, and not read as a promise of 3 March
        ("We will send you our full response within 5 working days of 3 March 2025.", "present", 10),
        ("We will send you our full response within 15 working days of 3 March 2025.", "wrong", None),
        # two promises: both must be allowed, and the resident expects the sooner
        ("We will reply by 14 March 2025, and by 10 March 2025 if we can.", "present", 10),
        ("We will reply by 14 March 2025, or by 20 March 2025 at the latest.", "wrong", None),
        # two sentences promising the response: the sooner, wherever it comes (helper-103: the first
        # was kept, a week later than the resident was told)
        ("We will contact you by 14 March 2025 about the fan. We will reply by 7 March 2025.", "present", 7),
    ],
)
def test_2024_6_3_the_date_a_sentence_promises_is_the_one_checked_and_kept(
    sentence: str,
    status: str,
    given: int | None,
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "", officer.user, sentence=sentence)
        element = _response_date(draft, date(2025, 3, 3))
        assert element.status == status, element.note
        if status == "wrong":
            return
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given == date(2025, 3, given or 0)


def test_2024_6_3_a_copy_issued_after_acknowledgement_cannot_promise_a_date_already_past(
    letterhead: Any,  # noqa: F811
) -> None:
    """Acknowledged on 3 March (told by phone); a copy of the letter issued on 10 March may give the
    record's date or a working day from 10 March, not 5 March (found in review)."""
    officer = _officer()
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        assert (
            officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told("2025-03-03")}).status_code
            == 200
        )
    complaint = Complaint.objects.get(reference=ref)
    with _at(10):
        body = services.preview_body(complaint=complaint, kind="stage1-acknowledgement")[1]
        assert CODE_DATE in body
        for when, status in (
            ("17 March 2025", "present"),
            ("12 March 2025", "present"),
            ("5 March 2025", "wrong"),
        ):
            draft = services.start_draft(
                complaint=complaint,
                kind="stage1-acknowledgement",
                actor=officer.user,
                body=body.replace(CODE_DATE, when),
            )
            assert _response_date(draft, date(2025, 3, 10)).status == status, when


def test_2024_6_3_a_remedy_letter_is_not_told_of_a_range_it_does_not_take() -> None:
    """The range wording is for a response or new date; a remedy offer takes only the remedies' own
    dates (found in review)."""
    dues = [date(2025, 3, 10), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 2)]
    letter = sample_remedy_offer().replace("REMEDY_DATE", "20 March 2025")
    result = check_letter(letter, "remedy-offer", context={"remedy_due": dues})
    note = result.element("remedy_by_when").note
    assert result.element("remedy_by_when").status == "wrong"
    assert "a different date from the record" in note and "working day from" not in note


def sample_remedy_offer() -> str:
    return "[2024 7.3 remedy_by_when]\nWe will pay you £100 by REMEDY_DATE.\n[/]\n"


def _promised_12_march(officer: Api) -> str:
    """A complaint acknowledged on 3 March 2025 by a letter, emailed that day, promising the
    response by 12 March (the Code's date: 17 March)."""
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "12 March 2025", officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
        send_queued_letter_emails()
    return ref


EXTENSION = {"working_days": 5, "reason": "Waiting for a survey.", "ombudsman_details_given": True}


@pytest.mark.parametrize(("extended_on", "flagged"), [(14, True), (10, False)])
def test_2024_6_4_an_extension_does_not_hide_a_promise_already_broken(
    extended_on: int,
    flagged: bool,
    letterhead: Any,  # noqa: F811
) -> None:
    """Extended on 14 March, after the promised 12 March passed: the record still says the promise
    was broken. Extended on 10 March, before it came: the extension's date is what the resident was
    told, and nothing is flagged (found in review)."""
    officer = _officer()
    ref = _promised_12_march(officer)
    client = Client()
    client.force_login(officer.user)
    with _at(extended_on):
        on = f"2025-03-{extended_on:02d}"
        assert officer.post(f"/complaints/{ref}/extend", {**EXTENSION, **told(on)}).status_code == 200
    with _at(18):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert ("Promised date passed (12 Mar)" in page) is flagged
    assert ("told the resident to expect it by 12 March 2025" in page) is flagged


def test_2024_6_3_a_withdrawn_complaint_is_not_flagged_for_a_date_after_it_closed(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _promised_12_march(officer)
    client = Client()
    client.force_login(officer.user)
    with _at(10):
        withdrawn = officer.post(f"/complaints/{ref}/withdraw", {"on": "2025-03-10", "reason": "Sorted."})
        assert withdrawn.status_code == 200, withdrawn.content
    with _at(20):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert "Promised date passed" not in page and "After the date promised" not in page


def test_2024_5_12_the_letters_csv_says_both_ways_a_letter_went_first_first(
    letterhead: Any,  # noqa: F811
) -> None:
    """Emailed on 3 March, a paper copy posted on 5 March: the CSV said "posted on 5 March" beside a
    sent_on of 3 March (found in review). It now says both, the first first."""
    officer = _officer()
    ref = _promised_12_march(officer)
    letter = IssuedLetter.objects.get(complaint__reference=ref)
    with _at(5):
        path = f"/complaints/{ref}/letters/issued/{letter.pk}/sent"
        assert officer.post(path, {"on": "2025-03-05", "how": "post"}).status_code == 200
        client = Client()
        client.force_login(officer.user)
        [row] = list(csv.DictReader(io.StringIO(client.get(f"/letters/{ref}/letters.csv").content.decode())))
    assert row["how_sent"].startswith("emailed 3 March 2025 at ")
    assert row["how_sent"].endswith("; a paper copy posted on 5 March 2025")
    assert row["sent_on"] == "2025-03-03"


def _today_page(user: User, day: int) -> str:
    client = Client()
    client.force_login(user)
    with _at(day):
        return client.get("/workspace/today/").content.decode()


@pytest.mark.parametrize(
    ("day", "listed", "tag"),
    [
        (3, False, ""),  # Monday 3 March: 12 March is next week
        (10, True, ""),  # Monday 10 March: promised this week
        (12, True, "Promised for today"),
        (13, True, "Promised date passed"),
    ],
)
def test_2024_6_3_my_work_today_lists_a_response_promised_this_week(
    day: int,
    listed: bool,
    tag: str,
    letterhead: Any,  # noqa: F811
) -> None:
    """The Code's date (17 March) drives the deadline lists; the date the resident was told (12
    March) is listed beside it in the handler's work for the week it falls in, and flagged once it
    has passed (the case page's Deadlines table said so; "My work today" and the banner did not)."""
    officer = _officer()
    ref = _promised_12_march(officer)
    with _at(3):
        assert officer.post(f"/complaints/{ref}/allocate", {"handler": "officer"}).status_code == 200
    page = _today_page(officer.user, day)
    section = page.split('id="promised"', 1)[1].split('id="updates"', 1)[0]
    assert (ref in section) is listed, section
    if listed:
        assert "12 March 2025" in section and "17 March 2025 (2024 6.3)" in section
        summary = page.split('href="#promised"', 1)[1].split("</p>", 1)[0]
        assert "1 response promised to a resident for Friday 14 March or sooner" in summary
        assert ("1 promised date has passed" in summary) is (tag == "Promised date passed")
    tags = ("Promised date passed", "Promised for today")
    assert [t for t in tags if t in section] == ([tag] if tag else [])
    client = Client()
    client.force_login(officer.user)
    with _at(day):
        case = client.get(f"/workspace/complaints/{ref}/").content.decode()
    banner = case.split('id="current-deadline"', 1)[1].split("</div>", 1)[0]
    assert "The resident was told to expect it by 12 March 2025" in banner
    assert [t for t in tags if t in banner] == ([tag] if tag else [])
    if not tag:  # to come: how far off, as the Code's date above it says
        assert "12 March 2025 — in " in banner
    if tag == "Promised date passed":  # and once passed, how long the resident has waited past it
        assert "Promised date passed</strong> 1 working day ago" in banner
        assert "Promised date passed</strong> 1 working day ago" in section


def test_2024_6_3_a_letter_not_yet_sent_promised_nothing(
    letterhead: Any,  # noqa: F811
) -> None:
    """A promise counts once the letter was sent to the resident: issued, its email still queued, it
    told them nothing."""
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "12 March 2025", officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
        assert officer.post(f"/complaints/{ref}/allocate", {"handler": "officer"}).status_code == 200
    # issued, its email not yet sent: the resident has been told nothing
    assert ref not in _today_page(officer.user, 10).split('id="promised"', 1)[1].split('id="updates"')[0]
    with _at(3):
        send_queued_letter_emails()
    assert ref in _today_page(officer.user, 10).split('id="promised"', 1)[1].split('id="updates"')[0]


def test_2024_5_12_the_letters_csv_reads_the_day_sent_from_the_rows_it_loaded(
    letterhead: Any,  # noqa: F811
    django_assert_num_queries: Any,
) -> None:
    """The CSV's sent_on is the day the step counts from (``posting.told_on``), read from the
    posting and emails loaded with the letters: no query per letter (left alone in closing19)."""
    from putright.letters import posting

    officer = _officer()
    ref = _promised_12_march(officer)
    letter = IssuedLetter.objects.get(complaint__reference=ref)
    with _at(5):
        assert (
            officer.post(
                f"/complaints/{ref}/letters/issued/{letter.pk}/sent", {"on": "2025-03-05"}
            ).status_code
            == 200
        )
    loaded = list(
        IssuedLetter.objects.filter(complaint__reference=ref)
        .select_related("posting")
        .prefetch_related("deliveries")
    )
    with django_assert_num_queries(0):
        days = [posting.told_on_loaded(one) for one in loaded]
    assert days == [posting.told_on(one) for one in loaded] == [date(2025, 3, 3)]


@pytest.mark.parametrize(
    ("sent_on", "promising", "flagged_on_18th"),
    [
        (14, "17 March 2025", "Promised date passed (12 Mar)"),  # sent after 12 March had passed
        (10, "14 March 2025", "Promised date passed (14 Mar)"),  # sent before it came: replaces it
    ],
)
def test_2024_6_3_a_second_acknowledgement_does_not_hide_a_promise_already_broken(
    sent_on: int,
    promising: str,
    flagged_on_18th: str,
    letterhead: Any,  # noqa: F811
) -> None:
    """Promised by 12 March. A second acknowledgement letter sent on 14 March giving the Code's 17
    March made the case page drop the broken promise (closing19: "needs a decision"). It stays, as
    it does across an extension made after it; a letter sent before the day came replaces it. The
    resident's own page gives what they were told last."""
    officer = _officer()
    ref = _promised_12_march(officer)
    with _at(sent_on):
        made = officer.post(f"/complaints/{ref}/letters", {"kind": "stage1-acknowledgement"})
        assert made.status_code == 201, made.content
        draft = LetterDraft.objects.get(pk=made.json()["id"])
        body = draft.body
        for earlier in ("12 March 2025", CODE_DATE):
            body = body.replace(f"by {earlier}", f"by {promising}")
        draft = services.update_draft(draft=draft, actor=officer.user, title=draft.title, body=body)
        issued = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert issued.status_code == 201, issued.content
        send_queued_letter_emails()
    second = IssuedLetter.objects.get(pk=issued.json()["id"])
    assert second.response_date_given == date(2025, 3, int(promising.split()[0]))
    client = Client()
    client.force_login(officer.user)
    with _at(18):
        page = client.get(f"/workspace/complaints/{ref}/").content.decode()
    assert flagged_on_18th in page
    from putright.letters.posting import response_dates_told

    assert response_dates_told(Complaint.objects.get(reference=ref).pk, last_told=True) == {
        1: second.response_date_given
    }


@pytest.mark.parametrize(
    ("promise", "status", "given"),
    [
        ("in the week beginning 10 March 2025", "present", date(2025, 3, 14)),
        ("in the week commencing Monday 3 March 2025", "present", date(2025, 3, 7)),
        ("during the week of 10 March", "present", date(2025, 3, 14)),
        # runs to Friday 21 March: the resident may wait past the Code's 17 March
        ("in the week beginning 17 March 2025", "wrong", None),
        # seven days from a Friday: to Thursday 20 March
        ("in the week commencing 14 March 2025", "wrong", None),
    ],
)
def test_2024_6_3_a_promise_of_a_week_is_read_as_its_last_working_day(
    promise: str, status: str, given: date | None
) -> None:
    """ "In the week beginning 17 March" passed as a promise of 17 March, the Code's last day, though
    a resident reads it as any day to Friday 21 March; and "the week beginning 10 March" was kept as
    10 March, so the case flagged the promise as broken on the Tuesday (closing19, left alone)."""
    element = _checked(f"We will send you our full response {promise}.")
    assert (element.status, element.given) == (status, given), element.note
    if status == "wrong":
        assert "the response must come by 17 March 2025" in element.note
        assert "in a week that runs to" in element.note


def test_2024_6_3_posting_a_letter_whose_promised_day_has_passed_is_warned_of(
    letterhead: Any,  # noqa: F811
) -> None:
    """Issued on 3 March promising the response by 5 March; its email never sent, the letter still
    to post on 6 March. The page says the day has passed and what to do (closing19: nothing warned);
    recording it posted is not refused (it may have gone) and the case shows the promise as passed."""
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "5 March 2025", officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
    letter = IssuedLetter.objects.get(complaint__reference=ref)
    client = Client()
    client.force_login(officer.user)
    with _at(5):
        page = client.get(f"/letters/issued/{letter.pk}/sent/").content.decode()
        assert "a day that has passed" not in page  # the day itself has not passed
    with _at(6):
        page = client.get(f"/letters/issued/{letter.pk}/sent/").content.decode()
        assert (
            "This letter tells the resident to expect the response by 5 March 2025, a day that has passed"
            in page
        )
        case = client.get(f"/workspace/complaints/{ref}/").content.decode()
        assert f'id="promise-passed-held-{letter.pk}"' in case
        done = client.post(
            f"/letters/issued/{letter.pk}/sent/",
            {
                "sent_on-day": "6",
                "sent_on-month": "3",
                "sent_on-year": "2025",
                "how": "post",
                "late_reason": "",
            },
            follow=True,
        )
    shown = done.content.decode()
    assert "a day that had passed when it was sent: the case shows the promise as passed" in shown, shown[
        :3000
    ]
    assert "Tell the resident when they will now hear from us." in shown
    with _at(7):
        case = client.get(f"/workspace/complaints/{ref}/").content.decode()
        sent_page = client.get(f"/letters/issued/{letter.pk}/sent/").content.decode()
    assert "Promised date passed (5 Mar)" in case
    # recorded as sent: nothing more to warn of on its page
    assert "a day that has passed" not in sent_page
    # the Deadlines table scrolls on its own on a narrow screen (WCAG 1.4.10, found in a walk)
    assert 'aria-label="Deadlines (scrolls sideways)"' in case


def _second_acknowledgement(officer: Api, ref: str, *, on: int, promising: str) -> IssuedLetter:
    """Another acknowledgement letter issued and emailed on ``on`` March, promising ``promising``."""
    with _at(on):
        made = officer.post(f"/complaints/{ref}/letters", {"kind": "stage1-acknowledgement"})
        assert made.status_code == 201, made.content
        draft = LetterDraft.objects.get(pk=made.json()["id"])
        body = re.sub(r"by \d{1,2} March 2025", f"by {promising}", draft.body)
        draft = services.update_draft(draft=draft, actor=officer.user, title=draft.title, body=body)
        issued = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert issued.status_code == 201, issued.content
        send_queued_letter_emails()
    return IssuedLetter.objects.get(pk=issued.json()["id"])


def _case_page(officer: Api, ref: str, day: int) -> str:
    client = Client()
    client.force_login(officer.user)
    with _at(day):
        return client.get(f"/workspace/complaints/{ref}/").content.decode()


def test_2024_6_4_a_promise_sent_after_an_extension_is_kept(
    letterhead: Any,  # noqa: F811
) -> None:
    """Promised 12 March; extended on 10 March to 24 March; a second letter sent on 11 March promised
    20 March. The extension came before that letter, so it did not replace its promise, yet the case
    showed none (found in review): on 21 March the promise has passed."""
    officer = _officer()
    ref = _promised_12_march(officer)
    with _at(10):
        assert (
            officer.post(f"/complaints/{ref}/extend", {**EXTENSION, **told("2025-03-10")}).status_code == 200
        )
    second = _second_acknowledgement(officer, ref, on=11, promising="20 March 2025")
    assert second.response_date_given == date(2025, 3, 20)
    assert "Promised date passed (20 Mar)" in _case_page(officer, ref, 21)


def test_2024_6_3_of_two_letters_sent_the_same_day_the_sooner_promise_stands(
    letterhead: Any,  # noqa: F811
) -> None:
    """Both sent on 3 March, promising 12 and 14 March: the resident holds both, so the record keeps
    the sooner (the later-issued one used to win, found in review)."""
    officer = _officer()
    ref = _promised_12_march(officer)
    _second_acknowledgement(officer, ref, on=3, promising="14 March 2025")
    assert "Promised date passed (12 Mar)" in _case_page(officer, ref, 13)


def test_2024_6_3_my_work_today_reads_again_only_complaints_promised_sooner(
    letterhead: Any,  # noqa: F811
) -> None:
    """Most acknowledgements give the Code's own date; those complaints are not replayed for the
    today page (found in review: every open complaint near its date was, for nothing)."""
    from putright.letters.posting import with_response_dates_given

    officer = _officer()
    promised = Complaint.objects.get(reference=_promised_12_march(officer)).pk
    with _at(3):
        ref, draft = _held_acknowledgement(officer)  # the template: the Code's 17 March
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
    code_date = Complaint.objects.get(reference=ref).pk
    assert with_response_dates_given([promised, code_date], by=date(2025, 3, 21)) == {promised}


@pytest.mark.parametrize(
    "promise", ["within 10 working days of 31 December 9999", "by the end of December 9999"]
)
def test_2024_6_3_a_promise_past_the_calendars_end_is_refused_not_a_crash(promise: str) -> None:
    """helper-107: both raised (OverflowError, ValueError), so checking such a letter failed."""
    assert promised_within(promise, date(2025, 3, 3)).ends == date.max  # type: ignore[union-attr]
    assert _checked(f"We will send you our full response {promise}.").status == "wrong"
