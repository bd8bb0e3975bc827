"""Workspace pages. Reads come from selectors, writes go through ``putright.complaints.services``;
a refusal from the core is shown on the form it came from, citing its provision, with nothing lost."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from putright.access.log import How, What, record_access, record_listed
from putright.access.policy import (
    can_correct_received_date,
    can_read_access_log,
    handles_complaints,
    scope,
)
from putright.accounts.models import User
from putright.code.calendar import WorkingCalendar
from putright.code.errors import CodeViolation, LifecycleError
from putright.code.lifecycle import (
    LATE_AFTER_WORKING_DAYS,
    Action,
    Case,
    Channel,
    Rules,
    check_may_take,
    considered_twice,
    on_time_only_by_its_date,
    rule,
)
from putright.complaints import services
from putright.complaints.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintEvent,
    PendingStep,
    Resident,
)
from putright.complaints.rules import landlord_rules
from putright.complaints.search import reference_forms, resident_matches
from putright.complaints.selectors import people_named, triage_hint
from putright.complaints.services import staff_ref
from putright.letters import already_issued, posting, read_back
from putright.letters import services as letter_services
from putright.letters.models import IssuedLetter
from putright.triage.result import Classification
from putright.web.exports import EXPORT_ROWS, is_export, rows_table, table_response
from putright.web.forms import posted_id
from putright.web.refusals import REFUSED, refusal, refused_on_its_fields
from putright.workspace import again, deadlines, promised_dates, records
from putright.workspace.actions import (
    BY_SLUG,
    COMMON_ERROR_FIELDS,
    HELD_STEP_OF_ACTION,
    SPECS,
    ActionSpec,
    field_of,
    place_error,
)
from putright.workspace.forms import (
    CHANNEL_LABELS,
    OUTCOME_CHOICES,
    ConsentForm,
    ContactForm,
    CorrespondenceForm,
    DocumentForm,
    ToldByLetterForm,
)
from putright.workspace.models import Vulnerability
from putright.workspace.permissions import (
    ALLOCATES,
    can_act_on_complaint,
    can_allocate_handler,
    can_view_complaint,
    has_working_role,
    is_active_staff,
)
from putright.workspace.presence import known_absent
from putright.workspace.promises import Promise, standing_promises
from putright.workspace.selectors import (
    PAGE_SIZES,
    SORTS,
    CaseView,
    QueueFilters,
    allocatable_staff,
    case_view,
    considered_earlier_stages,
    handler_workload,
    late_contacts_after_the_complaints,
    more_than_the_limit,
    queue_page,
    queue_queryset,
    team_view,
    workload_phrase,
)

LETTERS_PANEL = "letters/_case_panel.html"
OUTCOMES = dict(OUTCOME_CHOICES)

STATE_TAGS: dict[str, tuple[str, str]] = {
    "received": ("New contact", "govuk-tag--light-blue"),
    "service_request": ("Service request", "govuk-tag--grey"),
    "complaint": ("To acknowledge", "govuk-tag--blue"),
    "stage_1_acknowledged": ("Stage 1 investigating", "govuk-tag--turquoise"),
    "stage_1_responded": ("Stage 1 responded", "govuk-tag--green"),
    "escalation_requested": ("Escalated: to acknowledge", "govuk-tag--purple"),
    "stage_2_acknowledged": ("Stage 2 investigating", "govuk-tag--pink"),
    "stage_2_responded": ("Final response sent", "govuk-tag--green"),
    "stage_3_requested": ("Stage 3 requested", "govuk-tag--purple"),
    "stage_3_acknowledged": ("Stage 3 investigating", "govuk-tag--pink"),
    "stage_3_responded": ("Final response sent", "govuk-tag--green"),
    "closed": ("Closed", "govuk-tag--grey"),
    "referred_to_ombudsman": ("With the Ombudsman", "govuk-tag--orange"),
    "declined": ("Declined", "govuk-tag--grey"),
    "withdrawn": ("Withdrawn", "govuk-tag--grey"),
}
URGENCY_TAGS = {"late": "govuk-tag--red", "soon": "govuk-tag--yellow", "ok": "govuk-tag--grey"}


def case_rows(
    complaints: list[Complaint],
    *,
    calendar: WorkingCalendar,
    today: date,
    promised: Mapping[int, Promise] | None = None,
) -> list[dict[str, Any]]:
    """What a row of complaints shows on the queue, the team view and "My work today": the state,
    the Code's deadline and how far off it is, and the date the resident was told to expect the
    response where sooner (:mod:`putright.workspace.promises`: a fixed number of queries, unless
    ``promised`` gives them, already read for these complaints)."""
    if promised is None:
        promised = standing_promises(complaints, today=today, calendar=calendar)
    rows: list[dict[str, Any]] = []
    for c in complaints:
        # a contact waiting for triage: its acknowledgement's date if it is a complaint (2024 6.2
        # counts it from the day received), never shown as a deadline it has
        if_complaint = (
            None
            if c.current_due is not None
            else deadlines.if_a_complaint(c.status, c.received_on, c.edition, calendar, today)
        )
        urgency = (
            if_complaint.urgency
            if if_complaint is not None
            else deadlines.urgency(calendar, c.current_due, today)
        )
        rows.append(
            {
                "complaint": c,
                "tag": STATE_TAGS.get(c.state, (c.get_state_display(), "govuk-tag--grey")),
                "due_phrase": if_complaint.phrase
                if if_complaint is not None
                else deadlines.phrase(calendar, c.current_due, today),
                "urgency": urgency,
                "urgency_tag": URGENCY_TAGS.get(urgency, ""),
                "promise": promised.get(c.pk),
                "if_complaint": if_complaint,
            }
        )
    return rows


WHOSE = [
    ("", "Everything I can see"),
    ("mine", "Mine"),
    ("team", "My team"),
    ("unallocated", "Waiting for a handler"),
]
DUE = [
    ("", "Any deadline"),
    ("week", "Due this week"),
    ("overdue", "Overdue"),
    ("promised", "Promised date passed"),
]
SHOW = [("", "Open"), ("closed", "Closed"), ("all", "Open and closed")]


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not is_active_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


#: the queue's own parameters, kept for "Back to the queue" (nothing else from the address)
QUEUE_PARAMETERS = ("q", "whose", "due", "stage", "category", "sort", "page", "per_page", "show")


def _remember_queue(request: HttpRequest) -> None:
    """The queue as last filtered, for the case page's "Back to the queue": it went to the whole
    open queue, losing the search and the page the handler came from (found in a browser walk)."""
    query = urlencode([(name, request.GET[name][:200]) for name in QUEUE_PARAMETERS if request.GET.get(name)])
    if request.session.get("queue_query", "") != query:
        request.session["queue_query"] = query


def queue_url(request: HttpRequest) -> str:
    """The queue as this person last had it filtered."""
    query = request.session.get("queue_query", "")
    return reverse("workspace:queue") + (f"?{query}" if query else "")


def _int(value: str | None, default: int | None, *, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return min(max(number, low), high)


# --------------------------------------------------------------------------------------------------
# The queue


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not handles_complaints(user):
        # the MRC and the governing body see figures and anonymised summaries, not complaint records
        return HttpResponseRedirect(reverse("governance:dashboard"))
    params = request.GET
    per_page = _int(params.get("per_page"), 25, low=1, high=100) or 25
    if per_page not in PAGE_SIZES:
        per_page = min(PAGE_SIZES, key=lambda size: abs(size - per_page))
    filters = QueueFilters(
        search=params.get("q", "")[:200],
        whose=params.get("whose", "") if params.get("whose", "") in dict(WHOSE) else "",
        due=params.get("due", "") if params.get("due", "") in dict(DUE) else "",
        stage=_int(params.get("stage"), None, low=0, high=3),
        category=params.get("category", "")[:50],
        sort=params.get("sort", "due") if params.get("sort", "due") in SORTS else "due",
        page=_int(params.get("page"), 1, low=1, high=100_000) or 1,
        per_page=per_page,
        show=params.get("show", "") if params.get("show", "") in dict(SHOW) else "",
    )
    today = timezone.localdate()
    calendar = landlord_rules().calendar
    _remember_queue(request)
    if is_export(request):
        return _queue_export(request, user, filters, today=today, calendar=calendar, fmt=params["export"])
    page = queue_page(user, filters, today=today)
    closed_reference = _closed_reference(user, filters)
    record_listed(
        request,
        complaint_ids=[c.pk for c in page.items] + ([closed_reference.pk] if closed_reference else []),
    )
    rows = case_rows(page.items, calendar=calendar, today=today)
    late_contacts = late_contacts_after_the_complaints(user, filters, today=today)

    def link(**changes: Any) -> str:
        query = {key: value for key, value in params.items() if value}
        query.update({key: str(value) for key, value in changes.items() if value not in (None, "")})
        for key, value in changes.items():
            if value in (None, ""):
                query.pop(key, None)
        return "?" + urlencode(query)

    return render(
        request,
        "workspace/queue.html",
        {
            "nav_section": "queue",
            "filters": filters,
            "page": page,
            "rows": rows,
            "categories": Category.objects.filter(active=True).only("slug", "name"),
            "whose_choices": WHOSE,
            "due_choices": DUE,
            "show_choices": SHOW,
            "sort_choices": [(key, label) for key, (label, _) in SORTS.items()],
            "page_sizes": PAGE_SIZES,
            "previous_link": link(page=filters.page - 1 if filters.page > 2 else None),
            "next_link": link(page=filters.page + 1),
            "with_closed_link": link(show="all", page=None),
            # a page past the end goes to the last one (the first when the total is not exact)
            "last_page_link": link(page=page.last_page if (page.last_page or 1) > 1 else None),
            "closed_reference": closed_reference,
            "late_contacts": late_contacts,
            # counted up to the queue's limit, as its total: past it, "more than 10,000" (2024 6.2)
            "late_contacts_more_than": more_than_the_limit(late_contacts),
            "late_contacts_link": link(due="overdue", stage=0, page=None),
            "today": today,
        },
    )


def _closed_reference(user: User, filters: QueueFilters) -> Complaint | None:
    """The closed complaint a search names by its reference ("123" for PR-000123), when the queue
    shows open complaints only: open ones matching the same digits (an address, "123 High Street")
    filled the page and the complaint asked for was nowhere (found in a browser walk)."""
    if filters.show or not filters.search.strip():
        return None
    references = reference_forms(filters.search)
    if not references:
        return None
    return scope(user).filter(reference__in=references, is_open=False).only("pk", "reference").first()


QUEUE_COLUMNS = (
    "Reference",
    "Resident",
    "Address",
    "Postcode",
    "Status",
    "Stage",
    "Handler",
    "Deadline",
    "Provision",
    "Where it stands",
    "Category",
    "Received",
    "Vulnerable because",
    "Reasonable adjustments",
    "Contact restricted",
    "Response promised by",
    "Promised date passed",
)


def _queue_export(
    request: HttpRequest, user: User, filters: QueueFilters, *, today: Any, calendar: Any, fmt: str
) -> HttpResponse:
    """Every complaint the queue shows with these filters (all pages), as CSV or XLSX: the same
    query as the screen, so the same people and the same restrictions. Each complaint in it is
    recorded in the access log as downloaded."""
    rows = []
    exported = list(queue_queryset(user, filters, today=today)[:EXPORT_ROWS])
    record_listed(request, complaint_ids=[c.pk for c in exported], how=How.DOWNLOADED)
    promised = standing_promises(exported, today=today, calendar=calendar)
    for c in exported:
        home = c.property or c.resident.property
        flags: Any = c  # annotated by queue_queryset
        # no Deadline for a contact waiting for triage (it may be a service request): where it stands
        # says when it is to be acknowledged if it is a complaint (2024 6.2)
        if_complaint = (
            None
            if c.current_due is not None
            else deadlines.if_a_complaint(c.status, c.received_on, c.edition, calendar, today)
        )
        rows.append(
            [
                c.reference,
                c.resident.name,
                ", ".join(p for p in (home.address_line_1, home.address_line_2, home.town) if p)
                if home
                else "",
                home.postcode if home else "",
                STATE_TAGS.get(c.state, (c.get_state_display(), ""))[0],
                c.stage or "",
                str(c.handler) if c.handler else "Not allocated",
                f"{c.current_due:%Y-%m-%d}" if c.current_due else "",
                c.current_due_provision,
                f"If a complaint: acknowledge by {if_complaint.due:%Y-%m-%d} ({if_complaint.provision}), "
                f"{if_complaint.phrase}"
                if if_complaint is not None
                else deadlines.phrase(calendar, c.current_due, today),
                c.category.name if c.category else "",
                f"{c.received_on:%Y-%m-%d}",
                flags.vulnerability_reason
                or (
                    f"Disability disclosed: {flags.disclosed_disability}"
                    if flags.disclosed_disability
                    else ""
                ),
                "Yes" if flags.has_adjustments else "",
                "Yes" if flags.has_restriction else "",
                f"{promised[c.pk].told:%Y-%m-%d}" if c.pk in promised else "",
                "Yes" if c.pk in promised and promised[c.pk].passed else "",
            ]
        )
    return table_response(
        [rows_table("Complaints queue", QUEUE_COLUMNS, rows)], fmt=fmt, name="complaints-queue"
    )


# --------------------------------------------------------------------------------------------------
# A new contact


#: the most residents "Find the resident" lists on a new contact
RESIDENTS_SHOWN = 10


def _find_residents(term: str, user: User) -> tuple[list[Resident], int]:
    """The first residents ``term`` describes, and how many it describes in all. Ten were listed
    and nothing said there were more: of 60 O'Briens, the one on the phone was not among them and
    was recorded again (found in a browser walk). One row more than shown is read to know; the
    count is asked only then."""
    term = term.strip()
    if not term:
        return [], 0
    found = Resident.objects.filter(resident_matches(term, complaints=scope(user)))
    listed = list(found.select_related("property").order_by("name", "pk")[: RESIDENTS_SHOWN + 1])
    if len(listed) <= RESIDENTS_SHOWN:
        return listed, len(listed)
    return listed[:RESIDENTS_SHOWN], found.count()


@staff_required
@require_http_methods(["GET", "POST"])
def new_contact(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not has_working_role(user):
        raise PermissionDenied
    find = request.GET.get("find", "")[:100]
    chosen = request.POST.get("resident", "")
    matches, found_count = _find_residents(find, user)
    shown_count = len(matches)
    chosen_id = posted_id(chosen)
    if chosen_id is not None and all(r.pk != chosen_id for r in matches):
        matches += list(Resident.objects.select_related("property").filter(pk=chosen_id))
    record_listed(request, resident_ids=[r.pk for r in matches])
    open_complaints = _open_complaints_of(matches, user)
    if open_complaints:
        record_listed(request, complaint_ids=[c.pk for c in open_complaints])
    form = ContactForm(request.POST or None, matches=matches)
    valid = request.method == "POST" and form.is_valid()
    if form.same_name:  # the residents already known by the name typed, now on the page
        record_listed(request, resident_ids=[r.pk for r in form.same_name])
    if valid:
        data = form.cleaned_data
        try:
            complaint = _record_contact(user, data)
        except LifecycleError as error:  # on the field it is about where it names one
            refused_on_its_fields(form, error)
        else:
            messages.success(request, f"Contact recorded as {complaint.reference}. Now decide what it is.")
            if complaint.resident.address_unmatched:
                messages.warning(request, _not_matched(complaint.resident))
            if unused := _typed_for_someone_new(data, complaint.resident):
                messages.warning(
                    request,
                    f"Not recorded: {unused}, typed for someone new. {complaint.resident.name}'s details are "
                    "as they were: if these are new, use Change contact details or Change address.",
                )
            return HttpResponseRedirect(reverse("workspace:case", args=[complaint.reference]))
    return render(
        request,
        "workspace/new_contact.html",
        {
            "nav_section": "triage",
            "form": form,
            "find": find,
            "matches": matches,
            "searched": bool(find),
            "shown_count": shown_count,
            "found_count": found_count,
            "open_complaints": open_complaints,
        },
        # shown again, refused or asked about, with what was typed: nothing was recorded
        status=REFUSED if form.is_bound else 200,
    )


def _open_complaints_of(residents: list[Resident], user: User) -> list[Complaint]:
    """The open complaints of the residents found that ``user`` may see: a call about a complaint
    already open is recorded on it, not logged as a new contact (a browser walk logged a duplicate
    because the page never said the resident had one)."""
    if not residents:
        return []
    return list(
        scope(user)
        .filter(resident__in=residents, is_open=True)
        .select_related("resident")
        .only("reference", "received_on", "stage", "state", "resident__name")
        .order_by("resident__name", "received_on", "pk")[:20]
    )


#: what "someone new" takes that a known resident already has: kept as it was when one is chosen
_NEW_PERSON = (
    ("email", "email", "the email address"),
    ("phone", "phone", "the phone number"),
    ("address_line_1", "property.address_line_1", "the address"),
    ("postcode", "property.postcode", "the postcode"),
)


def _not_matched(resident: Resident) -> str:
    """A new contact's address that names no home we know, not confirmed as a new one: recorded as the
    online form records it (2024 5.12), and said, not refused (2024 1.2 "however made", 3.1). What to
    do next offers the homes we know at its postcode only when we know one there."""
    said = f"The address {', '.join(resident.postal_address)} matches no home we know, so it is kept as given"
    if not resident.postcode_given or records.homes_at(resident.postcode_given, most=1):
        return (
            f"{said}, not matched to a home. On the case, use Match it to a home to choose one of the "
            "homes we know, or to add it as a new home."
        )
    return (
        f"{said}, not matched to a home. We know of no home at {resident.postcode_given}: on the case, "
        "use Match it to a home to correct the postcode, or to add it as a new home."
    )


def _typed_for_someone_new(data: dict[str, Any], resident: Resident) -> str:
    """Details typed under "For someone new" that were not recorded because a known resident was
    chosen (a phone number typed there disappeared without a word, found in a browser walk)."""
    if data.get("resident") == "new":
        return ""
    unused = []
    for field, attribute, said in _NEW_PERSON:
        typed = " ".join(str(data.get(field) or "").split())
        known: Any = resident
        for part in attribute.split("."):
            known = getattr(known, part, "") if known is not None else ""
        if typed and typed.casefold() != " ".join(str(known or "").split()).casefold():
            unused.append(f"{said} {typed}")
    return ", ".join(unused)


@transaction.atomic
def _record_contact(user: User, data: dict[str, Any]) -> Complaint:
    today = timezone.localdate()
    if data["resident"] == "new":
        given = records.home_or_as_given(
            address_line_1=data.get("address_line_1") or "",
            postcode=data.get("postcode") or "",
            new_home=bool(data.get("new_home")),
        )
        resident = services.create_resident(
            name=data["name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            support_needs=data.get("support_needs", ""),
            property=given.home,
            address_given=given.address_given,
            postcode_given=given.postcode_given,
        )
    else:
        resident = Resident.objects.get(pk=int(data["resident"]))
        if data.get("support_needs"):
            Resident.objects.filter(pk=resident.pk).update(
                support_needs="\n".join(p for p in (resident.support_needs, data["support_needs"]) if p)
            )
    if data.get("adjustment", "").strip():
        services.record_reasonable_adjustment(
            resident=resident, adjustment=data["adjustment"], agreed_on=today
        )
    representative = None
    if data.get("contacted_by") == "representative":
        representative = services.add_representative(
            resident=resident,
            name=data["rep_name"],
            relationship=data["rep_relationship"],
            contact=data.get("rep_contact", ""),
            consent_recorded_on=today if data.get("rep_consent") else None,
            consent_evidence=data.get("rep_consent_evidence", ""),
        )
    complaint = services.receive_complaint(
        resident=resident,
        representative=representative,
        summary=data["summary"],
        channel=data["channel"],
        received_on=data["received_on"],
        category=data.get("category"),
        restricted=bool(data.get("restricted")),
        restricted_to=[user] if data.get("restricted") else (),
        actor=user,
    )
    if (data.get("vulnerability") or "").strip():
        records.record_vulnerability(
            complaint=complaint, actor=user, reason=data["vulnerability"], source="resident"
        )
    return complaint


# --------------------------------------------------------------------------------------------------
# The case page


def _detail(request: HttpRequest, reference: str, rules: Rules | None = None) -> CaseView:
    user: User = request.user  # type: ignore[assignment]
    try:
        detail = case_view(reference=reference, user=user, rules=rules or landlord_rules())
    except Complaint.DoesNotExist:
        raise Http404("No complaint with that reference that you can see") from None
    if not can_view_complaint(user, detail.complaint):
        raise Http404("No complaint with that reference that you can see")
    return detail


def _letters_panel() -> str | None:
    try:
        return select_template([LETTERS_PANEL]).template.name  # type: ignore[no-any-return]
    except TemplateDoesNotExist:
        return None


def _staff_names(detail: CaseView) -> dict[str, str]:
    refs = {ref for ref in detail.case.handlers.values()} | {
        ref for people in detail.case.considered_by.values() for ref in people
    }
    complaint = detail.complaint
    # the handlers case_view already joined to the complaint; only others are looked up
    joined = [complaint.handler, complaint.stage_1_handler, complaint.stage_2_handler]
    return people_named(refs, known={staff_ref(u): str(u) for u in joined if u is not None})


#: the steps kept to some of the roles that act on complaints (``access.policy``)
_ROLE_GATES = {
    Action.ALLOCATE_HANDLER: can_allocate_handler,
    Action.CORRECT_RECEIVED_DATE: can_correct_received_date,
}


def _role_allows(user: User, complaint: Complaint, action: Action) -> bool:
    gate = _ROLE_GATES.get(action)
    return gate is None or bool(gate(user, complaint))


#: the step that moves the case on under the Code, most pressing first
PRIMARY_ORDER = (
    Action.RESPOND,
    Action.ACKNOWLEDGE,
    Action.ACCEPT_AS_COMPLAINT,
    Action.RESOLVE_SERVICE_REQUEST,
    Action.REQUEST_ESCALATION,
    Action.CLOSE,
)


def _primary_action(actions: list[ActionSpec], *, has_handler: bool) -> ActionSpec | None:
    """The one green button: allocate a handler while there is none, else the step that moves the
    case on (respond, acknowledge, accept...)."""
    by_action = {spec.action: spec for spec in actions}
    if not has_handler and Action.ALLOCATE_HANDLER in by_action:
        return by_action[Action.ALLOCATE_HANDLER]
    for action in PRIMARY_ORDER:
        if action in by_action:
            return by_action[action]
    return None


@staff_required
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_page(request, reference)


def _case_page(
    request: HttpRequest,
    reference: str,
    *,
    consent_form: ConsentForm | None = None,
    told_form: ToldByLetterForm | None = None,
) -> HttpResponse:
    """The case page; ``consent_form``, ``told_form``: a form of the page refused, shown again with
    what was typed and its errors (status ``REFUSED``: nothing was recorded)."""
    user: User = request.user  # type: ignore[assignment]
    rules = landlord_rules()
    detail = _detail(request, reference, rules)
    complaint = detail.complaint
    record_access(request, complaint_id=complaint.pk, what=What.COMPLAINT)
    today = timezone.localdate()
    calendar = rules.calendar
    resident = complaint.resident
    if resident.property_id is not None and resident.property_id == complaint.property_id:
        # the resident's home is the home complained about, already read with the complaint: the
        # page shows the resident's home, and reading it again was one query more on every case page
        resident.property = complaint.property
    case = detail.case
    stages = [
        {
            "number": number,
            "definition": case.definitions.get(number),
            "response": case.responses.get(number),
            "outcome": OUTCOMES.get(case.responses[number].outcome.value, "")
            if number in case.responses
            else "",
            "responded_on": case.responded_on.get(number),
        }
        for number in range(1, case.stage + 1)
        # a stage answered without an acknowledgement has no definition, and its decision still shows
        if number in case.definitions or number in case.responses
    ]
    acts = can_act_on_complaint(user, complaint)
    actions = [
        SPECS[a]
        for a in detail.allowed_actions
        if a in SPECS and acts and _role_allows(user, complaint, a) and _theirs_to_take(detail, user, a)
    ]
    primary = _primary_action(actions, has_handler=complaint.handler_id is not None)
    if primary is not None:
        actions = [primary, *(a for a in actions if a is not primary)]
    hint = triage_hint(complaint) if detail.case.status.value in ("received", "service_request") else None
    names = _staff_names(detail)
    refused = consent_form or told_form
    return render(
        request,
        "workspace/case.html",
        {
            "nav_section": "queue",
            "queue_url": queue_url(request),
            "detail": detail,
            "complaint": complaint,
            "case": detail.case,
            "resident": resident,
            "tag": STATE_TAGS.get(complaint.state, (complaint.get_state_display(), "govuk-tag--grey")),
            "deadlines": deadlines.case_deadlines(
                detail.case,
                calendar,
                today,
                # a promise is in an issued letter, or in the kept text of one sent another way
                told={}
                if known_absent(complaint, "letters") and known_absent(complaint, "dates_in_texts_sent")
                else posting.response_promises(complaint.pk),
            ),
            "current_phrase": deadlines.phrase(calendar, complaint.current_due, today),
            "current_urgency": deadlines.urgency(calendar, complaint.current_due, today),
            "if_complaint": deadlines.if_a_complaint(
                case.status, case.received_on, case.edition, calendar, today
            ),
            # case_view asked which of the resident's records exist: only those are read
            "adjustments": []
            if known_absent(complaint, "adjustments")
            else list(records.adjustments_for(resident)),
            "restrictions": []
            if known_absent(complaint, "restrictions")
            else list(records.current_restrictions(resident, today=today)),
            "vulnerable": None
            if known_absent(complaint, "vulnerabilities") and known_absent(complaint, "adjustments")
            else records.active_vulnerabilities([resident.pk], today=today).get(resident.pk),
            "vulnerabilities": []
            if known_absent(complaint, "vulnerabilities")
            else list(
                Vulnerability.objects.filter(resident=resident, ended_on__isnull=True).select_related(
                    "recorded_by"
                )
            ),
            "outbox": detail.outbox,
            # acknowledgements told by a text sent another way: the response date kept from each
            "texts_sent": promised_dates.texts_sent(
                detail.events, detail.correspondence, response_due=detail.case.response_due
            )
            if detail.correspondence
            else {},
            "actions": actions,
            "primary_action": primary,
            "can_act": acts,
            "can_read_access_log": can_read_access_log(user, complaint),
            "hint": hint,
            "hint_percent": round(hint.confidence * 100) if hint else None,
            "channel_label": CHANNEL_LABELS.get(Channel(complaint.channel), complaint.get_channel_display()),
            "handlers": [(n, names.get(ref, ref)) for n, ref in sorted(detail.case.handlers.items())],
            # a stage considered by someone who considered an earlier one (imported as it happened)
            "considered_twice": [
                (twice, ", ".join(sorted(names.get(ref, ref) for ref in twice.people)))
                for twice in considered_twice(detail.case)
            ],
            "stages": stages,
            "letters_panel_template": _letters_panel(),
            "document_form": DocumentForm() if acts else None,
            "today": today,
            "held_steps": _held_with_letters(complaint, detail.case, rules.calendar, today, told_form)
            if complaint.not_yet_sent
            else [],
            "consent_form": consent_form or ConsentForm(),
            "refused": refused,
            "refused_anchor": getattr(refused, "anchor", "main-content"),
        },
        status=REFUSED if refused is not None else 200,
    )


def _held_with_letters(
    complaint: Complaint,
    case: Case,
    calendar: WorkingCalendar,
    today: date,
    refused: ToldByLetterForm | None = None,
) -> list[PendingStep]:
    """The held steps, each with the letters of its kind issued for no step (``issued_letters``: the
    letter, why recording the step as told by it needs a reason for recording it late, if it does:
    issued long ago, or on time only by its date, as ``core.as_recorded`` will ask, and its form:
    ``refused`` with what was typed, if it is that one)."""
    held_steps = services.held_steps(complaint)
    for held in held_steps:
        # its letter, issued and not yet sent (its email queued or failed, or printed and not
        # recorded as posted): the step waits for that day
        letter = held.awaiting_letter = posting.waiting_for(held)  # type: ignore[attr-defined]
        held.letter_email = (  # type: ignore[attr-defined]
            letter.deliveries.order_by("-created_at", "-id").first() if letter is not None else None
        )
        held.emailed_on = posting.emailed_on(letter) if letter is not None else None  # type: ignore[attr-defined]
        if letter is not None and held.emailed_on is not None:  # type: ignore[attr-defined]
            # emailed, and the step not recorded: what the Code says to it on that day
            held.email_day_refusal = _refused_on(held, letter, held.emailed_on)  # type: ignore[attr-defined]
        held.issued_letters = [  # type: ignore[attr-defined]
            _told_by(
                held,
                letter,
                _why_late(case, timezone.localdate(letter.issued_at), today=today, calendar=calendar),
                refused,
            )
            for letter in already_issued.letters_telling_no_step(complaint, held.step, held.stage)
        ]
    return held_steps


def _told_by(
    held: PendingStep, letter: IssuedLetter, late: str, refused: ToldByLetterForm | None
) -> tuple[IssuedLetter, str, ToldByLetterForm]:
    """``letter`` offered as telling ``held``, why it would be recorded late, and its form."""
    form = (
        refused
        if refused is not None and (refused.held_id, refused.letter_id) == (held.pk, letter.pk)
        else ToldByLetterForm(held=held.pk, letter=letter.pk)
    )
    form.fields["late_reason"].help_text = late
    return letter, late, form


def _refused_on(held: PendingStep, letter: IssuedLetter, day: date) -> str:
    """Why the Code refuses ``held`` told by ``letter`` on ``day``, or "" if it does not (nothing is
    recorded)."""
    try:
        services.check_held_step(
            pending=held,
            told=services.Told(method="letter", on=day, letter_id=letter.pk),
            actor=letter.issued_by,
        )
    except LifecycleError as refused:
        return refusal(refused)
    return ""


def _why_late(case: Case, issued_on: date, *, today: date, calendar: WorkingCalendar) -> str:
    """Why a step told by a letter issued on ``issued_on`` is recorded late today, if it is."""
    provision = rule(case.edition, "record")
    if calendar.working_days_between(issued_on, today) > LATE_AFTER_WORKING_DAYS:
        return f"It was issued more than {LATE_AFTER_WORKING_DAYS} working days ago ({provision})"
    deadline = on_time_only_by_its_date(case, issued_on, today=today)
    if deadline is not None:
        due, what = deadline
        return (
            f"It met the deadline of {due:%-d %B %Y} ({what}), which has passed since, so recording it "
            f"now needs the reason it is late ({provision})"
        )
    return ""


@staff_required
@require_http_methods(["POST"])
def held_told_by_letter(request: HttpRequest, reference: str, held_id: int) -> HttpResponse:
    """A held step was told by a letter issued earlier from the letters page (2024 5.12)."""
    user, held = _held_step(request, reference, held_id)
    letter = IssuedLetter.objects.filter(
        pk=posted_id(request.POST.get("letter", "")) or 0, complaint=held.complaint
    ).first()
    if letter is None:
        messages.error(request, "Choose a letter issued on this complaint.")
        return HttpResponseRedirect(reverse("workspace:case", args=[reference]) + "#not-yet-sent")
    # refused on the case page with the reason typed, the problem on its field (not a banner)
    form = ToldByLetterForm(request.POST, held=held.pk, letter=letter.pk)
    if not form.is_valid():
        return _case_page(request, reference, told_form=form)
    try:
        already_issued.tell_by_issued_letter(
            held=held, letter=letter, actor=user, late_reason=form.cleaned_data["late_reason"]
        )
    except LifecycleError as error:
        name = field_of(error, COMMON_ERROR_FIELDS, form)
        form.add_error(name, refusal(error))
        return _case_page(request, reference, told_form=form)
    messages.success(request, f"The {held.label} {_counts_from(letter)}")
    return HttpResponseRedirect(reverse("workspace:case", args=[reference]))


def _gaps_in_text_sent(spec: ActionSpec, data: dict[str, Any], after: Complaint) -> str:
    """What the text of a step sent another way, as kept, lacks that its PutRight letter must set out
    (:func:`putright.letters.services.gaps_in_text_sent_another_way`)."""
    step = HELD_STEP_OF_ACTION.get(spec.action)
    if step is None or not data.get("sent_another_way"):
        return ""
    return letter_services.gaps_in_text_sent_another_way(
        complaint=after,
        step=step,
        stage=after.stage,
        body=data.get("sent_text") or "",
        sent_on=data.get("sent_on"),
    )


def _counts_from(letter: IssuedLetter) -> str:
    """How a step told by ``letter`` now stands: counting from the day it was sent, or waiting for
    the day a printed letter is posted."""
    sent_on = posting.told_on(letter)
    if sent_on is None and not posting.is_printed(letter):
        return (
            f"waits for the letter issued on {timezone.localtime(letter.issued_at):%-d %B %Y} to be "
            "emailed: it counts from the day the email is sent."
        )
    if sent_on is None:
        return (
            f"waits for the letter issued on {timezone.localtime(letter.issued_at):%-d %B %Y} to be "
            "posted: record the day it was posted, and it counts from that day."
        )
    return f"is recorded as told by the letter sent on {sent_on:%-d %B %Y}: it counts from that day."


def _held_step(request: HttpRequest, reference: str, held_id: int) -> tuple[User, PendingStep]:
    user: User = request.user  # type: ignore[assignment]
    detail = _detail(request, reference)
    if not can_act_on_complaint(user, detail.complaint):
        raise PermissionDenied
    held = PendingStep.objects.filter(
        pk=held_id, complaint=detail.complaint, state=PendingStep.State.PENDING
    ).first()
    if held is None:
        raise Http404("No such step waiting to be sent")
    return user, held


@staff_required
@require_http_methods(["POST"])
def record_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the resident's consent to their representative after the complaint was logged (3.6)."""
    user: User = request.user  # type: ignore[assignment]
    detail = _detail(request, reference)
    complaint = detail.complaint
    if not can_act_on_complaint(user, complaint):
        raise PermissionDenied
    if complaint.representative is None:
        messages.error(request, "This complaint has no representative whose consent could be recorded.")
        return HttpResponseRedirect(reverse("workspace:case", args=[reference]))
    # how it was given, left out or too long: on its field with what was typed (not a banner)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _case_page(request, reference, consent_form=form)
    try:
        services.record_representative_consent(
            complaint=complaint,
            on=timezone.localdate(),
            evidence=form.cleaned_data["consent_evidence"],
            actor=user,
        )
    except LifecycleError as error:
        # already recorded (from another tab): the form is no longer on the page, the banner says so
        messages.error(request, refusal(error))
    else:
        messages.success(request, "The resident's consent is recorded.")
    return HttpResponseRedirect(reverse("workspace:case", args=[reference]))


