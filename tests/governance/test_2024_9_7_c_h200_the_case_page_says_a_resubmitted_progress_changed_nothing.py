"""2024 9.7 c: progress of an Ombudsman case sent again unchanged (a double click, Back then Send)
adds no row to its history, and the case page says so, as it does for compliance with an order: it
said "Progress recorded" as if a second recording had been made."""

from __future__ import annotations

import pytest
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db

STARTED = {
    "action": "progress",
    "progress": "investigation",
    "started-day": "1",
    "started-month": "9",
    "started-year": "2025",
}


def test_2024_9_7_c_the_case_page_says_a_resubmitted_progress_changed_nothing(
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    first = signed_in_officer.post(url, STARTED, follow=True).content.decode()
    assert "Progress recorded" in first
    kept = ombudsman_case.progress_history.count()
    again = signed_in_officer.post(url, STARTED, follow=True).content.decode()
    assert "Progress already recorded as given: nothing changed" in again
    assert "Progress recorded" not in again
    assert ombudsman_case.progress_history.count() == kept
