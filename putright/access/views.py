"""The access log of a complaint (page and CSV, for the complaints officer) and the landing page
after sign-in, which depends on the person's role."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from putright.access.log import What, record_access
from putright.access.models import AccessRecord
from putright.access.policy import can_read_access_log, can_view_complaint, landing_url, scope
from putright.complaints.models import Complaint
from putright.letters.placeholders import spreadsheet_safe

COLUMNS = ["when", "who", "role", "how", "what", "object_id", "door", "address"]


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(landing_url(request.user))


def _complaint(request: HttpRequest, reference: str) -> Complaint:
    complaint = scope(request.user).filter(reference=reference).first()
    if complaint is None or not can_view_complaint(request.user, complaint):
        raise Http404("No complaint with that reference that you can see")
    if not can_read_access_log(request.user, complaint):
        raise PermissionDenied("The access log is for the complaints officer")
    return complaint


def _records(complaint: Complaint) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(complaint=complaint).select_related("user")


@login_required
def access_log(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.ACCESS_LOG)
    page = Paginator(_records(complaint), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "access/access_log.html",
        {"nav_section": "queue", "complaint": complaint, "page": page},
    )


@login_required
def access_log_csv(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.ACCESS_LOG, how="downloaded")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{complaint.reference}-access-log.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for record in _records(complaint):
        user = record.user
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in (
                    record.at.isoformat(),
                    user.get_username() if user else "",
                    user.get_role_display() if user else "",
                    record.how,
                    record.what,
                    record.object_id or "",
                    record.door,
                    record.path,
                )
            ]
        )
    return response
