"""2024 5.12 (the record says what happened) with 6.3 and 6.14 (a response "within" the limit may be
promised sooner): the rules for a person recording the response date an acknowledgement sent another
way gave the resident, where PutRight's reading of its text read none or the wrong one. A later date
gives the stage more time before the resident's promised date passes, so the person whose clock it
is cannot record it; an earlier one is anyone's to record."""

from __future__ import annotations

from datetime import date

import pytest

from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.promises import check_response_date_given, gives_more_time

SENT = date(2025, 3, 3)
DUE = date(2025, 3, 17)


def _check(
    given: date | None, kept: date | None, *, theirs: bool = False, reason: str = "The email says so"
) -> str:
    return check_response_date_given(
        edition="2024",
        given=given,
        kept=kept,
        sent_on=SENT,
        response_due=DUE,
        reason=reason,
        answers_for_the_stage=theirs,
    )


@pytest.mark.parametrize(
    ("given", "kept", "later"),
    [
        (date(2025, 3, 12), date(2025, 3, 10), True),
        (None, date(2025, 3, 10), True),
        (date(2025, 3, 20), date(2025, 3, 10), True),  # after the Code's date: no sooner promise at all
        (date(2025, 3, 7), date(2025, 3, 10), False),
        (date(2025, 3, 7), None, False),
        (None, date(2025, 3, 20), False),  # the date kept promised nothing sooner than the Code's
        (date(2025, 3, 18), date(2025, 3, 20), False),
    ],
)
def test_2024_5_12_which_dates_give_the_stage_more_time(
    given: date | None, kept: date | None, later: bool
) -> None:
    assert gives_more_time(given=given, kept=kept, response_due=DUE) is later


def test_2024_5_12_the_person_whose_clock_it_is_cannot_record_a_later_date() -> None:
    with pytest.raises(CodeViolation) as refused:
        _check(date(2025, 3, 12), date(2025, 3, 10), theirs=True)
    assert refused.value.provision == "2024 5.12"
    assert "Ask a complaints officer or manager who has not handled this stage" in refused.value.detail
    with pytest.raises(CodeViolation):
        _check(None, date(2025, 3, 10), theirs=True)
    # someone else may, and anyone may record a sooner one
    assert _check(date(2025, 3, 12), date(2025, 3, 10)) == "The email says so"
    assert _check(date(2025, 3, 7), date(2025, 3, 10), theirs=True) == "The email says so"
    assert _check(date(2025, 3, 7), None, theirs=True) == "The email says so"


def test_2024_5_12_no_date_before_the_text_was_sent() -> None:
    with pytest.raises(CodeViolation) as refused:
        _check(date(2025, 3, 2), None)
    assert (
        "cannot be before 3 March 2025, the day the acknowledgement was sent (2 March 2025 was entered)"
        in (refused.value.detail)
    )
    assert _check(SENT, None) == "The email says so"  # the same day is a promise the resident could read


def test_2024_5_12_a_reason_is_required_and_nothing_unchanged_is_recorded() -> None:
    with pytest.raises(InvalidRequest) as refused:
        _check(date(2025, 3, 7), None, reason="   ")
    assert refused.value.provision == "2024 5.12"
    with pytest.raises(InvalidRequest, match="already keeps that: the response date 10 March 2025"):
        _check(date(2025, 3, 10), date(2025, 3, 10))
    with pytest.raises(InvalidRequest, match="no response date from this text"):
        _check(None, None)
    assert (
        _check(date(2025, 3, 7), None, reason="  By Friday, sent on Monday  ") == "By Friday, sent on Monday"
    )


def test_2022_the_record_provision_of_the_2022_code_is_cited() -> None:
    with pytest.raises(CodeViolation) as refused:
        check_response_date_given(
            edition="2022",
            given=date(2023, 3, 2),
            kept=None,
            sent_on=date(2023, 3, 3),
            response_due=date(2023, 3, 17),
            reason="The letter says so",
            answers_for_the_stage=False,
        )
    assert refused.value.provision == "2022 4.15"


def test_2024_6_3_a_date_after_the_codes_is_one_the_code_does_not_allow() -> None:
    from putright.code.promises import later_than_the_code

    due = date(2025, 3, 17)
    assert later_than_the_code(date(2025, 4, 8), due) == date(2025, 4, 8)
    assert later_than_the_code(due, due) is None
    assert later_than_the_code(date(2025, 3, 12), due) is None
    assert later_than_the_code(None, due) is None
