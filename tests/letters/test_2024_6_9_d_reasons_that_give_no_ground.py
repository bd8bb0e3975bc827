"""2024 6.9 d: "the reasons for any decisions made". A sentence with a reason word and nothing after
it ("We made this decision because of our policy.") is not the reasons; found by review, such a
stage 1 response passed the check and could be issued. The check now asks a person to confirm it,
and real reasons in the same letter still pass."""

from __future__ import annotations

import pytest

from putright.letters.check import check_letter

LETTER = """Dear Ms Patel,

This is our stage 1 response to your complaint.

Your complaint is that the repair to your boiler was not completed and you were without heating for 12 days.

Our decision: we uphold your complaint.

{reasons}

To put things right we will pay you £180 by 14 March 2025.

There are no outstanding actions.

If you are unhappy with our response, you can ask us to escalate your complaint to stage 2 by replying to this letter or calling 0113 496 0000 within 20 working days.

Yours sincerely,
Jo Smith
"""


@pytest.mark.parametrize(
    "reasons",
    [
        "We made this decision because of our policy.",
        "The reason for our decision is that this is our decision.",
    ],
)
def test_2024_6_9_d_a_reason_word_with_no_ground_is_not_passed(reasons: str) -> None:
    result = check_letter(LETTER.format(reasons=reasons), "stage1-response", "2024")
    found = result.element("reasons")
    assert found.status == "confirm"
    assert found.evidence == reasons
    assert not result.can_issue


def test_2024_6_9_d_reasons_that_give_the_ground_pass() -> None:
    reasons = (
        "We made this decision because our records show the engineer missed two appointments and the "
        "part was not ordered."
    )
    result = check_letter(LETTER.format(reasons=reasons), "stage1-response", "2024")
    assert result.element("reasons").status == "present"
    assert result.can_issue