@staff_required
@require_http_methods(["GET"])
def send_held(request: HttpRequest, reference: str, held_id: int) -> HttpResponse:
    """The letter that tells the resident of a held step: issuing it records the step."""
    user, held = _held_step(request, reference, held_id)
    try:
        draft = letter_services.draft_for_held_step(held=held, actor=user)
    except LifecycleError as error:
        messages.error(request, refusal(error))
        return HttpResponseRedirect(reverse("workspace:case", args=[reference]))
    return HttpResponseRedirect(reverse("letters:draft", args=[reference, draft.pk]))


@staff_required
@require_http_methods(["GET", "POST"])
def discard_held(request: HttpRequest, reference: str, held_id: int) -> HttpResponse:
    """GET: what discarding the held step means (its letter's email stopped, a printed letter not to
    be posted), and the button; POST: discard it."""
    user, held = _held_step(request, reference, held_id)
    if request.method == "GET":
        letter = posting.waiting_for(held)
        return render(
            request,
            "workspace/discard_held.html",
            {
                "complaint": held.complaint,
                "held": held,
                "letter": letter,
                "emailed_on": posting.emailed_on(letter) if letter is not None else None,
                # what was changed in its letter: carried into the form recorded again where a
                # recorded section reads back, else shown here to copy (``workspace.again``)
                "edits": again.letter_edits(held),
            },
        )
    try:
        letter = posting.discard_waiting(held=held, actor=user)
    except LifecycleError as error:
        messages.error(request, refusal(error))
        return HttpResponseRedirect(reverse("workspace:case", args=[reference]))
    messages.success(request, _discarded(held, letter))
    action = again.action_of(held)
    if request.POST.get("then") == "again" and action is not None:
        # the form filled in with what was written for it (``workspace.again``)
        slug = SPECS[action].slug
        return HttpResponseRedirect(f"{reverse('workspace:act', args=[reference, slug])}?again={held.pk}")
    return HttpResponseRedirect(reverse("workspace:case", args=[reference]))


