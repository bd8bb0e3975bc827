"""2024 6.3 and 6.14: the full response comes "within 10 working days of the complaint being
acknowledged" (20 at stage 2), and the acknowledgement tells the resident when. The letter check knew
the response only by its name ("our response", "we will reply", "write to you", "hear from us"), so
good letters saying it in ordinary words were refused as giving no date: "We will let you know by
10 March", "We will write back by 10 March", "Our letter will reach you by 10 March".

A commit reading those words as the response (021141c, reverted) made incomplete letters issuable:
the same words promise much else ("We will let you know if we need more information by 7 March",
"The managing agent will come back to you by 7 March"), and in a letter that named the response
elsewhere the first such sentence won, keeping a later date than the resident was told
(helper-103). Now they never pass alone: where no sentence names the response, a date they give
within the Code's limit is for a person to confirm ("confirm"), kept with the letter once confirmed;
a sentence naming the response always comes first; the resident's part, the past, another party's
action, a refusal and arranging the work give nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import (
    _held_acknowledgement,
    _officer,
    _promising,
    _response_date,
)
from letters_helpers import sample
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_a_promise_in_an_acknowledgement_sent_another_way import (
    READ,
    _acknowledged_another_way,
    _acknowledged_in_the_workspace,
    _kept_text,
)

from putright.letters import services
from putright.letters.check import CheckResult, check_letter
from putright.letters.models import IssuedLetter, ResponseDateInTextSent

#: the stage 1 sample acknowledgement, issued 24 February 2025, and the date its record holds
STAGE_1 = "stage1-acknowledgement"
DUE = date(2025, 3, 10)
TEMPLATE = "We will send you our full response by 10 March 2025."


#: the working days the letter may give, as PutRight's own check is given them: from the day it is
#: issued (Monday 24 February 2025) to the Code's date
ALLOWED = [d for d in (date(2025, 2, 24) + timedelta(days=n) for n in range(15)) if d.weekday() < 5]


def _saying(
    sentence: str, *, due: date | None = DUE, kind: str = STAGE_1, old: str = TEMPLATE
) -> CheckResult:
    """The sample letter with ``sentence`` in place of its response-date sentence, checked with the
    working days the record allows up to ``due`` (none: the check reads the wording alone)."""
    letter = sample(kind)
    assert old in letter
    context: dict[str, Any] = (
        {"response_due": [d for d in ALLOWED if d <= due], "issued_on": ALLOWED[0]} if due else {}
    )
    return check_letter(letter.replace(old, sentence), kind, "2024", context)


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
    ("We will be in touch by 10 March 2025.", "Please be in touch by 10 March 2025."),
    (
        "We will be in touch with you by 10 March 2025.",
        "We will be in touch by 10 March 2025 to arrange a visit.",
    ),
]


@pytest.mark.parametrize(("promise", "not_a_promise"), ORDINARY_WORDS, ids=[p for p, _ in ORDINARY_WORDS])
def test_2024_6_3_a_response_promised_in_ordinary_words_is_for_a_person_to_confirm(
    promise: str, not_a_promise: str
) -> None:
    for due in (DUE, None):
        result = _saying(promise, due=due)
        element = result.element("response_date")
        assert element.status == "confirm", (due, element.note)
        assert element.evidence == promise
        assert not result.can_issue  # until a person confirms it
    assert _saying(promise).element("response_date").given == DUE
    # a date after the record's is not read as the response's: the letter gives none (as before)
    assert _saying(promise.replace("10 March", "11 March")).element("response_date").status == "missing"
    for due in (DUE, None):
        result = _saying(not_a_promise, due=due)
        assert result.element("response_date").status == "missing", due
        assert not result.can_issue


@pytest.mark.parametrize(
    "sentence",
    [
        # helper-103: each was the letter's only date, and passed as the response's in 021141c
        "We will let you know if we need more information by 7 March 2025.",
        "I will let you know by 7 March 2025 whether we can accept your complaint.",
        "We will be in touch by phone on 5 March 2025 to discuss your complaint.",
        "We will be in touch by 7 March 2025 to book a time.",
        "We will write if anything changes before 7 March 2025.",
        "We will not be in touch before 7 March 2025.",
        "We won't be in touch before 7 March 2025.",
        "We will ask Parkside Estates to let you know by 7 March 2025.",
        "We will make sure the managing agent will be in touch by 7 March 2025.",
        "The managing agent will come back to you by 7 March 2025.",
        "It will reach you by 7 March 2025.",
        "You will receive our letter about your rent by 7 March 2025.",
    ],
)
def test_2024_6_3_words_promising_something_else_never_pass_as_the_response(sentence: str) -> None:
    for due in (DUE, None):
        result = _saying(sentence, due=due)
        # missing, or for a person to confirm, or wrong where it names the response ("write to you")
        # with a date the record does not allow: never passed alone
        assert result.element("response_date").status != "present", (sentence, due)
        assert not result.can_issue


def test_2024_6_3_a_sentence_naming_the_response_comes_before_ordinary_words() -> None:
    """helper-103: "We will be in touch by 14 March about the fan" came first and won, a week later
    than the response the next sentence promised."""
    result = _saying(
        "We will be in touch by 5 March 2025 about the fan. We will send you our full response by 7 March 2025."
    )
    element = result.element("response_date")
    # the named response's date: the sooner ordinary words are about the fan, and a person reads the
    # letter before it is issued
    assert (element.status, element.given) == ("present", date(2025, 3, 7))
    assert result.can_issue
    # a response named with a date after the Code's is refused, whatever the ordinary words say
    late = _saying(
        "We will send you our full response by 14 March 2025. We will be in touch by 7 March 2025."
    )
    assert late.element("response_date").status == "wrong"
    assert not late.can_issue


def test_2024_6_14_a_stage_2_acknowledgement_in_ordinary_words() -> None:
    old = "We will send you our final response by 17 April 2025."
    kind = "stage2-acknowledgement"
    result = _saying("We will write back to you by 17 April 2025.", due=None, kind=kind, old=old)
    assert result.element("response_date").status == "confirm"
    result = _saying("Please write back to us by 17 April 2025.", due=None, kind=kind, old=old)
    assert result.element("response_date").status == "missing"


@pytest.mark.django_db
def test_2024_6_3_once_confirmed_the_date_is_the_letters_and_kept_to(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    with _at(3):
        ref, draft = _held_acknowledgement(officer)
        draft = _promising(draft, "", officer.user, sentence="We will let you know by 12 March 2025.")
        element = _response_date(draft, date(2025, 3, 3))
        assert (element.status, element.given) == ("confirm", date(2025, 3, 12))
        refused = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert refused.status_code != 201
        services.confirm_element(draft=draft, element="response_date", actor=officer.user)
        issued = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert issued.status_code == 201, issued.content
    assert IssuedLetter.objects.get(complaint__reference=ref).response_date_given == date(2025, 3, 12)


@pytest.mark.django_db
def test_2024_6_3_a_text_already_sent_in_ordinary_words_is_for_a_person_to_read(
    letterhead: Any,  # noqa: F811
) -> None:
    """A text sent another way has gone, and the check cannot tell whether its ordinary words are the
    response's: nothing is kept as PutRight's reading (helper-105: such a date could be a later
    one than the response the resident was told of, marked as read). The person recording it is
    shown the date it may be, and records the date the text gave (the response-date page)."""
    officer = _officer()
    ref = _acknowledged_in_the_workspace(officer, _kept_text("We will let you know by 7 March 2025."))
    assert not ResponseDateInTextSent.objects.filter(complaint__reference=ref).exists()
    assert (
        "PutRight could not tell the response date from the text sent: it may be 7 March 2025 "
        "(\u201cWe will let you know by 7 March 2025.\u201d), so the case keeps to the Code's date, 17 March 2025."
    ) in READ[-1], READ[-1]
    # naming the response with a date PutRight cannot count: nothing read from the ordinary words
    _acknowledged_in_the_workspace(
        officer,
        _kept_text(
            "We will send you our full response by Friday. We will let you know by 14 March 2025 how the works went."
        ),
    )
    assert "it may be" not in READ[-1] and "could not tell the response date" in READ[-1]


def test_2024_6_3_ordinary_words_are_not_read_where_the_letter_names_its_response_without_a_date() -> None:
    """ "We will send you our full response by Friday" names the response with no date the check can
    count: a date in ordinary words elsewhere may be a later promise of something else. Read as the
    response's, a text already sent would have kept it, hiding the Friday the resident read."""
    result = _saying(
        "We will send you our full response by Friday. We will let you know by 7 March 2025 how the works went."
    )
    assert result.element("response_date").status == "missing"


