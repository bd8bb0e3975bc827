"""API v1: the choice to make a complaint (2024 1.3) and new issues raised during a stage (2024 6.8)."""

from __future__ import annotations

import pytest
from api.test_api_v1 import Api, new_complaint, officer, told  # noqa: F401 -- officer is a fixture

from putright.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_2024_1_3_resident_asks_and_the_complaint_is_logged(officer: Api) -> None:  # noqa: F811
    ref = new_complaint(officer, accept_as_complaint=False)["reference"]
    response = officer.post(
        f"/complaints/{ref}/service-request", {"on": "2025-03-03", "reason": "Fan repair requested"}
    )
    assert response.status_code == 200, response.content
    bad = officer.post(
        f"/complaints/{ref}/choice-to-complain",
        {"on": "2025-03-05", "about": "Missed visit", "how_offered": "On the call", "chose": "maybe"},
    )
    assert bad.status_code == 422
    refused = officer.post(
        f"/complaints/{ref}/choice-to-complain",
        {"on": "2025-03-05", "about": " ", "how_offered": "On the call", "chose": "not_now"},
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["provision"] == "2024 1.3"
    response = officer.post(
        f"/complaints/{ref}/choice-to-complain",
        {
            "on": "2025-03-05",
            "about": "Third missed visit",
            "how_offered": "On the call",
            "chose": "make_a_complaint",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "complaint"
    assert [e["kind"] for e in body["timeline"]][-2:] == [
        "choice_to_complain_offered",
        "accepted_as_complaint",
    ]
    assert body["deadline"]["due"] == "2025-03-12"  # 2024 6.2 from the day the resident asked (1.5)


def _acknowledged(api: Api) -> str:
    ref = new_complaint(api)["reference"]
    assert (
        api.post(f"/complaints/{ref}/allocate", {"handler": "officer", "on": "2025-03-04"}).status_code == 200
    )
    response = api.post(
        f"/complaints/{ref}/acknowledge",
        {
            "on": "2025-03-05",
            **told("2025-03-05"),
            "complaint": "The fan was not repaired and mould returned.",
            "outcomes_sought": "Fix the fan, treat the mould.",
            "responsible_for": "Repairs to the fan; mould treatment.",
        },
    )
    assert response.status_code == 200, response.content
    return str(ref)


NEW_ISSUES = {
    "issues": "The kitchen extractor does not work either.",
    "related": True,
    "would_unreasonably_delay": False,
    "handled": "added_to_definition",
    "reason": "Same ventilation problem; response not yet issued.",
}


def test_2024_6_8_added_issues_are_held_until_told_and_a_new_complaint_is_linked(officer: Api) -> None:  # noqa: F811
    ref = _acknowledged(officer)
    held = officer.post(f"/complaints/{ref}/new-issues", {"on": "2025-03-06", **NEW_ISSUES})
    assert held.status_code == 202, held.content
    assert held.json()["not_yet_sent"][0]["label"] == "amended complaint definition"
    wrong = officer.post(
        f"/complaints/{ref}/new-issues",
        {"on": "2025-03-06", **NEW_ISSUES, "handled": "logged_as_new_complaint"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["provision"] == "2024 6.8"
    count = Complaint.objects.count()
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
    assert Complaint.objects.count() == count + 1
    link = logged.json()["timeline"][-1]
    assert link["kind"] == "new_issues_raised"
    assert link["data"]["new_complaint"].startswith("PR-")


def test_2024_1_3_5_12_api_service_request_keeps_the_hint_and_that_no_reminder_was_shown(
    officer: Api,  # noqa: F811
) -> None:
    """The API cannot show the reminder of the choice to make a complaint that the workspace shows:
    a service request recorded through it keeps that the triage hint read the resident's words as a
    complaint, and that the person recording it was not reminded."""
    ref = new_complaint(officer, accept_as_complaint=False)["reference"]
    response = officer.post(
        f"/complaints/{ref}/service-request", {"on": "2025-03-03", "reason": "Fan repair requested"}
    )
    assert response.status_code == 200, response.content
    (step,) = [e for e in response.json()["timeline"] if e["kind"] == "triaged_as_service_request"]
    assert step["data"]["read_as_complaint"] is True
    assert step["data"]["complaint_cues"] == "“for months”, “is back”, “Nobody came”"
    assert step["data"]["choice_reminder_shown"] is False
    assert step["summary"].endswith(
        "recorded without the reminder of the choice to make a complaint (2024 1.3), which only the "
        "workspace shows."
    )
