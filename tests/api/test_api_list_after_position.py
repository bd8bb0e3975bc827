"""REST API v1: paging the complaint list by position (``after`` / ``next_after``) as well as by offset.

A landlord's other system reading every complaint walks the list; by offset, a deep page makes the
database walk every row it skips. By position, it carries on from where the last page ended. These
tests hold the walk to the list's own order in each of its four orders, ties and complaints with
no deadline included; keep to what the caller may see; and refuse (422, never a 500) a position the
list cannot read. Runs on SQLite and (with DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from api.test_api_v1 import Api, decline_body, new_complaint
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.accounts.models import Role, User
from putright.api import v1
from putright.complaints.models import Complaint

pytestmark = pytest.mark.django_db

ORDERS = ("due", "received", "-received", "reference")


@pytest.fixture
def officer(db: None) -> Api:
    return Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))


@pytest.fixture
def complaints(officer: Api) -> list[str]:
    """Eleven: several received on the same day (ties on the received date and on the deadline),
    some not yet accepted as complaints, and one declined (no deadline: last in ``due`` order)."""
    days = ["2025-03-03", "2025-03-03", "2025-03-04", "2025-03-03", "2025-03-05", "2025-03-04"]
    made = [new_complaint(officer, received_on=day)["reference"] for day in days]
    made += [
        new_complaint(officer, received_on=day, accept_as_complaint=False)["reference"]
        for day in ("2025-03-04", "2025-03-03", "2025-03-05")
    ]
    made.append(new_complaint(officer, received_on="2025-03-04")["reference"])
    declined = new_complaint(officer, received_on="2025-03-05", accept_as_complaint=False)["reference"]
    body = decline_body(right_to_ombudsman_given=True)
    response = officer.post(f"/complaints/{declined}/decline", body)
    assert response.status_code == 200, response.content
    return [*made, declined]


def _walk(api: Api, *, by: str, **params: Any) -> list[str]:
    """Every reference the list gives, page by page, following ``next_after`` or ``next_offset``."""
    seen: list[str] = []
    extra: dict[str, Any] = {}
    for _ in range(100):
        response = api.get("/complaints", **params, **extra)
        assert response.status_code == 200, response.content
        page = response.json()
        seen += [c["reference"] for c in page["items"]]
        following = page[f"next_{by}"]
        if following is None:
            return seen
        extra = {by: following}
    raise AssertionError("the walk did not end")


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_walking_by_position_gives_the_list_in_its_own_order(
    officer: Api, complaints: list[str], order: str, limit: int
) -> None:
    whole = [c["reference"] for c in officer.get("/complaints", order=order, limit=200).json()["items"]]
    assert sorted(whole) == sorted(complaints)
    assert _walk(officer, by="after", order=order, limit=limit) == whole
    assert _walk(officer, by="offset", order=order, limit=limit) == whole


def test_the_fixture_has_ties_and_complaints_with_no_deadline(officer: Api, complaints: list[str]) -> None:
    """Without these the walk above would not test the tie-breaks or the no-deadline tail."""
    rows = Complaint.objects.filter(reference__in=complaints)
    dues = [c.current_due for c in rows]
    received = [c.received_on for c in rows]
    assert None in dues
    assert len({d for d in dues if d}) < len([d for d in dues if d])  # two or more share a deadline
    assert len(set(received)) < len(received)


def test_a_filter_walks_by_position_too(officer: Api, complaints: list[str]) -> None:
    whole = [c["reference"] for c in officer.get("/complaints", state="complaint", limit=200).json()["items"]]
    assert 1 < len(whole) < len(complaints)
    assert _walk(officer, by="after", state="complaint", limit=2) == whole


def test_the_last_page_has_no_next_position(officer: Api, complaints: list[str]) -> None:
    page = officer.get("/complaints", limit=len(complaints)).json()
    assert page["next_after"] is None and page["next_offset"] is None
    page = officer.get("/complaints", limit=len(complaints) - 1).json()
    assert page["next_after"] and page["next_offset"] == len(complaints) - 1


def test_an_offset_page_gives_a_position_to_carry_on_from(officer: Api, complaints: list[str]) -> None:
    whole = [c["reference"] for c in officer.get("/complaints", limit=200).json()["items"]]
    page = officer.get("/complaints", limit=3, offset=4).json()
    rest = officer.get("/complaints", limit=200, after=page["next_after"]).json()
    assert [c["reference"] for c in rest["items"]] == whole[7:]
    assert rest["next_offset"] is None  # a page asked for by position has no offset to go on from


def test_a_complaint_that_leaves_the_filter_does_not_break_the_walk(
    officer: Api, complaints: list[str]
) -> None:
    """The position carries the last row's values, so the walk goes on even when that complaint
    has since been closed (and so left ``open=true``)."""
    first = officer.get("/complaints", open="true", order="received", limit=2).json()
    last = first["items"][-1]["reference"]
    whole = [
        c["reference"]
        for c in officer.get("/complaints", open="true", order="received", limit=200).json()["items"]
    ]
    Complaint.objects.filter(reference=last).update(is_open=False)  # as if it were closed between pages
    rest = officer.get(
        "/complaints", open="true", order="received", limit=200, after=first["next_after"]
    ).json()
    assert [c["reference"] for c in rest["items"]] == whole[2:]


def test_a_page_whose_complaints_all_leave_the_filter_does_not_end_the_walk(
    officer: Api, complaints: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a page ended comes from the keys read first: if every complaint of a page is closed
    before its rows are read, the page is empty but the walk goes on to the rest."""
    whole = [c["reference"] for c in officer.get("/complaints", open="true", limit=200).json()["items"]]
    first = officer.get("/complaints", open="true", limit=2).json()
    found_then_closed = v1.keys_after

    def closing(*args: Any, **kwargs: Any) -> Any:
        found = found_then_closed(*args, **kwargs)
        Complaint.objects.filter(pk__in=[pk for pk, _ in found[:2]]).update(is_open=False)
        return found

    monkeypatch.setattr(v1, "keys_after", closing)
    emptied = officer.get("/complaints", open="true", limit=2, after=first["next_after"]).json()
    assert emptied["items"] == [] and emptied["next_after"]
    monkeypatch.undo()
    rest = officer.get("/complaints", open="true", limit=200, after=emptied["next_after"]).json()
    assert [c["reference"] for c in rest["items"]] == whole[4:]


