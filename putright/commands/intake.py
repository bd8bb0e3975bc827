"""``putright intake emails --folder DIR`` and ``putright intake imap``: emails into the record.

Each message becomes a new contact for triage (never accepted automatically) or joins the complaint
it replies to; the same message read twice is a duplicate; automatic replies and bounces are
ignored. One JSON line per message is printed (and one per file skipped, with the reason), then a
summary line. Exit status 0 when every
message was read, 1 when some could not be, 2 for bad input (a missing folder, no IMAP host).
"""

from __future__ import annotations

import argparse
from typing import Any

from putright.commands import UsageError
from putright.commands.django_commands import setup_django


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "intake",
        help="read complaints and replies from email (a .eml folder or an IMAP mailbox)",
        description="Bring emails into the complaint record (Complaint Handling Code 2024 3.1, 3.2, 5.12).",
    )
    commands = parser.add_subparsers(dest="intake_command", required=True, metavar="SOURCE")
    emails = commands.add_parser(
        "emails", help="read every .eml (any case) and Outlook .msg file in a folder and its subfolders"
    )
    emails.add_argument(
        "--folder", required=True, help="the drop folder (files still being written are left)"
    )
    emails.set_defaults(handler=_emails)
    imap = commands.add_parser(
        "imap",
        help="read the monitored mailbox (PUTRIGHT_IMAP_HOST, _PORT, _USER, _PASSWORD, _MAILBOX, _SSL)",
    )
    imap.add_argument("--all", action="store_true", help="read every message, not only unread ones")
    imap.set_defaults(handler=_imap)


def _run(command: str, **options: Any) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(command, **options)
    except CommandError as error:
        message = str(error)
        if message.startswith("partial:"):
            return 1
        raise UsageError(message) from None
    return 0


def _emails(args: argparse.Namespace) -> int:
    return _run("intake_emails", folder=args.folder)


def _imap(args: argparse.Namespace) -> int:
    return _run("intake_imap", all=args.all)
