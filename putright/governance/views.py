"""Governance pages: the performance dashboard and the complaints behind every figure, TSM, the
learning register, the self-assessment, reports, the Ombudsman's cases and exceptional
circumstances. Staff pages need sign-in; writes need a managing role (``services.can_manage``)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from putright.access.policy import (
    complaints_you_cannot_see,
    named_and_opened,
    ombudsman_case_scope,
    on_complaints_you_cannot_see,
    sees_personal_details,
    summary_scope,
)
from putright.accounts.models import User
from putright.code.errors import CodeViolation, InvalidRequest, UnreadableRecord
from putright.code.lifecycle import ReferredToOmbudsman
from putright.code.provisions import edition as code_edition
from putright.complaints.models import ComplaintEvent, LearningPoint
from putright.governance import dashboard_cache, evidence, exports, items, reports, services
from putright.governance import learning as learning_as_seen
from putright.governance.facts import AsAt
from putright.governance.forms import (
    AnnualReportForm,
    ApprovalForm,
    ComplianceForm,
    EntryForm,
    ExceptionalForm,
    FindingForm,
    GoverningBodyResponseForm,
    ImprovementUpdateForm,
    NewSelfAssessmentForm,
    OmbudsmanCaseForm,
    OrderForm,
    ProgressForm,
    PublicationForm,
    ServiceImprovementForm,
    SystemicReviewForm,
    TriggerForm,
    scope_from,
)
from putright.governance.measures import (
    EXTRA_MEASURES,
    MEASURES,
    Period,
    complaints_for,
    reporting_year_of,
    without_an_ombudsman_case,
)
from putright.governance.models import (
    AnnualReport,
    ExceptionalCircumstance,
    OmbudsmanCase,
    OmbudsmanOrder,
    OmbudsmanPublication,
    RecordsShow,
    ReportRun,
    SelfAssessment,
    SelfAssessmentEntry,
    ServiceImprovement,
    SystemicReview,
)
from putright.governance.performance import Scope, performance
from putright.governance.tsm import tenant_satisfaction_measures
from putright.web.exports import export_page_size, exportable
from putright.web.forms import posted_id
from putright.web.refusals import REFUSED, refused_on_its_fields


def _page(
    request: HttpRequest, template: str, section: str, *, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nav_section": section,
            "can_manage": services.can_manage(request.user),
            "sees_records": sees_personal_details(request.user),
            "due_triggers": services.self_assessment_due(),
            **context,
        },
        status=status,
    )


#: a refused form, to show again on its own page (status ``REFUSED``)
_refused = refused_on_its_fields


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _manager(request: HttpRequest) -> None:
    if not services.can_manage(request.user):
        raise PermissionDenied(
            "Only complaints officers, managers, the MRC and administrators can record this"
        )


def _error(request: HttpRequest, error: Exception) -> None:
    detail = getattr(error, "detail", str(error))
    provision = getattr(error, "provision", None)
    messages.error(request, f"{detail} ({provision})" if provision else str(detail))


def anonymised(data: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's figures without residents' names or home addresses: the repeat complainants
    and homes become "Resident 1", "Home 1"... (counts and links to the anonymised list kept)."""
    return {
        **data,
        "repeat_complainants": [
            {**bar, "label": f"Resident {n}"} for n, bar in enumerate(data["repeat_complainants"], 1)
        ],
        "repeat_properties": [
            {**bar, "label": f"Home {n}"} for n, bar in enumerate(data["repeat_properties"], 1)
        ],
    }


# --------------------------------------------------------------------------------------------------
# Dashboard and the complaints behind each figure


@login_required
@exportable("complaint-handling-performance")
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, form = scope_from(request.GET)
    year = reporting_year_of(timezone.localdate())
    quick = [
        ("This reporting year", Period.reporting_year(year)),
        ("Last reporting year", Period.reporting_year(year - 1)),
        *[(f"Q{q} {year}/{str(year + 1)[2:]}", Period.quarter(year, q)) for q in (1, 2, 3, 4)],
    ]
    # the figures and the self-assessment banner, kept while their data is unchanged and brought up
    # to date by counting again only the complaints with new events (dashboard_cache, tally)
    kept = dashboard_cache.figures_for(
        scope,
        lambda tally: {"data": performance(scope, tally), "due_triggers": services.self_assessment_due()},
    )
    return render(
        request,
        "governance/dashboard.html",
        {
            "nav_section": "governance",
            "can_manage": services.can_manage(request.user),
            "due_triggers": kept["due_triggers"],
            "form": form,
            "data": kept["data"] if sees_personal_details(request.user) else anonymised(kept["data"]),
            "quick": [(label, Scope(p, AsAt.now()).query()) for label, p in quick],
        },
    )


def _cases_tested(listed: evidence.Listed) -> str:
    """ "12 cases tested", saying how many of them are on no complaint and so not in the list below
    (a resident's adjustment or restriction): the count and the list never disagree unsaid."""
    said = f"{listed.cases} case{'s' if listed.cases != 1 else ''} tested"
    if listed.not_on_a_complaint:
        n = listed.not_on_a_complaint
        said += (
            f", {n} of them for {'a resident' if n == 1 else 'residents'} with no complaint (not listed here)"
        )
    return said


