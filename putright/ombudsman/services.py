"""Writes for putting things right: failures found, decisions on the calculator's proposals (which
agree remedies through the complaint services), staff-only notes and policy versions. Reads that
several doors share (the proposal, the shortfalls, the policies in force) are here too, beside the
writes they explain."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from putright.accounts.models import User
from putright.code.compensation import (
    Basis,
    Calculation,
    CompensationInputError,
    Failure,
    Rate,
    Schedule,
    calculate,
    policy_in_force,
    pounds,
)
from putright.code.errors import InvalidRequest
from putright.code.lifecycle import RemedyKind
from putright.complaints import services as complaint_services
from putright.complaints.models import Complaint, Remedy
from putright.letters.models import LetterTemplateVersion
from putright.ombudsman.models import (
    CompensationRate,
    FailureFound,
    PolicyVersion,
    RemedyDecision,
    StaffNote,
)
from putright.records.stored_files import files_kept_with_their_rows

# --------------------------------------------------------------------------------------------------
# Policies in force


def _schedule(version: PolicyVersion, rates: Sequence[CompensationRate]) -> Schedule:
    return Schedule(
        title=version.title,
        publisher="",
        source=f"{version.title}, version {version.version} (in force from {version.effective_from:%-d %B %Y})",
        effective_from=version.effective_from,
        rates=tuple(
            Rate(kind=r.kind, label=r.label, basis=Basis(r.basis), amount_pence=r.amount_pence, rule=r.rule)
            for r in rates
        ),
    )


def compensation_policy_on(day: date) -> Schedule | None:
    """The landlord's compensation policy in force on ``day``, as the core's ``Schedule``."""
    versions = list(
        PolicyVersion.objects.filter(kind=PolicyVersion.Kind.COMPENSATION).prefetch_related("rates")
    )
    return policy_in_force((_schedule(v, list(v.rates.all())) for v in versions), day)


def policy_versions_on(day: date, versions: Sequence[PolicyVersion] | None = None) -> list[PolicyVersion]:
    """Each of the landlord's policies as the version in force on ``day`` (none where no version had
    taken effect yet)."""
    every = versions if versions is not None else list(PolicyVersion.objects.all())
    latest: dict[str, PolicyVersion] = {}
    for version in every:
        if version.effective_from <= day:
            current = latest.get(version.kind)
            if current is None or version.effective_from > current.effective_from:
                latest[version.kind] = version
    return [latest[k] for k in PolicyVersion.Kind.values if k in latest]


def template_versions_at(
    moment: datetime, kinds: Sequence[str] | None = None
) -> dict[str, LetterTemplateVersion]:
    """The letter templates as they stood at ``moment``, by kind."""
    rows = LetterTemplateVersion.objects.filter(saved_at__lte=moment).order_by("kind", "-saved_at", "-id")
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    found: dict[str, LetterTemplateVersion] = {}
    for row in rows:
        found.setdefault(row.kind, row)
    return found


def record_policy_version(
    *,
    actor: User | None,
    kind: str,
    title: str,
    version: str,
    effective_from: date,
    summary: str = "",
    document: bytes | None = None,
    filename: str = "",
    rates: Sequence[Mapping[str, object]] = (),
) -> PolicyVersion:
    """A new dated version of one of the landlord's policies (with its rates, for compensation)."""
    if kind not in PolicyVersion.Kind.values:
        raise InvalidRequest(None, f"unknown policy {kind!r}")
    if not title.strip() or not version.strip():
        raise InvalidRequest(None, "a policy version needs a title and a version label")
    if rates and kind != PolicyVersion.Kind.COMPENSATION:
        raise InvalidRequest(None, "only the compensation policy has rates")
    with files_kept_with_their_rows() as store:
        policy = PolicyVersion(
            kind=kind,
            title=title.strip(),
            version=version.strip(),
            effective_from=effective_from,
            summary=summary.strip(),
            recorded_by=actor,
        )
        if document is not None:
            policy.document_sha256 = hashlib.sha256(document).hexdigest()
            store(policy.document, filename or "policy", ContentFile(document))
        policy.save()
        for rate in rates:
            item = CompensationRate(policy=policy, **rate)
            item.full_clean()
            item.save()
    return policy