def test_a_position_shows_nothing_the_caller_may_not_see(officer: Api, complaints: list[str]) -> None:
    """A position is only where to start: the list still applies the caller's view. A complaint
    restricted to someone else is skipped by a walk that starts from a position just before it."""
    hidden = Complaint.objects.get(reference=complaints[3])
    hidden.restricted = True
    hidden.save(update_fields=["restricted"])
    hidden.restricted_to.add(User.objects.create_user("named", role=Role.COMPLAINTS_OFFICER))
    whole = [c["reference"] for c in officer.get("/complaints", order="reference", limit=200).json()["items"]]
    assert hidden.reference not in whole
    assert _walk(officer, by="after", order="reference", limit=1) == whole


def test_a_hand_made_position_is_only_a_place_to_start(officer: Api, complaints: list[str]) -> None:
    """Positions are not signed: one made by hand, before every complaint, reads the caller's
    whole list and nothing they may not see."""
    hidden = Complaint.objects.get(reference=complaints[0])
    hidden.restricted = True
    hidden.save(update_fields=["restricted"])
    before_all = _token({"o": "due", "i": -5, "d": "0001-01-01"})
    page = officer.get("/complaints", after=before_all, limit=200).json()
    whole = officer.get("/complaints", limit=200).json()
    assert page["items"] == whole["items"]
    assert hidden.reference not in {c["reference"] for c in page["items"]}


def _token(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _order_named_in(after: str) -> str:
    """The order a hand-made token names, so the list reads past the order check to the rest."""
    try:
        named = json.loads(base64.urlsafe_b64decode(after + "=" * (-len(after) % 4)))["o"]
    except (ValueError, TypeError, KeyError):
        return "due"
    return named if named in ORDERS else "due"


@pytest.mark.parametrize(
    "after",
    [
        "nonsense",
        "!!!",
        "",
        "x" * 401,
        _token([1, 2]),
        _token("due"),
        _token({"o": "due", "i": "5", "d": None}),
        _token({"o": "due", "i": True, "d": None}),
        _token({"o": "due", "i": 5, "d": "20250303"}),
        _token({"o": "due", "i": 5, "d": "2025-02-30"}),
        _token({"o": "due", "i": 5, "d": 20250303}),
        _token({"o": "due", "i": 2**70, "d": None}),
        _token({"o": "due", "i": 5, "d": None, "extra": 1}),
        _token({"o": ["due"], "i": 5, "d": None}),
        _token({"o": "sideways", "i": 5, "d": None}),
        _token({"o": "due", "i": 5, "d": None, "r": "WHATEVER"}),
        _token({"o": "reference", "i": 5, "d": None, "r": "\ud800"}),
        _token({"o": "reference", "i": 5, "d": None, "r": "a\udfffb"}),
        _token({"o": "reference", "i": 5, "d": None, "r": ""}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_position_the_list_cannot_read_is_refused(officer: Api, complaints: list[str], after: str) -> None:
    response = officer.get("/complaints", order=_order_named_in(after), after=after)
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert error["loc"] == ["after"]
    assert "is not a position the list can read" in error["msg"]


def test_a_position_for_another_order_is_refused_and_says_which(officer: Api, complaints: list[str]) -> None:
    after = officer.get("/complaints", order="received", limit=2).json()["next_after"]
    response = officer.get("/complaints", order="due", after=after)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "after was given out for order=received; ask with that order, or start again"
    )


def test_a_received_position_without_its_day_is_refused(officer: Api, complaints: list[str]) -> None:
    response = officer.get(
        "/complaints", order="received", after=_token({"o": "received", "i": 5, "d": None})
    )
    assert response.status_code == 422
    assert "is not a position the list can read" in response.json()["detail"][0]["msg"]


def test_a_reference_position_with_a_nul_is_refused(officer: Api, complaints: list[str]) -> None:
    response = officer.get(
        "/complaints", order="reference", after=_token({"o": "reference", "i": 1, "r": "A\x00"})
    )
    assert response.status_code == 422


def test_after_and_offset_together_are_refused(officer: Api, complaints: list[str]) -> None:
    after = officer.get("/complaints", limit=2).json()["next_after"]
    response = officer.get("/complaints", after=after, offset=2)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["after"]


def test_a_page_by_position_costs_no_more_queries_than_the_first(officer: Api, complaints: list[str]) -> None:
    """At most one more (the ``due`` order reads the complaints with no deadline as a second range)."""
    for order in ORDERS:
        after = officer.get("/complaints", order=order, limit=2).json()["next_after"]
        with CaptureQueriesContext(connection) as first:
            officer.get("/complaints", order=order, limit=2)
        with CaptureQueriesContext(connection) as deep:
            officer.get("/complaints", order=order, limit=2, after=after)
        assert len(deep) <= len(first) + (1 if order == "due" else 0), order
