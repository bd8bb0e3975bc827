"""REST API v1 under ``/api/v1/``: create, list and read complaints, and every lifecycle step.

Endpoints validate input (schemas in ``schemas.py``) and call the complaint services; the services
call the Code's core. A step the Code refuses is a 422 (or 409 when the complaint's state does not
allow it) whose body cites the provision: ``{"provision": "2024 6.13", "detail": "..."}``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError

from putright.access.log import What, record_access
from putright.access.policy import complaints_opened, handles_complaints, handling_filter, scope
from putright.accounts.models import User
from putright.api import schemas as s
from putright.api.access import (
    ON_A_COMPLAINT,
    REFUSALS,
    STEP_REFUSALS,
    UNREADABLE_BODY,
    Denied,
    Gate,
    Need,
    Problem,
    TokenAuth,
)
from putright.api.letters import router as letters_router
from putright.api.models import IdempotencyKey
from putright.code.errors import InvalidRequest, LifecycleError, UnreadableRecord
from putright.complaints import inserts, rules, services
from putright.complaints.lookup import Key, by_key, by_keys, unique
from putright.complaints.models import (
    Category,
    Complaint,
    Landlord,
    PendingStep,
    Property,
    Resident,
)
from putright.complaints.positions import BadPosition, Position, keys, keys_after
from putright.complaints.selectors import (
    LIST_RELATED,
    ORDERS,
    ComplaintRecord,
    TimelineEntry,
    build_timeline,
    complaint_queryset,
    complaint_record,
)
from putright.letters import already_issued, posting
from putright.letters.models import IssuedLetter
from putright.letters.services import gaps_in_text_sent_another_way, take_step
from putright.ombudsman.api import router as ombudsman_file_router
from putright.web import unreadable
from putright.workspace import promised_dates
from putright.workspace.models import InternalNote
from putright.workspace.promises import standing_promises
from putright.workspace.selectors import case_amendments

api = NinjaAPI(
    title="PutRight API",
    version="1",
    description=(
        "Complaint handling under the Housing Ombudsman's Complaint Handling Code. Every refused "
        "step names the provision that refused it. Authenticate with `Authorization: Bearer <token>` "
        "(`putright apitoken create --user NAME`)."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
)
api.add_router("/", letters_router)
api.add_router("/", ombudsman_file_router)


@api.exception_handler(LifecycleError)
def _refused(request: HttpRequest, error: LifecycleError) -> HttpResponse:
    body: dict[str, Any] = {"provision": error.provision, "detail": error.detail}
    if error.fields:
        # added beside ``detail`` (v1 is a contract: its string stays): which fields the refusal is
        # about, in the shape of a 422's field problems, so a client can show each on its field
        body["fields"] = [{"loc": name.split("."), "msg": message} for name, message in error.fields]
    missing = getattr(error, "missing", ())
    if missing:
        body["missing"] = list(missing)
    return api.create_response(request, body, status=error.status_hint)


@api.exception_handler(UnreadableRecord)
def _unreadable(request: HttpRequest, error: UnreadableRecord) -> HttpResponse:
    """A history written outside PutRight's doors that the Code's classes cannot read: said, not guessed."""
    unreadable.report(request, error)
    return api.create_response(request, {"provision": None, "detail": error.detail}, status=500)


@api.exception_handler(Complaint.DoesNotExist)
def _not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(request, {"provision": None, "detail": "no such complaint"}, status=404)


@api.exception_handler(Denied)
def _denied(request: HttpRequest, error: Denied) -> HttpResponse:
    return api.create_response(request, {"provision": None, "detail": error.detail}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, error: Exception) -> HttpResponse:
    response = api.create_response(request, {"detail": "a valid API token is required"}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _complaint(request: HttpRequest, reference: str) -> Complaint:
    """The complaint named in the path, as the door's check loaded it (``access.Gate``)."""
    checked = getattr(request, "putright_complaint", None)
    if isinstance(checked, Complaint) and checked.reference == reference:
        return checked
    return scope(_user(request)).select_related(*LIST_RELATED).get(reference=reference)


