"""An administrator brings existing complaints in from the workspace, in Chromium: uploads the messy
file and its mapping, reads the dry run's report on screen, imports, and finds an imported complaint's
steps marked as imported on its full record. Every page passes axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

import importlib
from typing import Any

from browser.conftest import assert_accessible, sign_in
from django.apps import apps
from django.core.management import call_command
from imports.conftest import CSV_FILE, FIXTURES
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, User
from putright.imports.models import ImportedRow

#: the categories and landlord row a fresh database starts with (migration complaints 0003): a
#: browser test's database is emptied between tests, so the file's "Repairs" needs them put back
SEED = importlib.import_module("putright.complaints.migrations.0003_seed_reference_data")


def test_an_administrator_checks_then_imports_a_file_of_complaints(page: Page, db: Any) -> None:
    SEED.seed(apps, None)
    User.objects.create_user(
        "ann", password="correct horse battery", role=Role.ADMINISTRATOR, first_name="Ann", last_name="Admin"
    )
    sign_in(page, "ann", "correct horse battery")
    page.goto("/workspace/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import complaints from your previous system")
    assert_accessible(page)

    # nothing chosen: the error summary says what to do
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the file of complaints")
    assert_accessible(page)

    page.get_by_label("Complaints file").set_input_files(str(CSV_FILE))
    page.get_by_label("Column mapping").set_input_files(str(FIXTURES / "mapping.toml"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What importing this file would do")
    report = page.get_by_role("table")
    expect(report).to_contain_text("Unknown category 'Gardening'")
    expect(report).to_contain_text("A stage 2 without a stage 1 response")
    expect(report).to_contain_text("Repeats row 2 exactly")
    expect(report.get_by_role("row")).to_have_count(19)  # the header and 18 rows
    assert_accessible(page)

    page.get_by_role("button", name="Import 6 complaints").click()
    # the task worker imports, not the web request: the page says so and how far it has got
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing this file")
    expect(page.locator("body")).to_contain_text("Importing messy_complaints.csv.")
    expect(page.locator("#progress")).to_contain_text("0 of 6 rows done so far")
    expect(page.get_by_role("button", name="Import 6 complaints")).to_have_count(0)
    assert_accessible(page)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the import did")
    expect(page.locator("body")).to_contain_text("6 created")
    expect(page.get_by_role("button", name="Import 6 complaints")).to_have_count(0)
    assert_accessible(page)

    reference = ImportedRow.objects.get(key="HX-1003").complaint.reference
    page.goto(f"/workspace/complaints/{reference}/")
    timeline = page.locator(".putright-timeline")
    expect(timeline.locator(".govuk-tag", has_text="Imported")).to_have_count(8)
    expect(timeline).to_contain_text("from messy_complaints.csv row 4")
    expect(timeline).to_contain_text("the previous system (imported, not a letter PutRight issued)")
    assert_accessible(page)
