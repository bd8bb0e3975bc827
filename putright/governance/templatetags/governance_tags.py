from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def humanise(value: Any) -> str:
    """``severe_maladministration`` -> ``Severe maladministration``."""
    return str(value or "").replace("_", " ").capitalize()


@register.filter
def anchor(value: Any) -> str:
    return str(value).replace(".", "-")
