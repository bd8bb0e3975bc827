"""2024 7.3: a withdrawn remedy is shown as withdrawn wherever the remedy is read, not only on the
case page: the resident's /track/ page promised it still ("£80, by 19 December"), and the complaint
file for the Ombudsman printed it as "Not yet" done (both found by an adversarial review)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.ombudsman.casefile import _context
from putright.portal.views import FOLLOWING

pytestmark = pytest.mark.django_db


def _withdrawn(make: Make, staff: dict[str, User], ground: str) -> Complaint:
    complaint = make("stage_1_acknowledged", received_on=working_days_ago(1))
    complaint = services.agree_remedy(
        complaint=complaint,
        actor=staff["hana"],
        remedy_kind="financial",
        description="Compensation for the delay",
        due=timezone.localdate() + timedelta(days=14),
        agreed_with_resident=True,
        amount_pence=8000,
    )
    return services.withdraw_remedy(
        complaint=complaint,
        actor=staff["hana"],
        number=1,
        ground=ground,
        reason="Said no thanks on the phone",
    )


@pytest.mark.parametrize(
    ("ground", "told"),
    [
        ("declined_by_resident", "you told us you did not want it"),
        ("recorded_in_error", "it was recorded by mistake"),
        ("replaced", "replaced by another way of putting things right"),
    ],
)
def test_the_resident_is_told_it_is_not_going_ahead(
    client: Client, make: Make, staff: dict[str, User], ground: str, told: str
) -> None:
    complaint = _withdrawn(make, staff, ground)
    session = client.session
    session[FOLLOWING] = {
        "id": complaint.pk,
        "parties": [complaint.resident_id, complaint.representative_id],
        "until": (timezone.now() + timedelta(hours=1)).timestamp(),
    }
    session.save()
    html = client.get("/track/complaint/").content.decode()
    (line,) = [li for li in html.split("<li>") if "Compensation for the delay" in li]
    assert "Not going ahead" in line and told in line, line
    assert not re.search(r"by \d+ \w+ \d{4}", line.split("</li>")[0]), line
    assert "Said no thanks" not in line  # staff's words stay on the staff's record


def test_the_ombudsman_complaint_file_shows_the_withdrawal_with_its_reason(
    make: Make, staff: dict[str, User]
) -> None:
    complaint = _withdrawn(make, staff, "declined_by_resident")
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff["officer"])
    html = render_to_string("ombudsman/complaint_file.html", context)
    (row,) = [
        r.split("</tr>")[0]
        for r in html.split("<tr>")
        if "Compensation for the delay" in r and "<td>1</td>" in r
    ]
    assert "Not yet" not in row
    assert (
        f"Withdrawn {timezone.localdate():%-d %b %Y} (declined by the resident): Said no thanks on the phone"
        in row
    )


def test_the_timeline_says_which_remedy_each_entry_is_about(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """Found in a browser walk: with four remedies, "Remedy agreed", "Remedy completed" and "Remedy
    withdrawn" said nothing of which; the full record did not read on its own."""
    from putright.complaints.selectors import complaint_detail

    complaint = _withdrawn(make, staff, "declined_by_resident")
    details = [
        e.detail for e in complaint_detail(reference=complaint.reference).timeline if e.kind == "event"
    ]
    due = timezone.localdate() + timedelta(days=14)
    assert f"Remedy 1: Compensation for the delay (£80), by {due:%-d %B %Y}" in details
    assert "Remedy 1, declined by the resident: Said no thanks on the phone" in details
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Remedy 1, declined by the resident: Said no thanks on the phone" in page
