"""2024 6.3 and 6.14: the response is due "within 10 working days" of the acknowledgement (20 at
stage 2). An acknowledgement letter may promise it sooner; the case page keeps that promise beside
the Code's date. The queue, the team view and "My work today" did not: a row read "due in 3 working
days" while the resident had been told to expect the response the day before, so the lists staff
plan their day from looked more timely than the service the resident got (closing20 and closing21
left this alone). Now every row shows the date the resident was told and flags it once passed, read
by the same rule as the case page, and the queue's export gives it."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, told
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import (
    EXTENSION,
    _held_acknowledgement,
    _officer,
    _promised_12_march,
    _promising,
    _second_acknowledgement,
)
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at

from putright.complaints.models import Complaint
from putright.complaints.rules import landlord_rules
from putright.complaints.selectors import case_for
from putright.letters.posting import response_promises
from putright.workspace.deadlines import case_deadlines, told_phrase
from putright.workspace.promises import standing_promises

pytestmark = pytest.mark.django_db


def _row(page: str, ref: str) -> str:
    """The queue's or a list's row for ``ref``."""
    return page.split(f">{ref}</a>", 1)[1].split("</tr>", 1)[0]


def _get(officer: Api, path: str, day: int) -> str:
    client = Client()
    client.force_login(officer.user)
    with _at(day):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _agree(ref: str, day: int) -> tuple[date, bool] | None:
    """What the rows show for ``ref`` on ``day`` March 2025, checked against what the case page
    shows for the stage the complaint is at (``case_deadlines``): the two must never differ."""
    complaint = Complaint.objects.get(reference=ref)
    calendar = landlord_rules().calendar
    today = date(2025, 3, day)
    promise = standing_promises([complaint], today=today, calendar=calendar).get(complaint.pk)
    rows = (promise.told, promise.passed) if promise is not None else None
    on_case = [
        (d.told, d.after_told)
        for d in case_deadlines(case_for(complaint), calendar, today, told=response_promises(complaint.pk))
        if d.name.startswith(f"Stage {complaint.stage} ")
        and "response" in d.name
        and d.told is not None
        and d.done_on is None
        and complaint.is_open
    ]
    assert rows == (on_case[0] if on_case else None), (rows, on_case)
    return rows


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (10, "Promised to the resident by 12 Mar 2025 (in 2 working days)"),
        (12, "Promised to the resident by 12 Mar 2025:</span> "),
        (13, "Promised to the resident by 12 Mar 2025:</span> "),
    ],
)
def test_2024_6_3_the_queue_row_shows_the_date_the_resident_was_told_and_when_it_has_passed(
    day: int,
    says: str,
    letterhead: Any,  # noqa: F811
) -> None:
    """Promised by Wednesday 12 March; the Code's date is Monday 17 March."""
    officer = _officer()
    ref = _promised_12_march(officer)
    row = _row(_get(officer, "/workspace/", day), ref)
    assert "17 Mar 2025 (2024 6.3)" in row  # the Code's date stays the row's deadline
    assert says in row, row
    assert ("Promised for today" in row) is (day == 12)
    assert ("Promised date passed" in row) is (day == 13)
    if day == 13:
        assert 'Promised date passed</strong> <span class="govuk-body-s">1 working day ago</span>' in row
    assert _agree(ref, day) == (date(2025, 3, 12), day > 12)


def test_2024_6_3_the_team_view_flags_a_promise_passed_on_a_case_at_risk(
    letterhead: Any,  # noqa: F811
) -> None:
    """Thursday 13 March: the Code's date (17 March) is 2 working days off, so the case is at risk;
    the date the resident was told passed yesterday, and the team view now says so."""
    officer = _officer()
    ref = _promised_12_march(officer)
    page = _get(officer, "/workspace/team/", 13)
    at_risk = page.split('id="at-risk"', 1)[1].split("</table>", 1)[0]
    row = _row(at_risk, ref)
    assert "due in 2 working days" in row and "Promised date passed" in row, row


