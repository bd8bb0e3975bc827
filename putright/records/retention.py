"""The retention schedule and legal holds.

A finished contact is kept for ``PUTRIGHT_RETENTION_YEARS`` after it ended (the date it was closed,
declined, withdrawn or resolved as a service request): 6 years by default, and configurable per
record type, the complaint's final status (``PUTRIGHT_RETENTION="declined=2,withdrawn=2"`` in the
environment becomes ``PUTRIGHT_RETENTION_YEARS`` in settings). A legal
hold on the complaint or on its resident stops it falling due, whatever its age.

``putright retention due`` (run it from cron, e.g. weekly) lists what has fallen due. Erasing or
anonymising it is not built yet (see the README): the list is for the data protection officer.
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
    held = set(held_complaints().values_list("pk", flat=True))
    found = []
    ended = Complaint.objects.filter(is_open=False, ended_on__isnull=False).order_by("ended_on", "pk")
    for pk, reference, status, ended_on in ended.values_list("pk", "reference", "status", "ended_on"):
        if ended_on is None:
            continue
        keep_until = _years_later(ended_on, years.get(status, years["default"]))
        if keep_until <= today:
            found.append(Past(pk, reference, status, ended_on, keep_until, pk in held))
    return found


def due(*, today: date | None = None) -> list[Due]:
    """Finished complaints past their retention period and under no legal hold, oldest first."""
    return [
        Due(p.reference, p.record_type, p.ended_on, p.keep_until)
        for p in past_retention(today=today)
        if not p.held
    ]


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
