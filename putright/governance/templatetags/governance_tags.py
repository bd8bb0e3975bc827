from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def humanise(value: Any) -> str:
    """``severe_maladministration`` -> ``Severe maladministration``."""
    return str(value or "").replace("_", " ").capitalize()


@register.filter
def heading(headings: Any, key: str) -> str:
    """A report's section heading from the one list its formats share (``reports.MRC_HEADINGS``,
    ``reports.BODY_HEADINGS``): ``{{ headings|heading:"volumes" }}`` is ``<h2>Volumes, ...</h2>``."""
    h = headings[key]
    return format_html("<h{}>{}</h{}>", h.level, h.text, h.level)


@register.filter
def anchor(value: Any) -> str:
    return str(value).replace(".", "-")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template, or an empty list when absent."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []


#: the governance sub-navigation (``governance/_subnav.html``): where each item goes, and what it says
GOVERNANCE_SUBNAV: tuple[tuple[str, str], ...] = (
    ("/governance/", "Performance dashboard"),
    ("/governance/tsm/", "Tenant Satisfaction Measures"),
    ("/governance/reports/", "Reports"),
    ("/governance/ombudsman/", "Ombudsman cases"),
    ("/governance/exceptional/", "Exceptional circumstances"),
    ("/governance/oversight/", "Oversight and service requests"),
    ("/governance/self-assessment/", "Self-assessment"),
    ("/governance/submission/", "Ombudsman annual submission"),
)


@register.simple_tag
def governance_subnav(path: str) -> list[tuple[str, str, bool]]:
    """The sub-navigation's items as (href, label, current): the current one is the item whose address
    the page's own begins with, the longest such (a case's page is under "Ombudsman cases", a section
    of a self-assessment under "Self-assessment"), marked as the workspace's navigation marks its own."""
    under = [href for href, _ in GOVERNANCE_SUBNAV if path.startswith(href)]
    current = max(under, key=len, default=None)
    return [(href, label, href == current) for href, label in GOVERNANCE_SUBNAV]