def _discarded(held: PendingStep, letter: IssuedLetter | None) -> str:
    """What discarding ``held`` did about the letter issued for it, if one was."""
    if letter is None:
        return f"The {held.label} was discarded; nothing was sent to the resident."
    if (emailed := posting.emailed_on(letter)) is not None:
        return (
            f"The {held.label} was discarded. Its letter, “{letter.title}”, was emailed to the resident "
            f"on {emailed:%-d %B %Y}: the record keeps the letter, but not the {held.label}."
        )
    if posting.is_printed(letter):
        return (
            f"The {held.label} was discarded. Its letter, “{letter.title}”, was made to print and never "
            "recorded as sent: do not post it."
        )
    return (
        f"The {held.label} was discarded. Its letter, “{letter.title}”, had not been emailed: the email "
        "is stopped, and it is not to be posted."
    )


# --------------------------------------------------------------------------------------------------
# Steps on a complaint


def _form_kwargs(spec: ActionSpec, detail: CaseView) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"detail": detail}
    case = detail.case
    if spec.action == Action.ALLOCATE_HANDLER:
        # nor, at stage 1, whoever moved the day received later: it set their own clock (2024 6.2)
        barred = considered_earlier_stages(case) | (set(case.moved_later_by) if case.stage == 1 else set())
        load = handler_workload(today=timezone.localdate())
        kwargs["offered"] = [
            (str(u.pk), f"{u} ({u.get_role_display()}): {workload_phrase(load.get(u.pk))}")
            for u in allocatable_staff()
            if staff_ref(u) not in barred and staff_ref(u) != case.handlers.get(case.stage)
        ]
    elif spec.action in (Action.COMPLETE_REMEDY, Action.WITHDRAW_REMEDY):
        kwargs["items"] = [
            (r.number, f"{r.number}. {r.description} (due {r.due.day} {r.due:%B %Y})")
            for r in case.remedies
            if r.pending
        ]
    elif spec.action == Action.COMPLETE_OUTSTANDING_ACTION:
        kwargs["items"] = [
            (a.number, f"{a.number}. {a.description}, {a.owner} (due {a.due:%-d %B %Y})")
            for a in case.outstanding_actions
            if a.completed_on is None
        ]
    elif spec.action in HELD_STEP_OF_ACTION and spec.action in detail.allowed_actions:
        kwargs["issued_letters"] = [
            (str(letter.pk), f"“{letter.title}”, issued {timezone.localtime(letter.issued_at):%-d %B %Y}")
            for letter in _letters_telling_no_step(detail.complaint, spec.action)
        ]
    return kwargs


