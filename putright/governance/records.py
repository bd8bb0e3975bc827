"""Typed selectors over the complaint record for the self-assessment's evidence rules (issue 14, 7).

Evidence rules never reach into stored event JSON with string keys: a renamed field would then
match nothing and a rule would report "0 failing" from silence. Here each event is read back into
the Code's own event class (``putright.code.lifecycle.event_from_data``), so a rule reads
``declined.explanation`` and mypy checks it; if the stored data no longer fits the class, reading it
raises and a test fails. Issued letters are read through :class:`LetterKind`, not free strings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from putright.code.errors import UnreadableRecord
from putright.code.letters import LetterKind
from putright.code.lifecycle import Event, event_from_data
from putright.complaints.models import THE_RESIDENTS_SIDE, ComplaintEvent, Correspondence
from putright.complaints.personal import resolve_stored
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.rows import as_given
from putright.letters.models import IssuedLetter

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Recorded(Generic[E]):
    """One event as the Code's typed class, with the complaint it belongs to."""

    complaint_id: int
    reference: str
    event: E


def _rows(as_at: AsAt) -> QuerySet[ComplaintEvent]:
    return ComplaintEvent.objects.all() if as_at.live else as_at.events()


def events_of(
    cls: type[E],
    as_at: AsAt,
    *,
    period: Period | None = None,
    complaint_ids: set[int] | None = None,
    where: Q | None = None,
) -> list[Recorded[E]]:
    """Every ``cls`` event visible at ``as_at`` (dated in ``period`` when given; matching ``where``,
    a filter made with a typed selector such as ``field(HandlerAllocated, "stage").equals(2)``, when
    given), oldest first."""
    rows = _rows(as_at).filter(kind=cls.kind)
    if period is not None:
        rows = rows.filter(on__range=period.range())
    if complaint_ids is not None:
        rows = rows.filter(complaint_id__in=complaint_ids)
    if where is not None:
        rows = rows.filter(where)
    out: list[Recorded[E]] = []
    found = as_given(
        rows.order_by("on", "complaint_id", "sequence").values_list(
            "complaint_id", "complaint__reference", "data"
        )
    )
    # the words of each event, kept apart from it so they can be erased (putright.complaints.personal);
    # the JSON decoded here once, not by the ORM, so the search for words reads the text as stored
    words = resolve_stored([data for _, _, data in found])  # read only, never changed
    for (complaint_id, reference, _), data in zip(found, words, strict=True):
        event = event_from_data(data, reference=reference)
        if not isinstance(event, cls):  # the stored kind and the class disagree: a broken record
            raise UnreadableRecord(
                cls.kind, event.on, f"its data is a {event.kind.replace('_', ' ')} step's", reference
            )
        out.append(Recorded(complaint_id=complaint_id, reference=reference, event=event))
    return out


def letters_issued(
    as_at: AsAt, kinds: tuple[LetterKind, ...]
) -> dict[tuple[int, LetterKind], list[tuple[date, int]]]:
    """The letters of ``kinds`` issued, as (day of issue, letter id), per (complaint, kind), as the
    record stood."""
    rows = IssuedLetter.objects.filter(kind__in=[k.value for k in kinds])
    if as_at.moment is not None:
        rows = rows.filter(issued_at__lte=as_at.moment)
    out: dict[tuple[int, LetterKind], list[tuple[date, int]]] = defaultdict(list)
    for pk, complaint_id, kind, issued_at in rows.values_list("pk", "complaint_id", "kind", "issued_at"):
        day = timezone.localdate(issued_at)
        if as_at.day is not None and day > as_at.day:
            continue
        out[(complaint_id, LetterKind(kind))].append((day, pk))
    for letters in out.values():
        letters.sort()
    return out


def outgoing_contact_days(as_at: AsAt, complaint_ids: set[int]) -> dict[int, list[date]]:
    """The days the landlord contacted the resident about each complaint (letters, emails, calls
    recorded as outgoing correspondence), as the record stood."""
    # with the resident or their representative: a letter to a contractor keeps no resident updated
    rows = Correspondence.objects.filter(
        complaint_id__in=complaint_ids, direction="out", party__in=THE_RESIDENTS_SIDE
    )
    if as_at.moment is not None:
        rows = rows.filter(recorded_at__lte=as_at.moment)
    out: dict[int, list[date]] = defaultdict(list)
    for complaint_id, occurred_at in rows.values_list("complaint_id", "occurred_at"):
        day = timezone.localdate(occurred_at)
        if as_at.day is None or day <= as_at.day:
            out[complaint_id].append(day)
    for days in out.values():
        days.sort()
    return out