def test_2024_6_3_my_work_today_rows_show_the_promise_beside_the_codes_date(
    letterhead: Any,  # noqa: F811
) -> None:
    """Monday 17 March, the Code's date: the complaint is in "due this week" (and was promised for
    12 March, so the row says that date passed 3 working days ago)."""
    officer = _officer()
    ref = _promised_12_march(officer)
    with _at(3):
        assert officer.post(f"/complaints/{ref}/allocate", {"handler": "officer"}).status_code == 200
    page = _get(officer, "/workspace/today/", 17)
    this_week = page.split("Your complaints due this week", 1)[1].split("</table>", 1)[0]
    row = _row(this_week, ref)
    assert "due today" in row and "Promised date passed" in row and "3 working days ago" in row, row
    # once: the list of promises does not repeat it as a second thing to do, but says where it is
    promised = page.split('id="promised"', 1)[1].split('id="updates"', 1)[0]
    assert ref not in promised, promised
    assert "Those overdue or due this week by the Code's date are in the lists above" in promised
    summary = page.split('href="#promised"', 1)[1].split("</p>", 1)[0]
    assert "1 response promised to a resident" in summary and "1 promised date has passed" in summary


@pytest.mark.parametrize(("extended_on", "kept"), [(14, True), (10, False)])
def test_2024_6_4_the_rows_read_an_extension_as_the_case_page_does(
    extended_on: int,
    kept: bool,
    letterhead: Any,  # noqa: F811
) -> None:
    """Extended after the promised day had passed: the broken promise stays. Extended before it
    came: the extension's date is what the resident was told, and the row shows no promise."""
    officer = _officer()
    ref = _promised_12_march(officer)
    with _at(extended_on):
        on = f"2025-03-{extended_on:02d}"
        assert officer.post(f"/complaints/{ref}/extend", {**EXTENSION, **told(on)}).status_code == 200
    row = _row(_get(officer, "/workspace/", 18), ref)
    assert ("Promised date passed" in row) is kept, row
    assert _agree(ref, 18) == ((date(2025, 3, 12), True) if kept else None)


@pytest.mark.parametrize(
    ("sent_on", "promising", "stands"),
    [
        (14, "17 March 2025", date(2025, 3, 12)),  # sent after 12 March had passed: 12 March stands
        (10, "14 March 2025", date(2025, 3, 14)),  # sent before it came: replaces it
        (3, "14 March 2025", date(2025, 3, 12)),  # sent the same day: the sooner stands
    ],
)
def test_2024_6_3_the_rows_read_a_second_acknowledgement_as_the_case_page_does(
    sent_on: int,
    promising: str,
    stands: date,
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _promised_12_march(officer)
    _second_acknowledgement(officer, ref, on=sent_on, promising=promising)
    assert _agree(ref, 18) == (stands, True)
    assert f"by {stands:%-d %b %Y}" in _row(_get(officer, "/workspace/", 18), ref)


def test_2024_6_3_no_promise_is_shown_once_the_stage_is_answered_or_the_complaint_closed(
    letterhead: Any,  # noqa: F811
) -> None:
    """Answered on 13 March (after the date promised: the case page says so in its Deadlines table),
    then escalated: the stage 2 row has nothing the resident was told yet. Another complaint
    withdrawn: closed, nothing to flag."""
    officer = _officer()
    ref = _promised_12_march(officer)
    withdrawn = _promised_12_march(officer)
    with _at(3):
        assert officer.post(f"/complaints/{ref}/allocate", {"handler": "officer"}).status_code == 200
    with _at(13):
        answered = officer.post(f"/complaints/{ref}/respond", {**RESPONSE, **told("2025-03-13")})
        assert answered.status_code == 200, answered.content
        assert (
            officer.post(
                f"/complaints/{withdrawn}/withdraw", {"on": "2025-03-13", "reason": "Sorted."}
            ).status_code
            == 200
        )
    assert _agree(ref, 14) is None and _agree(withdrawn, 14) is None
    page = _get(officer, "/workspace/?show=all", 14)
    assert "Promised to the resident" not in page
    with _at(14):
        assert officer.post(f"/complaints/{ref}/escalate", {}).status_code == 200
    assert _agree(ref, 20) is None
    assert "Promised to the resident" not in _get(officer, "/workspace/", 20)


def test_2024_6_3_the_queue_export_gives_the_date_the_resident_was_told(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _promised_12_march(officer)
    exported = _get(officer, "/workspace/?export=csv", 13)
    rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(exported.removeprefix("\ufeff")))}
    assert rows[ref]["Response promised by"] == "2025-03-12"
    assert rows[ref]["Promised date passed"] == "Yes"  # 13 March
    assert rows[ref]["Where it stands"] == "due in 2 working days"  # the Code's date
    assert rows[ref]["Deadline"] == "2025-03-17"


