"""The data protection area of the workspace, for the complaints officer and administrators: subject
access exports, legal holds, the retention list, the orphan file report, matching contacts to
residents and a resident's access log. Every door asks ``putright.access.policy``; every page that
shows a resident or their complaints writes the access log (one ``INSERT``)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.access.log import How, What, record_access, record_listed
from putright.access.models import AccessRecord
from putright.access.policy import handles_data_protection, resident_scope, scope
from putright.accounts.models import User
from putright.complaints.models import Complaint, Resident
from putright.complaints.search import resident_matches
from putright.records import files, matching, retention
from putright.records.export import export_resident
from putright.records.forms import DecisionForm, LiftHoldForm, PlaceHoldForm, ResidentHoldForm
from putright.records.models import ContactDecision, LegalHold

SECTION = "data-protection"
#: most residents a search shows
FOUND = 25


def data_protection(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in, and a complaints officer or administrator (``handles_data_protection``)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not handles_data_protection(request.user):
            raise PermissionDenied("Data protection is for the complaints officer and administrators")
        return view(request, *args, **kwargs)

    return wrapped


def _actor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _by(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def _resident(request: HttpRequest, resident_id: int) -> Resident:
    """A resident the person may handle as a whole, or 404 (a resident with a complaint restricted to
    other people is not found, so the page tells nothing of the restriction)."""
    resident = resident_scope(request.user).select_related("property").filter(pk=resident_id).first()
    if resident is None:
        raise Http404("No resident with that number that you can see")
    return resident


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"records/{template}", {"nav_section": SECTION, **context})


# --------------------------------------------------------------------------------------------------
# The area's front page and finding a resident


@require_GET
@data_protection
def index(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    held = LegalHold.objects.filter(lifted_at__isnull=True)
    return _page(
        request,
        "index.html",
        {
            "holds_in_force": _visible_holds(user, held).count(),
            "contacts_to_match": len(matching.candidates(user)),
        },
    )


def _search(user: User, term: str) -> tuple[list[Resident], int]:
    """The first ``FOUND`` residents ``term`` describes, and how many it describes in all (the
    caption said "25 resident records found" when there were more). One row more than shown is
    read to know; the count is asked only then."""
    term = term.strip()
    if not term:
        return [], 0
    found = (
        resident_scope(user).filter(resident_matches(term) | Q(complaints__reference__iexact=term)).distinct()
    )
    listed = list(found.select_related("property").order_by("name", "pk")[: FOUND + 1])
    if len(listed) <= FOUND:
        return listed, len(listed)
    return listed[:FOUND], found.count()


@require_GET
@data_protection
def residents(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("q", "")[:200]
    found, total = _search(_actor(request), term)
    record_listed(request, resident_ids=[r.pk for r in found])
    return _page(
        request,
        "residents.html",
        {"q": term, "found": found, "total": total, "searched": bool(term.strip())},
    )


def _complaints_of(resident: Resident) -> list[Complaint]:
    return list(Complaint.objects.filter(resident=resident).order_by("received_on", "pk"))


@require_GET
@data_protection
def resident(request: HttpRequest, resident_id: int) -> HttpResponse:
    person = _resident(request, resident_id)
    complaints = _complaints_of(person)
    held = set(retention.held_complaints().filter(resident=person).values_list("pk", flat=True))
    holds = LegalHold.objects.filter(Q(resident=person) | Q(complaint__resident=person)).select_related(
        "complaint"
    )
    record_listed(request, complaint_ids=[c.pk for c in complaints], resident_ids=[person.pk])
    return _page(
        request,
        "resident.html",
        {
            "person": person,
            "complaints": [(c, c.pk in held) for c in complaints],
            "holds": holds,
            "hold_form": ResidentHoldForm(),
            "lift_form": LiftHoldForm(),
        },
    )


# --------------------------------------------------------------------------------------------------
# Subject access export


@require_POST
@data_protection
def resident_export(request: HttpRequest, resident_id: int) -> HttpResponse:
    """The ZIP of everything held about the resident, made now from the records and downloaded;
    the download is in the access log against the resident and each of their complaints."""
    person = _resident(request, resident_id)
    with tempfile.TemporaryDirectory(prefix="putright-export-") as folder:
        output = Path(folder) / "export.zip"
        export_resident(person, output)
        content = output.read_bytes()
    complaint_ids = list(Complaint.objects.filter(resident=person).values_list("pk", flat=True))
    record_listed(
        request, complaint_ids=complaint_ids, resident_ids=[person.pk], what=What.EXPORT, how=How.DOWNLOADED
    )
    day = timezone.localdate()
    response = HttpResponse(content, content_type="application/zip")
    name = f"subject-access-resident-{person.pk}-{day:%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --------------------------------------------------------------------------------------------------
# A resident's access log


@require_GET
@data_protection
def resident_access_log(request: HttpRequest, resident_id: int) -> HttpResponse:
    person = _resident(request, resident_id)
    record_access(request, resident_id=person.pk, what=What.ACCESS_LOG)
    records = (
        AccessRecord.objects.filter(Q(resident=person) | Q(complaint__resident=person))
        .select_related("user", "complaint")
        .order_by("-at", "-id")
    )
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    return _page(request, "resident_access_log.html", {"person": person, "page": page})


# --------------------------------------------------------------------------------------------------
# Legal holds


def _visible_holds(user: User, holds: Any) -> Any:
    return holds.filter(
        Q(complaint__in=scope(user).values("pk")) | Q(resident__in=resident_scope(user).values("pk"))
    )


@require_http_methods(["GET", "POST"])
@data_protection
def holds(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    form = PlaceHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        complaint = scope(user).filter(reference=reference).first()
        if complaint is None:
            form.add_error("reference", "No complaint with that reference that you can see")
        else:
            try:
                retention.place_hold(reason=form.cleaned_data["reason"], by=_by(user), complaint=complaint)
            except retention.HoldError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Legal hold placed on {complaint.reference}.")
                return HttpResponseRedirect(reverse("records:holds"))
    listed = _visible_holds(user, LegalHold.objects.all()).select_related("complaint", "resident")
    shown = list(listed[:500])
    record_listed(
        request,
        complaint_ids={h.complaint_id for h in shown if h.complaint_id},
        resident_ids={h.resident_id for h in shown if h.resident_id},
    )
    return _page(
        request,
        "holds.html",
        {
            "form": form,
            "in_force": [h for h in shown if h.lifted_at is None],
            "lifted": [h for h in shown if h.lifted_at is not None],
            "lift_form": LiftHoldForm(),
        },
    )


@require_POST
@data_protection
def resident_hold(request: HttpRequest, resident_id: int) -> HttpResponse:
    person = _resident(request, resident_id)
    form = ResidentHoldForm(request.POST)
    if form.is_valid():
        retention.place_hold(reason=form.cleaned_data["reason"], by=_by(_actor(request)), resident=person)
        messages.success(request, f"Legal hold placed on every record of {person.name}.")
        return HttpResponseRedirect(reverse("records:resident", args=[person.pk]))
    return _page(
        request, "hold_refused.html", {"form": form, "back": reverse("records:resident", args=[person.pk])}
    )


@require_POST
@data_protection
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _actor(request)
    hold = _visible_holds(user, LegalHold.objects.filter(pk=pk)).first()
    if hold is None:
        raise Http404("No legal hold with that number that you can see")
    form = LiftHoldForm(request.POST)
    back = request.POST.get("back", "")
    back = back if back.startswith("/data-protection/") else reverse("records:holds")
    if form.is_valid():
        try:
            retention.lift_hold(hold, by=_by(user), reason=form.cleaned_data["reason"])
        except retention.HoldError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Legal hold lifted.")
            return HttpResponseRedirect(back)
    return _page(request, "hold_refused.html", {"form": form, "back": back})


# --------------------------------------------------------------------------------------------------
# Retention and orphan files


@require_GET
@data_protection
def retention_list(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    past = retention.past_retention()
    visible = set(scope(user).filter(pk__in=[p.complaint_id for p in past]).values_list("pk", flat=True))
    shown = [p for p in past if p.complaint_id in visible]
    record_listed(request, complaint_ids=[p.complaint_id for p in shown])
    by_type = Counter(p.record_type for p in shown if not p.held)
    return _page(
        request,
        "retention.html",
        {
            "schedule": sorted(retention.schedule().items()),
            "rows": shown,
            "due_count": sum(by_type.values()),
            "held_count": sum(1 for p in shown if p.held),
            "by_type": sorted(by_type.items()),
            "not_shown": len(past) - len(shown),
        },
    )


@require_GET
@data_protection
def orphans(request: HttpRequest) -> HttpResponse:
    found = files.find_orphans()
    return _page(
        request,
        "orphans.html",
        {"orphans": found, "total_bytes": sum(o.size for o in found), "min_age_hours": 24},
    )


# --------------------------------------------------------------------------------------------------
# Matching contacts to residents


@require_GET
@data_protection
def matches(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    found = matching.candidates(user)
    record_listed(request, resident_ids={p.pk for c in found for p in (c.contact, c.resident)})
    decided = ContactDecision.objects.select_related("contact", "resident", "decided_by").filter(
        contact__in=resident_scope(user), resident__in=resident_scope(user)
    )[:50]
    return _page(request, "matches.html", {"candidates": found, "decided": decided})


@require_http_methods(["GET", "POST"])
@data_protection
def match(request: HttpRequest, contact_id: int, resident_id: int) -> HttpResponse:
    user = _actor(request)
    contact = _resident(request, contact_id)
    known = _resident(request, resident_id)
    form = DecisionForm(request.POST or None)
    refused = ""
    moving: list[Complaint] = []
    try:
        moving = matching.check(contact=contact, resident=known, actor=user)
    except matching.MatchRefused as error:
        refused = str(error)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "same":
                matching.same_person(
                    contact=contact,
                    resident=known,
                    actor=user,
                    reason=data["reason"],
                    representative_consent=data["representative_consent"],
                )
                messages.success(request, f"Matched: the complaints now belong to {known.name}.")
                return HttpResponseRedirect(reverse("records:resident", args=[known.pk]))
            matching.different_people(contact=contact, resident=known, actor=user, reason=data["reason"])
            messages.success(
                request, f"Recorded: contact record {contact.pk} is not resident record {known.pk}."
            )
            return HttpResponseRedirect(reverse("records:matches"))
        except matching.MatchRefused as error:
            form.add_error(None, str(error))
    known_complaints = _complaints_of(known)
    record_listed(
        request,
        complaint_ids=[c.pk for c in [*moving, *known_complaints]],
        resident_ids=[contact.pk, known.pk],
    )
    return _page(
        request,
        "match.html",
        {
            "contact": contact,
            "known": known,
            "moving": moving,
            "known_complaints": known_complaints,
            "representatives": [c.representative for c in moving if c.representative_id],
            # what ``same_person`` keeps on each complaint as "Address given on this complaint" (2024 5.12)
            "address_kept": contact.postal_address,
            "address_kept_on": [c for c in moving if matching.address_given(contact, known, c)],
            "known_held": LegalHold.objects.filter(lifted_at__isnull=True, resident=known).exists(),
            "refused": refused,
            "form": form,
        },
    )
