"""Template context every page needs: the landlord's name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def landlord(request: HttpRequest) -> dict[str, Any]:
    from putright.complaints.models import Landlord

    return {
        "landlord_name": Landlord.load().name,
        "oidc_enabled": bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")),
    }
