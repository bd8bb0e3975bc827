"""Signing in to follow one complaint: a 6-digit code or a single-use link, sent by email.

* A request names a reference and an email address. Only when the address is the resident's or
  their representative's (once the resident's consent to them acting is recorded) is anything sent; the page says the same either way, does the same work
  (the look-up and the email happen in a queued task, :mod:`putright.portal.tasks`), and a wrong code
  gets one answer whatever the reason, so the form cannot be used to find out who has complained.
* Each email carries a code and a link. Both are stored only as HMAC-SHA256 hashes keyed with the
  site's secret, expire after ``LIFETIME``, and are used once (using one uses the other).
* A code allows ``MAX_ATTEMPTS`` guesses; at most ``MAX_SENDS`` emails go to one address for one
  complaint in any ``SEND_WINDOW``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from putright.complaints.models import Complaint
from putright.intake.outbound import complaint_addresses
from putright.portal.models import AccessCode

LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_SENDS = 3
SEND_WINDOW = timedelta(minutes=15)


def _hash(kind: str, value: str) -> str:
    key = f"putright.portal.{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def allowed_addresses(complaint: Complaint) -> set[str]:
    """Who may follow ``complaint``: the resident, and their representative once the resident's
    consent to them acting is recorded (2024 3.6). Before that the representative would read the
    landlord's letters to the resident."""
    return {address.lower() for address in complaint_addresses(complaint)}


def find_complaint(reference: str, email: str) -> Complaint | None:
    complaint = (
        Complaint.objects.select_related("resident", "representative").filter(reference=reference).first()
    )
    if complaint is None or email.strip().lower() not in allowed_addresses(complaint):
        return None
    return complaint


class TooManyCodes(Exception):
    def __init__(self, wait_minutes: int) -> None:
        super().__init__(f"wait {wait_minutes} minutes")
        self.wait_minutes = wait_minutes


@dataclass(frozen=True)
class Issued:
    access: AccessCode
    code: str
    token: str


def issue(complaint: Complaint, email: str) -> Issued:
    """A new code and link for ``email`` to follow ``complaint``; :class:`TooManyCodes` past the limit."""
    now = timezone.now()
    address = email.strip().lower()
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        recent = list(
            AccessCode.objects.filter(
                complaint=complaint, email=address, created_at__gte=now - SEND_WINDOW
            ).order_by("created_at")
        )
        if len(recent) >= MAX_SENDS:
            free_at = recent[0].created_at + SEND_WINDOW
            raise TooManyCodes(max(1, int((free_at - now).total_seconds() // 60) + 1))
        code = f"{secrets.randbelow(1_000_000):06d}"
        token = secrets.token_urlsafe(32)
        access = AccessCode.objects.create(
            complaint=complaint,
            email=address,
            code_hash=_hash("code", code),
            link_hash=_hash("link", token),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    return Issued(access, code, token)


class CodeProblem(Exception):
    """Why a code or link did not work, in words for the resident."""


#: The one answer to any code that does not work (wrong, expired, too many tries, or no code at all):
#: a different answer for each would tell whether the reference and email address go together.
CODE_NOT_RIGHT = (
    "The security code is not right or has expired. A code works for 15 minutes and for 5 tries: "
    "check the newest email we sent, or get a new code"
)


def redeem_code(reference: str, email: str, code: str) -> AccessCode:
    """The code used, with the complaint it opens and the address it was sent to, or :class:`CodeProblem` (always :data:`CODE_NOT_RIGHT`). Every
    wrong guess counts (and is saved before the problem is raised, so a rollback cannot undo it)."""
    now = timezone.now()
    opened = False
    with transaction.atomic():
        access = (
            AccessCode.objects.select_for_update()
            .filter(complaint__reference=reference, email=email.strip().lower(), used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if access is not None and access.expires_at > now and access.attempts < MAX_ATTEMPTS:
            if hmac.compare_digest(access.code_hash, _hash("code", code)):
                access.used_at = now
                access.save(update_fields=["used_at"])
                opened = True
            else:
                access.attempts += 1
                access.save(update_fields=["attempts"])
    if not opened or access is None:
        raise CodeProblem(CODE_NOT_RIGHT)
    return access


def redeem_link(token: str) -> AccessCode:
    """The link used, with the complaint it opens and the address it was sent to, or :class:`CodeProblem`."""
    now = timezone.now()
    problem = ""
    with transaction.atomic():
        access = AccessCode.objects.select_for_update().filter(link_hash=_hash("link", token)).first()
        if access is None:
            problem = "This link is not right. Ask for a new one"
        elif access.used_at is not None:
            problem = "This link has already been used. Ask for a new one"
        elif access.expires_at <= now:
            problem = "This link has expired. Ask for a new one"
        else:
            access.used_at = now
            access.save(update_fields=["used_at"])
    if problem or access is None:
        raise CodeProblem(problem)
    return access