@pytest.mark.parametrize(
    "named",
    [
        # helper-105: each names the response with a day the check cannot count, and the ordinary
        # words' later date was kept for a text already sent
        "We'll get back to you on Friday.",
        "You will hear from us by Friday.",
        "Our findings will follow by Friday.",
        "We will contact you by Friday with the outcome.",
    ],
)
def test_2024_6_3_ordinary_words_give_nothing_beside_a_response_named_without_a_date(named: str) -> None:
    result = _saying(f"{named} We will let you know by 7 March 2025 how the works went.")
    assert result.element("response_date").status != "present"
    assert result.element("response_date").given is None
    assert not result.can_issue


def test_2024_6_3_of_two_dates_in_ordinary_words_the_sooner_is_asked_about() -> None:
    """helper-105: the first was taken."""
    result = _saying("We will let you know by 7 March 2025. We will let you know by 3 March 2025.")
    element = result.element("response_date")
    assert (element.status, element.given) == ("confirm", date(2025, 3, 3))


def test_2024_6_3_a_sooner_date_the_check_refuses_is_not_passed_over_for_a_later_one() -> None:
    """helper-105: "by Saturday 1 March" beside "We will write to you by 7 March" passed on the second
    and kept 7 March, later than the resident was told. The Saturday must be put right; a refused date
    after the one passed (an escalation deadline) does not block it, as before."""
    result = _saying(
        "We will send you our full response by Saturday 1 March 2025. We will write to you by 7 March 2025."
    )
    assert result.element("response_date").status == "wrong"
    assert not result.can_issue
    later = _saying(
        "We will send you our full response by 7 March 2025. If you are unhappy with our response, you can "
        "ask us to review it by 30 April 2025."
    )
    assert (later.element("response_date").status, later.element("response_date").given) == (
        "present",
        date(2025, 3, 7),
    )


