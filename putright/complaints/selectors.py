"""Reads of the complaint record. Lists read the projected fields; the detail adds the history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, get_args

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from putright.accounts.models import User
from putright.code.compensation import pounds
from putright.code.exclusions import ExclusionGround
from putright.code.lifecycle import (
    SUMMARY_MOST,
    Action,
    Case,
    NewIssuesHandling,
    ReadAsComplaint,
    RemedyWithdrawal,
    Rules,
    allowed_actions,
    event_from_data,
    imported_handler_name,
    replay,
)
from putright.code.provisions import UnknownEdition
from putright.code.timescales import timescales
from putright.complaints import personal
from putright.complaints.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    Correspondence,
    ExclusionApplied,
    Extension,
    LearningPoint,
    OutstandingAction,
    Remedy,
    Stage,
)
from putright.complaints.projection import Projected, projected, user_pk
from putright.complaints.rules import landlord_rules
from putright.complaints.search import reference_forms, references_named, words_contained
from putright.complaints.wording import clause
from putright.triage import Classification, classify

LIST_RELATED = ("resident", "representative", "property", "category", "handler")

#: the orders the complaint list can be read in (see ``complaint_queryset``)
Order = Literal["due", "received", "-received", "reference"]
ORDERS: tuple[Order, ...] = get_args(Order)


#: how every door names a complaint the reader may not open, in place of its reference, singular and
#: plural ("1 on a complaint you cannot see", "logged as a new complaint you cannot see"): relative to
#: the reader, never saying why (restricted, or outside the complaints they work on), which would tell
#: them something about a complaint they may not see
COMPLAINT_YOU_CANNOT_SEE = ("complaint you cannot see", "complaints you cannot see")

#: how the Ombudsman's complaint file names a complaint the person who produced it may not open: the
#: file is read by the Housing Ombudsman, not by its producer, so "you" would be wrong there; it says
#: why the complaint is not named (who produced it may not open it), never why they may not
COMPLAINT_NOT_NAMED_IN_THE_FILE = (
    "complaint not named in this file: the person who produced it may not open it"
)

#: which of some complaints' references the reader may open (``access.policy.complaints_opened``)
Opens = Callable[[set[str]], set[str]]


def opens_none(references: set[str]) -> set[str]:
    """The reader opens none of ``references``: where nobody in particular reads (the default)."""
    return set()


def visible_complaints(user: User | None) -> QuerySet[Complaint]:
    """Complaints ``user`` may see: restricted ones only by the staff named on them (and superusers)."""
    complaints = Complaint.objects.all()
    if user is None or user.is_superuser:
        return complaints
    named = Complaint.restricted_to.through.objects.filter(user_id=user.pk).values("complaint_id")
    return complaints.filter(Q(restricted=False) | Q(pk__in=named))


def complaint_queryset(
    *,
    visible_to: User | None = None,
    state: str | None = None,
    states: list[str] | None = None,
    is_open: bool | None = None,
    handler: User | None = None,
    unallocated: bool | None = None,
    category: str | None = None,
    stage: int | None = None,
    due_before: date | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    resident_id: int | None = None,
    search: str = "",
    order: Order = "due",
) -> QuerySet[Complaint]:
    """The filtered queue, with the related rows a list shows joined in (one query per page)."""
    complaints = visible_complaints(visible_to).select_related(*LIST_RELATED)
    if state:
        complaints = complaints.filter(state=state)
    if states:
        complaints = complaints.filter(state__in=states)
    if is_open is not None:
        complaints = complaints.filter(is_open=is_open)
    if handler is not None:
        complaints = complaints.filter(handler=handler)
    if unallocated is not None:
        complaints = complaints.filter(handler__isnull=unallocated)
    if category:
        complaints = complaints.filter(category__slug=category)
    if stage is not None:
        complaints = complaints.filter(stage=stage)
    if due_before is not None:
        complaints = complaints.filter(current_due__lt=due_before)
    if received_from is not None:
        complaints = complaints.filter(received_on__gte=received_from)
    if received_to is not None:
        complaints = complaints.filter(received_on__lte=received_to)
    if resident_id is not None:
        complaints = complaints.filter(resident_id=resident_id)
    if search.strip():
        term = search.strip()
        complaints = complaints.filter(
            Q(reference__iexact=term)
            | Q(reference__in=sorted(reference_forms(term)))
            | Q(resident__name__icontains=term)
            | words_contained(("resident__name",), term)
            | Q(summary__icontains=term)
        )
    orderings: dict[Order, tuple[str | OrderBy, ...]] = {
        "due": (F("current_due").asc(nulls_last=True), "id"),
        "received": ("received_on", "id"),
        "-received": ("-received_on", "-id"),
        "reference": ("reference",),
    }
    return complaints.order_by(*orderings[order])


@dataclass(frozen=True)
class ComplaintPage:
    items: list[Complaint]
    total: int
    limit: int
    offset: int


def complaint_list(*, limit: int = 50, offset: int = 0, **filters: object) -> ComplaintPage:
    """A page of the queue: two queries (the count and the page) whatever the page size.
    ``filters`` are :func:`complaint_queryset`'s keyword arguments."""
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    complaints = complaint_queryset(**filters)  # type: ignore[arg-type]
    return ComplaintPage(
        items=list(complaints[offset : offset + limit]),
        total=complaints.count(),
        limit=limit,
        offset=offset,
    )


