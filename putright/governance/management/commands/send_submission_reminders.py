"""Queue (or run now) the annual submission reminders. Run daily beside the deadline reminders:
``putright manage send_submission_reminders`` with a worker, or ``--now`` to send in this process."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from putright.governance.submission import send_submission_reminders as send
from putright.governance.tasks import send_submission_reminders


class Command(BaseCommand):
    help = "Email the complaints officers and the MRC 8 and 2 weeks before the Ombudsman's annual submission is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default today, UK)")
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"not a date: {options['date']!r} (use YYYY-MM-DD)") from None
        if options["now"]:
            self.stdout.write(json.dumps(send(today=day).as_dict()))
            return
        result = send_submission_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Queued annual submission reminders for {day.isoformat()} (task {result.id})")
