"""``POST /api/v1/complaints`` when the body names things: the categories a landlord's other system may
send (``GET /api/v1/categories``, the same ones the workspace and the residents' form offer), every
name that finds nothing reported in one 422, and the new record's URL in ``Location`` whichever
answer the client asked for. Nothing is recorded when a name is refused."""

from __future__ import annotations

import re
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


def warnings(answer: Any) -> list[str]:
    """The texts of an answer's ``Warning: 299 - "..."`` fields."""
    return re.findall(r'299 - "((?:[^"\\]|\\.)*)"', answer.get("Warning", ""))


@pytest.mark.parametrize("prefer", ["", "return=minimal"])
def test_a_category_no_longer_in_use_is_recorded_as_v1_always_did_with_a_warning(
    officer: Api, prefer: str
) -> None:
    """Refusing it (as one build did) broke v1's contract and left the resident's complaint in the
    client's queue, unrecorded: the complaint is recorded under it and the client told why."""
    Category.objects.create(slug="old-repairs", name="Old repairs", active=False)
    headers = {"Prefer": prefer} if prefer else {}
    answer = officer.post("/complaints", body(category="old-repairs"), headers=headers)
    assert answer.status_code == 201, answer.content
    assert Complaint.objects.get().category.slug == "old-repairs"
    [said] = warnings(answer)
    assert said.startswith(
        "category 'old-repairs' is no longer in use; the complaint was recorded under it: use one of "
    )
    assert "damp-and-mould" in said and "GET /api/v1/categories" in said
    # a retry with the same key is told the same
    retried = [
        officer.post("/complaints", body(category="old-repairs"), headers={**headers, "Idempotency-Key": "k"})
        for _ in range(2)
    ]
    assert [warnings(a) for a in retried] == [[said], [said]]
    # a category in use: no warning
    assert "Warning" not in officer.post("/complaints", body(), headers=headers)


def test_an_unknown_category_names_the_categories_in_use(officer: Api) -> None:
    said = problems(officer.post("/complaints", body(category="dampness")))
    assert said["category"].startswith("unknown category 'dampness': use one of ")
    for slug in Category.objects.filter(active=True).values_list("slug", flat=True):
        assert slug in said["category"]
    assert not Complaint.objects.exists() and not Resident.objects.exists()


def test_with_no_category_in_use_the_client_is_told_to_leave_it_out(officer: Api) -> None:
    Category.objects.update(active=False)
    said = problems(officer.post("/complaints", body(category="dampness")))
    assert (
        said["category"]
        == "unknown category 'dampness': the landlord has no categories in use, so leave category out"
    )
    answer = officer.post("/complaints", body(category="damp-and-mould"))
    assert answer.status_code == 201
    assert warnings(answer)[0].endswith(
        "recorded under it: the landlord has no categories in use, so leave category out"
    )
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


def test_an_unknown_category_in_the_list_is_an_empty_page_saying_why(officer: Api) -> None:
    """v1 answered an empty page, and still does (a contract); the Warning says it is a mistyped
    name, not "no complaints in it". A retired category's complaints are still found."""
    created = officer.post("/complaints", body()).json()["reference"]
    answer = officer.get("/complaints", category="damp-and-mold")
    assert answer.status_code == 200 and answer.json()["items"] == [], answer.content
    [said] = warnings(answer)
    assert said.startswith("unknown category 'damp-and-mold', so no complaint matches: the categories are ")
    assert "damp-and-mould" in said
    Category.objects.filter(slug="damp-and-mould").update(active=False)
    listed = officer.get("/complaints", category="damp-and-mould")
    assert listed.status_code == 200 and [c["reference"] for c in listed.json()["items"]] == [created]
    assert "Warning" not in listed


@pytest.mark.parametrize("name", ["category", "handler", "state"])
def test_an_empty_list_filter_still_means_any(officer: Api, name: str) -> None:
    created = officer.post("/complaints", body()).json()["reference"]
    answer = officer.get("/complaints", **{name: ""})
    assert answer.status_code == 200, answer.content
    assert [c["reference"] for c in answer.json()["items"]] == [created]


def test_an_unknown_state_in_the_list_is_an_empty_page_naming_the_states(officer: Api) -> None:
    created = officer.post("/complaints", body()).json()
    answer = officer.get("/complaints", state="opened", category="dampness")
    assert answer.status_code == 200 and answer.json()["items"] == [], answer.content
    state, category = warnings(answer)
    assert state.startswith("unknown state 'opened', so no complaint matches: the states are ")
    assert created["state"] in state
    assert state.endswith("(every complaint still open: open=true)")
    assert category.startswith("unknown category 'dampness'")
    listed = officer.get("/complaints", state=created["state"])
    assert [c["reference"] for c in listed.json()["items"]] == [created["reference"]]


@pytest.mark.parametrize(
    "value",
    ["\r\nSet-Cookie: a=b", 'say "hello" \\ there', "Siân\u200b", "\U0001f600"],
)
def test_what_a_client_sent_cannot_break_the_warning_header(officer: Api, value: str) -> None:
    answer = officer.get("/complaints", state=value[:50])
    assert answer.status_code == 200, answer.content
    [said] = warnings(answer)
    assert said.isascii() and "\r" not in said and "\n" not in said and "Set-Cookie" not in answer.cookies


def test_a_query_that_is_not_utf8_cannot_break_the_warning_header(officer: Api) -> None:
    answer = officer.client.get("/api/v1/complaints?state=%C3%28%FF", headers=officer._headers())
    assert answer.status_code == 200, answer.content
    assert warnings(answer)[0].isascii()


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, "damp\x00mould") for name in ("category", "handler", "state", "q")]
    + [(name, "x" * 151) for name in ("category", "handler", "state")],
)
def test_a_bad_text_filter_is_reported_under_its_own_name(officer: Api, name: str, value: str) -> None:
    """NUL (PostgreSQL refuses it: a 500 otherwise) or too long: the same ``loc`` as an unknown
    handler, whatever is wrong with the filter."""
    said = problems(officer.get("/complaints", **{name: value}))
    assert list(said) == [name], said


def test_every_bad_filter_is_in_the_one_answer(officer: Api) -> None:
    said = problems(officer.get("/complaints", limit=0, order="sideways", handler="nobody", state="a\x00"))
    assert set(said) == {"limit", "order", "handler", "state"}, said
    assert said["handler"] == "no member of staff is called 'nobody'"
