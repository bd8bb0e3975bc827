"""URL configuration.

``urlpatterns`` below is the one place to add routes: the REST API (``putright.api``), the staff
workspace and the resident portal each append their own ``path(...)`` here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    # --- extend here: API, workspace, portal -------------------------------------------------
    path("api/", include("putright.api.urls")),
    path("letters/", include("putright.letters.urls")),
    path("governance/", include("putright.governance.urls")),
    path("published/", include("putright.governance.public_urls")),
    path("workspace/imports/", include("putright.imports.urls")),
    path("workspace/", include("putright.workspace.urls")),
    path("records/erase-resident/", include("putright.records.erasure_urls")),
    path("account/", include("putright.accounts.urls")),
    *([path("oidc/", include("mozilla_django_oidc.urls"))] if settings.OIDC_RP_CLIENT_ID else []),
    path("intake/", include("putright.intake.urls")),
    path("putting-right/", include("putright.ombudsman.urls")),
    path("data-protection/", include("putright.records.urls")),
    path("", include("putright.portal.urls")),
    path("", include("putright.web.urls")),
]