@pytest.mark.django_db
def test_2024_6_3_a_text_sent_keeps_the_sooner_date_the_check_refuses(
    letterhead: Any,  # noqa: F811
) -> None:
    """The kept-text form of the same: the Saturday the resident was given is kept, not the 14th."""
    officer = _officer()
    ref = _acknowledged_another_way(
        officer,
        _kept_text(
            "We will send you our full response by Saturday 8 March 2025. We will write to you by 14 March 2025."
        ),
    )
    assert ResponseDateInTextSent.objects.get(complaint__reference=ref).response_date_given == date(
        2025, 3, 8
    )


@pytest.mark.parametrize(
    "beside",
    [
        # helper-107: each refused a good letter once a refused sooner date blocked it
        "We will contact you on Saturday 1 March 2025 to arrange a visit.",
        "We are responsible for the door, and our contractor will attend on Saturday 1 March 2025.",
        "Our surveyor will contact you on Sunday 2 March 2025 to book an inspection.",
        "Parkside Estates will contact you on Saturday 1 March 2025 about the intercom.",
        "You asked us to reply by Saturday 1 March 2025, which we cannot do.",
        "Please respond to our survey by 1 March 2025.",
        "Please send us photos by Saturday 1 March 2025 so we can respond fully.",
        # helper-108: a leaflet's impossible day is not the response's
        "We will send you a leaflet about our service by Friday 29 February 2025.",
        "We will send you a copy of your tenancy agreement by Saturday 1 March 2025.",
    ],
)
def test_2024_6_3_a_date_beside_the_response_that_is_not_the_landlords_promise_changes_nothing(
    beside: str,
) -> None:
    result = _saying(f"{beside} We will send you our full response by 10 March 2025.")
    element = result.element("response_date")
    assert (element.status, element.given) == ("present", DUE), element.note
    assert result.can_issue