class FieldError(Exception):
    """Input that passed its schema but names something that does not exist (a category, a handler).
    ``also`` carries the request's other such problems, so a client is told of them all at once."""

    def __init__(
        self,
        field: str,
        message: str,
        also: tuple[tuple[str, str], ...] = (),
        *,
        provision: str | None = None,
        missing: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.problems = ((field, message), *also)
        #: the Code's provision, where a rule of the Code refused what the fields say
        self.provision = provision
        #: every provision whose required content is missing, as a content refusal gives them
        self.missing = missing


@api.exception_handler(FieldError)
def _field_error(request: HttpRequest, error: FieldError) -> HttpResponse:
    body: dict[str, Any] = {
        "detail": [
            {"type": "value_error", "loc": field.split("."), "msg": message}
            for field, message in error.problems
        ]
    }
    if error.provision:
        body["provision"] = error.provision
    if error.missing:
        body["missing"] = list(error.missing)
    return api.create_response(request, body, status=422)


def _unprocessable(field: str, message: str) -> FieldError:
    return FieldError(field, message)


# ---------------------------------------------------------------------------------------------------
# Reading


def _summary(complaint: Complaint) -> dict[str, Any]:
    return {
        "reference": complaint.reference,
        "state": complaint.state,
        "stage": complaint.stage,
        "edition": complaint.edition,
        "channel": complaint.channel,
        "category": complaint.category.slug if complaint.category else None,
        "resident": complaint.resident.name,
        "handler": complaint.handler.get_username() if complaint.handler else None,
        "received_on": complaint.received_on,
        "current_due": complaint.current_due,
        "current_due_provision": complaint.current_due_provision,
        "summary": complaint.summary,
    }


class ListFilters(Schema):
    # checked in the view (NUL, length), so every problem with one filter is reported under its own
    # name, as an unknown handler is: PostgreSQL refuses a NUL in any text it is sent (a 500 otherwise)
    state: str | None = None
    stage: int | None = None
    category: str | None = None
    handler: str | None = None  # empty: anyone
    open: bool | None = None
    due_before: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    q: str = ""
    order: str = "due"
    limit: int = 25
    offset: int = 0
    after: str | None = Field(
        None,
        description="Carry on after the page that gave this ``next_after`` (same filters and order). "
        "Costs the same however deep the page is, unlike ``offset``; give one or the other.",
    )


#: the longest each text filter may be (``q`` is cut to 200 characters, as it always was)
TEXT_FILTERS = {"state": 50, "category": 50, "handler": 150, "q": None}


def _filter_problems(filters: ListFilters) -> list[tuple[str, str]]:
    """Every filter that cannot be read, each under its own name, reported together."""
    problems = []
    if not 1 <= filters.limit <= 200:
        problems.append(("limit", "limit must be between 1 and 200"))
    if filters.offset < 0:
        problems.append(("offset", "offset cannot be negative"))
    if filters.order not in ORDERS:
        problems.append(("order", f"order is one of {', '.join(ORDERS)}"))
    for name, longest in TEXT_FILTERS.items():
        value = getattr(filters, name) or ""
        if "\x00" in value:
            problems.append((name, "must not contain NUL characters"))
        elif longest is not None and len(value) > longest:
            problems.append((name, f"must be at most {longest} characters"))
    return problems


def warn(response: HttpResponse, text: str) -> None:
    """Tell the client something it should know about an answer that still succeeded, in a
    ``Warning: 299 - "..."`` header (RFC 7234 5.5; Kubernetes' API warns its clients the same way).
    Escaped to printable ASCII, so no value a client sent can break the header."""
    quoted = text.encode("ascii", "backslashreplace").decode().replace("\\", "\\\\").replace('"', '\\"')
    existing = response.get("Warning")
    field = f'299 - "{quoted}"'
    response["Warning"] = f"{existing}, {field}" if existing else field


def _unknown_filter_warnings(response: HttpResponse, filters: ListFilters) -> bool:
    """A state or category that names nothing matches no complaint: v1 has always answered such a
    list with an empty page (200), and still does, with a ``Warning`` saying why it is empty (an empty
    page alone reads as "no complaints in that category"). True when one was unknown."""
    unknown = False
    states = [value for value, _ in Complaint._meta.get_field("state").choices or ()]
    if filters.state and filters.state not in states:
        unknown = True
        warn(
            response,
            f"unknown state {filters.state!r}, so no complaint matches: the states are {', '.join(states)} "
            "(every complaint still open: open=true)",
        )
    if filters.category and not Category.objects.filter(slug=filters.category).exists():
        unknown = True
        known = ", ".join(Category.objects.values_list("slug", flat=True))
        warn(
            response,
            f"unknown category {filters.category!r}, so no complaint matches: the categories are {known}",
        )
    return unknown


@api.get(
    "/complaints",
    response={200: s.ComplaintPage, **REFUSALS},
    auth=Gate("read"),
    tags=["complaints"],
    summary="List and filter the complaints you may see",
    description="A ``state`` or ``category`` that names nothing answers an empty page, with a "
    '``Warning: 299 - "unknown state ..."`` header naming the ones there are.',
)
def list_complaints(
    request: HttpRequest, filters: Query[ListFilters], response: HttpResponse
) -> dict[str, Any]:
    problems = _filter_problems(filters)
    handler = None
    if filters.handler and not any(name == "handler" for name, _ in problems):
        handler = User.objects.filter(username=filters.handler).first()
        if handler is None:
            problems.append(("handler", f"no member of staff is called {filters.handler!r}"))
    position = None
    try:
        position = _position(filters)
    except FieldError as problem:
        problems.extend(problem.problems)
    if problems:
        raise FieldError(*problems[0], also=tuple(problems[1:]))
    assert filters.order in ORDERS  # checked with the others above
    if _unknown_filter_warnings(response, filters):
        return {"items": [], "limit": filters.limit, "offset": filters.offset, "next_offset": None}
    queryset = complaint_queryset(
        visible_to=_user(request),
        state=filters.state,
        stage=filters.stage,
        category=filters.category,
        handler=handler,
        is_open=filters.open,
        due_before=filters.due_before,
        received_from=filters.received_from,
        received_to=filters.received_to,
        search=filters.q[:200],
        order=filters.order,
    )
    mine = handling_filter(_user(request))  # a handler: their own, their team's and the intake
    if mine is not None:
        queryset = queryset.filter(mine)
    # The page's ids first (complaint table only), then its rows with their joins: slicing the joined
    # query made the database join every skipped row, 200+ ms at offset 50,000 of 100,000 complaints.
    if position is not None:
        found = keys_after(queryset, position, filters.limit + 1)
    else:
        found = list(keys(queryset, filters.order)[filters.offset : filters.offset + filters.limit + 1])
    ids = [pk for pk, _ in found[: filters.limit]]
    rows = list(queryset.filter(pk__in=ids)) if ids else []
    # more, and where this page ended: from the keys read first, so complaints that leave the filter
    # before their rows are read do not end a walk early (the page then shows fewer)
    more = len(found) > filters.limit
    return {
        "items": [_summary(c) for c in rows],
        "limit": filters.limit,
        "offset": filters.offset,
        "next_offset": filters.offset + filters.limit if more and position is None else None,
        "next_after": Position.of(found[filters.limit - 1], filters.order).token() if more else None,
    }


@api.get(
    "/categories",
    response={200: list[s.CategoryOut], **REFUSALS},
    auth=Gate("read"),
    tags=["complaints"],
    summary="The categories a new complaint may be given (those in use, as the workspace offers them)",
)
def list_categories(request: HttpRequest) -> Any:
    return list(Category.objects.filter(active=True).values("slug", "name"))


def _position(filters: ListFilters) -> Position | None:
    """Where ``after`` says the last page ended (422 if it is malformed, or given for another order)."""
    if filters.after is None:
        return None
    if filters.offset:
        raise _unprocessable("after", "give after or offset, not both: after carries on from its own page")
    try:
        return Position.read(filters.after, filters.order)  # type: ignore[arg-type]
    except BadPosition as problem:
        raise _unprocessable("after", f"after {problem}") from None


def _not_yet_sent(complaint: Complaint) -> list[dict[str, Any]]:
    """The complaint's held steps (no query unless it has one: ``Complaint.not_yet_sent``)."""
    if not complaint.not_yet_sent:
        return []
    from putright.letters.models import LetterDraft

    held = services.held_steps(complaint)
    drafts = dict(
        LetterDraft.objects.filter(pending_step__in=held).order_by("pk").values_list("pending_step_id", "pk")
    )
    return [
        {
            "id": h.pk,
            "step": h.step,
            "label": h.label,
            "stage": h.stage,
            "recorded_by": h.recorded_by.get_username() if h.recorded_by else None,
            "recorded_at": h.recorded_at,
            "letter_draft": drafts.get(h.pk),
        }
        for h in held
    ]


def _detail(
    request: HttpRequest,
    reference: str,
    *,
    log: bool = False,
    complaint: Complaint | None = None,
    changed: bool = False,
) -> dict[str, Any]:
    """The full record of one complaint. ``complaint``: as just created, with its related rows;
    otherwise the one the door's check loaded, or (``changed``: a step changed it) read again."""
    if changed:
        complaint = scope(_user(request)).select_related(*LIST_RELATED).get(reference=reference)
    elif complaint is None:
        complaint = _complaint(request, reference)
    found = complaint_record(complaint)
    if log:
        record_access(request, complaint_id=complaint.pk, what=What.COMPLAINT)
    deadline = None
    current = found.case.current_deadline()
    if current is not None:
        due, provision = current
        today = timezone.localdate()
        deadline = {
            "due": due,
            "provision": provision,
            "working_days_left": found.rules.calendar.working_days_between(today, due),
        }
        # a response promised sooner than the Code's date, as the case page and the queue show it
        promise = (
            standing_promises([complaint], today=today, calendar=found.rules.calendar).get(complaint.pk)
            if found.case.acknowledged_on.get(found.case.stage) is not None
            else None
        )
        if promise is not None:
            deadline |= {"promised_to_resident": promise.told, "promised_date_passed": promise.passed}
    return {
        **_summary(complaint),
        "not_yet_sent": _not_yet_sent(complaint),
        "deadline": deadline,
        "allowed_actions": [a.value for a in found.allowed_actions],
        "representative": complaint.representative.name if complaint.representative else None,
        "stages": [
            {
                "number": st.number,
                "handler": found.handlers.get(st.handler_id) if st.handler_id else None,
                "acknowledgement_due": st.acknowledgement_due,
                "acknowledged_on": st.acknowledged_on,
                "response_due": st.response_due,
                "original_response_due": st.original_response_due,
                "responded_on": st.responded_on,
                "outcome": st.outcome,
                "complaint_definition": st.complaint_definition,
                "outcomes_sought": st.outcomes_sought,
            }
            for st in found.rows.stages
        ],
        "remedies": [
            {
                "number": r.number,
                "kind": r.kind,
                "description": r.description,
                "due": r.due,
                "agreed_with_resident": r.agreed_with_resident,
                "amount_pence": r.amount_pence,
                "completed_on": r.completed_on,
                "withdrawn_on": r.withdrawn_on,
                "withdrawn_ground": r.withdrawn_ground,
                "withdrawn_reason": r.withdrawn_reason,
            }
            for r in found.rows.remedies
        ],
        "outstanding_actions": [
            {
                "number": a.number,
                "description": a.description,
                "owner": a.owner,
                "due": a.due,
                "completed_on": a.completed_on,
            }
            for a in found.rows.actions
        ],
        "timeline": _timeline(found, _user(request)),
    }


def _timeline_kind(entry: TimelineEntry) -> str:
    if entry.event is not None:
        return str(entry.event.kind)
    if entry.amendment is not None:
        return str(entry.amendment.kind)
    return "internal_note" if entry.note is not None else "correspondence"


def _timeline_data(entry: TimelineEntry) -> dict[str, Any]:
    if entry.event is not None:
        return dict(entry.data)  # a complaint linked by new issues the reader may not open: null
    if entry.amendment is not None:
        return {"changes": list(entry.amendment.changes), "reason": entry.amendment.reason}
    return {}


def _recorded_by(entry: TimelineEntry) -> str | None:
    """Who recorded a piece of correspondence (or issued the letter), ``None`` for anything else."""
    c = entry.correspondence
    return str(c.recorded_by) if c is not None and c.recorded_by is not None else None


def _timeline(found: ComplaintRecord, user: User) -> list[dict[str, Any]]:
    """The full record as the case page shows it (2024 5.12): events, correspondence, changes to the
    resident's and the complaint's details, and, for staff who handle complaints, internal notes."""
    complaint = found.complaint
    notes = (
        InternalNote.objects.filter(complaint=complaint).select_related("author")
        if handles_complaints(user)
        else InternalNote.objects.none()
    )
    entries = build_timeline(
        found.events,
        found.correspondence,
        # a complaint linked by new issues (2024 6.8) is named only where the reader may open it, as
        # on the case page: otherwise "a complaint you cannot see", and null in ``data``
        opens=complaints_opened(user),
        amendments=case_amendments(complaint),
        notes=notes,
    )
    return [
        {
            "type": entry.kind,
            "kind": _timeline_kind(entry),
            "on": entry.on,
            "at": entry.at,
            "actor": entry.actor,
            "recorded_by": _recorded_by(entry),
            # v1 gives the provision recorded with the event (an acknowledgement's is its response
            # date's, 2024 6.3), as it always has; the case page cites the step's own
            "provision": entry.event.provision if entry.event is not None else entry.provision,
            "summary": entry.title + (f": {entry.detail}" if entry.detail else ""),
            "data": _timeline_data(entry),
            "staff_only": entry.staff_only,
            "imported_from": entry.imported_from,
        }
        for entry in entries
    ]


@api.get(
    "/complaints/{reference}",
    response={200: s.ComplaintDetail, **ON_A_COMPLAINT},
    auth=Gate("view"),
    tags=["complaints"],
    summary="One complaint with its timeline",
)
def get_complaint(request: HttpRequest, reference: str) -> dict[str, Any]:
    return _detail(request, reference, log=True)


# ---------------------------------------------------------------------------------------------------
# Creating


def _request_hash(payload: s.ComplaintCreate) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _categories_in_use() -> str:
    """The categories a new complaint may be given (those the workspace and the residents' form
    offer: those in use), as the end of a message to the client."""
    in_use = list(Category.objects.filter(active=True).values_list("slug", flat=True))
    if not in_use:
        return "the landlord has no categories in use, so leave category out"
    return f"use one of {', '.join(in_use)} (GET /api/v1/categories)"


def _retired_category_warning(complaint: Complaint) -> str:
    """A complaint created under a category the landlord no longer uses is recorded as sent (v1 has
    always done so: refusing it would leave a resident's complaint unrecorded in the client's queue),
    and the client is told, so it can bring its list up to date."""
    category = complaint.category
    if category is None or category.active:
        return ""
    return f"category {category.slug!r} is no longer in use; the complaint was recorded under it: {_categories_in_use()}"


def _create(request: HttpRequest, payload: s.ComplaintCreate) -> Complaint:
    user = _user(request)
    if (payload.resident_id is None) == (payload.resident is None):
        raise _unprocessable("resident", "give either resident_id or resident, not both")
    # the category, the resident and the landlord's rules in one query (lookup.by_keys); the rules
    # are kept for the rest of the request (rules.remember), so receiving the complaint reads none again
    wanted = {"landlord": rules.landlord_key()}
    if payload.category:
        wanted["category"] = Key(Category, {"slug": payload.category})
    if payload.resident_id is not None:
        wanted["resident"] = Key(Resident, {"pk": payload.resident_id})
    seen = rules.changes()
    found = dict(zip(wanted, by_keys(*wanted.values()), strict=True))
    if isinstance(found["landlord"], Landlord):
        rules.remember(found["landlord"], seen)
    # every field that names something missing is reported in one answer, not one per attempt
    problems: list[tuple[str, str]] = []
    category: Category | None = None
    if payload.category:
        given = found["category"]
        if isinstance(given, Category):
            category = given  # one no longer in use too: v1 has always recorded it (with a Warning)
        else:
            problems.append(("category", f"unknown category {payload.category!r}: {_categories_in_use()}"))
    home = None
    resident: Resident | None = None
    if payload.resident_id is not None:
        resident = found["resident"] if isinstance(found["resident"], Resident) else None
        if resident is None:
            problems.append(("resident_id", f"no resident has id {payload.resident_id}"))
    elif payload.resident is not None and payload.resident.property_reference:
        home = by_key(Property, reference=payload.resident.property_reference)
        if home is None:
            problems.append(("resident.property_reference", "no home has that reference"))
    if problems:
        raise FieldError(*problems[0], also=tuple(problems[1:]))
    if resident is None:
        assert payload.resident is not None
        resident = services.create_resident(
            name=payload.resident.name,
            email=str(payload.resident.email or ""),
            phone=payload.resident.phone,
            property=home,
        )
    representative = None
    if payload.representative is not None:
        representative = services.add_representative(resident=resident, **payload.representative.model_dump())
    return services.receive_complaint(
        resident=resident,
        representative=representative,
        summary=payload.summary,
        channel=payload.channel,
        actor=user,
        received_on=payload.received_on,
        category=category,
        about_service_request=payload.about_service_request,
        accept=payload.accept_as_complaint,
        route=payload.route,
        issue_date=payload.issue_date,
        discretion_reason=payload.discretion_reason,
    )


#: RFC 7240: a client that sends ``Prefer: return=minimal`` gets the short answer
MINIMAL = "return=minimal"


def prefers_minimal(request: HttpRequest) -> bool:
    """Whether the ``Prefer`` header(s) ask for ``return=minimal`` (RFC 7240: preferences are
    separated by commas, may carry parameters after ``;``, and their names are case-insensitive)."""
    for preference in request.headers.get("Prefer", "").split(","):
        name, _, value = preference.split(";")[0].partition("=")
        if name.strip().lower() == "return" and value.strip().strip('"').lower() == "minimal":
            return True
    return False


def _created(
    request: HttpRequest, response: HttpResponse, complaint: Complaint, *, changed: bool = False
) -> Any:
    """201 with the full record, or with ``Prefer: return=minimal`` the short answer: the reference,
    state, stage and deadline. Either way the full record's URL is in ``Location`` (and the short
    answer's ``url``). ``response``: ninja's answer-to-be, whose headers it copies onto the answer."""
    url = reverse("api-v1:get_complaint", kwargs={"reference": complaint.reference})
    retired = _retired_category_warning(complaint)
    if not prefers_minimal(request):
        if retired:
            warn(response, retired)
        # the full record, through its schema; ninja copies these headers onto the answer
        response["Location"] = request.build_absolute_uri(url)
        response["Vary"] = "Prefer"
        return Status(201, _detail(request, complaint.reference, complaint=complaint, changed=changed))
    body = s.ComplaintCreated(
        reference=complaint.reference,
        state=complaint.state,
        stage=complaint.stage,
        deadline=(
            s.Due(due=complaint.current_due, provision=complaint.current_due_provision)
            if complaint.current_due
            else None
        ),
        url=url,
    )
    short = api.create_response(request, body.model_dump(mode="json"), status=201)
    short["Location"] = request.build_absolute_uri(url)
    short["Preference-Applied"] = MINIMAL
    if retired:
        warn(short, retired)
    short["Vary"] = "Prefer"
    return short


CREATE_DOC = {
    "parameters": [
        {
            "in": "header",
            "name": "Prefer",
            "required": False,
            "description": (
                "RFC 7240. `return=minimal`: answer with the short record (reference, state, stage, "
                "deadline and the full record's `url`, also in `Location`), confirmed by "
                "`Preference-Applied: return=minimal`. Without it the answer is the full record."
            ),
            "schema": {"type": "string", "enum": ["return=minimal", "return=representation"]},
        },
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "description": "Makes retries safe: the same key and body return the same complaint.",
            "schema": {"type": "string", "maxLength": 200},
        },
    ],
}


