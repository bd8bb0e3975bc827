"""2024 6.3 and 6.14: an acknowledgement tells the resident when the response will come. In a browser
walk, "We will not send you our full response by 18 December 2026. It will be sometime in February."
passed the letter check as the response date, quoting that sentence, and the letter could be issued:
the record kept 18 December as the date the resident was told. A promise refused in its own words
("will not", "cannot", "unable to") is no promise; one made as a condition ("If we cannot respond by
14 March, we will tell you why") still is."""

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
from putright.letters.check import check_letter
from putright.letters.models import ResponseDateInTextSent

ISSUED = date(2025, 3, 3)
ALLOWED = [ISSUED + timedelta(days=n) for n in range(15) if (ISSUED + timedelta(days=n)).weekday() < 5]


def _response_date(sentence: str) -> Any:
    return check_letter(
        "Dear Ms Smith,\n\nThank you for your complaint.\n\n" + sentence,
        "stage1-acknowledgement",
        context={"response_due": ALLOWED, "issued_on": ISSUED, "received_on": ISSUED},
    ).element("response_date")


@pytest.mark.parametrize(
    "sentence",
    [
        "We will not send you our full response by 14 March 2025. It will be sometime in April.",
        "We won't be able to respond by 14 March 2025.",
        "We cannot respond by 14 March 2025.",
        "We are unable to send you our response by 14 March 2025.",
        "We will not respond within 10 working days.",
    ],
)
def test_2024_6_3_a_response_date_the_letter_says_will_not_be_met_is_refused(sentence: str) -> None:
    element = _response_date(sentence)
    assert element.status == "wrong", element.note
    assert element.given is None
    assert "says when the response will not come" in element.note and "up to 17 March 2025" in element.note


@pytest.mark.parametrize(
    "sentence",
    [
        "If we cannot respond by 14 March 2025 we will tell you why.",
        "We will respond by 14 March 2025. If we cannot, we will let you know.",
        "We will send you our response by 14 March 2025, not later.",
        "We will respond by 14 March 2025 and will not need to visit.",
    ],
)
def test_2024_6_3_a_promise_with_a_not_elsewhere_is_still_a_promise(sentence: str) -> None:
    element = _response_date(sentence)
    assert (element.status, element.given) == ("present", date(2025, 3, 14)), element.note


def test_2024_6_3_a_refused_sooner_date_does_not_block_the_date_promised() -> None:
    """ "Not by 10 March; by 14 March": the resident holds 14 March, and the letter may say so."""
    element = _response_date(
        "We will not be able to respond by 10 March 2025. We will respond by 14 March 2025."
    )
    assert (element.status, element.given) == ("present", date(2025, 3, 14)), element.note


@pytest.mark.django_db
def test_2024_6_3_a_text_sent_another_way_refusing_a_date_keeps_none(letterhead: Any) -> None:  # noqa: F811
    """An email from another system saying the response will not come by 12 March: the case does not
    keep 12 March as the date the resident was told."""
    officer = _officer()
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        body = _kept_text("We will not send you our full response by 12 March 2025.")
        done = officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **_told(body)})
        assert done.status_code == 200, done.content
        deadline = officer.get(f"/complaints/{ref}").json()["deadline"]
    assert not ResponseDateInTextSent.objects.filter(complaint=Complaint.objects.get(reference=ref)).exists()
    assert (deadline["due"], deadline["promised_to_resident"]) == ("2025-03-17", None)


@pytest.mark.django_db
def test_2024_6_3_the_person_recording_such_a_text_is_told_why_it_is_wrong(letterhead: Any) -> None:  # noqa: F811
    """ "Done" said the text gave the response date "wrongly (the record or the Code does not allow
    it)", which read as a date the Code refused (browser walk): it now says what the check found."""
    officer = _officer()
    with _at(3):
        ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        body = _kept_text("We will not send you our full response by 12 March 2025.")
        done = officer.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **_told(body)})
    warning = " ".join(done.json()["warnings"])
    assert "wrongly (this sentence says when the response will not come" in warning, warning
