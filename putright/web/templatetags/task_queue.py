"""``{% task_queue_warning %}``: the staff pages' banner when no task worker is taking work."""

from __future__ import annotations

from typing import Any

from django import template

from putright.web.task_queue import STALL_AFTER, stalled_work

register = template.Library()


@register.inclusion_tag("web/task_queue_warning.html")
def task_queue_warning() -> dict[str, Any]:
    return {"stalled": stalled_work(), "minutes": int(STALL_AFTER.total_seconds() // 60)}
