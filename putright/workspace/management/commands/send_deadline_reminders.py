"""Queue (or run now) the deadline reminders. For cron or a systemd timer, e.g. every working day at
07:30: ``putright manage send_deadline_reminders`` with a worker running ``putright manage db_worker``,
or ``putright manage send_deadline_reminders --now`` to send in this process."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from putright.workspace.reminders import send_reminders
from putright.workspace.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Email handlers and their managers about Code deadlines due soon or passed (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default today, UK)")
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"not a date: {options['date']!r} (use YYYY-MM-DD)") from None
        if options["now"]:
            self.stdout.write(json.dumps(send_reminders(today=day).as_dict()))
            return
        result = send_deadline_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Queued deadline reminders for {day.isoformat()} (task {result.id})")
