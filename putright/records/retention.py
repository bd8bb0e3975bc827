"""The retention schedule and legal holds.

A finished contact is kept for ``PUTRIGHT_RETENTION_YEARS`` after it ended (the date it was closed,
declined, withdrawn or resolved as a service request): 6 years by default, and configurable per
record type, the complaint's final status (``PUTRIGHT_RETENTION="declined=2,withdrawn=2"`` in the
environment becomes ``PUTRIGHT_RETENTION_YEARS`` in settings). A legal
hold on the complaint or on its resident stops it falling due, whatever its age.

``putright retention due`` lists what has fallen due; ``putright retention due --apply`` (run it
daily from cron) also anonymises it with :mod:`putright.records.erasure`: a resident all of whose
complaints are due is erased whole, otherwise only the due complaints' records are, and each erasure
is recorded like any other (``by`` "retention schedule", the reason naming the schedule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from putright.complaints.models import Complaint, Resident
from putright.records.models import LegalHold

DEFAULT_YEARS = 6


class HoldError(ValueError):
    pass


def schedule() -> dict[str, int]:
    """Years to keep each record type after it ended (``PUTRIGHT_RETENTION_YEARS``); ``"default"``
    for any type not named."""
    years = {"default": DEFAULT_YEARS, **settings.PUTRIGHT_RETENTION_YEARS}
    for kind, count in years.items():
        if not isinstance(count, int) or count < 1:
            raise ValueError(f"retention for {kind} must be a whole number of years, at least 1")
    return years


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Due:
    reference: str
    record_type: str
    ended_on: date
    keep_until: date


@dataclass(frozen=True)
class Past:
    """A finished complaint past its retention period: due, unless a legal hold keeps it."""

    complaint_id: int
    reference: str
    record_type: str
    ended_on: date
    keep_until: date
    held: bool


def held_complaints() -> QuerySet[Complaint]:
    active = LegalHold.objects.filter(lifted_at__isnull=True)
    return Complaint.objects.filter(
        Q(pk__in=active.exclude(complaint=None).values("complaint"))
        | Q(resident__in=active.exclude(resident=None).values("resident"))
    )


def past_retention(*, today: date | None = None) -> list[Past]:
    """Finished complaints past their retention period, held or not, oldest first."""
    today = today or timezone.localdate()
    years = schedule()
    from putright.records.erasure import erased_complaints

    held = set(held_complaints().values_list("pk", flat=True))
    erased = erased_complaints()
    found = []
    ended = Complaint.objects.filter(is_open=False, ended_on__isnull=False).order_by("ended_on", "pk")
    for pk, reference, status, ended_on in ended.values_list("pk", "reference", "status", "ended_on"):
        if ended_on is None:
            continue
        keep_until = _years_later(ended_on, years.get(status, years["default"]))
        if keep_until <= today and reference not in erased:
            found.append(Past(pk, reference, status, ended_on, keep_until, pk in held))
    return found


def due(*, today: date | None = None) -> list[Due]:
    """Finished complaints past their retention period and under no legal hold, oldest first."""
    return [
        Due(p.reference, p.record_type, p.ended_on, p.keep_until)
        for p in past_retention(today=today)
        if not p.held
    ]


@dataclass(frozen=True)
class Applied:
    subject: str
    record_id: int


def apply(*, by: str = "retention schedule", today: date | None = None) -> list[Applied]:
    """Anonymise what :func:`due` lists. Each resident is one erasure (one transaction, one record).
    Files uploaded for an import and never imported are emptied after their own short period."""
    from putright.imports.services import sweep_unimported_uploads
    from putright.records.erasure import erase_complaints, erase_resident, erased_complaints

    sweep_unimported_uploads()
    years = schedule()
    found = due(today=today)
    by_reference = {d.reference: d for d in found}
    complaints = Complaint.objects.filter(reference__in=list(by_reference)).select_related("resident")
    grouped: dict[int, list[Complaint]] = {}
    for complaint in complaints.order_by("resident_id", "pk"):
        grouped.setdefault(complaint.resident_id, []).append(complaint)
    done = []
    for complaints_due in grouped.values():
        resident = complaints_due[0].resident
        rule = ", ".join(
            f"{c.reference} ({by_reference[c.reference].record_type}, ended "
            f"{by_reference[c.reference].ended_on}, kept "
            f"{years.get(by_reference[c.reference].record_type, years['default'])} years)"
            for c in complaints_due
        )
        reason = f"retention schedule: {rule}"
        others = (
            Complaint.objects.filter(resident=resident)
            .exclude(pk__in=[c.pk for c in complaints_due])
            .exclude(reference__in=erased_complaints())
        )
        if others.exists():
            record = erase_complaints(resident, complaints_due, by=by, reason=reason)
        else:
            record = erase_resident(resident, by=by, reason=reason)
        done.append(Applied(record.subject, record.pk))
    return done


def is_held(complaint: Complaint) -> bool:
    return held_complaints().filter(pk=complaint.pk).exists()


def place_hold(
    *, reason: str, by: str, complaint: Complaint | None = None, resident: Resident | None = None
) -> LegalHold:
    if (complaint is None) == (resident is None):
        raise HoldError("a legal hold names one complaint or one resident")
    if not reason.strip() or not by.strip():
        raise HoldError("a legal hold needs a reason and who placed it")
    return LegalHold.objects.create(
        complaint=complaint, resident=resident, reason=reason.strip(), placed_by=by.strip()
    )


def lift_hold(hold: LegalHold, *, by: str, reason: str = "") -> LegalHold:
    """End a hold: who lifted it, when and (from the workspace, always) why."""
    if not by.strip():
        raise HoldError("say who is lifting the legal hold")
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise HoldError("this legal hold has already been lifted")
        hold.lifted_at = timezone.now()
        hold.lifted_by = by.strip()
        hold.lift_reason = reason.strip()
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return hold
