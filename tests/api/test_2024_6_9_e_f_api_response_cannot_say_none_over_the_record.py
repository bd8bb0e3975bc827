"""The API's doors to the same rules as the workspace's (2024 6.9 e, f; 7.3): ``respond`` with "None"
for the remedy or the outstanding actions while the record holds some is a 422 citing 6.9 e or f,
naming what the record holds, and records nothing; ``remedies`` with an amount on an apology is a 422
on the amount."""

from __future__ import annotations

from datetime import date, timedelta

from api.test_api_v1 import RESPONSE, Api, handler_1, new_complaint, officer, told  # noqa: F401 -- fixtures

from putright.accounts.models import User
from putright.complaints.models import ComplaintEvent


def _acknowledged_with_the_record(officer: Api) -> str:  # noqa: F811
    ref = str(new_complaint(officer, received_on=date.today().isoformat())["reference"])
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    officer.post(
        f"/complaints/{ref}/acknowledge",
        {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r", **told()},
    )
    due = (date.today() + timedelta(days=7)).isoformat()
    remedy = {
        "remedy_kind": "financial",
        "description": "Compensation for the delay",
        "due": due,
        "agreed_with_resident": True,
        "amount_pence": 7500,
    }
    assert officer.post(f"/complaints/{ref}/remedies", remedy).status_code == 200
    action = {"description": "Replace the bathroom fan", "owner": "Repairs", "due": due}
    assert officer.post(f"/complaints/{ref}/outstanding-actions", action).status_code == 200
    return ref


def _said_on(response: object, field: str) -> str:
    """What a 422 says on ``field``: a refusal of what a field says is on that field (2024 6.9 e, f)."""
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    return " ".join(p["msg"] for p in detail if p["loc"] == [field])


def test_2024_6_9_e_api_respond_saying_no_remedy_over_the_record_is_a_422(
    officer: Api,  # noqa: F811
    handler_1: User,  # noqa: F811
) -> None:
    ref = _acknowledged_with_the_record(officer)
    events = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    response = officer.post(f"/complaints/{ref}/respond", {**RESPONSE, "remedy": "N/A", **told()})
    assert response.status_code == 422, response.content
    assert response.json()["provision"] == "2024 6.9 e"
    assert "Compensation for the delay (£75)" in _said_on(response, "remedy")
    response = officer.post(
        f"/complaints/{ref}/respond", {**RESPONSE, "outstanding_actions": "None", **told()}
    )
    assert response.status_code == 422, response.content
    assert response.json()["provision"] == "2024 6.9 f"
    assert "Replace the bathroom fan (Repairs)" in _said_on(response, "outstanding_actions")
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events
    # in its own words, it is recorded
    assert officer.post(f"/complaints/{ref}/respond", {**RESPONSE, **told()}).status_code == 200


def test_2024_7_3_api_an_amount_on_an_apology_is_a_422(officer: Api) -> None:  # noqa: F811
    ref = str(new_complaint(officer, received_on=date.today().isoformat())["reference"])
    events = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    body = {
        "remedy_kind": "apology",
        "description": "An apology for the delay",
        "due": date.today().isoformat(),
        "agreed_with_resident": True,
        "amount_pence": 5000,
    }
    response = officer.post(f"/complaints/{ref}/remedies", body)
    assert response.status_code == 422, response.content
    assert "only a financial remedy has an amount" in response.json()["detail"]
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events
