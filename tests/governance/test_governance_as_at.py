"""Figures are the same from the projected tables and from the event history, and a report re-run
as at the moment it was first run gives the same figures whatever has been recorded since
(the record is append-only, 2024 5.12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from governance.journeys import MIXED

from putright.complaints import services
from putright.complaints.services import Told
from putright.governance.facts import AsAt
from putright.governance.measures import (
    BREAKDOWNS,
    Period,
    breakdown,
    extra_figures,
    fact_figures,
    money,
    monthly,
)
from putright.governance.models import FactSnapshot

YEAR = Period.reporting_year(2025)


@pytest.fixture
def mixed(journey):  # type: ignore[no-untyped-def]
    return [journey(received, **steps) for received, steps in MIXED]


def _everything(as_at: AsAt) -> dict[str, object]:
    figures = {k: (f.value, f.numerator) for k, f in fact_figures(YEAR, as_at).items()}
    extras = {k: f.value for k, f in extra_figures(YEAR, as_at).items()}
    groups = {k: [(b.label, b.value) for b in breakdown(k, YEAR, as_at)] for k in BREAKDOWNS}
    months = [
        (m["month"].isoformat()[:7] if hasattr(m["month"], "isoformat") else m["month"], m["s1"], m["s2"])
        for m in monthly(YEAR, as_at)
    ]
    return {
        "figures": figures,
        "extras": extras,
        "groups": groups,
        "months": months,
        "money": money(YEAR, as_at),
    }


def test_projection_and_event_history_give_the_same_figures(mixed):  # type: ignore[no-untyped-def]
    live = _everything(AsAt(day=timezone.localdate()))
    assert _everything(AsAt(day=timezone.localdate(), moment=timezone.now())) == live
    # ...and the figures are the ones the fixture was built to show
    f = live["figures"]
    assert f["s1_received"] == (9, None)
    assert f["s2_received"] == (1, None)
    assert f["declined"] == (1, None) and f["escalation_refused"] == (1, None)
    assert f["s1_ack"] == (7, 6)  # the one acknowledged on 10 Jun was late (due 9 Jun)
    assert f["s1_resp"] == (6, 5)  # 30 Jun against 24 Jun due: late
    assert f["s2_resp"] == (1, 0)
    assert f["s1_ack_overdue"] == (1, None) and f["s1_resp_overdue"] == (1, None)
    assert live["extras"]["referred"] == 1
    assert live["extras"]["extensions_good_reason"] == 1
    assert live["money"] == {"agreed_pence": 9500, "paid_pence": 7500}
    assert ("Damp and mould", 2) in live["groups"]["category"]


def test_a_report_re_run_as_at_its_first_moment_gives_identical_figures(mixed, officer):  # type: ignore[no-untyped-def]
    first = AsAt(day=date(2025, 9, 30), moment=timezone.now())
    before = _everything(first)
    # Later events: a response to the overdue complaint, an escalation, a new complaint in the period
    open_one = mixed[7]
    services.respond_to_complaint(
        complaint=open_one,
        actor=officer,
        told=Told(method="post", on=date(2025, 10, 20), body="Sent by post."),
        late_reason="Recorded after the report was run",
        outcome="upheld",
        decision="d",
        reasons="r",
        remedy="m",
        outstanding_actions="none",
        escalation_route="Ask us to escalate within 20 working days.",
    )
    services.request_escalation(
        complaint=mixed[0],
        actor=None,
        actor_label="portal",
        on=date(2025, 10, 21),
        late_reason="Recorded after the report was run",
    )
    # an event back-dated into the period, but recorded after the first run
    services.acknowledge_complaint(
        complaint=mixed[6],
        actor=officer,
        told=Told(method="post", on=date(2025, 9, 5), body="Sent by post."),
        late_reason="Back-dated into the period, recorded after the first run",
        complaint_definition="x",
        outcomes_sought="y",
        responsible_for="z",
    )
    assert _everything(AsAt(day=date(2025, 9, 30), moment=timezone.now())) != before
    FactSnapshot.objects.all().delete()  # recompute from the history, not from the cached facts
    assert _everything(first) == before
    assert _everything(AsAt(day=date(2025, 9, 30), moment=first.moment + timedelta(microseconds=0))) == before


def test_reporting_indexes_exist(db):  # type: ignore[no-untyped-def]
    from django.db import connection

    with connection.cursor() as cursor:
        tables = [
            "complaints_complaint",
            "complaints_stage",
            "complaints_exclusionapplied",
            "complaints_complaintevent",
        ]
        found = set()
        for table in tables:
            for index in connection.introspection.get_constraints(cursor, table):
                found.add(index)
    assert {
        "gov_complaint_received",
        "gov_stage_acknowledged",
        "gov_stage_responded",
        "gov_stage_escalated",
        "gov_exclusion_applied",
        "gov_event_complaint_kind",
    } <= found