def _letters_telling_no_step(complaint: Complaint, action: Action) -> list[IssuedLetter]:
    step = HELD_STEP_OF_ACTION[action]
    return list(already_issued.letters_telling_no_step(complaint, step, max(1, complaint.stage)))


def _offered_letters(form: Any) -> list[str]:
    """The ids of the letters already issued that a step's form offers as how the resident was told."""
    return [str(value) for value, _ in form.fields["told_by_letter"].choices if value]


def _prefill_from_letter(form: Any, detail: CaseView, calendar: WorkingCalendar) -> IssuedLetter | None:
    """Fill the step's form from the letter already issued that it was chosen to be told by (``?letter=``):
    what the letter says in each section the step records, read back through the landlord's template,
    and for an extension the working days that give the letter's new date. The person checks it; a
    section whose wording was changed is left empty."""
    chosen = form.initial.get("told_by_letter", "")
    if chosen not in _offered_letters(form):
        return None
    letter = IssuedLetter.objects.filter(pk=int(chosen), complaint=detail.complaint).first()
    if letter is None:
        return None
    recorded = read_back.recorded_values(
        letter.source, letter_services.template_body(letter.complaint, letter.kind)
    )
    values = read_back.form_values(recorded, fields=list(form.fields))
    new_due = read_back.new_response_date(recorded) if "working_days" in form.fields else None
    due = detail.case.response_due.get(detail.case.stage)
    days = calendar.working_days_between(due, new_due) if new_due is not None and due is not None else 0
    # only a count that gives the letter's date exactly (not a closure day's neighbour)
    if due is not None and days > 0 and calendar.add_working_days(due, days) == new_due:
        values["working_days"] = str(days)
    # a section the letter does not say as its template does is left for the person to fill in, not
    # given the landlord's standard words the letter may never have said
    for name in getattr(form, "standard_initial", ()):
        if name not in values:
            form.initial.pop(name, None)
    form.initial.update(values)
    return letter if values else None


