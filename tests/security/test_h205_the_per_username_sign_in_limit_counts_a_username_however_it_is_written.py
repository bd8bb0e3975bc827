"""Review 205: sign-in is limited per username across addresses, the one limit on guessing one account's
password from many addresses (django-axes locks a username from one address). Django reads the username
as NFKC ("ｏｌｕ" in full-width letters, or "𝐨𝐥𝐮" in mathematical bold, signs in as "olu"), but the limit
counted the username as typed: each way of writing it had its own count, so an attacker could guess
past the limit by writing the same username another way each time."""

from __future__ import annotations

from typing import Any

import pytest

from putright.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "a long password 123"
WRITTEN = ["olu", "ｏｌｕ", "𝐨𝐥𝐮", "OLU", "𝗈𝗅𝗎"]


def test_h205_a_username_written_another_way_signs_in_as_the_same_account(client: Any) -> None:
    User.objects.create_user("olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER)
    assert client.post("/sign-in/", {"username": "ｏｌｕ", "password": PASSWORD}).status_code == 302


def test_h205_the_per_username_limit_counts_every_way_of_writing_it(client: Any, settings: Any) -> None:
    settings.PUTRIGHT_RATES = {"sign-in": ("100/h", "3/h")}
    User.objects.create_user("olu", password=PASSWORD, role=Role.COMPLAINTS_OFFICER)
    answers = [
        client.post(
            "/sign-in/", {"username": name, "password": "wrong"}, REMOTE_ADDR=f"203.0.113.{n}"
        ).status_code
        for n, name in enumerate(WRITTEN)
    ]
    assert answers == [200, 200, 200, 429, 429]
