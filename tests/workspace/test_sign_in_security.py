"""Staff sign-in: django-axes locks an account out after repeated failures from one address, and
single sign-on (OpenID Connect, e.g. Microsoft Entra ID) maps people to their account by email.
The single sign-on test runs the real flow against a small identity provider on a local port."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.test import Client, override_settings

# The site's own URLs, read now with the test settings (single sign-on off): putright.urls adds the
# /oidc/ routes only when single sign-on is configured, so first imported inside the single sign-on
# test below (through workspace.oidc_urls) it kept them for every later test on that worker, and
# /oidc/authenticate/ answered 500 in the access sweeps when the tests fell in that order.
import putright.urls  # noqa: F401
from putright.accounts.models import Role, User
from putright.workspace.auth import StaffOIDCBackend

PASSWORD = "correct horse battery staple"
SECRET = "a-client-secret-of-at-least-32-bytes-long"


def test_five_wrong_passwords_lock_the_account_from_that_address(
    client: Client, staff: dict[str, User]
) -> None:
    for _ in range(5):
        response = client.post("/sign-in/", {"username": "hana", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # even the right password is refused while locked out
    response = client.post("/sign-in/", {"username": "hana", "password": PASSWORD})
    assert response.status_code == 429
    # another account from the same address is unaffected
    response = client.post("/sign-in/", {"username": "hugo", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER"])
def test_a_nul_in_a_header_does_not_get_round_the_lockout(
    client: Client, staff: dict[str, User], header: str
) -> None:
    """django-axes records a failed sign-in's user agent, and PostgreSQL refuses a NUL in any text:
    with ``User-Agent: a\\0b`` every sign-in answered 500, no failure was counted, so passwords
    could be guessed past the lockout, and the right one was told from a wrong one by the cookie the
    500 still set (found by an adversarial review). NULs are taken out of headers first."""
    sent = {header: "a\x00b"}
    answers = [client.post("/sign-in/", {"username": "hana", "password": "wrong"}, **sent) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 4 + [429]
    assert client.post("/sign-in/", {"username": "hana", "password": PASSWORD}, **sent).status_code == 429


def test_a_right_password_resets_the_count(client: Client, staff: dict[str, User]) -> None:
    for _ in range(4):
        client.post("/sign-in/", {"username": "hana", "password": "wrong"})
    assert client.post("/sign-in/", {"username": "hana", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        response = client.post("/sign-in/", {"username": "hana", "password": "wrong"})
    assert response.status_code == 200  # still only four since the reset


def test_oidc_maps_people_by_email_only_to_active_accounts(staff: dict[str, User], settings: Any) -> None:
    settings.OIDC_RP_CLIENT_ID = "putright"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    backend = StaffOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "HANA@Landlord.Example"})) == [staff["hana"]]
    assert list(backend.filter_users_by_claims({"preferred_username": "hugo@landlord.example"})) == [
        staff["hugo"]
    ]
    assert not backend.filter_users_by_claims({"email": "stranger@landlord.example"}).exists()
    assert not backend.filter_users_by_claims({"email": ""}).exists()
    staff["sian"].is_active = False
    staff["sian"].save()
    assert not backend.filter_users_by_claims({"email": "sian@landlord.example"}).exists()


class _Provider:
    """A minimal OpenID provider: a token endpoint issuing an HS256 ID token and a userinfo endpoint."""

    def __init__(self, email: str) -> None:
        self.email = email
        self.nonce = ""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                assert form["code"] == ["the-code"]
                now = int(time.time())
                claims = {
                    "iss": f"http://127.0.0.1:{provider.port}",
                    "aud": "putright",
                    "sub": "entra-object-id-1",
                    "iat": now,
                    "exp": now + 300,
                    "nonce": provider.nonce,
                }
                token = jwt.encode(claims, SECRET, algorithm="HS256")
                self._json({"id_token": token, "access_token": "access", "token_type": "Bearer"})

            def do_GET(self) -> None:
                assert self.headers["Authorization"] == "Bearer access"
                self._json({"sub": "entra-object-id-1", "email": provider.email, "given_name": "Hana"})

        self.server = HTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider() -> Iterator[_Provider]:
    with _Provider("Hana@Landlord.Example") as running:
        yield running


def test_oidc_single_sign_on_signs_the_member_of_staff_in(
    client: Client, staff: dict[str, User], provider: _Provider
) -> None:
    base = f"http://127.0.0.1:{provider.port}"
    with override_settings(
        ROOT_URLCONF="workspace.oidc_urls",
        OIDC_RP_CLIENT_ID="putright",
        OIDC_RP_CLIENT_SECRET=SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{base}/token",
        OIDC_OP_USER_ENDPOINT=f"{base}/userinfo",
        OIDC_RP_SIGN_ALGO="HS256",
        OIDC_CREATE_USER=False,
        LOGIN_REDIRECT_URL_FAILURE="/sign-in/",
        AUTHENTICATION_BACKENDS=[
            "putright.workspace.auth.AxesBackend",
            "putright.workspace.auth.StaffOIDCBackend",
            "rules.permissions.ObjectPermissionBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
    ):
        sign_in_page = client.get("/sign-in/").content.decode()
        assert (
            "sign in with your organisation&#x27;s account" in sign_in_page
            or "sign in with your organisation's account" in sign_in_page
        )
        response = client.get("/oidc/authenticate/")
        assert response.status_code == 302
        location = urlparse(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == f"{base}/authorize"
        query = parse_qs(location.query)
        assert query["client_id"] == ["putright"] and "email" in query["scope"][0]
        provider.nonce = query["nonce"][0]
        response = client.get("/oidc/callback/", {"code": "the-code", "state": query["state"][0]})
        assert response.status_code == 302 and response["Location"] == "/staff/"  # the landing page by role
        assert client.get("/staff/")["Location"] == "/workspace/today/"
        assert client.get("/workspace/").status_code == 200
        assert int(client.session["_auth_user_id"]) == staff["hana"].pk

        # someone unknown to PutRight is not signed in, and no account is made
        client.logout()
        provider.email = "stranger@landlord.example"
        response = client.get("/oidc/authenticate/")
        provider.nonce = parse_qs(urlparse(response["Location"]).query)["nonce"][0]
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        response = client.get("/oidc/callback/", {"code": "the-code", "state": state})
        assert response["Location"] == "/sign-in/"
        assert not User.objects.filter(email__iexact="stranger@landlord.example").exists()
        assert User.objects.filter(role=Role.COMPLAINT_HANDLER).count() == 3
