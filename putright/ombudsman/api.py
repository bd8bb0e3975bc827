"""REST API v1: the Ombudsman's complaint file.

* ``GET /api/v1/complaints/{reference}/ombudsman-file``: produces the file and returns the ZIP (the
  PDF, the originals, ``manifest.json`` and ``SHA256SUMS``); ``?part=pdf`` returns the PDF alone;
  ``?staff_notes=true`` includes staff-only notes. Producing it is recorded on the case. The same
  permission as reading the case (``workspace.view_complaint``), checked by the policy's gate with
  the token: 403 for the people who do not handle complaints, 404 for a complaint one may not see.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from putright.accounts.models import User
from putright.api.access import ON_A_COMPLAINT, Gate
from putright.complaints.models import Complaint
from putright.ombudsman.casefile import produce_complaint_file, stored
from putright.workspace.permissions import scope

router = Router(tags=["ombudsman"])


@router.get(
    "/complaints/{reference}/ombudsman-file",
    # 200 is a file, described only below: given here too, ninja wrote a second "200" (its key an
    # int, this one a string) and the JSON had the key twice, which the docs page cannot parse
    response=ON_A_COMPLAINT,
    auth=Gate("view"),
    summary="Produce the complaint file for the Ombudsman (ZIP, or the PDF with part=pdf)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The ZIP (the PDF, the originals, manifest.json, SHA256SUMS), or the PDF",
                "content": {
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def ombudsman_file(
    request: HttpRequest, reference: str, part: Literal["zip", "pdf"] = "zip", staff_notes: bool = False
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    complaint = scope(user).filter(reference=reference).first()
    if complaint is None or not user.has_perm("workspace.view_complaint", complaint):
        raise Complaint.DoesNotExist("no such complaint")
    record = produce_complaint_file(complaint=complaint, actor=user, include_staff_notes=staff_notes)
    data = stored(record, part)
    response = HttpResponse(data, content_type="application/pdf" if part == "pdf" else "application/zip")
    response["Content-Disposition"] = f'attachment; filename="complaint-file-{complaint.reference}.{part}"'
    response["X-Complaint-File-SHA256"] = record.pdf_sha256 if part == "pdf" else record.zip_sha256
    return response
