"""Commands that need Django: ``putright manage ...``, ``putright rebuild``, ``putright apitoken``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from putright.commands import UsageError


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
    import django

    django.setup()


def register(subparsers: Any) -> None:
    manage = subparsers.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, runserver, shell...)",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=run_manage)

    rebuild = subparsers.add_parser("rebuild", help="rebuild every complaint's projections from its events")
    rebuild.add_argument("--batch-size", type=int, default=500)
    rebuild.set_defaults(handler=run_rebuild)

    apitoken = subparsers.add_parser("apitoken", help="API tokens")
    apitoken_commands = apitoken.add_subparsers(dest="apitoken_command", required=True, metavar="ACTION")
    create = apitoken_commands.add_parser("create", help="create a token for a user; printed once")
    create.add_argument("--user", required=True, help="the username")
    create.add_argument("--name", default="", help="a label, e.g. the system that will use it")
    create.set_defaults(handler=run_apitoken_create)


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["putright manage", *args.args])
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("rebuild_projections", batch_size=args.batch_size)
    return 0


def run_apitoken_create(args: argparse.Namespace) -> int:
    setup_django()
    from putright.accounts.models import User
    from putright.accounts.services import create_api_token

    try:
        user = User.objects.get(username=args.user)
    except User.DoesNotExist:
        raise UsageError(f"no user called {args.user!r}") from None
    if not user.is_active:
        raise UsageError(f"the user {args.user!r} is not active")
    plaintext, token = create_api_token(user, args.name)
    print(plaintext)
    print(f"Token {token.prefix}… for {user.get_username()} created. It will not be shown again.", flush=True)
    return 0
