"""REST API v1: the journey of a complaint from receipt to stage 2 closure over HTTP, refusals that
cite the provision, idempotent create, token authentication, and bad input that is never a 500.
Runs on SQLite and (with DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from putright.accounts.models import Role, User
from putright.accounts.services import create_api_token
from putright.complaints.models import ComplaintEvent

pytestmark = pytest.mark.django_db

RECEIVED = "2025-03-03"  # a Monday, under the 2024 Code


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class Api:
    """A test client that sends a staff member's API token."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.token, _ = create_api_token(user=user, name="tests")
        self.client = Client()

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self._headers())

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        raw: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        day = _day(body.get("on") if isinstance(body, dict) else None)
        if day is not None:
            # a step dated ``on`` is sent on that day, as a landlord's system would send it then
            with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False):
                return self.client.post(
                    f"/api/v1{path}",
                    data=data,
                    content_type="application/json",
                    headers=self._headers(headers),
                )
        return self.client.post(
            f"/api/v1{path}", data=data, content_type="application/json", headers=self._headers(headers)
        )


@pytest.fixture
def officer(db: None) -> Api:
    return Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))


@pytest.fixture
def handler_1(db: None) -> User:
    return User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER)


@pytest.fixture
def handler_2(db: None) -> User:
    return User.objects.create_user("hugo", role=Role.MANAGER)


def new_complaint(api: Api, **overrides: Any) -> dict[str, Any]:
    body = {
        "resident": {"name": "Rita Resident", "email": "rita@example.org"},
        "channel": "telephone",
        "summary": "The bathroom fan has been broken for months and the mould is back. Nobody came.",
        "category": "damp-and-mould",
        "received_on": RECEIVED,
        "accept_as_complaint": True,
    }
    body.update(overrides)
    response = api.post("/complaints", body)
    assert response.status_code == 201, response.content
    return dict(response.json())


def decline_body(*, right_to_ombudsman_given: bool) -> dict[str, Any]:
    """A decline under 2024 2.2 (legal proceedings), the resident told today."""
    return {
        "ground": "legal_proceedings",
        "explanation": "A claim was filed at court.",
        "considered_on_merits": "Same matters as the claim.",
        "right_to_ombudsman_given": right_to_ombudsman_given,
        **told(),
    }


def told(on: str | None = None) -> dict[str, Any]:
    """How the resident was told: an email sent by the landlord's own system on ``on`` (today)."""
    return {
        "told": {
            "method": "email",
            "sent_on": on or date.today().isoformat(),
            "body": "Dear Rita, this is the letter we sent you.",
        }
    }


RESPONSE = {
    "outcome": "upheld",
    "decision": "We uphold your complaint.",
    "reasons": "The fan was reported twice and not repaired.",
    "remedy": "An apology and £50 for the time and trouble.",
    "outstanding_actions": "Replace the fan by 31 March.",
    "escalation_route": "Reply within 20 working days to ask for stage 2.",
}


def test_2024_journey_receipt_to_stage_2_closure_with_extension_remedy_and_outstanding_action(
    officer: Api, handler_1: User, handler_2: User
) -> None:
    created = new_complaint(officer)
    ref = created["reference"]
    assert created["state"] == "complaint"
    assert created["edition"] == "2024"
    assert created["deadline"]["due"] == "2025-03-10"  # 2024 6.2: 5 working days
    assert created["deadline"]["provision"] == "2024 6.2"

    steps: list[tuple[str, dict[str, Any], str]] = [
        ("allocate", {"handler": "hana", "on": "2025-03-04"}, "complaint"),
        (
            "acknowledge",
            {
                "on": "2025-03-05",
                **told("2025-03-05"),
                "complaint": "The fan was not repaired and mould returned.",
                "outcomes_sought": "Fix the fan, treat the mould.",
                "responsible_for": "Repairs to the fan; mould treatment.",
            },
            "stage_1_acknowledged",
        ),
        (
            "extend",
            {
                "on": "2025-03-12",
                **told("2025-03-12"),
                "working_days": 5,
                "reason": "Waiting for the surveyor's report.",
                "ombudsman_details_given": True,
            },
            "stage_1_acknowledged",
        ),
        ("respond", {"on": "2025-03-20", **told("2025-03-20"), **RESPONSE}, "stage_1_responded"),
        (
            "remedies",
            {
                "on": "2025-03-20",
                "remedy_kind": "financial",
                "description": "£50 for time and trouble",
                "due": "2025-03-31",
                "agreed_with_resident": True,
                "amount_pence": 5000,
            },
            "stage_1_responded",
        ),
        (
            "outstanding-actions",
            {
                "on": "2025-03-20",
                "description": "Replace the bathroom fan",
                "owner": "Repairs",
                "due": "2025-03-31",
            },
            "stage_1_responded",
        ),
        ("escalate", {"on": "2025-03-24"}, "escalation_requested"),
        ("allocate", {"handler": "hugo", "on": "2025-03-24"}, "escalation_requested"),
        (
            "acknowledge",
            {
                "on": "2025-03-26",
                **told("2025-03-26"),
                "complaint": "Still unhappy with the compensation.",
                "outcomes_sought": "A higher payment.",
                "responsible_for": "The compensation decision.",
            },
            "stage_2_acknowledged",
        ),
        (
            "respond",
            {
                **RESPONSE,
                "on": "2025-04-10",
                **told("2025-04-10"),
                "escalation_route": "You can refer this to the Housing Ombudsman.",
            },
            "stage_2_responded",
        ),
        (
            "remedies/1/complete",
            {"on": "2025-04-10", "evidence": "Paid by BACS ref 881"},
            "stage_2_responded",
        ),
        ("outstanding-actions/1/complete", {"on": "2025-04-10", "note": "Fan replaced"}, "stage_2_responded"),
        ("close", {"on": "2025-04-11"}, "closed"),
    ]
    # stage 2 is considered by someone who took no part in stage 1 (2024 6.13)
    hugo = Api(handler_2)
    for path, body, expected_state in steps:
        at_stage_2 = path != "escalate" and body.get("on", "") >= "2025-03-24"
        response = (hugo if at_stage_2 else officer).post(f"/complaints/{ref}/{path}", body)
        assert response.status_code == 200, (path, response.content)
        assert response.json()["state"] == expected_state, path

    final = officer.get(f"/complaints/{ref}").json()
    assert final["stage"] == 2
    assert [s["handler"] for s in final["stages"]] == ["hana", "hugo"]
    assert final["stages"][0]["response_due"] == "2025-03-26"  # 10 working days from 5 March, +5 extension
    assert final["remedies"][0]["completed_on"] == "2025-04-10"
    assert final["outstanding_actions"][0]["completed_on"] == "2025-04-10"
    kinds = [entry["kind"] for entry in final["timeline"]]
    assert kinds[:2] == ["contact_received", "accepted_as_complaint"]
    assert "deadline_extended" in kinds and kinds[-1] == "closed"
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == len(steps) + 2


