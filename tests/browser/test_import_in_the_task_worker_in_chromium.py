"""The workspace import as it now is (9a42fcc): Import queues the file for the task worker, the page
says it is importing (and does not refresh itself), the worker imports, a reload shows what it did;
an import that stops shows an error summary a screen reader announces. Every state passes axe."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from browser.conftest import assert_accessible, sign_in
from django.apps import apps
from django.core.management import call_command
from imports.conftest import CSV_FILE, FIXTURES
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.imports import services
from putright.imports.models import ImportRun

SEED = importlib.import_module("putright.complaints.migrations.0003_seed_reference_data")


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _check_the_file(page: Page, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SEED.seed(apps, None)
    User.objects.create_user(
        "ann", password="correct horse battery", role=Role.ADMINISTRATOR, first_name="Ann", last_name="Admin"
    )
    sign_in(page, "ann", "correct horse battery")
    page.goto("/workspace/imports/")
    page.get_by_label("Complaints file").set_input_files(str(CSV_FILE))
    page.get_by_label("Column mapping").set_input_files(str(FIXTURES / "mapping.toml"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What importing this file would do")


def test_an_administrator_imports_through_the_task_worker(page: Page, db: Any, settings: Any) -> None:
    _check_the_file(page, settings)
    page.get_by_role("button", name="Import 6 complaints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing this file")
    progress = page.locator("#progress")
    expect(progress).to_have_text(
        "The import is running in the background: 0 of 6 rows done so far. Reload this page to see how far "
        "it has got. You can leave this page; the import carries on.",
        use_inner_text=True,
    )
    expect(page.locator("meta[http-equiv='refresh']")).to_have_count(0)  # no refresh under the reader
    expect(page.get_by_role("button", name="Import 6 complaints")).to_have_count(0)
    banner = page.locator(".govuk-notification-banner").inner_text()  # shown once: read now
    assert_accessible(page)
    assert not Complaint.objects.exists()

    _worker()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the import did")
    expect(page.locator(".putright-figures")).to_contain_text("6 created")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_accessible(page)
    # the banner that says the import was queued is not announced "Done": nothing was done yet
    assert "Done" not in banner and "Importing messy_complaints.csv" in banner, banner


def test_an_import_that_stops_says_so_at_the_top_of_the_page(
    page: Page, db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_the_file(page, settings)
    page.get_by_role("button", name="Import 6 complaints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing this file")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_batch", broken)
    _worker()
    page.reload()
    assert ImportRun.objects.get().state == ImportRun.State.CHECKED
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("alert")).to_contain_text("The import stopped (RuntimeError)")
    assert_accessible(page)
    # GOV.UK error summary: first in the main content, before the h1, and the title says "Error:"
    first = page.locator("main > *").first
    expect(first).to_have_class("govuk-error-summary")
    assert page.title().startswith("Error:"), page.title()
