"""Single sign-on with the landlord's identity provider (OpenID Connect via mozilla-django-oidc):
staff are found by the identity provider's email claim. Settings and sessions name the backend
``putright.workspace.auth.StaffOIDCBackend``; see ``putright.workspace.auth``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from putright.accounts.models import Role


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Finds the member of staff by the ``email`` claim of the identity provider."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        email = (claims.get("email") or claims.get("preferred_username") or claims.get("upn") or "").strip()
        users = get_user_model().objects.filter(is_active=True)
        if not email or "@" not in email:
            return users.none()
        return users.filter(email__iexact=email)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = claims.get("email") or claims.get("preferred_username") or claims.get("upn") or ""
        return "@" in str(email)

    def create_user(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or claims.get("preferred_username") or claims.get("upn") or "").strip()
        user = get_user_model().objects.create_user(
            username=email.lower(),
            email=email,
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            role=Role.COMPLAINT_HANDLER,
        )
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        changed = False
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = claims.get(claim)
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save(update_fields=["first_name", "last_name"])
        return user