@api.post(
    "/complaints",
    response={
        201: s.ComplaintDetail | s.ComplaintCreated,
        **REFUSALS,
        409: Problem,
        **UNREADABLE_BODY,
    },
    auth=Gate("create"),
    tags=["complaints"],
    summary="Record a new contact from a resident, a representative or staff, on any channel",
    openapi_extra=CREATE_DOC,
)
def create_complaint(request: HttpRequest, payload: s.ComplaintCreate, response: HttpResponse) -> Any:
    """Send an ``Idempotency-Key`` header to make retries safe: the same key and body return the same
    complaint; the same key with a different body is refused with 409. Send ``Prefer:
    return=minimal`` for the short answer (reference, state, deadline, and the full record's URL).
    A category the landlord no longer uses is recorded, with a ``Warning: 299 - "..."`` header naming
    the categories in use (``GET /api/v1/categories``)."""
    key = _idempotency_key(request)
    if not key:
        with transaction.atomic():
            complaint = _create(request, payload)
        return _created(request, response, complaint)
    digest = _request_hash(payload)
    user = _user(request)

    def create() -> tuple[Any, int, int]:
        complaint = _create(request, payload)
        return complaint, complaint.pk, 201

    # the key is written in the same round trip as the complaint's events (inserts.together)
    made, existing = _at_most_once(user, key, digest, create, batched=True)
    if existing is None:
        return _created(request, response, made)
    if existing.request_hash != digest:
        return _key_used_otherwise()
    # the complaint as the user may see it now: one allocated or restricted away since is not found
    # (404, as GET answers), rather than its current state and deadline in the short answer
    visible = unique(scope(user).filter(pk=existing.complaint_id))
    if visible is None:
        raise Complaint.DoesNotExist("no such complaint")
    return _created(request, response, visible, changed=True)


