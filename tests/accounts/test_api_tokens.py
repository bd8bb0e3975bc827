"""API tokens: only a SHA-256 is stored, the plaintext is shown once, a look-up is one indexed query."""

from __future__ import annotations

import hashlib

import pytest

from putright.accounts.models import ApiToken, Role, User
from putright.accounts.services import create_api_token, revoke_api_token, user_for_token
from putright.cli import main


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER)


def test_only_the_hash_of_a_token_is_stored(user: User) -> None:
    plaintext, token = create_api_token(user, "reporting")
    assert len(plaintext) >= 40
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:8]
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert plaintext not in {str(v) for v in stored.values()}


def test_a_token_finds_its_user_in_one_query(user: User, django_assert_num_queries) -> None:
    plaintext, token = create_api_token(user, "")
    with django_assert_num_queries(2):  # the look-up, and last_used written once a minute at most
        assert user_for_token(plaintext) == user
    with django_assert_num_queries(1):
        assert user_for_token(plaintext) == user
    token.refresh_from_db()
    assert token.last_used is not None


def test_unknown_revoked_and_inactive_tokens_find_nobody(user: User) -> None:
    assert user_for_token("") is None
    assert user_for_token("not-a-token") is None
    plaintext, token = create_api_token(user, "")
    revoke_api_token(token)
    assert user_for_token(plaintext) is None
    second, _ = create_api_token(user, "")
    user.is_active = False
    user.save()
    assert user_for_token(second) is None


def test_cli_creates_a_token_and_prints_it_once(user: User, capsys) -> None:
    assert main(["apitoken", "create", "--user", "hana", "--name", "housing system"]) == 0
    plaintext = capsys.readouterr().out.splitlines()[0]
    assert user_for_token(plaintext) == user
    assert ApiToken.objects.get().name == "housing system"


def test_cli_unknown_user_is_a_usage_error(db: None, capsys) -> None:
    assert main(["apitoken", "create", "--user", "nobody"]) == 2
    assert "no user called 'nobody'" in capsys.readouterr().err
    assert not ApiToken.objects.exists()


def test_an_expired_token_finds_nobody_from_the_moment_it_expires(user: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    plaintext, token = create_api_token(user, "", days=1)
    assert user_for_token(plaintext) == user
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert user_for_token(plaintext) is None
