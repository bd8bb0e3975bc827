"""What the staff navigation may offer, from the policy (no database query: roles only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putright.access.policy import (
    handles_complaints,
    handles_data_protection,
    imports_complaints,
    uses_admin_site,
)


def access(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "may_handle_complaints": bool(handles_complaints(user)),
        "may_use_admin_site": bool(uses_admin_site(user)),
        "may_handle_data_protection": bool(handles_data_protection(user)),
        "may_import_complaints": bool(imports_complaints(user)),
    }
