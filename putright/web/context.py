"""Template context every page needs: the landlord's name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def landlord(request: HttpRequest) -> dict[str, Any]:
    from putright.complaints.rules import landlord_and_rules

    return {
        "landlord_name": landlord_and_rules()[0].name,  # read once per request with the rules
        "oidc_enabled": bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")),
    }
