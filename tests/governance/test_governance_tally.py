"""2024 9.6 and 9.7: the live dashboard's complaint figures, kept current by counting again only the
buckets of complaints with new events (``governance.tally``), are exactly what the reference queries
(``governance.live``) and a full count give, after every kind of step. A figure that drifted from the
records would make the dashboard say something the records do not."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Max
from django.test import Client
from django.utils import timezone
from governance.journeys import DEFINITION, MIXED, RESPONSE
from imports.conftest import FIXTURES, administrator, upload  # noqa: F401

from putright.code.lifecycle import ReferredToOmbudsman
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent
from putright.complaints.services import Told
from putright.governance import live, tally
from putright.governance.measures import BREAKDOWNS, Period
from putright.governance.tally import Tally, full, refresh
from putright.imports.services import import_file

YEAR = Period.reporting_year(2025)
PERIODS = (YEAR, Period.quarter(2025, 2), Period.quarter(2025, 3), Period.reporting_year(2024))


def _from_tally(t: Tally) -> dict[str, Any]:
    return {
        "figures": t.figures(),
        "groups": {key: t.breakdown(key, 12) for key in (*BREAKDOWNS, "declined_ground")},
        "months": t.monthly(),
        "residents": t.repeats("resident", 1, 10),
        "homes": t.repeats("property", 1, 10),
        "remedies": t.remedies(),
        "extensions": t.extensions(),
        "referred": t.referred(),
    }


def _reference(period: tuple[date, date], today: date) -> dict[str, Any]:
    return {
        "figures": live.figures(period, today),
        "groups": {key: live.breakdown(key, period, 12) for key in (*BREAKDOWNS, "declined_ground")},
        "months": live.monthly(period),
        "residents": live.repeats(period, "resident", 1, 10),
        "homes": live.repeats(period, "property", 1, 10),
        "remedies": live.remedies(period, today),
        "extensions": live.extensions(period),
        "referred": ComplaintEvent.objects.filter(kind=ReferredToOmbudsman.kind, on__range=period).count(),
    }


@pytest.fixture
def mixed(journey, administrator):  # type: ignore[no-untyped-def]  # noqa: F811
    made = [journey(received, **steps) for received, steps in MIXED]
    # answered at stage 1, and at stage 2, without an acknowledgement (imported as it happened, 2024
    # 6.2, 6.11): counted apart from the acknowledgements made late
    never = upload(FIXTURES / "responded_never_acknowledged.csv", "mapping_walker.toml")
    assert import_file(never, actor=administrator).created == 3
    # the same resident complaining twice, for the repeat complainants
    journey(date(2025, 10, 6), ack=date(2025, 10, 7), resident=made[0].resident, category="Repairs")
    # escalated, and then never acknowledged, or never answered, at stage 2: overdue
    journey(date(2025, 6, 2), ack=date(2025, 6, 3), respond=date(2025, 6, 9), escalate=date(2025, 7, 1))
    journey(
        date(2025, 6, 2),
        ack=date(2025, 6, 3),
        respond=date(2025, 6, 9),
        escalate=date(2025, 7, 1),
        ack2=date(2025, 7, 2),
    )
    return made


@pytest.mark.parametrize("today", [date(2025, 9, 2), date(2025, 12, 1), date(2026, 6, 1)])
def test_2024_9_6_tally_counts_what_the_reference_queries_count(mixed, today):  # type: ignore[no-untyped-def]
    for period in PERIODS:
        assert _from_tally(full(period.range(), today)) == _reference(period.range(), today), period


def test_2024_9_6_the_fixture_has_something_in_every_figure(mixed):  # type: ignore[no-untyped-def]
    """So the comparisons above cannot pass by comparing zeros."""
    found = _from_tally(full(YEAR.range(), date(2025, 12, 1)))
    assert [k for k, (value, _) in found["figures"].items() if not value] == [], found["figures"]
    assert all(found["groups"].values()) and all(found["months"])
    assert found["residents"][0]["n"] == 2 and found["referred"] == 1
    assert all(found["remedies"][k] for k in ("remedies", "remedies_financial", "remedies_completed"))
    assert found["extensions"]["extensions_1"] == found["extensions"]["extensions_good_reason"] == 1


@pytest.fixture
def small_buckets(monkeypatch):  # type: ignore[no-untyped-def]
    """Two complaints a bucket, so a change lands beside complaints it must not disturb."""
    monkeypatch.setattr(tally, "BUCKET", 2)


class Follower:
    """A tally kept current the dashboard's way: after each change, the buckets of the complaints with
    events newer than the last seen are counted again; checked against a full count every time."""

    def __init__(self, period: Period, today: date) -> None:
        self.period, self.today = period.range(), today
        self.counted = full(self.period, today)
        self.seen = 0
        self.checks = 0

    def catch_up(self) -> None:
        newer = ComplaintEvent.objects.filter(pk__gt=self.seen)
        changed = set(newer.values_list("complaint_id", flat=True))
        self.seen = ComplaintEvent.objects.aggregate(m=Max("pk"))["m"] or 0
        self.counted = pickle.loads(pickle.dumps(self.counted))  # as the dashboard stores it
        refresh(self.counted, changed)
        fresh = full(self.period, self.today)
        assert self.counted.total == fresh.total
        assert self.counted.buckets == fresh.buckets
        assert _from_tally(self.counted) == _reference(self.period, self.today)
        self.checks += 1


@services.recording_as_it_happened()
def _acknowledge(complaint: Complaint, actor: Any, handler: Any, on: date) -> Complaint:
    c = services.allocate_handler(complaint=complaint, actor=actor, handler=handler, on=on)
    return services.acknowledge_complaint(
        complaint=c, actor=handler, told=Told(method="post", on=on, body="Sent by post."), **DEFINITION
    )


@services.recording_as_it_happened()
def _respond(complaint: Complaint, handler: Any, on: date) -> Complaint:
    return services.respond_to_complaint(
        complaint=complaint, actor=handler, told=Told(method="post", on=on, body="Sent by post."), **RESPONSE
    )


@services.recording_as_it_happened()
def _withdraw(complaint: Complaint, actor: Any, on: date) -> Complaint:
    return services.withdraw_complaint(complaint=complaint, actor=actor, reason="Sorted", on=on)


def test_2024_9_6_counting_again_only_changed_buckets_gives_the_full_count_after_every_step(  # type: ignore[no-untyped-def]
    journey, small_buckets, officer, handler_1
):
    followers = [Follower(p, date(2025, 12, 1)) for p in (YEAR, Period.quarter(2025, 2))]
    made = []
    for received, steps in MIXED:  # each complaint: received, accepted or declined, and on
        made.append(journey(received, **steps))
        for f in followers:
            f.catch_up()
    # later steps on complaints already counted, each in a bucket beside others
    waiting, acknowledged = made[6], made[7]
    _acknowledge(waiting, officer, handler_1, date(2025, 9, 20))
    for f in followers:
        f.catch_up()
    _respond(acknowledged, handler_1, date(2025, 9, 22))
    for f in followers:
        f.catch_up()
    _withdraw(Complaint.objects.get(pk=waiting.pk), officer, date(2025, 9, 25))
    for f in followers:
        f.catch_up()
    journey(date(2025, 10, 6), resident=made[0].resident, category="Repairs")  # a repeat complainant
    for f in followers:
        f.catch_up()
    journey(date(2025, 6, 2), ack=date(2025, 6, 3), respond=date(2025, 6, 9), escalate=date(2025, 7, 1))
    for f in followers:
        f.catch_up()
    assert Complaint.objects.count() == 12 and followers[0].checks == 15
    assert followers[0].counted.figures()["s1_ack_overdue"][0] == 1  # the repeat, not yet acknowledged


def test_2024_9_6_the_dashboard_after_a_new_event_counts_again_only_that_complaint(  # type: ignore[no-untyped-def]
    client: Client, officer, journey, monkeypatch
):
    """Through the page: a new event updates the stored tally (no full count), and the page shows
    what a full count from nothing shows."""
    today = timezone.localdate()
    journey(today - timedelta(days=20))
    client.force_login(officer)
    assert client.get("/governance/").status_code == 200

    def no_full_count(*args: Any) -> Tally:
        raise AssertionError("a new event must not recount every complaint")

    monkeypatch.setattr(tally, "full", no_full_count)
    later = journey(today - timedelta(days=1), ack=today)
    after = client.get("/governance/").context["data"]
    monkeypatch.undo()
    from putright.governance.models import DashboardFigures

    DashboardFigures.objects.all().delete()
    fresh = client.get("/governance/").context["data"]
    assert after["volumes"] == fresh["volumes"] and after["timeliness"] == fresh["timeliness"]
    assert after["overdue"] == fresh["overdue"] and after["groups"] == fresh["groups"]
    assert [v["value"] for v in after["volumes"][:2]] == [2, 2]  # both complaints, the new one included
    assert later.state == "stage_1_acknowledged" and after["timeliness"][0]["value"] == 1


def test_2024_9_6_another_web_server_brings_the_stored_tally_up_to_date(  # type: ignore[no-untyped-def]
    client: Client, officer, journey, monkeypatch
):
    """Each web process keeps its own tally; one without (another server, or just started) reads the
    stored tally and counts again the complaints with newer events; a database that holds another
    stored tally (restored, or rolled back) is never answered from a process's own copy."""
    from putright.governance import dashboard_cache
    from putright.governance.models import DashboardFigures

    today = timezone.localdate()
    journey(today - timedelta(days=20))
    client.force_login(officer)

    def page() -> list[Any]:
        data = client.get("/governance/").context["data"]
        return [f["value"] for f in data["volumes"] + data["timeliness"] + data["overdue"]]

    page()
    stored = DashboardFigures.objects.get(key__endswith=dashboard_cache.TALLY).version
    journey(today - timedelta(days=2), ack=today)
    own = page()  # this process's own tally, brought up to date; the stored one is not rewritten
    assert DashboardFigures.objects.get(key__endswith=dashboard_cache.TALLY).version == stored
    dashboard_cache._in_process.clear()  # now as another server: from the stored tally
    journey(today - timedelta(days=1))
    other = page()
    assert other[:2] == [3, 3] and own[:2] == [2, 2]

    monkeypatch.setattr(dashboard_cache, "STORE_AFTER_EVENTS", 1)
    journey(today - timedelta(days=1))
    assert page()[:2] == [4, 4]
    assert DashboardFigures.objects.get(key__endswith=dashboard_cache.TALLY).version != stored  # rewritten

    DashboardFigures.objects.all().delete()  # as if the database were restored without them
    counted: list[Any] = []

    def counting(*args: Any) -> Tally:
        counted.append(args)
        return full(*args)

    monkeypatch.setattr(tally, "full", counting)
    assert page()[:2] == [4, 4] and len(counted) == 1  # counted in full, not from the process's copy


