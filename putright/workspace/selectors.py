"""Reads for the workspace: the queue (scoped, filtered, searched, sorted, paged in a fixed number
of queries), the team view and the people a stage can be allocated to."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy

from putright.accounts.models import Role, User
from putright.code.calendar import WorkingCalendar
from putright.code.lifecycle import Action, Case, Rules, allowed_actions, event_from_data, replay
from putright.code.provisions import EDITIONS
from putright.complaints import personal
from putright.complaints.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    ContactRestriction,
    Correspondence,
    Extension,
    Property,
    ReasonableAdjustment,
    Resident,
)
from putright.complaints.rules import landlord_rules
from putright.complaints.search import (
    Folded,
    fold,
    phone_matches,
    postcode_matches,
    reference_forms,
    words_contained,
)
from putright.complaints.selectors import TimelineEntry, build_timeline
from putright.workspace.deadlines import (
    AT_RISK_WORKING_DAYS,
    last_day_received_due_before,
)
from putright.workspace.models import RESIDENT_KINDS, Amendment, InternalNote, OutboxEmail, Vulnerability
from putright.workspace.permissions import complaints_opened, scope
from putright.workspace.presence import present
from putright.workspace.promises import passed_promises

QUEUE_RELATED = ("resident", "property", "category", "handler", "representative")

SORTS: dict[str, tuple[str, tuple[str | OrderBy, ...]]] = {
    # by the stored deadline, which its index serves: a contact waiting for triage, with none, comes
    # after the complaints. Sorting it by its would-be acknowledgement date (a CASE over the day
    # received) took the index away from every default queue page; it is in the Overdue and Due this
    # week filters by that date instead
    "due": ("Deadline, soonest first", (F("current_due").asc(nulls_last=True), "id")),
    "-received": ("Received, newest first", ("-received_on", "-id")),
    "received": ("Received, oldest first", ("received_on", "id")),
    "reference": ("Reference", ("reference",)),
}
PAGE_SIZES = (10, 25, 50, 100)


@dataclass(frozen=True)
class QueueFilters:
    """What the person asked the queue for (from the query string)."""

    search: str = ""
    whose: str = ""  # "" (everything I can see), "mine", "team", "unallocated"
    due: str = ""  # "", "week" (due this week, by Friday), "overdue"
    stage: int | None = None
    category: str = ""
    sort: str = "due"
    page: int = 1
    per_page: int = 25
    show: str = ""  # "" (open), "closed", "all" (open and closed)
    #: with ``due="promised"``, the complaints whose promised date has passed, once worked out (a page
    #: reads them for its rows and for its total)
    promised: tuple[int, ...] | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.search or self.whose or self.due or self.stage is not None or self.category or self.show
        )

    @property
    def what(self) -> str:
        """What the rows are, for the table's caption."""
        return {"closed": "Closed complaints and contacts", "all": "Complaints and contacts"}.get(
            self.show, "Open complaints and contacts"
        )


def search_filter(term: str) -> Q:
    """Find complaints by reference, resident name, address, postcode, telephone, email or what
    was said, read as people type them (``putright.complaints.search``: ``123`` for ``PR-000123``,
    ``Sian`` for ``Siân``, ``sw1a1aa`` for ``SW1A 1AA``, ``07700 900123`` for ``+447700900123``).

    PostgreSQL: full-text search (``SearchVector``/``SearchQuery``, ``websearch`` syntax) on the
    complaint's text, and on the resident's name and the address with their accents folded, each
    backed by a GIN expression index (migrations ``workspace.0002`` and ``0006``), plus reference
    and postcode look-ups. SQLite: the reference and postcode by their indexes, and substring
    matches on the folded name and address and on the text."""
    term = term.strip()
    found = Q(reference__iexact=term) | Q(reference__istartswith=term.upper())
    for reference in reference_forms(term):
        found |= Q(reference=reference)
    found |= postcode_matches("property__postcode", term)
    if "@" in term:
        found |= Q(resident__email__iexact=term)
    phone = phone_matches("resident__phone", term)
    if phone is not None:
        found |= phone
    if connection.vendor == "postgresql":
        text_query = SearchQuery(term, search_type="websearch", config="english")
        name_query = SearchQuery(fold(term), search_type="websearch", config="simple")
        said = (
            Complaint.objects.annotate(document=SearchVector("summary", config="english"))
            .filter(document=text_query)
            .values("pk")
        )
        named = (
            Resident.objects.annotate(document=SearchVector(Folded("name"), config="simple"))
            .filter(document=name_query)
            .values("pk")
        )
        addressed = (
            Property.objects.annotate(
                document=SearchVector(
                    Folded("address_line_1"), Folded("address_line_2"), Folded("town"), config="simple"
                )
            )
            .filter(document=name_query)
            .values("pk")
        )
        return found | Q(pk__in=said) | Q(resident_id__in=named) | Q(property_id__in=addressed)
    return (
        found
        | words_contained(("resident__name", "property__address_line_1"), term)
        | Q(summary__icontains=term)
    )


