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


@pytest.mark.parametrize(
    "said",
    [
        "If anything still needs to be done, tell us.",
        "Let us know if any work still needs to be done.",
        "Tell us if there is anything outstanding.",
        "If there are any outstanding repairs, please let us know.",
        "Please report any remaining repairs to us.",
        "Thank you for your outstanding patience.",
    ],
)
def test_2024_6_9_f_asking_the_resident_to_report_an_action_gives_no_details_of_one(said: str) -> None:
    """ "details of any outstanding actions" (2024 6.9 f): a sentence that asks the resident to say
    whether anything is left, or praises their "outstanding patience", details none. Each was read as
    present, so a response that set out no action passed; now a person is asked to confirm."""
    element = check_letter(f"{said} {REMEDY}", "stage1-response", "2024").element("outstanding_actions")
    assert not element.present
    assert element.evidence != said


@pytest.mark.parametrize(
    "said",
    [
        "If you agree, we will replace the outstanding fan by 31 March 2025.",
        "Outstanding actions: replace the fan by 31 March 2025.",
        "Tell us if the outstanding repair to the fan, booked for 31 March 2025, is not done.",
    ],
)
def test_2024_6_9_f_an_action_the_landlord_sets_out_in_such_a_sentence_still_counts(said: str) -> None:
    """The other way: a sentence that plans the action is details of it, whatever else it asks."""
    assert _outstanding(said)
