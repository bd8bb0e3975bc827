"""2024 6.13: "the person considering the complaint at stage 2 must not be the same person that
considered it at stage 1". In a browser walk the stage 1 handler was offered "Acknowledge and define
the complaint" and "Send the stage response" at stage 2, and refused only after filling the form in.
The step's page now says so when it opens; the core still refuses, and anyone else sees no warning."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User

pytestmark = pytest.mark.django_db


def test_2024_6_13_the_stage_1_handler_is_told_before_filling_in_a_stage_2_step(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("escalation_requested", handler=staff["hana"])
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/").content.decode()
    warning = page.split('id="not-theirs"', 1)[1].split("</strong>", 1)[0]
    assert "You considered an earlier stage of this complaint" in warning
    assert "(2024 6.13)" in warning and "Ask the stage 2 handler to take it." in warning


def test_2024_6_13_someone_new_to_the_complaint_sees_no_warning(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("escalation_requested", handler=staff["hana"])
    client.force_login(staff["hugo"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/").content.decode()
    assert 'id="not-theirs"' not in page


def test_2024_6_13_no_warning_at_stage_1(client: Client, staff: dict[str, User], make: Make) -> None:
    complaint = make("complaint", handler=staff["hana"])
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/acknowledge/").content.decode()
    assert 'id="not-theirs"' not in page
