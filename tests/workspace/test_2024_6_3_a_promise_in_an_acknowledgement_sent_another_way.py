"""2024 6.3 and 6.14: the response is due "within 10 working days" of the acknowledgement (20 at
stage 2), and an acknowledgement may promise it sooner. A promise in a PutRight letter is kept beside
the Code's date on the case, the queue, the team view, "My work today" and the resident's page. An
acknowledgement sent another way (an email or letter from another system, its text kept as sent,
2024 5.12) was not: its promise was on the record only as text, and every list read the Code's
date, so a resident told "by 5 March" who had heard nothing on 7 March was not flagged anywhere
(closing22 to closing24 left this alone). Now the same Code check that reads a PutRight letter reads
the kept text when the step is recorded, at every door, and the date it gives is kept to; the API's
record gives it too (``deadline.promised_to_resident``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import Api, new_complaint
from api.test_trustworthy_record_api import DEFINITION
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import _officer
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_the_queue_shows_the_date_the_resident_was_told import _agree, _get, _row

from putright.complaints.models import Complaint, Correspondence
from putright.letters import posting, services
from putright.letters.models import ResponseDateInTextSent
from putright.letters.posting import response_dates_told, response_promises, with_response_dates_given

pytestmark = pytest.mark.django_db


def _kept_text(response_by: str) -> str:
    """An acknowledgement written in another system, as the resident was sent it."""
    return (
        "Dear Rita,\n\nThank you for your complaint, which we received on 3 March 2025.\n\n"
        f"We understand your complaint to be that {DEFINITION['complaint'][0].lower()}"
        f"{DEFINITION['complaint'][1:]} You would like us to fix the fan and treat the mould. We are "
        "responsible for repairs to the fan and the mould treatment.\n\n"
        f"{response_by}\n\nYours sincerely,\nOlu, Complaints team"
    )


def _told(body: str, on: str = "2025-03-03") -> dict[str, Any]:
    return {"told": {"method": "email", "sent_on": on, "body": body}}


def _acknowledged_another_way(officer: Api, body: str) -> str:
    """Received and acknowledged on Monday 3 March 2025 by an email from the landlord's own system
    saying ``body``; the Code's date is 17 March."""
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        done = officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **_told(body)})
        assert done.status_code == 200, done.content
    return ref


def test_2024_6_3_a_response_date_sooner_in_a_text_sent_another_way_is_kept_to_like_a_letters(
    letterhead: Any,  # noqa: F811
) -> None:
    """Told by 12 March in another system's email: kept with the text it was read from, and the
    rows and the case page flag it from 13 March as they do a PutRight letter's."""
    officer = _officer()
    ref = _acknowledged_another_way(
        officer, _kept_text("We will send you our full response by 12 March 2025.")
    )
    complaint = Complaint.objects.get(reference=ref)
    [kept] = ResponseDateInTextSent.objects.filter(complaint=complaint)
    assert (kept.stage, kept.response_date_given, kept.sent_on) == (1, date(2025, 3, 12), date(2025, 3, 3))
    assert "by 12 March 2025" in Correspondence.objects.get(pk=kept.correspondence_id).body
    assert response_promises(complaint.pk) == {1: (date(2025, 3, 12), date(2025, 3, 3))}
    assert response_dates_told(complaint.pk, last_told=True) == {1: date(2025, 3, 12)}

    assert _agree(ref, 10) == (date(2025, 3, 12), False)
    assert _agree(ref, 13) == (date(2025, 3, 12), True)
    row = _row(_get(officer, "/workspace/", 13), ref)
    assert "17 Mar 2025 (2024 6.3)" in row  # the Code's date stays the row's deadline
    assert "Promised to the resident by 12 Mar 2025" in row and "Promised date passed" in row, row
    case = _get(officer, f"/workspace/complaints/{ref}/", 13)
    # the case page keeps the date the resident was told beside the Code's, as for a letter
    assert 'id="promised-date">The resident was told to expect it by 12 March 2025: ' in case
    assert "The acknowledgement told the resident to expect it by 12 March 2025" in case
    assert f">{ref}</a>" in _get(officer, "/workspace/?due=promised", 13)
    passed = _get(officer, "/workspace/team/", 13).split('id="promises-passed"', 1)[1]
    assert f">{ref}</a>" in passed.split('id="extensions"', 1)[0]
    # and the API gives it beside the Code's date, for the landlord's other systems
    for day, is_passed in ((12, False), (13, True)):
        with _at(day):
            deadline = officer.get(f"/complaints/{ref}").json()["deadline"]
        assert deadline["due"] == "2025-03-17"
        assert deadline["promised_to_resident"] == "2025-03-12"
        assert deadline["promised_date_passed"] is is_passed


