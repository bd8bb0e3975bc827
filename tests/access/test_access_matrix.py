"""Every role x every door (each URL pattern of the site, each operation of the API) x each relation
of the complaint to the person (own team, other team, restricted, unallocated): the answer must be
the one the matrix (``matrix.py``) expects. A door with no entry in the matrix fails the test, so a
new page or API operation cannot be added without saying who may use it.

A cell passes when the person is let in (any answer but 401, 403, 404 or a redirect to sign in) if
and only if the matrix says they may. Each request runs in a transaction that is rolled back, so a
permitted write does not change the next cell's complaint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from access.conftest import World
from access.doors import PARAMETER, door_url, door_values
from access.matrix import (
    ADMIN_PUBLIC,
    ADMIN_RULE,
    API,
    PAGES,
    RELATIONAL,
    RELATIONAL_PK,
    RELATIONS,
    ROLES,
    STEP_SLUGS,
    may,
)
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from putright.api.v1 import api

NOT_LET_IN = {401, 403, 404}
REDIRECTS = {301, 302, 303, 307, 308}
#: where login_required sends a person it does not let in (signing out also lands on /sign-in/, but
#: without ``next``)
SIGN_IN_PAGES = ("/sign-in/?next=", "/admin/login/?next=")
#: where the MRC and the governing body are sent from the complaints queue: not let in to the queue
GOVERNANCE_HOME = "/governance/"


def routes() -> Iterator[str]:
    """Every URL pattern of the site as its full route (``workspace/complaints/<str:reference>/``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "")


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def _is_api_operation(route: str) -> bool:
    return route.startswith("api/v1/") and route not in PAGES


def test_every_door_has_an_entry_in_the_matrix() -> None:
    site = [r for r in routes() if not _is_api_operation(r)]
    pages = [r for r in site if not r.startswith("admin/")]
    missing = sorted(set(pages) - set(PAGES))
    assert not missing, f"URL patterns with no entry in tests/access/matrix.py: {missing}"
    stale = sorted(r for r in set(PAGES) - set(pages) if not r.startswith("oidc/"))
    assert not stale, f"matrix entries for URL patterns that no longer exist: {stale}"
    assert any(r.startswith("admin/") for r in site)
    operations = api_operations()
    assert not operations - set(API), f"API operations with no matrix entry: {sorted(operations - set(API))}"
    assert not set(API) - operations, (
        f"matrix entries for API operations that do not exist: {set(API) - operations}"
    )


# --------------------------------------------------------------------------------------------------
# Knocking on each door


def _parameters(route: str) -> set[str]:
    return {a or b for a, b in PARAMETER.findall(route.replace("{", "<").replace("}", ">"))}


def _relational(route: str) -> bool:
    return bool(_parameters(route) & RELATIONAL) or route in RELATIONAL_PK


def _let_in(route: str, rule: str, response: HttpResponse) -> bool:
    location = response.get("Location", "") if response.status_code in REDIRECTS else ""
    if rule == ADMIN_RULE:
        # the admin's door sends everyone it does not let in to its sign-in page; past the door, its
        # own answers (404 for an object that is not there, 403 for adding to a read-only record)
        # are the admin's business
        return not location.startswith("/admin/login/?next=")
    if response.status_code in NOT_LET_IN and not (rule == "public" and response.status_code == 404):
        return False
    if location.startswith(SIGN_IN_PAGES):
        return False
    return not (route.startswith("workspace/") and location == GOVERNANCE_HOME)


def _knock(client: Client, method: str, url: str, **extra: Any) -> HttpResponse:
    with transaction.atomic():
        response: HttpResponse = getattr(client, method.lower())(url, **extra)
        transaction.set_rollback(True)
    return response


def _cells() -> Iterator[tuple[str, str, str, str | None]]:
    """(route or operation, method, rule, relation) for every door and relation."""
    for route in routes():
        if _is_api_operation(route):
            continue
        rules = {"GET": ADMIN_PUBLIC.get(route, ADMIN_RULE)} if route.startswith("admin/") else PAGES[route]
        for method, rule in rules.items():
            if route.endswith("<slug:slug>/"):
                for slug, step_rule in STEP_SLUGS.items():
                    for relation in RELATIONS:
                        yield f"{route}#{slug}", method, step_rule, relation
                continue
            for relation in RELATIONS if _relational(route) else (None,):
                yield route, method, rule, relation
    for operation, rule in API.items():
        method, path = operation.split(" ", 1)
        for relation in RELATIONS if _relational(path) else (None,):
            yield path, method, rule, relation


@pytest.mark.django_db
def test_access_matrix_has_no_holes(world: World) -> None:
    clients = {role: world.client(role) for role in ROLES}
    holes: list[str] = []
    errors: list[str] = []
    checked = 0
    for door, method, rule, relation in _cells():
        route, _, slug = door.partition("#")
        values = door_values(world, route, relation)
        if slug:
            values["slug"] = slug
        url = door_url(route, values)
        if route == "governance/complaints/":
            url += "?measure=s1_received"
        for role in ROLES:
            if route.startswith("/api/"):
                extra: dict[str, Any] = {"content_type": "application/json"}
                if method != "GET":
                    extra["data"] = "{}"
                if role != "anonymous":
                    extra["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
                response = _knock(Client(raise_request_exception=False), method, url, **extra)
            else:
                response = _knock(clients[role], method, url)
            checked += 1
            cell = f"{role:13} {method:4} {url} ({relation or '-'}, {rule}): {response.status_code}"
            if response.status_code >= 500:
                errors.append(cell)
            elif _let_in(route, rule, response) != may(rule, role, relation):
                expected = "let in" if may(rule, role, relation) else "kept out"
                holes.append(f"{cell}, expected {expected}")
    assert checked > 1500
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
    assert not holes, f"{len(holes)} holes in {checked} cells:\n" + "\n".join(holes)


@pytest.mark.django_db
def test_api_list_shows_a_handler_exactly_their_workspace_scope(world: World) -> None:
    def listed(role: str) -> set[str]:
        response = Client().get(
            "/api/v1/complaints?limit=200", HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}"
        )
        assert response.status_code == 200, response.content
        return {item["reference"] for item in response.json()["items"]}

    ref = {relation: case.complaint.reference for relation, case in world.cases.items()}
    assert listed("handler") == {ref["own"], ref["unallocated"]}
    assert listed("officer") == {ref["own"], ref["other"], ref["unallocated"]}
    assert listed("superuser") == set(ref.values())
    for role in ("mrc", "board"):
        response = Client().get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
        assert response.status_code == 403
