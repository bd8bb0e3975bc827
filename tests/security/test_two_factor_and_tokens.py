"""A second factor for staff who sign in with a password (TOTP, when the setting is on), and API
tokens with names, expiry and revocation from the workspace."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.accounts.models import ApiToken, Role, User
from putright.accounts.services import create_api_token, user_for_token
from putright.cli import main

pytestmark = pytest.mark.django_db
PASSWORD = "a long password 123"


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user("olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER)


def _now_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


def test_without_the_setting_no_second_factor_is_asked(client: Any, officer: User, settings: Any) -> None:
    settings.PUTRIGHT_REQUIRE_TWO_FACTOR = False
    client.post("/sign-in/", {"username": "olu", "password": PASSWORD})
    assert client.get("/workspace/").status_code == 200


def test_with_the_setting_staff_set_up_an_app_then_need_a_code(
    client: Any, officer: User, settings: Any
) -> None:
    settings.PUTRIGHT_REQUIRE_TWO_FACTOR = True
    client.post("/sign-in/", {"username": "olu", "password": PASSWORD})
    response = client.get("/workspace/complaints/PR-000001/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/?next=%2Fworkspace%2Fcomplaints%2FPR-000001%2F"
    assert client.get("/governance/").status_code == 302
    assert client.get("/admin/").status_code == 302

    setup = client.get(response["Location"]).content.decode()
    assert "Set up your authenticator app" in setup and "<svg" in setup
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    key = re.search(r'<code class="putright-secret">([A-Z2-7 ]+)</code>', setup).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key

    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/workspace/"})
    if _now_code(device) != "000000":
        assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):  # django-otp throttles after a miss
        done = client.post("/account/two-factor/", {"code": _now_code(device), "next": "/workspace/"})
        assert done.status_code == 302 and done["Location"] == "/workspace/"
        assert client.get("/workspace/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # next sign-in: just the code, no new QR code
    client.post("/sign-out/")
    client.post("/sign-in/", {"username": "olu", "password": PASSWORD})
    page = client.get("/account/two-factor/").content.decode()
    assert "Enter your code" in page and "<svg" not in page
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        response = client.post("/account/two-factor/", {"code": _now_code(device)})
        assert response.status_code == 302
        assert client.get("/workspace/").status_code == 200


@pytest.mark.parametrize(
    "wanted", ["https://evil.example/", "//evil.example/", "landing", "2025-02-30", "x y"]
)
def test_an_offsite_next_is_ignored_after_the_code(
    client: Any, officer: User, settings: Any, wanted: str
) -> None:
    """Nor a ``next`` that is no path: Django's check lets "2025-02-30" through as a relative URL, and
    ``redirect()`` then looked it up as a URL name, a 500 once the code was right."""
    settings.PUTRIGHT_REQUIRE_TWO_FACTOR = True
    client.post("/sign-in/", {"username": "olu", "password": PASSWORD})
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=officer)
    response = client.post("/account/two-factor/", {"code": _now_code(device), "next": wanted})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"  # the landing page by role, never the offsite next


def test_single_sign_on_sessions_leave_the_second_factor_to_the_identity_provider(
    rf: Any, officer: User, settings: Any
) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    from putright.accounts.twofactor import OIDC_BACKEND, second_factor_needed

    settings.PUTRIGHT_REQUIRE_TWO_FACTOR = True
    request = rf.get("/workspace/")
    request.session = SessionStore()
    officer.is_verified = lambda: False  # type: ignore[method-assign]
    request.user = officer
    request.session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    assert second_factor_needed(request)
    request.session[BACKEND_SESSION_KEY] = OIDC_BACKEND
    assert not second_factor_needed(request)


def test_the_api_is_not_behind_the_second_factor(client: Any, officer: User, settings: Any) -> None:
    settings.PUTRIGHT_REQUIRE_TWO_FACTOR = True
    plaintext, _ = create_api_token(officer, "system")
    assert client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 200


# --- API tokens ----------------------------------------------------------------------------------


def test_a_token_stops_working_when_it_expires(officer: User) -> None:
    plaintext, token = create_api_token(officer, "reporting", days=30)
    assert token.expires_at - token.created == pytest.approx(timedelta(days=30), abs=timedelta(seconds=5))
    assert user_for_token(plaintext) == officer
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        assert user_for_token(plaintext) is None
        assert ApiToken.objects.get().status == "Expired"


def test_a_token_lifetime_outside_the_limits_is_refused(officer: User, capsys: Any) -> None:
    assert main(["apitoken", "create", "--user", "olu", "--days", "400"]) == 2
    assert "between 1 and 366 days" in capsys.readouterr().err
    assert not ApiToken.objects.exists()
    assert main(["apitoken", "create", "--user", "olu", "--name", "bi", "--days", "7"]) == 0
    out = capsys.readouterr().out
    assert "expires" in out
    token = ApiToken.objects.get()
    # "--": a prefix is random URL-safe text and may start with "-" (argparse would read an option)
    assert main(["apitoken", "revoke", "--", token.prefix]) == 0
    token.refresh_from_db()
    assert token.status == "Revoked"


def test_a_token_whose_prefix_starts_with_a_dash_can_be_revoked(officer: User) -> None:
    _, token = create_api_token(officer, "reporting", days=30)
    ApiToken.objects.filter(pk=token.pk).update(prefix="-Ab3xY9q")
    assert main(["apitoken", "revoke", "--", "-Ab3xY9q"]) == 0
    token.refresh_from_db()
    assert token.status == "Revoked"


def test_staff_create_name_and_revoke_their_tokens_in_the_workspace(client: Any, officer: User) -> None:
    client.force_login(officer)
    missing = client.post("/account/", {"name": "", "days": "90"})
    assert missing.status_code == 400 and "Enter a name for the token" in missing.content.decode()
    page = client.post("/account/", {"name": "Housing management system", "days": "30"}).content.decode()
    plaintext = re.search(r'<code class="putright-secret" id="new-token">([^<]+)</code>', page).group(1)
    assert user_for_token(plaintext) == officer
    token = ApiToken.objects.get()
    assert token.name == "Housing management system"
    assert "Housing management system" in client.get("/account/").content.decode()
    assert plaintext not in client.get("/account/").content.decode()  # shown once
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert user_for_token(plaintext) is None
    token.refresh_from_db()
    assert token.revoked_by == officer


def test_staff_cannot_revoke_someone_elses_token_but_an_administrator_can(client: Any, officer: User) -> None:
    other = User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER)
    plaintext, token = create_api_token(other, "hers")
    client.force_login(officer)
    assert "hers" not in client.get("/account/").content.decode()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert user_for_token(plaintext) == other
    admin = User.objects.create_user("sam", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    assert "hers" in client.get("/account/").content.decode()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert user_for_token(plaintext) is None
