"""2024 6.3 and 6.14: "Landlords must issue a full response to stage 1 complaints within 10 working days
of the complaint being acknowledged" (a final response within 20 at stage 2); the acknowledgement
tells the resident when it will come. The letter check knew the response only by its name ("our
response", "we will reply", "write to you", "hear from us"), and refused good letters that said
it in ordinary words: "We will let you know by 10 March", "We will write back by 10 March", "Our
letter will reach you by 10 March". Those now give the response date. The resident's own part
("Please write to us by 10 March", "let us know by 10 March") and what already happened ("We wrote
to you on 20 February") still give none, and a promise to arrange the work ("We will be in touch
by 10 March to arrange a visit") is not the response.

The same words give the new date in an extension notice (2024 6.4): "We will be in touch on Friday
21 March 2025"."""

from __future__ import annotations

from datetime import date

import pytest
from letters_helpers import sample

from putright.letters.check import CheckResult, check_letter, days_promised

#: the stage 1 sample acknowledgement, issued 24 February 2025, and the date its record holds
STAGE_1 = "stage1-acknowledgement"
ISSUED = date(2025, 2, 24)
DUE = date(2025, 3, 10)
TEMPLATE = "We will send you our full response by 10 March 2025."


def _saying(
    sentence: str, *, due: date | None = DUE, kind: str = STAGE_1, old: str = TEMPLATE
) -> CheckResult:
    """The sample letter with ``sentence`` in place of its response-date sentence, checked with the
    record's response date ``due`` (none: the check reads the wording alone)."""
    letter = sample(kind)
    assert old in letter
    return check_letter(letter.replace(old, sentence), kind, "2024", {"response_due": due} if due else {})


def _response_date(result: CheckResult) -> str:
    return result.element("response_date").status


#: (a response promised in ordinary words, a sentence like it that promises no response)
ORDINARY_WORDS = [
    ("Our letter will reach you by 10 March 2025.", "Your letter reached us on 20 February 2025."),
    (
        "You will receive our letter by 10 March 2025.",
        "You will receive a visit from our surveyor by 10 March 2025.",
    ),
    ("We will let you know by 10 March 2025.", "Please let us know by 10 March 2025 if anything is wrong."),
    (
        "We will let you know what we have found by 10 March 2025.",
        "We will let you know the date of the inspection by 10 March 2025.",
    ),
    ("We'll look into this and let you know by 10 March 2025.", "Let us know by 10 March 2025."),
    ("We will write by 10 March 2025.", "Please write to us by 10 March 2025."),
    ("We will write back to you by 10 March 2025.", "Please write back to us by 10 March 2025."),
    ("We will write again by 10 March 2025.", "We wrote to you on 20 February 2025."),
    ("I will write back by 10 March 2025.", "We will need you to write to us by 10 March 2025."),
    ("We aim to come back to you by 10 March 2025.", "We will write to the managing agent by 10 March 2025."),
    ("You will hear back from us by 10 March 2025.", "If you have not heard from us, please call."),
    ("We will be in touch by 10 March 2025.", "Please be in touch by 10 March 2025."),
    (
        "We will be in touch with you by 10 March 2025.",
        "We will be in touch by 10 March 2025 to arrange a visit.",
    ),
]


@pytest.mark.parametrize(("promise", "not_a_promise"), ORDINARY_WORDS, ids=[p for p, _ in ORDINARY_WORDS])
def test_2024_6_3_a_response_promised_in_ordinary_words_gives_the_date(
    promise: str, not_a_promise: str
) -> None:
    for due in (DUE, None):
        result = _saying(promise, due=due)
        assert _response_date(result) == "present", (due, result.element("response_date").note)
        assert result.can_issue
    assert days_promised(promise, ISSUED) == [DUE]
    assert _saying(promise).element("response_date").given == DUE
    # read as the promise, it is judged: a day after the record's is refused, not passed over
    later = _saying(promise.replace("10 March", "11 March"))
    assert _response_date(later) == "wrong"
    assert not later.can_issue
    # the resident's part, the past or arranging the work: still no response date
    for due in (DUE, None):
        result = _saying(not_a_promise, due=due)
        assert _response_date(result) == "missing", due
        assert not result.can_issue


def test_2024_6_14_a_stage_2_acknowledgement_in_ordinary_words() -> None:
    old = "We will send you our final response by 17 April 2025."
    result = _saying(
        "We will write back to you by 17 April 2025.", due=None, kind="stage2-acknowledgement", old=old
    )
    assert _response_date(result) == "present"
    assert result.can_issue
    result = _saying(
        "Please write back to us by 17 April 2025.", due=None, kind="stage2-acknowledgement", old=old
    )
    assert _response_date(result) == "missing"


#: (the new date in an extension notice in ordinary words, the resident's part)
NEW_DATE_IN_ORDINARY_WORDS = [
    ("We will be in touch on Friday 21 March 2025.", "Please be in touch on Friday 21 March 2025."),
    ("We will now write back on Friday 21 March 2025.", "Please write to us on Friday 21 March 2025."),
    ("We will come back to you on Friday 21 March 2025.", "Please come back to us on Friday 21 March 2025."),
    (
        "Our letter will now reach you on Friday 21 March 2025.",
        "We will be in touch with the engineer on Friday 21 March 2025.",
    ),
    ("You will hear back from us on Friday 21 March 2025.", "You told us on Friday 21 March 2025."),
]


@pytest.mark.parametrize(
    ("promise", "not_a_promise"), NEW_DATE_IN_ORDINARY_WORDS, ids=[p for p, _ in NEW_DATE_IN_ORDINARY_WORDS]
)
def test_2024_6_4_an_extension_gives_the_new_date_in_ordinary_words(promise: str, not_a_promise: str) -> None:
    letter = sample("extension-notice")
    old = "We will now send you our full response by Friday 21 March 2025."
    assert old in letter
    for context in ({"new_deadline": date(2025, 3, 21)}, {}):
        result = check_letter(letter.replace(old, promise), "extension-notice", "2024", context)
        assert result.element("new_deadline").status == "present", context
        assert result.can_issue
        result = check_letter(letter.replace(old, not_a_promise), "extension-notice", "2024", context)
        assert result.element("new_deadline").status == "missing", context
        assert not result.can_issue