# ---------------------------------------------------------------------------------------------------
# Lifecycle steps: one endpoint per step, each calling the service of the same name


def _staff(username: str, field: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise _unprocessable(field, f"no member of staff is called {username!r}")
    return user


def _at_most_once(
    user: User, key: str, digest: str, act: Callable[[], tuple[Any, int, int]], *, batched: bool = False
) -> tuple[Any, IdempotencyKey | None]:
    """``act`` (which answers with what it made, the complaint's id and the status) done once for
    ``key``: its answer and ``None``; or, for a key already used, ``None`` and that use. The key is
    written in the transaction of what it made, so of two requests racing with one key the second
    fails on the unique index when the first commits, and what it made is rolled back with it."""
    existing = by_key(IdempotencyKey, user_id=user.pk, key=key)
    if existing is None:
        try:
            with transaction.atomic(), inserts.together() if batched else nullcontext():
                made, complaint_id, status = act()
                inserts.create(
                    IdempotencyKey(
                        user=user, key=key, request_hash=digest, complaint_id=complaint_id, status=status
                    )
                )
            return made, None
        except IntegrityError:
            existing = by_key(IdempotencyKey, user_id=user.pk, key=key)
            if existing is None:
                raise
        except LifecycleError:
            # a retry that waited on the complaint's lock while the first took the step is refused by
            # the Code (the remedy is already withdrawn) before its key's insert could fail: it
            # answers as the first did, as any other retry does; a refusal of its own stands
            existing = by_key(IdempotencyKey, user_id=user.pk, key=key)
            if existing is None:
                raise
    return None, existing


def _key_used_otherwise() -> Status[dict[str, Any]]:
    return Status(
        409,
        {
            "provision": None,
            "detail": "this Idempotency-Key was used with a different request (path or body)",
            "missing": [],
        },
    )


def _idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200 or "\x00" in key:
        raise _unprocessable("Idempotency-Key", "must be at most 200 characters, with no NUL characters")
    return key


def _step(request: HttpRequest, reference: str, service: Callable[..., Complaint], **arguments: Any) -> Any:
    """Take one step. A step the resident must be told of, sent without ``told``, is held as not yet
    sent: 202 with the complaint (its ``not_yet_sent`` lists it) instead of 200.

    With an ``Idempotency-Key`` header a retry is safe: the same key, path and body answer as the
    first request did, with the complaint as it is now, and take nothing again (a network retry of
    ``remedies`` recorded a second remedy); the same key with another path or body is a 409."""

    def again(status: int) -> Any:
        detail = _detail(request, reference, changed=True)
        return Status(status, detail) if status != 200 else detail

    return _once(
        request, reference, arguments, lambda: _take_step(request, reference, service, dict(arguments)), again
    )


def _once(
    request: HttpRequest,
    reference: str,
    arguments: dict[str, Any],
    act: Callable[[], Any],
    again: Callable[[int], Any],
) -> Any:
    """``act``'s answer, taken once for the request's ``Idempotency-Key`` (every time without one): a
    retry with the same key, path and body (``arguments``) answers ``again`` with the first's status,
    taking nothing again; the same key with another path or body is a 409."""
    key = _idempotency_key(request)
    if not key:
        return act()
    digest = hashlib.sha256(
        json.dumps([request.path, arguments], sort_keys=True, default=str, separators=(",", ":")).encode()
    ).hexdigest()

    def take() -> tuple[Any, int, int]:
        answer = act()
        # the complaint acted on, whoever may see it now (an allocation can take it out of the
        # sender's sight: the step stands, and a retry answers 404)
        taken_on = Complaint.objects.filter(reference=reference).values_list("pk", flat=True)[0]
        return answer, taken_on, answer.status_code if isinstance(answer, Status) else 200

    answer, existing = _at_most_once(_user(request), key, digest, take)
    if existing is None:
        return answer
    if existing.request_hash != digest:
        return _key_used_otherwise()
    return again(existing.status)


def _take_step(
    request: HttpRequest, reference: str, service: Callable[..., Complaint], arguments: dict[str, Any]
) -> Any:
    complaint = _complaint(request, reference)
    if "told" in arguments:
        told = arguments.pop("told")
        arguments["told"] = (
            None
            if told is None
            else services.Told(
                method=told["method"], on=told["sent_on"], subject=told["subject"], body=told["body"]
            )
        )
    user = _user(request)
    try:
        after, draft = take_step(
            lambda: service(complaint=complaint, actor=user, **arguments), complaint=complaint, actor=user
        )
    except LifecycleError as refused:
        if not refused.fields:
            raise
        # about what fields say ("[TBC]" left in the reasons, "None" over the record's remedies): each
        # under the request's own name for it
        names = _REQUEST_NAMES.get(service, {})
        (field, message), *also = [(names.get(f, f), m) for f, m in refused.fields]
        raise FieldError(
            field, message, tuple(also), provision=refused.provision, missing=getattr(refused, "missing", ())
        ) from None
    if draft is not None:
        # held until its letter (``not_yet_sent[].letter_draft``) is issued: POST
        # .../letters/{letter_draft}/issue records the step, dated the day of issue
        return Status(202, _detail(request, reference, changed=True))
    told = arguments.get("told")
    step = services.step_of(service)
    return _with_gaps(_detail(request, reference, changed=True), after, step, told)


def _with_gaps(detail: dict[str, Any], after: Complaint, step: str | None, told: Any) -> dict[str, Any]:
    """``detail`` with ``warnings``: what the text of a step sent another way does not set out that its
    PutRight letter must (the same Code check; said, never refused)."""
    if step is None or told is None or told.letter_id is not None:
        return detail
    gaps = gaps_in_text_sent_another_way(
        complaint=after, step=step, stage=after.stage, body=told.body, sent_on=told.on
    )
    return {**detail, "warnings": [gaps]} if gaps else detail


STEP_RESPONSES = {200: s.ComplaintDetail, 202: s.ComplaintDetail, **STEP_REFUSALS, **UNREADABLE_BODY}
STEP_DOC: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "description": "Makes retries safe: the same key, path and body answer as the first request did "
            "(200, or 202 for a held step), with the complaint as it is now, and take nothing again; the "
            "same key with another path or body is a 409.",
            "schema": {"type": "string", "maxLength": 200},
        }
    ]
}


