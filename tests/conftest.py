"""Settings shared by every test that touches Django."""

from __future__ import annotations

import uuid
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(request: pytest.FixtureRequest) -> None:
    """Tests render pages without running collectstatic first, so they use the plain storage."""
    django_fixtures = {"settings", "db", "transactional_db", "live_server", "client", "admin_client"}
    if not django_fixtures & set(request.fixturenames) and not request.node.get_closest_marker("django_db"):
        return
    settings: Any = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate-limit counters live in a cache table that transactional tests' flush does not empty: a
    # prefix per test gives each test its own counters.
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"


@pytest.fixture(scope="session")
def s3_server() -> Any:
    """moto's S3 server on a free local port for the whole test run (started only if a test asks)."""
    from s3_server import moto_server

    with moto_server() as server:
        yield server
