"""A snapshot's facts in one pass over the history, on PostgreSQL.

:func:`putright.governance.facts._build_snapshot` writes one ``ComplaintFact`` row per complaint that
can count in a period, as the records stood at an as-at. Its portable form (SQLite) reads each of
the 17 fact columns with its own correlated subquery per complaint, and chooses the complaints with
two more; at 100,000 complaints on PostgreSQL that one statement was 4.2 s of an 11 s
self-assessment (issue 17). Here the same columns come from one ``GROUP BY`` over the visible
history, joined to the complaint:

* "the first such event" (the first acknowledgement at stage 1, the first refusal...) is the
  smallest of that kind of event's ``[sequence, value]`` pairs (the sequence zero-padded as text, so
  text order is number order, and unique per complaint, so the value never decides and may be
  NULL); "the last" (the response due date, which each extension replaces) is the largest. An
  array aggregate ordered by ``sequence`` says the same, but PostgreSQL 15 sorts each ordered
  aggregate's input per complaint: 16 sorts for each of 55,000 complaints made that form take
  1.9 s at 100,000 complaints, this one 1.2 (and ``MIN`` / ``MAX`` may run in parallel);
* "there is such an event" is ``bool_or`` over it;
* the candidates' rules (:func:`putright.governance.facts._candidates`) become the ``WHERE`` and
  ``HAVING``: received by the period's end, first contact visible, and not ended before the period
  starts (last visible step an ending one, on a day before the start).

A value read as a date or a whole number is aggregated as the text stored and converted only once
picked, as the portable form converts only the event it picks: an imported value that is neither
(on a complaint that cannot count, or on a second refusal) never stops the report here when it would
not stop it there. The events read are the same (:meth:`AsAt.events`), each column reads the same
field through the same typed selector, and ties cannot arise (``sequence`` is unique per
complaint), so the rows are the same as the portable form's.
``tests/governance/test_governance_facts_one_pass.py`` compares the two forms row by row on every
kind of step and a sweep of as-ats, and ``test_governance_facts_one_pass_odd_histories.py`` on
histories an import from an earlier system can leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, LPad

from putright.code.lifecycle import (
    AcceptedAsComplaint,
    Acknowledged,
    ContactReceived,
    Declined,
    EscalationRequested,
    ReceivedDateCorrected,
    Responded,
    Withdrawn,
)
from putright.governance.facts import (
    _ACCEPTED_ACK_DUE,
    _ACK_STAGE,
    _CORRECTED_RECEIVED_ON,
    _DECLINED_GROUND,
    _DECLINED_STAGE,
    _ESCALATED_ACK_DUE,
    _ESCALATED_TO,
    _RESPONDED_OUTCOME,
    _RESPONDED_STAGE,
    ENDING_KINDS,
    RESPONSE_DUE_TEXT,
    SETS_STAGE_1_ACK_DUE,
    AsAt,
    sets_response_due,
)

#: the complaint's own columns a fact row copies, as (column in the SELECT, path from the event); the
#: day received is read as at the report (``received_as_at`` in :func:`rows`)
COMPLAINT_COLUMNS = (
    ("category_id", "complaint__category_id"),
    ("property_id", "complaint__property_id"),
    ("resident_id", "complaint__resident_id"),
)


class _Value(Func):
    """The value of a ``[sequence, value]`` pair (PostgreSQL arrays count from 1); NULL for none."""

    template = "(%(expressions)s)[2]"


class _Pair(Func):
    """``ARRAY[sequence, value]`` as text, the sequence zero-padded so text order is number order."""

    template = "ARRAY[%(expressions)s]"
    arg_joiner = ", "


#: digits of the zero-padded sequence: a complaint's steps are numbered from 0 (a check constraint)
SEQUENCE_DIGITS = 10


def _first(value: Any, when: Q | None, output: Any, *, last: bool = False) -> Cast:
    """``value`` of the first (``last``: the last) event by sequence that matches ``when``: the
    smallest (largest) ``[sequence, value]`` pair, its value cast back to ``output``."""
    from django.contrib.postgres.fields import ArrayField  # PostgreSQL only: imported when used

    text = CharField()
    pair = _Pair(
        LPad(Cast(F("sequence"), text), SEQUENCE_DIGITS, Value("0")),
        Cast(value, text),
        output_field=ArrayField(text),
    )
    picked = (Max if last else Min)(pair, filter=when, output_field=ArrayField(text))
    return Cast(_Value(picked, output_field=text), output)


def _any(when: Q) -> Any:
    """Whether any visible event matches ``when`` (False, never NULL, when none does)."""
    from django.contrib.postgres.aggregates import BoolOr

    return BoolOr(Value(True), filter=when, default=Value(False))


def rows(as_at: AsAt, start: date, end: date) -> tuple[QuerySet[Any], list[str]]:
    """The fact rows of the complaints that can count in ``start``..``end`` as at ``as_at``, with the
    names of the SELECT's columns in the order :func:`facts._build_snapshot` writes them (the
    complaint's id first, then :data:`COMPLAINT_COLUMNS`, then ``FACT_COLUMNS``)."""
    from putright.governance.facts import FACT_COLUMNS

    date_field, text_field = DateField(), CharField()
    stage_is = {n: _ACK_STAGE.equals(n) for n in (1, 2)}
    declined = Q(kind=Declined.kind)
    accepted = Q(kind=AcceptedAsComplaint.kind)
    acknowledged = {n: Q(kind=Acknowledged.kind) & stage_is[n] for n in (1, 2)}
    responded = {n: Q(kind=Responded.kind) & _RESPONDED_STAGE.equals(n) for n in (1, 2)}
    escalated = Q(kind=EscalationRequested.kind) & _ESCALATED_TO.equals(2)

    def response_due(n: int) -> Cast:
        sets_due = sets_response_due(n) & Q(due__isnull=False)
        return Cast(_first(F("due"), sets_due, text_field, last=True), DateField())

    # the day received as at the report: the last correction visible then, else the day first
    # recorded where it was corrected only later, else the row's day (``facts.received_as_at``)
    corrected = Q(kind=ReceivedDateCorrected.kind)
    received = Coalesce(
        Cast(_first(_CORRECTED_RECEIVED_ON.as_date_text(), corrected, text_field, last=True), DateField()),
        F("complaint__received_first_recorded"),
        F("complaint__received_on"),
        output_field=DateField(),
    )
    grouped = (
        as_at.events()
        # a complaint whose day was corrected may have been received by the end as the records stood
        .filter(Q(complaint__received_on__lte=end) | Q(complaint__received_first_recorded__isnull=False))
        .order_by()
        .alias(due=RESPONSE_DUE_TEXT)
        .values("complaint_id")
        .annotate(received_as_at=received, **{name: F(path) for name, path in COMPLAINT_COLUMNS})
        .filter(received_as_at__lte=end)
        .alias(
            seen=_any(Q(kind=ContactReceived.kind)),
            last_kind=_first(F("kind"), None, text_field, last=True),
            last_on=_first(F("on"), None, date_field, last=True),
            accepted=_any(accepted),
            declined_1=_any(declined & _DECLINED_STAGE.equals(1)),
            escalated=_any(escalated),
            declined_2=_any(declined & _DECLINED_STAGE.equals(2)),
        )
        .filter(seen=True)
        .exclude(last_kind__in=ENDING_KINDS, last_on__lt=start)
        .annotate(
            declined_stage=_first(_DECLINED_STAGE.as_one_of(1, 2), declined, IntegerField()),
            declined_on=_first(F("on"), declined, date_field),
            declined_ground=_first(_DECLINED_GROUND.text(), declined, text_field),
            s1=ExpressionWrapper(Q(accepted=True) & Q(declined_1=False), output_field=BooleanField()),
            s1_ack_due=Cast(
                _first(_ACCEPTED_ACK_DUE.as_date_text(), SETS_STAGE_1_ACK_DUE, text_field, last=True),
                DateField(),
            ),
            s1_ack_on=_first(F("on"), acknowledged[1], date_field),
            s1_resp_due=response_due(1),
            s1_resp_on=_first(F("on"), responded[1], date_field),
            s1_outcome=_first(_RESPONDED_OUTCOME.text(), responded[1], text_field),
            s2=ExpressionWrapper(Q(escalated=True) & Q(declined_2=False), output_field=BooleanField()),
            s2_req_on=_first(F("on"), escalated, date_field),
            s2_ack_due=Cast(_first(_ESCALATED_ACK_DUE.as_date_text(), escalated, text_field), DateField()),
            s2_ack_on=_first(F("on"), acknowledged[2], date_field),
            s2_resp_due=response_due(2),
            s2_resp_on=_first(F("on"), responded[2], date_field),
            s2_outcome=_first(_RESPONDED_OUTCOME.text(), responded[2], text_field),
            withdrawn=_any(Q(kind=Withdrawn.kind)),
        )
    )
    columns = ["complaint_id", "received_as_at", *(name for name, _ in COMPLAINT_COLUMNS), *FACT_COLUMNS]
    return grouped.values(*columns), columns
