"""2024 5.12 (keep a full record) and 6.9: a held stage response whose letter could not be issued
("The letter no longer says what the response records ... discard the held response and record it
again") had to be discarded, and the form then opened empty: the decision, reasons and remedy the
handler had written were lost to them, though the record kept them (browser walk). Discarding now
offers "Discard it and record it again", which opens the step's form filled in with what was written;
nothing is recorded until it is submitted."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints.models import Complaint, PendingStep

pytestmark = pytest.mark.django_db


def _held_response(client: Client, hana: User, complaint: Complaint) -> PendingStep:
    assert _post(client, hana, complaint, "respond", RESPONSE).status_code == 302
    return PendingStep.objects.get(complaint=complaint, step="respond", state=PendingStep.State.PENDING)


def test_2024_5_12_discarding_a_response_to_record_it_again_keeps_what_was_written(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    url = f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    asked = client.get(url).content.decode()
    assert "Discard it and record it again" in asked and "opens the form filled in with it" in asked
    done = client.post(url, {"then": "again"})
    assert done.status_code == 302
    assert done["Location"] == f"/workspace/complaints/{complaint.reference}/respond/?again={held.pk}"
    held.refresh_from_db()
    assert held.state == PendingStep.State.DISCARDED
    page = client.get(done["Location"]).content.decode()
    assert 'id="recorded-again"' in page and "Filled in with what was written for the" in page
    for value in (
        RESPONSE["decision"],
        RESPONSE["reasons"],
        RESPONSE["remedy"],
        RESPONSE["outstanding_actions"],
    ):
        assert value in page
    assert 'value="upheld" checked' in page
    # nothing recorded until it is submitted again
    assert not PendingStep.objects.filter(complaint=complaint, state=PendingStep.State.PENDING).exists()


def test_2024_5_12_discarding_alone_still_goes_back_to_the_case(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    done = client.post(f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/")
    assert done["Location"] == f"/workspace/complaints/{complaint.reference}/"


def test_2024_5_12_only_a_discarded_step_of_the_complaint_and_kind_fills_a_form(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    """Another complaint's discarded response, a response still waiting, or another kind of step
    fill nothing in."""
    hana = staff["hana"]
    first, second = make(), make()
    theirs = _held_response(client, hana, first)
    client.post(f"/workspace/complaints/{first.reference}/held/{theirs.pk}/discard/")
    waiting = _held_response(client, hana, second)
    for again in (theirs.pk, waiting.pk, "x", ""):
        page = client.get(f"/workspace/complaints/{second.reference}/respond/?again={again}").content.decode()
        assert 'id="recorded-again"' not in page and RESPONSE["reasons"] not in page, again
    client.post(f"/workspace/complaints/{second.reference}/held/{waiting.pk}/discard/")
    extend = client.get(
        f"/workspace/complaints/{second.reference}/extend/?again={waiting.pk}"
    ).content.decode()
    assert 'id="recorded-again"' not in extend


def test_2024_5_12_a_digit_int_cannot_read_fills_nothing_and_is_no_error(
    client: Client,
    staff: dict[str, User],
    make: Make,
) -> None:
    """helper-120: "?again=²" passed isdigit() and int() raised: a 500."""
    complaint = make()
    client.force_login(staff["hana"])
    for again in ("²", "①", "١٢"):
        page = client.get(f"/workspace/complaints/{complaint.reference}/respond/?again={again}")
        assert page.status_code == 200 and 'id="recorded-again"' not in page.content.decode()
