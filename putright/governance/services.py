"""Writes to the governance records. Views, the CLI and jobs call these; none writes models directly.
Every function takes keyword arguments only and raises ``InvalidRequest`` (or ``CodeViolation``,
citing the provision) with a clear message, writing nothing, when the request cannot be done."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.provisions import edition as code_edition
from putright.code.wording import long_date
from putright.complaints.models import Category, Complaint, Landlord, LearningPoint
from putright.governance import evidence
from putright.governance.bulk import reading_in_bulk
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.models import (
    AnnualReport,
    Appointment,
    ComplianceTrigger,
    Comply,
    ExceptionalCircumstance,
    GoverningBodyResponse,
    HomesOwned,
    OmbudsmanCase,
    OmbudsmanCaseProgress,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanPublication,
    OrderCompliance,
    RecordsShow,
    ReportReceipt,
    ReportRun,
    SelfAssessment,
    SelfAssessmentEntry,
    ServiceImprovement,
    SystemicReview,
)
from putright.governance.performance import Scope
from putright.records.stored_files import files_kept_with_their_rows

MANAGING_ROLES = {
    Role.COMPLAINTS_OFFICER,
    Role.MANAGER,
    Role.ADMINISTRATOR,
    Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS,
}


def can_manage(user: Any) -> bool:
    """Complaints officers, managers, the MRC and administrators record governance; others read
    (the one policy layer, ``putright.access.policy.records_governance``)."""
    from putright.access.policy import records_governance

    return bool(records_governance(user))


def not_yet_come(day: date | None, name: str, asked: str) -> tuple[str, str] | None:
    """``(name, message)`` when ``day`` (the form's field ``name``, asked as ``asked``) is still to come,
    the message saying it must be today or before, in the words every door has used; else ``None``.
    What is recorded as done is done on a day that has happened (a day still to come is a promise, and
    the record would show it done before it is)."""
    if day is None or day <= timezone.localdate():
        return None
    return (name, f"{asked} must be today or in the past")


def has_come(day: date, name: str, asked: str, *, provision: str | None = None, detail: str = "") -> None:
    """Refuse ``day`` still to come (:func:`not_yet_come`), on its field, ``detail`` the refusal's words
    (the field's message unless given)."""
    refused = not_yet_come(day, name, asked)
    if refused is not None:
        raise InvalidRequest(provision, detail or refused[1], fields=(refused,))


# --------------------------------------------------------------------------------------------------
# Learning (9.1-9.4)


def record_service_improvement(
    *,
    actor: User | None,
    title: str,
    description: str,
    complaints: Iterable[Complaint],
    owner: User | None = None,
    due: date | None = None,
    category: Category | None = None,
    status: str = ServiceImprovement.Progress.PLANNED,
    outcome: str = "",
    reported_to: str = "",
) -> ServiceImprovement:
    """A service improvement and the complaints that raised it (2024 9.1, 9.2); learning points
    already recorded on those complaints are linked to it."""
    chosen = list(complaints)
    if not title.strip() or not description.strip():
        raise InvalidRequest(
            "2024 9.1",
            "a service improvement needs a title and a description",
            fields=tuple(
                (name, said)
                for name, said, typed in (
                    ("title", "Enter what will change", title),
                    ("description", "Describe the improvement", description),
                )
                if not typed.strip()
            ),
        )
    if not chosen:
        raise InvalidRequest("2024 9.1", "link the improvement to at least one complaint that raised it")
    hidden = [c.reference for c in chosen if actor is not None and not complaint_summary_visible(actor, c)]
    if hidden:
        # answered as references to nothing are: linking a complaint hidden from the person would
        # confirm it exists (as recording an Ombudsman case on one would)
        raise InvalidRequest(None, no_complaint_with_reference(", ".join(hidden)))
    if status not in ServiceImprovement.Progress.values:
        raise InvalidRequest(None, f"unknown status {status!r}")
    with transaction.atomic():
        improvement = ServiceImprovement.objects.create(
            title=title.strip(),
            description=description.strip(),
            owner=owner,
            due=due,
            category=category,
            status=status,
            completed_on=timezone.localdate() if status == ServiceImprovement.Progress.DONE else None,
            outcome=outcome.strip(),
            reported_to=reported_to.strip(),
        )
        improvement.complaints.set(chosen)
        improvement.learning_points.set(LearningPoint.objects.filter(complaint__in=chosen))
    return improvement


def update_service_improvement(
    *,
    improvement: ServiceImprovement,
    actor: User | None,
    status: str,
    outcome: str = "",
    reported_to: str = "",
    completed_on: date | None = None,
) -> ServiceImprovement:
    if status not in ServiceImprovement.Progress.values:
        raise InvalidRequest(None, f"unknown status {status!r}")
    if status == ServiceImprovement.Progress.DONE and not (outcome.strip() or improvement.outcome):
        raise InvalidRequest(
            "2024 9.3",
            "say what changed before marking the improvement done",
            fields=(("outcome", "Enter what changed before marking the improvement done"),),
        )
    improvement.status = status
    improvement.outcome = outcome.strip() or improvement.outcome
    improvement.reported_to = reported_to.strip() or improvement.reported_to
    if status == ServiceImprovement.Progress.DONE:
        improvement.completed_on = completed_on or improvement.completed_on or timezone.localdate()
    improvement.save()
    return improvement


def record_systemic_review(
    *,
    reviewer: User,
    reviewed_on: date,
    period_from: date,
    period_to: date,
    findings: str,
    systemic_issues: str = "",
    serious_risks: str = "",
    policies_to_revise: str = "",
) -> SystemicReview:
    """The senior lead's review of themes and trends (2024 9.4)."""
    if not findings.strip():
        raise InvalidRequest(
            "2024 9.4", "record the findings of the review", fields=(("findings", "Enter the findings"),)
        )
    if period_to < period_from:
        raise InvalidRequest(
            None,
            "the period reviewed must end on or after it starts",
            fields=(("period_to", "The period must end on or after the day it starts"),),
        )
    return SystemicReview.objects.create(
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        period_from=period_from,
        period_to=period_to,
        findings=findings.strip(),
        systemic_issues=systemic_issues.strip(),
        serious_risks=serious_risks.strip(),
        policies_to_revise=policies_to_revise.strip(),
    )


# --------------------------------------------------------------------------------------------------
# Report runs


def record_report_run(*, kind: str, scope: Scope, figures: dict[str, Any], actor: User | None) -> ReportRun:
    as_at = scope.as_at.pinned()
    assert as_at.day is not None and as_at.moment is not None
    return ReportRun.objects.create(
        kind=kind,
        period_from=scope.period.start,
        period_to=scope.period.end,
        as_at_day=as_at.day,
        as_at_moment=as_at.moment,
        figures=figures,
        run_by=actor if actor is not None and actor.is_authenticated else None,
    )


def run_scope(run: ReportRun) -> Scope:
    """The scope a report was first run with: re-running it gives the same figures."""
    return Scope(Period(run.period_from, run.period_to), AsAt(day=run.as_at_day, moment=run.as_at_moment))


# --------------------------------------------------------------------------------------------------
# Self-assessment (8.1 a, 8.3, 8.4)


def _previous(assessment: SelfAssessment) -> SelfAssessment | None:
    """The self-assessment to carry commentary and evidence from: the latest earlier one of the same
    edition, approved ones first."""
    earlier = SelfAssessment.objects.filter(edition=assessment.edition, year__lte=assessment.year).exclude(
        pk=assessment.pk
    )
    return (
        earlier.filter(approved_on__isnull=False).order_by("-year", "-approved_on").first()
        or earlier.order_by("-year", "-recorded_at").first()
    )


@reading_in_bulk()
def start_self_assessment(
    *, actor: User, year: int, edition: str = "2024", as_at: AsAt | None = None
) -> SelfAssessment:
    """A self-assessment for the reporting year: one entry per provision on the form, each with what
    the records show (compliance, non-compliance or cannot show) and the evidence behind it. Last
    year's policy references and commentary are carried forward, marked for review, never as an
    answer: every provision is answered again."""
    try:
        provisions = code_edition(edition).on_form()
    except LookupError as error:
        raise InvalidRequest(None, str(error)) from None
    period = Period.reporting_year(year)
    pinned = (as_at or AsAt.of(min(period.end, timezone.localdate()))).pinned()
    assert pinned.day is not None and pinned.moment is not None
    scope = Scope(period, pinned)
    ctx = evidence.context(scope)
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(
            edition=edition,
            year=year,
            period_from=period.start,
            period_to=period.end,
            as_at_day=pinned.day,
            as_at_moment=pinned.moment,
            created_by=actor,
        )
        previous = _previous(assessment)
        before = {e.provision: e for e in previous.entries.all()} if previous else {}
        entries = []
        for order, provision in enumerate(provisions):
            found = evidence.evaluate(edition, provision.number, ctx)
            last = before.get(provision.number)
            not_applicable = evidence.not_applicable_reason(edition, provision.number)
            entries.append(
                SelfAssessmentEntry(
                    assessment=assessment,
                    provision=provision.number,
                    order=order,
                    proposed=(found.proposed or "") if found else "",
                    state=found.state if found else RecordsShow.CANNOT_SHOW,
                    evidence=found.as_dict() if found else {},
                    policy_reference=last.policy_reference if last else "",
                    commentary=last.commentary if last else "",
                    not_applicable_reason=(last.not_applicable_reason if last else "") or not_applicable,
                    carried_forward=bool(last and (last.policy_reference or last.commentary)),
                )
            )
        SelfAssessmentEntry.objects.bulk_create(entries)
    return assessment


def answer_provision(
    *,
    entry: SelfAssessmentEntry,
    actor: User | None,
    comply: str,
    policy_reference: str = "",
    commentary: str = "",
    contradiction_explanation: str = "",
    actions: str = "",
    actions_by: date | None = None,
    not_applicable_reason: str = "",
) -> SelfAssessmentEntry:
    """Answer one provision. Yes against records that show non-compliance needs an explanation; No
    needs the actions and the date by which the landlord will comply (the Ombudsman asks for both);
    Not applicable needs the reason. Nothing is saved when a check fails."""
    assessment = entry.assessment
    if assessment.approved_on is not None:
        raise InvalidRequest(
            "2024 8.2", "this self-assessment has been approved by the governing body; start a new one"
        )
    if comply not in Comply.values:
        raise InvalidRequest(None, "answer Yes, No or Not applicable")
    citation = f"{assessment.edition} {entry.provision}"
    if (
        comply == Comply.YES
        and entry.state == RecordsShow.NON_COMPLIANCE
        and not contradiction_explanation.strip()
    ):
        raise CodeViolation(
            citation,
            "the records show this provision was not met in the period: explain why the answer is Yes",
        )
    if comply == Comply.NO and (not actions.strip() or actions_by is None):
        raise InvalidRequest(
            citation,
            "for a No, give the actions that will achieve compliance and the date they will be done by",
        )
    if comply == Comply.NO and actions_by is not None and actions_by < assessment.period_from:
        raise InvalidRequest(citation, "the date for compliance cannot be before the period assessed")
    third_stage = Landlord.load().third_stage
    if comply == Comply.NOT_APPLICABLE:
        if not not_applicable_reason.strip():
            raise InvalidRequest(citation, "say why this provision does not apply")
        if entry.state == RecordsShow.NON_COMPLIANCE:
            raise InvalidRequest(
                citation, "the records show this provision was used in the period: it applies"
            )
        if assessment.edition == "2022" and entry.provision in evidence.THIRD_STAGE_2022 and third_stage:
            raise InvalidRequest(citation, "the landlord has a third stage, so this provision applies")
    if (
        assessment.edition == "2022"
        and entry.provision == "5.17"
        and third_stage
        and comply == Comply.YES
        and not commentary.strip()
    ):
        raise InvalidRequest(
            "2022 5.17",
            "set out the reasons a third stage is necessary: the Code asks for them in the self-assessment",
        )
    entry.comply = comply
    entry.policy_reference = policy_reference.strip()
    entry.commentary = commentary.strip()
    entry.contradiction_explanation = contradiction_explanation.strip() if comply == Comply.YES else ""
    entry.actions = actions.strip() if comply == Comply.NO else ""
    entry.actions_by = actions_by if comply == Comply.NO else None
    entry.not_applicable_reason = not_applicable_reason.strip() if comply == Comply.NOT_APPLICABLE else ""
    entry.carried_forward = False
    entry.updated_at = timezone.now()
    entry.save()
    return entry


def still_to_answer(assessment: SelfAssessment) -> list[tuple[SelfAssessmentEntry, str]]:
    """Every entry that still needs the complaints officer, with what it needs, in the form's order."""
    out = []
    for entry in assessment.entries.all():
        if not entry.comply:
            need = "review last year's commentary and answer" if entry.carried_forward else "answer"
            if entry.state == RecordsShow.NON_COMPLIANCE:
                need += " (the records show non-compliance)"
            out.append((entry, need))
    return out


def approval_problems(
    assessment: SelfAssessment, *, approved_on: date | None, approved_by: str | None
) -> list[InvalidRequest]:
    """Every reason the governing body's approval cannot be recorded yet (2024 8.1, 8.2), all of them,
    so each door shows them at once rather than the next only once the last is put right. A value
    given as ``None`` is one the door has already refused (no date, a date that is no date)."""
    problems: list[InvalidRequest] = []
    if assessment.approved_on is not None:
        # what was approved, and the response published with it, stay as they were (2024 8.2); a
        # second approval posted (another tab, a request replayed) replaced them with no trace
        problems.append(
            InvalidRequest(
                "2024 8.2",
                f"this self-assessment was already approved on {assessment.approved_on:%-d %B %Y} by "
                f"{assessment.approved_by}: start a new one to change it",
            )
        )
        return problems
    unanswered = [e.provision for e, _ in still_to_answer(assessment)]
    if unanswered:
        problems.append(
            InvalidRequest(
                "2024 8.1", f"answer every provision first; not yet answered: {', '.join(unanswered)}"
            )
        )
    # each refused on the field it is about, at every door (``LifecycleError.fields``)
    if approved_by is not None and not approved_by.strip():
        problems.append(
            InvalidRequest(
                "2024 8.2",
                "name the governing body and the meeting that approved it",
                fields=(("approved_by", "Enter the governing body and the meeting that approved it"),),
            )
        )
    future = not_yet_come(approved_on, "approved_on", "Date the governing body approved it")
    if future is not None:
        problems.append(InvalidRequest(None, "the approval date cannot be in the future", fields=(future,)))
    return problems


def approve_self_assessment(
    *,
    assessment: SelfAssessment,
    actor: User | None,
    approved_on: date,
    approved_by: str,
    governing_body_response: str = "",
) -> SelfAssessment:
    """Record the governing body's approval (2024 8.1, 8.2). Every provision must be answered. Refused
    with every problem at once: the first's provision, each one's words, each field named."""
    problems = approval_problems(assessment, approved_on=approved_on, approved_by=approved_by)
    if problems:
        raise InvalidRequest(
            problems[0].provision,
            "; ".join(
                [problems[0].detail]
                + [f"{p.detail} ({p.provision})" if p.provision else p.detail for p in problems[1:]]
            ),
            fields=tuple(f for p in problems for f in p.fields),
        )
    assessment.approved_on = approved_on
    assessment.approved_by = approved_by.strip()
    assessment.governing_body_response = governing_body_response.strip()
    assessment.save()
    return assessment


def publish_self_assessment(*, assessment: SelfAssessment, actor: User | None) -> SelfAssessment:
    if assessment.approved_on is None:
        raise InvalidRequest(
            "2024 8.2", "publish the self-assessment once the governing body has approved it"
        )
    SelfAssessment.objects.filter(year=assessment.year, published=True).exclude(pk=assessment.pk).update(
        published=False
    )
    assessment.published = True
    assessment.save(update_fields=["published"])
    return assessment


def record_compliance_trigger(
    *, actor: User | None, kind: str, on: date, description: str
) -> ComplianceTrigger:
    """A restructure, merger or procedure change (2024 8.3) or an Ombudsman request (8.4)."""
    if kind not in ComplianceTrigger.Kind.values:
        raise InvalidRequest(None, f"unknown kind {kind!r}")
    if not description.strip():
        raise InvalidRequest("2024 8.3", "describe what changed")
    return ComplianceTrigger.objects.create(kind=kind, on=on, description=description.strip())


def self_assessment_due() -> list[ComplianceTrigger]:
    """Triggers recorded since the last approved self-assessment (a new one is due: 8.3, 8.4)."""
    last = SelfAssessment.objects.filter(approved_on__isnull=False).order_by("-approved_on").first()
    triggers = ComplianceTrigger.objects.all()
    if last is not None and last.approved_on is not None:
        triggers = triggers.filter(on__gt=last.approved_on)
    return list(triggers.order_by("-on"))


# --------------------------------------------------------------------------------------------------
# The Ombudsman's process


def no_complaint_with_reference(reference: str) -> str:
    """The answer for a reference that names no complaint the person may see: the same whether it
    names nothing or a complaint hidden from them, so the answer does not reveal that one exists."""
    return f"No complaint with reference {reference}"


def complaint_summary_visible(user: User, complaint: Complaint) -> bool:
    """Whether ``user`` may see ``complaint``'s anonymised summary on the governance pages
    (``putright.access.policy.summary_scope``), and so record or read an Ombudsman case on it."""
    from putright.access.policy import summary_scope

    return summary_scope(user).filter(pk=complaint.pk).exists()


def open_ombudsman_case(
    *,
    actor: User | None,
    complaint: Complaint,
    referred_on: date,
    reference: str = "",
    progress: str = OmbudsmanCase.Progress.REFERRED,
    investigation_started_on: date | None = None,
    determined_on: date | None = None,
    self_assessment_requested: bool = False,
) -> OmbudsmanCase:
    if actor is not None and not complaint_summary_visible(actor, complaint):
        # the same words as for a reference that names nothing: a restricted complaint (or one outside
        # a handler's work) is not attached to, nor confirmed to exist, for someone who cannot see it
        said = no_complaint_with_reference(complaint.reference)
        raise InvalidRequest(None, said, fields=(("complaint_reference", said),))
    # as its start and determination (``_ombudsman_dates``): a referral is a day that has happened
    has_come(referred_on, "referred_on", "Date referred to the Ombudsman")
    if referred_on < complaint.received_on:
        raise InvalidRequest(
            None,
            "a complaint cannot be referred before it was received",
            fields=(
                (
                    "referred_on",
                    "Date referred to the Ombudsman must be on or after the day the complaint was "
                    f"received, {complaint.received_on:%-d %B %Y}",
                ),
            ),
        )
    _ombudsman_dates(
        referred_on, investigation_started_on=investigation_started_on, determined_on=determined_on
    )
    with transaction.atomic():
        case = OmbudsmanCase.objects.create(
            complaint=complaint,
            reference=reference.strip() or complaint.ombudsman_reference,
            referred_on=referred_on,
            progress=progress,
            investigation_started_on=investigation_started_on,
            determined_on=determined_on,
            self_assessment_requested=self_assessment_requested,
        )
        # the first row of its history, recorded with the case (so a case is never visible as at a
        # moment its progress is not)
        _keep_progress(case, actor, recorded_at=case.recorded_at)
        if self_assessment_requested:
            record_compliance_trigger(
                actor=actor,
                kind=ComplianceTrigger.Kind.OMBUDSMAN_REQUEST,
                on=determined_on or referred_on,
                description=f"The Ombudsman asked us to review our self-assessment ({case}).",
            )
    return case


#: the Ombudsman's steps on a case a form may date, with the question each form asks it by
_OMBUDSMAN_DATES = {
    "investigation_started_on": "Date the Ombudsman started investigating",
    "determined_on": "Date the Ombudsman determined the complaint",
}


def _ombudsman_dates(referred_on: date, **dated: date | None) -> None:
    """The Ombudsman's investigation started, and the complaint was determined, on days that have
    happened, on or after the referral (2024 9.7 c: what the governing body is told of the Ombudsman's
    investigations is what happened). A start next year recorded a case as under investigation that
    "investigations open" left out until that day. Each refused on its field."""
    problems = []
    for name, day in dated.items():
        if day is None:
            continue
        asked = _OMBUDSMAN_DATES[name]
        if (future := not_yet_come(day, name, asked)) is not None:
            problems.append(future)
        elif day < referred_on:
            problems.append(
                (
                    name,
                    f"{asked} must be on or after the day the complaint was referred "
                    f"({referred_on.day} {referred_on:%B %Y})",
                )
            )
    if problems:
        raise InvalidRequest(None, "; ".join(said for _, said in problems), fields=tuple(problems))


#: the case's dates whose change is a correction of what was recorded, with the words a reason asks by
_RECORDED_DATES = {
    "investigation_started_on": "the date the Ombudsman started investigating",
    "determined_on": "the date the Ombudsman determined the complaint",
    "evidence_requested_on": "the date the Ombudsman asked for evidence",
    "evidence_due": "the date the evidence is due",
    "evidence_sent_on": "the date the evidence was sent",
}


def _keep_progress(
    case: OmbudsmanCase, actor: User | None, *, reason: str = "", recorded_at: Any = None
) -> OmbudsmanCaseProgress:
    """The case's values as they now stand, added to its history (append-only)."""
    return OmbudsmanCaseProgress.objects.create(
        case=case,
        recorded_by=actor,
        reason=reason,
        **({"recorded_at": recorded_at} if recorded_at is not None else {}),
        **{name: getattr(case, name) for name in OmbudsmanCaseProgress.VALUES},
    )


def _as_recorded(current: Any, values: dict[str, Any]) -> bool:
    """Whether ``current`` (a row read in the transaction that would change it) already records every
    one of ``values``: an identical resubmit (a double click, Back then Send) changes nothing, so it
    adds nothing to an append-only history (``OmbudsmanCaseProgress``, ``OrderCompliance``)."""
    return all(getattr(current, name) == value for name, value in values.items())


def _same_file(stored: Any, given: File[bytes] | None) -> bool:
    """Whether ``given`` (a file uploaded again) is, byte for byte, the file ``stored`` names; no file
    given keeps the one recorded. A stored file that cannot be read is not the same (cannot tell)."""
    if given is None:
        return True
    if not stored:
        return False
    try:
        with stored.storage.open(stored.name, "rb") as kept:
            kept_digest = _sha256_of(kept)
    except OSError:
        return False
    return _sha256_of(given) == kept_digest


def _sha256_of(file: File[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def record_ombudsman_progress(
    *, case: OmbudsmanCase, actor: User | None, reason: str = "", **values: Any
) -> OmbudsmanCaseProgress | None:
    """How far the Ombudsman has got with ``case`` (any of ``OmbudsmanCaseProgress.VALUES``): the case's
    columns become the new values and the change is kept in its history, with who recorded it and when
    (2024 9.7 c: a figure as at a past moment reads what was recorded by then). A date already recorded
    that is changed needs its reason, so a correction is never silent; recording a date for the first
    time, or the same date again, does not. Values that are all as recorded (a resubmit) change nothing
    and add no row: ``None``."""
    unknown = sorted(set(values) - set(OmbudsmanCaseProgress.VALUES))
    if unknown:
        raise InvalidRequest(None, f"not a value of an Ombudsman case's progress: {', '.join(unknown)}")
    _say_why(
        [
            f"{asked}, recorded as {long_date(getattr(case, name))}"
            for name, asked in _RECORDED_DATES.items()
            if name in values and getattr(case, name) is not None and values[name] != getattr(case, name)
        ],
        reason,
    )
    with transaction.atomic():
        # read again, locked, in the transaction that would change it: of two identical submits at once
        # the second finds the first's values recorded
        if _as_recorded(OmbudsmanCase.objects.select_for_update().get(pk=case.pk), values):
            for name, value in values.items():
                setattr(case, name, value)
            return None
        for name, value in values.items():
            setattr(case, name, value)
        case.save(update_fields=list(values))
        return _keep_progress(case, actor, reason=reason.strip())


def _say_why(changed: list[str], reason: str, provision: str | None = None) -> None:
    """Refuse, on the reason's field, a change of the dates already recorded that are ``changed``
    (each "the date ..., recorded as ...") without ``reason``: a correction is never silent."""
    if changed and not reason.strip():
        said = f"Say why {'; '.join(changed)}, {'is' if len(changed) == 1 else 'are'} changed"
        raise InvalidRequest(provision, said, fields=(("reason", said),))


BOTH_START_AND_CLEAR = (
    "Either give a new date the Ombudsman started investigating or clear the one recorded, not both"
)


def update_ombudsman_case(
    *,
    case: OmbudsmanCase,
    actor: User | None,
    progress: str,
    investigation_started_on: date | None = None,
    determined_on: date | None = None,
    reason: str = "",
    clear_investigation_started: bool = False,
) -> OmbudsmanCase:
    """A date left out keeps the one recorded. ``reason`` says why a date already recorded is
    changed (:func:`record_ombudsman_progress`). ``clear_investigation_started`` clears a start
    recorded in error (with its reason; the date recorded stays in the history): a case under
    investigation with no start is then one "investigations open" says it cannot tell of."""
    if progress not in OmbudsmanCase.Progress.values:
        raise InvalidRequest(None, f"unknown progress {progress!r}")
    if clear_investigation_started and investigation_started_on not in (None, case.investigation_started_on):
        # a new date and "clear it" at once: which was meant cannot be told, so neither is recorded
        raise InvalidRequest(
            None, BOTH_START_AND_CLEAR, fields=(("investigation_started_on", BOTH_START_AND_CLEAR),)
        )
    _ombudsman_dates(
        case.referred_on,
        # a start being cleared is not being recorded: the form sends back the one shown, and one
        # recorded in error before the dates were checked (next year's) must still be clearable
        investigation_started_on=None if clear_investigation_started else investigation_started_on,
        determined_on=determined_on,
    )
    record_ombudsman_progress(
        case=case,
        actor=actor,
        reason=reason,
        progress=progress,
        investigation_started_on=None
        if clear_investigation_started
        else investigation_started_on or case.investigation_started_on,
        determined_on=determined_on or case.determined_on,
    )
    return case


def record_ombudsman_finding(
    *,
    case: OmbudsmanCase,
    actor: User | None,
    element: str,
    finding: str,
    determined_on: date,
    complaint_handling: bool = False,
) -> OmbudsmanFinding:
    if not element.strip():
        raise InvalidRequest(
            None,
            "say which element of the complaint the finding is about",
            fields=(("element", "Enter the element of the complaint"),),
        )
    # before the finding is kept: the case page then records the case determined on that day
    _ombudsman_dates(case.referred_on, determined_on=determined_on)
    return OmbudsmanFinding.objects.create(
        case=case,
        element=element.strip(),
        finding=finding,
        determined_on=determined_on,
        complaint_handling=complaint_handling,
    )


def record_ombudsman_order(
    *, case: OmbudsmanCase, actor: User | None, kind: str, description: str, due: date, amount_pence: int = 0
) -> OmbudsmanOrder:
    if not description.strip():
        raise InvalidRequest(
            None,
            "describe what the Ombudsman ordered or recommended",
            fields=(("description", "Enter what the Ombudsman ordered or recommended"),),
        )
    return OmbudsmanOrder.objects.create(
        case=case, kind=kind, description=description.strip(), due=due, amount_pence=amount_pence
    )


def record_order_compliance(
    *,
    order: OmbudsmanOrder,
    actor: User | None,
    complied_on: date,
    evidence_text: str,
    evidence_file: File[bytes] | None = None,
    reason: str = "",
) -> OmbudsmanOrder:
    """Evidence of compliance with an order (2024 9.7 c). Each recording is kept in the order's history
    (append-only ``OrderCompliance``, who and when): the order's columns become the latest, and a figure
    as at a past moment reads the compliance recorded by then, never more. A date of compliance
    already recorded that is changed needs its reason; recording it again on the same day does not.
    The same day, evidence and file again (a double click, a resubmit) change nothing and add no row:
    ``order.complied_recorded_at`` stays as it was."""
    if not evidence_text.strip():
        raise InvalidRequest("2024 9.7", "record the evidence of compliance")
    # a day still to come is a promise, not compliance (the case page would show it complied with)
    what = order.get_kind_display().lower()  # an order or a recommendation, each read as what it is
    has_come(complied_on, "complied_on", f"Date the {what} was complied with", provision="2024 9.7")
    if order.evidence_sent_on is not None and complied_on > order.evidence_sent_on:
        # the evidence of compliance recorded as sent cannot have gone before the compliance itself
        # (record_compliance_evidence_sent refuses the same thing the other way round)
        said = (
            f"Date the {what} was complied with must be on or before the day its evidence was sent to the "
            f"Ombudsman, {long_date(order.evidence_sent_on)}"
        )
        raise InvalidRequest("2024 9.7", said, fields=(("complied_on", said),))
    if order.complied_on is not None and complied_on != order.complied_on:
        _say_why(
            [f"the date the order was complied with, recorded as {long_date(order.complied_on)}"],
            reason,
            "2024 9.7",
        )
    # the evidence file is deleted again if the order or its history row is refused
    with files_kept_with_their_rows() as store:
        current = OmbudsmanOrder.objects.select_for_update().get(pk=order.pk)
        if _as_recorded(
            current, {"complied_on": complied_on, "evidence": evidence_text.strip()}
        ) and _same_file(current.evidence_file, evidence_file):
            # as recorded (by this submit's twin, perhaps): the order says so, nothing is added
            for name in ("complied_on", "evidence", "evidence_file", "complied_recorded_at"):
                setattr(order, name, getattr(current, name))
            return order
        order.complied_on = complied_on
        order.evidence = evidence_text.strip()
        order.complied_recorded_at = timezone.now()
        if evidence_file is not None:
            store(order.evidence_file, evidence_file.name or "evidence", evidence_file)
        order.save()
        OrderCompliance.objects.create(
            order=order,
            complied_on=complied_on,
            evidence=order.evidence,
            evidence_file=order.evidence_file.name or "",
            recorded_by=actor,
            recorded_at=order.complied_recorded_at,
            reason=reason.strip(),
        )
    return order


def record_publication(
    *,
    actor: User | None,
    title: str,
    kind: str,
    year: int,
    published_on: date,
    file: File[bytes],
    summary: str = "",
) -> OmbudsmanPublication:
    """The Ombudsman's annual report on us or another publication about us (2024 8.1 e, f)."""
    if not title.strip():
        raise InvalidRequest(None, "give the publication's title")
    publication = OmbudsmanPublication(
        title=title.strip(),
        kind=kind,
        year=year,
        published_on=published_on,
        summary=summary.strip(),
        original_filename=(file.name or "publication").rsplit("/", 1)[-1],
    )
    with files_kept_with_their_rows() as store:
        store(publication.file, publication.original_filename, file)
        publication.save()
    return publication


#: what a record of exceptional circumstances must say (2024 8.5: the Ombudsman informed, information
#: to residents who may be affected), each with the error on its field when it is left out
EXCEPTIONAL_REQUIRED = {
    "title": "Enter the title",
    "description": "Enter what happened",
    "told_ombudsman": "Enter what we told the Ombudsman",
    "told_residents": "Enter the information we gave to residents who may be affected",
}


#: the days of what 2024 8.5 asks done, and of compliance restored, with the question each is asked by
EXCEPTIONAL_DONE = {
    "ended_on": "Date compliance was restored",
    "ombudsman_informed_on": "Date we informed the Ombudsman",
    "residents_informed_on": "Date we gave information to residents who may be affected",
    "published_on": "Date published on our website",
}


def record_exceptional_circumstance(*, actor: User | None, **fields: Any) -> ExceptionalCircumstance:
    """An incident stopping compliance with the Code (2024 8.5)."""
    missing = [name for name in EXCEPTIONAL_REQUIRED if not str(fields.get(name, "")).strip()]
    if missing:
        raise InvalidRequest(
            "2024 8.5",
            f"record {', '.join(m.replace('_', ' ') for m in missing)}",
            fields=tuple((name, EXCEPTIONAL_REQUIRED[name]) for name in missing),
        )
    if fields.get("ended_on") and fields["ended_on"] < fields["started_on"]:
        raise InvalidRequest(
            None,
            "compliance cannot be restored before the incident started",
            fields=(
                (
                    "ended_on",
                    "Date compliance was restored must be on or after the date the exceptional "
                    "circumstances began",
                ),
            ),
        )
    # what 8.5 asks done (and compliance restored) is done on a day that has happened: "published on
    # our website" next month passed the 8.5 rule while nothing was published. The day they began may
    # be ahead (the Code does not say otherwise)
    future = [
        refused
        for name, asked in EXCEPTIONAL_DONE.items()
        if (refused := not_yet_come(fields.get(name), name, asked)) is not None
    ]
    if future:
        raise InvalidRequest("2024 8.5", "; ".join(said for _, said in future), fields=tuple(future))
    return ExceptionalCircumstance.objects.create(**fields)


# --------------------------------------------------------------------------------------------------
# The annual report (8.1, 8.2)


def produce_annual_report(*, actor: User | None, year: int, analysis: str = "") -> AnnualReport:
    from putright.governance import reports

    period = Period.reporting_year(year)
    as_at = AsAt.of(min(period.end, timezone.localdate())).pinned()
    scope = Scope(period, as_at)
    figures = reports.annual_figures(scope)
    assessment = (
        SelfAssessment.objects.filter(year=year, approved_on__isnull=False).order_by("-approved_on").first()
        or SelfAssessment.objects.filter(year=year).order_by("-recorded_at").first()
    )
    with transaction.atomic():
        run = record_report_run(kind=ReportRun.Kind.ANNUAL, scope=scope, figures=figures, actor=actor)
        report, _ = AnnualReport.objects.update_or_create(
            year=year, defaults={"run": run, "self_assessment": assessment, "analysis": analysis.strip()}
        )
    return report


def _first_made(report: AnnualReport) -> ReportRun:
    """The first run of ``report``'s year: producing the report again (a correction, a later as-at
    day) replaces its run, but the governing body may have been given the first version before then,
    so the day a meeting may be recorded from is the day a version first existed."""
    return (
        ReportRun.objects.filter(
            kind=ReportRun.Kind.ANNUAL, period_from=report.run.period_from, period_to=report.run.period_to
        )
        .order_by("recorded_at", "id")
        .first()
        or report.run
    )


def record_governing_body_response(
    *, report: AnnualReport, actor: User | None, reported_on: date, response: str, publish: bool = True
) -> AnnualReport:
    # a meeting still to come: the self-assessment would count it as reported (8.2) before it is; a
    # meeting before the report was made: it was told of a report that did not exist yet
    problems = [
        refused
        for refused in (
            not_yet_come(reported_on, "reported_on", "Date reported to the governing body"),
            before_produced(
                _first_made(report), reported_on, "reported_on", "Date reported to the governing body"
            ),
        )
        if refused is not None
    ]
    if not response.strip():
        problems.append(("response", "Enter the governing body's response"))
    if problems:
        raise InvalidRequest("2024 8.2", "; ".join(said for _, said in problems), fields=tuple(problems))
    with transaction.atomic():
        # kept, never replaced: the response given earlier stays with who recorded it and when
        GoverningBodyResponse.objects.create(
            report=report,
            reported_on=reported_on,
            response=response.strip(),
            published=publish,
            recorded_by=actor,
        )
        report.reported_to_governing_body_on = reported_on
        report.governing_body_response = response.strip()
        report.published = publish
        report.save(update_fields=["reported_to_governing_body_on", "governing_body_response", "published"])
    return report


# --------------------------------------------------------------------------------------------------
# Appointments (2024 4.1, 9.4, 9.5), reports received (9.7), homes owned per year


def record_appointment(
    *,
    actor: User | None,
    kind: str,
    person: str,
    appointed_on: date,
    user: User | None = None,
    ended_on: date | None = None,
    minute: str = "",
) -> Appointment:
    """The complaints officer, senior lead person or MRC appointed (2024 4.1, 9.4, 9.5)."""
    if kind not in Appointment.Kind.values:
        raise InvalidRequest(None, f"unknown appointment {kind!r}")
    if not person.strip():
        raise InvalidRequest(
            "2024 9.5" if kind == Appointment.Kind.MRC else "2024 4.1",
            "name the person appointed",
            fields=(("person", "Enter the name of the person appointed"),),
        )
    if ended_on is not None and ended_on < appointed_on:
        raise InvalidRequest(
            None,
            "an appointment cannot end before it starts",
            fields=(("ended_on", "Appointment ended on must be on or after the day they were appointed"),),
        )
    return Appointment.objects.create(
        kind=kind,
        person=person.strip(),
        user=user,
        appointed_on=appointed_on,
        ended_on=ended_on,
        minute=minute.strip(),
    )


def end_appointment(*, appointment: Appointment, actor: User | None, ended_on: date) -> Appointment:
    if ended_on < appointment.appointed_on:
        raise InvalidRequest(None, "an appointment cannot end before it starts")
    appointment.ended_on = ended_on
    appointment.save(update_fields=["ended_on"])
    return appointment


#: who receives a quarterly report (2024 9.7), as a sentence names them
RECIPIENTS: dict[str, str] = {
    ReportReceipt.Body.MRC: "the Member Responsible for Complaints",
    ReportReceipt.Body.GOVERNING_BODY: "the governing body",
}


def before_produced(run: ReportRun, day: date, name: str, asked: str) -> tuple[str, str] | None:
    """``(name, message)`` when ``day`` (the form's field ``name``, asked as ``asked``) is before the
    day the report was made (its run), not the day its figures are taken as at: a quarter's report
    made on 7 December cannot have been received on 1 December, nor the annual report made then
    reported to the governing body before it; else ``None``."""
    produced = timezone.localdate(run.recorded_at)
    if day >= produced:
        return None
    return (name, f"{asked} must be on or after the day the report was produced, {long_date(produced)}")


def record_report_received(
    *, run: ReportRun, actor: User | None, body: str, received_on: date, minute: str = ""
) -> ReportReceipt:
    """The MRC or the governing body recorded as having received a report (2024 9.7)."""
    if body not in ReportReceipt.Body.values:
        raise InvalidRequest(None, f"unknown recipient {body!r}")
    early = before_produced(run, received_on, "received_on", "Received on")
    if early is not None:
        raise InvalidRequest(
            "2024 9.7", "a report cannot be received before it was produced", fields=(early,)
        )
    has_come(received_on, "received_on", "Received on", detail="the date received cannot be in the future")
    if ReportReceipt.objects.filter(run=run, body=body).exists():
        raise InvalidRequest(
            "2024 9.7",
            "already recorded as received by them",
            fields=(("body", f"This report is already recorded as received by {RECIPIENTS[body]}"),),
        )
    return ReportReceipt.objects.create(run=run, body=body, received_on=received_on, minute=minute.strip())


def record_homes_owned(
    *, actor: User | None, year: int, homes: int, financial_year_end: date | None = None
) -> HomesOwned:
    """Homes owned in the reporting year starting 1 April ``year`` (and the financial year end)."""
    if homes < 0:
        raise InvalidRequest(None, "homes owned cannot be negative")
    row, _ = HomesOwned.objects.update_or_create(
        year=year, defaults={"homes": homes, "financial_year_end": financial_year_end}
    )
    return row


def homes_in_year(year: int) -> int:
    """Homes owned in the reporting year as recorded for it; the landlord's current figure otherwise."""
    row = HomesOwned.objects.filter(year=year).first()
    return row.homes if row is not None else Landlord.load().homes
