"""The response date an acknowledgement sent another way gave the resident, as a person records it.

An acknowledgement may promise the response sooner than the Code's limit (2024 6.3, 6.14: "within
10 working days", "within 20 working days"); the record keeps to what the resident was told. For an
acknowledgement sent by another system, PutRight reads the date from the kept text (2024 5.12) and
cannot always: "by Friday", a date split across two paragraphs, a sentence that dates a visit beside
the response. A person who reads the text records the date it gave, and the rules here keep that
from making the record look more timely than what the resident was told:

* the date cannot be before the day the text was sent: it would be no promise the resident read;
* a later date than the one kept, or no sooner date at all, gives the stage more time before the
  resident's promised date passes, so it cannot be recorded by a person who handles or handled the
  stage, took a step on it or recorded its acknowledgement: it would set their own clock (as a later
  day received cannot, ``lifecycle.correct_received_date``). Anyone who may act on the complaint
  records an earlier date: it shows less time, not more;
* the reason (how the date is known) is required and kept beside the date it replaces.
"""

from __future__ import annotations

from datetime import date

from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.lifecycle import rule
from putright.code.wording import long_date


def sooner_than_the_code(given: date | None, response_due: date) -> date | None:
    """``given`` where it promises the response sooner than the Code's date ``response_due``;
    ``None`` where it does not (the Code's date is then the one the resident can hold the landlord to)."""
    return given if given is not None and given < response_due else None


def later_than_the_code(given: date | None, response_due: date) -> date | None:
    """``given`` where the resident was told to expect the response after the Code's date
    ``response_due`` (2024 6.3, 6.14: "within 10 working days", 20 at stage 2): a date the Code does
    not allow, kept as what the resident was told; the case keeps to the Code's date all the same."""
    return given if given is not None and given > response_due else None


def gives_more_time(*, given: date | None, kept: date | None, response_due: date) -> bool:
    """Whether recording ``given`` in place of ``kept`` moves the date the resident was promised
    later (``None``: no date sooner than the Code's ``response_due``)."""
    was = sooner_than_the_code(kept, response_due)
    now = sooner_than_the_code(given, response_due)
    return was is not None and (now is None or now > was)


def check_response_date_given(
    *,
    edition: str,
    given: date | None,
    kept: date | None,
    sent_on: date,
    response_due: date,
    reason: str,
    answers_for_the_stage: bool,
) -> str:
    """Refuse recording ``given`` (``None``: the text gave no response date) as the response date an
    acknowledgement sent on ``sent_on`` gave, where the record keeps ``kept`` and the stage is due by
    ``response_due`` under the Code, if a rule of the module's forbids it. ``answers_for_the_stage``:
    the person recording it handles or handled the stage, took a step on it or recorded its
    acknowledgement. Returns the reason, trimmed (2024 5.12: the record says how it is known)."""
    record = rule(edition, "record")
    why = reason.strip()
    if not why:
        raise InvalidRequest(record, "say how you know the date the text gave the resident")
    if given == kept:
        raise InvalidRequest(
            None,
            "the record already keeps that: "
            + (
                f"the response date {long_date(given)}"
                if given is not None
                else "no response date from this text"
            ),
        )
    if given is not None and given < sent_on:
        raise CodeViolation(
            record,
            f"the date it gave cannot be before {long_date(sent_on)}, the day the acknowledgement was sent "
            f"({long_date(given)} was entered)",
        )
    if answers_for_the_stage and gives_more_time(given=given, kept=kept, response_due=response_due):
        raise CodeViolation(
            record,
            "you cannot record a later date, or none, because you handle or handled this stage or "
            "recorded its acknowledgement: it would give you more time before the date the resident "
            "was promised. Ask a complaints officer or manager who has not handled this stage to record it",
        )
    return why
