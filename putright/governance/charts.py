"""Server-rendered, accessible SVG charts: no JavaScript, no chart library, no network.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states every value, so
a screen reader hears the data; pages put the same data in a table beside the chart, where every
figure links to the complaints behind it. Colours are from the GOV.UK palette with text contrast
above 4.5:1; bars carry their values as text, so colour is never the only cue.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
RED = "#d4351c"
TEXT = "#0b0c0c"
GREY = "#505a5f"
LINE = "#b1b4b6"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Datum:
    label: str
    value: float
    display: str = ""


def _open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-{n}-title", f"chart-{n}-desc"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="putright-chart" role="img" '
        f'aria-labelledby="{tid} {did}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="Arial, Helvetica, sans-serif">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def _describe(data: Sequence[Datum], unit: str) -> str:
    if not data:
        return "No data for this period."
    return "; ".join(f"{d.label}: {d.display or _fmt(d.value)}{unit}" for d in data) + "."


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def hbar(
    title: str,
    data: Sequence[Datum],
    *,
    unit: str = "",
    maximum: float | None = None,
    colour: str = BLUE,
    target: float | None = None,
) -> SafeString:
    """A horizontal bar chart, one labelled bar a row, with the value written after each bar."""
    label_w, bar_w, row_h, pad = 260, 380, 30, 8
    width = label_w + bar_w + 90
    height = max(1, len(data)) * row_h + 2 * pad + (18 if target is not None else 0)
    top = max([d.value for d in data] + [maximum or 0, 1])
    head, tail = _open(width, height, title, _describe(data, unit))
    parts = [head]
    if not data:
        parts.append(
            f'<text x="0" y="{pad + 16}" font-size="16" fill="{GREY}">No data for this period</text>'
        )
    for i, d in enumerate(data):
        y = pad + i * row_h
        w = 0 if top == 0 else bar_w * d.value / top
        label = d.label if len(d.label) <= 34 else d.label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" font-size="15" text-anchor="end" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" fill="{colour}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 19}" font-size="15" fill="{TEXT}">'
            f"{escape(d.display or _fmt(d.value))}{escape(unit)}</text>"
        )
    if target is not None and top:
        x = label_w + bar_w * target / top
        bottom = pad + len(data) * row_h
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{bottom}" stroke="{TEXT}" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 15}" font-size="13" text-anchor="middle" fill="{TEXT}">'
            f"target {escape(_fmt(target))}{escape(unit)}</text>"
        )
    parts.append(tail)
    return mark_safe("".join(parts))  # noqa: S308 -- every text value above is escaped


def columns(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
) -> SafeString:
    """Grouped vertical columns (e.g. stage 1 and stage 2 per month), with a legend in words."""
    n, groups = len(series), len(labels)
    plot_h, left, bottom_pad, top_pad = 200, 40, 40, 30
    group_w = max(24, 24 * n + 10)
    width = left + groups * group_w + 20
    height = plot_h + bottom_pad + top_pad
    top = max([v for _, values, _ in series for v in values] + [1])
    desc = " ".join(
        f"{name}: " + ", ".join(f"{lab} {_fmt(v)}" for lab, v in zip(labels, values, strict=True)) + "."
        for name, values, _ in series
    )
    head, tail = _open(width, height, title, desc)
    parts = [head]
    base = top_pad + plot_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{LINE}"/>')
    parts.append(
        f'<text x="{left - 6}" y="{top_pad + 5}" font-size="12" text-anchor="end" fill="{TEXT}">{_fmt(top)}</text>'
        f'<text x="{left - 6}" y="{base}" font-size="12" text-anchor="end" fill="{TEXT}">0</text>'
    )
    lx = left
    for name, _, colour in series:
        parts.append(
            f'<rect x="{lx}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="17" font-size="13" fill="{TEXT}">{escape(name)}</text>'
        )
        lx += 20 + 8 * len(name)
    for g, label in enumerate(labels):
        gx = left + g * group_w + 5
        for s, (_, values, colour) in enumerate(series):
            v = values[g]
            h = plot_h * v / top
            x = gx + s * 24
            parts.append(f'<rect x="{x}" y="{base - h:.1f}" width="20" height="{h:.1f}" fill="{colour}"/>')
            if v:
                parts.append(
                    f'<text x="{x + 10}" y="{base - h - 3:.1f}" font-size="11" text-anchor="middle" '
                    f'fill="{TEXT}">{_fmt(v)}</text>'
                )
        parts.append(
            f'<text x="{gx + 12 * n}" y="{base + 16}" font-size="12" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    parts.append(tail)
    return mark_safe("".join(parts))  # noqa: S308 -- every text value above is escaped
