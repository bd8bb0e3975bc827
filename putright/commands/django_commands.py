"""Commands that need Django: ``putright manage ...``, ``putright rebuild``, ``putright apitoken``,
``putright demo``, ``putright serve`` and ``putright worker``."""

from __future__ import annotations

import argparse
import os
import sys
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
    create.add_argument(
        "--days", type=int, default=None, help="how long it lasts (default PUTRIGHT_API_TOKEN_DAYS, 90)"
    )
    create.set_defaults(handler=run_apitoken_create)
    revoke = apitoken_commands.add_parser("revoke", help="revoke a token by the first characters shown")
    revoke.add_argument(
        "prefix",
        help="the token's first 8 characters (one starting with '-' goes after '--': revoke -- -Ab3xY9q)",
    )
    revoke.set_defaults(handler=run_apitoken_revoke)

    demo = subparsers.add_parser(
        "demo", help="load Riverside Homes, a fictional demo landlord with a year of complaints"
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing (and say so) if any complaint exists"
    )
    demo.add_argument("--homes", type=int, default=5000, help="number of homes (default 5000)")
    demo.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    demo.set_defaults(handler=run_demo)

    serve = subparsers.add_parser("serve", help="run the web server (gunicorn, DEBUG off)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=run_serve)

    worker = subparsers.add_parser(
        "worker",
        help="run a task worker: sends letters and reminders, and schedules retries of failed emails",
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue (default 1)"
    )
    worker.add_argument(
        "--sweep-every",
        type=float,
        default=60.0,
        help="seconds between looks for overdue retries of failed letter emails (default 60)",
    )
    worker.set_defaults(handler=run_worker)


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["putright manage", *args.args])
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import CommandError, call_command

    try:
        call_command("rebuild_projections", batch_size=args.batch_size)
    except CommandError as error:  # some histories could not be read: said, not a traceback
        print(f"putright rebuild: {error}", file=sys.stderr)
        return 1
    return 0


def run_apitoken_create(args: argparse.Namespace) -> int:
    setup_django()
    from putright.accounts.models import User
    from putright.accounts.services import TokenRequestError, create_api_token

    try:
        user = User.objects.get(username=args.user)
    except User.DoesNotExist:
        raise UsageError(f"no user called {args.user!r}") from None
    if not user.is_active:
        raise UsageError(f"the user {args.user!r} is not active")
    try:
        plaintext, token = create_api_token(user, args.name, days=args.days)
    except TokenRequestError as error:
        raise UsageError(str(error)) from None
    print(plaintext)
    print(
        f"Token {token.prefix}… for {user.get_username()} created, expires {token.expires_at:%Y-%m-%d %H:%M %Z}. "
        "It will not be shown again.",
        flush=True,
    )
    return 0


def run_apitoken_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from putright.accounts.models import ApiToken
    from putright.accounts.services import revoke_api_token

    tokens = list(ApiToken.objects.filter(prefix=args.prefix, revoked_at__isnull=True))
    if len(tokens) != 1:
        raise UsageError(
            f"{len(tokens)} active tokens start with {args.prefix!r}; give the 8 characters shown"
        )
    revoke_api_token(tokens[0])
    print(f"Token {tokens[0]} revoked.")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if args.homes < 100:
        raise UsageError("--homes must be at least 100")
    try:
        call_command("demo", homes=args.homes, seed=args.seed, if_empty=args.if_empty)
    except CommandError as error:
        raise UsageError(str(error)) from None
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Print where to go (and the demo sign-ins, if the demo is loaded), then become gunicorn."""
    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    os.environ["DEBUG"] = "0"
    setup_django()
    from django.db import connections

    from putright.demo.loader import read_sign_ins
    from putright.web.static_files import collect_if_changed

    if collect_if_changed():
        print("==> static files collected (they had changed)", flush=True)
    sign_ins = read_sign_ins()
    connections.close_all()

    shown = "localhost" if args.host in ("0.0.0.0", "::", "") else args.host  # noqa: S104
    base = f"http://{shown}:{args.port}"
    print(f"PutRight is starting at {base}/", flush=True)
    print(f"  API docs:  {base}/api/v1/docs", flush=True)
    print(f"  Admin:     {base}/admin/", flush=True)
    if sign_ins:
        print(sign_ins, flush=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "putright.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter, fixed arguments


def run_worker(args: argparse.Namespace) -> int:
    """The database queue's worker (django-tasks-db ``db_worker``), with the retry sweep beside it."""
    if args.interval <= 0 or args.sweep_every <= 0:
        raise UsageError("--interval and --sweep-every must be more than 0")
    setup_django()
    from django.core.management import call_command

    from putright.letters.worker import start_retry_sweep

    start_retry_sweep(every=args.sweep_every)
    call_command("db_worker", interval=args.interval, reload=False, verbosity=1)
    return 0
