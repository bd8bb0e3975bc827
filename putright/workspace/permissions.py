"""Who may see and do what in the workspace, as ``rules`` predicates (object permissions).

* Complaints officers, managers, the Member Responsible for Complaints, administrators and the
  governing body see every complaint; a complaint handler sees the complaints they handle or
  handled (either stage), those handled by their team, and those still waiting for a handler (the
  team's shared intake), so nothing new is invisible to the people who pick it up.
* A restricted complaint (for example one about a member of staff) is seen only by the people named
  on it, whatever their role (``putright.complaints.selectors.visible_complaints``).
* Acting on a complaint needs a working role (officer, handler, manager, administrator); the MRC and
  the governing body read. Allocating a handler is for officers, managers and administrators.

:func:`scope` is the same rule as a database filter, for lists; a test proves they agree.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.complaints.selectors import visible_complaints

SEES_ALL = frozenset(
    {
        Role.COMPLAINTS_OFFICER,
        Role.MANAGER,
        Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS,
        Role.ADMINISTRATOR,
        Role.GOVERNING_BODY_READER,
    }
)
ACTS = frozenset({Role.COMPLAINTS_OFFICER, Role.COMPLAINT_HANDLER, Role.MANAGER, Role.ADMINISTRATOR})
ALLOCATES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})


# ``rules`` ships without type information.
Predicate: Any = rules.Predicate  # type: ignore[attr-defined]
add_perm: Any = rules.add_perm  # type: ignore[attr-defined]


def _staff(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_active_staff(user: Any) -> bool:
    return _staff(user)


def _sees_every_complaint(user: Any) -> bool:
    return _staff(user) and (user.is_superuser or user.role in SEES_ALL)


def _has_working_role(user: Any) -> bool:
    return _staff(user) and (user.is_superuser or user.role in ACTS)


def _allocates_handlers(user: Any) -> bool:
    return _staff(user) and (user.is_superuser or user.role in ALLOCATES)


def _handles(user: Any, complaint: Complaint) -> bool:
    return user.pk in (complaint.handler_id, complaint.stage_1_handler_id, complaint.stage_2_handler_id)


def _awaits_a_handler(user: Any, complaint: Complaint) -> bool:
    return complaint.handler_id is None


def _handled_by_their_team(user: Any, complaint: Complaint) -> bool:
    handler = complaint.handler if complaint.handler_id is not None else None
    if user.team_id is None or handler is None:
        return False
    return bool(handler.team_id == user.team_id)


def _may_see_if_restricted(user: Any, complaint: Complaint) -> bool:
    if not complaint.restricted or user.is_superuser:
        return True
    return bool(complaint.restricted_to.filter(pk=user.pk).exists())


is_active_staff = Predicate(_is_active_staff)
sees_every_complaint = Predicate(_sees_every_complaint)
has_working_role = Predicate(_has_working_role)
allocates_handlers = Predicate(_allocates_handlers)
handles = Predicate(_handles)
awaits_a_handler = Predicate(_awaits_a_handler)
handled_by_their_team = Predicate(_handled_by_their_team)
may_see_if_restricted = Predicate(_may_see_if_restricted)

#: the role and handling part of seeing a complaint, before any restriction on it
by_role_or_handling = sees_every_complaint | handles | awaits_a_handler | handled_by_their_team
can_view_complaint = is_active_staff & may_see_if_restricted & by_role_or_handling
can_act_on_complaint = can_view_complaint & has_working_role
can_allocate_handler = can_act_on_complaint & allocates_handlers

add_perm("workspace.view_complaint", can_view_complaint)
add_perm("workspace.act_on_complaint", can_act_on_complaint)
add_perm("workspace.allocate_handler", can_allocate_handler)
add_perm("workspace.log_contact", has_working_role)
add_perm("workspace.use", is_active_staff)


def scope(user: User) -> QuerySet[Complaint]:
    """The complaints ``user`` may see, as a queryset: :data:`can_view_complaint` in SQL."""
    if not _staff(user):
        return Complaint.objects.none()
    complaints = visible_complaints(user)
    if user.is_superuser or user.role in SEES_ALL:
        return complaints
    mine = (
        Q(handler_id=user.pk)
        | Q(stage_1_handler_id=user.pk)
        | Q(stage_2_handler_id=user.pk)
        | Q(handler__isnull=True)
    )
    if user.team_id is not None:
        mine |= Q(handler__team_id=user.team_id)
    return complaints.filter(mine)