def test_2024_6_3_the_promises_on_a_page_cost_the_same_queries_however_many(
    letterhead: Any,  # noqa: F811
) -> None:
    """Read for the page's rows at once: five queries for one promised complaint or three."""
    officer = _officer()
    client = Client()
    client.force_login(officer.user)

    def queries() -> int:
        with _at(13), CaptureQueriesContext(connection) as captured:
            assert client.get("/workspace/").status_code == 200
        return len([q for q in captured.captured_queries if "access_accessrecord" not in q["sql"]])

    refs = [_promised_12_march(officer)]
    one = queries()
    refs += [_promised_12_march(officer), _promised_12_march(officer)]
    three = queries()
    page = _get(officer, "/workspace/", 13)
    assert all("Promised date passed" in _row(page, ref) for ref in refs)
    assert one == three, (one, three)


def _promised_6_march(officer: Api) -> str:
    """Acknowledged on Monday 3 March 2025 by a letter emailed that day promising the response by
    Thursday 6 March; the Code's date is 17 March."""
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "6 March 2025", officer.user)
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201
        send_queued_letter_emails()
    return ref


def test_2024_6_3_the_team_view_lists_a_promise_passed_while_the_codes_date_is_a_week_off(
    letterhead: Any,  # noqa: F811
) -> None:
    """Monday 10 March: promised for 6 March, the Code's date 17 March. The case is neither at risk
    nor overdue, so the team view did not list it at all and a manager never saw that the resident
    had waited past the date they were told (found in review). It has its own list now, and the
    queue a filter for it."""
    officer = _officer()
    ref = _promised_6_march(officer)
    kept = _promised_12_march(officer)  # not yet due on 10 March
    assert _agree(ref, 10) == (date(2025, 3, 6), True)
    page = _get(officer, "/workspace/team/", 10)
    passed = page.split('id="promises-passed"', 1)[1].split('id="extensions"', 1)[0]
    row = _row(passed, ref)
    assert "due in 5 working days" in row and "Promised date passed" in row and "2 working days ago" in row
    assert kept not in passed
    assert ref not in page.split('id="at-risk"', 1)[1].split('id="promises-passed"', 1)[0]
    queue = _get(officer, "/workspace/?due=promised", 10)
    assert f">{ref}</a>" in queue and f">{kept}</a>" not in queue
    assert "1 complaint or contact matching your filters" in queue
    # once answered, it leaves both
    with _at(3):
        assert officer.post(f"/complaints/{ref}/allocate", {"handler": "officer"}).status_code == 200
    with _at(11):
        assert (
            officer.post(f"/complaints/{ref}/respond", {**RESPONSE, **told("2025-03-11")}).status_code == 200
        )
    page = _get(officer, "/workspace/team/", 11)
    assert ref not in page.split('id="promises-passed"', 1)[1].split('id="extensions"', 1)[0]
    assert f">{ref}</a>" not in _get(officer, "/workspace/?due=promised", 11)


def test_2024_6_3_a_promised_day_that_is_not_a_working_day_is_not_read_as_the_next_one() -> None:
    """A closure added after the letter went can make the promised day a non-working day: "next
    working day" named a later day than the resident was told (found in review)."""
    calendar = landlord_rules().calendar
    saturday, friday = date(2025, 3, 8), date(2025, 3, 7)
    assert told_phrase(calendar, saturday, friday) == ""
    assert told_phrase(calendar, date(2025, 3, 10), friday) == "in 1 working day"
    assert told_phrase(calendar, date(2025, 3, 12), date(2025, 3, 10)) == "in 2 working days"