def case_for(complaint: Complaint) -> Case:
    """The core ``Case``, replayed from the complaint's events."""
    return replay(
        event_from_data(data, reference=complaint.reference)
        for data in personal.resolved_events_data(complaint)
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the full record: an event or a piece of correspondence, in the order they happened."""

    kind: Literal["event", "correspondence", "amendment", "note"]
    on: date
    at: datetime
    title: str
    detail: str
    actor: str
    provision: str = ""
    event: ComplaintEvent | None = None
    correspondence: Correspondence | None = None
    #: why a step dated more than 2 working days before it was recorded is recorded late (2024 5.12)
    late_reason: str = ""
    #: how the resident was told of a step the Code requires to be communicated
    told: str = ""
    #: the letter PutRight issued that told them, where one did (its ``IssuedLetter`` id)
    told_letter_id: int | None = None
    #: a change to the resident's or complaint's details (``putright.workspace.models.Amendment``)
    amendment: Any = None
    #: an internal note (``putright.workspace.models.InternalNote``): staff only, never to residents
    note: Any = None
    #: where an imported step came from ("complaints.csv row 12"); "" for a step recorded live
    imported_from: str = ""
    #: for a response at a stage never acknowledged (imported as it happened): what that says
    not_acknowledged: str = ""
    #: the other complaint of a pair linked by new issues (2024 6.8): the one logged from this one's,
    #: or the one this one was logged from; "" where the reader may not open it
    linked_complaint: str = ""
    #: the event's data as the reader may have it (:func:`event_data`)
    data: dict[str, Any] = field(default_factory=dict)
    #: every complaint the entry names by reference to its reader (:func:`complaints_named_by`)
    complaints_named: frozenset[str] = frozenset()

    @property
    def staff_only(self) -> bool:
        return self.kind == "note"

    @property
    def recorded_late(self) -> bool:
        return bool(self.late_reason)


_TOLD = {
    "letter": "a letter issued from PutRight",
    "email": "email",
    "post": "a letter sent by post",
    "portal": "the resident's online account",
    "hand": "a letter handed to the resident",
    "imported": "the previous system (imported, not a letter PutRight issued)",
}


def _told(data: dict[str, object]) -> str:
    communication = data.get("communication")
    if not isinstance(communication, dict):
        return ""
    return _TOLD.get(str(communication.get("method", "")), str(communication.get("method", "")))


def _told_letter_id(data: dict[str, object]) -> int | None:
    communication = data.get("communication")
    reference = str(communication.get("reference", "")) if isinstance(communication, dict) else ""
    kind, _, number = reference.partition(":")
    return int(number) if kind == "letter" and _an_id(number) else None


def _an_id(ref: str) -> bool:
    """Whether ``ref`` is a row's id: ASCII digits only ("²" is a digit to ``str.isdigit`` and no
    number to ``int``; "١٢" is 12 to ``int`` and a name as given, not user 12), and short enough for
    a database's id (an imported name of 20 digits, a telephone number, is a name)."""
    return ref.isascii() and ref.isdigit() and len(ref) < 19


