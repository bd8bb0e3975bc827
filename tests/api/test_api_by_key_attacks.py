"""The API's create and token check read rows with ``by_key`` (raw SQL built once): attacks on what
that replaced. Every value a client sends (bearer token, ``Idempotency-Key``, category slug, resident
id, home reference) must reach the database as a parameter, find only what the ORM query found, and a
bad value must be a clear 4xx, never a 500. Runs on SQLite and (with DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from putright.accounts.models import ApiToken, Role, User
from putright.accounts.services import create_api_token, revoke_api_token, user_for_token
from putright.api import v1
from putright.api.models import IdempotencyKey
from putright.complaints.lookup import by_key
from putright.complaints.models import Category, Complaint, Landlord, Resident

pytestmark = pytest.mark.django_db

BODY = {"resident": {"name": "Ida"}, "channel": "email", "summary": "Nobody has fixed my door."}


def post(token: str, body: Any, key: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}", **({"Idempotency-Key": key} if key else {})}
    return Client().post(
        "/api/v1/complaints", json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER)


@pytest.fixture
def token(officer: User) -> str:
    return create_api_token(officer, "tests")[0]


# -- bearer tokens ------------------------------------------------------------------------------------


def test_token_expiring_at_exactly_now_is_refused_and_a_second_before_is_accepted(officer: User) -> None:
    plaintext, row = create_api_token(officer, "", days=1)
    with time_machine.travel(row.expires_at, tick=False):
        assert user_for_token(plaintext) is None  # the ORM query was expires_at > now
    with time_machine.travel(row.expires_at - timedelta(seconds=1), tick=False):
        assert user_for_token(plaintext) == officer
    with time_machine.travel(row.expires_at - timedelta(microseconds=1), tick=False):
        assert user_for_token(plaintext) == officer


def test_token_expiry_is_compared_as_an_instant_whatever_the_time_zone(officer: User, settings: Any) -> None:
    """Europe/London is UTC+1 in summer: an expiry read back naive or in the wrong zone would be an
    hour out either way."""
    with time_machine.travel("2026-07-01 12:00:00+00:00", tick=False):
        plaintext, row = create_api_token(officer, "", days=1)
    for zone in ("Europe/London", "Pacific/Auckland", "America/New_York"):
        settings.TIME_ZONE = zone
        with time_machine.travel(row.expires_at - timedelta(minutes=30), tick=False):
            assert user_for_token(plaintext) == officer, zone
        with time_machine.travel(row.expires_at + timedelta(minutes=30), tick=False):
            assert user_for_token(plaintext) is None, zone


def test_revoked_token_inactive_user_and_deleted_user_find_nobody(officer: User) -> None:
    revoked, revoked_row = create_api_token(officer, "revoked")
    revoke_api_token(revoked_row)
    assert user_for_token(revoked) is None
    assert post(revoked, BODY).status_code == 401

    other = User.objects.create_user("gone", role=Role.COMPLAINTS_OFFICER)
    plaintext, _ = create_api_token(other, "")
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert user_for_token(plaintext) is None
    assert post(plaintext, BODY).status_code == 401
    other.delete()  # its tokens go with it
    assert user_for_token(plaintext) is None
    assert not ApiToken.objects.filter(user_id=other.pk).exists()


def test_a_token_sees_its_users_role_as_it_is_now_not_as_first_read(officer: User, token: str) -> None:
    """The user is joined to the token on every request: a role taken away takes the right to create."""
    assert post(token, BODY).status_code == 201
    assert user_for_token(token).role == Role.COMPLAINTS_OFFICER  # type: ignore[union-attr]
    User.objects.filter(pk=officer.pk).update(role=Role.GOVERNING_BODY_READER)
    assert user_for_token(token).role == Role.GOVERNING_BODY_READER  # type: ignore[union-attr]
    assert post(token, BODY).status_code == 403


@pytest.mark.parametrize(
    "bearer",
    ["' OR '1'='1", "x'; DELETE FROM accounts_apitoken; --", "%s", "%(x)s", "\\", "é\u00ff", " ", "a" * 5000],
)
def test_a_bearer_value_is_a_parameter_never_sql(token: str, bearer: str) -> None:
    assert user_for_token(bearer) is None
    assert post(bearer, BODY).status_code == 401
    assert ApiToken.objects.count() == 1 and user_for_token(token) is not None


# -- the Idempotency-Key ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["' OR '1'='1", "k'; DELETE FROM api_idempotencykey; --", "%s", "%%", "\\'"])
def test_an_idempotency_key_is_a_parameter_never_sql(officer: User, token: str, key: str) -> None:
    first = post(token, BODY, "plain")
    attack = post(token, BODY, key)
    again = post(token, BODY, key)
    assert first.status_code == attack.status_code == again.status_code == 201
    assert attack.json()["reference"] != first.json()["reference"]  # not the row keyed "plain"
    assert again.json()["reference"] == attack.json()["reference"]
    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"plain", key}


def test_the_same_idempotency_key_from_another_user_never_returns_the_first_users_complaint(
    officer: User, token: str
) -> None:
    other = User.objects.create_user("ola", role=Role.COMPLAINTS_OFFICER)
    other_token, _ = create_api_token(other, "")
    mine = post(token, BODY, "shared-key")
    theirs = post(other_token, BODY, "shared-key")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["reference"] != theirs.json()["reference"]
    # and a different body from the other user is not a 409 against the first user's body
    assert post(other_token, {**BODY, "summary": "Else"}, "shared-key").status_code == 409
    assert post(token, BODY, "shared-key").json()["reference"] == mine.json()["reference"]


def test_a_replay_returns_the_same_complaint_in_full_and_creates_nothing(token: str) -> None:
    first = post(token, BODY, "replay")
    count = Complaint.objects.count()
    again = post(token, BODY, "replay")
    assert again.status_code == 201
    assert again.json() == first.json() or again.json()["reference"] == first.json()["reference"]
    assert again.json()["summary"] == first.json()["summary"]
    assert Complaint.objects.count() == count


def test_a_key_stored_between_the_read_and_the_insert_returns_the_stored_complaint(
    officer: User, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race made deterministic: the first read finds nothing (another request has not yet
    committed), the insert then meets the unique constraint, and the second read finds that row."""
    first = post(token, BODY, "racing")
    reads: list[Any] = []

    def late(*args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs)
        return None if len(reads) == 1 else by_key(*args, **kwargs)

    monkeypatch.setattr(v1, "by_key", late)
    again = post(token, BODY, "racing")
    assert len(reads) == 2
    assert again.status_code == 201 and again.json()["reference"] == first.json()["reference"]
    assert post(token, {**BODY, "summary": "Else"}, "racing").status_code == 409
    assert Complaint.objects.count() == 1 and IdempotencyKey.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_body", [True, False])