def _end_of_week(today: date) -> date:
    """The Friday that ends "this week": this Friday, or at the weekend the coming one. Saturday's
    own Saturday held no deadline, so "due this week" showed none on a weekend."""
    days = 4 - today.weekday()
    return today + timedelta(days=days if days >= 0 else days + 7)


def if_a_complaint_due(calendar: WorkingCalendar, *, before: date, on_or_after: date | None = None) -> Q:
    """Contacts still waiting for triage whose stage 1 acknowledgement, if they are complaints, is due
    before ``before`` (and on or after ``on_or_after``, if given): the Code counts it from the day
    the complaint was received (2024 6.2), so the clock is already running while the contact waits
    to be accepted or recorded as a service request. A range of ``received_on`` per edition, worked
    out once by the core's count (``deadlines.last_day_received_due_before``: the date never goes
    back as the day received goes forward): no query of its own, nothing per row."""
    bounds: dict[tuple[date | None, date], list[str]] = {}
    for edition in EDITIONS:
        after = last_day_received_due_before(calendar, on_or_after, edition) if on_or_after else None
        bounds.setdefault((after, last_day_received_due_before(calendar, before, edition)), []).append(
            edition
        )

    def received(after: date | None, last: date) -> Q:
        return Q(received_on__lte=last) if after is None else Q(received_on__gt=after, received_on__lte=last)

    if len(bounds) == 1:
        return Q(state="received") & received(*next(iter(bounds)))
    found = Q()
    for (after, last), named in bounds.items():
        found |= Q(edition__in=named) & received(after, last)
    return Q(state="received") & found


def late_if_a_complaint(calendar: WorkingCalendar, today: date) -> Q:
    """Contacts still waiting for triage whose stage 1 acknowledgement, if they are complaints, was
    due before ``today`` (:func:`if_a_complaint_due`)."""
    return if_a_complaint_due(calendar, before=today)


def past_due(calendar: WorkingCalendar, today: date) -> Q:
    """What the Overdue views hold: complaints whose Code deadline has passed, and contacts waiting
    for triage that would be late if they are complaints (:func:`late_if_a_complaint`)."""
    return Q(current_due__lt=today) | late_if_a_complaint(calendar, today)


def due_between(calendar: WorkingCalendar, first: date, last: date) -> Q:
    """What is due from ``first`` to ``last`` (both included: "due this week", "due in the next 2
    working days"): complaints by their Code deadline, and contacts waiting for triage by the day
    their acknowledgement is due if they are complaints, as :func:`past_due` counts them late."""
    return Q(current_due__gte=first, current_due__lte=last) | if_a_complaint_due(
        calendar, on_or_after=first, before=last + timedelta(days=1)
    )


