"""2024 5.12 (the record says what happened) and 6.3, 6.14 (a response "within" the limit may be
promised sooner). PutRight reads the response date from the kept text of an acknowledgement sent
another way and keeps to it; where it read none ("by Friday") or the wrong one, nothing could be
done: a text whose promise PutRight could not read was kept to the Code's date, so the record looked
more timely than what the resident was told, and a misread date stayed flagged "Promised date
passed" for ever. Now the case page says what was kept from each such text, or that nothing was,
and a person who reads the text records the date it gave (``workspace.promised_dates``): an
amendment on the timeline keeps what it replaced, who and why; a later date, or none, is for someone
whose clock it is not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import Api, new_complaint
from api.test_trustworthy_record_api import DEFINITION
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import _officer
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_a_promise_in_an_acknowledgement_sent_another_way import (
    READ,
    _acknowledged_another_way,
    _acknowledged_in_the_workspace,
    _kept_text,
    _told,
)
from workspace.test_2024_6_3_the_queue_shows_the_date_the_resident_was_told import _agree, _get, _row

from putright.accounts.models import Role, Team, User
from putright.complaints.models import Complaint, Correspondence
from putright.letters.models import ResponseDateInTextSent
from putright.letters.posting import response_dates_told
from putright.workspace import records
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db


def _text_of(ref: str) -> Correspondence:
    return Correspondence.objects.get(complaint__reference=ref, direction="out")


def _page(ref: str, pk: int) -> str:
    return f"/workspace/complaints/{ref}/record/response-date/{pk}/"


def _record(
    user: User,
    ref: str,
    pk: int,
    *,
    gave: str,
    on: date | None = None,
    reason: str = "Read the email",
    day: int = 5,
) -> Any:
    client = Client()
    client.force_login(user)
    form = {"gave": gave, "reason": reason}
    if on is not None:
        form |= {
            "response_date_given-day": str(on.day),
            "response_date_given-month": str(on.month),
            "response_date_given-year": str(on.year),
        }
    with _at(day):
        return client.post(_page(ref, pk), form)


def _manager() -> User:
    return User.objects.create_user("manager", role=Role.MANAGER, first_name="Mo", last_name="Manager")


def test_2024_6_3_a_date_putright_could_not_read_is_recorded_and_kept_to(
    letterhead: Any,  # noqa: F811
) -> None:
    """ "By Friday" in an email sent on Monday 3 March: PutRight keeps nothing and the case page says
    so; the officer who sent it records Friday 7 March, and every list keeps to it from the 10th."""
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text("We will send you our full response by Friday."))
    text = _text_of(ref)
    assert not ResponseDateInTextSent.objects.exists()
    case = _get(officer, f"/workspace/complaints/{ref}/", 4)
    said = case.split(f'id="response-date-{text.pk}">', 1)[1].split("</p>", 1)[0]
    assert (
        'PutRight could not tell it from the text (for example "by Friday"), so the case keeps to the Code\'s date, 17 March 2025'
        in said
    )
    assert f'href="{_page(ref, text.pk)}"' in said and "Record the date it gave" in said
    page = _get(officer, _page(ref, text.pk), 4)
    assert "by Friday." in page  # the text the person reads it from is on the page

    done = _record(
        officer.user, ref, text.pk, gave="date", on=date(2025, 3, 7), reason="Sent Monday 3 March: by Friday"
    )
    assert done.status_code == 302, done.content
    kept = ResponseDateInTextSent.objects.get(correspondence=text)
    assert (kept.response_date_given, kept.sent_on, kept.stage, kept.recorded_by) == (
        date(2025, 3, 7),
        date(2025, 3, 3),
        1,
        officer.user,
    )
    assert _agree(ref, 10) == (date(2025, 3, 7), True)
    assert "Promised date passed" in _row(_get(officer, "/workspace/", 10), ref)
    case = _get(officer, f"/workspace/complaints/{ref}/", 10)
    assert "7 March 2025, sooner than the Code's 17 March 2025 (recorded by Olu)" in case
    [amendment] = Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN)
    assert amendment.actor == officer.user and amendment.reason == "Sent Monday 3 March: by Friday"
    assert (
        amendment.changes[0]["old"] == "none (PutRight found none)"
        and amendment.changes[0]["new"] == "7 March 2025"
    )
    assert "Response date the stage 1 acknowledgement sent on 3 March 2025 gave" in case


def test_2024_5_12_a_later_date_is_not_for_the_person_who_sent_the_acknowledgement(
    letterhead: Any,  # noqa: F811
) -> None:
    """PutRight read the visit's date (the sentence dates a call beside the response): the officer
    who recorded the acknowledgement cannot move it later; a manager can, and the amendment keeps
    what it replaced."""
    officer = _officer()
    ref = _acknowledged_another_way(
        officer,
        _kept_text("We will call you by 5 March and send you our full response by 12 March 2025."),
    )
    text = _text_of(ref)
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 5)

    refused = _record(
        officer.user, ref, text.pk, gave="date", on=date(2025, 3, 12), reason="5 March is the call"
    )
    assert refused.status_code == 400
    assert "Ask a complaints officer or manager who has not handled this stage to record it" in (
        refused.content.decode()
    )
    assert ">5 March is the call</textarea>" in refused.content.decode()  # what was typed is kept
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 5)
    assert not Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN).exists()

    manager = _manager()
    done = _record(manager, ref, text.pk, gave="date", on=date(2025, 3, 12), reason="5 March is the call")
    assert done.status_code == 302, done.content
    assert response_dates_told(Complaint.objects.get(reference=ref).pk) == {1: date(2025, 3, 12)}
    assert _agree(ref, 10) == (date(2025, 3, 12), False)
    [amendment] = Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN)
    assert amendment.changes[0]["old"] == "5 March 2025 (read by PutRight)"
    assert amendment.changes[0]["new"] == "12 March 2025"
    assert amendment.actor == manager
    # erasing the resident redacts the reason (it may name them) and keeps the dates: no one's
    # personal data, and the evidence of what the lists were changed from
    records.redact_amendments(resident=amendment.resident)
    amendment.refresh_from_db()
    assert amendment.reason == records.REDACTED
    assert amendment.changes[0]["old"] == "5 March 2025 (read by PutRight)"


def test_2024_5_12_no_sooner_date_replaces_the_promise_kept_and_says_what_it_was(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(
        officer,
        _kept_text("We will contact you by 6 March 2025 about the fan."),
    )
    text = _text_of(ref)
    # the date of a call about the fan is read as the response's ("we will contact you" names one)
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 6)
    done = _record(
        _manager(),
        ref,
        text.pk,
        gave="none",
        reason="6 March is a call about the fan; the text gave no response date",
    )
    assert done.status_code == 302, done.content
    # the row stays, with no date and who recorded that: the case page says whose reading it is
    kept = ResponseDateInTextSent.objects.get(correspondence=text)
    assert kept.response_date_given is None and kept.recorded_by is not None
    assert _agree(ref, 10) is None  # the Code's date stands
    [amendment] = Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN)
    assert amendment.changes[0]["old"].startswith("6 March 2025 (")
    assert amendment.changes[0]["new"] == "none sooner than the Code's date"
    case = _get(officer, f"/workspace/complaints/{ref}/", 10)
    said = case.split(f'id="response-date-{text.pk}">', 1)[1].split("</p>", 1)[0]
    assert (
        "none sooner than the Code's date, so the case keeps to the Code's 17 March 2025 (recorded by Mo Manager)"
        in said
    )
    assert ">Change<" in said
    # the page opens with the choice the record holds
    assert 'value="none" checked' in _get(officer, _page(ref, text.pk), 10)


def test_2024_5_12_bad_input_is_refused_clearly_and_changes_nothing(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text("We will send you our full response by Friday."))
    text = _text_of(ref)
    before = _record(officer.user, ref, text.pk, gave="date", on=date(2025, 3, 2))
    assert before.status_code == 400
    page = before.content.decode()
    assert "the date it gave cannot be before 3 March 2025, the day the acknowledgement was sent" in page
    # shown at the date it is about, which the summary links to
    assert 'href="#id_response_date_given' in page
    no_date = _record(officer.user, ref, text.pk, gave="date")
    assert no_date.status_code == 400 and "Enter the date the text gave" in no_date.content.decode()
    no_reason = _record(officer.user, ref, text.pk, gave="date", on=date(2025, 3, 7), reason="")
    assert (
        no_reason.status_code == 400
        and "Enter how you know the date the text gave" in no_reason.content.decode()
    )
    same = _record(officer.user, ref, text.pk, gave="none")
    assert same.status_code == 400
    assert "The record already keeps that: no response date from this text" in same.content.decode(), (
        same.content.decode().split('govuk-error-summary__list">', 1)[1][:400]
    )
    assert not ResponseDateInTextSent.objects.exists()
    assert not Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN).exists()


def test_2024_5_12_only_an_acknowledgements_text_of_this_complaint_and_only_for_those_who_act_on_it(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text("We will send you our full response by Friday."))
    other = _acknowledged_another_way(officer, _kept_text("We will send you our full response by Friday."))
    text = _text_of(ref)
    client = Client()
    client.force_login(officer.user)
    with _at(5):
        # another complaint's text, or a correspondence that told no acknowledgement: no such page
        assert client.get(_page(other, text.pk)).status_code == 404
        note = Correspondence.objects.create(
            complaint=text.complaint,
            direction="in",
            channel="phone",
            body="Rang about the fan",
            occurred_at=text.occurred_at,
        )
        assert client.get(_page(ref, note.pk)).status_code == 404
    # another team's handler and the governing body cannot see it, nor find that it is there
    north, _ = Team.objects.get_or_create(name="North")
    handler = User.objects.create_user("handler", role=Role.COMPLAINT_HANDLER, team=north)
    board = User.objects.create_user("board", role=Role.GOVERNING_BODY_READER)
    Complaint.objects.filter(reference=ref).update(handler=officer.user)
    for user, status in ((handler, 404), (board, 404)):
        client.force_login(user)
        with _at(5):
            assert client.get(_page(ref, text.pk)).status_code == status, user
        assert _record(user, ref, text.pk, gave="date", on=date(2025, 3, 7)).status_code == status
    assert not ResponseDateInTextSent.objects.exists()


def test_2024_5_12_the_person_recording_the_acknowledgement_is_told_no_date_was_kept(
    letterhead: Any,  # noqa: F811
) -> None:
    """Said when the step is recorded, beside the gaps the check found, so the date the text gave can
    be recorded while the person has it in front of them."""
    officer = _officer()
    _acknowledged_in_the_workspace(officer, _kept_text("We will send you our full response by Friday."))
    assert READ[-1].endswith(
        "PutRight could not tell the response date from the text sent, so the case keeps to the Code's date, "
        "17 March 2025. If the text gave the resident a date, record it under the text in the case's full "
        "record."
    ), READ[-1]
    _acknowledged_in_the_workspace(
        officer, _kept_text("We will send you our full response by 17 March 2025.")
    )
    assert "could not tell the response date" not in READ[-1] and "sooner than" not in READ[-1]


CALL = "We will call you by 5 March and send you our full response by 12 March 2025."


def test_2024_5_12_a_handler_reallocated_away_still_cannot_give_their_stage_more_time(
    letterhead: Any,  # noqa: F811
) -> None:
    """helper-102: the rule read only today's handler, so an officer handling stage 1 allocated it to
    a colleague, recorded "none" and took it back: the promise was gone from every list. Everyone
    ever allocated to the stage or who took a step on it is refused, as for a later day received."""
    south, _ = Team.objects.get_or_create(name="South")
    manager = Api(User.objects.create_user("mgr", role=Role.MANAGER, team=south, first_name="Mo"))
    oscar = Api(User.objects.create_user("oscar", role=Role.COMPLAINTS_OFFICER, team=south))
    User.objects.create_user("h2", role=Role.COMPLAINT_HANDLER, team=south)
    with _at(3):
        ref = str(new_complaint(manager, received_on="2025-03-03")["reference"])
        assert manager.post(f"/complaints/{ref}/allocate", {"handler": "oscar"}).status_code == 200
        done = manager.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **_told(_kept_text(CALL))})
        assert done.status_code == 200, done.content
    text = _text_of(ref)
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 5)
    assert _record(oscar.user, ref, text.pk, gave="none").status_code == 400
    with _at(4):
        assert oscar.post(f"/complaints/{ref}/allocate", {"handler": "h2"}).status_code == 200
    refused = _record(oscar.user, ref, text.pk, gave="none")
    assert refused.status_code == 400
    assert "because you handle or handled this stage" in refused.content.decode()
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 5)
    assert response_dates_told(Complaint.objects.get(reference=ref).pk) == {1: date(2025, 3, 5)}


def test_2024_5_12_more_time_is_for_those_who_put_dates_right_an_earlier_date_for_anyone_who_acts(
    letterhead: Any,  # noqa: F811
) -> None:
    """A complaint handler who never touched the stage could give a colleague's stage more time: only
    a complaints officer, a manager or an administrator records a later date (as a later day
    received). An earlier one shows less time, not more: any handler may record it."""
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(CALL))
    text = _text_of(ref)
    colleague = User.objects.create_user("colleague", role=Role.COMPLAINT_HANDLER)
    Complaint.objects.filter(reference=ref).update(handler=None)  # waiting for a handler: theirs to see
    refused = _record(
        colleague, ref, text.pk, gave="date", on=date(2025, 3, 12), reason="5 March is the call"
    )
    assert refused.status_code == 400
    assert (
        "only a complaints officer, a manager or an administrator can record it" in refused.content.decode()
    )
    earlier = _record(
        colleague, ref, text.pk, gave="date", on=date(2025, 3, 4), reason="The email says 4 March"
    )
    assert earlier.status_code == 302, earlier.content
    assert ResponseDateInTextSent.objects.get(correspondence=text).response_date_given == date(2025, 3, 4)


def test_2024_5_12_a_date_after_the_codes_is_recorded_as_given_and_said_not_to_count(
    letterhead: Any,  # noqa: F811
) -> None:
    """helper-104: a date after the Code's was recorded and "Done" said the lists keep to it, which
    they do not. It is what the text gave, so it is kept; "Done" says the Code's date stands."""
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text("We will send you our full response by Friday."))
    text = _text_of(ref)
    client = Client()
    client.force_login(officer.user)
    form = {
        "gave": "date",
        "reason": "Typed from the email",
        "response_date_given-day": "8",
        "response_date_given-month": "4",
        "response_date_given-year": "2025",
    }
    with _at(5):
        done = client.post(_page(ref, text.pk), form, follow=True)
    said = [str(m) for m in done.context["messages"]]
    assert said == [
        "Response date recorded: 8 April 2025 is later than the Code allows: the case keeps to the Code's 17 "
        "March 2025, and the acknowledgement is shown as having told the resident a date the Code does not allow."
    ], said
    assert _agree(ref, 18) is None


def test_the_case_page_with_a_text_sent_another_way_stays_within_12_queries(
    letterhead: Any,  # noqa: F811
    settings: Any,
) -> None:
    """The date kept from each text, with who recorded it, is one query, only on a case with such a
    text (the case page's budget, ``test_case_page_round_trips``, is 10 without one). The promise
    readers read the same table again for the deadlines: 12 in all."""
    settings.RATELIMIT_ENABLE = False
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(CALL))
    client = Client()
    client.force_login(officer.user)
    url = f"/workspace/complaints/{ref}/"
    with _at(5):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
    assert page.status_code == 200 and "read from the text by PutRight" in page.content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum(s.startswith('SELECT "letters_responsedateintextsent"') for s in sql) == 2, sql
    assert len(sql) <= 12, sql
