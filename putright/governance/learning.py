"""Service improvements as their reader may see them (2024 9.1-9.3, 9.7, 8.1 d), for every page and
report that lists them: the learning register and its export, the MRC's quarterly report and the
annual report.

An improvement is the landlord's learning, which the Code wants reported to residents, staff and
committees (9.3), the MRC and the governing body (9.7 d) and in the annual report (8.1 d): its title,
description and progress are shown to everyone who reads the list. The complaints that raised it are
what could identify a resident, so each is named only to a reader who may see its anonymised summary
(``access.policy.summary_scope``), linked only for one who may open it (``workspace.view_complaint``),
and the others are counted in the shared words ("1 on a complaint you cannot see")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from putright.access.policy import named_and_opened, on_complaints_you_cannot_see
from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.governance.models import ServiceImprovement


@dataclass(frozen=True)
class ImprovementAsSeen:
    """A service improvement as its reader may see it: the complaints that raised it whose summary
    they may see, each with whether they may open it, and how many others there are, in words."""

    improvement: ServiceImprovement
    complaints: list[tuple[Complaint, bool]]
    not_named: str


def improvements_as_seen(
    improvements: Iterable[ServiceImprovement], reader: User | Any | None
) -> list[ImprovementAsSeen]:
    """``improvements`` (their ``complaints`` prefetched) as ``reader`` may see them, in two queries
    whatever their number. ``None`` is the published annual report (2024 8.2), which names no
    complaint: every improvement is shown with none named (the report counts them)."""
    improvements = list(improvements)
    if reader is None:
        return [ImprovementAsSeen(improvement=i, complaints=[], not_named="") for i in improvements]
    # the MRC and the board read the learning but open no complaint
    seen, opens = named_and_opened(reader, (c.pk for i in improvements for c in i.complaints.all()))
    return [_as_seen(i, seen, opens) for i in improvements]


def _as_seen(improvement: ServiceImprovement, seen: set[int], opens: set[int]) -> ImprovementAsSeen:
    linked = list(improvement.complaints.all())
    unseen = sum(1 for c in linked if c.pk not in seen)
    return ImprovementAsSeen(
        improvement=improvement,
        complaints=[(c, c.pk in opens) for c in linked if c.pk in seen],
        not_named=on_complaints_you_cannot_see(unseen) if unseen else "",
    )
