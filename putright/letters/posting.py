"""A letter counts from the day it was sent: emailed, or posted or handed over (2024 5.12).

A step a letter tells the resident of (an acknowledgement, an extension, a response) is held, "not
yet sent", until the resident is sent the letter, and counts from that day:

* **emailed** (an email address is recorded): the day the mail server (or GOV.UK Notify) accepted
  the email. Issuing the letter only queues it; an email that fails leaves the step waiting, its
  deadline running, and says so on the case. It used to count from the day the letter was issued,
  even if every attempt to send it then failed: a record that could look more compliant than what
  the resident received;
* **printed** (no email address, or an email that could not be sent): the day a person records it
  was posted or handed over, with the reason if that is recorded late (as any step).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import CodeViolation, InvalidRequest, LifecycleError
from putright.code.letters import LetterKind, kind_stage, parse_kind
from putright.code.lifecycle import rule
from putright.complaints import services as complaint_services
from putright.complaints.models import PendingStep, Stage
from putright.letters.models import (
    DeliveryStatus,
    IssuedLetter,
    LetterDelivery,
    LetterPosting,
    ResponseDateInTextSent,
)
from putright.letters.services import dead_step_of, stop_emails, stop_emails_of_dead_steps
from putright.web.database import without_jit

log = logging.getLogger(__name__)


def is_printed(letter: IssuedLetter) -> bool:
    """Whether ``letter`` was issued to be printed and posted (no email was queued for it)."""
    return not LetterDelivery.objects.filter(letter=letter).exists()


def emailed_on(letter: IssuedLetter) -> date | None:
    """The day ``letter``'s email was accepted for delivery, ``None`` while none has been."""
    sent = (
        LetterDelivery.objects.filter(letter=letter, status=DeliveryStatus.SENT, sent_at__isnull=False)
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return timezone.localdate(sent) if sent is not None else None


def told_on(letter: IssuedLetter) -> date | None:
    """The day ``letter`` was sent to the resident: the day it was recorded as posted or handed over,
    or the day its email was sent, whichever came first; ``None`` while neither is recorded."""
    posting = LetterPosting.objects.filter(letter=letter).first()
    return _first_of(posting, emailed_on(letter))


def told_on_loaded(letter: IssuedLetter) -> date | None:
    """:func:`told_on` read from what was loaded with ``letter`` (``select_related("posting")`` and
    ``prefetch_related("deliveries")``), without a query: for a list of letters."""
    sent = [d.sent_at for d in letter.deliveries.all() if d.status == DeliveryStatus.SENT and d.sent_at]
    return _first_of(getattr(letter, "posting", None), timezone.localdate(min(sent)) if sent else None)


def _first_of(posting: LetterPosting | None, emailed: date | None) -> date | None:
    """The earlier of the day ``posting`` records and the day the email went, if either."""
    days = [d for d in (posting.sent_on if posting is not None else None, emailed) if d]
    return min(days) if days else None


def waiting_for(held: PendingStep) -> IssuedLetter | None:
    """The letter ``held`` waits on: issued for it, and the step not yet recorded as told by it (its
    email not yet sent, or it was printed and not yet recorded as posted)."""
    if held.state != PendingStep.State.PENDING:
        return None
    return IssuedLetter.objects.filter(draft__pending_step=held).order_by("-issued_at", "-id").first()


def record_sent(
    *,
    letter: IssuedLetter,
    sent_on: date,
    how: str = LetterPosting.How.POST,
    actor: User | None,
    late_reason: str = "",
) -> LetterPosting:
    """Record that ``letter`` was posted (or handed over) on ``sent_on``: a printed letter, one
    whose email could not be sent, or a paper copy of one emailed. Its emails not yet sent are
    stopped (the resident is not sent it twice). The step it tells the resident of, waiting for it,
    is recorded as told that day, unless its email went first: that day is the step's. Refused with
    nothing recorded if it is already recorded as sent, the day is before it was issued or in the
    future, or the Code refuses the step on that day."""
    if how not in LetterPosting.How.values:
        raise InvalidRequest(None, f"unknown way of sending a letter {how!r}: use post, hand or email")
    with transaction.atomic():
        # the complaint first, as every step, ``send_held_step`` and ``issue_letter`` lock it
        complaint_services.lock_complaint(letter.complaint_id)
        record = rule(letter.edition, "record")
        if LetterPosting.objects.filter(letter=letter).exists():
            raise InvalidRequest(None, "this letter is already recorded as sent")
        issued_on = timezone.localdate(letter.issued_at)
        if sent_on < issued_on:
            raise CodeViolation(
                record, f"the letter was issued on {issued_on:%-d %B %Y}: it cannot have been sent before"
            )
        if sent_on > timezone.localdate():
            raise CodeViolation(record, f"{sent_on:%-d %B %Y} is in the future: record it once it is sent")
        posting = LetterPosting.objects.create(
            letter=letter, how=how, sent_on=sent_on, late_reason=late_reason.strip(), recorded_by=actor
        )
        stop_emails(LetterDelivery.objects.filter(letter=letter))
        held = step_waiting_for(letter)
        emailed = emailed_on(letter)
        if held is not None and (emailed is None or sent_on < emailed):
            _tell(held, letter, on=sent_on, actor=actor, late_reason=late_reason)
    return posting


def record_told(
    *,
    letter: IssuedLetter,
    sent_on: date | None,
    how: str = LetterPosting.How.POST,
    actor: User | None,
    late_reason: str = "",
) -> str:
    """The one door for "the resident was sent ``letter``": ``how`` "email", the step its sent
    email told of, on the day it went (``record_emailed``); "post" or "hand", the day it was posted
    or handed over (``record_sent``). Returns what was recorded, to say."""
    if how == "email":
        held = record_emailed(letter=letter, actor=actor, late_reason=late_reason, on=sent_on)
        return f"The {held.label} is recorded as told by “{letter.title}”, emailed on {emailed_on(letter):%-d %B %Y}."
    if sent_on is None:
        raise InvalidRequest(None, "give the day the letter was posted or handed over")
    posting = record_sent(letter=letter, sent_on=sent_on, how=how, actor=actor, late_reason=late_reason)
    said = f"“{letter.title}” recorded as sent on {sent_on:%-d %B %Y} ({posting.get_how_display().lower()})."
    emailed = emailed_on(letter)
    if emailed is not None and emailed <= sent_on:
        said += f" Its email went on {emailed:%-d %B %Y}, the day the resident was sent it."
    dead = dead_step_of(letter)
    if dead is not None:
        said += f" The {dead.label} it told of is not on the record ({dead.get_state_display().lower()}): the record keeps the letter only."
    return said


def record_emailed(
    *, letter: IssuedLetter, actor: User | None, late_reason: str = "", on: date | None = None
) -> PendingStep:
    """Record the step ``letter`` tells the resident of as told on the day its email was sent, by a
    person: where the worker that sent it could not (the Code refused the step that day, or it
    asks why it is recorded late). ``on``, if given, must be that day. Refused with nothing recorded
    as the Code refuses it."""
    with transaction.atomic():
        complaint_services.lock_complaint(letter.complaint_id)
        emailed = emailed_on(letter)
        if emailed is None:
            raise InvalidRequest(None, "this letter's email has not been sent: record the day it was posted")
        if on is not None and on != emailed:
            raise InvalidRequest(
                None, f"this letter was emailed on {emailed:%-d %B %Y}: it counts from that day"
            )
        held = step_waiting_for(letter)
        if held is None:
            raise InvalidRequest(
                None, f"this letter was emailed on {emailed:%-d %B %Y}: no step is waiting to be told by it"
            )
        _tell(held, letter, on=emailed, actor=actor, late_reason=late_reason)
    return held


def tell_after_email(delivery: LetterDelivery) -> None:
    """After ``delivery`` was sent (the worker): the step its letter tells the resident of counts
    from that day, decided as the person who issued the letter. Never raises: a step the Code
    refuses that day stays waiting, on the case page, for a person to record or discard."""
    letter = delivery.letter
    try:
        with transaction.atomic():
            complaint_services.lock_complaint(letter.complaint_id)
            held = step_waiting_for(letter)
            if held is None or LetterPosting.objects.filter(letter=letter).exists():
                return  # no step waits for it, or it was posted first and counts from that day
            emailed = emailed_on(letter)
            if emailed is not None:
                _tell(held, letter, on=emailed, actor=letter.issued_by, late_reason="")
    except LifecycleError as refused:
        log.warning("letter %s was emailed; its step was not recorded: %s", letter.pk, refused.detail)
    except Exception:  # the email went: whatever stopped the step is shown on the case, not lost
        log.exception("letter %s was emailed; recording its step failed", letter.pk)


def discard_waiting(*, held: PendingStep, actor: User | None) -> IssuedLetter | None:
    """Discard ``held`` (``complaint_services.discard_held_step``) and stop its letter's emails not
    yet sent, so the resident is not sent a step the record no longer holds. Returns the letter
    that was issued for it, if one was."""
    with transaction.atomic():
        complaint_services.lock_complaint(held.complaint_id)
        letter = waiting_for(held)
        complaint_services.discard_held_step(pending=held, actor=actor)
        stop_emails_of_dead_steps(held.complaint)
    return letter


def step_waiting_for(letter: IssuedLetter) -> PendingStep | None:
    """The held step that waits for ``letter`` to be sent, if one does."""
    return PendingStep.objects.filter(letters__issued=letter, state=PendingStep.State.PENDING).first()


def _tell(held: PendingStep, letter: IssuedLetter, *, on: date, actor: User | None, late_reason: str) -> None:
    complaint_services.send_held_step(
        pending=held,
        told=complaint_services.Told(method="letter", on=on, letter_id=letter.pk),
        actor=actor,
        late_reason=late_reason,
    )
    stop_other_letters_emails(held, told_by=letter)


def stop_other_letters_emails(held: PendingStep, *, told_by: IssuedLetter) -> int:
    """Once ``told_by`` told the resident of ``held``, stop the unsent emails of the other letters
    issued for it (a second letter, issued while the first one's email was failing): the resident
    is not sent the step twice. Returns how many were stopped."""
    return stop_emails(
        LetterDelivery.objects.filter(letter__draft__pending_step=held).exclude(letter=told_by)
    )


#: the letters that may give the resident a response date
_ACKNOWLEDGEMENTS = (LetterKind.STAGE1_ACKNOWLEDGEMENT.value, LetterKind.STAGE2_ACKNOWLEDGEMENT.value)


def with_response_dates_given(complaint_ids: Iterable[int] | QuerySet[Any], *, by: date) -> set[int]:
    """Of ``complaint_ids``, those with an acknowledgement giving a response date on or before
    ``by``, sooner than a stage not yet answered is due: a letter of PutRight's, or one sent another
    way whose kept text gave the date (``ResponseDateInTextSent``). Only their residents may have
    been told to expect a response sooner than the Code's date by then (one query for a list of
    complaints; for a queryset two, three when texts sent another way are found;
    :func:`response_promises` says which were told). Most acknowledgements give the Code's own date:
    those are not read again."""

    def sooner(number: int | OuterRef) -> Exists:
        """The acknowledgement's stage is not yet answered and is due after the date it gave."""
        return Exists(
            Stage.objects.filter(
                complaint_id=OuterRef("complaint_id"),
                number=number,
                responded_on__isnull=True,
                response_due__gt=OuterRef("response_date_given"),
            )
        )

    letters = (
        IssuedLetter.objects.filter(
            complaint_id__in=complaint_ids, kind__in=_ACKNOWLEDGEMENTS, response_date_given__lte=by
        )
        .filter(
            (Q(kind=LetterKind.STAGE1_ACKNOWLEDGEMENT.value) & sooner(1))
            | (Q(kind=LetterKind.STAGE2_ACKNOWLEDGEMENT.value) & sooner(2))
        )
        .order_by()
        .values_list("complaint_id", flat=True)
    )
    sent_another_way = (
        ResponseDateInTextSent.objects.filter(response_date_given__lte=by)
        .filter(sooner(OuterRef("stage")))
        .order_by()
        .values_list("complaint_id", flat=True)
    )
    if not isinstance(complaint_ids, QuerySet):
        # a page's rows: both kinds in one query, each looked up by the page's complaints. With the
        # JIT: the planner's estimate for a page's complaints is a few hundred, far below
        # ``jit_above_cost`` (100,000), and turning it off cost the page a transaction of its own
        # (three statements more on every queue page)
        return set(letters.union(sent_another_way.filter(complaint_id__in=complaint_ids)))
    with without_jit():  # across a landlord's open complaints, compiling cost five times the query
        # across a landlord (the team view, the queue's filter): the texts are read from their own
        # side, then only those found are looked for among ``complaint_ids``. Looked up by every open
        # complaint, SQLite listed and probed them all again however few texts there were (about
        # 15 ms at 100,000 open complaints with none, helper-95)
        found = set(letters)
        # the open complaints' only: a promise on a complaint closed without a response stands for ever
        kept = set(sent_another_way.filter(complaint__is_open=True)) - found
        if kept:
            found |= set(
                complaint_ids.model.objects.filter(pk__in=sorted(kept))
                .filter(pk__in=complaint_ids)
                .values_list("pk", flat=True)
            )
        return found


def response_promises(complaint_id: int, *, last_told: bool = False) -> dict[int, tuple[date, date]]:
    """Stage by stage, the response date the resident was told by the acknowledgements sent to them
    that give one, and the day each was sent: PutRight's letters (emailed, or recorded as posted or
    handed over; a letter not yet sent told the resident nothing) and those sent another way whose
    kept text gave a date. An acknowledgement may promise the response sooner than the Code's limit
    (2024 6.3, 6.14: "within"); the case keeps that promise beside the Code's date.

    A later acknowledgement's date replaces an earlier one only if it was sent on or before the
    earlier date: a promise already broken stays on the record, as it does when the stage is
    extended after it (:func:`putright.workspace.deadlines.case_deadlines`), so a second letter
    cannot make a broken promise look kept. Sent the same day: the sooner date (the resident holds
    both). With ``last_told``, the date the last one sent gave: what the resident was told most
    recently (their own page)."""
    return _promises_of(_dates_given([complaint_id]).get(complaint_id, []), last_told=last_told)


def _dates_given(complaint_ids: Iterable[int]) -> dict[int, list[tuple[date, int, date]]]:
    """By complaint, each acknowledgement sent to the resident that gave a response date: (the day
    it was sent, its stage, the date it gave), in the order issued or recorded. Three queries for any
    number of complaints: the letters, their emails, the texts sent another way (a fourth, tiny, for
    more than a page's complaints)."""
    ids = list(complaint_ids)
    found: dict[int, list[tuple[date, int, date]]] = defaultdict(list)
    for letter in (
        IssuedLetter.objects.filter(
            complaint_id__in=ids, kind__in=_ACKNOWLEDGEMENTS, response_date_given__isnull=False
        )
        .select_related("posting")
        .prefetch_related(
            Prefetch(
                "deliveries", queryset=LetterDelivery.objects.only("id", "letter_id", "status", "sent_at")
            )
        )
        # what says when it was sent and what it promised, not the letter itself (its text and files)
        .only("id", "complaint_id", "kind", "stage", "response_date_given", "issued_at", "posting__sent_on")
        .order_by("issued_at", "id")
    ):
        sent = told_on_loaded(letter)
        stage = letter.stage or kind_stage(parse_kind(letter.kind))
        if sent is not None and stage is not None and letter.response_date_given is not None:
            found[letter.complaint_id].append((sent, stage, letter.response_date_given))
    # a landlord that never sent an acknowledgement another way has none: asked first without the ids
    # (thousands of them across a landlord, each a parameter to build and send: helper-96)
    if len(ids) > _ASK_FIRST_ABOVE and not ResponseDateInTextSent.objects.exists():
        return found
    for pk, sent, stage, given in (
        # a text a person read as giving no date sooner keeps its row, without a date
        ResponseDateInTextSent.objects.filter(complaint_id__in=ids, response_date_given__isnull=False)
        .order_by("recorded_at", "id")
        .values_list("complaint_id", "sent_on", "stage", "response_date_given")
    ):
        if given is not None:
            found[pk].append((sent, stage, given))
    return found


#: complaints :func:`_dates_given` reads at once beyond which it first asks whether any text sent
#: another way gave a date at all (a page of the queue is 100 at most)
_ASK_FIRST_ABOVE = 100


def _promises_of(
    sent_dates: list[tuple[date, int, date]], *, last_told: bool
) -> dict[int, tuple[date, date]]:
    """:func:`response_promises` from one complaint's acknowledgements giving a date (:func:`_dates_given`)."""
    told: dict[int, tuple[date, date]] = {}
    # in the order they were sent (a stable sort: on one day, in the order issued)
    for sent, stage, given in sorted(sent_dates, key=lambda row: row[0]):
        before = told.get(stage)
        if before is not None and before[1] == sent:
            told[stage] = (min(before[0], given), sent)
        elif last_told or before is None or before[0] >= sent:
            told[stage] = (given, sent)
    return told


#: complaints read at once by :func:`promises_sooner` (a page of the queue is 100 at most; an
#: export, or the promises passed across a landlord, is read in parts of this size, well under every
#: database's limit on parameters)
_PROMISES_AT_ONCE = 2000


def promises_sooner(
    complaint_ids: list[int], *, candidates_only: bool = False
) -> dict[int, dict[int, tuple[date, date]]]:
    """:func:`response_promises` for many complaints at once, for those whose resident may have been
    told to expect a response sooner than the Code's date (:func:`with_response_dates_given`); the
    rest have none to keep. One query when no complaint has such a letter, four when some do, per
    :data:`_PROMISES_AT_ONCE` complaints. ``candidates_only``: ``complaint_ids`` are already those
    (from :func:`with_response_dates_given`), so they are not asked for again."""
    found: dict[int, dict[int, tuple[date, date]]] = {}
    for start in range(0, len(complaint_ids), _PROMISES_AT_ONCE):
        part = complaint_ids[start : start + _PROMISES_AT_ONCE]
        candidates = set(part) if candidates_only else with_response_dates_given(part, by=date.max)
        if not candidates:
            continue
        found.update(
            {pk: _promises_of(theirs, last_told=False) for pk, theirs in _dates_given(candidates).items()}
        )
    return found


def response_dates_told(complaint_id: int, *, last_told: bool = False) -> dict[int, date]:
    """:func:`response_promises` without the days the letters were sent."""
    return {
        stage: given for stage, (given, _sent) in response_promises(complaint_id, last_told=last_told).items()
    }
