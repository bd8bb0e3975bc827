"""Staff sign-in: brute-force protection (django-axes) and optional single sign-on with the
landlord's identity provider (OpenID Connect via mozilla-django-oidc, e.g. Microsoft Entra ID).

Single sign-on maps the person to an existing PutRight account by email address (case-insensitive,
active accounts only); it creates accounts only when ``OIDC_CREATE_USER=1``, and then as complaint
handlers with no team, for an administrator to adjust. Roles and teams stay in PutRight.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from putright.accounts.models import Role


class AxesBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' lockout check for every sign-in made over HTTP.

    Django's sign-in page always passes the request, so it is always checked. A call without one
    (``Client.login`` in tests, the shell) is not a sign-in attempt from the web and is left to the
    other backends instead of raising ``AxesBackendRequestParameterRequired``."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


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