#: a refusal that repeats the request's own words: plain text, never HTML a browser would render
_PLAIN = "text/plain; charset=utf-8"


@login_required
@exportable("complaints")
def complaint_list(request: HttpRequest) -> HttpResponse:
    scope, form = scope_from(request.GET)
    if form.errors:
        return HttpResponseBadRequest(
            "Bad period: " + "; ".join(str(e) for errs in form.errors.values() for e in errs if e),
            content_type=_PLAIN,
        )
    measure = request.GET.get("measure", "")
    part = request.GET.get("part", "all")
    why: dict[int, str] | None = None
    counted = ""
    back = ("/governance/?" + scope.querystring, "Back to the dashboard")
    try:
        if measure.startswith("rule:"):  # rule:2024:6.9, the complaints an evidence rule finds failing
            _, edition, number = [*measure.split(":"), "", ""][:3]
            listed = evidence.failing_complaints(edition, number, scope, part=part)
            label = f"{evidence.RULE_LISTS[part]} {edition} {number}: {evidence.RULES[edition][number][0]}"
            rows, why = listed.complaints, listed.why
            counted = _cases_tested(listed) if part == "covered" else ""
            back = _back_to_the_self_assessment(request.GET.get("assessment", ""), edition, number)
        else:
            label = MEASURES[measure].label if measure in MEASURES else EXTRA_MEASURES[measure][0]
            if "assessment" in request.GET:  # a figure's list, opened from a provision of a self-assessment
                back = _back_to_the_self_assessment(
                    request.GET["assessment"], None, request.GET.get("provision", "")
                )
            rows = complaints_for(
                measure,
                scope.period,
                scope.as_at,
                part=part,
                by=request.GET.get("by", ""),
                value=request.GET.get("value", ""),
            )
    except KeyError:
        # plain text: the measure is the request's own words, never HTML to render
        return HttpResponseBadRequest(f"Unknown measure {measure!r}", content_type=_PLAIN)
    except UnreadableRecord:
        raise  # not a bad request: said on its own page (putright.web.unreadable)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type=_PLAIN)
    total = rows.count()
    visible = rows.filter(pk__in=summary_scope(_user(request)).values("pk"))
    visible = visible.select_related("category", "property", "resident").order_by("received_on", "pk")
    page = Paginator(visible, export_page_size(request, 100)).get_page(request.GET.get("page"))
    part_label = {"met": " – within timescale", "missed": " – late"}.get(part, "")
    listed_items = None
    if measure in EXTRA_MEASURES:  # a figure counting remedies, extensions...: the items, per complaint
        counted = items.counted(measure, items.total(measure, scope.period, scope.as_at))
        listed_items = items.items_for(
            measure,
            scope.period,
            scope.as_at,
            [c.pk for c in page.object_list],
            words=sees_personal_details(request.user),
        )
    return _page(
        request,
        "governance/complaint_list.html",
        "governance",
        label=label + part_label,
        measure=measure,
        scope=scope,
        page=page,
        total=total,
        # the complaints the reader may not see, in the words every governance list uses, never why
        not_shown=complaints_you_cannot_see(total - page.paginator.count)
        if total > page.paginator.count
        else "",
        query=request.GET.urlencode(),
        why=why,
        why_heading={"check": "What to check", "covered": "What was tested"}.get(part, "Why it fails"),
        counted=counted,
        items=listed_items,
        items_heading=items.heading(measure) if listed_items is not None else "",
        back=back,
    )


def _from_the_section(href: str, entry: SelfAssessmentEntry, *, rule: bool = False) -> str:
    """A list's address as linked from a provision on a self-assessment's section page: with the
    assessment, and the provision where the list is not the rule's own (a figure's, whose measure
    names none), so the list goes back to that section (``_back_to_the_self_assessment``)."""
    opened = {"assessment": entry.assessment_id} | ({} if rule else {"provision": entry.provision})
    return f"{href}&{urlencode(opened)}"


def _figures(entry: SelfAssessmentEntry) -> list[dict[str, Any]]:
    """The figures the records show for a provision, each linked to its list from the section."""
    return [
        {**f, "href": _from_the_section(f["href"], entry) if f.get("href") else ""}
        for f in (entry.evidence or {}).get("figures", [])
    ]


def _back_to_the_self_assessment(pk: str, edition: str | None, provision: str) -> tuple[str, str]:
    """Where a list opened from a self-assessment goes back to: the section of the self-assessment it
    was opened from (its ``assessment``, of the rule's ``edition``, or of its own edition for a figure's
    list), or the list of self-assessments. It said "Back to the dashboard", which the reader had not
    come from."""
    number = posted_id(pk)  # "²" was a 400 (helper-92)
    assessment = SelfAssessment.objects.filter(pk=number).first() if number is not None else None
    if assessment is not None and assessment.edition == (edition or assessment.edition):
        try:
            section = code_edition(assessment.edition).provision(provision).section.number
        except LookupError:  # a provision of another edition than the assessment's
            section = None
        if section is not None:
            return (
                reverse("governance:self_assessment_section", args=[assessment.pk, section]),
                f"Back to section {section} of the self-assessment",
            )
    return reverse("governance:self_assessments"), "Back to the self-assessments"