# --------------------------------------------------------------------------------------------------
# Failures found and the calculator's proposal


def _failure(row: FailureFound) -> Failure:
    return Failure(
        kind=row.kind,
        days=row.days,
        weeks=row.weeks,
        count=row.count,
        started_on=row.started_on,
        ended_on=row.ended_on,
        description=row.description,
    )


def calculation_for(rows: Sequence[FailureFound], *, on: date, edition: str) -> Calculation:
    """The calculator's proposal for ``rows`` on ``on``, under the landlord's policy then in force."""
    try:
        return calculate(
            [_failure(r) for r in rows], on=on, policy=compensation_policy_on(on), edition=edition
        )
    except CompensationInputError as error:
        raise InvalidRequest(None, str(error)) from None


def record_failure(
    *,
    complaint: Complaint,
    actor: User | None,
    kind: str,
    description: str = "",
    started_on: date | None = None,
    ended_on: date | None = None,
    days: int | None = None,
    weeks: int | None = None,
    count: int | None = None,
    on: date | None = None,
) -> FailureFound:
    """A failure the handler found (2024 7.1): checked by the calculator before it is kept, so an
    unknown kind or a count the kind cannot use is refused with the reason."""
    day = on or timezone.localdate()
    if ended_on is not None and ended_on > day:
        raise InvalidRequest(None, "a failure cannot end in the future: record it when it has ended")
    row = FailureFound(
        complaint=complaint,
        kind=kind.strip(),
        description=description.strip(),
        started_on=started_on,
        ended_on=ended_on,
        days=days,
        weeks=weeks,
        count=count,
        recorded_by=actor,
    )
    calculation_for([row], on=day, edition=complaint.edition)
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        last = FailureFound.objects.filter(complaint=complaint).aggregate(n=Max("number"))["n"] or 0
        row.number = last + 1
        row.save()
    return row


def open_failures(complaint: Complaint) -> list[FailureFound]:
    """Failures without a decision yet."""
    return list(FailureFound.objects.filter(complaint=complaint, decision__isnull=True).order_by("number"))


@dataclass(frozen=True)
class Offer:
    """What the handler offers for one failure, and why when it is not the proposal."""

    offered_pence: int | None
    reason: str = ""


