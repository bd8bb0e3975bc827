"""2024 6.3 ("Landlords must respond to the complaint within 10 working days of the complaint being
acknowledged"), 6.4 (an extension's new deadline) and 6.14: the date a letter gives the *response* is
the record's. Every sentence giving the response a date is now read (c8d1981), but a sentence naming
the response is not always giving it a date: a repair promised after the response, a separate enquiry
answered, or what the response will set out. The Code sets a limit on the response only; refusing a
letter for another date is over-enforcement (GUIDE: never refuse what the Code does not forbid), and
each of these letters passed before c8d1981 (adversarial review, helper-137). The check cannot always
tell whose date a sentence gives, so a later date in a sentence naming the response goes to a person to
confirm; it is never refused as wrong."""

from __future__ import annotations

from datetime import date

import pytest
from letters_helpers import sample

from putright.letters.check import WRONG, check_letter

PROMISE = "We will now send you our full response by Friday 21 March 2025."
SAID = "We will send you our full response by 10 March 2025."

OTHER_DATES = [
    # the work the response will lead to, not the response
    "After our response, we will complete the repair by {later}.",
    # another matter, answered separately
    "We will respond to your separate enquiry about parking by {later}.",
    # what the response will set out, not when it comes
    "Our response will tell you what we will do by {later}.",
]


@pytest.mark.parametrize("added", OTHER_DATES)
def test_2024_6_4_another_date_in_an_extension_letter_is_not_a_later_new_deadline(added: str) -> None:
    letter = sample("extension-notice").replace(PROMISE, f"{PROMISE} {added.format(later='4 April 2025')}")
    result = check_letter(letter, "extension-notice", context={"new_deadline": date(2025, 3, 21)})
    assert result.element("new_deadline").status != WRONG, result.element("new_deadline")


@pytest.mark.parametrize("added", OTHER_DATES)
def test_2024_6_3_another_date_in_an_acknowledgement_is_not_a_later_response_date(added: str) -> None:
    letter = sample("stage1-acknowledgement").replace(SAID, f"{SAID} {added.format(later='24 March 2025')}")
    context = {"response_due": [date(2025, 3, 10)], "issued_on": date(2025, 2, 24)}
    result = check_letter(letter, "stage1-acknowledgement", context=context)
    assert result.element("response_date").status != WRONG, result.element("response_date")
