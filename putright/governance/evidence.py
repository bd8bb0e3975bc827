"""What the records can prove about each provision of the self-assessment form (2024 8.1 a).

``RULES`` is a table: one rule per provision the records speak to, citing it. A rule returns the
*proposed* answer (``yes``, ``no``, or ``None`` when only a policy or practice outside the records
can show it) and its evidence: a sentence and figures, each figure linking to the complaints behind
it. A ``no`` means the records contradict compliance; the service then refuses a ``Yes`` without an
explanation (:func:`putright.governance.services.answer_provision`).

Provisions with no rule (for example 1.2, the definition of a complaint in the policy) are for the
complaints officer to evidence with a policy reference and commentary, as the landlords in
``docs/sources`` do ("Talk to us policy - section 3.1").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT

from putright.complaints.models import (
    Complaint,
    ComplaintEvent,
    ContactRestriction,
    Correspondence,
    OutstandingAction,
    ReasonableAdjustment,
)
from putright.governance.facts import AsAt, complaint_facts
from putright.governance.measures import Figure, Period, _facts, extra_figures, extra_rows, fact_figures
from putright.governance.models import (
    AnnualReport,
    ComplianceTrigger,
    ExceptionalCircumstance,
    ReportRun,
    SelfAssessment,
    ServiceImprovement,
    SystemicReview,
)
from putright.governance.performance import Scope

YES, NO = "yes", "no"


@dataclass
class Evidence:
    proposed: str | None
    summary: str
    figures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"proposed": self.proposed, "summary": self.summary, "figures": self.figures}


@dataclass
class Context:
    """What every rule may read: the period, the as-at, and the figures computed once."""

    scope: Scope
    figures: dict[str, Figure]
    extras: dict[str, Figure]

    @property
    def period(self) -> Period:
        return self.scope.period

    @property
    def as_at(self) -> AsAt:
        return self.scope.as_at

    def fig(self, label: str, value: Any, measure: str = "", part: str = "all") -> dict[str, Any]:
        return {"label": label, "value": value, "href": self.scope.link(measure, part) if measure else ""}


Rule = Callable[[Context], Evidence]
RULES: dict[str, tuple[str, Rule]] = {}


def rule(provision: str, what: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[provision] = (what, fn)
        return fn

    return register


# --------------------------------------------------------------------------------------------------
# Lists of complaints behind evidence that is not a dashboard measure

EVIDENCE_LISTS: dict[str, tuple[str, Callable[[Period, AsAt], QuerySet[Any]]]] = {}


def evidence_list(key: str, label: str) -> Callable[[Callable[[Period, AsAt], QuerySet[Any]]], Any]:
    def register(fn: Callable[[Period, AsAt], QuerySet[Any]]) -> Any:
        EVIDENCE_LISTS[key] = (label, fn)
        return fn

    return register


def _ev(as_at: AsAt) -> QuerySet[ComplaintEvent]:
    return as_at.events() if not as_at.live else ComplaintEvent.objects.all()


@evidence_list("late_without_interval", "Late responses with no update interval agreed (5.9)")
def late_without_interval(period: Period, as_at: AsAt) -> QuerySet[Any]:
    agreed = _ev(as_at).filter(complaint_id=OuterRef("cid"), kind="update_interval_agreed")
    facts = _facts(as_at, period)
    late_1 = Q(s1_resp_on__range=period.range()) & Q(s1_resp_on__gt=F("s1_resp_due"))
    late_2 = Q(s2_resp_on__range=period.range()) & Q(s2_resp_on__gt=F("s2_resp_due"))
    return facts.filter(late_1 | late_2).filter(~Exists(agreed)).values("cid")


@evidence_list("same_handler", "Stage 2 considered by someone who considered stage 1 (6.13)")
def same_handler(period: Period, as_at: AsAt) -> QuerySet[Any]:
    ev = _ev(as_at)
    stage_1_people = (
        ev.filter(
            complaint_id=OuterRef("complaint_id"),
            kind__in=("handler_allocated", "responded"),
            data__stage=1,
        )
        .annotate(h=KT("data__handler"))
        .values("h")
    )
    stage_2 = (
        ev.filter(kind__in=("handler_allocated", "responded"), data__stage=2, on__range=period.range())
        .annotate(h=KT("data__handler"))
        .filter(h__in=stage_1_people)
    )
    return stage_2.values("complaint_id")


@evidence_list("extension_no_ombudsman", "Extensions without the Ombudsman's details given (6.5, 6.16)")
def extension_no_ombudsman(period: Period, as_at: AsAt) -> QuerySet[Any]:
    return (
        _ev(as_at)
        .filter(kind="deadline_extended", on__range=period.range(), data__ombudsman_details_given=False)
        .values("complaint_id")
    )


@evidence_list("actions_overdue", "Outstanding actions past due, not completed (6.6, 6.17)")
def actions_overdue(period: Period, as_at: AsAt) -> QuerySet[Any]:
    if as_at.live:
        return OutstandingAction.objects.filter(completed_on__isnull=True, due__lt=as_at.today).values(
            "complaint_id"
        )
    done = (
        _ev(as_at)
        .filter(complaint_id=OuterRef("complaint_id"), kind="outstanding_action_completed")
        .annotate(num=KT("data__number"))
        .filter(num=OuterRef("num"))
    )
    return (
        _ev(as_at)
        .filter(kind="outstanding_action_added", data__due__lt=as_at.today.isoformat())
        .annotate(num=KT("data__number"))
        .filter(~Exists(done))
        .values("complaint_id")
    )


@evidence_list("discretion", "Accepted outside the time limit with discretion recorded (2.3)")
def discretion(period: Period, as_at: AsAt) -> QuerySet[Any]:
    return (
        _ev(as_at)
        .filter(kind="accepted_as_complaint", on__range=period.range())
        .exclude(data__discretion_reason="")
        .values("complaint_id")
    )


# --------------------------------------------------------------------------------------------------
# Timeliness rules


def _timeliness(ctx: Context, key: str, overdue_key: str, what: str) -> Evidence:
    f, late_now = ctx.figures[key], ctx.figures[overdue_key]
    figures = [
        ctx.fig(f"{what} in the period", f.value, key),
        ctx.fig("within the Code's timescale", f.numerator, key, "met"),
        ctx.fig("late", f.missed, key, "missed"),
        ctx.fig(f"still waiting, past due, at {ctx.as_at.today:%d %B %Y}", late_now.value, overdue_key),
    ]
    if not f.value and not late_now.value:
        return Evidence(None, f"No {what.lower()} in the period.", figures)
    share = f"{f.percent}%" if f.percent is not None else "none"
    summary = (
        f"{f.numerator} of {f.value} {what.lower()} within the Code's timescale ({share}); {f.missed} late"
    )
    summary += f"; {late_now.value} still waiting past the due date." if late_now.value else "."
    return Evidence(YES if f.missed == 0 and late_now.value == 0 else NO, summary, figures)


@rule("6.2", "Stage 1 acknowledged within 5 working days of receipt")
def r_6_2(ctx: Context) -> Evidence:
    return _timeliness(ctx, "s1_ack", "s1_ack_overdue", "Stage 1 acknowledgements")


@rule("6.3", "Stage 1 response within 10 working days of acknowledgement")
def r_6_3(ctx: Context) -> Evidence:
    return _timeliness(ctx, "s1_resp", "s1_resp_overdue", "Stage 1 responses")


@rule("6.11", "Stage 2 acknowledged within 5 working days of the escalation request")
def r_6_11(ctx: Context) -> Evidence:
    return _timeliness(ctx, "s2_ack", "s2_ack_overdue", "Stage 2 acknowledgements")


@rule("6.14", "Stage 2 response within 20 working days of acknowledgement")
def r_6_14(ctx: Context) -> Evidence:
    return _timeliness(ctx, "s2_resp", "s2_resp_overdue", "Stage 2 responses")


def _extensions(ctx: Context, stage: int, provision: str) -> Evidence:
    granted = ctx.extras[f"extensions_{stage}"]
    beyond = extra_rows("extensions_good_reason", ctx.period, ctx.as_at).filter(st=stage).count()
    figures = [
        ctx.fig(f"Stage {stage} extensions granted", granted.value, f"extensions_{stage}"),
        ctx.fig("beyond the limit, each with a recorded good reason", beyond, "extensions_good_reason"),
    ]
    limit = 10 if stage == 1 else 20
    summary = (
        f"{granted.value} stage {stage} extensions in the period. PutRight refuses an extension beyond "
        f"{limit} further working days unless a good reason is recorded ({provision}); {beyond} relied on one."
    )
    return Evidence(YES, summary, figures)


@rule("6.4", "Stage 1 extensions no more than 10 working days without good reason")
def r_6_4(ctx: Context) -> Evidence:
    return _extensions(ctx, 1, "2024 6.4")


@rule("6.15", "Stage 2 extensions no more than 20 working days without good reason")
def r_6_15(ctx: Context) -> Evidence:
    return _extensions(ctx, 2, "2024 6.15")


def _ombudsman_details(ctx: Context, stage: int) -> Evidence:
    rows = extension_no_ombudsman(ctx.period, ctx.as_at).filter(data__stage=stage)
    missing = rows.count()
    granted = ctx.extras[f"extensions_{stage}"].value
    figures = [
        ctx.fig(f"Stage {stage} extensions", granted, f"extensions_{stage}"),
        ctx.fig("without the Ombudsman's details recorded as given", missing, "extension_no_ombudsman"),
    ]
    if not granted:
        return Evidence(None, f"No stage {stage} extensions in the period.", figures)
    return Evidence(
        NO if missing else YES,
        f"{granted - missing} of {granted} stage {stage} extensions recorded the Ombudsman's contact details as given.",
        figures,
    )


@rule("6.5", "Ombudsman's details given with a stage 1 extension")
def r_6_5(ctx: Context) -> Evidence:
    return _ombudsman_details(ctx, 1)


@rule("6.16", "Ombudsman's details given with a stage 2 extension")
def r_6_16(ctx: Context) -> Evidence:
    return _ombudsman_details(ctx, 2)


@rule("6.13", "Stage 2 considered by someone who did not consider stage 1")
def r_6_13(ctx: Context) -> Evidence:
    n = same_handler(ctx.period, ctx.as_at).values("complaint_id").distinct().count()
    s2 = ctx.figures["s2_received"].value
    figures = [
        ctx.fig("Stage 2 complaints in the period", s2, "s2_received"),
        ctx.fig("handled by a stage 1 handler", n, "same_handler"),
    ]
    summary = f"{n} of the stage 2 complaints handled in the period were considered by a person who considered stage 1."
    return Evidence(NO if n else YES, summary + " PutRight refuses such an allocation (6.13).", figures)


@rule("6.6", "Outstanding actions tracked to completion")
def r_6_6(ctx: Context) -> Evidence:
    n = actions_overdue(ctx.period, ctx.as_at).values("complaint_id").distinct().count()
    figures = [ctx.fig("complaints with outstanding actions past due", n, "actions_overdue")]
    return Evidence(
        NO if n else YES,
        f"{n} complaints have outstanding actions past their due date, not completed.",
        figures,
    )


RULES["6.17"] = ("Outstanding actions at stage 2 tracked to completion", r_6_6)


@rule("5.9", "Update intervals agreed when a response will be late")
def r_5_9(ctx: Context) -> Evidence:
    n = late_without_interval(ctx.period, ctx.as_at).count()
    late = ctx.figures["s1_resp"].missed + ctx.figures["s2_resp"].missed
    figures = [
        ctx.fig("late stage 1 responses", ctx.figures["s1_resp"].missed, "s1_resp", "missed"),
        ctx.fig("late stage 2 responses", ctx.figures["s2_resp"].missed, "s2_resp", "missed"),
        ctx.fig("late with no update interval agreed", n, "late_without_interval"),
    ]
    if not late:
        return Evidence(YES, "No response in the period fell outside the Code's timescales.", figures)
    return Evidence(
        NO if n else YES,
        f"{late - n} of {late} late responses had an update interval agreed with the resident.",
        figures,
    )


@rule("5.10", "Reasonable adjustments recorded and kept under review")
def r_5_10(ctx: Context) -> Evidence:
    today = ctx.as_at.today
    recorded = ReasonableAdjustment.objects.filter(agreed_on__lte=today)
    overdue = (
        recorded.filter(review_due__lt=today)
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=F("review_due")))
        .count()
    )
    figures = [ctx.fig("adjustments recorded", recorded.count()), ctx.fig("reviews overdue", overdue)]
    return Evidence(
        NO if overdue else YES,
        f"{recorded.count()} reasonable adjustments on record; {overdue} reviews overdue.",
        figures,
    )


@rule("5.14", "Contact restrictions evidenced and reviewed")
def r_5_14(ctx: Context) -> Evidence:
    today = ctx.as_at.today
    active = ContactRestriction.objects.filter(starts_on__lte=today).exclude(ended_on__lt=today)
    overdue = active.filter(review_due__lt=today).count()
    figures = [ctx.fig("restrictions in force", active.count()), ctx.fig("past their review date", overdue)]
    if not active.exists():
        return Evidence(None, "No contact restrictions in force.", figures)
    return Evidence(
        NO if overdue else YES,
        f"{active.count()} restrictions in force, each with its evidence; {overdue} past review.",
        figures,
    )


@rule("5.12", "A full record of each complaint")
def r_5_12(ctx: Context) -> Evidence:
    received = ctx.figures["contacts"].value
    events = _ev(ctx.as_at).filter(complaint__received_on__range=ctx.period.range()).count()
    letters = Correspondence.objects.filter(complaint__received_on__range=ctx.period.range()).count()
    figures = [
        ctx.fig("contacts received", received, "contacts"),
        ctx.fig("events on their append-only history", events),
        ctx.fig("letters, emails and calls recorded", letters),
    ]
    return Evidence(
        YES,
        f"Every one of the {received} contacts has its append-only history ({events} events) from receipt; "
        "PutRight and the database refuse changes to it.",
        figures,
    )


@rule("2.1", "Complaints accepted unless there is a valid reason, with the reasoning evidenced")
def r_2_1(ctx: Context) -> Evidence:
    f = ctx.figures["declined"]
    figures = [
        ctx.fig("complaints not accepted", f.value, "declined"),
        ctx.fig("complaints accepted", ctx.figures["s1_received"].value, "s1_received"),
    ]
    return Evidence(
        YES,
        f"{f.value} complaints not accepted in the period, each on a ground the Code allows, with the explanation "
        "and the consideration of its own merits recorded (PutRight refuses otherwise).",
        figures,
    )


@rule("2.3", "Complaints within 12 months accepted; discretion considered outside it")
def r_2_3(ctx: Context) -> Evidence:
    n = discretion(ctx.period, ctx.as_at).count()
    outside = (
        _facts(ctx.as_at, ctx.period)
        .filter(
            declined_stage=1,
            declined_on__range=ctx.period.range(),
            declined_ground="outside_time_limit",
        )
        .count()
    )
    figures = [
        ctx.fig("declined as outside the time limit", outside, "declined"),
        ctx.fig("accepted outside it with discretion recorded", n, "discretion"),
    ]
    return Evidence(
        YES,
        f"{outside} complaints declined as outside the time limit (PutRight checks the issue date against 12 months); "
        f"{n} accepted with discretion recorded.",
        figures,
    )


RULES["2.4"] = (
    "Residents told why a complaint is not accepted, with the right to go to the Ombudsman",
    r_2_1,
)
RULES["2.5"] = ("Each complaint considered on its own merits", r_2_1)


@rule("5.11", "Escalation refused only for a valid reason, with reasons set out")
def r_5_11(ctx: Context) -> Evidence:
    f = ctx.figures["escalation_refused"]
    return Evidence(
        YES,
        f"{f.value} escalations refused in the period, each with its ground and reasons recorded.",
        [ctx.fig("escalations refused", f.value, "escalation_refused")],
    )


@rule("6.10", "Complaints escalated when the resident asks")
def r_6_10(ctx: Context) -> Evidence:
    f, refused = ctx.figures["s2_received"], ctx.figures["escalation_refused"]
    return Evidence(
        YES,
        f"{f.value} escalations accepted and {refused.value} refused (each on a valid ground); no reason is asked of the resident (6.12).",
        [
            ctx.fig("escalations received", f.value, "s2_received"),
            ctx.fig("refused", refused.value, "escalation_refused"),
        ],
    )


RULES["6.12"] = ("Residents not asked to explain why they want to escalate", r_6_10)


def _contents(ctx: Context, key: str, stage: int) -> Evidence:
    f = ctx.figures[key]
    return Evidence(
        YES,
        f"{f.value} stage {stage} responses in the period; PutRight refuses to issue one that does not confirm every item the Code lists.",
        [ctx.fig(f"stage {stage} responses", f.value, key)],
    )


@rule("6.9", "Stage 1 response sets out everything the Code lists")
def r_6_9(ctx: Context) -> Evidence:
    return _contents(ctx, "s1_resp", 1)


@rule("6.19", "Stage 2 response sets out everything the Code lists")
def r_6_19(ctx: Context) -> Evidence:
    return _contents(ctx, "s2_resp", 2)


@rule("7.3", "Remedies clear, with when they will be carried out, and followed through")
def r_7_3(ctx: Context) -> Evidence:
    agreed, done, overdue = (
        ctx.extras["remedies"],
        ctx.extras["remedies_completed"],
        ctx.extras["remedies_overdue"],
    )
    figures = [
        ctx.fig("remedies agreed, each with a due date", agreed.value, "remedies"),
        ctx.fig("completed", done.value, "remedies_completed"),
        ctx.fig("past due, not completed", overdue.value, "remedies_overdue"),
    ]
    if not agreed.value:
        return Evidence(None, "No remedies agreed in the period.", figures)
    return Evidence(
        NO if overdue.value else YES,
        f"{done.value} of {agreed.value} remedies completed; {overdue.value} past due.",
        figures,
    )


@rule("8.1", "Annual complaints performance and service improvement report produced")
def r_8_1(ctx: Context) -> Evidence:
    year = ctx.period.start.year - (0 if ctx.period.start.month >= 4 else 1)
    reports = AnnualReport.objects.filter(ctx.as_at.recorded(), year__in=(year - 1, year))
    figures = [
        {
            "label": f"annual report {r.year_label}",
            "value": "produced",
            "href": f"/governance/reports/annual/{r.year}/",
        }
        for r in reports
    ]
    if not reports:
        return Evidence(
            NO,
            "No annual complaints performance and service improvement report is recorded for this year or the last.",
            figures,
        )
    return Evidence(YES, "Annual report produced: " + ", ".join(r.year_label for r in reports) + ".", figures)


@rule("8.2", "Annual report reported to the governing body and published with its response")
def r_8_2(ctx: Context) -> Evidence:
    year = ctx.period.start.year - (0 if ctx.period.start.month >= 4 else 1)
    reports = list(AnnualReport.objects.filter(ctx.as_at.recorded(), year__in=(year - 1, year)))
    if not reports:
        return Evidence(NO, "No annual report recorded.", [])
    ok = [r for r in reports if r.reported_to_governing_body_on and r.governing_body_response and r.published]
    return Evidence(
        YES if ok else NO,
        "Reported, answered and published: " + (", ".join(r.year_label for r in ok) or "none") + ".",
        [],
    )


def _triggers(ctx: Context, kinds: tuple[str, ...], provision: str) -> Evidence:
    last = (
        SelfAssessment.objects.filter(approved_on__isnull=False, approved_on__lte=ctx.as_at.today)
        .order_by("-approved_on")
        .first()
    )
    triggers = ComplianceTrigger.objects.filter(ctx.as_at.recorded(), kind__in=kinds, on__lte=ctx.as_at.today)
    pending = triggers.filter(on__gt=last.approved_on) if last else triggers
    figures = [{"label": str(t), "value": t.description, "href": ""} for t in pending]
    if not triggers.exists():
        return Evidence(
            None, f"No event recorded that calls for a new self-assessment ({provision}).", figures
        )
    return Evidence(
        NO if pending.exists() else YES,
        f"{pending.count()} recorded since the last approved self-assessment without a new one.",
        figures,
    )


@rule("8.3", "Self-assessment after a significant restructure, merger or change in procedures")
def r_8_3(ctx: Context) -> Evidence:
    return _triggers(ctx, ("restructure", "merger", "procedure_change"), "8.3")


@rule("8.4", "Self-assessment reviewed when the Ombudsman asks")
def r_8_4(ctx: Context) -> Evidence:
    return _triggers(ctx, ("ombudsman_request",), "8.4")


@rule("8.5", "Exceptional circumstances reported to the Ombudsman and residents, with a return date")
def r_8_5(ctx: Context) -> Evidence:
    rows = ExceptionalCircumstance.objects.filter(
        ctx.as_at.recorded(), started_on__lte=ctx.period.end
    ).exclude(ended_on__lt=ctx.period.start)
    figures = [
        {
            "label": r.title,
            "value": f"{r.started_on:%d %b %Y} to {r.ended_on:%d %b %Y}"
            if r.ended_on
            else f"from {r.started_on:%d %b %Y}",
            "href": "/governance/exceptional/",
        }
        for r in rows
    ]
    if not rows:
        return Evidence(None, "No exceptional circumstances recorded in the period.", figures)
    unpublished = [r for r in rows if not r.published_on]
    return Evidence(
        NO if unpublished else YES,
        f"{len(rows)} recorded, each with the Ombudsman and residents informed and a timescale for return; "
        f"{len(unpublished)} not yet published on the website.",
        figures,
    )


@rule("9.1", "Learning beyond the individual complaint considered")
def r_9_1(ctx: Context) -> Evidence:
    points = ctx.extras["learning_points"].value
    improvements = ServiceImprovement.objects.filter(
        ctx.as_at.recorded(), recorded_at__date__range=ctx.period.range()
    ).count()
    upheld = (
        _facts(ctx.as_at, ctx.period)
        .filter(
            Q(s1_resp_on__range=ctx.period.range(), s1_outcome__in=("upheld", "partly_upheld"))
            | Q(s2_resp_on__range=ctx.period.range(), s2_outcome__in=("upheld", "partly_upheld"))
        )
        .count()
    )
    figures = [
        ctx.fig("upheld or partly upheld complaints", upheld),
        ctx.fig("learning points recorded", points, "learning_points"),
        {"label": "service improvements recorded", "value": improvements, "href": "/governance/learning/"},
    ]
    if points or improvements:
        return Evidence(
            YES,
            f"{points} learning points and {improvements} service improvements recorded in the period.",
            figures,
        )
    return Evidence(
        NO if upheld else None, f"{upheld} complaints upheld in the period and no learning recorded.", figures
    )


RULES["9.2"] = ("Complaints used as intelligence to improve services", r_9_1)


@rule("9.3", "Learning and improvements reported to residents, staff and committees")
def r_9_3(ctx: Context) -> Evidence:
    rows = ServiceImprovement.objects.filter(
        ctx.as_at.recorded(), recorded_at__date__range=ctx.period.range()
    )
    told = rows.exclude(reported_to="").count()
    figures = [
        {
            "label": "service improvements reported to stakeholders",
            "value": f"{told} of {rows.count()}",
            "href": "/governance/learning/",
        }
    ]
    if not rows.exists():
        return Evidence(None, "No service improvements recorded in the period.", figures)
    return Evidence(
        YES if told == rows.count() else NO,
        f"{told} of {rows.count()} improvements record who they were reported to.",
        figures,
    )


@rule("9.4", "The senior lead assesses themes and trends for systemic issues")
def r_9_4(ctx: Context) -> Evidence:
    reviews = SystemicReview.objects.filter(ctx.as_at.recorded(), reviewed_on__range=ctx.period.range())
    figures = [
        {
            "label": f"review on {r.reviewed_on:%d %B %Y}",
            "value": r.findings[:80],
            "href": "/governance/learning/",
        }
        for r in reviews
    ]
    return Evidence(
        YES if reviews.exists() else NO,
        f"{reviews.count()} reviews of themes and trends recorded in the period.",
        figures,
    )


@rule("9.7", "The MRC and governing body receive regular updates and the annual report")
def r_9_7(ctx: Context) -> Evidence:
    runs = ReportRun.objects.filter(
        ctx.as_at.recorded(),
        kind=ReportRun.Kind.MRC_QUARTERLY,
        period_from__gte=ctx.period.start,
        period_to__lte=ctx.period.end,
    )
    quarters_ended = (
        sum(
            1
            for q in range(4)
            if date(ctx.period.start.year + (1 if q == 3 else 0), [7, 10, 1, 4][q], 1) <= ctx.as_at.today
        )
        if ctx.period.start.month == 4
        else 1
    )
    distinct = runs.values("period_from").distinct().count()
    figures = [{"label": "quarterly MRC reports produced", "value": distinct, "href": "/governance/reports/"}]
    return Evidence(
        YES if distinct >= quarters_ended else NO,
        f"{distinct} quarterly reports produced for the MRC; {quarters_ended} quarters have ended.",
        figures,
    )


# --------------------------------------------------------------------------------------------------

#: 2022 provisions that ask the same as a 2024 rule
EQUIVALENT_2022 = {"4.1": "6.2", "5.1": "6.3", "5.12": "6.13", "5.13": "6.14", "6.5": "7.3", "4.10": "5.9"}


def context(scope: Scope) -> Context:
    return Context(
        scope=scope,
        figures=fact_figures(scope.period, scope.as_at),
        extras=extra_figures(scope.period, scope.as_at),
    )


def evaluate(edition: str, number: str, ctx: Context) -> Evidence | None:
    key = number if edition == "2024" else EQUIVALENT_2022.get(number, "")
    found = RULES.get(key)
    return found[1](ctx) if found else None


def evidence_complaints(key: str, period: Period, as_at: AsAt) -> QuerySet[Complaint]:
    _, fn = EVIDENCE_LISTS[key]
    rows = fn(period, as_at)
    column = "cid" if key == "late_without_interval" else "complaint_id"
    return complaint_facts(as_at).filter(pk__in=rows.values(column))


def rules_table() -> list[tuple[str, str]]:
    """(provision, what the records show) for every rule, in the Code's order."""
    return sorted(
        ((p, what) for p, (what, _) in RULES.items()), key=lambda r: tuple(int(x) for x in r[0].split("."))
    )
