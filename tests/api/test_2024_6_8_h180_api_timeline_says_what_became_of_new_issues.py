"""API v1, 2024 6.8: the timeline of the complaint new issues were raised on says what they were and
that they were logged as a new complaint, naming it; the new complaint's names the one it came from
(its summary said only the reason typed, found in a browser walk)."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_2024_1_3_6_8 import NEW_ISSUES, _acknowledged
from api.test_api_v1 import Api, officer  # noqa: F401 -- officer is a fixture

from putright.complaints.models import Category, Complaint, ComplaintEvent

pytestmark = pytest.mark.django_db


def test_2024_6_8_the_api_timeline_names_the_new_complaint_and_the_issues(officer: Api) -> None:  # noqa: F811
    ref = _acknowledged(officer)
    logged = _log_new_issues(officer, ref)
    assert logged.status_code == 200, logged.content
    link = logged.json()["timeline"][-1]
    new = link["data"]["new_complaint"]
    assert f"Logged as a new complaint: {new}" in link["summary"]
    assert "New issues: The garden fence was left broken." in link["summary"]
    assert "Reason: A different repair." in link["summary"]
    received = officer.get(f"/complaints/{new}").json()["timeline"][0]
    assert f"Logged as a new complaint from new issues raised on {ref}" in received["summary"]


def test_2024_6_8_the_api_refuses_a_category_for_issues_added_to_the_definition_as_the_workspace_does(
    officer: Api,  # noqa: F811
) -> None:
    """Added to the definition, the issues keep this complaint's category: the service refuses a
    category given with them, on its field, in the same words at every door (h191: the workspace
    dropped it without a word, while this door refused it alone)."""
    Category.objects.create(slug="fencing", name="Fencing")
    ref = _acknowledged(officer)
    refused = _log_new_issues(officer, ref, category="fencing", handled="added_to_definition", related=True)
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"] == ["category"]
    assert problem["msg"].startswith("A category is for a new complaint")
    assert not ComplaintEvent.objects.filter(complaint__reference=ref, kind="new_issues_raised").exists()


def _log_new_issues(officer: Api, ref: str, **more: object) -> Any:  # noqa: F811
    return officer.post(
        f"/complaints/{ref}/new-issues",
        {
            "on": "2025-03-06",
            **NEW_ISSUES,
            "issues": "The garden fence was left broken.",
            "related": False,
            "handled": "logged_as_new_complaint",
            "reason": "A different repair.",
            **more,
        },
    )


def test_2024_6_8_the_api_logs_new_issues_under_the_category_chosen(officer: Api) -> None:  # noqa: F811
    """The workspace lets the officer choose the new complaint's category (h180); the API door took
    none, so a client's new complaint was always filed under the original's."""
    Category.objects.create(slug="fencing", name="Fencing")
    Category.objects.create(slug="old-fencing", name="Old fencing", active=False)
    ref = _acknowledged(officer)
    unknown = _log_new_issues(officer, ref, category="gardens")
    assert unknown.status_code == 422 and "category" in unknown.content.decode()
    retired = _log_new_issues(officer, ref, category="old-fencing")
    assert retired.status_code == 422 and "fencing" in retired.json()["detail"][0]["msg"]
    assert Complaint.objects.count() == 1  # nothing logged by a refused request
    logged = _log_new_issues(officer, ref, category="fencing")
    assert logged.status_code == 200, logged.content
    new = logged.json()["timeline"][-1]["data"]["new_complaint"]
    assert officer.get(f"/complaints/{new}").json()["category"] == "fencing"