def _filtered_queue(user: User, filters: QueueFilters, *, today: date) -> QuerySet[Complaint]:
    """The complaints ``user`` may see that match ``filters`` (open ones unless the filters ask
    for closed ones too): no joins, no annotations, no order (what the total counts)."""
    complaints = scope(user)
    if filters.show != "all":
        complaints = complaints.filter(is_open=filters.show != "closed")
    if filters.whose == "mine":
        complaints = complaints.filter(handler_id=user.pk)
    elif filters.whose == "team":
        if user.team_id is None:
            complaints = complaints.filter(handler_id=user.pk)
        else:
            complaints = complaints.filter(handler__team_id=user.team_id)
    elif filters.whose == "unallocated":
        complaints = complaints.filter(handler__isnull=True)
    if filters.due == "overdue":
        complaints = complaints.filter(past_due(landlord_rules().calendar, today))
    elif filters.due == "week":
        complaints = complaints.filter(due_between(landlord_rules().calendar, today, _end_of_week(today)))
    elif filters.due == "promised":
        # the response date an acknowledgement letter gave has passed, whatever the Code's date
        complaints = complaints.filter(pk__in=_promised_passed(user, filters, today=today))
    if filters.stage is not None:
        complaints = complaints.filter(stage=filters.stage)
    if filters.category:
        complaints = complaints.filter(category__slug=filters.category)
    if filters.search.strip():
        complaints = complaints.filter(search_filter(filters.search))
    return complaints


def _promised_passed(user: User, filters: QueueFilters, *, today: date) -> tuple[int, ...]:
    """The queue's complaints, under its other filters, whose promised date has passed: as worked
    out once for the page (``filters.promised``), or now."""
    if filters.promised is not None:
        return filters.promised
    others = _filtered_queue(user, replace(filters, due=""), today=today)
    return tuple(passed_promises(others, today=today, calendar=landlord_rules().calendar))


#: the queue counts its complaints up to this many and then says "more than": counting every open
#: complaint of a large landlord reads every one of them (90,000 at 300,000 complaints: 30-45 ms on
#: PostgreSQL, on every queue page), and past this many the exact number helps nobody work the queue
#: (the governance pages count them all)
QUEUE_COUNT_LIMIT = 10_000


def more_than_the_limit(count: int) -> str | None:
    """The limit a count cut at ``QUEUE_COUNT_LIMIT + 1`` passed ("10,000"), or ``None`` when the
    count is exact: past the limit the number is one nobody counted."""
    return f"{QUEUE_COUNT_LIMIT:,}" if count > QUEUE_COUNT_LIMIT else None


def queue_total(user: User, filters: QueueFilters, *, today: date) -> int:
    """How many complaints the filtered queue holds, across every page, up to
    ``QUEUE_COUNT_LIMIT + 1`` (which means "more than the limit"): one COUNT on the complaint table
    with the filters' joins only."""
    complaints = _filtered_queue(user, filters, today=today)
    if connection.vendor == "sqlite" and not filters.show:
        # ``is_open IN (1)`` beside the filter's bare ``is_open``: SQLite searches the (is_open, ...)
        # index for the former but scans all of it for the latter (100,000 complaints: 14 -> 4 ms).
        # Not on PostgreSQL, whose planner reads both as ``is_open = true`` and, given the two,
        # misjudges how many rows match and picks a worse index.
        complaints = complaints.filter(is_open__in=[True])
    return complaints.order_by().values("pk")[: QUEUE_COUNT_LIMIT + 1].count()


def late_contacts_after_the_complaints(user: User, filters: QueueFilters, *, today: date) -> int:
    """How many contacts waiting for triage in the filtered queue would already be late if they are
    complaints (:func:`late_if_a_complaint`, 2024 6.2), when the queue is in deadline order: with no
    Code deadline of their own they come after every complaint there, past pages of complaints due
    later than they would be (found in a browser walk). 0 in another order, and where the filters
    cannot hold such a contact or already show only them; one COUNT on contacts received (the
    ``state`` index), up to ``QUEUE_COUNT_LIMIT + 1``."""
    if filters.sort != "due" or filters.due in ("week", "promised"):
        return 0
    if filters.due == "overdue" and filters.stage == 0:
        return 0
    if filters.stage not in (None, 0) or filters.show == "closed":
        return 0
    late = _filtered_queue(user, filters, today=today).filter(
        late_if_a_complaint(landlord_rules().calendar, today)
    )
    return late.order_by().values("pk")[: QUEUE_COUNT_LIMIT + 1].count()


