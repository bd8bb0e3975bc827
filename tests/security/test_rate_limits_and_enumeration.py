"""Hostile input at the doors anyone can reach: rate limits per address and per target on the
complaint form, following a complaint, sign-in and the API; ``/track/`` that cannot tell whether a
reference and email address belong together (same page, same work, same answer to a wrong code); and
a complaint form that never touches an existing resident's record."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from portal.conftest import ANSWERS, REPRESENTATIVE

from putright.accounts.models import Role, User
from putright.accounts.services import create_api_token
from putright.complaints import services
from putright.complaints.models import Complaint, ReasonableAdjustment, Representative, Resident
from putright.portal.access import CODE_NOT_RIGHT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings: Any, tmp_path: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_complaint_form_is_limited_per_email_address(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"complain": ("100/h", "2/h")}
    # each a different complaint (the same words again from one browser are the first one again)
    for n in range(2):
        assert client.post("/complain/", {**ANSWERS, "what_happened": f"Complaint {n}."}).status_code == 302
    response = client.post("/complain/", {**ANSWERS, "what_happened": "A third complaint."})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Too many requests" in page and "Nothing you have already sent us has been lost" in page
    assert Complaint.objects.count() == 2
    # another person's email from the same address is still welcome
    other = {**ANSWERS, "resident_email": "sam@example.org", "resident_name": "Sam Other"}
    assert client.post("/complain/", other).status_code == 302


def test_the_complaint_form_is_limited_per_address(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"complain": ("3/h", "100/h")}
    for n in range(3):
        answers = {**ANSWERS, "resident_email": f"person{n}@example.org"}
        assert client.post("/complain/", answers).status_code == 302
    answers = {**ANSWERS, "resident_email": "person9@example.org"}
    assert client.post("/complain/", answers).status_code == 429
    assert client.post("/complain/", answers, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_sign_in_is_limited_per_username_across_addresses(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"sign-in": ("100/h", "3/h")}
    User.objects.create_user("olu", password="a long password 123", role=Role.COMPLAINTS_OFFICER)
    for n in range(3):
        response = client.post(
            "/sign-in/", {"username": "olu", "password": "wrong"}, REMOTE_ADDR=f"203.0.113.{n}"
        )
        assert response.status_code == 200
    response = client.post("/sign-in/", {"username": "olu", "password": "wrong"}, REMOTE_ADDR="203.0.113.99")
    assert response.status_code == 429


def test_signing_in_is_never_counted_against_an_office_sharing_one_address(
    client: Any, settings: Any
) -> None:
    """A whole office signs in from one address at 9am: each success is a redirect and not an attempt
    at guessing, so it is not counted (50 staff were locked out past "30 an hour per address")."""
    settings.PUTRIGHT_RATES = {"sign-in": ("3/h", "3/h")}
    for n in range(6):
        User.objects.create_user(f"staff{n}", password="a long password 123", role=Role.COMPLAINT_HANDLER)
        response = client.post("/sign-in/", {"username": f"staff{n}", "password": "a long password 123"})
        assert response.status_code == 302, n
        client.logout()
    # the same person signing in again and again is not guessing either
    for _ in range(4):
        assert (
            client.post("/sign-in/", {"username": "staff0", "password": "a long password 123"}).status_code
            == 302
        )
        client.logout()


def test_failed_sign_ins_from_one_address_are_still_limited(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"sign-in": ("3/h", "100/h")}
    User.objects.create_user("olu", password="a long password 123", role=Role.COMPLAINTS_OFFICER)
    for n in range(3):
        assert client.post("/sign-in/", {"username": f"guess{n}", "password": "wrong"}).status_code == 200
    # past the limit, even the right password waits: the limit is on guessing from this address
    response = client.post("/sign-in/", {"username": "olu", "password": "a long password 123"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # another address is not held back by this one's guesses
    assert (
        client.post(
            "/sign-in/", {"username": "olu", "password": "a long password 123"}, REMOTE_ADDR="198.51.100.7"
        ).status_code
        == 302
    )


def test_the_api_answers_429_as_json_per_token(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"api": ("1000/m", "2/m")}
    user = User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER)
    plaintext, _ = create_api_token(user, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    for _ in range(2):
        assert client.get("/api/v1/complaints", **auth).status_code == 200
    response = client.get("/api/v1/complaints", **auth)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("too many requests")
    assert int(response["Retry-After"]) > 0


def test_rate_limits_can_be_turned_off_for_load_tests(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"track": ("1/h", "1/h")}
    settings.RATELIMIT_ENABLE = False
    for _ in range(3):
        assert client.post("/track/", {"reference": "PR-000001", "email": "a@example.org"}).status_code == 302


# --- /track/ cannot be used to find out who has complained -------------------------------------


@pytest.fixture
def complaint(build: Any) -> Complaint:
    return build("stage_1_acknowledged")


def _ask(client: Any, reference: str, email: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/track/", {"reference": reference, "email": email})
    return response, [q["sql"] for q in queries.captured_queries]


def _shape(statements: list[str]) -> list[str]:
    """Each statement without its values (and savepoint names, which count up)."""
    return [re.sub(r'"s\d+_x\d+"', "SP", s.split(" WHERE")[0].split(" VALUES")[0]) for s in statements]


def test_track_does_the_same_work_whether_or_not_the_pair_exists(
    client: Any, complaint: Complaint, settings: Any
) -> None:
    """Timing: the request itself never looks the pair up or sends mail; it queues one task either way,
    so the database work (the same statements, in the same order) and the answer are identical. (Rate
    limit counters are off here: they depend on earlier requests, not on the pair.)"""
    settings.RATELIMIT_ENABLE = False
    right, right_sql = _ask(client, complaint.reference, "rita@example.org")
    client.cookies.clear()
    wrong, wrong_sql = _ask(client, complaint.reference, "someone@else.example")
    client.cookies.clear()
    unknown, unknown_sql = _ask(client, "PR-999999", "rita@example.org")
    for response in (right, wrong, unknown):
        assert response.status_code == 302 and response["Location"] == "/track/code/"
    assert _shape(wrong_sql) == _shape(right_sql)
    assert _shape(unknown_sql) == _shape(right_sql)
    assert not any("complaints_complaint" in s for s in right_sql)  # no look-up in the request
    assert mail.outbox == []  # nothing sent in the request
    assert DBTaskResult.objects.count() == 3  # one queued task each


def test_track_code_page_and_wrong_code_answer_are_identical(
    client: Any, complaint: Complaint, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    pages = {}
    for label, email in (("right", "rita@example.org"), ("wrong", "someone@else.example")):
        client.cookies.clear()
        client.post("/track/", {"reference": complaint.reference, "email": email})
        code_page = client.get("/track/code/").content.decode().replace(email, "EMAIL")
        answers = [client.post("/track/code/", {"code": "000000"}).content.decode() for _ in range(7)]
        pages[label] = (code_page, [a.replace(email, "EMAIL") for a in answers])
    assert len(mail.outbox) == 1  # only the real pair was sent a code
    right_page, right_answers = pages["right"]
    wrong_page, wrong_answers = pages["wrong"]
    strip = lambda html: html.split('name="csrfmiddlewaretoken" value="')[0]  # noqa: E731
    assert strip(right_page) == strip(wrong_page)
    for a, b in zip(right_answers, wrong_answers, strict=True):
        assert CODE_NOT_RIGHT.split(":")[0] in a
        assert strip(a) == strip(b)


def test_past_the_send_limit_the_answer_is_still_the_same(
    client: Any, complaint: Complaint, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    for _ in range(5):
        response = client.post("/track/", {"reference": complaint.reference, "email": "rita@example.org"})
        assert response["Location"] == "/track/code/"
    assert len(mail.outbox) == 3


# --- The anonymous form never changes an existing resident's record -----------------------------


def test_the_online_form_never_attaches_to_an_existing_resident(client: Any) -> None:
    existing = services.create_resident(
        name="Rita Resident", email="rita@example.org", support_needs="Wheelchair user"
    )
    before = Resident.objects.filter(pk=existing.pk).values().get()
    answers = {**ANSWERS, **REPRESENTATIVE}  # same name and email as the existing resident
    assert client.post("/complain/", answers).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.resident_id != existing.pk  # a new contact, for staff to match
    assert Resident.objects.filter(pk=existing.pk).values().get() == before
    assert not Representative.objects.filter(resident=existing).exists()
    assert not ReasonableAdjustment.objects.filter(resident=existing).exists()
    assert not Complaint.objects.filter(resident=existing).exists()
