"""2024 6.3 and 6.14: the response is due "within 10 working days of the complaint being
acknowledged" (20 at stage 2), and an acknowledgement may promise it sooner. A letter saying "We will
respond within 10 working days of receiving your complaint" promises it counted from the day the
complaint came, days before the acknowledgement. The check counted every "within" from the letter's
own day, so the record kept the Code's date, later than the resident read, and a response between
the two was shown as on time (closing26 left this alone). "From the date we received your complaint"
was not read at all: "received" with no promise after it is a receipt, not a response date, and a
good acknowledgement was refused for giving none.

Now the count starts on the day the record says the complaint (at stage 2, the request to escalate
it) was received; from the letter or a step taken with it ("of your complaint being acknowledged"),
on the letter's day; from a day the record does not hold ("of receiving your reply", "of the
surveyor's visit"), or where the record cannot say which receipt, a person reads it. A promise that
had already ended when the letter went is refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from api.test_api_v1 import new_complaint
from api.test_trustworthy_record_api import DEFINITION
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import _officer
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_a_promise_in_an_acknowledgement_sent_another_way import _kept_text, _told

from putright.complaints.models import Complaint
from putright.letters.check import check_letter, promised_within
from putright.letters.models import ResponseDateInTextSent

LETTER_HEAD = "Dear Ms Smith,\n\nThank you for your complaint.\n\n"
#: acknowledged on Monday 3 March 2025: any working day to the Code's 17 March
ISSUED = date(2025, 3, 3)
ALLOWED = [ISSUED + timedelta(days=n) for n in range(15) if (ISSUED + timedelta(days=n)).weekday() < 5]
#: received on Wednesday 26 February: ten working days from it end on Wednesday 12 March
RECEIVED = date(2025, 2, 26)


def _response_date(sentence: str, kind: str = "stage1-acknowledgement", **context: Any) -> Any:
    return check_letter(
        LETTER_HEAD + sentence,
        kind,
        context={"response_due": ALLOWED, "issued_on": ISSUED, **context},
    ).element("response_date")


@pytest.mark.parametrize(
    "sentence",
    [
        "We will respond within 10 working days of receiving your complaint.",
        "We will respond within 10 working days of receipt of your complaint.",
        "We will respond within 10 working days of receipt.",
        "We will respond within 10 working days of us receiving your complaint.",
        # "received" with nothing promised after it: this was not read as a response date at all
        "We will respond within 10 working days from the date we received your complaint.",
        "We will respond within 10 working days from when you made your complaint.",
        "We will send you our response within 10 working days of your complaint.",
        "We will send you our response within 10 working days of your email complaint.",
        # helper-112: wordings still counted from the letter's day, five days later than the resident read
        "We will respond within 10 working days of the receipt of your complaint.",
        "We will respond within 10 working days of the complaint's receipt.",
        "We will respond within 10 working days of the complaint being made.",
        "We will respond within 10 working days of this complaint.",
        "We will respond within 10 working days of you contacting us.",
        "We will respond within 10 working days of us getting your complaint.",
        "We will respond within 10 working days of first contact.",
        "We will respond within 10 working days of your online form.",
        # ... and read as no response date at all
        "We will respond within 10 working days of the complaint being received.",
        "We will respond within 10 working days since we received your complaint.",
        # a date restated after the count is not what it counts from; the sooner is kept
        "We will respond within 10 working days of receiving your complaint, so by 12 March 2025.",
        "We will respond within 10 working days of receiving your complaint, which means by 17 March.",
        # helper-114: what the complaint is about is not what the count starts from
        "We will respond within 10 working days of receiving your complaint about the contractor.",
        "We will respond within 10 working days of receiving your email about the damp survey.",
        "We will respond within 10 working days of receiving your complaint about the visit on 28 February.",
        # ... and a receipt after the count was read as no response date
        "We will respond within 10 working days of your complaint, which was received on 26 February.",
        # ... and the resident's own count before the landlord's was taken
        "Please reply within 10 days of receiving this letter if our summary is wrong. We will respond "
        "within 10 working days of receiving your complaint.",
    ],
)
def test_2024_6_3_a_promise_counted_from_receipt_ends_ten_working_days_after_the_complaint_came(
    sentence: str,
) -> None:
    element = _response_date(sentence, received_on=RECEIVED)
    assert (element.status, element.given) == ("present", date(2025, 3, 12)), element.note


@pytest.mark.parametrize(
    "sentence",
    [
        "We will respond within 10 working days of your complaint being acknowledged.",
        "We will respond within 10 working days of this letter.",
        "We will respond within 10 working days.",
        # helper-112: a step taken with the letter, or the letter itself, was counted from receipt
        "We will respond within 10 working days of your complaint being accepted.",
        "We will respond within 10 working days of your complaint being allocated.",
        "We will respond within 10 working days of your complaint being formally acknowledged.",
        "We will respond within 10 working days of the date we sent this letter.",
        "We will respond within 10 working days of the date you receive this letter.",
        # "logged" at stage 1 is the acknowledgement's step (2022 Code: "acknowledged and logged at
        # stage one ... within five days of receipt")
        "We will respond within 10 working days from the date the complaint was logged.",
        # helper-114: the landlord's own letters and steps were counted from the receipt, or unread
        "We will respond within 10 working days of our email.",
        "We will respond within 10 working days of our phone call with you.",
        "We will respond within 10 working days of the date we contacted you.",
        "We will respond within 10 working days of your complaint being registered.",
        "We will respond within 10 working days of the date below.",
        "We will respond within 10 working days of the date of our letter.",
        "We will respond within 10 working days of the date of writing.",
        "We will respond within 10 working days from the date of issue.",
        "We will respond within 10 working days of the start of our investigation.",
        # ... and the resident's own count before the landlord's was taken (13 March)
        "Please reply within 10 days of receiving this letter if our summary is wrong. We will respond "
        "within 10 working days.",
    ],
)
def test_2024_6_3_a_promise_counted_from_the_acknowledgement_is_the_codes_date(sentence: str) -> None:
    element = _response_date(sentence, received_on=RECEIVED)
    assert (element.status, element.given) == ("present", date(2025, 3, 17)), element.note


@pytest.mark.parametrize(
    ("sentence", "context"),
    [
        # no received date to count from: the letter's day would be later than the resident read
        ("We will respond within 10 working days of receiving your complaint.", {}),
        # a day the record does not hold (helper-112: counted from the complaint's receipt)
        (
            "We will respond within 10 working days of receiving your signed consent form.",
            {"received_on": RECEIVED},
        ),
        (
            "We will respond within 10 working days of receiving all the information we need.",
            {"received_on": RECEIVED},
        ),
        ("We will respond within 10 working days of the surveyor's visit.", {"received_on": RECEIVED}),
    ],
)
def test_2024_6_3_a_promise_from_a_day_the_record_does_not_hold_is_for_a_person_to_read(
    sentence: str, context: dict[str, date]
) -> None:
    """A person confirms it: a date is not made up."""
    element = _response_date(sentence, **context)
    assert (element.status, element.given) == ("confirm", None)
    assert "cannot tell what day" in element.note
    assert promised_within("We will respond within 10 working days of receipt.", ISSUED) is None


@pytest.mark.parametrize(
    "other",
    [
        # "received" before the count is something that happened (helper-112)
        "The contractor's response was received within 10 working days of your complaint being logged.",
        # the work's arranging, not the response (helper-114: kept 5 and 3 March)
        "A surveyor will contact you within 5 working days of your complaint being logged.",
        "Our surveyor will contact you within 3 working days of receiving your complaint.",
    ],
)
def test_2024_6_3_a_count_that_is_not_the_response_is_not_read_as_its_date(other: str) -> None:
    element = _response_date(
        f"{other}\n\nWe will send you our response by 14 March 2025.", received_on=RECEIVED
    )
    assert (element.status, element.given) == ("present", date(2025, 3, 14))


def test_2024_6_3_a_promise_that_ended_before_the_letter_went_is_refused() -> None:
    """Received on 10 February, acknowledged on 3 March: "within 10 working days of receipt" ended
    on 24 February, a promise broken before the resident reads it."""
    element = _response_date(
        "We will respond within 10 working days of receiving your complaint.", received_on=date(2025, 2, 10)
    )
    assert element.status == "wrong"
    assert "ended on 24 February 2025, before this letter" in element.note
    assert "up to 17 March 2025" in element.note


def test_2024_6_14_at_stage_2_a_promise_counts_from_the_request_to_escalate() -> None:
    """At stage 2 "receiving your request" is the request to escalate (received 24 February: 20
    working days end on 24 March). "Receiving your complaint" may be the complaint first made or the
    request: the two end on different days, so a person reads it."""
    escalation = {"received_on": date(2025, 1, 6), "escalation_requested_on": date(2025, 2, 24)}
    allowed = [ISSUED + timedelta(days=n) for n in range(29) if (ISSUED + timedelta(days=n)).weekday() < 5]
    for sentence in (
        # helper-114: the first complaint named as what is escalated was counted from
        "We will respond within 20 working days of receiving your request to escalate your stage 1 complaint.",
        "We will respond within 20 working days of receiving your request to review your original complaint.",
        # helper-112: escalation in the resident's words was counted from the letter's day
        "We will respond within 20 working days of the date you escalated your complaint.",
        "We will respond within 20 working days of you asking us to escalate your complaint.",
        "We will respond within 20 working days of the escalation of your complaint.",
        "We will respond within 20 working days of receiving your request to escalate your complaint.",
        "We will respond within 20 working days of receiving your stage 2 complaint.",
        "We will respond within 20 working days of receipt.",
    ):
        element = _response_date(sentence, "stage2-acknowledgement", response_due=allowed, **escalation)
        assert (element.status, element.given) == ("present", date(2025, 3, 24)), (sentence, element.note)
    for sentence in (
        "We will respond within 20 working days of receiving your complaint.",
        # helper-112: words after the count decided it ("review")
        "We will respond within 20 working days of receiving your complaint and will review it carefully.",
    ):
        element = _response_date(sentence, "stage2-acknowledgement", response_due=allowed, **escalation)
        assert (element.status, element.given) == ("confirm", None), sentence
    # the complaint first made: counted from it, it ended on 3 February
    element = _response_date(
        "We will respond within 20 working days of receiving your original complaint.",
        "stage2-acknowledgement",
        response_due=allowed,
        **escalation,
    )
    assert element.status == "wrong" and "ended on 3 February 2025" in element.note


@pytest.mark.django_db
def test_2024_6_3_a_text_sent_another_way_keeps_the_day_counted_from_receipt(
    letterhead: Any,  # noqa: F811
) -> None:
    """Received on 26 February and acknowledged on 3 March by another system's email saying "within
    10 working days of receiving your complaint": the case keeps 12 March, not the Code's 17th."""
    officer = _officer()
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-02-26")["reference"])
        body = _kept_text(
            "We will send you our full response within 10 working days of receiving your complaint."
        )
        done = officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **_told(body)})
        assert done.status_code == 200, done.content
        deadline = officer.get(f"/complaints/{ref}").json()["deadline"]
    [kept] = ResponseDateInTextSent.objects.filter(complaint=Complaint.objects.get(reference=ref))
    assert kept.response_date_given == date(2025, 3, 12)
    assert (deadline["due"], deadline["promised_to_resident"]) == ("2025-03-17", "2025-03-12")