@login_required
@exportable("tenant-satisfaction-measures")
def tsm(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or reporting_year_of(timezone.localdate()))
        if not 2018 <= year <= 2100:
            raise ValueError
    except ValueError:
        return HttpResponseBadRequest("Choose a reporting year such as 2025")
    result = tenant_satisfaction_measures(year)
    scope = Scope(Period.reporting_year(year), AsAt.now())
    rows = []
    for row in result.rows():
        row = dict(row)
        m, p = row["numerator_measure"]
        row["numerator_href"] = scope.link(m, p)
        if row["denominator_measure"]:
            m, p = row["denominator_measure"]
            row["denominator_href"] = scope.link(m, p)
        rows.append(row)
    return _page(
        request,
        "governance/tsm.html",
        "governance",
        result=result,
        rows=rows,
        years=range(year - 3, year + 1),
    )


# --------------------------------------------------------------------------------------------------
# Learning register (9.1-9.4)


@login_required
@exportable("learning-register")
def learning(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _learning_page(request)
    _manager(request)
    # each form refused on the page with what was typed, each problem on its field (not a banner)
    if "si-title" in request.POST:
        improvement_form = ServiceImprovementForm(request.POST, prefix="si", user=_user(request))
        if not improvement_form.is_valid():
            return _learning_page(request, improvement_form=_refused(improvement_form))
        c = improvement_form.cleaned_data
        try:
            services.record_service_improvement(
                actor=_user(request),
                title=c["title"],
                description=c["description"],
                complaints=c["complaint_references"],
                owner=c["owner"],
                due=c["due"],
                category=c["category"],
                status=c["status"],
                outcome=c["outcome"],
                reported_to=c["reported_to"],
            )
        except InvalidRequest as error:
            return _learning_page(request, improvement_form=_refused(improvement_form, error))
        messages.success(request, "Service improvement recorded")
        return redirect("governance:learning")
    review_form = SystemicReviewForm(request.POST, prefix="sr")
    if not review_form.is_valid():
        return _learning_page(request, review_form=_refused(review_form))
    try:
        services.record_systemic_review(reviewer=_user(request), **review_form.cleaned_data)
    except InvalidRequest as error:
        return _learning_page(request, review_form=_refused(review_form, error))
    messages.success(request, "Review of themes and trends recorded")
    return redirect("governance:learning")


def _learning_page(
    request: HttpRequest,
    *,
    improvement_form: ServiceImprovementForm | None = None,
    review_form: SystemicReviewForm | None = None,
    update_form: tuple[ServiceImprovement, ImprovementUpdateForm] | None = None,
) -> HttpResponse:
    """The learning register; ``improvement_form``, ``review_form``, ``update_form``: a refused form,
    shown again with what was typed (status ``REFUSED``)."""
    scope, form = scope_from(request.GET)
    # the figures (themes and trends) count every complaint; the lists name only the complaints whose
    # summary the reader may see, link only those they may open, and count the rest
    data = performance(scope)
    user = _user(request)
    improvements = learning_as_seen.improvements_as_seen(
        ServiceImprovement.objects.select_related("owner", "category").prefetch_related("complaints")[
            : export_page_size(request, 100)
        ],
        user,
    )
    # each improvement listed with its own update form, the refused one as it was typed (and listed
    # even when the register's first rows leave it out, so its error is on the page)
    updates = [(row.improvement, ImprovementUpdateForm(improvement=row.improvement)) for row in improvements]
    if update_form is not None:
        refused_one, _ = update_form
        updates = [(i, f) for i, f in updates if i.pk != refused_one.pk] + [update_form]
    hidden_points = LearningPoint.objects.exclude(complaint__in=summary_scope(user).values("pk")).count()
    refused = improvement_form or review_form or (update_form[1] if update_form is not None else None)
    return _page(
        request,
        "governance/learning.html",
        "learning",
        form=form,
        data=data,
        improvements=improvements,
        points=LearningPoint.objects.filter(complaint__in=summary_scope(user).values("pk"))
        .select_related("complaint", "owner")
        .order_by("-created_at")[: export_page_size(request, 100)],
        points_not_shown=(
            on_complaints_you_cannot_see(hidden_points, ("learning point", "learning points"))
            if hidden_points
            else ""
        ),
        reviews=SystemicReview.objects.select_related("reviewer")[:20],
        improvement_form=improvement_form or ServiceImprovementForm(prefix="si", user=user),
        review_form=review_form or SystemicReviewForm(prefix="sr"),
        updates=updates,
        refused=refused,
        status=REFUSED if refused is not None else 200,
    )


@login_required
@require_POST
def improvement_update(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    improvement = get_object_or_404(ServiceImprovement, pk=pk)
    form = ImprovementUpdateForm(request.POST, improvement=improvement)
    if not form.is_valid():
        return _learning_page(request, update_form=(improvement, _refused(form)))
    try:
        services.update_service_improvement(
            improvement=improvement, actor=_user(request), **form.cleaned_data
        )
    except InvalidRequest as error:  # on its field, what was typed kept, nothing recorded
        return _learning_page(request, update_form=(improvement, _refused(form, error)))
    messages.success(request, "Service improvement updated")
    return redirect("governance:learning")


# --------------------------------------------------------------------------------------------------
# Self-assessment


@login_required
@exportable("self-assessments")
def self_assessments(request: HttpRequest) -> HttpResponse:
    form = NewSelfAssessmentForm(initial={"year": reporting_year_of(timezone.localdate())})
    trigger_form = TriggerForm(prefix="t")
    if request.method == "POST":
        _manager(request)
        if "t-kind" in request.POST:
            trigger_form = TriggerForm(request.POST, prefix="t")
            if trigger_form.is_valid():
                services.record_compliance_trigger(actor=_user(request), **trigger_form.cleaned_data)
                messages.success(request, "Recorded: a new self-assessment is due")
                return redirect("governance:self_assessments")
        else:
            form = NewSelfAssessmentForm(request.POST)
            if form.is_valid():
                year, edition = form.cleaned_data["year"], form.cleaned_data["edition"]
                # 2024 8.3 and 8.4 call for a re-assessment, so a second one for a year is never refused,
                # but it is said: two drafts read alike in the list ("2025/26 · 2024 · Draft" twice)
                already = list(_with_answers(SelfAssessment.objects.filter(year=year, edition=edition)))
                assessment = services.start_self_assessment(actor=_user(request), year=year, edition=edition)
                messages.success(
                    request,
                    "Self-assessment started with the evidence from the records. No answers are carried over: "
                    "every provision is answered again (last evidence and commentary are carried forward for "
                    "review).",
                )
                for other in already:
                    messages.warning(request, f"{_described(other)} already exists: this is another one.")
                return redirect("governance:self_assessment", pk=assessment.pk)
    return _page(
        request,
        "governance/self_assessments.html",
        "self-assessment",
        assessments=_with_answers(SelfAssessment.objects.select_related("created_by"))[:50],
        form=form,
        trigger_form=trigger_form,
        rule_tables=[(e, evidence.rules_table(e)) for e in ("2024", "2022")],
    )


def _with_answers(assessments: QuerySet[SelfAssessment]) -> QuerySet[SelfAssessment]:
    """Each with ``answered`` and ``on_form``, counted in the same query."""
    return assessments.annotate(
        answered=Count("entries", filter=~Q(entries__comply="")), on_form=Count("entries")
    )


def _described(assessment: Any) -> str:
    """ "Self-assessment 2025/26 (2024 Code), started 7 December 2026 at 09:30, 1 of 72 answered, draft"."""
    started = timezone.localtime(assessment.recorded_at)
    status = f"approved {assessment.approved_on:%-d %B %Y}" if assessment.approved_on else "draft"
    return (
        f"{assessment}, started {started:%-d %B %Y at %H:%M}, {assessment.answered} of "
        f"{assessment.on_form} answered, {status}"
    )


def _assessment_scope(assessment: SelfAssessment) -> Scope:
    return Scope(
        Period(assessment.period_from, assessment.period_to),
        AsAt(assessment.as_at_day, assessment.as_at_moment),
    )


def _visible_cases(
    request: HttpRequest, entries: list[SelfAssessmentEntry], listed: str = "cases"
) -> dict[str, list[dict[str, Any]]]:
    """Each entry's failing cases (``listed="to_check"``: the records it lists to check) that this user
    may see (restricted complaints stay hidden)."""
    ids = {
        c["complaint_id"]
        for e in entries
        for c in (e.evidence or {}).get(listed, [])
        if c.get("complaint_id")
    }
    # the MRC and the governing body see a complaint's summary here but cannot open its case page: a
    # reference, not a link that answers "Page not found" (found in a browser walk)
    visible, opens = named_and_opened(_user(request), ids)
    return {
        e.provision: [
            c if c.get("complaint_id") in opens else {**c, "href": ""}
            for c in (e.evidence or {}).get(listed, [])
            if not c.get("complaint_id") or c["complaint_id"] in visible
        ]
        for e in entries
    }


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    return _self_assessment_page(request, get_object_or_404(SelfAssessment, pk=pk))


def _self_assessment_page(
    request: HttpRequest, assessment: SelfAssessment, approval_form: ApprovalForm | None = None
) -> HttpResponse:
    entries = list(assessment.entries.all())
    sections = exports.layout(assessment)
    numbers = [int(s.title.split()[1].rstrip(":")) for s in sections]
    by_section: dict[int, list[SelfAssessmentEntry]] = {}
    code = code_edition(assessment.edition)
    for e in entries:
        by_section.setdefault(code.provision(e.provision).section.number, []).append(e)
    progress = [
        {
            "number": n,
            "title": s.title,
            "answered": sum(1 for e in by_section.get(n, []) if e.comply),
            "total": len(by_section.get(n, [])),
            "non_compliance": sum(1 for e in by_section.get(n, []) if e.state == RecordsShow.NON_COMPLIANCE),
        }
        for n, s in zip(numbers, sections, strict=True)
    ]
    return _page(
        request,
        "governance/self_assessment.html",
        "self-assessment",
        assessment=assessment,
        sections=sections,
        progress=progress,
        todo=services.still_to_answer(assessment),
        answered=sum(1 for e in entries if e.comply),
        total=len(entries),
        states={state: sum(1 for e in entries if e.state == state) for state in RecordsShow.values},
        approval_form=approval_form or ApprovalForm(),
        status=REFUSED if approval_form is not None else 200,
        scope=_assessment_scope(assessment),
        submissions=assessment.submissions.all(),
    )


def _save_answer(request: HttpRequest, entry: SelfAssessmentEntry, form: EntryForm) -> bool:
    """Save one provision's answer from a valid form; put a refusal on the form's field."""
    try:
        services.answer_provision(entry=entry, actor=_user(request), **form.cleaned_data)
        return True
    except (CodeViolation, InvalidRequest) as error:
        detail = str(error.detail)
        field = "comply"
        if isinstance(error, CodeViolation):
            field = "contradiction_explanation"
        elif "actions" in detail or "date" in detail:
            field = "actions"
        elif "does not apply" in detail:
            field = "not_applicable_reason"
        elif "reasons a third stage" in detail:
            field = "commentary"
        form.add_error(field, f"{detail} ({error.provision})" if error.provision else detail)
        return False


@login_required
def self_assessment_section(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One section of the form on one page: what the records show for each provision, last year's
    commentary carried forward for review, and the answers, saved together."""
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    code = code_edition(assessment.edition)
    entries = [e for e in assessment.entries.all() if code.provision(e.provision).section.number == number]
    if not entries:
        raise Http404("No such section on this form")
    editable = services.can_manage(request.user) and assessment.approved_on is None
    scope = _assessment_scope(assessment)
    posted = request.method == "POST"
    if posted and not editable:
        _manager(request)
        raise PermissionDenied("This self-assessment has been approved: start a new one to change it")
    items = []
    saved = errors = 0
    for entry in entries:
        prefix = "p" + entry.provision.replace(".", "-")
        initial = {
            "comply": entry.comply,
            "policy_reference": entry.policy_reference,
            "commentary": entry.commentary,
            "contradiction_explanation": entry.contradiction_explanation,
            "actions": entry.actions,
            "actions_by": entry.actions_by,
            "not_applicable_reason": entry.not_applicable_reason,
        }
        form = EntryForm(request.POST if posted else None, prefix=prefix, initial=initial, optional=True)
        form.fields["comply"].label = f"Does the landlord comply with {assessment.edition} {entry.provision}?"
        if posted:
            if not form.is_valid():
                errors += 1
            elif form.cleaned_data["comply"] and form.has_changed():
                if _save_answer(request, entry, form):
                    saved += 1
                    entry.refresh_from_db()
                else:
                    errors += 1
        rule = f"rule:{assessment.edition}:{entry.provision}"
        items.append(
            {
                "entry": entry,
                "form": form,
                "provision": code.provision(entry.provision),
                # with the assessment, so each list's back link returns to this section
                "failing_list": _from_the_section(scope.link(rule), entry, rule=True),
                "check_list": _from_the_section(scope.link(rule, part="check"), entry, rule=True),
                "covered_list": _from_the_section(scope.link(rule, part="covered"), entry, rule=True),
                "figures": _figures(entry),
            }
        )
    if posted and not errors:
        messages.success(request, f"Saved {saved} answer{'s' if saved != 1 else ''} in section {number}")
        return redirect("governance:self_assessment_section", pk=pk, number=number)
    numbers = sorted({p.section.number for p in code.on_form()})
    index = numbers.index(number)
    return _page(
        request,
        "governance/self_assessment_section.html",
        "self-assessment",
        assessment=assessment,
        form_section=code.provision(entries[0].provision).section,
        items=items,
        cases=_visible_cases(request, entries),
        checks=_visible_cases(request, entries, "to_check"),
        editable=editable,
        errors=errors,
        saved=saved,
        previous=numbers[index - 1] if index else None,
        next=numbers[index + 1] if index + 1 < len(numbers) else None,
        scope=scope,
    )


@login_required
def answer(request: HttpRequest, pk: int, provision: str) -> HttpResponse:
    """One provision's answer: kept for links to a single provision; the section page shows it."""
    _manager(request)  # answering is for the people who record governance; everyone reads the section
    entry = get_object_or_404(SelfAssessmentEntry, assessment_id=pk, provision=provision)
    section = code_edition(entry.assessment.edition).provision(entry.provision).section.number
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid() and _save_answer(request, entry, form):
            messages.success(request, f"Answer to {entry.provision} saved")
            return redirect(
                f"/governance/self-assessment/{pk}/section/{section}/#provision-{entry.provision.replace('.', '-')}"
            )
        return _page(
            request,
            "governance/answer.html",
            "self-assessment",
            entry=entry,
            provision=code_edition(entry.assessment.edition).provision(entry.provision),
            form=form,
            evidence=entry.evidence,
            figures=_figures(entry),
            cases=_visible_cases(request, [entry])[entry.provision],
            checks=_visible_cases(request, [entry], "to_check")[entry.provision],
            section_number=section,
        )
    return redirect(
        f"/governance/self-assessment/{pk}/section/{section}/#provision-{entry.provision.replace('.', '-')}"
    )


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    form = ApprovalForm(request.POST)
    valid = form.is_valid()
    # every problem at once: the form's own and the Code's (2024 8.1, 8.2), nothing recorded
    problems = services.approval_problems(
        assessment,
        approved_on=form.cleaned_data.get("approved_on"),
        approved_by=form.cleaned_data.get("approved_by"),
    )
    if not valid or problems:
        return _self_assessment_page(request, assessment, _refused(form, *problems))
    publish = form.cleaned_data.pop("publish")
    try:
        services.approve_self_assessment(assessment=assessment, actor=_user(request), **form.cleaned_data)
    except InvalidRequest as error:
        return _self_assessment_page(request, assessment, _refused(form, error))
    messages.success(request, "Approval by the governing body recorded")
    if publish:
        try:
            services.publish_self_assessment(assessment=assessment, actor=_user(request))
        except InvalidRequest as error:  # the approval stands: said over the page it shows
            _error(request, error)
    return redirect("governance:self_assessment", pk=pk)


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    return _export(assessment, fmt)


def _export(assessment: SelfAssessment, fmt: str) -> HttpResponse:
    name = f"self-assessment-{assessment.year}-{assessment.year + 1}"
    if fmt == "docx":
        body, kind = (
            exports.to_docx(assessment),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "xlsx":
        body, kind = (
            exports.to_xlsx(assessment),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        body, kind = exports.to_pdf(assessment), "application/pdf"
    else:
        raise Http404("Choose docx, xlsx or pdf")
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def published_self_assessment(request: HttpRequest, year: int) -> HttpResponse:
    """The approved self-assessment for the website: public, no sign-in (2024 8.2)."""
    assessment = SelfAssessment.objects.filter(year=year, published=True, approved_on__isnull=False).first()
    if assessment is None:
        raise Http404("No published self-assessment for that year")
    if request.GET.get("format") in ("docx", "xlsx", "pdf"):
        return _export(assessment, request.GET["format"])
    return render(request, "governance/published_self_assessment.html", exports.document_context(assessment))


# --------------------------------------------------------------------------------------------------
# Reports


@login_required
@exportable("reports")
def report_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _reports_page(request)
    _manager(request)
    form = AnnualReportForm(request.POST)
    if not form.is_valid():
        # shown again with the year and the analysis typed, the problem on its field (not a banner)
        return _reports_page(request, annual_form=_refused(form))
    year = form.cleaned_data["year"]
    services.produce_annual_report(actor=_user(request), year=year, analysis=form.cleaned_data["analysis"])
    messages.success(request, "Annual report produced")
    return redirect("governance:annual", year=year)


def _reports_page(
    request: HttpRequest,
    *,
    annual_form: AnnualReportForm | None = None,
    publication_form: PublicationForm | None = None,
) -> HttpResponse:
    """The reports page; ``annual_form``, ``publication_form``: a refused form, shown again with what
    was typed."""
    year = reporting_year_of(timezone.localdate())
    quarters = [(y, q, Period.quarter(y, q)) for y in (year, year - 1) for q in (4, 3, 2, 1)]
    quarters = [(y, q, p) for y, q, p in quarters if p.start <= timezone.localdate()]
    return _page(
        request,
        "governance/reports.html",
        "governance",
        quarters=quarters,
        annual=AnnualReport.objects.all(),
        runs=ReportRun.objects.select_related("run_by")[:20],
        year=year,
        annual_form=annual_form or AnnualReportForm(),
        publications=OmbudsmanPublication.objects.all(),
        publication_form=publication_form or PublicationForm(),
        status=REFUSED if annual_form is not None or publication_form is not None else 200,
    )


@login_required
def mrc_report(request: HttpRequest, year: int, quarter: int, fmt: str) -> HttpResponse:
    try:
        period = Period.quarter(year, quarter)
    except ValueError as error:
        raise Http404(str(error)) from None
    run_id = request.GET.get("run")
    if run_id:
        if not run_id.isdecimal():  # a run's number, as the reports page links it; anything else names none
            raise Http404("no such report run")
        run = get_object_or_404(ReportRun, pk=run_id, kind=ReportRun.Kind.MRC_QUARTERLY)
        scope = services.run_scope(run)
    else:
        scope = Scope(period, AsAt.of(min(period.end, timezone.localdate())).pinned())
        services.record_report_run(
            kind=ReportRun.Kind.MRC_QUARTERLY,
            scope=scope,
            figures=reports.mrc_figures(scope),
            actor=_user(request),
        )
    context = reports.mrc_context(scope, _user(request))
    name = f"mrc-report-{year}-q{quarter}"
    if fmt == "pdf":
        response = HttpResponse(
            reports.pdf("governance/mrc_document.html", context, base_url=request.build_absolute_uri("/")),
            content_type="application/pdf",
        )
    elif fmt == "docx":
        response = HttpResponse(
            reports.mrc_docx(context),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404("Choose pdf or docx")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def annual(request: HttpRequest, year: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport.objects.select_related("run", "self_assessment"), year=year)
    form = GoverningBodyResponseForm(
        initial={
            "reported_on": report.reported_to_governing_body_on,
            "response": report.governing_body_response,
            "publish": report.published,
        }
    )
    if request.method == "POST":
        _manager(request)
        form = GoverningBodyResponseForm(request.POST)
        if not form.is_valid():
            _refused(form)
        else:
            try:
                services.record_governing_body_response(
                    report=report, actor=_user(request), **form.cleaned_data
                )
            except InvalidRequest as error:  # on its field, what was typed kept, not a banner
                _refused(form, error)
            else:
                messages.success(request, "The governing body's response recorded")
                return redirect("governance:annual", year=year)
    if request.GET.get("format") == "pdf":
        return _annual_pdf(report)
    return _page(
        request,
        "governance/annual.html",
        "governance",
        response_form=form,
        status=REFUSED if form.is_bound else 200,
        **reports.annual_context(report),
    )


def _annual_pdf(report: AnnualReport) -> HttpResponse:
    body = reports.pdf("governance/annual_document.html", reports.annual_context(report))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="annual-complaints-report-{report.year}-{report.year + 1}.pdf"'
    )
    return response


def published_annual(request: HttpRequest, year: int) -> HttpResponse:
    """The annual report and the governing body's response for the website (2024 8.2)."""
    report = AnnualReport.objects.filter(year=year, published=True).select_related("run").first()
    if report is None:
        raise Http404("No published annual report for that year")
    if request.GET.get("format") == "pdf":
        return _annual_pdf(report)
    return render(request, "governance/published_annual.html", reports.annual_context(report))


@login_required
@require_POST
def publication_upload(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = PublicationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _reports_page(request, publication_form=_refused(form))
    c = form.cleaned_data
    try:
        services.record_publication(
            actor=_user(request),
            title=c["title"],
            kind=c["kind"],
            year=c["year"],
            published_on=c["published_on"],
            file=c["file"],
            summary=c["summary"],
        )
    except InvalidRequest as error:
        return _reports_page(request, publication_form=_refused(form, error))
    messages.success(request, "Publication uploaded")
    return redirect("governance:reports")


# --------------------------------------------------------------------------------------------------
# The Ombudsman and exceptional circumstances


@login_required
@exportable("ombudsman-cases")
def ombudsman(request: HttpRequest) -> HttpResponse:
    form = OmbudsmanCaseForm(user=_user(request))
    if request.method == "POST":
        _manager(request)
        # refused on the page with what was typed, each problem on its field (not a banner)
        form = OmbudsmanCaseForm(request.POST, user=_user(request))
        if not form.is_valid():
            _refused(form)
        else:
            c = form.cleaned_data
            try:
                case = services.open_ombudsman_case(
                    actor=_user(request),
                    complaint=c["complaint_reference"],
                    referred_on=c["referred_on"],
                    reference=c["reference"],
                    progress=c["progress"],
                    investigation_started_on=c["investigation_started_on"],
                    determined_on=c["determined_on"],
                    self_assessment_requested=c["self_assessment_requested"],
                )
            except InvalidRequest as error:
                _refused(form, error)
            else:
                messages.success(request, "Ombudsman case recorded")
                return redirect("governance:ombudsman_case", pk=case.pk)
    # the cases on complaints whose summary the person may see; the register's own count says how
    # many more there are, as the lists behind the dashboard's figures do
    cases = (
        ombudsman_case_scope(_user(request))
        .select_related("complaint")
        .prefetch_related("findings", "orders")
    )
    # referrals recorded on complaints the register has no case for (9.7 c reads the register)
    referrals = ComplaintEvent.objects.filter(
        kind=ReferredToOmbudsman.kind, complaint__in=summary_scope(_user(request))
    )
    unrecorded = (
        without_an_ombudsman_case(referrals, AsAt.now()).select_related("complaint").order_by("-on", "pk")
    )
    # the cases on complaints the reader may not see, in the words every governance list uses
    hidden = OmbudsmanCase.objects.count() - len(cases)
    return _page(
        request,
        "governance/ombudsman.html",
        "governance",
        cases=cases,
        not_shown=on_complaints_you_cannot_see(hidden, ("Ombudsman case", "Ombudsman cases"))
        if hidden
        else "",
        unrecorded=unrecorded,
        form=form,
        today=timezone.localdate(),
        status=REFUSED if form.is_bound else 200,  # a recorded case redirects
    )


def _compliance_form(order: OmbudsmanOrder) -> ComplianceForm:
    """The form to record compliance with ``order``, or, once it is complied with, to correct it:
    it then starts from what is recorded, and a changed date asks why (the correction is kept)."""
    recorded = {"complied_on": order.complied_on, "evidence": order.evidence} if order.complied_on else None
    return ComplianceForm(prefix=f"c{order.pk}", initial=recorded, what=order.get_kind_display().lower())


@login_required
@exportable("ombudsman-case")
def ombudsman_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(ombudsman_case_scope(_user(request)).select_related("complaint"), pk=pk)
    finding_form, order_form = FindingForm(prefix="f"), OrderForm(prefix="o")
    progress_recorded = {"progress": case.progress, "started": case.investigation_started_on}
    progress_form = ProgressForm(initial=progress_recorded)
    comply_refused: ComplianceForm | None = None  # a refused record of compliance, shown again
    if request.method == "POST":
        _manager(request)
        action = request.POST.get("action")
        try:
            # each form refused on the page with what was typed, each problem on its field (not a
            # banner); a form left bound is one refused
            if action == "finding":
                finding_form = FindingForm(request.POST, prefix="f")
                if not finding_form.is_valid():
                    _refused(finding_form)
                else:
                    try:
                        with transaction.atomic():  # the finding and the case determined, or neither
                            services.record_ombudsman_finding(
                                case=case, actor=_user(request), **finding_form.cleaned_data
                            )
                            services.update_ombudsman_case(
                                case=case,
                                actor=_user(request),
                                progress="determined",
                                determined_on=finding_form.cleaned_data["determined_on"],
                                # a later finding moves the day determined: the finding is why
                                reason="Finding recorded ({}), determined {}".format(
                                    finding_form.cleaned_data["element"].strip(),
                                    f"{finding_form.cleaned_data['determined_on']:%-d %B %Y}",
                                ),
                            )
                    except InvalidRequest as error:
                        _refused(finding_form, error)
                    else:
                        messages.success(request, "Finding recorded")
                        return redirect("governance:ombudsman_case", pk=pk)
            elif action == "order":
                order_form = OrderForm(request.POST, prefix="o")
                if not order_form.is_valid():
                    _refused(order_form)
                else:
                    try:
                        services.record_ombudsman_order(
                            case=case, actor=_user(request), **order_form.cleaned_data
                        )
                    except InvalidRequest as error:
                        _refused(order_form, error)
                    else:
                        messages.success(request, "Order recorded")
                        return redirect("governance:ombudsman_case", pk=pk)
            elif action == "comply":
                order = get_object_or_404(OmbudsmanOrder, pk=request.POST.get("order"), case=case)
                comply_form = ComplianceForm(
                    request.POST, request.FILES, prefix=f"c{order.pk}", what=order.get_kind_display().lower()
                )
                if not comply_form.is_valid():
                    comply_refused = _refused(comply_form)
                else:
                    c = comply_form.cleaned_data
                    recorded_at = order.complied_recorded_at
                    try:
                        services.record_order_compliance(
                            order=order,
                            actor=_user(request),
                            complied_on=c["complied_on"],
                            evidence_text=c["evidence"],
                            evidence_file=c["evidence_file"],
                            reason=c["reason"],
                        )
                    except InvalidRequest as error:
                        comply_refused = _refused(comply_form, error)
                    else:
                        # the same day, evidence and file again (a double click) add nothing, and say so
                        unchanged = recorded_at is not None and order.complied_recorded_at == recorded_at
                        messages.success(
                            request,
                            "Compliance already recorded as given: nothing changed"
                            if unchanged
                            else "Compliance recorded",
                        )
                        return redirect("governance:ombudsman_case", pk=pk)
            elif action == "progress":
                # refused on the page with what was chosen, each problem on its field (not a banner)
                progress_form = ProgressForm(request.POST, initial=progress_recorded)
                if progress_form.is_valid():
                    rows = case.progress_history.count()
                    try:
                        services.update_ombudsman_case(
                            case=case,
                            actor=_user(request),
                            progress=progress_form.cleaned_data["progress"],
                            investigation_started_on=progress_form.cleaned_data["started"],
                            reason=progress_form.cleaned_data["reason"],
                            clear_investigation_started=progress_form.cleaned_data["clear_started"],
                        )
                    except InvalidRequest as error:
                        # the case's "investigation_started_on" is asked here as "started"
                        _refused(
                            progress_form,
                            InvalidRequest(
                                error.provision,
                                error.detail,
                                fields=tuple(
                                    ("started" if name == "investigation_started_on" else name, said)
                                    for name, said in error.fields
                                ),
                            ),
                        )
                    else:
                        # the same values again (a double click) add no row to the history, and say so
                        unchanged = case.progress_history.count() == rows
                        messages.success(
                            request,
                            "Progress already recorded as given: nothing changed"
                            if unchanged
                            else "Progress recorded",
                        )
                        return redirect("governance:ombudsman_case", pk=pk)
        except (InvalidRequest, ValueError) as error:
            _error(request, error)
    refused_prefix = comply_refused.prefix if comply_refused is not None else None
    orders = [
        (o, comply_refused if f"c{o.pk}" == refused_prefix else _compliance_form(o))
        for o in case.orders.prefetch_related("compliance_history__recorded_by")
    ]
    return _page(
        request,
        "governance/ombudsman_case.html",
        "governance",
        case=case,
        progress_history=case.progress_history.select_related("recorded_by").order_by("-recorded_at", "-id"),
        finding_form=finding_form,
        order_form=order_form,
        orders=orders,
        comply_refused=comply_refused,
        progress_form=progress_form,
        status=REFUSED
        if comply_refused is not None or any(f.is_bound for f in (progress_form, finding_form, order_form))
        else 200,
    )


@login_required
@exportable("exceptional-circumstances")
def exceptional(request: HttpRequest) -> HttpResponse:
    form = ExceptionalForm()
    if request.method == "POST":
        _manager(request)
        # refused on the page with what was typed, each problem on its field (not a banner)
        form = ExceptionalForm(request.POST)
        if not form.is_valid():
            _refused(form)
        else:
            try:
                services.record_exceptional_circumstance(actor=_user(request), **form.cleaned_data)
            except InvalidRequest as error:
                _refused(form, error)
            else:
                messages.success(request, "Exceptional circumstance recorded")
                return redirect("governance:exceptional")
    return _page(
        request,
        "governance/exceptional.html",
        "governance",
        rows=ExceptionalCircumstance.objects.all(),
        form=form,
        status=REFUSED if form.is_bound else 200,  # a recorded one redirects
    )
