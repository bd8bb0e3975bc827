"""Staff sign-in: brute-force protection (django-axes) and optional single sign-on with the
landlord's identity provider (OpenID Connect via mozilla-django-oidc, e.g. Microsoft Entra ID).

Single sign-on maps the person to an existing PutRight account by email address (case-insensitive,
active accounts only); it creates accounts only when ``OIDC_CREATE_USER=1``, and then as complaint
handlers with no team, for an administrator to adjust. Roles and teams stay in PutRight.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


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


def __getattr__(name: str) -> Any:
    """``putright.workspace.auth.StaffOIDCBackend`` (the settings' and stored sessions' name for it)
    is defined in ``putright.workspace.oidc`` and imported only when asked for: mozilla-django-oidc
    brings requests, PyJWT and cryptography, about 13 MB in every web worker of a landlord that
    does not use single sign-on, because every sign-in imports this module for AxesBackend."""
    if name == "StaffOIDCBackend":
        from putright.workspace.oidc import StaffOIDCBackend

        return StaffOIDCBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
