"""``POST /api/v1/complaints`` when the body names things: the categories a landlord's other system may
send (``GET /api/v1/categories``, the same ones the workspace and the residents' form offer), every
name that finds nothing reported in one 422, and the new record's URL in ``Location`` whichever
answer the client asked for. Nothing is recorded when a name is refused."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RECEIVED, Api

from putright.accounts.models import Role, User
from putright.complaints.models import Category, Complaint, Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db: None) -> Api:
    return Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER))


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "resident": {"name": "Rita Resident", "email": "rita@example.org"},
        "channel": "telephone",
        "summary": "The bathroom fan has been broken for months and the mould is back.",
        "category": "damp-and-mould",
        "received_on": RECEIVED,
        "accept_as_complaint": True,
        **overrides,
    }


def problems(answer: Any) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {".".join(str(part) for part in item["loc"]): item["msg"] for item in answer.json()["detail"]}


def test_categories_lists_those_in_use_with_the_slug_create_takes(officer: Api) -> None:
    Category.objects.create(slug="old-repairs", name="Old repairs", active=False)
    answer = officer.get("/categories")
    assert answer.status_code == 200, answer.content
    listed = answer.json()
    in_use = list(Category.objects.filter(active=True).values("slug", "name"))
    assert listed == in_use and listed, listed
    assert "old-repairs" not in {c["slug"] for c in listed}
    # every slug listed is one create accepts
    first = listed[0]["slug"]
    created = officer.post("/complaints", body(category=first))
    assert created.status_code == 201 and created.json()["category"] == first


def test_categories_are_for_the_people_who_handle_complaints(db: None) -> None:
    mrc = Api(User.objects.create_user("mrc", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS))
    assert mrc.get("/categories").status_code == 403
    anonymous = Api(User.objects.create_user("someone", role=Role.COMPLAINTS_OFFICER))
    anonymous.token = "not-a-token"
    assert anonymous.get("/categories").status_code == 401


def test_a_category_no_longer_in_use_is_refused_with_the_ones_that_are(officer: Api) -> None:
    Category.objects.create(slug="old-repairs", name="Old repairs", active=False)
    said = problems(officer.post("/complaints", body(category="old-repairs")))
    assert said["category"].startswith("category 'old-repairs' is no longer in use: use one of ")
    assert "damp-and-mould" in said["category"] and "old-repairs" not in said["category"].split(":")[1]
    assert "GET /api/v1/categories" in said["category"]
    assert not Complaint.objects.exists() and not Resident.objects.exists()


def test_an_unknown_category_names_the_categories_in_use(officer: Api) -> None:
    said = problems(officer.post("/complaints", body(category="dampness")))
    assert said["category"].startswith("unknown category 'dampness': use one of ")
    for slug in Category.objects.filter(active=True).values_list("slug", flat=True):
        assert slug in said["category"]


def test_with_no_category_in_use_the_client_is_told_to_leave_it_out(officer: Api) -> None:
    Category.objects.update(active=False)
    said = problems(officer.post("/complaints", body(category="damp-and-mould")))
    assert said["category"].endswith("the landlord has no categories in use, so leave category out")
    assert officer.post("/complaints", body(category="")).status_code == 201


def test_every_name_that_finds_nothing_is_in_the_one_answer(officer: Api) -> None:
    said = problems(officer.post("/complaints", body(category="nope", resident=None, resident_id=999_999)))
    assert set(said) == {"category", "resident_id"}, said
    assert said["resident_id"] == "no resident has id 999999"
    said = problems(
        officer.post(
            "/complaints",
            body(category="nope", resident={"name": "Rita Resident", "property_reference": "NO-SUCH-HOME"}),
        )
    )
    assert set(said) == {"category", "resident.property_reference"}, said
    assert not Complaint.objects.exists() and not Resident.objects.exists()


def test_one_bad_name_is_reported_alone(officer: Api) -> None:
    said = problems(officer.post("/complaints", body(resident=None, resident_id=999_999)))
    assert set(said) == {"resident_id"}


@pytest.mark.parametrize("prefer", ["", "return=minimal"])
def test_201_carries_the_new_records_url_in_location(officer: Api, prefer: str) -> None:
    headers = {"Prefer": prefer} if prefer else {}
    answer = officer.post("/complaints", body(), headers=headers)
    assert answer.status_code == 201, answer.content
    reference = answer.json()["reference"]
    assert answer["Location"] == f"http://testserver/api/v1/complaints/{reference}"
    assert "Prefer" in answer["Vary"]
    assert officer.get(f"/complaints/{reference}").json()["reference"] == reference
    # an idempotent retry answers with the same URL
    again = officer.post("/complaints", body(), headers={**headers, "Idempotency-Key": "k1"})
    retry = officer.post("/complaints", body(), headers={**headers, "Idempotency-Key": "k1"})
    assert again["Location"] == retry["Location"] != answer["Location"]


def test_the_list_filter_refuses_an_unknown_category_and_finds_a_retired_ones_complaints(
    officer: Api,
) -> None:
    """A mistyped category used to answer an empty page, which reads as "no complaints in it"."""
    created = officer.post("/complaints", body()).json()["reference"]
    said = problems(officer.get("/complaints", category="damp-and-mold"))
    assert said["category"].startswith("unknown category 'damp-and-mold': the categories are ")
    assert "damp-and-mould" in said["category"]
    Category.objects.filter(slug="damp-and-mould").update(active=False)
    listed = officer.get("/complaints", category="damp-and-mould")
    assert listed.status_code == 200 and [c["reference"] for c in listed.json()["items"]] == [created]


@pytest.mark.parametrize("name", ["category", "handler", "state"])
def test_a_nul_in_a_list_filter_is_a_422_never_a_500(officer: Api, name: str) -> None:
    """PostgreSQL refuses a NUL in any text it is sent: the filter must be refused before the query."""
    answer = officer.get("/complaints", **{name: "damp\x00mould"})
    assert answer.status_code == 422, answer.content


@pytest.mark.parametrize("name", ["category", "handler", "state"])
def test_an_empty_list_filter_still_means_any(officer: Api, name: str) -> None:
    created = officer.post("/complaints", body()).json()["reference"]
    answer = officer.get("/complaints", **{name: ""})
    assert answer.status_code == 200, answer.content
    assert [c["reference"] for c in answer.json()["items"]] == [created]


def test_the_list_filter_refuses_an_unknown_state_naming_the_states(officer: Api) -> None:
    created = officer.post("/complaints", body()).json()
    said = problems(officer.get("/complaints", state="opened"))
    assert said["state"].startswith("unknown state 'opened': the states are ")
    assert created["state"] in said["state"]
    assert said["state"].endswith("(every complaint still open: open=true)")
    listed = officer.get("/complaints", state=created["state"])
    assert [c["reference"] for c in listed.json()["items"]] == [created["reference"]]
