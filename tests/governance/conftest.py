"""Fixtures for governance: staff in each role and a ``journey`` that drives a complaint through the
services on the days given (every event goes through the real services, so deadlines are the
core's)."""

from __future__ import annotations

import pytest
from governance.journeys import Journey, journey_maker

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Landlord, Resident


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user(
        "officer",
        password="officer-pass-123",
        first_name="Olu",
        last_name="Officer",
        role=Role.COMPLAINTS_OFFICER,
    )


@pytest.fixture
def handler_1(db: None) -> User:
    return User.objects.create_user("handler1", first_name="Hana", last_name="One")


@pytest.fixture
def handler_2(db: None) -> User:
    return User.objects.create_user("handler2", first_name="Hugo", last_name="Two", role=Role.MANAGER)


@pytest.fixture
def landlord(db: None) -> Landlord:
    landlord = Landlord.load()
    landlord.name = "Testshire Homes"
    landlord.homes = 2000
    landlord.save()
    return landlord


@pytest.fixture
def journey(officer: User, handler_1: User, handler_2: User, landlord: Landlord) -> Journey:
    return journey_maker(officer, handler_1, handler_2)


@pytest.fixture
def resident(db: None) -> Resident:
    return services.create_resident(name="Rita Repeat")


@pytest.fixture
def signed_in_officer(client, officer):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client
