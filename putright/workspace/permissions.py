"""The workspace's permissions, kept under their old import path: the rules themselves are the one
policy layer every door uses, :mod:`putright.access.policy`."""

from putright.access.policy import (
    ACTS,
    ALLOCATES,
    SEES_ALL,
    allocates_handlers,
    awaits_a_handler,
    by_role_or_handling,
    can_act_on_complaint,
    can_allocate_handler,
    can_view_complaint,
    complaints_opened,
    handled_by_their_team,
    handles,
    handles_complaints,
    has_working_role,
    is_active_staff,
    may_see_if_restricted,
    scope,
    sees_every_complaint,
)

__all__ = [
    "ACTS",
    "ALLOCATES",
    "SEES_ALL",
    "allocates_handlers",
    "awaits_a_handler",
    "by_role_or_handling",
    "can_act_on_complaint",
    "can_allocate_handler",
    "can_view_complaint",
    "complaints_opened",
    "handled_by_their_team",
    "handles",
    "handles_complaints",
    "has_working_role",
    "is_active_staff",
    "may_see_if_restricted",
    "scope",
    "sees_every_complaint",
]
