"""The dashboard's figures are reused only while their data is unchanged (``dashboard_cache``): any
new event, governance row, edit, closure day or landlord setting shows on the very next request, and
an unchanged request costs one query beyond sign-in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from putright.complaints import services as complaint_services
from putright.complaints.models import ClosureDay, Complaint, Landlord
from putright.complaints.services import Told
from putright.governance import services
from putright.governance.dashboard_cache import TALLY, cache_key
from putright.governance.facts import AsAt
from putright.governance.measures import Period, reporting_year_of
from putright.governance.models import DashboardFigures
from putright.governance.performance import Scope

SIGN_IN_TABLES = ("django_session", "accounts_user")
#: the landlord's name every page shows (``putright.web.context.landlord``, read with the rules by
#: ``lookup.by_key``), not the dashboard's own
PAGE_CHROME = ' FROM "complaints_landlord" t0 WHERE t0."id" = '


#: where event ids have gaps (a PostgreSQL test database: earlier tests' rolled-back ids) stored
#: figures also look once for events that were still being written (``tally.any_seen``)
UNSEEN_CHECK = 'SELECT 1 AS "a" FROM "complaints_complaintevent"'


def _own(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if not any(t in q["sql"] for t in SIGN_IN_TABLES) and PAGE_CHROME not in q["sql"]
    ]


def _figures(client: Client) -> tuple[dict[str, Any], int]:
    """The dashboard's figures by key, and the number of queries beyond sign-in it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/governance/")
    assert response.status_code == 200
    data = response.context["data"]
    values = {f["key"]: f["value"] for f in data["volumes"] + data["timeliness"] + data["overdue"]}
    values.update({k: f["value"] for k, f in data["extras"].items()})
    values["open_investigations"] = data["ombudsman"]["open_investigations"]
    own = [q for q in _own(queries) if not q.startswith(UNSEEN_CHECK)]
    return values, len(own)


@pytest.fixture
def waiting(journey) -> Complaint:  # type: ignore[no-untyped-def]
    """A stage 1 complaint received 20 days ago, not yet acknowledged (so past its 5 working days)."""
    return journey(timezone.localdate() - timedelta(days=20))  # type: ignore[no-any-return]


@pytest.fixture
def signed_in(client: Client, officer) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


def test_unchanged_data_second_request_issues_only_the_version_query(signed_in, waiting):  # type: ignore[no-untyped-def]
    first, computed = _figures(signed_in)
    with CaptureQueriesContext(connection) as queries:
        again = signed_in.get("/governance/")
    own = _own(queries)
    looked = [q for q in own[1:] if q.startswith(UNSEEN_CHECK)]
    assert len(own) == 1 + len(looked) and len(looked) <= 1, own
    assert "governance_dashboardfigures" in own[0] and "complaints_complaintevent" in own[0]
    assert computed > 10  # the first request computed the figures
    assert again.context["data"]["overdue"][0]["value"] == first["s1_ack_overdue"] == 1
    scope = Scope(Period.reporting_year(reporting_year_of(timezone.localdate())), AsAt.now())
    # the figures, and the tally of complaints they were counted from (brought up to date on change)
    assert sorted(DashboardFigures.objects.values_list("key", flat=True)) == [
        cache_key(scope, timezone.localdate()),
        cache_key(scope, timezone.localdate()) + TALLY,
    ]


def test_2024_6_2_new_event_acknowledgement_shows_on_the_next_request(signed_in, waiting, officer):  # type: ignore[no-untyped-def]
    before, _ = _figures(signed_in)
    _figures(signed_in)  # now stored
    assert before["s1_ack_overdue"] == 1
    complaint_services.acknowledge_complaint(
        complaint=waiting,
        actor=officer,
        complaint_definition="The repair took too long.",
        outcomes_sought="Fix it.",
        responsible_for="The repair.",
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    after, computed = _figures(signed_in)
    assert after["s1_ack_overdue"] == 0
    assert after["s1_ack"] == before["s1_ack"] + 1
    assert computed > 1


def test_2024_9_7_ombudsman_case_added_and_edited_shows_on_the_next_request(signed_in, waiting, officer):  # type: ignore[no-untyped-def]
    before, _ = _figures(signed_in)
    assert before["ombudsman_cases"] == 0
    case = services.open_ombudsman_case(
        actor=officer, complaint=waiting, referred_on=timezone.localdate(), reference="HOS-1"
    )
    added, _ = _figures(signed_in)
    assert added["ombudsman_cases"] == 1
    assert added["open_investigations"] == 0
    _, hit = _figures(signed_in)
    assert hit == 1
    # an edit in place (no new row): caught by the data marker
    services.update_ombudsman_case(
        case=case,
        actor=officer,
        progress="investigation",
        investigation_started_on=timezone.localdate(),
    )
    edited, _ = _figures(signed_in)
    assert edited["open_investigations"] == 1


def test_closure_day_added_recomputes_on_the_next_request(signed_in, waiting):  # type: ignore[no-untyped-def]
    _figures(signed_in)
    _, hit = _figures(signed_in)
    assert hit == 1
    ClosureDay.objects.create(date=date(2099, 12, 24), reason="Office closed")
    _, computed = _figures(signed_in)
    assert computed > 1
    _, hit = _figures(signed_in)
    assert hit == 1


def test_landlord_setting_changed_recomputes_on_the_next_request(signed_in, waiting):  # type: ignore[no-untyped-def]
    _figures(signed_in)
    landlord = Landlord.load()
    landlord.escalation_window_working_days = 15
    landlord.save()
    _, computed = _figures(signed_in)
    assert computed > 1


def test_self_assessment_due_banner_shows_a_new_trigger_on_the_next_request(signed_in, waiting, officer):  # type: ignore[no-untyped-def]
    assert b"self-assessment is due" not in signed_in.get("/governance/").content.lower()
    services.record_compliance_trigger(
        actor=officer, kind="restructure", on=timezone.localdate(), description="Merged two teams"
    )
    response = signed_in.get("/governance/")
    assert [str(t) for t in response.context["due_triggers"]] != []


def test_other_periods_are_kept_separately(signed_in, waiting):  # type: ignore[no-untyped-def]
    _figures(signed_in)
    year = timezone.localdate().year - 2
    response = signed_in.get(f"/governance/?from={year}-04-01&to={year + 1}-03-31")
    assert response.status_code == 200
    assert response.context["data"]["overdue"][0]["value"] == 1  # overdue is as at today, any period
    assert response.context["data"]["volumes"][0]["value"] == 0
    assert DashboardFigures.objects.exclude(key__endswith=TALLY).count() == 2
    assert DashboardFigures.objects.filter(key__endswith=TALLY).count() == 2


def test_2024_5_12_rebuilt_projections_are_recounted_on_the_next_request(signed_in, waiting):  # type: ignore[no-untyped-def]
    """Rebuilding the projections from the history changes the tables the figures read without a new
    event: the stored figures and tally must not outlive it."""
    from putright.complaints.models import Stage

    Stage.objects.filter(complaint=waiting).update(acknowledged_on=timezone.localdate())  # drifted
    drifted, _ = _figures(signed_in)
    assert drifted["s1_ack_overdue"] == 0
    complaint_services.rebuild_projections()
    rebuilt, _ = _figures(signed_in)
    assert rebuilt["s1_ack_overdue"] == 1
