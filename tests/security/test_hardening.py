"""Hardening of every page: a Content-Security-Policy with no inline script, HTTPS settings from the
environment, sessions that end when idle and after 12 hours, and no caching of pages or files that
may hold personal data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from putright.accounts.models import Role, User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "putright").rglob("templates/**/*.html"))
#: templates that are rendered to PDF by WeasyPrint, never served as pages
PDF_ONLY = {"_document_base.html", "complaint_file.html"}  # rendered by WeasyPrint, never served


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user("olu", password="a long password 123", role=Role.COMPLAINTS_OFFICER)


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    assert TEMPLATES, "templates not found"
    offenders = []
    for path in TEMPLATES:
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
        if path.name not in PDF_ONLY and (
            re.search(r"<style\b", text) or re.search(r'\sstyle\s*=\s*"', text)
        ):
            offenders.append(f"{path.relative_to(ROOT)}: inline style")
    assert offenders == []


def test_every_page_has_a_content_security_policy_without_unsafe_inline(client: Any) -> None:
    for url in ("/", "/complain/", "/track/", "/sign-in/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_with_personal_data_are_not_cached(client: Any, officer: User) -> None:
    client.force_login(officer)
    for url in ("/workspace/", "/account/", "/track/"):
        response = client.get(url)
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_a_session_ends_after_30_minutes_idle(client: Any, officer: User) -> None:
    client.post("/sign-in/", {"username": "olu", "password": "a long password 123"})
    assert client.get("/workspace/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get("/workspace/")
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
        page = client.get(response["Location"]).content.decode()
        assert "signed out after 30 minutes without activity" in page
        assert client.get("/workspace/").status_code == 302


def test_a_busy_session_still_ends_12_hours_after_sign_in(client: Any, officer: User) -> None:
    start = timezone.now()
    client.post("/sign-in/", {"username": "olu", "password": "a long password 123"})
    for minutes in range(20, 12 * 60, 20):  # active every 20 minutes
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/workspace/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1)):
        response = client.get("/workspace/")
        assert response.status_code == 302
        assert "12 hours after signing in" in client.get(response["Location"]).content.decode()


def _check_deploy(extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # the test run's own variables are not production settings (the browser tests allow async ORM use)
    ignored = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update({"PUTRIGHT_DATA_DIR": str(tmp_path), **extra})
    return subprocess.run(
        [sys.executable, "-m", "putright", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


#: The production settings documented in SECURITY.md ("Production settings").
PRODUCTION = {
    "SECRET_KEY": "k8Vq3-this-is-a-long-random-production-key-4Jd9sLq2Wm7Xz1Pa6Tr0Yb5Nc",
    "ALLOWED_HOSTS": "complaints.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "PUTRIGHT_REQUIRE_TWO_FACTOR": "1",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    done = _check_deploy(PRODUCTION, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    documented = (ROOT / "SECURITY.md").read_text()
    for name, value in PRODUCTION.items():
        if name != "SECRET_KEY":
            assert f"{name}={value}" in documented, name


def test_check_deploy_flags_the_development_defaults(tmp_path: Path) -> None:
    done = _check_deploy({}, tmp_path)
    assert done.returncode != 0
    assert "security.W004" in done.stderr + done.stdout  # no HSTS
    assert "security.W008" in done.stderr + done.stdout  # no SSL redirect


def test_hsts_and_https_redirect_follow_the_settings(client: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/track/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/track/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
