"""Take the README's workspace and governance screenshots from the demo landlord, in real Chromium.

    bash scripts/run.sh                                  # in one terminal: the demo on :8000
    uv run python scripts/workspace_screenshots.py       # writes docs/screenshots/workspace-*.png

Options: ``--url`` (default http://127.0.0.1:8000), ``--out`` (default docs/screenshots),
``--password`` (the demo accounts' published password). It signs in as the demo's complaints
officer and reads the pages as they are: it changes nothing in the demo's records. Playwright
drives Debian's Chromium (``PUTRIGHT_CHROMIUM``, default /usr/bin/chromium), as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
#: the demo accounts' published password (``putright.demo.loader.DEMO_PASSWORD``, in the README)
DEMO_PASSWORD = "riverside-demo"  # noqa: S105


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/sign-in/" in page.url:
        raise SystemExit(f"could not sign in as {username}: is the demo landlord loaded at this address?")


def case_with_a_record(page: Page) -> str:
    """The first open complaint in the queue with reasonable adjustments (so its page shows the record
    kept right), else the first one."""
    page.goto("/workspace/?per_page=100")
    rows = page.locator("table.putright-queue tbody tr")
    if not rows.count():
        raise SystemExit("the queue is empty: load the demo landlord first (scripts/run.sh)")
    chosen = (
        rows.filter(has_text="Adjustments").first
        if rows.filter(has_text="Adjustments").count()
        else rows.first
    )
    href = chosen.locator("a").first.get_attribute("href")
    assert href, "a queue row links to its complaint"
    return href


def shoot(page: Page, path: str, out: Path, name: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / name), full_page=True)
    print(f"{out / name}  <- {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--password", default=DEMO_PASSWORD)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("PUTRIGHT_CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu"],
        )
        context = browser.new_context(base_url=args.url, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, "officer", args.password)
        shoot(page, "/workspace/today/", out, "workspace-today.png")
        shoot(page, "/workspace/", out, "workspace-queue.png")
        case = case_with_a_record(page)
        shoot(page, case, out, "workspace-case.png")
        shoot(page, case.rstrip("/") + "/record/reply/", out, "workspace-talk.png")
        shoot(page, "/workspace/team/", out, "workspace-team.png")
        shoot(page, "/governance/", out, "governance-dashboard.png")
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