def test_2024_6_3_a_response_promised_by_a_day_that_does_not_exist_is_not_passed_over() -> None:
    """helper-107: "by Friday 29 February 2025" (2025 has none) beside a good date passed on the
    good one; on its own it was refused."""
    result = _saying(
        "We will reply by Friday 29 February 2025. We will send you our full response by 10 March 2025."
    )
    assert result.element("response_date").status == "wrong"
    assert not result.can_issue


@pytest.mark.django_db
def test_2024_6_3_a_text_sent_does_not_keep_a_visits_day_as_the_response(
    letterhead: Any,  # noqa: F811
) -> None:
    """helper-107: a Saturday visit beside the response kept the Saturday as the promise."""
    officer = _officer()
    ref = _acknowledged_another_way(
        officer,
        _kept_text(
            "We will send you our full response by 14 March 2025. We will contact you on Saturday 8 March 2025 "
            "to arrange a visit."
        ),
    )
    assert ResponseDateInTextSent.objects.get(complaint__reference=ref).response_date_given == date(
        2025, 3, 14
    )


@pytest.mark.parametrize(
    ("sentences", "status", "given"),
    [
        # helper-107: "logged" threw the whole sentence away, and the later date was kept; and a
        # sentence left out for not naming the response in set words hid the sooner promise
        (
            "We have logged your complaint and will reply on 3 March 2025. "
            "We will send you our full response by 10 March 2025.",
            "present",
            date(2025, 3, 3),
        ),
        ("We received your complaint and will respond on Monday 3 March 2025.", "present", date(2025, 3, 3)),
        # helper-109: "aim to" after "received" was thrown away with the sentence
        (
            "We received your complaint on 24 February 2025 and aim to reply on 5 March 2025. "
            "We will send you our full response by 10 March 2025.",
            "present",
            date(2025, 3, 5),
        ),
        # a response about the repairs is the landlord's promise: its Saturday must be put right
        (
            "We will send you our response about the repairs by Saturday 1 March 2025. "
            "We will write to you by 7 March 2025.",
            "wrong",
            None,
        ),
        (
            "We will send you our response about the repairs by 5 March 2025. We will write to you by 7 March 2025.",
            "present",
            date(2025, 3, 5),
        ),
        # "responsible" is not the response: the fence's Saturday does not block the letter
        (
            "We are responsible for the fence and will fix it by Saturday 1 March 2025. "
            "We will send you our full response by 10 March 2025.",
            "present",
            DUE,
        ),
    ],
)
def test_2024_6_3_the_sooner_promise_of_the_response_is_never_passed_over(
    sentences: str, status: str, given: date | None
) -> None:
    element = _saying(sentences).element("response_date")
    assert (element.status, element.given) == (status, given), element.note


#: helper-108: a sooner promise of the response that a filter on its words passed over, keeping the
#: later date (each beside "We will send you our full response by 10 March 2025.")
SOONER_PROMISES = [
    "We will send you our response about the repairs by 5 March 2025.",
    "We will send you our decision on the survey by 5 March 2025.",
    "Please expect our reply by 5 March 2025.",
    "We will respond by 5 March 2025, once our engineer has checked the boiler.",
    "We will write to you with the outcome of the inspection by 5 March 2025.",
    "We will send you our full response by 5 March 2025; you told us the repair is urgent.",
    "I will provide a full written response by 5 March 2025.",
    "Our stage one complaint response will be issued by 5 March 2025.",
    "We will be responding by 5 March 2025.",
]