@pytest.mark.parametrize(
    ("response_by", "kept"),
    [
        # a Saturday: a PutRight letter could not give it, but the resident was given it (helper-94)
        ("We will send you our full response by Saturday 8 March 2025.", date(2025, 3, 8)),
        ("We will send you our full response by 8 March 2025.", date(2025, 3, 8)),
        # a weekday that is not the date's: the earlier of the days it may mean (the Tuesday)
        ("We will send you our full response by Tuesday 12 March 2025.", date(2025, 3, 11)),
        ("We will send you our full response by Thursday 12 March 2025.", date(2025, 3, 12)),
        # "before" a day: the day before (helper-94: read as the day itself, one day more timely)
        ("We will send you our full response before 12 March 2025.", date(2025, 3, 11)),
        # the response's date, not another the sentence refers to (helper-97: the sooner of all of
        # them was kept, and the record flagged a promise broken a week early)
        (
            "Further to your email of 4 March, we will send you our full response by Saturday 15 March 2025.",
            date(2025, 3, 15),
        ),
        (
            "We will send you our full response by Saturday 15 March 2025 (our surveyor will visit on 5 March).",
            date(2025, 3, 15),
        ),
        (
            'You asked us to "fix it by 4 March"; we will send you our full response by Saturday 15 March 2025.',
            date(2025, 3, 15),
        ),
        # none "by": the latest, as a letter's check reads "between" (helper-98: the earliest was kept)
        ("We will send you our full response between 8 March and 15 March 2025.", date(2025, 3, 15)),
        # of two sentences promising the response, the sooner: the first was kept (helper-103), a
        # week later than the resident was told
        (
            "We will contact you by 14 March 2025 about the fan. We will send you our full response by 7 March 2025.",
            date(2025, 3, 7),
        ),
        # the weekday named against the date named, not the day before it (helper-97)
        (
            "We will send you our full response before Monday 10 March 2025, or by Saturday 15 March at the latest.",
            date(2025, 3, 9),
        ),
    ],
)
def test_2024_6_3_a_sooner_date_the_check_finds_wrong_is_still_what_the_resident_was_given(
    response_by: str,
    kept: date,
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(response_by))
    [promise] = ResponseDateInTextSent.objects.filter(complaint__reference=ref)
    assert promise.response_date_given == kept
    assert _agree(ref, kept.day + 1) == (kept, True)


def test_2024_6_3_a_plain_text_signed_with_an_address_in_angle_brackets_is_not_read_as_html(
    letterhead: Any,  # noqa: F811
) -> None:
    """ "<a.smith@landlord.org>" is not a tag: read as HTML, the whole letter became one line
    (helper-97)."""
    officer = _officer()
    text = _kept_text("We will send you our full response by 12 March 2025.") + "\n<a.smith@landlord.org>"
    ref = _acknowledged_another_way(officer, text)
    [promise] = ResponseDateInTextSent.objects.filter(complaint__reference=ref)
    assert promise.response_date_given == date(2025, 3, 12)
    assert services._HTML_TAG.search(text) is None
    assert services._HTML_TAG.search("<p>Dear Rita,</p>") and services._HTML_TAG.search('<a href="x">')


