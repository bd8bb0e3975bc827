"""The response date an acknowledgement sent another way gave the resident, as a person reads it.

When an acknowledgement is recorded as told by another system's email or letter, its text is kept
(2024 5.12) and PutRight reads the response date from it with the Code check a PutRight
acknowledgement passes (``letters.services.keep_response_date_in_text_sent``): the case, the lists
and the resident's page keep to that date where it is sooner than the Code's (2024 6.3, 6.14). The
check cannot always tell: "by Friday", a date split across two paragraphs, a sentence that dates a
visit beside the response. The case page says what was kept from each such text, or that none was,
and a person who reads the text records the date it gave here, by the rules of
``putright.code.promises``. Each change is an amendment on the case's timeline (who, when, why, what
it replaced); the date itself is kept where every list reads it (``ResponseDateInTextSent``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404

from putright.access.policy import can_correct_received_date
from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.code.promises import (
    check_response_date_given,
    gives_more_time,
    later_than_the_code,
    sooner_than_the_code,
)
from putright.code.wording import long_date
from putright.complaints.models import Complaint, ComplaintEvent, Correspondence, Stage
from putright.complaints.selectors import case_for
from putright.complaints.services import staff_ref
from putright.letters.models import ResponseDateInTextSent
from putright.letters.services import text_as_read
from putright.workspace import records
from putright.workspace.models import Amendment, ChangeKind

#: the reference an acknowledgement's event keeps to the text it was told by (``Communication``)
_KEPT_AS = "correspondence:"


def told_by_text(events: Iterable[Any]) -> dict[int, tuple[int, date]]:
    """Of a complaint's stored events (rows with ``kind``, ``on`` and ``data``), its acknowledgements
    told by a text sent another way: the kept correspondence's id, to the stage and the day sent."""
    found: dict[int, tuple[int, date]] = {}
    for event in events:
        if event.kind != "acknowledged":
            continue
        reference = str((event.data.get("communication") or {}).get("reference") or "")
        if reference.startswith(_KEPT_AS) and reference[len(_KEPT_AS) :].isdigit():
            found[int(reference[len(_KEPT_AS) :])] = (int(event.data.get("stage") or 1), event.on)
    return found


def _who(person: User) -> str:
    return person.get_full_name() or person.get_username()


@dataclass(frozen=True)
class TextSent:
    """An acknowledgement told to the resident by a text sent another way, and the response date the
    record keeps from it (``None``: none)."""

    correspondence: Correspondence
    stage: int
    sent_on: date
    kept: ResponseDateInTextSent | None
    #: the stage's response date under the Code, as the record now holds it
    response_due: date | None

    @property
    def given(self) -> date | None:
        return self.kept.response_date_given if self.kept is not None else None

    @property
    def sooner(self) -> date | None:
        """The date kept, where it promises the response sooner than the Code's date."""
        return sooner_than_the_code(self.given, self.response_due) if self.response_due is not None else None

    @property
    def later(self) -> date | None:
        """The date kept, where it told the resident a date after the Code's: one it does not allow."""
        return later_than_the_code(self.given, self.response_due) if self.response_due is not None else None

    @property
    def recorded_by(self) -> str:
        """Who what is kept comes from: a person, or "" for PutRight's own reading (or nothing kept)."""
        person = self.kept.recorded_by if self.kept is not None else None
        return _who(person) if person is not None else ""

    @property
    def text(self) -> str:
        """The kept text as the resident read it (an email's HTML without its tags)."""
        return text_as_read(self.correspondence.body)


def texts_sent(
    events: Iterable[Any],
    correspondence: Iterable[Correspondence],
    *,
    response_due: Mapping[int, date | None],
) -> dict[int, TextSent]:
    """A complaint's acknowledgements told by a text sent another way, by correspondence id, from the
    events and correspondence already read and the stages' Code dates (``response_due``, by stage):
    one query when there are any (the dates kept, with who recorded them), none when there are none."""
    told = told_by_text(events)
    if not told:
        return {}
    kept = {
        row.correspondence_id: row
        for row in ResponseDateInTextSent.objects.filter(correspondence_id__in=list(told)).select_related(
            "recorded_by"
        )
    }
    return {
        c.pk: TextSent(c, told[c.pk][0], told[c.pk][1], kept.get(c.pk), response_due.get(told[c.pk][0]))
        for c in correspondence
        if c.pk in told
    }


def texts_of(complaint: Complaint, pk: int | None = None) -> dict[int, TextSent]:
    """:func:`texts_sent` of ``complaint`` read from the database: every one, or only the text ``pk``
    (none of its other correspondence is read)."""
    events = list(ComplaintEvent.objects.filter(complaint=complaint, kind="acknowledged"))
    wanted = [c for c in told_by_text(events) if pk is None or c == pk]
    if not wanted:
        return {}
    return texts_sent(
        events,
        Correspondence.objects.filter(complaint=complaint, pk__in=wanted),
        response_due=dict(Stage.objects.filter(complaint=complaint).values_list("number", "response_due")),
    )


