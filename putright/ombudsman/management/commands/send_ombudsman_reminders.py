"""Email officers, managers and the MRC about evidence and orders owed to the Ombudsman, due within
2 working days or overdue (2024 9.7 c). Idempotent: each item and due date is reminded once. For
cron, e.g. every working day at 07:30: ``putright manage send_ombudsman_reminders``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from putright.ombudsman.follow_through import send_reminders


class Command(BaseCommand):
    help = "Remind staff of Ombudsman evidence requests and orders due soon or overdue (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default today, UK)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"not a date: {options['date']!r} (use YYYY-MM-DD)") from None
        self.stdout.write(json.dumps(send_reminders(today=day).as_dict()))