def test_2024_9_6_a_name_edit_recomputes_from_the_tally_an_area_edit_counts_again(  # type: ignore[no-untyped-def]
    client: Client, officer, journey, monkeypatch
):
    """Names are looked up when the figures are built, so a resident's new name needs no recount; a
    home's area is what complaints are counted under, so changing it counts them all again."""
    from putright.governance import dashboard_cache

    today = timezone.localdate()
    first = journey(today - timedelta(days=20), area="North")
    journey(today - timedelta(days=10), resident=first.resident)  # a repeat complainant
    client.force_login(officer)  # a complaints officer, who sees residents' names
    assert client.get("/governance/").status_code == 200
    counted: list[Any] = []

    def counting(*args: Any) -> Tally:
        counted.append(args)
        return full(*args)

    monkeypatch.setattr(tally, "full", counting)
    resident = first.resident
    resident.name = "Renamed Resident"
    resident.save()
    data = client.get("/governance/").context["data"]
    assert counted == [] and [b["label"] for b in data["repeat_complainants"]] == ["Renamed Resident"]
    home = first.property
    home.area = "South"
    home.save()
    data = client.get("/governance/").context["data"]
    assert len(counted) == 1 and [b["label"] for b in data["groups"]["area"]] == ["South"]
    assert dashboard_cache.COUNTED_CHANGE == 2