@pytest.mark.parametrize("sooner", SOONER_PROMISES)
def test_2024_6_3_a_sooner_promise_is_never_passed_over_for_its_words(sooner: str) -> None:
    for sentences in (f"{sooner} {TEMPLATE}", f"{TEMPLATE} {sooner}"):
        element = _saying(sentences).element("response_date")
        assert (element.status, element.given) == ("present", date(2025, 3, 5)), (sentences, element.note)


@pytest.mark.parametrize(
    "sooner",
    [
        # helper-108: a sooner day the check refuses, in words a filter passed over or with "on"
        "We will send you our response about the repairs by Saturday 1 March 2025.",
        "Please expect our reply by Saturday 1 March 2025.",
        "I will provide a full written response by Saturday 1 March 2025.",
        "We will be responding by Saturday 1 March 2025.",
        "We will respond by Monday 4 March 2025, once our engineer has checked the boiler.",
        "You will hear from us on Saturday 1 March 2025.",
        "We will write to you on Saturday 1 March 2025.",
        "We will get back to you on Saturday 1 March 2025.",
        # helper-109: the day in a clause of its own, "by" leading to it in a sentence naming the response
        "We hope to respond sooner, by Saturday 1 March 2025.",
        "Our response, which is nearly ready, will reach you by Saturday 1 March 2025.",
    ],
)
def test_2024_6_3_a_sooner_day_the_check_refuses_blocks_the_letter_whatever_its_words(sooner: str) -> None:
    for sentences in (f"{sooner} {TEMPLATE}", f"{TEMPLATE} {sooner}"):
        result = _saying(sentences)
        assert result.element("response_date").status == "wrong", sentences
        assert not result.can_issue


@pytest.mark.parametrize(
    "only",
    [
        # helper-105: the response's words and a date the sentence does not promise passed as the
        # response date, and an acknowledgement giving none was issued (so before this session too)
        "We are sorry we did not respond to your email of 21 February 2025.",
        "Thank you for your reply of 20 February 2025.",
        "You told us you did not hear from us after 10 February 2025.",
        # helper-109: so did each of these
        "Please reply by 5 March 2025 if our summary is wrong.",
        "You can reply to this letter by 5 March 2025 if anything is wrong.",
        "We will contact you by 5 March 2025 to book the repair.",
        "We will send you a copy of the repair records by 5 March 2025.",
        # "it" may be the response: a person reads it
        "We will send it to you by 7 March 2025.",
        # helper-110: "on or before" was split at its "or", and the request lost its "Please"
        "Please reply on or before 7 March 2025.",
        "You asked us to reply on or before 7 March 2025.",
    ],
)
def test_2024_6_3_a_date_that_reads_as_something_else_is_not_the_response_date_alone(only: str) -> None:
    result = _saying(only)
    assert result.element("response_date").status == "confirm", only
    assert not result.can_issue


@pytest.mark.parametrize(
    ("only", "given"),
    [
        ("We will reply within 10 working days.", DUE),
        ("You will hear from us by 5 March 2025.", date(2025, 3, 5)),
        ("Our decision will be sent to you by 7 March 2025.", date(2025, 3, 7)),
        ("You can expect our response by 7 March 2025.", date(2025, 3, 7)),
        ("We will send you our full response on or before 7 March 2025.", date(2025, 3, 7)),
    ],
)
def test_2024_6_3_a_response_promised_in_its_own_words_still_passes_alone(only: str, given: date) -> None:
    element = _saying(only).element("response_date")
    assert (element.status, element.given) == ("present", given), element.note
