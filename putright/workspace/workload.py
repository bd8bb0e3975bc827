"""Sharing the load: moving a handler's open complaints to someone else, one complaint at a time
through ``allocate_handler`` (so 2024 6.13 is checked for each), and each person's work for today:
deadlines due and overdue, responses the resident was told to expect sooner than the Code's date
(2024 6.3, 6.14), updates owed at the interval agreed with the resident (2024 5.9), and remedies and
outstanding actions due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max, QuerySet

from putright.accounts.models import User
from putright.code.calendar import WorkingCalendar
from putright.code.errors import LifecycleError
from putright.code.lifecycle import stored_whole_number
from putright.complaints import services
from putright.complaints.models import (
    THE_RESIDENTS_SIDE,
    Complaint,
    ComplaintEvent,
    Correspondence,
    OutstandingAction,
    Remedy,
)
from putright.workspace.permissions import can_allocate_handler, scope
from putright.workspace.promises import Promise, standing_promises
from putright.workspace.selectors import QUEUE_RELATED, _end_of_week


@dataclass(frozen=True)
class Refusal:
    complaint: Complaint
    provision: str
    detail: str


@dataclass
class Reassignment:
    moved: list[Complaint] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def open_complaints_of(handler: User, *, visible_to: User) -> QuerySet[Complaint]:
    return (
        scope(visible_to)
        .filter(is_open=True, handler=handler)
        .select_related(*QUEUE_RELATED)
        .order_by("current_due", "id")
    )


def reassign_open_complaints(
    *, actor: User, from_handler: User, to_handler: User, reason: str, on: date | None = None
) -> Reassignment:
    """Allocate each of ``from_handler``'s open complaints to ``to_handler``, each in its own
    transaction through ``allocate_handler``: one the Code refuses (for example a stage 2 complaint
    ``to_handler`` considered at stage 1, 2024 6.13) stays where it is and is reported with the
    provision and why; the others move."""
    result = Reassignment()
    if from_handler.pk == to_handler.pk:
        return result
    for complaint in open_complaints_of(from_handler, visible_to=actor):
        if not can_allocate_handler(actor, complaint):
            result.refused.append(Refusal(complaint, "", "you may not allocate a handler to this complaint"))
            continue
        try:
            moved = services.allocate_handler(
                complaint=complaint, actor=actor, handler=to_handler, reason=reason, on=on
            )
        except LifecycleError as error:
            result.refused.append(Refusal(complaint, error.provision or "", error.detail))
        else:
            result.moved.append(moved)
    return result


# --------------------------------------------------------------------------------------------------
# My work today


@dataclass(frozen=True)
class UpdateOwed:
    complaint: Complaint
    every_working_days: int
    last_update: date
    due: date


@dataclass(frozen=True)
class PromiseDue:
    """A response the resident was told to expect sooner than the Code's date, not yet sent."""

    complaint: Complaint
    promise: Promise

    @property
    def passed(self) -> bool:
        return self.promise.passed


@dataclass
class Today:
    overdue: list[Complaint] = field(default_factory=list)
    due_this_week: list[Complaint] = field(default_factory=list)
    updates_owed: list[UpdateOwed] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)
    actions: list[OutstandingAction] = field(default_factory=list)
    #: the responses promised by the end of the week, soonest first
    promises: list[PromiseDue] = field(default_factory=list)
    #: every promise standing on ``user``'s complaints, by complaint id (for their rows)
    promised: dict[int, Promise] = field(default_factory=dict)
    week_ends: date | None = None

    @property
    def promises_passed(self) -> int:
        return sum(p.passed for p in self.promises)

    @property
    def promises_not_listed_above(self) -> list[PromiseDue]:
        """The promises on complaints not overdue or due this week by the Code's date: the others
        are in those lists, their promise in their row. Listed twice, one complaint read as two
        things to do."""
        above = {c.pk for c in [*self.overdue, *self.due_this_week]}
        return [p for p in self.promises if p.complaint.pk not in above]

    @property
    def remedies_and_actions_due(self) -> int:
        """The remedies and outstanding actions listed, counted together (the page's figure: a
        template's ``add`` of two lists gave nothing, so it said 0 above five late items)."""
        return len(self.remedies) + len(self.actions)

    @property
    def empty(self) -> bool:
        return not (
            self.overdue
            or self.due_this_week
            or self.updates_owed
            or self.remedies
            or self.actions
            or self.promises
        )


def _day(moment: datetime | None) -> date | None:
    from django.utils import timezone

    return timezone.localdate(moment) if moment is not None else None


def updates_owed(complaints: list[Complaint], *, today: date, calendar: WorkingCalendar) -> list[UpdateOwed]:
    """Complaints where an update interval was agreed with the resident (2024 5.9) and the last
    update sent to them (email, letter, call logged as sent) is more than that many working days
    ago, counting from the day the interval was agreed if nothing has been sent since. Three
    queries for any number of complaints."""
    ids = [c.pk for c in complaints]
    agreed: dict[int, tuple[int, date]] = {}
    for row in (
        ComplaintEvent.objects.filter(complaint_id__in=ids, kind="update_interval_agreed")
        .order_by("complaint_id", "sequence")
        .values("complaint_id", "data", "on")
    ):
        # read as the case page reads it: 5.0 is 5, true is no number of days
        every = stored_whole_number(row["data"].get("every_working_days"))
        if every is not None and every > 0:
            agreed[row["complaint_id"]] = (every, row["on"])
    if not agreed:
        return []
    last_sent = {
        row["complaint_id"]: _day(row["last"])
        for row in Correspondence.objects.filter(
            complaint_id__in=list(agreed), direction="out", party__in=THE_RESIDENTS_SIDE
        )
        .values("complaint_id")
        .annotate(last=Max("occurred_at"))
        .order_by()
    }
    owed = []
    for complaint in complaints:
        if complaint.pk not in agreed:
            continue
        every, agreed_on = agreed[complaint.pk]
        sent = last_sent.get(complaint.pk)
        since = max(agreed_on, sent) if sent else agreed_on
        due = calendar.add_working_days(since, every)
        if due <= today:
            owed.append(UpdateOwed(complaint, every, since, due))
    return sorted(owed, key=lambda u: u.due)


def my_work_today(user: User, *, today: date, calendar: WorkingCalendar) -> Today:
    """``user``'s own open complaints that need something this week."""
    week_ends = _end_of_week(today)
    mine = list(
        scope(user)
        .filter(is_open=True, handler=user)
        .select_related(*QUEUE_RELATED)
        .order_by("current_due", "id")
    )
    promised = standing_promises(mine, today=today, calendar=calendar)
    return Today(
        overdue=[c for c in mine if c.current_due is not None and c.current_due < today],
        due_this_week=[c for c in mine if c.current_due is not None and today <= c.current_due <= week_ends],
        updates_owed=updates_owed(mine, today=today, calendar=calendar),
        remedies=list(
            Remedy.objects.filter(
                complaint__handler=user,
                completed_on__isnull=True,
                withdrawn_on__isnull=True,
                due__lte=week_ends,
            )
            .select_related("complaint")
            .order_by("due", "id")
        ),
        actions=list(
            OutstandingAction.objects.filter(
                complaint__handler=user, completed_on__isnull=True, due__lte=week_ends
            )
            .select_related("complaint")
            .order_by("due", "id")
        ),
        promises=sorted(
            (
                PromiseDue(c, promised[c.pk])
                for c in mine
                if c.pk in promised and promised[c.pk].told <= week_ends
            ),
            key=lambda p: (p.promise.told, p.complaint.pk),
        ),
        promised=promised,
        week_ends=week_ends,
    )