def _extension_dates(case: Case, calendar: WorkingCalendar) -> list[tuple[int, date]]:
    """The response date each extension of 1 to 30 working days gives (2024 6.4, 6.15): counted from
    the date now due, skipping weekends, bank holidays and the landlord's closure days, so the
    number entered gives the date the resident's letter states."""
    due = case.response_due.get(case.stage)
    if due is None:
        return []
    return list(enumerate(calendar.working_days_after(due, 30), start=1))


@staff_required
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, reference: str, slug: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    spec = BY_SLUG.get(slug)
    if spec is None:
        raise Http404("No such step")
    rules = landlord_rules()
    detail = _detail(request, reference, rules)
    complaint = detail.complaint
    if not can_act_on_complaint(user, complaint):
        raise PermissionDenied
    if not _role_allows(user, complaint, spec.action):
        raise PermissionDenied
    allowed = spec.action in detail.allowed_actions
    # a step not open now is explained, not validated: its form's errors would say "choose which
    # one" beside nothing to choose
    form = spec.form((request.POST or None) if allowed else None, **_form_kwargs(spec, detail))
    prefilled_from = None
    if request.method != "POST" and "told_by_letter" in form.fields:
        # from the letters page, after issuing this step's letter before the step was recorded
        # or the one letter of the step's kind issued for no step: it most likely told the resident
        offered = _offered_letters(form)
        form.initial["told_by_letter"] = request.GET.get("letter", "") or (
            offered[0] if len(offered) == 1 else ""
        )
        prefilled_from = _prefill_from_letter(form, detail, rules.calendar)
    recorded_again = (
        again.prefill_from_discarded(form, complaint, spec.action, request.GET.get("again", ""))
        if request.method != "POST" and allowed
        else None
    )
    if request.method == "POST" and allowed and form.is_valid():
        try:
            with transaction.atomic():
                _not_changed_since(complaint, request.POST.get("seen", ""))
                told_by = form.cleaned_data.get("told_by_letter")
                if told_by:
                    letter = IssuedLetter.objects.get(pk=told_by, complaint=complaint)
                    already_issued.take_step_told_by(
                        lambda on: spec.perform(complaint, user, {**form.cleaned_data, "on": on}),
                        complaint=complaint,
                        letter=letter,
                        actor=user,
                        late_reason=form.cleaned_data.get("late_reason", ""),
                    )
                    messages.success(request, f"{spec.done}. The step {_counts_from(letter)}")
                    return HttpResponseRedirect(reverse("workspace:case", args=[complaint.reference]))
                after, draft = letter_services.take_step(
                    lambda: spec.perform(complaint, user, form.cleaned_data), complaint=complaint, actor=user
                )
        except ChangedSincePageOpened:
            form.add_error(None, STEP_STALE)
        except LifecycleError as error:
            place_error(form, spec, error, detail)
        else:
            redefined = _redefined(spec, detail, form.cleaned_data)
            if redefined:
                messages.warning(request, redefined)
            if draft is not None:
                # one entry: what was written here is the letter's Code sections; the step counts
                # from the day the resident is sent the letter (2024 6.2, 6.4, 6.9, 6.19, 2.4, 5.11)
                assert draft.pending_step is not None
                # not "Done": nothing has reached the resident yet (an "Important" banner, not green)
                messages.warning(
                    request,
                    f"{draft.pending_step.label.capitalize()} recorded but not yet sent to the resident: "
                    "check the letter and issue it. It counts from the day the resident is sent it: the "
                    "day its email goes, or the day a printed letter is posted.",
                )
                return HttpResponseRedirect(reverse("letters:draft", args=[complaint.reference, draft.pk]))
            read = letter_services.read_from_text_sent(after)
            messages.success(request, f"{spec.done}." + (f" {read}" if read else ""))
            gaps = _gaps_in_text_sent(spec, form.cleaned_data, after)
            if gaps:
                messages.warning(request, gaps)
            return HttpResponseRedirect(reverse("workspace:case", args=[complaint.reference]))
    today = timezone.localdate()
    calendar = rules.calendar
    return render(
        request,
        "workspace/action.html",
        {
            "nav_section": "queue",
            "spec": spec,
            "provisions": spec.provisions_for(detail.case.edition, detail.case.stage),
            "intro": spec.intro_for(detail.case.edition),
            "form": form,
            "detail": detail,
            "complaint": complaint,
            "allowed": allowed,
            "not_open": "" if allowed else _why_not_open(spec, detail),
            "current_phrase": deadlines.phrase(calendar, complaint.current_due, today),
            # accepting or logging it: the acknowledgement counts from the day received (2024 6.2)
            "if_complaint": deadlines.if_a_complaint(
                detail.case.status, detail.case.received_on, detail.case.edition, calendar, today
            )
            if spec.action in (Action.ACCEPT_AS_COMPLAINT, Action.OFFER_CHOICE_TO_COMPLAIN)
            else None,
            "definition": detail.case.definitions.get(detail.case.stage),
            "prefilled_from": prefilled_from,
            "recorded_again": recorded_again,
            "from_letter": getattr(form, "from_letter", []) if recorded_again is not None else [],
            "dissatisfied": _dissatisfied(complaint, spec, allowed),
            "not_theirs": _not_theirs(detail, spec, user, allowed),
            "can_offer_choice": Action.OFFER_CHOICE_TO_COMPLAIN in detail.allowed_actions,
            "replaces": _held_of_action(complaint, spec.action) if allowed else None,
            "extension_dates": _extension_dates(detail.case, calendar)
            if allowed and spec.action == Action.EXTEND
            else [],
            "seen": history_version(complaint),  # read as the page is shown, after any refusal
        },
        # a step posted and shown again was refused, with what was typed: nothing was recorded
        status=409 if not allowed else REFUSED if form.is_bound else 200,
    )


