"""The API contract, tested as a client would: schemathesis reads ``/api/v1/openapi.json`` from a
running server (pytest-django's live server), generates requests for every operation (valid and
invalid input) and sends each with a token of every role. No answer may be a server error, and every
answer (status code, content type, headers, body) must be one the schema documents.

Bounded and repeatable: a fixed number of examples per operation, hypothesis derandomized (the same
requests on every run), no shrinking."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from putright.accounts.models import Role, Team, User
from putright.accounts.services import create_api_token
from putright.api.v1 import api
from putright.complaints import services
from putright.complaints.models import Category, Complaint

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = {
    "officer": Role.COMPLAINTS_OFFICER,
    "handler": Role.COMPLAINT_HANDLER,
    "manager": Role.MANAGER,
    "mrc": Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS,
    "board": Role.GOVERNING_BODY_READER,
    "administrator": Role.ADMINISTRATOR,
}
#: examples per operation and kind of input (valid on a real complaint, valid, invalid)
EXAMPLES = 5


@pytest.fixture
def tokens(transactional_db: None) -> dict[str, str]:
    """A token for each role, and a few complaints for the operations to find."""
    team = Team.objects.create(name="North")
    users = {
        name: User.objects.create_user(name, email=f"{name}@landlord.example", role=role, team=team)
        for name, role in ROLES.items()
    }
    Category.objects.get_or_create(slug="repairs", defaults={"name": "Repairs"})
    for n in range(3):
        resident = services.create_resident(name=f"Resident {n}", email=f"r{n}@example.org")
        services.receive_complaint(
            resident=resident,
            summary="The boiler has failed again and nobody came.",
            channel="telephone",
            received_on=timezone.localdate(),
            actor=users["officer"],
            accept=True,
        )
    return {name: create_api_token(user)[0] for name, user in users.items()} | {"anonymous": ""}


#: the schema the server publishes at /api/v1/openapi.json (a test below proves they are the same)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


def test_the_schema_tested_is_the_one_the_server_publishes(live_server: Any) -> None:
    published = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    assert published.status_code == 200
    assert published.json() == json.loads(json.dumps(api.get_openapi_schema()))


def _examine(operation: Any, strategy: Any, base_url: str, tokens: dict[str, str]) -> None:
    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def examine(case: Any) -> None:
        for token in tokens.values():
            # a new connection per request: the live server's keep-alive stalls each reuse ~200 ms
            headers = {"Connection": "close"} | ({"Authorization": f"Bearer {token}"} if token else {})
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    examine()


def test_api_answers_as_its_schema_says_for_every_role(live_server: Any, tokens: dict[str, str]) -> None:
    """Each operation: valid input on a real complaint, valid input on any path, invalid input."""
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    references = list(Complaint.objects.order_by("pk").values_list("reference", flat=True))
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 26
    for operation in operations:
        named = {p.name for p in operation.path_parameters}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if "reference" in named:
            strategies.append(
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"reference": references[0]})
            )
        for strategy in strategies:
            try:
                _examine(operation, strategy, base_url, tokens)
            except Exception as error:  # every operation is examined; all failures are reported
                failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