def queue_queryset(user: User, filters: QueueFilters, *, today: date) -> QuerySet[Complaint]:
    """The complaints ``user`` may see (open ones unless asked for closed ones), filtered and sorted, with everything a row shows joined
    or annotated in: one query for any page."""
    complaints = (
        _filtered_queue(user, filters, today=today)
        .select_related(*QUEUE_RELATED)
        .annotate(
            has_adjustments=Exists(ReasonableAdjustment.objects.filter(resident_id=OuterRef("resident_id"))),
            # the Vulnerable tag and its reason: recorded vulnerabilities and disclosed disabilities
            # only (2024 5.10), never free text such as support needs
            vulnerability_reason=Subquery(
                Vulnerability.objects.filter(resident_id=OuterRef("resident_id"))
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
                .order_by("-recorded_on", "-id")
                .values("reason")[:1]
            ),
            disclosed_disability=Subquery(
                ReasonableAdjustment.objects.filter(resident_id=OuterRef("resident_id"))
                .exclude(disclosed_disability="")
                .order_by("-agreed_on", "-id")
                .values("disclosed_disability")[:1]
            ),
            has_restriction=Exists(
                ContactRestriction.objects.filter(resident_id=OuterRef("resident_id")).filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gt=today)
                )
            ),
        )
    )
    _, ordering = SORTS.get(filters.sort, SORTS["due"])
    return complaints.order_by(*ordering)