def test_2024_9_6_an_event_committed_after_a_later_one_was_counted_is_not_missed(journey):  # type: ignore[no-untyped-def]
    """PostgreSQL hands event ids out when a transaction inserts, not when it commits: a tally counted
    up to id W may not yet see a lower id. Such ids are kept as unseen and looked for again."""
    from putright.governance.tally import any_seen, catch_up

    journey(date(2025, 6, 2), ack=date(2025, 6, 4))
    highest = ComplaintEvent.objects.aggregate(m=Max("pk"))["m"]
    # counted as if ids up to highest + 5 had been handed out, the last five not yet committed
    counted = full(YEAR.range(), date(2025, 12, 1), highest + 5)
    # the last run of unseen ids: these five (a database that rolled back earlier ids has more runs)
    assert counted.unseen[-1][:2] == (highest + 1, highest + 5)
    assert not any_seen(counted.unseen)
    late = journey(date(2025, 6, 3), ack=date(2025, 6, 5))  # commits now, with ids among those five
    assert any_seen(counted.unseen)  # so stored figures are not reused
    assert counted.figures()["s1_received"][0] == 1
    assert catch_up(counted, highest + 5)  # no id above the watermark, but the unseen ones landed
    assert counted.figures()["s1_received"][0] == 2
    assert counted.total == full(YEAR.range(), date(2025, 12, 1)).total
    late_ids = set(late.events.values_list("pk", flat=True))
    assert not any(first <= pk <= last for first, last, _ in counted.unseen for pk in late_ids)
    assert counted.unseen[-1][1] == highest + 5  # what is still unseen stays looked for
