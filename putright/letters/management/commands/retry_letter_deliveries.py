"""``putright manage retry_letter_deliveries``: queue failed letter emails again.

By default only those whose next automatic try is due; ``--all`` queues every failed email now
(after the mail server has been fixed, for example), beyond the attempt limit if need be.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putright.letters.tasks import enqueue_failed


class Command(BaseCommand):
    help = "Queue failed letter emails again (due ones, or --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="queue every failed email now")

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_failed(due_only=not options["all"])
        self.stdout.write(f"queued {count} letter email(s) to send again")
