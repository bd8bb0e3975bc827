"""The response date a resident was told, on the lists staff plan their day from.

An acknowledgement letter may promise the response sooner than the Code's limit (2024 6.3, 6.14:
"within 10 working days", "within 20 working days"). The case page keeps that promise beside the
Code's date (:func:`putright.workspace.deadlines.case_deadlines`), and so do the queue, the team
view and "My work today": a row that said "due in 5 working days" while the resident had been told
to expect the response two days ago looked more timely than the service they got.

Read for the rows on the page only, from the stage and extension rows the events project, with the
same rule as the case page (:func:`putright.workspace.deadlines.promise_stands`): one query when
no complaint on the page has a letter promising sooner (most acknowledgements give the Code's own
date), six when some do, whatever the page's size. Nothing is stored that could fall out of step
with the letters: the promise is read from them each time (and, for an acknowledgement sent another
way, from the date its kept text gave, read once when the step was recorded: that text never
changes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from putright.code.calendar import WorkingCalendar
from putright.complaints.models import Complaint, Extension, Stage
from putright.letters.posting import promises_sooner, with_response_dates_given
from putright.workspace.deadlines import promise_stands, told_phrase


@dataclass(frozen=True)
class Promise:
    """The date the resident was told to expect the response of the stage the complaint is at, where
    sooner than the Code's date and the response is not yet sent."""

    told: date
    #: the date has passed and the response has not been sent
    passed: bool
    #: "in 3 working days", or once passed "2 working days ago"; "" on the day itself
    phrase: str


def standing_promises(
    complaints: Sequence[Complaint], *, today: date, calendar: WorkingCalendar, candidates_only: bool = False
) -> dict[int, Promise]:
    """Of ``complaints``, those open at a stage whose response the resident was told to expect
    sooner than the Code's date, still unanswered: the promise, by complaint id. ``candidates_only``:
    they all have a letter promising sooner (:func:`putright.letters.posting.with_response_dates_given`)."""
    at_stage = {c.pk: c.stage for c in complaints if c.is_open and c.stage}
    told = {
        pk: promises[at_stage[pk]]
        for pk, promises in promises_sooner(list(at_stage), candidates_only=candidates_only).items()
        if at_stage[pk] in promises
    }
    if not told:
        return {}
    stages = {
        row.complaint_id: row
        for row in Stage.objects.filter(complaint_id__in=list(told)).only(
            "complaint_id", "number", "response_due", "responded_on"
        )
        if row.number == at_stage[row.complaint_id]
    }
    granted: dict[int, list[date]] = defaultdict(list)
    for pk, stage, on in Extension.objects.filter(complaint_id__in=list(told)).values_list(
        "complaint_id", "stage", "granted_on"
    ):
        if stage == at_stage[pk]:
            granted[pk].append(on)
    found: dict[int, Promise] = {}
    for pk, (promised, sent) in told.items():
        stage_row = stages.get(pk)
        if (
            stage_row is None
            or stage_row.responded_on is not None
            or stage_row.response_due is None
            or not promise_stands(promised, sent, response_due=stage_row.response_due, granted=granted[pk])
        ):
            continue
        found[pk] = Promise(
            told=promised, passed=today > promised, phrase=told_phrase(calendar, promised, today)
        )
    return found


def passed_promises(complaints: QuerySet[Complaint], *, today: date, calendar: WorkingCalendar) -> list[int]:
    """Of ``complaints``, the open ones whose resident was told to expect the response by a date now
    passed, still unanswered, soonest promise first (their ids): what the team view lists and the
    queue's "Promised date passed" filter shows, whatever the Code's date (it may be a week off). One
    query finds those with a letter promising sooner, by yesterday, a stage not yet answered; only
    they are read further, and only what says when and what was promised."""
    candidates = with_response_dates_given(
        complaints.filter(is_open=True).values("pk"), by=today - timedelta(days=1)
    )
    if not candidates:
        return []
    at_stage = list(complaints.filter(pk__in=sorted(candidates)).only("id", "is_open", "stage"))
    promised = standing_promises(at_stage, today=today, calendar=calendar, candidates_only=True)
    return sorted((pk for pk, p in promised.items() if p.passed), key=lambda pk: (promised[pk].told, pk))
