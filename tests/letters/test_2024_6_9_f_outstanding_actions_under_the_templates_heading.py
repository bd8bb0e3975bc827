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


HEAD = "Dear Ms Smith,\n\nWe upheld your complaint because the fan was not fixed.\n\n"
PAID = "\n\nWe have paid £50 into your rent account for the missed appointments."


def _element(said: str, kind: str) -> object:
    return check_letter(f"{HEAD}{said}{PAID}", kind, "2024").element("outstanding_actions")


@pytest.mark.parametrize("kind", ["stage1-response", "stage2-response"])
@pytest.mark.parametrize(
    "said",
    [
        "If anything still needs to be done, tell us.",
        "If anything still needs to be done, tell us and we will arrange it.",
        "If anything is outstanding, we will look into it.",
        "Let us know if any work still needs to be done.",
        "Tell us if there is anything outstanding.",
        "Is anything still outstanding? Let us know.",
        "We would like to know if anything is outstanding.",
        "Please get in touch if anything is outstanding.",
        "You can report any outstanding repairs online.",
        "Thank you for your outstanding patience.",
        "Thank you for your outstanding kindness.",
        "We have taken your outstanding rent arrears into account.",
        # the day is the resident's to report by, not an action's (helper-93)
        "Please report any outstanding repairs within 28 days.",
        "If any work is still outstanding after 14 March 2025, please tell us.",
        "Let us know by 31 March 2025 if anything is outstanding.",
        "Please tell us within 10 working days if any work is outstanding.",
    ],
)
def test_2024_6_9_f_asking_the_resident_to_report_an_action_gives_no_details_of_one(
    said: str, kind: str
) -> None:
    """ "details of any outstanding actions" (2024 6.9 f, 6.19 f): a sentence that asks the resident to
    say whether anything is left, praises their "outstanding patience" or means money owed details
    none. Each was read as present, so a response that set out no action passed. A person is asked to
    confirm, shown that sentence; never refused, as the letter may set them out in other words."""
    element = _element(said, kind)
    assert element.status == "confirm", element
    assert element.evidence == said.split("? ")[0] + ("?" if "?" in said else "")


@pytest.mark.parametrize("kind", ["stage1-response", "stage2-response"])
@pytest.mark.parametrize(
    "said",
    [
        "The outstanding repair to your fan is scheduled for 3 March 2025; tell us if it is not done.",
        "If you have any questions about the outstanding actions below, please call us.\n"
        "- Replace the extractor fan by 31 March 2025.",
        "Once the outstanding roof repair is complete on 14 March 2025, please let us know if the leak returns.",
        "Please contact us if the outstanding repair, scheduled for 3 March 2025, is not completed.",
        "Tell us if the outstanding repair is not completed by our contractor on 3 March 2025.",
        "Should you wish, the outstanding plastering can be done on 3 March 2025.",
        "If you are not at home, call us: the outstanding repair is set for 3 March 2025.",
        "In case you were wondering, the outstanding actions are: fit the new fan by 31 March 2025.",
        "If you agree, we will replace the outstanding fan by 31 March 2025.",
        "Should the contractor not attend on 3 March, we will rebook the outstanding repair.",
        "Tell us if the outstanding repair to the fan, booked for 31 March 2025, is not done.",
    ],
)
def test_2024_6_9_f_an_action_set_out_in_a_sentence_that_also_asks_still_counts(said: str, kind: str) -> None:
    """The other way, as serious: a sentence that asks the resident something but sets out the action
    (its day, the list that follows, "we will replace") is details of it. The first version of this
    rule passed each over and the letter was refused as missing 6.9 f (helper-92)."""
    element = _element(said, kind)
    assert element.status == "present", element


def test_2024_6_9_f_a_sentence_passed_over_never_refuses_the_letter() -> None:
    """Passed over, the sentence is shown for a person to confirm: "missing" would refuse a response
    whose actions are set out in words the check does not read."""
    said = "If you agree, the outstanding work to your kitchen will be completed by our contractor."
    assert _element(said, "stage1-response").status == "confirm"