@pytest.mark.parametrize("fresh_database", [False, True])
def test_two_concurrent_creates_with_one_key_make_one_complaint(
    officer: User, same_body: bool, fresh_database: bool
) -> None:
    """The second insert of (user, key) blocks on the unique index, fails once the first commits, and
    reads the first one's row: the same body is answered with the same complaint, a different one
    with 409, never a 500. The key is written with the complaint's other rows at the end of the
    create (``inserts.together``), so its error comes from there. On a fresh database both requests
    also race to make the landlord's row. PostgreSQL only: the tests' in-memory SQLite refuses a
    second writer ("database table is locked") before the code under test is reached."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the tests' SQLite is one shared in-memory cache)")
    token, _ = create_api_token(officer, "")
    Category.objects.get_or_create(slug="repairs", defaults={"name": "Repairs"})
    if fresh_database:
        Landlord.objects.all().delete()
    answers: list[Any] = []
    start = threading.Barrier(2)

    def create(n: int) -> None:
        start.wait()
        try:
            answers.append(
                post(token, BODY if same_body or n == 0 else {**BODY, "summary": "Other"}, "racing")
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers)
    assert codes == ([201, 201] if same_body else [201, 409]), [answer.content for answer in answers]
    if same_body:
        assert answers[0].json()["reference"] == answers[1].json()["reference"]
    assert Complaint.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    assert Landlord.objects.count() == 1


# -- category, resident, home -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["repairs' OR '1'='1", "%", "repairs%", "REPAIRS", "repairs "])
def test_a_category_slug_finds_only_that_exact_slug(token: str, slug: str) -> None:
    Category.objects.get_or_create(slug="repairs", defaults={"name": "Repairs"})
    answer = post(token, {**BODY, "category": slug})
    assert answer.status_code == 422, answer.content
    assert "unknown category" in answer.content.decode()


@pytest.mark.parametrize("resident_id", [2**63, 2**63 - 1, -(2**63) - 1, 0, -1])
def test_a_resident_id_no_resident_can_have_is_a_clear_422_not_a_500(token: str, resident_id: int) -> None:
    """The ORM answered an id beyond the column's range with no rows (Django's integer overflow
    lookups); the raw SQL must too, instead of SQLite's OverflowError."""
    answer = post(token, {**BODY, "resident": None, "resident_id": resident_id})
    assert answer.status_code == 422, answer.content
    assert "no resident has id" in answer.content.decode()
    assert not Resident.objects.exists()


def test_a_home_reference_finds_only_that_exact_home(token: str) -> None:
    from putright.complaints.models import Property

    Property.objects.create(reference="HX-1", address_line_1="1 High Street")
    for reference in ("hx-1", "HX-1' OR '1'='1", "HX-%"):
        answer = post(token, {**BODY, "resident": {"name": "Ida", "property_reference": reference}})
        assert answer.status_code == 422, reference
    answer = post(token, {**BODY, "resident": {"name": "Ida", "property_reference": "HX-1"}})
    assert answer.status_code == 201


def test_an_expired_token_is_refused_at_the_api_from_the_moment_it_expires(officer: User) -> None:
    plaintext, row = create_api_token(officer, "", days=1)
    with time_machine.travel(row.expires_at, tick=False):
        assert post(plaintext, BODY).status_code == 401
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() + timedelta(seconds=30))
    assert post(plaintext, BODY).status_code == 201


@pytest.mark.parametrize("prefer", ["", "return=minimal"])
def test_a_replay_by_someone_who_can_no_longer_see_the_complaint_discloses_nothing_of_it(prefer: str) -> None:
    """A complaint handler creates a complaint (unallocated: theirs to see), it is then allocated to
    a handler in another team, and the first handler replays the create. The answer must not be the
    complaint's current record (or a 500): they could not read it with GET."""
    from putright.accounts.models import Team

    hana = User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER, team=Team.objects.create(name="A"))
    other = User.objects.create_user("bo", role=Role.COMPLAINT_HANDLER, team=Team.objects.create(name="B"))
    token, _ = create_api_token(hana, "")
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": "mine",
        **({"Prefer": prefer} if prefer else {}),
    }
    client = Client()
    first = client.post(
        "/api/v1/complaints", json.dumps(BODY), content_type="application/json", headers=headers
    )
    assert first.status_code == 201
    reference = first.json()["reference"]
    Complaint.objects.filter(reference=reference).update(handler=other)
    assert (
        client.get(
            f"/api/v1/complaints/{reference}", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 404
    )
    again = client.post(
        "/api/v1/complaints", json.dumps(BODY), content_type="application/json", headers=headers
    )
    assert again.status_code in (404, 409), (again.status_code, again.content)
