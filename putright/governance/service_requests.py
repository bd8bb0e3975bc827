"""Service requests, monitored and reviewed with their own report (2024 1.4).

A contact triaged as a service request is recorded on the complaint record (``triage_as_service_
request``) and resolved there (``resolve_service_request``). This report reads those events through
the typed selectors: how many were recorded and resolved each month, how long they took, those still
open, those the resident then complained about (1.5), and those recorded though the triage hint read the
resident's words as a complaint, with how many of them were recorded without the reminder of the
choice to make a complaint (1.3: the API cannot show it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from putright.code.lifecycle import ServiceRequestResolved, TriagedAsServiceRequest
from putright.complaints.models import Complaint
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.records import events_of


@dataclass
class OpenRequest:
    complaint_id: int
    reference: str
    recorded_on: date
    days_open: int


@dataclass
class ServiceRequestReport:
    period: Period
    recorded: int = 0
    resolved: int = 0
    resolved_there_and_then: int = 0
    median_days_to_resolve: float | None = None
    by_month: list[tuple[str, int, int]] = field(default_factory=list)
    still_open: list[OpenRequest] = field(default_factory=list)
    complaints_about_service_requests: int = 0
    #: recorded though the triage hint read the resident's words as a complaint (2024 1.3)
    read_as_complaint: int = 0
    #: of those, recorded without the reminder of the choice to make a complaint being shown
    read_as_complaint_without_reminder: int = 0
    #: recorded before PutRight kept the hint's reading: whether it read a complaint cannot be told
    reading_not_kept: int = 0


def service_request_report(period: Period, as_at: AsAt) -> ServiceRequestReport:
    triaged = events_of(TriagedAsServiceRequest, as_at, period=period)
    ids = {t.complaint_id for t in triaged}
    resolved = {r.complaint_id: r for r in events_of(ServiceRequestResolved, as_at, complaint_ids=ids)}
    report = ServiceRequestReport(period=period, recorded=len(triaged))
    read = [t.event for t in triaged if t.event.read_as_complaint]
    report.read_as_complaint = len(read)
    report.read_as_complaint_without_reminder = sum(not e.choice_reminder_shown for e in read)
    report.reading_not_kept = sum(t.event.read_as_complaint is None for t in triaged)
    recorded_by_month: Counter[str] = Counter(f"{t.event.on:%Y-%m}" for t in triaged)
    resolved_by_month: Counter[str] = Counter()
    days = []
    for t in triaged:
        done = resolved.get(t.complaint_id)
        if done is None:
            report.still_open.append(
                OpenRequest(t.complaint_id, t.reference, t.event.on, (as_at.today - t.event.on).days)
            )
            continue
        report.resolved += 1
        report.resolved_there_and_then += int(done.event.resolved_there_and_then)
        resolved_by_month[f"{done.event.on:%Y-%m}"] += 1
        days.append((done.event.on - t.event.on).days)
    report.median_days_to_resolve = median(days) if days else None
    months = sorted(set(recorded_by_month) | set(resolved_by_month))
    report.by_month = [
        (date.fromisoformat(m + "-01").strftime("%B %Y"), recorded_by_month[m], resolved_by_month[m])
        for m in months
    ]
    report.still_open.sort(key=lambda r: -r.days_open)
    report.complaints_about_service_requests = (
        Complaint.objects.filter(received_on__range=period.range()).exclude(about_service_request="").count()
    )
    return report
