"""API v1 (added): every step takes an ``Idempotency-Key`` header, as creating a complaint does. A
landlord's system that retries a step after a timeout (the step was taken, the answer was lost)
must not take it twice: a second remedy, or a second outstanding action, would be a record of
something never agreed (2024 5.12, 7.3). The same key, path and body answer as the first request
did with the complaint as it is now; another path or body with the same key is a 409; a key is
one user's, never another's; a step refused takes nothing and keeps no key."""

from __future__ import annotations

from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api, new_complaint, officer  # noqa: F401 -- officer is a fixture
from api.test_trustworthy_record_api import DEFINITION
from at_once import at_once, needs_postgresql
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.complaints.models import ComplaintEvent, Remedy


def _remedy() -> dict[str, object]:
    """A remedy due today: today when the test runs, not when the module was imported (a run
    crossing midnight asked for a remedy due before the day it was agreed)."""
    return {
        "remedy_kind": "financial",
        "description": "£80 for the delay",
        "due": timezone.localdate().isoformat(),
        "agreed_with_resident": False,
        "amount_pence": 8000,
    }


def _today(api: Api) -> str:
    return str(new_complaint(api, received_on=timezone.localdate().isoformat())["reference"])


def _events(ref: str) -> int:
    return ComplaintEvent.objects.filter(complaint__reference=ref).count()


def test_a_retried_step_with_the_same_key_is_taken_once(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    key = {"Idempotency-Key": "remedy-77"}
    first = officer.post(f"/complaints/{ref}/remedies", _remedy(), headers=key)
    assert first.status_code == 200, first.content
    events = _events(ref)
    again = officer.post(f"/complaints/{ref}/remedies", _remedy(), headers=key)
    assert again.status_code == 200 and again.json()["reference"] == ref
    assert Remedy.objects.filter(complaint__reference=ref).count() == 1
    assert _events(ref) == events
    # without a key, a second POST is a second remedy, as before
    assert officer.post(f"/complaints/{ref}/remedies", _remedy()).status_code == 200
    assert Remedy.objects.filter(complaint__reference=ref).count() == 2


def test_the_same_key_with_another_body_or_path_is_a_409_and_takes_nothing(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    key = {"Idempotency-Key": "k-1"}
    assert officer.post(f"/complaints/{ref}/remedies", _remedy(), headers=key).status_code == 200
    events = _events(ref)
    other_body = officer.post(f"/complaints/{ref}/remedies", {**_remedy(), "amount_pence": 9000}, headers=key)
    assert other_body.status_code == 409 and "different request" in other_body.json()["detail"]
    other_path = officer.post(f"/complaints/{ref}/remedies/1/complete", {"evidence": "Paid"}, headers=key)
    assert other_path.status_code == 409
    assert _events(ref) == events


def test_a_held_step_retried_answers_202_again_and_holds_one_step(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    key = {"Idempotency-Key": "ack-1"}
    first = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION, headers=key)
    assert first.status_code == 202, first.content
    again = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION, headers=key)
    assert again.status_code == 202
    assert len(again.json()["not_yet_sent"]) == 1


def test_a_refused_step_keeps_no_key_and_can_be_sent_again_once_put_right(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    key = {"Idempotency-Key": "respond-1"}
    refused = officer.post(f"/complaints/{ref}/respond", RESPONSE, headers=key)  # not acknowledged yet
    assert refused.status_code in (409, 422)
    assert officer.post(f"/complaints/{ref}/remedies", _remedy(), headers=key).status_code == 200


def test_a_key_is_one_users_and_never_answers_another(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    key = {"Idempotency-Key": "shared-key"}
    assert officer.post(f"/complaints/{ref}/remedies", _remedy(), headers=key).status_code == 200
    other = Api(User.objects.create_user("olga", role=Role.COMPLAINTS_OFFICER))
    assert other.post(f"/complaints/{ref}/remedies", _remedy(), headers=key).status_code == 200
    assert Remedy.objects.filter(complaint__reference=ref).count() == 2


def test_an_unusable_key_is_a_422_naming_it(officer: Api) -> None:  # noqa: F811
    ref = _today(officer)
    response = officer.post(f"/complaints/{ref}/remedies", _remedy(), headers={"Idempotency-Key": "k" * 201})
    assert response.status_code == 422 and "Idempotency-Key" in response.content.decode()
    assert not Remedy.objects.filter(complaint__reference=ref).exists()


def test_the_header_is_documented_on_every_step(officer: Any) -> None:  # noqa: F811
    schema = officer.get("/openapi.json").json()
    steps = [
        (path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method == "post"
        and "lifecycle" in op.get("tags", [])
        and "held-steps" not in path
        and "letters" not in path
    ]
    assert len(steps) > 15
    for path, op in steps:
        names = {p["name"] for p in op.get("parameters", [])}
        assert "Idempotency-Key" in names, path


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_of_one_step_take_it_once() -> None:
    """The retry arrives while the first is still being taken: the second insert of (user, key)
    waits on the unique index, fails when the first commits, and its step is rolled back with it;
    it answers as the first did. PostgreSQL only (the tests' SQLite allows one writer)."""
    needs_postgresql()
    from putright.complaints.models import Category

    Category.objects.get_or_create(slug="damp-and-mould", defaults={"name": "Damp and mould"})
    api = Api(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER))
    ref = _today(api)
    answers = at_once(
        lambda: api.post(f"/complaints/{ref}/remedies", _remedy(), headers={"Idempotency-Key": "race"})
    )
    assert sorted(a.status_code for a in answers) == [200, 200], [a.content for a in answers]
    assert Remedy.objects.filter(complaint__reference=ref).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_of_a_step_that_cannot_be_repeated_answer_alike() -> None:
    """A withdrawal retried while the first is still being taken: the second waits on the
    complaint's lock, then the Code refuses it (the remedy is already withdrawn) before its key's
    insert could fail, and it answered 409 "remedy 1 was withdrawn" where the first said 200 (found by
    an adversarial review). It answers as the first did. PostgreSQL only."""
    needs_postgresql()
    from putright.complaints.models import Category

    Category.objects.get_or_create(slug="damp-and-mould", defaults={"name": "Damp and mould"})
    api = Api(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER))
    ref = _today(api)
    assert api.post(f"/complaints/{ref}/remedies", _remedy()).status_code == 200
    withdraw = {"ground": "replaced", "reason": "Replaced by remedy 2"}
    answers = at_once(
        lambda: api.post(
            f"/complaints/{ref}/remedies/1/withdraw", withdraw, headers={"Idempotency-Key": "race-w"}
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 200], [a.content for a in answers]
    assert ComplaintEvent.objects.filter(complaint__reference=ref, kind="remedy_withdrawn").count() == 1
    # a refusal of its own (no key stored for it) still stands
    again = api.post(f"/complaints/{ref}/remedies/1/withdraw", withdraw, headers={"Idempotency-Key": "other"})
    assert again.status_code == 409 and "withdrawn" in again.content.decode()
