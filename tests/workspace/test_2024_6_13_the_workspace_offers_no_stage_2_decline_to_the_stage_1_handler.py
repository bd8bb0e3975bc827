"""2024 6.13: "The person considering the complaint at stage 2 must not be the same person that
considered the complaint at stage 1." A browser walk found the stage 1 handler offered "Decline the
complaint" at stage 2, and the decline and its letter went through. The case page offers the stage 1
handler no stage 2 step the core refuses them; opened by its address, the decline page says so up
front; the stage 2 handler is offered it as before."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.complaints.services import Told

pytestmark = pytest.mark.django_db


def _stage_2_acknowledged(make: Make, staff: dict[str, User]) -> Complaint:
    """Hana considered stage 1; Hugo is given stage 2 and acknowledges it."""
    complaint = make("escalation_requested", handler=staff["hana"])
    complaint = services.allocate_handler(complaint=complaint, actor=staff["manager"], handler=staff["hugo"])
    return services.acknowledge_complaint(
        complaint=complaint,
        actor=staff["hugo"],
        complaint_definition="The mould came back after the stage 1 repair.",
        outcomes_sought="A lasting repair.",
        responsible_for="The repair.",
        told=Told(method="post", on=complaint.received_on, body="Sent by post."),
    )


def _next_steps(client: Client, complaint: Complaint) -> str:
    page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    return page.split('id="next-steps"', 1)[1].split("</ul>", 1)[0]


def test_2024_6_13_the_stage_1_handler_is_not_offered_stage_2_steps(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    client.force_login(staff["hana"])
    steps = _next_steps(client, complaint)
    assert "Decline the complaint" not in steps
    assert f"/workspace/complaints/{complaint.reference}/respond/" not in steps
    client.force_login(staff["hugo"])
    steps = _next_steps(client, complaint)
    assert "Decline the complaint" in steps
    assert f"/workspace/complaints/{complaint.reference}/respond/" in steps


def test_2024_6_13_the_decline_page_says_up_front_who_may_not_take_it(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    warning = page.split('id="not-theirs"', 1)[1].split("</strong>", 1)[0]
    assert "You considered an earlier stage of this complaint" in warning
    assert "(2024 6.13)" in warning
    client.force_login(staff["hugo"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    assert 'id="not-theirs"' not in page
