"""The Django admin in the access log: every admin page served to a signed-in administrator is one
row (one ``INSERT``, no read). The admin's own address names what it showed
(``/admin/<app>/<model>/<id>/change/``): a complaint's or a resident's page is logged against that
complaint or resident, so it shows on their access log; any other admin page is kept with its
address and object id."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from putright.access.log import What, record_access

_OBJECT = re.compile(r"^/admin/(\w+)/(\w+)/(\d+)/")
_ABOUT = {("complaints", "complaint"): "complaint", ("complaints", "resident"): "resident"}


class AdminAccessLog:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        if (
            path.startswith("/admin/")
            and request.method == "GET"
            and response.status_code == 200
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and not path.startswith(("/admin/jsi18n/", "/admin/login/", "/admin/logout/"))
        ):
            match = _OBJECT.match(path)
            object_id = int(match.group(3)) if match else None
            about = _ABOUT.get((match.group(1), match.group(2))) if match else None
            record_access(
                request,
                what=What.ADMIN,
                object_id=object_id,
                complaint_id=object_id if about == "complaint" else None,
                resident_id=object_id if about == "resident" else None,
            )
        return response
