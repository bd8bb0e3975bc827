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


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template, or an empty list when absent."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []
