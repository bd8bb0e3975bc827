"""2024 6.9 f, 6.19 f: the response sets out any outstanding actions. A text from another system written
under PutRight's own heading "What we still need to do:" sets them out; an ordinary sentence with "still
need to" in it does not (a response missing 6.9 f could be issued when it was read as one: found in
review)."""

from __future__ import annotations

import pytest

from putright.letters.check import check_letter

REMEDY = "We will pay you £50 by 21 March 2025 for the missed appointments."


def _outstanding(said: str) -> bool:
    return check_letter(f"{said} {REMEDY}", "stage1-response", "2024").element("outstanding_actions").present


def test_2024_6_9_f_the_templates_own_heading_sets_out_the_outstanding_actions() -> None:
    assert _outstanding("What we still need to do: replace the fan by 31 March 2025.")
    assert _outstanding("The fan still has to be done: our contractor will fit it by 31 March 2025.")


@pytest.mark.parametrize(
    "said",
    [
        "We still need to hear from you if it fails again.",
        "We still have to thank you for your patience.",
        "All you still need to do is collect your new keys by 14 March 2025.",
        "You still need to send us the photos by 14 March 2025.",
    ],
)
def test_2024_6_9_f_a_sentence_with_still_need_to_sets_out_no_action(said: str) -> None:
    assert not _outstanding(said)
