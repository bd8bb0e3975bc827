"""How to knock on a door: the address of a URL pattern or API operation, with its parameters filled
from the access tests' landlord (``World``) for one relation of the complaint to the handler."""

from __future__ import annotations

import re
from typing import Any

from access.conftest import World

from putright.complaints.models import Complaint, Correspondence
from putright.records.models import LegalHold

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def door_values(world: World, route: str, relation: str | None) -> dict[str, str]:
    g = world.governance
    values: dict[str, Any] = {
        "token": "not-a-real-link",
        "year": g["year"],
        "quarter": 1,
        "fmt": "docx",
        "kind": "stage1-response",
        "provision": g["provision"],
        "slug": "respond",
        "app_label": "complaints",
        "content_type_id": 1,
        "object_id": 1,
        "id": 1,
        "url": "nowhere/",
        "number": 1,
        "what": "note",
        "which": "pdf",
    }
    if "annual" in route:
        values["year"] = g["annual"].year
    if route.startswith("governance/self-assessment/"):
        values["pk"] = g["assessment"].pk
    elif route.startswith("governance/learning/improvements/"):
        values["pk"] = g["improvement"].pk
    elif route.startswith(("governance/ombudsman/", "putting-right/ombudsman-cases/")):
        values["pk"] = g["ombudsman"].pk
    elif route.startswith("governance/submission/"):
        values["pk"] = g["submission"].pk
    elif route.startswith("governance/oversight/reports/"):
        values["pk"] = g["run"].pk
    elif route.startswith("admin/otp_totp/totpdevice/<int:pk>/"):
        values["pk"] = g["totp_device"].pk
    elif route.startswith("workspace/imports/<int:pk>/"):
        values["pk"] = g["import_run"].pk
    elif route.startswith("account/tokens/"):
        values["pk"] = world.users["officer"].api_tokens.get().pk
    elif route.startswith("track/complaint/letters/"):
        values["pk"] = world.cases["own"].letter.pk
    if relation is not None:
        case = world.cases[relation]
        values.update(
            reference=case.complaint.reference,
            letter_id=case.letter.pk,
            draft_id=case.draft.pk,
            delivery_id=case.delivery_id,
            held_id=case.held.pk,
            # a piece of the complaint's correspondence: the door is the complaint's (a body the
            # schema refuses answers 422 to whoever is let in, before the id is looked at)
            correspondence_id=Correspondence.objects.filter(complaint=case.complaint).values_list(
                "pk", flat=True
            )[0],
        )
        if route.startswith("workspace/complaints/<str:reference>/documents/<int:pk>"):
            values["pk"] = case.document.pk
        elif route.startswith("intake/flags/"):
            values["pk"] = case.flag.pk
        elif route.startswith("workspace/complaints/<str:reference>/record/<slug:what>/<int:pk>"):
            values.update(what="adjustment-review", pk=case.adjustment.pk)
        elif route.startswith("workspace/complaints/<str:reference>/replies/"):
            values["pk"] = case.reply.pk
        elif route.startswith("putting-right/<str:reference>/file/"):
            values["pk"] = case.complaint_file.pk
        elif route.startswith("data-protection/holds/<int:pk>/"):
            values["pk"] = _hold_on(case.complaint).pk
        elif route.startswith(("governance/ombudsman/<int:pk>/", "putting-right/ombudsman-cases/<int:pk>/")):
            values["pk"] = case.ombudsman_case.pk
        values.update(resident_id=case.complaint.resident_id, contact_id=case.complaint.resident_id)
        if route.startswith("data-protection/matches/"):
            # the relation's resident as the contact, matched against a resident everyone may handle
            known = world.cases["unallocated" if relation != "unallocated" else "own"].complaint
            values["resident_id"] = known.resident_id
    return {k: str(v) for k, v in values.items()}


def _hold_on(complaint: Complaint) -> LegalHold:
    """A legal hold in force on ``complaint``, to knock on the door that lifts it."""
    hold = LegalHold.objects.filter(complaint=complaint, lifted_at__isnull=True).first()
    return hold or LegalHold.objects.create(complaint=complaint, reason="Litigation", placed_by="officer")


def door_url(route: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    path = PARAMETER.sub(fill, route.replace("{", "<").replace("}", ">")).replace("^", "").replace("$", "")
    return path if path.startswith("/") else "/" + path