def decide_remedy(
    *,
    complaint: Complaint,
    actor: User | None,
    offers: Mapping[int, Offer],
    due: date | None,
    agreed_with_resident: bool,
    what: str = "",
    on: date | None = None,
) -> Remedy:
    """Accept the calculator's proposal for each open failure, or depart from it with a recorded
    reason, and agree the total as one financial remedy: what, by when, with the resident where
    appropriate (2024 7.3), through ``agree_remedy``. ``offers`` is keyed by failure number; a
    failure without an offer takes the proposal."""
    day = on or timezone.localdate()
    with transaction.atomic():
        # the complaint's row first: the same decision sent twice at once waits here, then finds its
        # failures decided (it read them before either had been, and died on the unique decision: a 500)
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        rows = open_failures(complaint)
        if not rows:
            raise InvalidRequest(None, "there are no failures waiting for a decision: record a failure first")
        unknown = sorted(set(offers) - {r.number for r in rows})
        if unknown:
            raise InvalidRequest(None, f"failure {unknown[0]} is not waiting for a decision")
        calculation = calculation_for(rows, on=day, edition=complaint.edition)
        decided: list[tuple[FailureFound, str, int, str]] = []
        for row, proposal in zip(rows, calculation.proposals, strict=True):
            offer = offers.get(row.number, Offer(None))
            reason = offer.reason.strip()
            if proposal.proposed_pence is None:
                if offer.offered_pence is None or not reason:
                    raise InvalidRequest(
                        proposal.provisions[1],
                        f"failure {row.number} ({proposal.label}) has no defined sum: "
                        "give the amount you decide and your reasons for it",
                    )
                decided.append((row, RemedyDecision.Decision.JUDGED, offer.offered_pence, reason))
                continue
            offered = proposal.proposed_pence if offer.offered_pence is None else offer.offered_pence
            if offered == proposal.proposed_pence:
                decided.append((row, RemedyDecision.Decision.ACCEPTED, offered, ""))
            elif not reason:
                raise InvalidRequest(
                    None,
                    f"failure {row.number} ({proposal.label}): say why you offer {pounds(offered)} "
                    f"instead of the proposed {pounds(proposal.proposed_pence)}",
                )
            else:
                decided.append((row, RemedyDecision.Decision.DEPARTED, offered, reason))
        total = sum(offered for _, _, offered, _ in decided)
        if total <= 0:
            raise InvalidRequest(None, "the offers add up to nothing: a financial remedy needs an amount")
        lines = [
            f"{p.label}{' (' + r.description + ')' if r.description else ''}: {pounds(o)}"
            for (r, _, o, _), p in zip(decided, calculation.proposals, strict=True)
        ]
        description = (what.strip() + "\n" if what.strip() else "") + (
            f"Compensation of {pounds(total)}: " + "; ".join(lines) + "."
        )
        complaint_services.agree_remedy(
            complaint=complaint,
            actor=actor,
            remedy_kind=RemedyKind.FINANCIAL,
            description=description,
            due=due,
            agreed_with_resident=agreed_with_resident,
            amount_pence=total,
            reason=f"Compensation proposed under {calculation.guidance.source}",
            on=day,
        )
        remedy = Remedy.objects.filter(complaint=complaint).order_by("-number").first()
        assert remedy is not None
        for (row, decision, offered, reason), proposal in zip(decided, calculation.proposals, strict=True):
            RemedyDecision.objects.create(
                failure=row,
                complaint=complaint,
                decision=decision,
                proposed_pence=proposal.proposed_pence,
                defined_pence=proposal.defined_pence,
                offered_pence=offered,
                rule=proposal.rule,
                source=proposal.source,
                workings=proposal.workings,
                provisions=", ".join(proposal.provisions),
                departure_reason=reason,
                remedy_number=remedy.number,
                decided_by=actor,
            )
    return remedy


# --------------------------------------------------------------------------------------------------
# Offers below the Ombudsman's defined sums


@dataclass(frozen=True)
class Shortfall:
    failure_number: int
    label: str
    remedy_number: int
    defined_pence: int
    offered_pence: int
    reason: str

    @property
    def short_by_pence(self) -> int:
        return self.defined_pence - self.offered_pence

    def sentence(self) -> str:
        return (
            f"Failure {self.failure_number} ({self.label}): {pounds(self.offered_pence)} offered, "
            f"{pounds(self.short_by_pence)} below the Ombudsman's defined sum of {pounds(self.defined_pence)}"
            + (f". Reason recorded: {self.reason}" if self.reason else "")
        )


def shortfalls(complaint: Complaint) -> list[Shortfall]:
    """Offers on this complaint below the Ombudsman's defined sums (2024 7.4), one per failure.
    Remedies agreed without recording the failures cannot be compared, so they are not listed."""
    from putright.code.compensation import guidance_editions

    labels = {r.kind: r.label for g in guidance_editions() for r in g.rates}
    rows = RemedyDecision.objects.filter(complaint=complaint, defined_pence__isnull=False).select_related(
        "failure"
    )
    return [
        Shortfall(
            failure_number=d.failure.number,
            label=labels.get(d.failure.kind, d.failure.kind),
            remedy_number=d.remedy_number,
            defined_pence=d.defined_pence or 0,
            offered_pence=d.offered_pence,
            reason=d.departure_reason,
        )
        for d in rows
        if d.below_defined_sum
    ]


# --------------------------------------------------------------------------------------------------
# Staff-only notes


def add_staff_note(*, complaint: Complaint, actor: User | None, body: str) -> StaffNote:
    if not body.strip():
        raise InvalidRequest(None, "a note needs some text")
    return StaffNote.objects.create(complaint=complaint, body=body.strip(), written_by=actor)
