"""Hostile input on every page, as the superuser (who may open them all) and signed out: never a 500.

* A NUL in a query or form value: PostgreSQL refuses a NUL in any text it is sent, so a filter that
  reached a query with one was a server error there (the API list's ``state``, ``category`` and
  ``handler``, until the schema refused them; the workspace's queue and new-contact search and the
  data-protection residents' list, until ``RefuseNulMiddleware``).
* Other hostile values (impossible dates, numbers too large for a C integer, quotes, 3,000
  characters) in every query name on every page, and in every form name posted to every form: the
  MRC report's ``?run=``, the annual report's year and the ``next`` after retrying an email were
  500s until this sweep found them.

The names sent are every form field the site has and every name a view reads from ``request.GET``,
all at once; a page's path parameters come from the access tests' landlord."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from access.conftest import World
from access.doors import PARAMETER, door_url, door_values
from access.matrix import API, PAGES
from access.test_access_matrix import routes
from django import forms
from django.test import Client
from django.utils import timezone
from workspace.test_triage_and_documents import CONTACT

import putright
from putright.complaints.models import Complaint

pytestmark = pytest.mark.django_db

ROOT = Path(putright.__file__).parent
READ_FROM_GET = re.compile(r"""GET(?:\.get|\.getlist)?[(\[]\s*["'](\w+)["']""")


def _form_field_names() -> set[str]:
    for module in pkgutil.walk_packages([str(ROOT)], "putright."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "record_forms", "views", "erasure_views"):
            importlib.import_module(module.name)
    names: set[str] = set()
    stack: list[type] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names.update(getattr(cls, "base_fields", {}))
    return names


def _names() -> list[str]:
    read = {m for path in ROOT.rglob("*.py") for m in READ_FROM_GET.findall(path.read_text(encoding="utf-8"))}
    api_filters = {"state", "stage", "category", "handler", "open", "due_before", "q", "order", "after"}
    return sorted(_form_field_names() | read | api_filters)


def _pages() -> list[str]:
    found = set(routes()) & set(PAGES)
    return sorted(
        "/" + route.replace("^", "").replace("$", "")
        for route in found
        if not PARAMETER.search(route) and "GET" in PAGES[route]
    )


def test_the_sweep_covers_the_filters_that_were_500s() -> None:
    names = _names()
    assert {"state", "category", "handler", "q", "page", "year", "measure"} <= set(names), names
    assert "/workspace/" in _pages() and "/governance/" in _pages()


@pytest.mark.parametrize("role", ["superuser", "anonymous"])
def test_a_nul_in_any_query_value_is_never_a_500(world: World, role: str) -> None:
    query = urlencode({name: "a\x00b" for name in _names()})
    client = world.client(role)
    broken = []
    for page in _pages():
        answer = client.get(f"{page}?{query}")
        if answer.status_code >= 500:
            broken.append((page, answer.status_code))
    api = client.get(
        f"/api/v1/complaints?{query}", headers={"Authorization": f"Bearer {world.tokens['officer']}"}
    )
    if api.status_code >= 500:
        broken.append(("/api/v1/complaints", api.status_code))
    assert not broken, broken
    page = client.get("/workspace/", {"q": "Rita\x00"})
    assert page.status_code == 400
    assert "contains a character that cannot be used" in page.content.decode()


def test_a_nul_in_a_form_value_is_a_400_and_nothing_is_recorded(world: World) -> None:
    """A contact typed into the workspace's form, its summary carrying a NUL (no keyboard types one:
    a crafted request): refused as a whole, the same form without it recorded."""
    client = world.client("officer")
    before = Complaint.objects.count()
    contact = {**CONTACT, "received_on": timezone.localdate().isoformat()}
    refused = client.post("/workspace/new/", {**contact, "summary": "The leak\x00 is back."})
    assert refused.status_code == 400
    assert Complaint.objects.count() == before
    assert client.post("/workspace/new/", contact).status_code == 302
    assert Complaint.objects.count() == before + 1


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "99999999999999999999", "'%ü", "x" * 3000],
)
def test_a_hostile_query_value_is_never_a_500(world: World, value: str) -> None:
    """Every name at once with one hostile value (a date that is no date, a huge number, a quote, a
    long string): each page answers, refuses or ignores it, never a server error."""
    query = urlencode({name: value for name in _names()})
    client = world.client("superuser")
    broken = [
        (page, answer.status_code)
        for page in _pages()
        if (answer := client.get(f"{page}?{query}")).status_code >= 500
    ]
    assert not broken, broken


def _pages_with_parameters(world: World) -> list[str]:
    found = set(routes()) & set(PAGES)
    return sorted(
        door_url(route, door_values(world, route, "own"))
        for route in found
        if PARAMETER.search(route) and "GET" in PAGES[route] and not route.startswith(("admin/", "oidc/"))
    )


@pytest.mark.parametrize("value", ["2025-02-30", "99999999999999999999", "'%ü", "x" * 3000])
def test_a_hostile_query_value_on_a_page_about_one_thing_is_never_a_500(world: World, value: str) -> None:
    """The same on every page that is about one complaint, letter, record or report (its parameters
    from the access tests' landlord), as the superuser, who may open them all."""
    query = urlencode({name: value for name in _names()})
    client = world.client("superuser")
    broken = [
        (page, answer.status_code)
        for page in _pages_with_parameters(world)
        if (answer := client.get(f"{page}?{query}")).status_code >= 500
    ]
    assert not broken, broken


@pytest.mark.parametrize("value", ["2025-02-30", "99999999999999999999", "'%ü"])
def test_a_hostile_form_value_posted_to_any_form_is_never_a_500(world: World, value: str) -> None:
    data = {name: value for name in _names()}
    found = set(routes()) & set(PAGES)
    broken = []
    for route in sorted(r for r in found if "POST" in PAGES[r] and not r.startswith(("admin/", "oidc/"))):
        url = door_url(route, door_values(world, route, "own") if PARAMETER.search(route) else {})
        answer = world.client("superuser").post(url, data)
        if answer.status_code >= 500:
            broken.append((url, answer.status_code))
    assert not broken, broken


def _every_page_with_a_nul_in_its_path(world: World) -> list[tuple[str, str]]:
    """Each page and API operation about one thing, with a NUL inside every one of its path values
    (``/workspace/complaints/PR-000001%00/``), for the methods it answers."""
    found = set(routes()) & set(PAGES)
    doors = [
        (method, route)
        for route in found
        if PARAMETER.search(route) and not route.startswith(("admin/", "oidc/"))
        for method in PAGES[route]
        if method in ("GET", "POST")
    ]
    doors += [tuple(operation.split(" ", 1)) for operation in API if "{" in operation]
    return sorted(
        (method, door_url(route, {k: f"{v}%00x" for k, v in door_values(world, route, "own").items()}))
        for method, route in doors
    )


@pytest.mark.parametrize("role", ["superuser", "officer", "anonymous"])
def test_a_nul_in_a_pages_address_is_a_404_never_a_500(world: World, role: str) -> None:
    """PostgreSQL refused the NUL when the page looked its complaint, letter or record up: 18 pages
    and API operations answered 500 on PostgreSQL. No address has one, so the page does not exist;
    the API says so in JSON."""
    client = world.client(role)
    api = {"Authorization": f"Bearer {world.tokens['officer']}"} if role == "officer" else {}
    pages = _every_page_with_a_nul_in_its_path(world)
    assert len(pages) > 40 and any(url.startswith("/api/v1/") for _, url in pages), pages
    broken = []
    for method, url in pages:
        send = client.get if method == "GET" else client.post
        answer = send(url, headers=api) if url.startswith("/api/") else send(url)
        if answer.status_code != 404:
            broken.append((method, url, answer.status_code))
        elif url.startswith("/api/"):
            assert answer.json() == {"detail": "Not Found"}, url
    assert not broken, broken


@pytest.mark.parametrize("cookie", ['sessionid="abcdefghij\\000klmnop"', 'csrftoken="a\\000b"; sessionid=x'])
def test_a_nul_in_a_cookie_is_read_as_no_cookie(world: World, cookie: str) -> None:
    """Django unquotes ``\\000`` in a cookie into a NUL, and the session was looked up with it: every
    page answered 500 on PostgreSQL. Such a cookie is read as none (signed out)."""
    client = Client(raise_request_exception=False)
    answers = {
        page: client.get(page, HTTP_COOKIE=cookie).status_code for page in ("/", "/sign-in/", "/workspace/")
    }
    assert answers == {"/": 200, "/sign-in/": 200, "/workspace/": 302}, answers
    api = client.get(
        "/api/v1/categories",
        HTTP_COOKIE=cookie,
        headers={"Authorization": f"Bearer {world.tokens['officer']}"},
    )
    assert api.status_code == 200
