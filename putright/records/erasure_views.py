"""The workspace page to erase (anonymise) a resident, reached from one of their complaints: a
confirm screen that says what will be erased and what is kept, refused under a legal hold. The
erasure itself is :func:`putright.records.erasure.erase_resident` (audited, recorded)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from putright.access.policy import can_erase_resident, can_view_complaint, scope
from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.records.erasure import ErasureError, Plan, erase_resident, plan
from putright.records.retention import HoldError
from putright.web.widgets import Textarea


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Why is this resident being erased?",
        help_text="For example the erasure request's reference and date. Recorded with the erasure.",
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand the erased details cannot be brought back",
        error_messages={"required": "Confirm that you understand the erasure cannot be undone"},
    )


def _complaint(request: HttpRequest, reference: str) -> Complaint:
    complaint = scope(request.user).select_related("resident").filter(reference=reference).first()
    if complaint is None or not can_view_complaint(request.user, complaint):
        raise Http404("No complaint with that reference that you can see")
    if not can_erase_resident(request.user, complaint):
        raise PermissionDenied("Erasing a resident is for the complaints officer or an administrator")
    return complaint


def _page(
    request: HttpRequest, complaint: Complaint, what: Plan, form: ErasureForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "records/erase_resident.html",
        {"nav_section": "queue", "complaint": complaint, "plan": what, "form": form},
        status=status,
    )


@login_required
def erase(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference)
    what = plan(complaint.resident)
    if request.method != "POST":
        return _page(request, complaint, what, ErasureForm())
    form = ErasureForm(request.POST)
    if what.holds:
        form.add_error(None, "This resident cannot be erased while a legal hold is in force.")
        return _page(request, complaint, what, form, status=409)
    if not form.is_valid():
        return _page(request, complaint, what, form, status=400)
    user = request.user
    by = (user.get_full_name() if isinstance(user, User) else "") or user.get_username()
    try:
        record = erase_resident(complaint.resident, by=by, reason=form.cleaned_data["reason"])
    except (HoldError, ErasureError) as error:
        form.add_error(None, str(error))
        return _page(request, complaint, plan(complaint.resident), form, status=409)
    messages.success(
        request,
        f"Resident erased: {len(record.detail['complaints'])} complaint(s) anonymised, recorded by {record.by}.",
    )
    return HttpResponseRedirect(reverse("workspace:case", args=[complaint.reference]))
