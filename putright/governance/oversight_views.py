"""Governance pages for oversight: who is appointed (2024 4.1, 9.4, 9.5), reports received by the
MRC and the governing body (9.7), homes owned per year, the service requests report (1.4), and the
Ombudsman's annual submission pack. Writes need a managing role."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from putright.access.policy import named_and_opened, on_complaints_you_cannot_see
from putright.code.errors import InvalidRequest, UnreadableRecord
from putright.governance import services, submission
from putright.governance.facts import AsAt
from putright.governance.forms import (
    AppointmentForm,
    HomesForm,
    ReceiptForm,
    SubmissionForm,
    SubmittedForm,
    scope_from,
)
from putright.governance.measures import reporting_year_of
from putright.governance.models import (
    AnnualSubmission,
    Appointment,
    HomesOwned,
    ReportRun,
    SelfAssessment,
    SubmissionReminder,
)
from putright.governance.service_requests import OpenRequest, service_request_report
from putright.governance.views import _manager, _page, _refused, _user
from putright.web.exports import FORMATS, exportable
from putright.web.refusals import REFUSED
from putright.web.unreadable import report as report_unreadable


@login_required
@exportable("oversight")
def oversight(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _oversight_page(request)
    _manager(request)
    # each form refused on the page with what was typed, each problem on its field (not a banner)
    if "a-kind" in request.POST:
        appointment_form = AppointmentForm(request.POST, prefix="a")
        if not appointment_form.is_valid():
            return _oversight_page(request, appointment_form=_refused(appointment_form))
        try:
            services.record_appointment(actor=_user(request), **appointment_form.cleaned_data)
        except InvalidRequest as error:
            return _oversight_page(request, appointment_form=_refused(appointment_form, error))
        messages.success(request, "Appointment recorded")
        return redirect("/governance/oversight/#appointments")
    homes_form = HomesForm(request.POST, prefix="h")
    if not homes_form.is_valid():
        return _oversight_page(request, homes_form=_refused(homes_form))
    try:
        services.record_homes_owned(actor=_user(request), **homes_form.cleaned_data)
    except InvalidRequest as error:
        return _oversight_page(request, homes_form=_refused(homes_form, error))
    messages.success(request, "Homes owned recorded")
    return redirect("/governance/oversight/#homes")


def _oversight_page(
    request: HttpRequest,
    *,
    appointment_form: AppointmentForm | None = None,
    homes_form: HomesForm | None = None,
    receipt: tuple[ReportRun, ReceiptForm] | None = None,
) -> HttpResponse:
    """The oversight page; ``appointment_form``, ``homes_form``, ``receipt`` (a report and its form):
    a refused form, shown again with what was typed (status ``REFUSED``)."""
    scope, scope_form = scope_from(request.GET)
    runs = list(ReportRun.objects.filter(kind=ReportRun.Kind.MRC_QUARTERLY).prefetch_related("receipts")[:12])
    if receipt is not None and all(run.pk != receipt[0].pk for run in runs):
        runs.append(receipt[0])  # the refused one is on the page, where its error is said
    refused = appointment_form or homes_form or (receipt[1] if receipt is not None else None)
    try:
        report, unreadable = service_request_report(scope.period, scope.as_at), ""
    except UnreadableRecord as error:
        if request.GET.get("export", "") in FORMATS:
            raise  # a download without the report's tables would look complete
        # The rest of the page (appointments, reports received, homes owned) does not depend on the
        # history, and is where staff record what the Code asks of them (2024 9.4, 9.7)
        report_unreadable(request, error)
        report, unreadable = None, error.detail
    still_open, not_shown = _still_open_as_seen(request, report.still_open if report else [])
    # the first rows, unless the whole list was asked for: the page says how many it left out
    everything = request.GET.copy()
    everything["still_open"] = "all"
    listed = still_open if request.GET.get("still_open") == "all" else still_open[:STILL_OPEN_LISTED]
    return _page(
        request,
        "governance/oversight.html",
        "governance",
        appointments=Appointment.objects.all(),
        appointment_form=appointment_form or AppointmentForm(prefix="a"),
        runs=[
            (
                run,
                {r.body: r for r in run.receipts.all()},
                receipt[1]
                if receipt is not None and receipt[0].pk == run.pk
                else ReceiptForm(prefix=f"r{run.pk}", initial={"run": run.pk}),
            )
            for run in runs
        ],
        receipt_refused=receipt[1] if receipt is not None else None,
        homes=HomesOwned.objects.all(),
        homes_form=homes_form
        or HomesForm(prefix="h", initial={"year": reporting_year_of(timezone.localdate())}),
        report=report,
        still_open=listed,
        still_open_named=len(still_open),
        still_open_all=everything.urlencode(),
        still_open_not_shown=not_shown,
        unreadable=unreadable,
        scope=scope,
        form=scope_form,
        refused=refused,
        status=REFUSED if refused is not None else 200,
    )


#: how many of the service requests still open the page lists, longest open first
STILL_OPEN_LISTED = 50


def _still_open_as_seen(
    request: HttpRequest, still_open: list[OpenRequest]
) -> tuple[list[tuple[OpenRequest, bool]], str]:
    """The service requests still open (2024 1.4) as the reader may see them, every one: named where
    they may see the complaint's summary, each with whether they may open it, and the rest counted in
    words ("2 service requests on complaints you cannot see"). The report's figures count every one;
    the page lists the first :data:`STILL_OPEN_LISTED` unless asked for all, and says so."""
    named, opened = named_and_opened(_user(request), (r.complaint_id for r in still_open))
    unseen = sum(1 for r in still_open if r.complaint_id not in named)
    listed = [(r, r.complaint_id in opened) for r in still_open if r.complaint_id in named]
    return listed, (
        on_complaints_you_cannot_see(unseen, ("service request", "service requests")) if unseen else ""
    )


@login_required
@require_POST
def report_received(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    run = get_object_or_404(ReportRun, pk=pk)
    form = ReceiptForm(request.POST, prefix=f"r{pk}")
    # refused on the oversight page with what was typed, the problem on its field (not a banner)
    if not form.is_valid():
        return _oversight_page(request, receipt=(run, _refused(form)))
    data = {k: v for k, v in form.cleaned_data.items() if k != "run"}
    try:
        services.record_report_received(run=run, actor=_user(request), **data)
    except InvalidRequest as error:
        return _oversight_page(request, receipt=(run, _refused(form, error)))
    messages.success(request, "Recorded as received")
    return redirect("/governance/oversight/#reports-received")


@login_required
@exportable("annual-submission")
def submission_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _submission_page(request)
    _manager(request)
    # refused on the page with what was typed, each problem on its field (2024 8.4's reason on its own)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        return _submission_page(request, _refused(form))
    data = dict(form.cleaned_data)
    assessment = SelfAssessment.objects.filter(pk=data.pop("assessment")).first()
    if assessment is None:
        form.add_error(None, "Choose an approved self-assessment")
        return _submission_page(request, _refused(form))
    try:
        pack = submission.prepare_submission(actor=_user(request), assessment=assessment, **data)
    except InvalidRequest as error:
        return _submission_page(request, _refused(form, error))
    messages.success(request, "Submission pack prepared")
    return redirect("governance:submission_pack", pk=pack.pk)


def _submission_page(request: HttpRequest, refused: SubmissionForm | None = None) -> HttpResponse:
    """The annual submission page; ``refused``: the pack's form refused, shown again with what was
    typed (status ``REFUSED``)."""
    year = reporting_year_of(timezone.localdate()) - 1
    approved = SelfAssessment.objects.filter(approved_on__isnull=False).order_by("-year", "-approved_on")
    due = submission.due_in([year + 1, year, year - 1])
    return _page(
        request,
        "governance/submission.html",
        "self-assessment",
        form=refused or SubmissionForm(initial={"assessment": approved[0].pk if approved else ""}),
        approved=approved[:10],
        submissions=AnnualSubmission.objects.select_related("self_assessment", "prepared_by", "submitted_by"),
        due=due,
        large=submission.LARGE_LANDLORD_HOMES,
        reminders_sent=SubmissionReminder.objects.all()[:10],
        status=REFUSED if refused is not None else 200,
    )


def _response_in_pack(pack: AnnualSubmission) -> str:
    """The governing body's response as recorded when the pack was submitted (2024 8.2), or the latest
    for a pack not yet submitted: a response given later is not what was sent to the Ombudsman."""
    report = pack.annual_report
    if report is None:
        return ""
    given = report.response_recorded_by(pack.submitted_recorded_at)
    if given is not None:
        return given.response
    if report.governing_body_responses.filter(before_history=True).exists():
        return (
            "Cannot tell: the response was recorded before its history was kept, so what it said when "
            "the pack was submitted is not known"
        )
    return ""


def pack_context(pack: AnnualSubmission) -> dict[str, Any]:
    assessment = pack.self_assessment
    section_one = [
        ("Organisation", pack.organisation, False),
        ("Homes owned", f"{pack.homes:,}", False),
        ("Financial year end", f"{pack.financial_year_end:%-d %B %Y}", False),
        ("Complaints policy", pack.complaints_policy_url, True),
        ("Self-assessment", pack.self_assessment_url, True),
        (
            "Self-assessment approved",
            f"by {assessment.approved_by} on {assessment.approved_on:%-d %B %Y}"
            if assessment.approved_on
            else "",
            False,
        ),
        ("Annual complaints performance and service improvement report", pack.annual_report_url, True),
        ("The governing body's response", pack.governing_body_response_url, True),
        (
            "The governing body's response (as recorded)",
            _response_in_pack(pack),
            False,
        ),
    ]
    return {
        "pack": pack,
        "missing": [label for label, value, link in section_one if link and not value],
        "section_one": section_one,
        "rows": submission.section_two(pack),
        "title": f"Housing Ombudsman annual submission {pack.year_label}: {pack.organisation}",
        "today": timezone.localdate(),
    }


@login_required
def submission_pack(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(
        AnnualSubmission.objects.select_related("self_assessment", "annual_report"), pk=pk
    )
    form = SubmittedForm(initial={"submitted_on": timezone.localdate()})
    if request.method == "POST":
        _manager(request)
        form = SubmittedForm(request.POST)
        if form.is_valid():
            try:
                submission.record_submitted(submission=pack, actor=_user(request), **form.cleaned_data)
                messages.success(request, "Recorded as submitted to the Ombudsman")
                return redirect("governance:submission_pack", pk=pk)
            except InvalidRequest as error:
                form.add_error("submitted_on", error.detail)
        # refused: shown again with what was typed, at REFUSED below (nothing was recorded)
    if request.GET.get("format") == "pdf":
        from putright.governance.reports import pdf

        body = pdf("governance/submission_document.html", pack_context(pack))
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ombudsman-submission-{pack.year}.pdf"'
        return response
    return _page(
        request,
        "governance/submission_pack.html",
        "self-assessment",
        form=form,
        as_at=AsAt.now(),
        **pack_context(pack),
        status=REFUSED if form.is_bound else 200,
    )
