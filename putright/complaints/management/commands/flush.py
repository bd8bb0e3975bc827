"""``flush`` erases the whole database, events included (Django's test runner uses it between
transactional tests). It is the one ordinary command allowed past the history triggers."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from putright.complaints.history import history_purge


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with history_purge(options.get("database") or "default"):
            super().handle(**options)