def test_2024_6_3_an_emails_html_is_read_as_the_resident_read_it(
    letterhead: Any,  # noqa: F811
) -> None:
    """Another system's email, its HTML kept as sent: "by <b>12 March 2025</b>" gave no date (helper-94)."""
    officer = _officer()
    text = _kept_text("We will send you our full response by <b>12 March 2025</b>.")
    html = "<html><body>" + "".join(f"<p>{part}</p>" for part in text.split("\n\n")) + "</body></html>"
    ref = _acknowledged_another_way(officer, html)
    [promise] = ResponseDateInTextSent.objects.filter(complaint__reference=ref)
    assert promise.response_date_given == date(2025, 3, 12)
    assert Correspondence.objects.filter(pk=promise.correspondence_id, body=html).exists()  # kept as sent


def test_2024_6_3_a_line_break_inside_a_sentence_of_an_emails_html_does_not_end_it(
    letterhead: Any,  # noqa: F811
) -> None:
    """Outlook's HTML, "by<br>Friday 14 March": read as two sentences, no date was found, and the
    person was told the text did not say when the response would come (helper-98)."""
    officer = _officer()
    body = _kept_text("We will send you our full response by<br>Friday 14 March 2025.<o:p></o:p>")
    html = "".join(
        f'<p class=MsoNormal><span style="font-size:11.0pt">{part}</span></p>' for part in body.split("\n\n")
    )
    ref = _acknowledged_another_way(officer, html)
    [promise] = ResponseDateInTextSent.objects.filter(complaint__reference=ref)
    assert promise.response_date_given == date(2025, 3, 14)


@pytest.mark.parametrize(
    "response_by",
    [
        "We will send you our full response by 17 March 2025.",  # the Code's own date
        "We will send you our full response within 10 working days.",  # counts to the Code's date
        "We will be in touch soon.",  # no date the check can count: nothing is made up
    ],
)
def test_2024_6_3_a_text_giving_the_codes_date_or_none_makes_no_promise(
    response_by: str,
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(response_by))
    complaint = Complaint.objects.get(reference=ref)
    assert all(k.response_date_given == date(2025, 3, 17) for k in ResponseDateInTextSent.objects.all())
    assert _agree(ref, 13) is None
    assert "Promised to the resident" not in _row(_get(officer, "/workspace/", 13), ref)
    with _at(13):
        deadline = officer.get(f"/complaints/{ref}").json()["deadline"]
    assert deadline["promised_to_resident"] is None and deadline["promised_date_passed"] is False
    assert response_dates_told(complaint.pk, last_told=True) in ({}, {1: date(2025, 3, 17)})


def test_2024_6_3_a_held_acknowledgement_sent_another_way_keeps_its_promise(
    letterhead: Any,  # noqa: F811
) -> None:
    """Held until sent, then recorded as sent by the landlord's own system (the API's held-step door):
    the same check reads the text."""
    officer = _officer()
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        held = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION).json()["not_yet_sent"][0]
        sent = officer.post(
            f"/complaints/{ref}/held-steps/{held['id']}/send",
            _told(_kept_text("We will send you our full response by 11 March 2025.")),
        )
        assert sent.status_code == 200, sent.content
    assert _agree(ref, 12) == (date(2025, 3, 11), True)


def _acknowledged_in_the_workspace(officer: Api, text: str) -> str:
    """The acknowledge form's "sent another way" text, as a complaints officer records it on 3 March."""
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        client = Client()
        client.force_login(officer.user)
        form = {
            "complaint_definition": DEFINITION["complaint"],
            "outcomes_sought": DEFINITION["outcomes_sought"],
            "responsible_for": DEFINITION["responsible_for"],
            "sent_another_way": "on",
            "sent_method": "post",
            "sent_on-day": "3",
            "sent_on-month": "3",
            "sent_on-year": "2025",
            "sent_text": text,
        }
        response = client.post(f"/workspace/complaints/{ref}/acknowledge/", form)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert "/drafts/" not in response["Location"]
        said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    READ.append(next((m for m in said if m.startswith("Complaint acknowledged")), ""))
    return ref


