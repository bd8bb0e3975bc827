"""Writes and look-ups for accounts: API tokens (named, expiring, revocable)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from putright.accounts.models import ApiToken, Role, User
from putright.complaints.lookup import by_key

#: ``last_used`` is written at most this often per token, so busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


class TokenRequestError(ValueError):
    """A token asked for with a lifetime or name that is not allowed."""


def token_lifetime(days: int | None) -> timedelta:
    if days is None:
        days = settings.PUTRIGHT_API_TOKEN_DAYS
    longest = settings.PUTRIGHT_API_TOKEN_MAX_DAYS
    if not 1 <= days <= longest:
        raise TokenRequestError(f"a token must last between 1 and {longest} days")
    return timedelta(days=days)


@transaction.atomic
def create_api_token(user: User, name: str = "", *, days: int | None = None) -> tuple[str, ApiToken]:
    """A new token for ``user`` lasting ``days`` (default ``PUTRIGHT_API_TOKEN_DAYS``). Returns the
    plaintext (show it once; it is not stored) and the row."""
    if len(name.strip()) > 100:
        raise TokenRequestError("a token's name must be 100 characters or fewer")
    expires_at = timezone.now() + token_lifetime(days)
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        key_hash=hash_token(plaintext),
        prefix=plaintext[:8],
        expires_at=expires_at,
    )
    return plaintext, token


def user_for_token(plaintext: str) -> User | None:
    """The active user a token belongs to, or ``None`` for an unknown, revoked, expired or inactive one."""
    if not plaintext:
        return None
    now = timezone.now()
    token = by_key(ApiToken, key_hash=hash_token(plaintext), related="user")
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def revoke_api_token(token: ApiToken, by: User | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """Everyone sees their own tokens; an administrator sees and may revoke everyone's."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return tokens
    return tokens.filter(user=user)
