"""The workspace queue counts its complaints up to ``QUEUE_COUNT_LIMIT`` (10,000) and then says
"more than": past the limit the last page is not known, so a page past the end links to the first
page instead of the last, keeping the filters, the order and the page size. A smaller limit is
patched in here rather than making 10,000 rows. The count of contacts already late if they are
complaints (2024 6.2) is cut at the same limit and said the same way: no fake precision."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.workspace import selectors

WEDNESDAY = datetime(2026, 12, 2, 10, tzinfo=UTC)  # 2 December 2026


@pytest.fixture
def limit_of_10(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 10)
    return 10


def _queue(client: Client, user: User, **params: str) -> str:
    client.force_login(user)
    response = client.get("/workspace/", params)
    assert response.status_code == 200
    return response.content.decode()


def _past_the_end(html: str) -> str:
    return html.split('id="past-the-end"')[1].split("</p>")[0] if 'id="past-the-end"' in html else ""


def _link(notice: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(notice.split('href="')[1].split('"')[0].replace("&amp;", "&")).query)


def test_a_page_past_the_end_of_a_queue_counted_past_its_limit_links_to_the_first_page(
    client: Client, staff: dict[str, User], make: Make, limit_of_10: int
) -> None:
    for i in range(12):
        make("complaint", name=f"Many {i:02d}")
    html = _queue(client, staff["officer"], per_page="10", sort="received", page="5")
    assert "More than 10 complaints and contacts" in html
    notice = _past_the_end(html)
    assert "page 5 is past the end" in notice
    assert "Go to the first page" in notice and "last page" not in notice
    # the first page of the same queue: the order and the page size kept, the page number gone
    assert _link(notice) == {"per_page": ["10"], "sort": ["received"]}


def test_a_page_past_the_end_of_a_filtered_queue_counted_past_its_limit_keeps_the_filters(
    client: Client, staff: dict[str, User], make: Make, limit_of_10: int
) -> None:
    for i in range(12):
        make("complaint", name=f"Filtered {i:02d}")
    make("complaint", name="Someone Else")
    html = _queue(client, staff["officer"], per_page="10", q="Filtered", page="3")
    assert "More than 10 complaints and contacts matching your filters" in html
    notice = _past_the_end(html)
    assert "matching your filters: page 3 is past the end" in notice and "Go to the first page" in notice
    assert _link(notice) == {"per_page": ["10"], "q": ["Filtered"]}


def test_a_page_beyond_the_limit_that_has_rows_lists_them_and_is_not_past_the_end(
    client: Client, staff: dict[str, User], make: Make, limit_of_10: int
) -> None:
    for i in range(12):
        make("complaint", name=f"Paged {i:02d}")
    html = _queue(client, staff["officer"], per_page="10", page="2")
    assert "11 to 12 of more than 10" in html
    assert _past_the_end(html) == ""


def test_under_the_limit_the_count_is_exact_and_a_page_past_the_end_links_to_the_last_page(
    client: Client, staff: dict[str, User], make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 15)
    for i in range(15):
        make("complaint", name=f"Exact {i:02d}")
    html = _queue(client, staff["officer"], per_page="10", page="4")
    assert ">15 complaints and contacts<" in html  # at the limit: exact
    notice = _past_the_end(html)
    assert "Go to the last page (page 2)" in notice and "first page" not in notice
    assert _link(notice) == {"per_page": ["10"], "page": ["2"]}


def test_2024_6_2_late_contacts_past_the_limit_are_said_as_more_than_the_limit(
    client: Client, staff: dict[str, User], make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 2)
    with time_machine.travel(WEDNESDAY, tick=False):
        make("stage_1_acknowledged")
        for _ in range(4):
            make("received", received_on=date(2026, 11, 23))  # due 30 Nov: already late
        html = _queue(client, staff["officer"])
    notice = html.split('id="late-contacts"')[1].split("</div>")[0]
    # the count stops at the limit + 1: "3 contacts" was a number nobody counted
    assert "More than 2 contacts waiting for triage would already be late if they are complaints" in notice
    assert "3 contacts" not in notice