def test_2024_6_13_stage_2_handler_refused_with_the_provision(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    officer.post(
        f"/complaints/{ref}/acknowledge",
        {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r", **told()},
    )
    officer.post(f"/complaints/{ref}/respond", {**RESPONSE, "handler": "hana", **told()})
    officer.post(f"/complaints/{ref}/escalate", {})
    response = officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    assert response.status_code == 422
    assert response.json()["provision"] == "2024 6.13"
    assert "same person" in response.json()["detail"]


def test_2024_6_9_g_response_without_escalation_route_refused(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    officer.post(f"/complaints/{ref}/allocate", {"handler": "hana"})
    officer.post(
        f"/complaints/{ref}/acknowledge",
        {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r", **told()},
    )
    events_before = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    response = officer.post(f"/complaints/{ref}/respond", {**RESPONSE, "escalation_route": "", **told()})
    assert response.status_code == 422
    body = response.json()
    assert body["provision"] == "2024 6.9 g"
    assert body["missing"] == ["2024 6.9 g"]
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events_before


def test_2024_6_5_extension_without_ombudsman_details_refused(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    officer.post(
        f"/complaints/{ref}/acknowledge",
        {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r", **told()},
    )
    response = officer.post(
        f"/complaints/{ref}/extend",
        {"working_days": 3, "reason": "Survey", "ombudsman_details_given": False, **told()},
    )
    assert response.status_code == 422
    assert response.json()["provision"] == "2024 6.5"


def test_2024_5_3_no_third_stage_and_state_conflicts_are_409(
    officer: Api, handler_1: User, handler_2: User
) -> None:
    ref = new_complaint(officer)["reference"]
    response = officer.post(f"/complaints/{ref}/respond", RESPONSE)
    assert response.status_code == 409
    assert response.json()["provision"] is None


def test_2024_2_4_decline_needs_right_to_ombudsman(officer: Api) -> None:
    ref = new_complaint(officer, accept_as_complaint=False)["reference"]
    body = decline_body(right_to_ombudsman_given=False)
    response = officer.post(f"/complaints/{ref}/decline", body)
    assert response.status_code == 422
    assert response.json()["provision"] == "2024 2.4"
    response = officer.post(f"/complaints/{ref}/decline", {**body, "right_to_ombudsman_given": True})
    assert response.status_code == 200
    assert response.json()["state"] == "declined"


def test_2024_6_12_escalation_needs_no_reason(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    officer.post(
        f"/complaints/{ref}/acknowledge",
        {"complaint": "c", "outcomes_sought": "o", "responsible_for": "r", **told()},
    )
    officer.post(f"/complaints/{ref}/respond", {**RESPONSE, "handler": "hana", **told()})
    response = officer.post(f"/complaints/{ref}/escalate", {})
    assert response.status_code == 200
    assert response.json()["state"] == "escalation_requested"


def test_list_and_filter(officer: Api, handler_1: User) -> None:
    first = new_complaint(officer)["reference"]
    new_complaint(officer, accept_as_complaint=False, category="repairs")
    listing = officer.get("/complaints").json()
    assert len(listing["items"]) == 2
    assert listing["next_offset"] is None
    assert [c["reference"] for c in officer.get("/complaints", state="complaint").json()["items"]] == [first]
    assert len(officer.get("/complaints", category="repairs").json()["items"]) == 1
    page = officer.get("/complaints", limit=1).json()
    assert len(page["items"]) == 1 and page["next_offset"] == 1
    assert officer.get("/complaints", q="Rita").json()["items"]


def test_idempotency_key_same_body_same_complaint_different_body_409(officer: Api) -> None:
    body = {
        "resident": {"name": "Ida"},
        "channel": "email",
        "summary": "Nobody has fixed my door.",
        "received_on": RECEIVED,
    }
    first = officer.post("/complaints", body, headers={"Idempotency-Key": "abc-1"})
    again = officer.post("/complaints", body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert officer.get("/complaints").json()["items"].__len__() == 1
    other = officer.post(
        "/complaints", {**body, "summary": "Different"}, headers={"Idempotency-Key": "abc-1"}
    )
    assert other.status_code == 409
    fresh = officer.post("/complaints", body, headers={"Idempotency-Key": "abc-2"})
    assert fresh.json()["reference"] != first.json()["reference"]


def test_token_authentication(officer: Api) -> None:
    client = Client()
    assert client.get("/api/v1/complaints").status_code == 401
    assert client.get("/api/v1/complaints", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert officer.get("/complaints").status_code == 200


def test_openapi_schema_and_docs_are_served(officer: Api) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/complaints" in paths
    assert "/api/v1/complaints/{reference}/respond" in paths
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_openapi_json_has_no_key_twice_so_the_docs_page_can_read_it() -> None:
    """Python's ``json`` keeps the last of a repeated key; the docs page's parser refuses the whole
    schema ("duplicated mapping key") and shows no operation at all."""
    repeated: list[list[str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            repeated.append(keys)
        return dict(items)

    text = Client().get("/api/v1/openapi.json").content.decode()
    schema = json.loads(text, object_pairs_hook=pairs)
    assert not repeated, repeated
    file = schema["paths"]["/api/v1/complaints/{reference}/ombudsman-file"]["get"]["responses"]
    assert set(file["200"]["content"]) == {"application/zip", "application/pdf"}
    assert {"401", "403", "404", "422", "429"} <= set(file)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("", None),
        ("{}", "channel"),
        ("not json", None),
        ('{"resident": {"name": "A"}, "channel": "pigeon", "summary": "x"}', "channel"),
        ('{"resident": {"name": "A"}, "channel": "email", "summary": 12}', "summary"),
        (
            '{"resident": {"name": "A"}, "channel": "email", "summary": "x", "received_on": "2024-02-30"}',
            "received_on",
        ),
        ('{"resident": {"name": "A"}, "channel": "email", "summary": "x", "colour": "red"}', "colour"),
        ('{"resident": {"name": "A"}, "channel": "email", "summary": "nul \\u0000 here"}', "summary"),
        ('{"resident": {"name": "A"}, "channel": "email", "summary": "x", "category": "nope"}', "category"),
        ('{"resident_id": 99999, "channel": "email", "summary": "x"}', "resident_id"),
        ('{"channel": "email", "summary": "x"}', "resident"),
        ("[1, 2]", None),
    ],
)
def test_bad_input_is_a_4xx_with_a_field_message_never_a_500(
    officer: Api, raw: str, field: str | None
) -> None:
    response = officer.post("/complaints", raw=raw)
    assert 400 <= response.status_code < 500, response.content
    if field is not None:
        assert field in json.dumps(response.json())


def test_one_megabyte_string_is_refused(officer: Api) -> None:
    body = {"resident": {"name": "A"}, "channel": "email", "summary": "x" * 1_000_000}
    response = officer.post("/complaints", body)
    assert response.status_code in (400, 413, 422)
    assert officer.get("/complaints").json()["items"] == []


def test_bad_action_input_keeps_the_record(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    before = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    for body in ({"handler": "nobody"}, {"handler": ""}, {"handler": "hana", "on": "2025-13-01"}, {"x": 1}):
        response = officer.post(f"/complaints/{ref}/allocate", body)
        assert response.status_code == 422, body
    assert officer.post("/complaints/PR-999999/allocate", {"handler": "hana"}).status_code == 404
    assert officer.post(f"/complaints/{ref}/remedies/7/complete", {"evidence": "x"}).status_code == 422
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == before


def test_step_dated_before_receipt_is_refused(officer: Api, handler_1: User) -> None:
    ref = new_complaint(officer)["reference"]
    response = officer.post(f"/complaints/{ref}/allocate", {"handler": "hana", "on": str(date(2025, 1, 1))})
    assert response.status_code == 422
    assert "before the complaint was received" in response.json()["detail"]
