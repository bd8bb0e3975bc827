"""Sharing the load: each person's work for today (their landing page), and moving a handler's open
complaints to someone else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from putright.access.log import record_listed
from putright.access.policy import scope
from putright.accounts.models import Role, User
from putright.complaints.rules import landlord_rules
from putright.workspace.permissions import allocates_handlers
from putright.workspace.record_forms import ReassignForm
from putright.workspace.selectors import allocatable_staff, handler_workload, past_due, workload_phrase
from putright.workspace.views import case_rows, staff_required
from putright.workspace.workload import my_work_today, reassign_open_complaints

#: who lands on governance rather than the workspace after signing in
GOVERNANCE_FIRST = frozenset({Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS, Role.GOVERNING_BODY_READER})


@staff_required
def start(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: governance for the MRC and the governing body, whose work is
    oversight; everyone else's work for today."""
    user: User = request.user  # type: ignore[assignment]
    if user.role in GOVERNANCE_FIRST:
        return HttpResponseRedirect("/governance/")
    return HttpResponseRedirect("/workspace/today/")


@staff_required
def today(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.role in GOVERNANCE_FIRST and not user.is_superuser:
        return HttpResponseRedirect("/governance/")  # their work is oversight: no complaints to do
    day = timezone.localdate()
    calendar = landlord_rules().calendar
    work = my_work_today(user, today=day, calendar=calendar)
    record_listed(
        request,
        complaint_ids={c.pk for c in [*work.overdue, *work.due_this_week]}
        | {u.complaint.pk for u in work.updates_owed}
        | {r.complaint_id for r in work.remedies}
        | {a.complaint_id for a in work.actions}
        | {p.complaint.pk for p in work.promises},
    )
    rows = case_rows(
        [*work.overdue, *work.due_this_week], calendar=calendar, today=day, promised=work.promised
    )
    # for whoever triages and allocates: what nobody has taken that is late (a contact waiting for
    # triage whose acknowledgement would be late if it is a complaint, a complaint with no handler).
    # "Nothing of yours is overdue" read as a quiet day while the team view showed both (browser walk)
    unclaimed = (
        scope(user).filter(is_open=True, handler__isnull=True).filter(past_due(calendar, day)).count()
        if allocates_handlers(user)
        else None
    )

    return render(
        request,
        "workspace/today.html",
        {
            "nav_section": "today",
            "work": work,
            "overdue": rows[: len(work.overdue)],
            "due_this_week": rows[len(work.overdue) :],
            "today": day,
            "unclaimed_overdue": unclaimed,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not allocates_handlers(user):
        raise PermissionDenied
    day = timezone.localdate()
    load = handler_workload(today=day)
    form = ReassignForm(
        request.POST or None,
        staff=allocatable_staff(),
        labels={pk: workload_phrase(w) for pk, w in load.items()},
    )
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = reassign_open_complaints(
            actor=user,
            from_handler=data["from_handler"],
            to_handler=data["to_handler"],
            reason=data["reason"],
        )
        # the handlers' counts as they are now, after the move (the page said the counts before it)
        load = handler_workload(today=day)
        form = ReassignForm(
            request.POST, staff=allocatable_staff(), labels={pk: workload_phrase(w) for pk, w in load.items()}
        )
        form.is_valid()
    return render(
        request,
        "workspace/reassign.html",
        {"nav_section": "manager", "form": form, "result": result},
        status=400 if form.is_bound and form.errors else 200,
    )
