"""``manage.py intake_imap [--all]``: read the monitored mailbox (settings from the environment)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.intake.management.commands._report import finish, line
from putright.intake.sources import IntakeError, read_imap


class Command(BaseCommand):
    help = "Read the monitored IMAP mailbox (PUTRIGHT_IMAP_HOST, _PORT, _SSL, _USER, _PASSWORD, _MAILBOX)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every message, not only unread ones")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = read_imap(
                unseen_only=not options["all"], progress=lambda name, r: self.stdout.write(line(name, r))
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        finish(report, self.stdout)
