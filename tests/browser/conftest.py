"""Real-browser tests: Debian's Chromium driven by Playwright, pages scanned with axe-core.

Playwright cannot download its own browsers here, so it is pointed at /usr/bin/chromium
(installed by scripts/test.sh). axe-core comes from npm (node_modules, installed by the same script).
Every test in this folder is marked ``browser``; the PostgreSQL run skips them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PUTRIGHT_CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A small phone screen (320 CSS pixels wide, WCAG 1.4.10 reflow)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, is_mobile=True
    )
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


@pytest.fixture
def worker_sends_emails(settings: Any) -> None:
    """The task worker is up: a letter's email is sent as soon as its issue commits (Django's test
    mail backend accepts it), so a step its letter tells of counts from then (2024 5.12)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.2 AA violations axe-core finds on the page as it stands, and content outside landmarks."""
    # Evaluated through DevTools rather than added as an inline <script>, which the pages'
    # Content-Security-Policy (script-src 'self') rightly refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    # and axe's best practice that all content sits in a landmark (a screen reader user moving by
    # landmarks would miss a back link left outside one)
    regions = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['region']}})")
    return [*result["violations"], *regions["violations"]]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe-core found WCAG 2.2 AA violations on {page.url}:\n" + "\n".join(summary)


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page: Page, legend: str, day: Any) -> None:
    """Type ``day`` into the GOV.UK date input whose legend matches ``legend`` (a regex)."""
    import re

    group = page.get_by_role("group", name=re.compile(legend))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
