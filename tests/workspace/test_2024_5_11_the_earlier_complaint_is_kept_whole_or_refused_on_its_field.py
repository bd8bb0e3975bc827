"""2024 5.11 ("Landlords must clearly set out these reasons") and 5.12 (a full record): the earlier
complaint a refusal names was a 40-character field the browser cut silently (its ``maxlength``), so
"This matter was considered under PR-000317 last year" was recorded as "... under PR-0003": another
complaint's reference, shown on the case page, in the API and in the letter (browser walk 206). A
sentence is kept whole; one too long is refused on its field, with what was typed kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_5_11_declining_at_stage_2_asks_which_earlier_complaint_considered_it import DECLINE
from workspace.test_2024_6_13_the_workspace_offers_no_stage_2_decline_to_the_stage_1_handler import (
    _stage_2_acknowledged,
)
from workspace.test_case_page_and_actions import _issue_the_letter, _post, _summary

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent
from putright.workspace.forms import EARLIER_COMPLAINT_MOST

pytestmark = pytest.mark.django_db

SENTENCE = "This matter was considered under PR-000317 last year, at stage 2, by the same team"


def test_2024_5_11_the_browser_is_never_left_to_cut_the_earlier_complaint_short(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    client.force_login(staff["hugo"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/decline/").content.decode()
    field = page[page.index('name="previously_considered_in"') :].split(">", 1)[0]
    assert "maxlength" not in field


def test_2024_5_11_a_sentence_naming_the_earlier_complaint_is_recorded_whole(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    assert len(SENTENCE) > 40
    complaint = _stage_2_acknowledged(make, staff)
    held = _post(
        client, staff["hugo"], complaint, "decline", {**DECLINE, "previously_considered_in": SENTENCE}
    )
    _issue_the_letter(client, staff["hugo"], held, complaint)
    event = ComplaintEvent.objects.get(complaint=complaint, kind="declined")
    assert event.data["previously_considered_in"] == SENTENCE


def test_2024_5_11_an_earlier_complaint_too_long_is_refused_on_its_field_with_what_was_typed_kept(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _stage_2_acknowledged(make, staff)
    typed = "x" * (EARLIER_COMPLAINT_MOST + 1)
    html = _post(
        client, staff["hugo"], complaint, "decline", {**DECLINE, "previously_considered_in": typed}
    ).content.decode()
    assert 'href="#id_previously_considered_in"' in _summary(html)
    assert f"{EARLIER_COMPLAINT_MOST} characters or fewer" in html
    assert typed in html
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()
