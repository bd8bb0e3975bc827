"""2024 6.3, 6.14 (the response within 10, at stage 2 20, working days of the acknowledgement) and
6.4 (an extension's new deadline): the letter's date for the response is the record's. A browser
walk found an extension letter keeping "We will now send you our full response by Friday 21 March
2025" and adding "our response may in fact take until 4 April 2025" passed the check: only the
first sentence giving the response a date was compared with the record, so the record held a date
sooner than the resident was told. Every sentence giving the response a date (or a count) is read:
a later one than the record holds, however hedged, goes to a person to confirm (the check cannot
always tell whose date it is: a repair after the response, another enquiry; helper-137); a sooner one
is kept as before."""

from __future__ import annotations

from datetime import date

import pytest
from letters_helpers import sample

from putright.letters.check import CONFIRM, check_letter

NEW_DEADLINE = date(2025, 3, 21)
PROMISE = "We will now send you our full response by Friday 21 March 2025."


def _extension(added: str) -> str:
    return sample("extension-notice").replace(PROMISE, f"{PROMISE} {added}")


@pytest.mark.parametrize(
    "added",
    [
        "Our response may in fact take until 4 April 2025.",
        "However, our response might not reach you until Friday 4 April 2025.",
        "It could be 4 April 2025 at the latest before you hear from us with our response.",
        "We may need up to 4 April 2025 to send our response.",
    ],
)
def test_2024_6_4_a_later_date_for_the_response_than_the_new_deadline_is_wrong(added: str) -> None:
    result = check_letter(_extension(added), "extension-notice", context={"new_deadline": NEW_DEADLINE})
    element = result.element("new_deadline")
    assert element.status == CONFIRM, element
    assert "4 April 2025" in element.note and "21 March 2025" in element.note
    assert not result.can_issue


def test_2024_6_4_a_later_date_before_the_new_deadline_sentence_is_read_too() -> None:
    letter = sample("extension-notice").replace(
        PROMISE, f"Our full response could take until 4 April 2025. {PROMISE}"
    )
    result = check_letter(letter, "extension-notice", context={"new_deadline": NEW_DEADLINE})
    assert result.element("new_deadline").status == CONFIRM


@pytest.mark.parametrize(
    "added",
    [
        # a sooner date for the response: the resident holds the landlord to it (as before)
        "We hope to send it sooner, by 19 March 2025.",
        # other dates that are not the response's
        "The engineer's report is due by 4 April 2025, and we will send it to you then.",
        "Please send us any photos of the boiler by 4 April 2025.",
        "We said we would answer by 14 March 2025, so we will not respond by then.",
    ],
)
def test_2024_6_4_other_dates_in_an_extension_letter_are_not_later_promises(added: str) -> None:
    result = check_letter(_extension(added), "extension-notice", context={"new_deadline": NEW_DEADLINE})
    assert result.can_issue, result.element("new_deadline")


ACKNOWLEDGED_ON = date(2025, 2, 24)
CODE_DATE = date(2025, 3, 10)


def _acknowledgement(added: str) -> str:
    said = "We will send you our full response by 10 March 2025."
    return sample("stage1-acknowledgement").replace(said, f"{said} {added}")


def _context() -> dict[str, object]:
    return {"response_due": [CODE_DATE], "issued_on": ACKNOWLEDGED_ON}


@pytest.mark.parametrize(
    "added",
    [
        "Our response may in fact take until 24 March 2025.",
        "If your complaint is complex, our reply may only come within 30 working days.",
    ],
)
def test_2024_6_3_a_later_date_for_the_response_than_the_code_allows_is_wrong(added: str) -> None:
    result = check_letter(_acknowledgement(added), "stage1-acknowledgement", context=_context())
    element = result.element("response_date")
    assert element.status == CONFIRM, element
    assert not result.can_issue


def test_2024_6_3_a_hedged_date_within_the_code_is_not_refused() -> None:
    # "may take until" the Code's own date, beside a sooner promise: the Code sets a limit, not a
    # date, and the sooner promise is the one kept (not an over-enforced refusal)
    letter = sample("stage1-acknowledgement").replace(
        "by 10 March 2025.", "by 7 March 2025. Our response may in fact take until 10 March 2025."
    )
    context = {"response_due": [date(2025, 3, 7), CODE_DATE], "issued_on": ACKNOWLEDGED_ON}
    result = check_letter(letter, "stage1-acknowledgement", context=context)
    assert result.can_issue, result.element("response_date")
    assert result.element("response_date").given == date(2025, 3, 7)


def test_2024_6_14_a_later_date_for_the_stage_2_response_is_wrong() -> None:
    said = "We will send you our final response by 17 April 2025."
    letter = sample("stage2-acknowledgement")
    context = {"response_due": [date(2025, 4, 17)], "issued_on": date(2025, 3, 20)}
    assert check_letter(letter, "stage2-acknowledgement", context=context).can_issue
    hedged = letter.replace(said, f"{said} Our final response might take until 1 May 2025.")
    result = check_letter(hedged, "stage2-acknowledgement", context=context)
    assert result.element("response_date").status == CONFIRM
