"""An error or warning banner on a page opened at a fragment, in Chromium: a refused step sends the
person back to the case at "#not-yet-sent", and the browser's jump to the fragment took the focus
GOV.UK gives the banner, so a screen reader never announced the error (helper-92). The banner takes
it back once the page has loaded; a green "Done" banner leaves the reader at the fragment."""

# ruff: noqa: F811  (fixtures imported from the letters tests)
from __future__ import annotations

import time
from typing import Any

from browser.conftest import assert_accessible, sign_in
from letters.conftest import (  # noqa: F401
    build,
    handler_1,
    handler_2,
    letterhead,
    officer,
    resident,
)
from playwright.sync_api import Page, expect

from putright.complaints import services

PASSWORD = "correct horse battery"


def _focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.className"))


def test_an_error_banner_at_a_fragment_takes_the_focus_in_chromium(
    page: Page, build: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = services.allocate_handler(complaint=build("complaint"), actor=handler_1, handler=handler_1)
    complaint = services.acknowledge_complaint(
        complaint=complaint,
        actor=handler_1,
        complaint_definition="The bathroom mould has not been treated after two reports.",
        outcomes_sought="Treat the mould and fix the fan.",
        responsible_for="Repairs to the fan and mould treatment.",
    )
    [held] = services.held_steps(complaint)
    handler_1.set_password(PASSWORD)
    handler_1.save()
    page.set_default_timeout(60_000)
    sign_in(page, handler_1.username, PASSWORD)
    case = f"/workspace/complaints/{complaint.reference}/"
    page.goto(case)
    # the "told by a letter issued earlier" form, sent with no letter chosen, as the browser sends a
    # form: refused, and redirected back to the held step's section with the error
    page.evaluate(
        """([url, token]) => {
             const form = document.createElement('form')
             form.method = 'post'
             form.action = url
             for (const [name, value] of [['csrfmiddlewaretoken', token], ['letter', '']]) {
               const field = document.createElement('input')
               field.type = 'hidden'
               field.name = name
               field.value = value
               form.appendChild(field)
             }
             document.body.appendChild(form)
             form.submit()
           }""",
        [
            f"{case}held/{held.pk}/told-by-letter/",
            page.locator("input[name=csrfmiddlewaretoken]").first.input_value(),
        ],
    )
    page.wait_for_url("**#not-yet-sent")
    banner = page.locator(".govuk-notification-banner").first
    expect(banner).to_contain_text("Choose a letter issued on this complaint.")
    # after the load and the jump to the fragment, the error banner has the focus (polled: a string
    # wait_for_function is evaluated in the page, which its Content-Security-Policy forbids)
    deadline = time.monotonic() + 10
    while "govuk-notification-banner" not in _focused(page) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert "govuk-notification-banner" in _focused(page), _focused(page)
    assert "govuk-notification-banner--success" not in _focused(page)
    assert_accessible(page)
