"""Writes and look-ups for accounts: API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from putright.accounts.models import ApiToken, User

#: ``last_used`` is written at most this often per token, so busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str = "") -> tuple[str, ApiToken]:
    """A new token for ``user``. Returns the plaintext (show it once; it is not stored) and the row."""
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), key_hash=hash_token(plaintext), prefix=plaintext[:8]
    )
    return plaintext, token


def user_for_token(plaintext: str) -> User | None:
    """The active user a token belongs to, or ``None`` for an unknown, revoked or inactive one."""
    if not plaintext:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def revoke_api_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
