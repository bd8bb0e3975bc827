"""2024 6.2: a complaint is acknowledged "within five working days of the complaint being received",
so a contact waiting for triage has that clock running. Its would-be date already made it count as
overdue (``test_2024_6_2_a_contact_awaiting_triage_shows_its_acknowledgement_clock``), but a browser
walk found it nowhere before that: "Due this week", the team view's "due in the next 2 working days", its At risk list and
its workload's "Due this week" left it out, so a contact received on 1 December, to be acknowledged
by 8 December if it is a complaint, showed nowhere two working days before. And the queue said
"3 complaints matching your filters" above contacts and service requests.

Now the contact is counted by its would-be date wherever a complaint is by its deadline, counted by
the core on the landlord's calendar (bank holidays included), still shown as "If a complaint:
acknowledge by ..." (it may be a service request). "Deadline, soonest first" still lists it after the
complaints: sorting by the would-be date took the deadline index away from every default queue page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint


@pytest.fixture
def friday() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 4, 10, tzinfo=UTC), tick=False):
        yield


def _get(client: Client, user: User, url: str = "/workspace/", **params: str) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _order(html: str, rows: list[Complaint]) -> list[Complaint]:
    """``rows`` in the order the page shows them (each must be on it)."""
    return sorted(rows, key=lambda c: html.index(f">{c.reference}</a>"))


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"')[1].split("</table>")[0]


def test_2024_6_2_due_this_week_holds_a_contact_due_this_week_if_it_is_a_complaint(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A Wednesday, 2 December 2026: this week ends Friday 4th."""
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=UTC), tick=False):
        late = make("received", name="Otto Overdue", received_on=date(2026, 11, 24))  # due Tuesday 1st
        today = make("received", name="Tara Today", received_on=date(2026, 11, 25))  # due today
        friday = make("received", name="Fran Friday", received_on=date(2026, 11, 27))  # due Friday 4th
        monday = make("received", name="Max Monday", received_on=date(2026, 11, 30))  # due Monday 7th
        html = _get(client, staff["officer"], due="week")
        assert today.reference in html and friday.reference in html
        assert late.reference not in html and monday.reference not in html
        assert "2 complaints and contacts matching your filters" in html
        row = html.split(f">{friday.reference}</a>")[1].split("</tr>")[0]
        assert "If a complaint: acknowledge by 4 Dec 2026 (2024 6.2)" in row
        assert "due in 2 working days" in row
        # recorded as a service request, it has no Code clock (2024 1.4): not due this week
        services.triage_as_service_request(
            complaint=friday, actor=staff["officer"], reason="A request for a repair, no dissatisfaction."
        )
        assert friday.reference not in _get(client, staff["officer"], due="week")


def test_2024_6_2_the_team_view_has_a_contact_due_in_2_working_days_at_risk(
    client: Client, staff: dict[str, User], make: Make, friday: None
) -> None:
    """Friday 4 December 2026: received Tuesday 1st, it is to be acknowledged by Tuesday 8th if it is
    a complaint, 2 working days on; received Friday 27 November, by today (due this week too)."""
    soon = make("received", name="Suki Soon", received_on=date(2026, 12, 1))
    today = make("received", name="Tara Today", received_on=date(2026, 11, 27))
    later = make("received", name="Lou Later", received_on=date(2026, 12, 3))  # due Thursday 10th
    html = _get(client, staff["officer"], "/workspace/team/")
    at_risk = _section(html, "at-risk")
    assert soon.reference in at_risk and today.reference in at_risk and later.reference not in at_risk
    assert _order(at_risk, [today, soon]) == [today, soon]
    row = at_risk.split(f">{soon.reference}</a>")[1].split("</tr>")[0]
    assert "If a complaint: acknowledge by 8 Dec 2026 (2024 6.2)" in row
    assert "due in 2 working days" in row and "not yet triaged" in row
    assert "2</span> due in the next 2 working days" in html
    workload = _section(html, "workload")
    unallocated = workload.split("Not allocated</th>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in unallocated.split('numeric">')[1:]]
    assert cells == ["3", "1", "2", "0"]  # open, due this week, due in 2 working days, overdue
    assert "if it is a complaint (2024 6.2)" in html
    assert soon.reference not in _section(html, "overdue")


def test_2024_6_2_due_this_week_costs_no_query_more_for_contacts(
    client: Client, staff: dict[str, User], make: Make, friday: None
) -> None:
    """The would-be dates are worked out once for the page from the calendar already read: the queue
    and the team view cost the same number of queries however many contacts are on them."""

    def queries(url: str = "/workspace/", **params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len([q for q in captured.captured_queries if "access_accessrecord" not in q["sql"]])

    client.force_login(staff["officer"])
    make("received", received_on=date(2026, 11, 27))
    make("complaint", received_on=date(2026, 11, 27))
    for params in ({}, {"due": "week"}):
        queries(**params)  # the queue as filtered is remembered for "Back to the queue" once
    few = {key: queries(**params) for key, params in (("all", {}), ("week", {"due": "week"}))}
    team = queries("/workspace/team/")
    for day in (30, 27, 26, 25, 24):
        make("received", received_on=date(2026, 11, day))
        make("complaint", received_on=date(2026, 11, day))
    assert queries() == few["all"]
    assert queries(due="week") == few["week"]
    assert queries("/workspace/team/") == team
