"""An id posted from a form that is a digit to ``str.isdigit()`` but no number to ``int()`` ("²", a
tampered form) was a server error: the case page's "told by a letter issued earlier" (2024 5.12) and
the new contact page's resident chosen (2024 3.1). Each is read as no letter, no resident chosen:
said, nothing recorded."""

from __future__ import annotations

from typing import Any

from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_5_12_h187_a_refused_step_or_case_page_form_comes_back_at_422_on_its_field import (
    _held_with_a_letter_on_time_only_by_its_date,
)

from putright.accounts.models import User
from putright.complaints.models import Complaint, PendingStep

NO_NUMBER = "\u00b2"  # superscript two: str.isdigit() says yes, int() refuses it


def test_2024_5_12_a_letter_posted_as_told_by_that_is_no_number_is_no_letter_not_a_server_error(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint, held, _letter = _held_with_a_letter_on_time_only_by_its_date(client, staff, make)
    client.raise_request_exception = False
    response = client.post(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/told-by-letter/", {"letter": NO_NUMBER}
    )
    assert response.status_code == 302, response.status_code
    assert PendingStep.objects.get(pk=held.pk).state == PendingStep.State.PENDING


def test_2024_3_1_a_resident_chosen_on_a_new_contact_that_is_no_number_is_not_a_server_error(
    client: Client, staff: dict[str, User]
) -> None:
    client.force_login(staff["hana"])
    client.raise_request_exception = False
    before = Complaint.objects.count()
    response = client.post("/workspace/new/", {"resident": NO_NUMBER})
    assert response.status_code < 500, response.status_code
    assert Complaint.objects.count() == before
