"""Recompute every complaint's projections (state, deadlines, stages, remedies...) from its events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.complaints.services import rebuild_projections


class Command(BaseCommand):
    help = "Rebuild every complaint's projection tables from its append-only history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])

        def progress(done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"\r{done}/{total} complaints", ending="")
                self.stdout.flush()

        unreadable: list[str] = []
        rebuilt = rebuild_projections(
            batch_size=options["batch_size"], progress=progress, unreadable=unreadable
        )
        if verbosity >= 1:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the projections of {rebuilt} complaints."))
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} complaints kept their projections, because their history holds a step "
                f"PutRight cannot read: {', '.join(unreadable)}. `putright verify history` shows whether "
                "it was altered; the log says which step."
            )