def text_sent(complaint: Complaint, pk: int) -> TextSent:
    """The acknowledgement of ``complaint`` told by the kept text ``pk``; 404 if ``pk`` is no such text."""
    found = texts_of(complaint, pk)
    if pk not in found:
        raise Http404("No acknowledgement sent another way with that number on this complaint")
    return found[pk]


@dataclass(frozen=True)
class Recorded:
    """A response date recorded from a text sent: the amendment kept, and what it means for the case."""

    amendment: Amendment
    #: said to the person who recorded it
    said: str


@transaction.atomic
def record_response_date_given(
    *, complaint: Complaint, actor: User, text: TextSent, given: date | None, reason: str
) -> Recorded:
    """Record ``given`` as the response date the acknowledgement ``text`` gave the resident (``None``:
    it gave none sooner than the Code's date), read by ``actor`` from the kept text, in place of the
    date the record keeps.

    Who answers for the stage is everyone ever allocated to it or who took a step on it and the
    person who recorded its acknowledgement, as the core knows them (not only today's handler:
    reallocated away and back, a handler would set their own clock). A date giving the stage more
    time is, beyond that, only for the people who put dates right on the record, as a later day
    received is (``access.policy.can_correct_received_date``: never a complaint handler, who could
    give a colleague's stage more time)."""
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("resident").get(pk=complaint.pk)
    # read again under the lock: another person may have recorded a date since the page was read
    current = text_sent(locked, text.correspondence.pk)
    if current.response_due is None:
        raise InvalidRequest(None, f"stage {current.stage} has no response date to compare the text's with")
    case = case_for(locked)
    theirs = (
        case.allocated.get(current.stage, frozenset())
        | case.acted.get(current.stage, frozenset())
        | {case.acknowledged_by.get(current.stage, "")}
    )
    more_time = gives_more_time(given=given, kept=current.given, response_due=current.response_due)
    if more_time and not can_correct_received_date(actor, locked):
        raise InvalidRequest(
            None,
            "a later date, or none, gives the stage more time before the date the resident was promised: "
            "only a complaints officer, a manager or an administrator can record it",
        )
    why = check_response_date_given(
        edition=locked.edition,
        given=given,
        kept=current.given,
        sent_on=current.sent_on,
        response_due=current.response_due,
        reason=reason,
        answers_for_the_stage=staff_ref(actor) in theirs or actor.pk == current.correspondence.recorded_by_id,
    )
    ResponseDateInTextSent.objects.update_or_create(
        correspondence=current.correspondence,
        defaults={
            "complaint": locked,
            "stage": current.stage,
            "response_date_given": given,
            "sent_on": current.sent_on,
            "recorded_by": actor,
        },
    )
    amendment = records.record_change(
        complaint=locked,
        kind=ChangeKind.RESPONSE_DATE_GIVEN,
        change=records.Change(
            "response_date_given",
            f"Response date the stage {current.stage} acknowledgement sent on {long_date(current.sent_on)} gave",
            _kept(current),
            long_date(given) if given is not None else "none sooner than the Code's date",
        ),
        reason=why,
        actor=actor,
    )
    return Recorded(amendment, what_it_means(given, current.response_due))


def what_it_means(given: date | None, response_due: date) -> str:
    """What keeping ``given`` from a text means for the case whose stage is due by ``response_due``
    under the Code: said to the person who recorded it (and to an API client's retry)."""
    due = long_date(response_due)
    if sooner_than_the_code(given, response_due) is not None:
        assert given is not None
        return f"the case, the lists and the resident's page keep to {long_date(given)}, sooner than the Code's {due}"
    if later_than_the_code(given, response_due) is not None:
        assert given is not None
        return (
            f"{long_date(given)} is later than the Code allows: the case keeps to the Code's {due}, and the "
            "acknowledgement is shown as having told the resident a date the Code does not allow"
        )
    if given is not None:
        return f"{long_date(given)} is not sooner than the Code's {due}, so the case keeps to the Code's date"
    return f"the case keeps to the Code's {due}"


def _kept(text: TextSent) -> str:
    """What the record kept from ``text`` before the change, and whose reading it was."""
    if text.kept is None:
        return "none (PutRight found none)"
    given = long_date(text.given) if text.given is not None else "none sooner than the Code's date"
    return f"{given} ({'recorded by ' + text.recorded_by if text.recorded_by else 'read by PutRight'})"
