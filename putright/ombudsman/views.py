"""Workspace pages for putting things right and producing the Ombudsman's complaint file. Who may
see and act is the workspace's rule (``workspace.view_complaint``, ``workspace.act_on_complaint``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.access.policy import ombudsman_case_scope
from putright.accounts.models import User
from putright.code.compensation import CompensationInputError, NoGuidance, kinds, pence_of
from putright.code.errors import LifecycleError
from putright.complaints.models import Complaint
from putright.ombudsman import services
from putright.ombudsman.casefile import (
    NAMES_A_COMPLAINT_YOU_MAY_NOT_OPEN,
    produce_complaint_file,
    readable_by,
    stored,
)
from putright.ombudsman.forms import (
    ComplaintFileForm,
    ComplianceSentForm,
    DecisionForm,
    EvidenceRequestForm,
    EvidenceSentForm,
    FailureForm,
    StaffNoteForm,
)
from putright.ombudsman.models import ComplaintFileProduced, FailureFound
from putright.web.exports import exportable
from putright.web.forms import posted_id
from putright.web.refusals import REFUSED, refusal, refused_on_its_fields
from putright.workspace.permissions import scope


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _complaint(request: HttpRequest, reference: str, *, act: bool = False) -> Complaint:
    user = _user(request)
    complaint = scope(user).filter(reference=reference).select_related("resident").first()
    if complaint is None or not user.has_perm("workspace.view_complaint", complaint):
        raise Http404("No complaint with that reference that you can see")
    if act and not user.has_perm("workspace.act_on_complaint", complaint):
        raise PermissionDenied
    return complaint


def _case_url(complaint: Complaint, anchor: str = "putting-right") -> str:
    return reverse("workspace:case", args=[complaint.reference]) + f"#{anchor}"


@login_required
@require_http_methods(["GET", "POST"])
def failures(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference, act=request.method == "POST")
    today = timezone.localdate()
    try:
        rates = kinds(today, services.compensation_policy_on(today))
    except NoGuidance as error:
        rates, missing = (), str(error)
    else:
        missing = ""
    form = FailureForm(request.POST or None, rates=rates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_failure(
                complaint=complaint,
                actor=_user(request),
                kind=data["kind"],
                description=data["description"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                days=data["days"],
                weeks=data["weeks"],
                count=data["count"],
            )
        except LifecycleError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "Failure recorded.")
            return HttpResponseRedirect(_case_url(complaint))
    return render(
        request,
        "ombudsman/failure.html",
        {"nav_section": "queue", "complaint": complaint, "form": form, "missing": missing},
        status=422 if form.errors else 200,
    )


def _offers(request: HttpRequest, rows: list[FailureFound]) -> tuple[dict[int, services.Offer], list[str]]:
    offers: dict[int, services.Offer] = {}
    errors: list[str] = []
    for row in rows:
        raw = request.POST.get(f"offer-{row.number}", "").strip()
        reason = request.POST.get(f"reason-{row.number}", "")
        if not raw:
            offers[row.number] = services.Offer(None, reason)
            continue
        try:
            offers[row.number] = services.Offer(pence_of(raw, what="the offer"), reason)
        except CompensationInputError as error:
            errors.append(f"Failure {row.number}: {error}")
    return offers, errors


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference, act=request.method == "POST")
    today = timezone.localdate()
    rows = services.open_failures(complaint)
    calculation = None
    problem = ""
    try:
        calculation = services.calculation_for(rows, on=today, edition=complaint.edition) if rows else None
    except LifecycleError as error:
        problem = refusal(error)
    form = DecisionForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid() and calculation is not None:
        offers, errors = _offers(request, rows)
        if not errors:
            try:
                remedy = services.decide_remedy(
                    complaint=complaint,
                    actor=_user(request),
                    offers=offers,
                    due=form.cleaned_data["due"],
                    agreed_with_resident=form.cleaned_data["agreed_with_resident"],
                    what=form.cleaned_data["what"],
                    on=today,
                )
            except LifecycleError as error:
                errors.append(refusal(error))
            else:
                messages.success(
                    request,
                    f"Remedy {remedy.number} agreed: compensation of £{remedy.amount_pence / 100:,.2f}.",
                )
                return HttpResponseRedirect(_case_url(complaint))
    items: list[dict[str, Any]] = []
    if calculation is not None:
        items = [
            {
                "row": row,
                "p": p,
                "offer": request.POST.get(f"offer-{row.number}", ""),
                "reason": request.POST.get(f"reason-{row.number}", ""),
                "placeholder": f"{p.proposed_pence / 100:.2f}" if p.proposed_pence is not None else "",
            }
            for row, p in zip(rows, calculation.proposals, strict=True)
        ]
    return render(
        request,
        "ombudsman/proposal.html",
        {
            "nav_section": "queue",
            "complaint": complaint,
            "calculation": calculation,
            "items": items,
            "form": form,
            "errors": errors,
            "problem": problem,
        },
        status=422 if (errors or form.errors) else 200,
    )


@login_required
@require_POST
def staff_note(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference, act=True)
    form = StaffNoteForm(request.POST)
    if form.is_valid():
        services.add_staff_note(complaint=complaint, actor=_user(request), body=form.cleaned_data["body"])
        messages.success(request, "Staff-only note added.")
    else:
        messages.error(request, "Write the note before adding it.")
    return HttpResponseRedirect(_case_url(complaint, "staff-notes"))


@login_required
@require_http_methods(["GET", "POST"])
def complaint_file(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference, act=request.method == "POST")
    form = ComplaintFileForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record = produce_complaint_file(
            complaint=complaint,
            actor=_user(request),
            include_staff_notes=form.cleaned_data["include_staff_notes"],
        )
        messages.success(
            request,
            f"Complaint file produced: {record.pages} pages, {record.letters} letters, {record.originals} originals.",
        )
        return HttpResponseRedirect(reverse("ombudsman:file", args=[complaint.reference]))
    return render(
        request,
        "ombudsman/complaint_file_page.html",
        {
            "nav_section": "queue",
            "complaint": complaint,
            "form": form,
            # each with whether this reader may download it: a file naming a complaint they may not
            # open is listed with the reason, not with a link that would be refused
            "produced": [
                (f, readable_by(f, _user(request)))
                for f in ComplaintFileProduced.objects.filter(complaint=complaint).select_related(
                    "produced_by"
                )
            ],
            "not_readable": NAMES_A_COMPLAINT_YOU_MAY_NOT_OPEN,
        },
    )


@login_required
def download(request: HttpRequest, reference: str, pk: int, which: str) -> HttpResponse:
    complaint = _complaint(request, reference)
    record = get_object_or_404(ComplaintFileProduced, pk=pk, complaint=complaint)
    if which not in ("pdf", "zip"):
        raise Http404
    if not readable_by(record, _user(request)):
        # it names a complaint linked by new issues (2024 6.8) that this reader may not open
        raise PermissionDenied(NAMES_A_COMPLAINT_YOU_MAY_NOT_OPEN)
    data = stored(record, which)
    response = HttpResponse(data, content_type="application/pdf" if which == "pdf" else "application/zip")
    name = f"complaint-file-{complaint.reference}-{record.produced_at:%Y%m%d-%H%M%S}.{which}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --------------------------------------------------------------------------------------------------
# Ombudsman cases followed through (2024 9.7 c)


def _manager(request: HttpRequest) -> User:
    from putright.governance.services import can_manage

    user = _user(request)
    if not can_manage(user):
        raise PermissionDenied(
            "Only complaints officers, managers, the MRC and administrators can record this"
        )
    return user


@login_required
@exportable("what-we-owe-the-ombudsman")
def ombudsman_overview(request: HttpRequest) -> HttpResponse:
    from putright.governance.services import can_manage
    from putright.ombudsman.follow_through import compliance_not_sent, outstanding

    user = _user(request)
    today = timezone.localdate()
    cases = ombudsman_case_scope(user)  # what the person may see of the Ombudsman's cases
    overdue, soon = outstanding(today, cases)
    return render(
        request,
        "ombudsman/overview.html",
        {
            "nav_section": "governance",
            "overdue": overdue,
            "soon": soon,
            "not_sent": compliance_not_sent(cases),
            "today": today,
            "can_manage": can_manage(user),
            # the complaints whose own page the person may open: the others are named, not linked
            "opens": set(
                scope(user)
                .filter(pk__in={i.case.complaint_id for i in overdue + soon})
                .values_list("pk", flat=True)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ombudsman_case(request: HttpRequest, pk: int) -> HttpResponse:
    from putright.governance.models import OmbudsmanOrder
    from putright.governance.services import can_manage
    from putright.ombudsman import follow_through

    # another team's case, or one on a complaint restricted to other people, is not found (404)
    case = get_object_or_404(ombudsman_case_scope(_user(request)).select_related("complaint"), pk=pk)
    errors: list[str] = []
    invalid: list[Any] = []
    request_form = EvidenceRequestForm(
        prefix="request", initial={"requested_on": case.evidence_requested_on, "due": case.evidence_due}
    )
    sent_form = EvidenceSentForm(prefix="sent", initial={"sent_on": case.evidence_sent_on})
    orders = list(case.orders.all())
    order_forms = {o.pk: ComplianceSentForm(prefix=f"order-{o.pk}") for o in orders}
    if request.method == "POST":
        actor = _manager(request)
        action = request.POST.get("action")
        # each refusal on the form it is about, on its field where it names one (the date, the
        # reason asked for), with what was typed kept, as the governance pages do
        if action == "request":
            request_form = EvidenceRequestForm(request.POST, prefix="request")
            if request_form.is_valid():
                try:
                    follow_through.record_evidence_request(
                        case=case, actor=actor, **request_form.cleaned_data
                    )
                except LifecycleError as error:
                    refused_on_its_fields(request_form, error)
        elif action == "evidence-sent":
            sent_form = EvidenceSentForm(request.POST, prefix="sent")
            if sent_form.is_valid():
                try:
                    follow_through.record_evidence_sent(case=case, actor=actor, **sent_form.cleaned_data)
                except LifecycleError as error:
                    refused_on_its_fields(sent_form, error)
        elif action == "compliance-sent":
            chosen = posted_id(request.POST.get("order", ""))
            if chosen is None:  # a tampered form: not found, as another case's order is
                raise Http404("No such order on this case")
            order = get_object_or_404(OmbudsmanOrder, pk=chosen, case=case)
            sent = order_forms[order.pk] = ComplianceSentForm(request.POST, prefix=f"order-{order.pk}")
            if sent.is_valid():
                try:
                    follow_through.record_compliance_evidence_sent(
                        order=order, actor=actor, **sent.cleaned_data
                    )
                except LifecycleError as error:
                    refused_on_its_fields(sent, error)
        else:
            errors.append("Choose what to record")
        invalid = [form for form in (request_form, sent_form, *order_forms.values()) if form.errors]
        if not errors and not invalid:
            messages.success(request, "Recorded.")
            return HttpResponseRedirect(reverse("ombudsman:case", args=[pk]))
    return render(
        request,
        "ombudsman/ombudsman_case.html",
        {
            "nav_section": "governance",
            "case": case,
            "orders": [(o, order_forms[o.pk]) for o in orders],
            "errors": errors,
            "refused": bool(errors or invalid),
            "request_form": request_form,
            "sent_form": sent_form,
            "today": timezone.localdate(),
            "can_manage": can_manage(request.user),
            # the complaint's own pages (and its file for the Ombudsman) are for those who may open
            # it: the MRC and the board read this page, but get the plain reference
            "opens_complaint": request.user.has_perm("workspace.view_complaint", case.complaint),
            "reminders": list(case.reminders.all()[:20]),
        },
        status=REFUSED if errors or invalid else 200,
    )
