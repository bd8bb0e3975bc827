"""API v1, 2024 6.8: the timeline of the complaint new issues were raised on says what they were and
that they were logged as a new complaint, naming it; the new complaint's names the one it came from
(its summary said only the reason typed, found in a browser walk)."""

from __future__ import annotations

import pytest
from api.test_api_2024_1_3_6_8 import NEW_ISSUES, _acknowledged
from api.test_api_v1 import Api, officer  # noqa: F401 -- officer is a fixture

pytestmark = pytest.mark.django_db


def test_2024_6_8_the_api_timeline_names_the_new_complaint_and_the_issues(officer: Api) -> None:  # noqa: F811
    ref = _acknowledged(officer)
    logged = officer.post(
        f"/complaints/{ref}/new-issues",
        {
            "on": "2025-03-06",
            **NEW_ISSUES,
            "issues": "The garden fence was left broken.",
            "related": False,
            "handled": "logged_as_new_complaint",
            "reason": "A different repair.",
        },
    )
    assert logged.status_code == 200, logged.content
    link = logged.json()["timeline"][-1]
    new = link["data"]["new_complaint"]
    assert f"Logged as a new complaint: {new}" in link["summary"]
    assert "New issues: The garden fence was left broken." in link["summary"]
    assert "Reason: A different repair." in link["summary"]
    received = officer.get(f"/complaints/{new}").json()["timeline"][0]
    assert f"Logged as a new complaint from new issues raised on {ref}" in received["summary"]
