"""``manage.py intake_emails --folder DIR``: read every .eml and .msg file in a folder (and its
subfolders) into the record; files skipped are listed with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.intake.management.commands._report import finish, line
from putright.intake.sources import IntakeError, read_folder


class Command(BaseCommand):
    help = "Read every .eml and .msg file in a folder: new contacts, replies joined to their complaint, duplicates and skipped files listed"

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