def step(
    path: str, summary: str, need: Need = "act", description: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return api.post(
        f"/complaints/{{reference}}/{path}",
        response=STEP_RESPONSES,
        auth=Gate(need),
        tags=["lifecycle"],
        summary=summary,
        description=description,
        openapi_extra=STEP_DOC,
    )


@step(
    "accept",
    "Accept as a stage 1 complaint: the acknowledgement is due within 5 working days of the complaint "
    "being received, not of it being accepted (2024 6.2)",
)
def accept(request: HttpRequest, reference: str, payload: s.AcceptIn) -> Any:
    return _step(request, reference, services.accept_as_complaint, **payload.model_dump())


@step(
    "choice-to-complain",
    "Record that the resident was given the choice to make a complaint and what they chose; a "
    "complaint asked for is logged the same day (2024 1.3; 2022 1.6)",
)
def choice_to_complain(request: HttpRequest, reference: str, payload: s.ChoiceToComplainIn) -> Any:
    return _step(request, reference, services.offer_choice_to_complain, **payload.model_dump())


@step("service-request", "Triage as a service request, not a complaint (2024 1.4)")
def service_request(request: HttpRequest, reference: str, payload: s.ServiceRequestIn) -> Any:
    return _step(request, reference, services.triage_as_service_request, **payload.model_dump())


@step("resolve-service-request", "Resolve a service request")
def resolve_service_request(request: HttpRequest, reference: str, payload: s.ResolveServiceRequestIn) -> Any:
    return _step(request, reference, services.resolve_service_request, **payload.model_dump())


@step("decline", "Decline to accept, on a valid exclusion (2024 2.1-2.5; 2022 1.7-1.9, 4.7)")
def decline(request: HttpRequest, reference: str, payload: s.DeclineIn) -> Any:
    return _step(request, reference, services.decline_complaint, **payload.model_dump())


@step("allocate", "Allocate the current stage to a complaint handler (2024 6.13 at stage 2)", "allocate")
def allocate(request: HttpRequest, reference: str, payload: s.AllocateIn) -> Any:
    handler = _staff(payload.handler, "handler")
    return _step(request, reference, services.allocate_handler, handler=handler, on=payload.on)


#: a step's service's argument -> the request's name for it, where they differ
_REQUEST_NAMES: dict[Callable[..., Complaint], dict[str, str]] = {
    services.acknowledge_complaint: {"complaint_definition": "complaint"}
}


@step("acknowledge", "Acknowledge with the complaint definition (2024 5.6, 5.7, 6.2, 6.11)")
def acknowledge(request: HttpRequest, reference: str, payload: s.AcknowledgeIn) -> Any:
    values = payload.model_dump()
    values["complaint_definition"] = values.pop("complaint")
    return _step(request, reference, services.acknowledge_complaint, **values)


@step("extend", "Extend the response deadline (2024 6.4, 6.5, 6.15, 6.16)")
def extend(request: HttpRequest, reference: str, payload: s.ExtendIn) -> Any:
    return _step(request, reference, services.extend_response_deadline, **payload.model_dump())


@step("update-interval", "Agree how often the resident is kept informed (2024 5.9)")
def update_interval(request: HttpRequest, reference: str, payload: s.UpdateIntervalIn) -> Any:
    return _step(request, reference, services.agree_update_interval, **payload.model_dump())


@step("respond", "Issue the stage response (2024 6.9 a-g, 6.19 a-g)")
def respond(request: HttpRequest, reference: str, payload: s.RespondIn) -> Any:
    values = payload.model_dump()
    username = values.pop("handler")
    values["handler"] = _staff(username, "handler") if username else None
    return _step(request, reference, services.respond_to_complaint, **values)


@step("escalate", "The resident asks for the next stage; no reason needed (2024 6.12)")
def escalate(request: HttpRequest, reference: str, payload: s.EscalateIn) -> Any:
    return _step(request, reference, services.request_escalation, **payload.model_dump())


@step("decline-escalation", "Refuse to escalate, on the same valid reasons (2024 5.11; 2022 4.14)")
def decline_escalation(request: HttpRequest, reference: str, payload: s.DeclineEscalationIn) -> Any:
    return _step(request, reference, services.decline_escalation, **payload.model_dump())


@step("remedies", "Record a remedy: what will happen and by when (2024 7.3)")
def agree_remedy(request: HttpRequest, reference: str, payload: s.RemedyIn) -> Any:
    return _step(request, reference, services.agree_remedy, **payload.model_dump())


@step("remedies/{number}/complete", "Record that a remedy was carried out (2024 7.3)")
def complete_remedy(request: HttpRequest, reference: str, number: int, payload: s.CompleteRemedyIn) -> Any:
    return _step(request, reference, services.complete_remedy, number=number, **payload.model_dump())


@step(
    "remedies/{number}/withdraw",
    "Withdraw a remedy that will not be carried out, saying why (2024 7.3)",
    description="For a remedy recorded in error, declined by the resident, or replaced by another. It "
    "stays on the record, marked withdrawn with the reason, and is counted as withdrawn, never as done. "
    "A completed remedy cannot be withdrawn.",
)
def withdraw_remedy(request: HttpRequest, reference: str, number: int, payload: s.WithdrawRemedyIn) -> Any:
    return _step(request, reference, services.withdraw_remedy, number=number, **payload.model_dump())


@step("outstanding-actions", "Track an outstanding action (2024 6.6, 6.17)")
def add_outstanding_action(request: HttpRequest, reference: str, payload: s.OutstandingActionIn) -> Any:
    return _step(request, reference, services.add_outstanding_action, **payload.model_dump())


@step("outstanding-actions/{number}/complete", "Complete an outstanding action")
def complete_outstanding_action(
    request: HttpRequest, reference: str, number: int, payload: s.CompleteOutstandingActionIn
) -> Any:
    return _step(
        request, reference, services.complete_outstanding_action, number=number, **payload.model_dump()
    )


@step("close", "Close after a stage response")
def close(request: HttpRequest, reference: str, payload: s.CloseIn) -> Any:
    return _step(request, reference, services.close_complaint, **payload.model_dump())


@step("refer-to-ombudsman", "Record a referral to the Housing Ombudsman")
def refer(request: HttpRequest, reference: str, payload: s.ReferIn) -> Any:
    # the body's ``reference`` is the Ombudsman's; the path's is the complaint's
    complaint = _complaint(request, reference)
    services.refer_to_ombudsman(complaint=complaint, actor=_user(request), **payload.model_dump())
    return _detail(request, reference, changed=True)


@step(
    "new-issues",
    "New issues raised during a stage: added to the complaint definition (held until the resident "
    "is told) or logged as a new complaint linked to this one, with the reason (2024 6.8; 2022 5.7)",
)
def new_issues(request: HttpRequest, reference: str, payload: s.NewIssuesIn) -> Any:
    arguments = payload.model_dump()
    slug = arguments.pop("category")
    if slug:  # the new complaint's, as the workspace offers it: a category in use
        category = Category.objects.filter(slug=slug, active=True).first()
        if category is None:
            raise _unprocessable("category", f"no category in use is {slug!r}: {_categories_in_use()}")
        arguments["category"] = category  # the service refuses it with issues added to the definition
    return _step(request, reference, services.record_new_issues, **arguments)


@step("withdraw", "The resident withdraws the complaint")
def withdraw(request: HttpRequest, reference: str, payload: s.WithdrawIn) -> Any:
    return _step(request, reference, services.withdraw_complaint, **payload.model_dump())


def _held(request: HttpRequest, reference: str, held_id: int) -> Any:
    complaint = _complaint(request, reference)
    found = PendingStep.objects.filter(complaint=complaint, pk=held_id).first()
    if found is None:
        raise Complaint.DoesNotExist
    return found


@api.post(
    "/complaints/{reference}/held-steps/{held_id}/send",
    response=STEP_RESPONSES,
    auth=Gate("act"),
    tags=["lifecycle"],
    summary="Record how and when the resident was told of a held step; it counts from that day",
)
def send_held_step(request: HttpRequest, reference: str, held_id: int, payload: s.SendHeldStepIn) -> Any:
    held = _held(request, reference, held_id)
    told = payload.told
    if (told is None) == (payload.letter is None):
        raise InvalidRequest(
            None, "say how the resident was told: `told` (sent by another system) or `letter`, not both"
        )
    if payload.letter is not None:
        letter = IssuedLetter.objects.filter(pk=payload.letter, complaint=held.complaint).first()
        if letter is None:
            raise InvalidRequest(None, "no letter with that id was issued on this complaint")
        already_issued.tell_by_issued_letter(
            held=held, letter=letter, actor=_user(request), late_reason=payload.late_reason
        )
        return _detail(request, reference, changed=True)
    assert told is not None
    sent = services.Told(method=told.method, on=told.sent_on, subject=told.subject, body=told.body)
    after = services.send_held_step(
        pending=held, told=sent, actor=_user(request), late_reason=payload.late_reason
    )
    return _with_gaps(_detail(request, reference, changed=True), after, held.step, sent)


@api.post(
    "/complaints/{reference}/held-steps/{held_id}/discard",
    response=STEP_RESPONSES,
    auth=Gate("act"),
    tags=["lifecycle"],
    summary="Discard a held step that was never sent",
)
def discard_held_step(request: HttpRequest, reference: str, held_id: int) -> Any:
    # its letter's emails not yet sent are stopped too: the resident is not sent a discarded step
    posting.discard_waiting(held=_held(request, reference, held_id), actor=_user(request))
    return _detail(request, reference, changed=True)


@step(
    "correct-received-date",
    "Put right the day the complaint was received, recorded wrongly: the record keeps the day it "
    "replaces and the reason, and the stage 1 acknowledgement date follows (2024 5.12, 6.2)",
    need="correct-received-date",
)
def correct_received_date(request: HttpRequest, reference: str, payload: s.CorrectReceivedDateIn) -> Any:
    return _step(request, reference, services.correct_received_date, **payload.model_dump())


@step(
    "confirm-independence",
    "A manager records that someone allocated to an earlier stage never considered it (2024 6.13)",
    need="confirm-independence",
)
def confirm_independence(request: HttpRequest, reference: str, payload: s.ConfirmIndependenceIn) -> Any:
    person = _staff(payload.person, "person")
    return _step(
        request,
        reference,
        services.confirm_independence,
        person=person,
        stage=payload.stage,
        reason=payload.reason,
        on=payload.on,
    )


# ---------------------------------------------------------------------------------------------------
# The response date an acknowledgement sent another way gave the resident (2024 5.12, 6.3, 6.14)


def _text_sent(complaint: Complaint, pk: int) -> promised_dates.TextSent:
    """The text ``pk`` of ``complaint``: 404, as for a letter, if it is no acknowledgement's text."""
    found = promised_dates.texts_of(complaint, pk).get(pk)
    if found is None:
        raise Complaint.DoesNotExist("no such acknowledgement sent another way")
    return found


def _text_sent_out(text: promised_dates.TextSent) -> dict[str, Any]:
    kept = text.kept
    if kept is None:
        read_by = None
    elif kept.recorded_by is None:
        read_by = "putright"
    else:
        read_by = kept.recorded_by.get_username()
    return {
        "correspondence_id": text.correspondence.pk,
        "stage": text.stage,
        "sent_on": text.sent_on,
        "method": text.correspondence.channel,
        "subject": text.correspondence.subject,
        "response_date_given": text.given,
        "read_by": read_by,
        "response_due": text.response_due,
    }


@api.get(
    "/complaints/{reference}/texts-sent",
    response={200: list[s.TextSentOut], **ON_A_COMPLAINT},
    auth=Gate("view"),
    tags=["complaints"],
    summary="The acknowledgements sent to the resident another way, and the response date the record "
    "keeps from each text (2024 5.12, 6.3, 6.14)",
    description="Each acknowledgement recorded as told by another system's email or letter (`told`), "
    "whose text is kept: the response date PutRight read from it, or a person recorded "
    "(`read_by`), beside the stage's date under the Code. Where PutRight could not read the date "
    '("by Friday"), or read the wrong one, record it with `POST .../texts-sent/{id}/response-date`.',
)
def list_texts_sent(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.COMPLAINT)
    return [_text_sent_out(text) for text in promised_dates.texts_of(complaint).values()]


def _record_response_date(
    request: HttpRequest, reference: str, correspondence_id: int, payload: s.ResponseDateGivenIn
) -> dict[str, Any]:
    complaint = _complaint(request, reference)
    try:
        recorded = promised_dates.record_response_date_given(
            complaint=complaint,
            actor=_user(request),
            text=_text_sent(complaint, correspondence_id),
            given=payload.response_date_given,
            reason=payload.reason,
        )
    except Http404:  # the text read again under the complaint's lock
        raise Complaint.DoesNotExist("no such acknowledgement sent another way") from None
    return {**_text_sent_out(_text_sent(complaint, correspondence_id)), "said": recorded.said}


@api.post(
    "/complaints/{reference}/texts-sent/{correspondence_id}/response-date",
    response={200: s.TextSentRecorded, **STEP_REFUSALS, **UNREADABLE_BODY},
    auth=Gate("act"),
    tags=["lifecycle"],
    summary="Record the response date an acknowledgement sent another way gave the resident, read from "
    "its text (2024 5.12, 6.3, 6.14)",
    description="For a text PutRight could not read the date from, or read wrongly. The record keeps "
    "the date it replaces, who recorded it and the reason (an amendment on the timeline); the case "
    "keeps to the date where it is sooner than the Code's. The date cannot be before the day the text "
    "was sent. A later date, or none, gives the stage more time: it is refused to anyone who handles "
    "or handled the stage or recorded its acknowledgement, and to anyone but a complaints officer, a "
    "manager or an administrator (422). An earlier date is for anyone who may act on the complaint.",
    openapi_extra=STEP_DOC,
)
def record_response_date_given(
    request: HttpRequest, reference: str, correspondence_id: int, payload: s.ResponseDateGivenIn
) -> Any:
    def again(status: int) -> dict[str, Any]:
        # answered as the first was, with the text as it is now (404 if the complaint has since been
        # allocated or restricted out of the sender's sight)
        text = _text_sent(scope(_user(request)).get(reference=reference), correspondence_id)
        said = promised_dates.what_it_means(text.given, text.response_due) if text.response_due else ""
        return {**_text_sent_out(text), "said": said}

    return _once(
        request,
        reference,
        payload.model_dump(),
        lambda: _record_response_date(request, reference, correspondence_id, payload),
        again,
    )
