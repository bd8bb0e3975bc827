"""``manage.py intake_emails --folder DIR``: read every .eml file in a folder into the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.intake.management.commands._report import finish, line
from putright.intake.sources import IntakeError, read_folder


class Command(BaseCommand):
    help = "Read every .eml file in a folder: new contacts, replies joined to their complaint, duplicates skipped"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = read_folder(
                Path(options["folder"]), progress=lambda name, r: self.stdout.write(line(name, r))
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        finish(report, self.stdout)