@dataclass(frozen=True)
class QueuePage:
    items: list[Complaint]
    page: int
    per_page: int
    has_next: bool
    total: int = 0

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def more_than(self) -> str | None:
        """The limit the total passed ("10,000"), or ``None`` when the total is exact."""
        return more_than_the_limit(self.total)

    @property
    def last_page(self) -> int | None:
        """The last page with rows (1 when there are none), or ``None`` when the total is not exact."""
        return None if self.more_than else max(1, -(-self.total // self.per_page))

    @property
    def past_the_end(self) -> bool:
        """A page after the last one with rows, while the queue holds some (page 2 of 2 complaints)."""
        return self.page > 1 and not self.items and self.total > 0

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.per_page + len(self.items)


def queue_page(user: User, filters: QueueFilters, *, today: date) -> QueuePage:
    """One page of the queue in one query, and its total in one cheap COUNT (no joins for the
    row's details, no annotations, no order). The page fetches a row more than it shows to know
    whether there is a next page. The page's ids are chosen
    in a subquery on the complaint table alone, and only those rows are joined and annotated:
    slicing the joined, annotated query made the database do that for every row it skipped too
    (page 2,000 of 100,000 complaints: 170-280 ms)."""
    offset = (filters.page - 1) * filters.per_page
    if filters.due == "promised" and filters.promised is None:
        filters = replace(filters, promised=_promised_passed(user, filters, today=today))
    complaints = queue_queryset(user, filters, today=today)
    page_ids = complaints.values("pk")[offset : offset + filters.per_page + 1]
    rows = list(complaints.filter(pk__in=page_ids))
    return QueuePage(
        items=rows[: filters.per_page],
        page=filters.page,
        per_page=filters.per_page,
        has_next=len(rows) > filters.per_page,
        total=queue_total(user, filters, today=today),
    )


# --------------------------------------------------------------------------------------------------
# The team view


@dataclass
class Workload:
    handler: User | None
    open: int = 0
    overdue: int = 0
    at_risk: int = 0
    due_this_week: int = 0


@dataclass
class TeamView:
    workload: list[Workload] = field(default_factory=list)
    at_risk: list[Complaint] = field(default_factory=list)
    overdue: list[Complaint] = field(default_factory=list)
    overdue_total: int = 0
    extensions: list[Extension] = field(default_factory=list)
    at_risk_until: date | None = None
    #: told by an acknowledgement letter to expect the response by a date now passed, unanswered
    #: (2024 6.3, 6.14), whatever the Code's date: the soonest ``limit`` of ``promises_passed_total``
    promises_passed: list[Complaint] = field(default_factory=list)
    promises_passed_total: int = 0


def team_view(user: User, *, today: date, calendar: WorkingCalendar, limit: int = 50) -> TeamView:
    """Open cases per handler, cases at risk in the next two working days, overdue cases, and the
    extensions granted in the last 90 days with their reasons. A fixed number of queries."""
    open_complaints = scope(user).filter(is_open=True)
    until = calendar.add_working_days(today, AT_RISK_WORKING_DAYS)
    # contacts waiting for triage by the day their acknowledgement is due if they are complaints
    # (2024 6.2), in every count and list as in the Overdue ones
    late = past_due(calendar, today)
    at_risk = due_between(calendar, today, until)
    rows = (
        open_complaints.values("handler_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=late),
            at_risk=Count("id", filter=at_risk),
            due_this_week=Count("id", filter=due_between(calendar, today, _end_of_week(today))),
        )
        .order_by()
    )
    counts = {row["handler_id"]: row for row in rows}
    people = {u.pk: u for u in User.objects.filter(pk__in=[pk for pk in counts if pk is not None])}
    workload = [
        Workload(handler=people.get(pk) if pk is not None else None, **_counts(row))
        for pk, row in counts.items()
    ]
    workload.sort(key=lambda w: (-w.overdue, -w.open, str(w.handler or "")))
    # contacts waiting for triage (no Code deadline of their own) after the complaints, on any database
    listed = open_complaints.select_related(*QUEUE_RELATED).order_by(
        F("current_due").asc(nulls_last=True), "received_on", "id"
    )
    passed = passed_promises(open_complaints, today=today, calendar=calendar)
    shown = {c.pk: c for c in listed.filter(pk__in=passed[:limit])}
    return TeamView(
        promises_passed=[shown[pk] for pk in passed[:limit] if pk in shown],
        promises_passed_total=len(passed),
        workload=workload,
        at_risk=list(listed.filter(at_risk)[:limit]),
        overdue=list(listed.filter(late)[:limit]),
        overdue_total=sum(w.overdue for w in workload),
        extensions=_recent_extensions(user, since=today - timedelta(days=90), limit=limit),
        at_risk_until=until,
    )


def _recent_extensions(user: User, *, since: date, limit: int) -> list[Extension]:
    """The newest extensions ``user`` may see. Read newest first and checked with the same
    predicates as the case page (one query for the restrictions naming ``user``), rather than joined
    to the whole visible set, which costs a scan of every complaint at scale."""
    from putright.workspace.permissions import by_role_or_handling, handles_complaints

    if not handles_complaints(user):
        return []
    rows = (
        Extension.objects.filter(granted_on__gte=since)
        .select_related("complaint", "complaint__handler", "complaint__resident")
        .order_by("-granted_on", "-id")
    )
    found: list[Extension] = []
    for start in range(0, 12 * limit, 4 * limit):
        batch = list(rows[start : start + 4 * limit])
        restricted = [e.complaint_id for e in batch if e.complaint.restricted]
        named = set(
            Complaint.restricted_to.through.objects.filter(
                user_id=user.pk, complaint_id__in=restricted
            ).values_list("complaint_id", flat=True)
            if restricted and not user.is_superuser
            else []
        )
        found += [
            e
            for e in batch
            if (not e.complaint.restricted or user.is_superuser or e.complaint_id in named)
            and by_role_or_handling(user, e.complaint)
        ]
        if len(found) >= limit or len(batch) < 4 * limit:
            break
    return found[:limit]


def _counts(row: Any) -> dict[str, int]:
    return {
        "open": row["open"],
        "overdue": row["overdue"],
        "at_risk": row["at_risk"],
        "due_this_week": row["due_this_week"],
    }


def handler_workload(*, today: date) -> dict[int, Workload]:
    """Every handler's open complaints, those due this week (by Friday) and those overdue, keyed by
    the handler's id: the figures shown beside each name when allocating. One query."""
    rows = (
        Complaint.objects.filter(is_open=True, handler__isnull=False)
        .values("handler_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(current_due__lt=today)),
            due_this_week=Count("id", filter=Q(current_due__gte=today, current_due__lte=_end_of_week(today))),
        )
        .order_by()
    )
    return {
        row["handler_id"]: Workload(
            handler=None, open=row["open"], overdue=row["overdue"], due_this_week=row["due_this_week"]
        )
        for row in rows
    }


def workload_phrase(load: Workload | None) -> str:
    """ "12 open, 3 due this week, 1 overdue" (or "no open complaints")."""
    if load is None or not load.open:
        return "no open complaints"
    return f"{load.open} open, {load.due_this_week} due this week, {load.overdue} overdue"


# --------------------------------------------------------------------------------------------------
# Allocation


def allocatable_staff() -> QuerySet[User]:
    """Active staff who can handle complaints."""
    return User.objects.filter(
        is_active=True,
        role__in=[Role.COMPLAINT_HANDLER, Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR],
    ).order_by("first_name", "last_name", "username")


def considered_earlier_stages(case: Case) -> set[str]:
    """Everyone who considered an earlier stage than the current one (2024 6.13; 2022 5.12)."""
    earlier = {case.handlers.get(s) for s in range(1, case.stage)}
    earlier |= {person for s in range(1, case.stage) for person in case.considered_by.get(s, ())}
    return {ref for ref in earlier if ref}


# --------------------------------------------------------------------------------------------------
# The case page


@dataclass(frozen=True)
class CaseView:
    """What the case page shows, read in a fixed, small number of queries: the complaint with its
    people joined in, its events (replayed to the core ``Case``, which also gives the stages,
    extensions, remedies and outstanding actions), correspondence and documents."""

    complaint: Complaint
    case: Case
    events: list[ComplaintEvent]
    correspondence: list[Correspondence]
    attachments: list[Attachment]
    timeline: list[TimelineEntry]
    allowed_actions: list[Action]
    outbox: dict[int, OutboxEmail] = field(default_factory=dict)


def case_amendments(complaint: Complaint) -> list[Amendment]:
    """Changes made on this complaint, and changes to its resident made on any of their complaints."""
    return list(
        Amendment.objects.filter(
            Q(complaint=complaint)
            | Q(resident_id=complaint.resident_id, kind__in=[k.value for k in RESIDENT_KINDS])
        )
        .select_related("complaint")
        .order_by("recorded_at", "id")
    )


def case_view(*, reference: str, user: User, rules: Rules) -> CaseView:
    """The case page's data for ``user``; raises ``Complaint.DoesNotExist`` if they may not see it.
    Equivalent to ``complaint_detail`` (same timeline, same ``allowed_actions``) without the
    projection tables, which the replayed case already holds."""
    complaint = (
        scope(user)
        .select_related(
            "resident",
            "representative",
            "property",
            "category",
            "handler",
            "stage_1_handler",
            "stage_2_handler",
        )
        .get(reference=reference)
    )
    found = present(complaint)  # which side tables to read at all (one query)
    events = personal.resolve_rows(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence"))
    case = replay(event_from_data(e.data, reference=complaint.reference) for e in events)
    correspondence = (
        list(
            Correspondence.objects.filter(complaint=complaint)
            .select_related("recorded_by")
            .order_by("occurred_at", "id")
        )
        if "correspondence" in found
        else []
    )
    timeline = build_timeline(
        events,
        correspondence,
        # a complaint linked by new issues (2024 6.8) is named and linked only where the reader may
        # open it, as the governance lists do: another team's, or a restricted one, is "a complaint
        # you cannot see"
        opens=complaints_opened(user),
        amendments=case_amendments(complaint) if "amendments" in found else [],
        notes=InternalNote.objects.filter(complaint=complaint).select_related("author")
        if "notes" in found
        else [],
    )
    return CaseView(
        complaint=complaint,
        case=case,
        events=events,
        correspondence=correspondence,
        attachments=list(Attachment.objects.filter(complaint=complaint).select_related("uploaded_by"))
        if "attachments" in found
        else [],
        timeline=timeline,
        allowed_actions=allowed_actions(case, rules),
        outbox={o.correspondence_id: o for o in OutboxEmail.objects.filter(complaint=complaint)}
        if "outbox" in found
        else {},
    )
