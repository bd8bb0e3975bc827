"""The putting-right panel on the workspace case page and the shortfall warning on the letter draft
page, as inclusion tags so those pages need one line each."""

from __future__ import annotations

from typing import Any

from django import template

from putright.code.compensation import guidance_editions
from putright.complaints.models import Complaint
from putright.ombudsman.models import ComplaintFileProduced, FailureFound, StaffNote
from putright.ombudsman.services import shortfalls
from putright.workspace.presence import known_absent

register = template.Library()


@register.inclusion_tag("ombudsman/_case_panel.html")
def putting_right_panel(complaint: Complaint, can_act: bool) -> dict[str, Any]:
    labels = {r.kind: r.label for g in guidance_editions() for r in g.rates}
    # the case page asked first which of these tables hold anything for the complaint
    rows = (
        []
        if known_absent(complaint, "failures")
        else list(
            FailureFound.objects.filter(complaint=complaint).select_related("decision").order_by("number")
        )
    )
    failures = [
        {
            "number": row.number,
            "label": labels.get(row.kind, row.kind.replace("_", " ").capitalize()),
            "row": row,
            "decision": getattr(row, "decision", None),
        }
        for row in rows
    ]
    return {
        "complaint": complaint,
        "can_act": can_act,
        "failures": failures,
        "waiting": any(f["decision"] is None for f in failures),
        "shortfalls": [] if known_absent(complaint, "decisions") else shortfalls(complaint),
        "notes": []
        if known_absent(complaint, "staff_notes")
        else list(StaffNote.objects.filter(complaint=complaint).select_related("written_by")),
        "files": []
        if known_absent(complaint, "complaint_files")
        else list(ComplaintFileProduced.objects.filter(complaint=complaint)[:1]),
    }


@register.inclusion_tag("ombudsman/_shortfalls.html")
def remedy_shortfalls(complaint: Complaint) -> dict[str, Any]:
    return {"shortfalls": shortfalls(complaint)}
