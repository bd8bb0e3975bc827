"""The API's door to the policy (``putright.access.policy``): every operation names what it needs,
and the check runs with the token, before the request body is read, so a person who may not do
something is told so (403, or 404 for a complaint they may not see) whatever they send.

* ``read``: list complaints, which lists only the complaints the person may see (their scope).
* ``view``: read one complaint (and its letters).
* ``create``: record a new contact.
* ``act``: a step on a complaint, or drafting and issuing its letters.
* ``allocate``: allocate a handler (officers, managers and administrators).
* ``confirm-independence``: confirm that someone allocated to an earlier stage never considered it
  (2024 6.13; managers and administrators).
* ``correct-received-date``: put right the day a complaint was received (2024 5.12; officers,
  managers and administrators).

The MRC and the governing body hold tokens for nothing here: complaint records, with residents'
personal and health details, are for the people who handle complaints (403).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema
from ninja.security import HttpBearer

from putright.access.policy import (
    can_act_on_complaint,
    can_allocate_handler,
    can_confirm_independence,
    can_correct_received_date,
    can_view_complaint,
    handles_complaints,
    scope,
)
from putright.accounts.models import User
from putright.accounts.services import user_for_token
from putright.complaints.lookup import unique
from putright.complaints.models import Complaint
from putright.complaints.selectors import LIST_RELATED

Need = Literal["read", "view", "create", "act", "allocate", "confirm-independence", "correct-received-date"]


class Denied(Exception):
    """The person is known but the policy does not let them do this: a 403 problem."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a SHA-256 of the token, looked up by index (no password hash)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Gate(TokenAuth):
    """The token, then the policy for what the operation needs, on the complaint named in the path."""

    def __init__(self, need: Need) -> None:
        super().__init__()
        self.need = need

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None:
            # kept for the operation, which then need not read the same row again
            request.putright_complaint = check(user, self.need, _path_reference(request))  # type: ignore[attr-defined]
        return user


def _path_reference(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("reference") if match is not None else None


def check(user: User, need: Need, reference: str | None) -> Complaint | None:
    """Raise :class:`Denied` (403) or ``Complaint.DoesNotExist`` (404) unless ``user`` may do ``need``."""
    if not handles_complaints(user):
        raise Denied("complaint records are for the people who handle complaints")
    if need in ("read", "create") or reference is None:
        return None
    complaint = unique(scope(user).select_related(*LIST_RELATED).filter(reference=reference))
    if complaint is None or not can_view_complaint(user, complaint):
        raise Complaint.DoesNotExist("no such complaint")
    if need not in ("read", "create", "view") and not can_act_on_complaint(user, complaint):
        raise Denied("this needs a complaint-handling role")
    if need == "allocate" and not can_allocate_handler(user, complaint):
        raise Denied("only complaints officers, managers and administrators allocate handlers")
    if need == "confirm-independence" and not can_confirm_independence(user, complaint):
        raise Denied("only a manager can confirm that someone never considered a stage (2024 6.13)")
    if need == "correct-received-date" and not can_correct_received_date(user, complaint):
        raise Denied(
            "only the complaints officer, a manager or an administrator can correct the day received (2024 5.12)"
        )
    return complaint


class Problem(Schema):
    """A refused request. ``provision`` cites the Code when a rule of the Code refused it; ``detail``
    says why, or (bad input) lists each field's problem as ``{"type", "loc", "msg"}``."""

    provision: str | None = None
    detail: str | list[dict[str, Any]]
    missing: list[str] = []


#: the problems any operation with a token can answer (429: past the API's rate limit,
#: ``putright.web.ratelimits``, with ``Retry-After``)
REFUSALS: dict[int, Any] = {401: Problem, 403: Problem, 422: Problem, 429: Problem}
#: and an operation on one complaint
ON_A_COMPLAINT: dict[int, Any] = {**REFUSALS, 404: Problem}
#: and a step the complaint's state may not allow
STEP_REFUSALS: dict[int, Any] = {**ON_A_COMPLAINT, 409: Problem}
#: a request body that is not JSON at all
UNREADABLE_BODY: dict[int, Any] = {400: Problem}