#: what "Done" said after each acknowledgement recorded in the workspace
READ: list[str] = []


def test_2024_6_3_the_workspace_door_keeps_the_promise_of_a_text_sent_another_way(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_in_the_workspace(
        officer, _kept_text("We will send you our full response by 10 March 2025.")
    )
    assert _agree(ref, 11) == (date(2025, 3, 10), True)
    assert "Promised date passed" in _row(_get(officer, "/workspace/", 11), ref)
    # the person recording it is told what was read from the text, so they can see it
    assert READ[-1].endswith(
        "The text sent told the resident to expect the response by 10 March 2025, sooner than the Code's "
        "17 March 2025: the case, the lists and the resident's page keep to 10 March 2025."
    ), READ[-1]


def test_2024_6_3_a_text_too_long_to_check_keeps_no_promise(
    letterhead: Any,  # noqa: F811
) -> None:
    """Over the 100,000 characters a letter can have (the form takes it), the check does not read
    the text and the person recording it is told to read it themselves: no date is read from it,
    rather than a guess. The step is recorded, the text kept in full."""
    officer = _officer()
    body = _kept_text("We will send you our full response by 10 March 2025.") + "\n" + "Notes. " * 15_000
    ref = _acknowledged_in_the_workspace(officer, body)
    complaint = Complaint.objects.get(reference=ref)
    assert Correspondence.objects.filter(complaint=complaint, body=body.strip()).exists()
    assert not ResponseDateInTextSent.objects.exists()
    assert _agree(ref, 11) is None
    assert "The text sent told the resident" not in READ[-1]


def test_2024_6_3_across_a_landlord_only_the_complaints_asked_about_are_found(
    letterhead: Any,  # noqa: F811
) -> None:
    """The team view and the queue's filter ask about a queryset (every open complaint in scope):
    the texts are read from their own side, then looked for among those complaints only."""
    officer = _officer()
    promised = _acknowledged_another_way(
        officer, _kept_text("We will send you our full response by 12 March 2025.")
    )
    other = _acknowledged_another_way(
        officer, _kept_text("We will send you our full response by 11 March 2025.")
    )
    ids = {ref: Complaint.objects.get(reference=ref).pk for ref in (promised, other)}
    asked = Complaint.objects.filter(pk=ids[promised]).values("pk")
    assert with_response_dates_given(asked, by=date(2025, 3, 12)) == {ids[promised]}
    assert with_response_dates_given(asked, by=date(2025, 3, 11)) == set()  # promised later than asked
    both = Complaint.objects.filter(is_open=True).values("pk")
    assert with_response_dates_given(both, by=date(2025, 3, 12)) == set(ids.values())
    assert with_response_dates_given([ids[other]], by=date(2025, 3, 12)) == {ids[other]}  # a page's rows
    # read for more than a page's complaints at once (it first asks whether any text gave a date)
    many = [ids[promised], *range(10**6, 10**6 + posting._ASK_FIRST_ABOVE)]
    assert posting._dates_given(many)[ids[promised]] == [(date(2025, 3, 3), 1, date(2025, 3, 12))]
    # withdrawn, the stage never answered: no longer a promise to keep (helper-97: it stood for ever)
    with _at(5):
        assert (
            officer.post(
                f"/complaints/{other}/withdraw", {"on": "2025-03-05", "reason": "Sorted."}
            ).status_code
            == 200
        )
    everything = Complaint.objects.all().values("pk")
    assert with_response_dates_given(everything, by=date(2025, 3, 12)) == {ids[promised]}
