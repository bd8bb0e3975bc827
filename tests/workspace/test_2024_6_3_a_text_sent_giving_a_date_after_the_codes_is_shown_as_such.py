"""2024 6.3 and 6.14: the response is due within 10 working days of the acknowledgement (20 at stage
2). An acknowledgement sent by another system that told the resident a later date ("by 8 April" where
the Code's date is 17 March) was checked as giving the response date wrongly, but then "Done" said
PutRight "could not tell the response date from the text sent", and the case's full record said the
same: nothing showed the resident had been told a date the Code does not allow (browser walk). Now
the date it gave is kept as what the resident was told, the case keeps to the Code's date, and the
record and "Done" say the text gave a date later than the Code allows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import _officer
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_a_promise_in_an_acknowledgement_sent_another_way import (
    READ,
    _acknowledged_another_way,
    _acknowledged_in_the_workspace,
    _kept_text,
)
from workspace.test_2024_6_3_the_queue_shows_the_date_the_resident_was_told import _agree, _get

from putright.complaints.models import Complaint
from putright.letters.models import ResponseDateInTextSent

pytestmark = pytest.mark.django_db


def test_2024_6_3_a_text_sent_giving_a_date_after_the_codes_keeps_it_and_says_it_is_not_allowed(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(
        officer, _kept_text("We will send you our full response by 8 April 2025.")
    )
    [kept] = ResponseDateInTextSent.objects.filter(complaint=Complaint.objects.get(reference=ref))
    assert (kept.response_date_given, kept.recorded_by) == (date(2025, 4, 8), None)
    # the case keeps to the Code's date: a later promise gives no more time
    assert _agree(ref, 18) is None
    with _at(18):
        deadline = officer.get(f"/complaints/{ref}").json()["deadline"]
    assert (deadline["due"], deadline["promised_to_resident"]) == ("2025-03-17", None)
    case = _get(officer, f"/workspace/complaints/{ref}/", 5)
    line = case.split('id="response-date-', 1)[1].split("</p>", 1)[0]
    assert "8 April 2025, <strong>later than the Code allows</strong>" in line
    assert "the case keeps to the Code's date" in line and "could not tell" not in line
    # and beside the deadline at the top of the case, while the response is to come (browser walk:
    # only the full record said so, and the header looked as if nothing were amiss)
    header = case.split('id="current-deadline"', 1)[1].split("</div>", 1)[0]
    assert 'id="promised-later"' in header
    assert (
        "told the resident to expect it by 8 April 2025" in header and "Later than the Code allows" in header
    )


def test_2024_6_3_done_says_the_text_gave_a_date_the_code_does_not_allow(
    letterhead: Any,  # noqa: F811
) -> None:
    """Recorded through the workspace's acknowledge form: "Done" says so, not "could not tell"."""
    _acknowledged_in_the_workspace(
        _officer(), _kept_text("We will send you our full response by 8 April 2025.")
    )
    said = READ[-1]
    assert "told the resident to expect the response by 8 April 2025, later than the Code allows" in said, (
        said
    )
    assert "could not tell" not in said
