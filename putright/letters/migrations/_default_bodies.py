"""What the letters migrations that give a stored default template a new body share (0017 onwards):
a template still word for word the old default (never edited; its ends stripped, as the template
editor saves it) is given the new body, and the change is kept in its history; a template the landlord
wrote or changed is left as it is. Backwards gives the old body back the same way.

Not a migration (Django's loader skips modules whose names start with "_"). Frozen like the
migrations that use it: they have run with it, so what it does must never change; a migration that
needs something else writes its own."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def _swap(apps: Any, bodies: dict[str, tuple[str, str]]) -> None:
    """For each kind -> (before, after): a stored template saying ``before`` is given ``after``."""
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplateVersion = apps.get_model("letters", "LetterTemplateVersion")
    now = timezone.now()
    for kind, (before, after) in bodies.items():
        template = LetterTemplate.objects.filter(kind=kind).first()
        # as the template editor saves it: its ends stripped (helper-124: an unchanged default saved
        # from the editor lost its closing newline and was taken for a landlord's own)
        if template is None or template.body.replace("\r\n", "\n").strip() != before.strip():
            continue
        template.body = after
        template.updated_at = now
        template.updated_by = None
        template.save(update_fields=["body", "updated_at", "updated_by"])
        LetterTemplateVersion.objects.create(
            kind=template.kind, title=template.title, body=after, saved_at=now, saved_by=None
        )


def new_default_bodies(bodies: dict[str, tuple[str, str]]) -> migrations.RunPython:
    """The operation giving each stored default template of kind -> (old body, new body) its new
    body, and back."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        _swap(apps, bodies)

    def backwards(apps: Any, schema_editor: Any) -> None:
        _swap(apps, {kind: (new, old) for kind, (old, new) in bodies.items()})

    return migrations.RunPython(forwards, backwards)