def _plain_words(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def _redefined(spec: ActionSpec, detail: CaseView, data: Mapping[str, Any]) -> str:
    """For a stage response whose complaint definition does not say the one acknowledged: the
    response letter now says the definition the response records (2024 6.9 b), and a browser review
    found any definition could be set out there unremarked. Said, never refused: the complaint may
    have changed; if it did, the resident is told of the change (5.6, 6.8)."""
    if spec.action != Action.RESPOND:
        return ""
    acknowledged = detail.case.definitions.get(detail.case.stage)
    typed = str(data.get("complaint_definition") or "")
    if (
        acknowledged is None
        or not typed.strip()
        or _plain_words(acknowledged.complaint) in _plain_words(typed)
    ):
        return ""
    return (
        f"The complaint definition in this response does not say the one acknowledged at stage "
        f"{detail.case.stage} (\u201c{acknowledged.complaint}\u201d). If the complaint changed, the "
        "resident must have been told of the change; if not, put the acknowledged definition back."
    )


def _not_theirs(detail: CaseView, spec: ActionSpec, user: User, allowed: bool) -> str:
    """Why ``user`` may not take this stage 2 step, said when the page opens: someone who considered
    stage 1 was offered "Acknowledge and define the complaint", "Send the stage response" and "Decline
    the complaint" at stage 2, and refused under 2024 6.13 only after filling the form in, or (a
    decline) not at all (browser walks). "" when they may."""
    if not allowed:
        return ""
    case = detail.case
    try:
        check_may_take(case, spec.action, staff_ref(user))
    except CodeViolation as refused:
        return (
            f"You considered an earlier stage of this complaint, so recording this as you will be refused: "
            f"{refused.detail} ({refused.provision}). Ask the stage {case.stage} handler to take it."
        )
    return ""


def _theirs_to_take(detail: CaseView, user: User, action: Action) -> bool:
    """Whether 2024 6.13 lets ``user`` take ``action`` now: the case page offers no stage 2 step the
    core would refuse them (the step's page still says why, if opened by its address)."""
    try:
        check_may_take(detail.case, action, staff_ref(user))
    except CodeViolation:
        return False
    return True


def _dissatisfied(complaint: Complaint, spec: ActionSpec, allowed: bool) -> Classification | None:
    """For recording a contact as a service request: the triage hint where it reads the resident's
    words as a complaint. "Whenever a resident expresses dissatisfaction landlords must give them the
    choice to make a complaint" (2024 1.3): a contact the hint read as a complaint, 84% confident, was
    filed as a service request with nothing said (browser walk). Said, never refused: the hint may
    be wrong, and the handler decides."""
    if spec.action != Action.TRIAGE_AS_SERVICE_REQUEST or not allowed:
        return None
    hint = triage_hint(complaint)
    return hint if hint is not None and hint.label == "complaint" else None


def _held_of_action(complaint: Complaint, action: Action) -> PendingStep | None:
    """The step of this kind already recorded and waiting to be sent, which recording it again
    replaces (its letter's email, not yet sent, is then stopped)."""
    step = HELD_STEP_OF_ACTION.get(action)
    if step is None or not complaint.not_yet_sent:
        return None
    held = next((h for h in services.held_steps(complaint) if h.step == step), None)
    if held is not None:
        held.awaiting_letter = posting.waiting_for(held)  # type: ignore[attr-defined]
    return held


def _why_not_open(spec: ActionSpec, detail: CaseView) -> str:
    """Why a step is not open now, where something other than the complaint's state says it: a remedy
    to record as done needs one waiting (the page blamed the stage)."""
    case = detail.case
    if spec.action in (Action.COMPLETE_REMEDY, Action.WITHDRAW_REMEDY) and not any(
        r.pending for r in case.remedies
    ):
        return "No remedy on this complaint is waiting to be carried out."
    if spec.action == Action.COMPLETE_OUTSTANDING_ACTION and all(
        a.completed_on is not None for a in case.outstanding_actions
    ):
        return "No outstanding action on this complaint is waiting to be completed."
    return ""


class ChangedSincePageOpened(Exception):
    """The complaint's history moved on after the step's page was opened."""


#: the same form sent twice (the browser's Back then Send, two tabs, a double POST) recorded the
#: remedy twice, and a remedy cannot be withdrawn: nothing is recorded, and the form says why
STEP_STALE = (
    "This complaint changed after you opened this page (see its timeline), so nothing was recorded: "
    "if you pressed Back after sending this form, or sent it from another tab, it is already recorded. "
    "Check the case; send this form again only if it still needs recording"
)


def history_version(complaint: Complaint) -> str:
    """Where the complaint's history stands: its events, and its held steps and their changes."""
    events = ComplaintEvent.objects.filter(complaint=complaint).count()
    held = PendingStep.objects.filter(complaint=complaint).aggregate(
        all=Count("id"), closed=Count("id", filter=~Q(state=PendingStep.State.PENDING))
    )
    return f"{events}.{held['all']}.{held['closed']}"


def _not_changed_since(complaint: Complaint, seen: str) -> None:
    """Under the complaint's row lock, so a second of two forms sent at once waits for the first and
    then finds the history moved on. A form sent with no ``seen`` (a script) is not checked."""
    if not seen:
        return
    services.lock_complaint(complaint.pk)
    if history_version(complaint) != seen:
        raise ChangedSincePageOpened


@staff_required
@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    detail = _detail(request, reference)
    if not can_act_on_complaint(user, detail.complaint):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attach_document(
                complaint=detail.complaint,
                actor=user,
                content=upload,
                filename=upload.name,
                content_type=mimetypes.guess_type(upload.name)[0] or "",
                description=form.cleaned_data.get("description", ""),
            )
        except LifecycleError as error:
            form.add_error("file", error.detail)
        else:
            messages.success(request, f"{upload.name} added to the record.")
            return HttpResponseRedirect(reverse("workspace:case", args=[reference]) + "#documents")
    return render(
        request,
        "workspace/attach.html",
        {"nav_section": "queue", "form": form, "complaint": detail.complaint},
        status=200 if not form.errors else 400,
    )


@staff_required
def document(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    detail = _detail(request, reference)
    attachment = get_object_or_404(Attachment, pk=pk, complaint=detail.complaint)
    record_access(
        request, complaint_id=attachment.complaint_id, what=What.DOCUMENT, how=How.DOWNLOADED, object_id=pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_filename,
        content_type=attachment.content_type,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def correspondence(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    detail = _detail(request, reference)
    if not can_act_on_complaint(user, detail.complaint):
        raise PermissionDenied
    form = CorrespondenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_correspondence(
                complaint=detail.complaint,
                actor=user,
                direction=data["direction"],
                channel=data["channel"],
                party=data["party"],
                subject=data.get("subject", ""),
                body=data.get("body", ""),
            )
        except LifecycleError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "Correspondence added to the record.")
            return HttpResponseRedirect(reverse("workspace:case", args=[reference]) + "#timeline")
    return render(
        request,
        "workspace/correspondence.html",
        {"nav_section": "queue", "form": form, "complaint": detail.complaint},
    )


# --------------------------------------------------------------------------------------------------
# The team


@staff_required
def team(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not handles_complaints(user):
        raise PermissionDenied
    today = timezone.localdate()
    calendar = landlord_rules().calendar
    view = team_view(user, today=today, calendar=calendar)
    shown = {c.pk for c in [*view.at_risk, *view.overdue, *view.promises_passed]} | {
        e.complaint_id for e in view.extensions
    }
    record_listed(request, complaint_ids=shown)
    rows = case_rows([*view.at_risk, *view.overdue, *view.promises_passed], calendar=calendar, today=today)
    promised_from = len(view.at_risk) + len(view.overdue)

    return render(
        request,
        "workspace/team.html",
        {
            "nav_section": "manager",
            "view": view,
            "at_risk": rows[: len(view.at_risk)],
            "overdue": rows[len(view.at_risk) : promised_from],
            "promises_passed": rows[promised_from:],
            "open_total": sum(w.open for w in view.workload),
            "at_risk_total": sum(w.at_risk for w in view.workload),
            "can_reassign": user.role in ALLOCATES or user.is_superuser,
            "today": today,
        },
    )


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """What django-axes shows after too many failed sign-ins (``AXES_LOCKOUT_CALLABLE``)."""
    return render(request, "workspace/locked_out.html", {}, status=429)
