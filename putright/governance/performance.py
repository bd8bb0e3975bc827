"""Everything the performance dashboard, the MRC quarterly report and the annual report show for a
period, with the link behind every figure (2024 9.6, 9.7 a-c, 8.1 b)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.utils.safestring import SafeString

from putright.governance import charts
from putright.governance.facts import AsAt
from putright.governance.items import counted
from putright.governance.measures import (
    AMOUNTS_NOT_COUNTED,
    BREAKDOWNS,
    OMBUDSMAN_FIGURES,
    WITH_THE_MONEY,
    WITH_THE_OMBUDSMAN_SUMMARY,
    Bar,
    Figure,
    Period,
    amounts_not_counted,
    breakdown,
    extra_figures,
    fact_figures,
    money,
    monthly,
    ombudsman_summary,
    remedy_counts,
    repeat_complainants,
    repeat_properties,
)
from putright.governance.models import ExceptionalCircumstance
from putright.governance.tally import Tally

TIMELINESS = ("s1_ack", "s1_resp", "s2_ack", "s2_resp")
VOLUMES = ("contacts", "s1_received", "s2_received", "declined", "escalation_refused")
SHORT = {
    "s1_ack": "Stage 1 acknowledgement (6.2)",
    "s1_resp": "Stage 1 response (6.3)",
    "s2_ack": "Stage 2 acknowledgement (6.11)",
    "s2_resp": "Stage 2 response (6.14)",
}
OVERDUE = ("s1_ack_overdue", "s1_resp_overdue", "s2_ack_overdue", "s2_resp_overdue")


@dataclass(frozen=True)
class Scope:
    """The period and as-at a page was asked for, and how to link to the complaints behind a figure."""

    period: Period
    as_at: AsAt

    def query(self) -> dict[str, str]:
        q = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        if not self.as_at.live and self.as_at.day is not None:
            q["as_at"] = self.as_at.day.isoformat()
            if self.as_at.moment is not None:
                q["moment"] = self.as_at.moment.isoformat()
        return q

    @property
    def querystring(self) -> str:
        return urlencode(self.query())

    def link(self, measure: str, part: str = "all", by: str = "", value: str = "") -> str:
        q = {"measure": measure, **self.query()}
        if part != "all":
            q["part"] = part
        if by:
            q["by"] = by
            q["value"] = value
        return "/governance/complaints/?" + urlencode(q)


def _bars(scope: Scope, bars: list[Bar]) -> list[dict[str, Any]]:
    return [
        {
            "label": b.label,
            "value": b.value,
            "href": scope.link(b.link["measure"], by=b.link["by"], value=b.link["value"]),
        }
        for b in bars
    ]


def _figure(scope: Scope, f: Figure) -> dict[str, Any]:
    row: dict[str, Any] = {
        "key": f.key,
        "label": f.label,
        "provision": f.provision,
        "value": f.value,
        "href": scope.link(f.key),
    }
    if f.numerator is not None:
        row.update(
            numerator=f.numerator,
            missed=f.missed,
            percent=f.percent,
            hit_label=f.hit_label,
            met_href=scope.link(f.key, "met"),
            missed_href=scope.link(f.key, "missed"),
        )
    return row


def _acknowledgements_made(scope: Scope, row: dict[str, Any], figures: dict[str, Figure]) -> dict[str, Any]:
    """An acknowledgement row as the 6.2 and 6.11 evidence says it: "done" counts the acknowledgements
    made, "late" those made after their date, and a stage answered without one (imported as it
    happened) is said apart, "not acknowledged", never as done or late. The share still counts it
    among what was due, as a failure. Other rows as they are."""
    made = figures.get(f"{row['key']}_made")
    never, late = figures.get(f"{row['key']}_never"), figures.get(f"{row['key']}_late")
    if made is None or never is None or late is None:
        return row
    return row | {
        # the acknowledgements made, linked to exactly those (the row's own measure also lists the
        # stages never acknowledged, which the share counts)
        "value": made.value,
        "href": scope.link(made.key),
        "missed": late.value,
        "missed_href": scope.link(late.key),
        "never": never.value,
        "never_href": scope.link(never.key),
    }


def performance(scope: Scope, tally: Tally | None = None) -> dict[str, Any]:
    """The figures, breakdowns and charts for ``scope``. A fixed number of queries. A live scope's
    complaint figures come from ``tally`` when given (``dashboard_cache``), else from ``live``."""
    period, as_at = scope.period, scope.as_at
    figures = fact_figures(period, as_at, tally=tally)
    # the remedies read once for their figures, the money and the amounts not counted
    remedies = remedy_counts(period, as_at, tally=tally)
    extras = extra_figures(period, as_at, tally=tally, remedies=remedies)
    groups = {key: _bars(scope, breakdown(key, period, as_at, tally=tally)) for key in BREAKDOWNS}
    months = monthly(period, as_at, tally=tally)
    month_labels = [
        m["month"].strftime("%b %y") if hasattr(m["month"], "strftime") else str(m["month"]) for m in months
    ]
    for m, label in zip(months, month_labels, strict=True):
        m["label"] = label
        first = m["month"]
        last = _month_end(first)
        sub = Scope(Period(max(first, period.start), min(last, period.end)), as_at)
        m["s1_href"] = sub.link("s1_received")
        m["s2_href"] = sub.link("s2_received")
    timeliness = [_acknowledgements_made(scope, _figure(scope, figures[k]), figures) for k in TIMELINESS]
    result: dict[str, Any] = {
        "scope": scope,
        "volumes": [_figure(scope, figures[k]) for k in VOLUMES],
        "timeliness": timeliness,
        "overdue": [_figure(scope, figures[k]) for k in OVERDUE],
        "extras": {k: _figure(scope, f) for k, f in extras.items()},
        # each extra figure shown once: the referrals beside the Ombudsman cases they should match
        # (the remedies paid and the amounts not counted as compensation are said with the money, the
        # investigations open and orders complied with in the Ombudsman summary, not as figures of
        # their own)
        "remedy_figures": [
            _figure(scope, f)
            for k, f in extras.items()
            if k not in OMBUDSMAN_FIGURES and k not in WITH_THE_MONEY and k not in WITH_THE_OMBUDSMAN_SUMMARY
        ],
        "ombudsman_figures": [_figure(scope, extras[k]) for k in OMBUDSMAN_FIGURES],
        "money": money(period, as_at, remedies=remedies),
        "money_not_counted": not_counted_note(amounts_not_counted(period, as_at, remedies=remedies)),
        "ombudsman": ombudsman_summary(period, as_at),
        "groups": groups,
        "group_titles": {k: v[2] for k, v in BREAKDOWNS.items()},
        "months": months,
        "repeat_complainants": _bars(scope, repeat_complainants(period, as_at, tally=tally)),
        "repeat_properties": _bars(scope, repeat_properties(period, as_at, tally=tally)),
        "exceptional": list(
            ExceptionalCircumstance.objects.filter(as_at.recorded(), started_on__lte=period.end).exclude(
                ended_on__lt=period.start
            )
        ),
    }
    result["charts"] = _charts(result, month_labels)
    return result


def _month_end(first: date) -> date:
    nxt = date(first.year + (first.month // 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _charts(data: dict[str, Any], month_labels: list[str]) -> dict[str, SafeString]:
    timeliness = [
        charts.Datum(SHORT[t["key"]], t["percent"] or 0, "n/a" if t["percent"] is None else f"{t['percent']}")
        for t in data["timeliness"]
    ]
    out = {
        "timeliness": charts.hbar(
            "Share of steps done within the Code's timescales",
            timeliness,
            unit="%",
            maximum=100,
            colour=charts.GREEN,
        ),
        "monthly": charts.columns(
            "Complaints received each month",
            month_labels,
            [
                ("Stage 1", [m["s1"] for m in data["months"]], charts.BLUE),
                ("Stage 2", [m["s2"] for m in data["months"]], charts.DARK_BLUE),
            ],
        ),
    }
    for key, bars in data["groups"].items():
        out[key] = charts.hbar(
            data["group_titles"][key], [charts.Datum(b["label"], b["value"]) for b in bars]
        )
    return out


def not_counted_note(found: dict[str, int]) -> str:
    """What the compensation figures left out, said beside them (the remedies are the figure
    ``AMOUNTS_NOT_COUNTED``): "" when nothing was. Only a financial remedy's amount is compensation
    (2024 7.1); an amount on another kind was recorded before the core refused one."""
    if not found["remedies"]:
        return ""
    return (
        f"£{found['pence'] / 100:,.2f} on {counted(AMOUNTS_NOT_COUNTED, found['remedies'])} that "
        f"{'is' if found['remedies'] == 1 else 'are'} not financial not counted as compensation: "
        "recorded before only a financial remedy could hold an amount (2024 7.1)."
    )


def figures_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """The figures of :func:`performance` as plain JSON, to store with a report run."""

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if not k.endswith("href")} for r in rows]

    return {
        "volumes": strip(data["volumes"]),
        "timeliness": strip(data["timeliness"]),
        "overdue": strip(data["overdue"]),
        "extras": {k: {"label": v["label"], "value": v["value"]} for k, v in data["extras"].items()},
        "money": data["money"],
        "money_not_counted": data["money_not_counted"],
        "ombudsman": data["ombudsman"],
        "groups": {k: strip(v) for k, v in data["groups"].items()},
        "months": [{"month": m["label"], "s1": m["s1"], "s2": m["s2"]} for m in data["months"]],
        "repeat_complainants": len(data["repeat_complainants"]),
        "repeat_properties": len(data["repeat_properties"]),
    }