@dataclass(frozen=True)
class ComplaintDetail:
    complaint: Complaint
    case: Case
    events: list[ComplaintEvent]
    stages: list[Stage]
    extensions: list[Extension]
    remedies: list[Remedy]
    outstanding_actions: list[OutstandingAction]
    exclusions: list[ExclusionApplied]
    correspondence: list[Correspondence]
    attachments: list[Attachment]
    learning_points: list[LearningPoint]
    timeline: list[TimelineEntry]
    allowed_actions: list[Action] = field(default_factory=list)
    #: the landlord's rules ``allowed_actions`` was worked out with, so callers need not read them again
    rules: Rules | None = None


def _title(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _on(value: object) -> str:
    try:
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    except ValueError:
        return str(value or "")


def _own_reason(event: ComplaintEvent) -> str:
    """``event``'s reason, without the "Imported from <file> row <n>" an import gives each step: the
    timeline says where an imported step came from once, from its ``imported_from`` (it was said
    twice on every imported step, found in a browser walk)."""
    imported = event.data.get("imported_from")
    if imported and event.reason == f"Imported from {imported}":
        return ""
    return event.reason


def _event_detail(event: ComplaintEvent, opened: set[str], unseen: str = COMPLAINT_YOU_CANNOT_SEE[0]) -> str:
    """What the timeline says of an event: for remedies and outstanding actions, which one and what,
    so the full record reads on its own with several (found in a browser walk: four "Remedy agreed"
    lines with nothing to tell them apart); otherwise the event's reason. A complaint linked by new
    issues is named only if it is in ``opened`` (:func:`linked_complaint_named`), otherwise in the
    words ``unseen`` (the screen's "complaint you cannot see", or the complaint file's own)."""
    data, number, reason = event.data, event.data.get("number"), _own_reason(event)
    if event.kind == "remedy_agreed":
        amount = int(data.get("amount_pence") or 0)
        money = f" ({pounds(amount)})" if amount else ""
        return f"Remedy {number}: {clause(data.get('description', ''))}{money}, by {_on(data.get('due'))}"
    if event.kind == "remedy_completed":
        return f"Remedy {number}: {reason or data.get('evidence', '')}"
    if event.kind == "remedy_withdrawn":
        try:
            ground = RemedyWithdrawal(str(data.get("ground"))).describe
        except ValueError:
            ground = str(data.get("ground") or "")
        return f"Remedy {number}, {ground.lower()}: {reason or data.get('reason', '')}"
    if event.kind == "outstanding_action_added":
        return (
            f"Action {number}: {clause(data.get('description', ''))} ({data.get('owner', '')}), "
            f"by {_on(data.get('due'))}"
        )
    if event.kind == "outstanding_action_completed":
        return f"Action {number}: {reason or data.get('note', '')}".rstrip(": ")
    if event.kind == "deadline_extended" and data.get("new_due"):
        # the date the resident was told, not only that there is one (found in a browser walk)
        due = f"Response now due {_on(data.get('new_due'))} (was {_on(data.get('previous_due'))})"
        return f"{due}. {reason}" if reason else due
    if event.kind == "received_date_corrected":
        # both days on the line: the record keeps the day it replaced (2024 5.12)
        due = (
            f" Acknowledgement now due {_on(data.get('acknowledgement_due'))}."
            if data.get("acknowledgement_due")
            else ""
        )
        said = f"Received on {_on(data.get('received_on'))}, not {_on(data.get('previous'))} as recorded until then.{due}"
        return f"{said} How we know: {reason}" if reason else said
    if event.kind == "triaged_as_service_request" and data.get("read_as_complaint"):
        return f"{reason} {_read_as_complaint(data)}".strip()
    if (
        event.kind == "declined"
        and data.get("previously_considered_in")
        and data.get("ground") == ExclusionGround.PREVIOUSLY_CONSIDERED.value
    ):
        # the earlier complaint that considered the matter, which refusing to escalate on that ground
        # names (2024 5.11, 5.12: the full record shows what the refusal rests on), as every door names
        # a complaint: only to a reader who may open it (:func:`earlier_complaint_named`)
        earlier = f"Previously considered in: {earlier_complaint_named(event, opened, unseen)}"
        return f"{reason}\n{earlier}" if reason else earlier
    if event.kind == "new_issues_raised":
        return _new_issues(data, reason, opened, unseen)
    if event.kind == "contact_received" and data.get("raised_during"):
        logged = f"Logged as a new complaint from new issues raised on {linked_complaint_named(event, opened, unseen)}"
        return f"{logged}. {reason}" if reason else logged
    if event.kind == "acknowledged" and data.get("response_due"):
        due = f"Response due {_on(data.get('response_due'))} ({event.provision})"
        return f"{reason} {due}".strip() if reason else due
    return reason


def _new_issues(
    data: dict[str, Any], reason: str, opened: set[str], unseen: str = COMPLAINT_YOU_CANNOT_SEE[0]
) -> str:
    """What the record says of new issues raised during a stage (2024 6.8; 2022 5.7): how they were
    handled (the new complaint by reference), the facts the choice rests on, the issues and why. It
    said only the reason, so a complaint whose issues were logged as another kept no trace of them
    (found in a browser walk)."""
    facts = "related" if data.get("related") else "not related"
    facts += " to the issues being investigated"
    if data.get("would_unreasonably_delay"):
        facts += "; adding them would unreasonably delay the response"
    if data.get("handled") == NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT.value:
        reference = str(data.get("new_complaint") or "")
        handled = (
            f"Logged as a new complaint: {reference}"
            if _opened(reference, opened)
            else f"Logged as a new {unseen}"
            if reference
            else "Logged as a new complaint: (no reference recorded)"
        )
    else:
        handled = (
            f"Added to the stage {data.get('stage') or 1} complaint definition, answered in its response"
        )
    why = reason or str(data.get("reason") or "")
    # how they were handled first: the complaint file cuts a long line short (400 characters)
    said = f"{handled} ({facts}).\nNew issues: {data.get('issues', '')}"
    return f"{said}\nReason: {why}" if why else said


#: where an event keeps the reference of the complaint it links this one to by new issues (2024 6.8)
LINKED_BY = {"new_issues_raised": "new_complaint", "contact_received": "raised_during"}


def _linked_complaint(event: ComplaintEvent) -> str:
    """The reference of the complaint ``event`` links this one to by new issues (2024 6.8)."""
    key = LINKED_BY.get(event.kind)
    return str(event.data.get(key) or "") if key else ""


def _opened(reference: str, opened: set[str]) -> str:
    """``reference`` where the reader may open that complaint (it is in ``opened``), else ""."""
    return reference if reference in opened else ""


def _earlier_complaints(event: ComplaintEvent) -> set[str]:
    """The complaints a refusal on "previously considered" (2024 2.2, 5.11) names as the earlier one
    that considered the matter. What the handler typed is free text, not looked up at entry (so that it
    never tells them a reference exists, ``services._not_this_complaint``), but it can be a reference,
    or hold one: those are what it names (:func:`search.references_named`)."""
    if event.kind != "declined" or event.data.get("ground") != ExclusionGround.PREVIOUSLY_CONSIDERED.value:
        return set()
    return references_named(str(event.data.get("previously_considered_in") or ""))


def _named_by(event: ComplaintEvent) -> set[str]:
    """Every complaint ``event`` names by reference: one linked by new issues, or the earlier one a
    refusal names."""
    linked = _linked_complaint(event)
    return _earlier_complaints(event) | ({linked} if linked else set())


def earlier_complaint_named(
    event: ComplaintEvent, opened: set[str], unseen: str = COMPLAINT_YOU_CANNOT_SEE[0]
) -> str:
    """The earlier complaint a refusal names as having considered the matter, as the handler gave it,
    to a reader who may open every complaint it names (``opened``); otherwise "a complaint you cannot
    see" (or the complaint file's words), as :func:`linked_complaint_named`. Said of a reference
    whatever complaint it is, or none: saying more would tell the reader whether one exists."""
    named = _earlier_complaints(event)
    if named and not named <= opened:
        return f"a {unseen}"
    return str(event.data.get("previously_considered_in") or "")


def complaints_named_by(event: ComplaintEvent, opened: set[str]) -> set[str]:
    """The complaints ``event`` names to a reader who opens ``opened``: what a stored complaint file
    records it names, so that only those who may open them all download it (``ombudsman.casefile``)."""
    named = _earlier_complaints(event)
    shown = named if named and named <= opened else set()
    return shown | ({_opened(_linked_complaint(event), opened)} - {""})


def linked_complaint_named(
    event: ComplaintEvent, opened: set[str], unseen: str = COMPLAINT_YOU_CANNOT_SEE[0]
) -> str:
    """The complaint ``event`` links this one to by new issues (2024 6.8), as every door names it to
    its reader: by reference where they may open it (``opened``), otherwise "a complaint you cannot
    see", never its reference (another team's, or restricted to other people: a link would be "Page
    not found", and the reference of a restricted complaint must not reach anyone not named on it)."""
    return _opened(_linked_complaint(event), opened) or f"a {unseen}"


def event_data(event: ComplaintEvent, opened: set[str]) -> dict[str, Any]:
    """``event``'s data as a door gives it to its reader: the reference of a complaint linked by new
    issues that they may not open is ``None`` (:func:`linked_complaint_named`), and so is the earlier
    complaint a refusal names, if it names one they may not open (:func:`earlier_complaint_named`). Not a copy unless
    something is left out: callers copy it before changing it."""
    data: dict[str, Any] = event.data
    earlier = _earlier_complaints(event)
    if earlier and not earlier <= opened:
        return {**data, "previously_considered_in": None}
    key = LINKED_BY.get(event.kind)
    if not key or not data.get(key) or _opened(str(data[key]), opened):
        return data
    return {**data, key: None}


def _read_as_complaint(data: dict[str, Any]) -> str:
    """What a service request's record says of the triage hint that read the resident's words as a
    complaint, and of the reminder of the choice to make one (2024 1.3): so the full record shows
    whether the person recording it was told (2024 5.12)."""
    cues = str(data.get("complaint_cues") or "")
    provision = str(data.get("choice_provision") or "")
    read = (
        f"Recorded though the triage hint read the resident's words as a complaint, "
        f"{data.get('read_as_complaint_percent') or 0}% confident{f' ({cues})' if cues else ''}"
    )
    if data.get("choice_reminder_shown"):
        return f"{read}; the person recording it was reminded that the resident must be given the choice to make a complaint ({provision})."
    return f"{read}; recorded without the reminder of the choice to make a complaint ({provision}), which only the workspace shows."


def _event_provision(event: ComplaintEvent) -> str:
    """The provision a timeline line cites for the step. An acknowledgement's event carries the
    provision of the response date it set (2024 6.3), and read "Acknowledged (2024 6.3)", the
    response's timescale: it cites the acknowledgement's own (6.2, 6.11 at stage 2), with the
    response date and its provision in the detail."""
    if event.kind != "acknowledged" or not event.provision:
        return event.provision
    edition = event.provision.split(" ", 1)[0]
    try:
        acknowledge = timescales(edition).acknowledge.get(int(event.data.get("stage") or 1))
    except (UnknownEdition, ValueError):
        return event.provision
    return acknowledge.provision if acknowledge is not None else event.provision


def _not_acknowledged(event: ComplaintEvent) -> str:
    """What a response at a stage never acknowledged (imported as it happened) says: no
    acknowledgement is recorded, so none was made in the Code's time (2024 6.2, 6.11; 2022 4.1)."""
    if event.kind != "responded" or not event.data.get("without_acknowledgement"):
        return ""
    stage = int(event.data.get("stage") or 1)
    said = f"No stage {stage} acknowledgement is recorded: this stage was answered without one"
    try:
        acknowledge = timescales(event.provision.split(" ", 1)[0]).acknowledge.get(stage)
    except (UnknownEdition, ValueError):
        acknowledge = None
    if acknowledge is None:
        return said + "."
    return f"{said}, so it was not acknowledged within the Code's time ({acknowledge.provision})."


def build_timeline(
    events: list[ComplaintEvent],
    correspondence: list[Correspondence],
    *,
    opens: Opens,
    amendments: Iterable[Any] = (),
    notes: Iterable[Any] = (),
    unseen: str = COMPLAINT_YOU_CANNOT_SEE[0],
) -> list[TimelineEntry]:
    """A complaint's events and correspondence as one timeline, in order (for ``complaint_detail``
    and the workspace's case page). The workspace adds ``amendments`` (changes to the resident's and
    complaint's details, kept outside the events so their personal data can be redacted) and
    ``notes`` (internal notes, staff only). ``opens``: which complaints the reader may open, asked
    once for those linked by new issues (2024 6.8), which are named and linked only if they may
    (:func:`linked_complaint_named`): every door asks the same question. ``unseen``: the words for one
    they may not open (the complaint file, read by the Ombudsman, has its own:
    :data:`COMPLAINT_NOT_NAMED_IN_THE_FILE`)."""
    linked = set().union(*map(_named_by, events))
    opened = opens(linked) if linked else set()
    timeline = [
        TimelineEntry(
            kind="event",
            on=e.on,
            at=e.recorded_at,
            title=_title(e.kind),
            detail=_event_detail(e, opened, unseen),
            actor=e.actor_label,
            provision=_event_provision(e),
            event=e,
            late_reason=str(e.data.get("late_reason") or ""),
            told=_told(e.data),
            told_letter_id=_told_letter_id(e.data),
            imported_from=str(e.data.get("imported_from") or ""),
            not_acknowledged=_not_acknowledged(e),
            data=event_data(e, opened),
            linked_complaint=_opened(_linked_complaint(e), opened),
            complaints_named=frozenset(complaints_named_by(e, opened)),
        )
        for e in events
    ] + [
        TimelineEntry(
            kind="correspondence",
            on=timezone.localdate(c.occurred_at),
            at=c.occurred_at,
            title=c.subject or f"{c.get_direction_display()} by {c.get_channel_display().lower()}",
            detail=c.body,
            actor=c.correspondent or (str(c.recorded_by) if c.recorded_by else ""),
            correspondence=c,
        )
        for c in correspondence
    ]
    timeline += [
        TimelineEntry(
            kind="amendment",
            on=timezone.localdate(a.recorded_at),
            at=a.recorded_at,
            title=a.get_kind_display(),
            detail=a.reason,
            actor=a.actor_label,
            provision=a.provision,
            amendment=a,
        )
        for a in amendments
    ]
    timeline += [
        TimelineEntry(
            kind="note",
            on=timezone.localdate(n.created_at),
            at=n.created_at,
            title="Internal note (staff only)",
            detail=n.body,
            actor=str(n.author) if n.author else "",
            note=n,
        )
        for n in notes
    ]
    # Events carry a day, correspondence a moment: order by day, then by when each was recorded.
    timeline.sort(key=lambda entry: (entry.on, entry.at))
    return timeline


def complaint_detail(
    *,
    reference: str,
    visible_to: User | None = None,
    opens: Opens = opens_none,
    unseen: str = COMPLAINT_YOU_CANNOT_SEE[0],
) -> ComplaintDetail:
    """Everything about one complaint, with its timeline (``opens`` and ``unseen``:
    :func:`build_timeline`'s; by default no complaint linked by new issues is named). Raises
    ``Complaint.DoesNotExist``."""
    complaint = (
        visible_complaints(visible_to)
        # only what callers read: each extra join cost PostgreSQL planning time on every request
        # (10 tables: 2.5 ms; 6: 0.7 ms)
        .select_related(*LIST_RELATED)
        .get(reference=reference)
    )
    events = personal.resolve_rows(
        ComplaintEvent.objects.filter(complaint=complaint).select_related("actor").order_by("sequence")
    )
    case = replay(event_from_data(e.data, reference=complaint.reference) for e in events)
    correspondence = list(
        Correspondence.objects.filter(complaint=complaint)
        .select_related("recorded_by")
        .order_by("occurred_at", "id")
    )
    timeline = build_timeline(events, correspondence, opens=opens, unseen=unseen)
    rules = landlord_rules()
    return ComplaintDetail(
        complaint=complaint,
        case=case,
        events=events,
        stages=list(Stage.objects.filter(complaint=complaint).select_related("handler")),
        extensions=list(Extension.objects.filter(complaint=complaint)),
        remedies=list(Remedy.objects.filter(complaint=complaint)),
        outstanding_actions=list(OutstandingAction.objects.filter(complaint=complaint)),
        exclusions=list(ExclusionApplied.objects.filter(complaint=complaint)),
        correspondence=correspondence,
        attachments=list(Attachment.objects.filter(complaint=complaint).select_related("uploaded_by")),
        learning_points=list(LearningPoint.objects.filter(complaint=complaint).select_related("owner")),
        timeline=timeline,
        allowed_actions=allowed_actions(case, rules),
        rules=rules,
    )


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint as the API shows it: its history and correspondence (the API builds the timeline
    with the record's changes and notes), and the stages, remedies and
    actions that :func:`putright.complaints.projection.projected` derives from the replayed case
    (what the projection tables hold, without reading them). ``handlers``: usernames by user pk."""

    complaint: Complaint
    case: Case
    events: list[ComplaintEvent]
    correspondence: list[Correspondence]
    allowed_actions: list[Action]
    rules: Rules
    rows: Projected
    handlers: dict[int, str]


def complaint_record(complaint: Complaint, *, rules: Rules | None = None) -> ComplaintRecord:
    """The record of ``complaint`` (loaded by the caller, who checked it may be seen, with its
    ``handler`` joined) in three queries: events, correspondence, and the landlord's rules unless
    given; a fourth only for a stage handler other than the complaint's current one."""
    events = list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence"))
    case = replay(event_from_data(e.data, reference=complaint.reference) for e in events)
    correspondence = list(
        Correspondence.objects.filter(complaint=complaint)
        .select_related("recorded_by")
        .order_by("occurred_at", "id")
    )
    rules = rules or landlord_rules()
    handlers: dict[int, str] = {}
    if complaint.handler_id is not None and complaint.handler is not None:
        handlers[complaint.handler_id] = complaint.handler.get_username()
    wanted = {pk for pk in (user_pk(h) for h in case.handlers.values()) if pk is not None} - set(handlers)
    if wanted:
        handlers.update(User.objects.filter(pk__in=wanted).values_list("pk", "username"))
    return ComplaintRecord(
        complaint=complaint,
        case=case,
        events=events,
        correspondence=correspondence,
        allowed_actions=allowed_actions(case, rules),
        rules=rules,
        rows=projected(complaint.pk, case, set(handlers)),
        handlers=handlers,
    )


def triage_hint(complaint: Complaint) -> Classification | None:
    """The triage hint for ``complaint``'s summary (2024 1.3), ``None`` if it cannot be read."""
    try:
        # The hint reads at most the first SUMMARY_MOST characters, all any door takes now: a
        # summary saved longer before there was a bound (one of 225,000 made this page time out,
        # helper-triage) is hinted from its start, and the whole of it stays on the page.
        return classify(complaint.summary[:SUMMARY_MOST], source=complaint.channel)
    except ValueError:
        return None


def read_as_complaint(complaint: Complaint) -> ReadAsComplaint | None:
    """The triage hint's reading of the resident's words, where it reads them as a complaint (2024
    1.3): what recording the contact as a service request keeps, from whichever door."""
    hint = triage_hint(complaint)
    if hint is None or hint.label != "complaint":
        return None
    return ReadAsComplaint(percent=round(hint.confidence * 100), cues=tuple(hint.phrases))


#: how a reader is shown a user the record names whose account has since been deleted (its id says
#: nothing to them)
FORMER_STAFF = "a former member of staff"


def people_named(refs: Iterable[str], *, known: dict[str, str] | None = None) -> dict[str, str]:
    """How a reader is shown each person the core knows (``services.staff_ref``: a user's pk, or an
    imported handler): a user's name, "J Smith (name as imported, not linked to an account)",
    :data:`FORMER_STAFF` for a user's pk with no user any more, or the reference as stored when it is
    none of these. ``known`` gives names already at hand, so only the others are looked up."""
    wanted = set(refs)
    names = {ref: name for ref, name in (known or {}).items() if ref in wanted}
    pks = [int(ref) for ref in wanted - names.keys() if _an_id(ref)]
    if pks:
        names.update({str(u.pk): str(u) for u in User.objects.filter(pk__in=pks)})
    return {
        ref: names.get(ref) or imported_handler_name(ref) or (FORMER_STAFF if _an_id(ref) else ref)
        for ref in wanted
    }
