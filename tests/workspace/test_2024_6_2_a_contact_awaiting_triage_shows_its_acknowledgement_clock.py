"""2024 6.2: "Complaints must be acknowledged, defined and logged at stage 1 of the complaints
procedure within five working days of the complaint being received." The core counts the
acknowledgement from the day received, not the day the contact is accepted, so a contact waiting for
triage already has its clock running. Found in a browser walk: the queue row said "No Code deadline
running" and the Overdue filter left the contact out, the case page said "Once accepted, it must be
acknowledged within 5 working days", and the accept page said "Accepting starts the 5 working day
clock"; straight after accepting, the record said the acknowledgement was 4 working days late.

The words now say what the core does, giving the date; the queue's and the team view's overdue lists
hold a contact whose acknowledgement would be late if it is a complaint, without saying it is one
(it may be a service request)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.code.lifecycle import stage_1_acknowledgement_due
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.complaints.rules import landlord_rules

#: a Friday: 23 November 2026 (a Monday) is 4 working days late, as in the browser walk
TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _on_a_friday() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 4, 10, tzinfo=UTC), tick=False):
        yield


def _get(client: Client, user: User, url: str = "/workspace/", **params: str) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _due(contact: Complaint) -> date:
    return stage_1_acknowledgement_due(contact.received_on, contact.edition, landlord_rules().calendar)[0]


def _row(html: str, reference: str) -> str:
    return html.split(f">{reference}</a>")[1].split("</tr>")[0]


def test_2024_6_2_the_case_page_gives_the_acknowledgement_date_counted_from_the_day_received(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    contact = make("received", received_on=date(2026, 11, 23))
    due = _due(contact)
    html = _get(client, staff["officer"], f"/workspace/complaints/{contact.reference}/")
    said = html.split('id="if-a-complaint"')[1].split("</p>")[0]
    assert "within 5 working days of the complaint being received (2024 6.2)" in said
    assert f"received {contact.received_on.day} {contact.received_on:%B %Y}" in said
    assert f"so if it is a complaint, acknowledge by {due.day} {due:%B %Y}" in said
    assert "received 23 November 2026, so if it is a complaint, acknowledge by 30 November 2026" in said
    assert "4 working days late" in said
    assert "Once accepted" not in html and "No Code deadline yet" not in html


def test_2024_6_2_the_accept_page_says_accepting_starts_no_clock(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    contact = make("received", received_on=date(2026, 11, 23))
    due = _due(contact)
    html = _get(client, staff["officer"], f"/workspace/complaints/{contact.reference}/accept-as-complaint/")
    assert "starts the 5 working day clock" not in html
    said = html.split('id="if-a-complaint"')[1].split("</p>")[0]
    assert (
        "within 5 working days of the complaint being received (2024 6.2), not of it being accepted" in said
    )
    # on the page that accepts it, no "if" (browser walk)
    assert f"so accepted, it must be acknowledged by {due.day} {due:%B %Y} (4 working days late)" in said
    # and accepting records that same date, already late
    client.post(
        f"/workspace/complaints/{contact.reference}/accept-as-complaint/",
        {"route": "investigation", "on": TODAY.isoformat()},
    )
    contact.refresh_from_db()
    assert contact.state == "complaint"
    assert contact.current_due == due and contact.current_due_provision == "2024 6.2"
    html = _get(client, staff["officer"], f"/workspace/complaints/{contact.reference}/")
    assert "4 working days late" in html


def test_2024_6_2_the_queue_row_gives_the_date_if_it_is_a_complaint_without_saying_it_is_one(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make("received", name="Lena Waiting", received_on=date(2026, 11, 23))
    fresh = make("received", name="Fred Today")
    html = _get(client, staff["officer"])
    row = _row(html, late.reference)
    due = _due(late)
    assert f"If a complaint: acknowledge by {due.day} {due:%b %Y} (2024 6.2)" in row
    assert "If a complaint: acknowledge by 30 Nov 2026 (2024 6.2)" in row
    assert "4 working days late" in row and "govuk-tag--red" in row
    assert "No Code deadline running" not in row
    row = _row(html, fresh.reference)
    due = _due(fresh)
    assert f"If a complaint: acknowledge by {due.day} {due:%b %Y} (2024 6.2)" in row
    assert "due in 5 working days" in row and "govuk-tag--red" not in row


def test_2024_6_2_the_overdue_filter_holds_a_contact_late_if_it_is_a_complaint(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make("received", name="Otto Overdue", received_on=date(2026, 11, 26))  # due Thursday 3rd
    on_the_day = make("received", name="Dana Dueday", received_on=date(2026, 11, 27))  # due today
    today = make("received", name="Tara Today")
    html = _get(client, staff["officer"], due="overdue")
    assert late.reference in html
    assert "1 working day late" in _row(html, late.reference)
    # due today is not yet late; received today, 5 working days to go
    assert on_the_day.reference not in html and today.reference not in html
    assert "1 complaint or contact matching your filters" in html
    # recorded as a service request (2024 1.4), it has no Code clock: not overdue afterwards
    services.triage_as_service_request(
        complaint=late, actor=staff["officer"], reason="A request for a repair, no dissatisfaction."
    )
    html = _get(client, staff["officer"], due="overdue")
    assert late.reference not in html
    assert "No Code deadline running" in _row(_get(client, staff["officer"]), late.reference)


def test_2024_6_2_the_team_view_counts_and_lists_a_contact_late_if_it_is_a_complaint(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make("received", name="Otto Overdue", received_on=date(2026, 11, 26))
    today = make("received", name="Tara Today")
    html = _get(client, staff["officer"], "/workspace/team/")
    overdue = html.split('id="overdue"')[1].split("</table>")[0]
    assert late.reference in overdue and today.reference not in overdue
    due = _due(late)
    assert f"If a complaint: acknowledge by {due.day} {due:%b %Y} (2024 6.2)" in overdue
    assert "not yet triaged" in overdue
    workload = html.split('id="workload"')[1].split("</table>")[0]
    assert '<strong class="putright-due--late">1</strong>' in workload


def test_2024_6_2_the_overdue_filter_costs_no_query_more_for_contacts_awaiting_triage(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The would-be date is counted once for the page (one day to compare the day received with),
    and each row's from the calendar already read: the Overdue page costs the same number of queries
    however many contacts and complaints are on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/workspace/", params).status_code == 200
        return len([q for q in captured.captured_queries if "access_accessrecord" not in q["sql"]])

    client.force_login(staff["officer"])
    make("received", received_on=date(2026, 11, 23))
    make("complaint", received_on=date(2026, 11, 23))
    queries(due="overdue")  # the queue as filtered is remembered for "Back to the queue" once
    few = queries(due="overdue")
    for day in (16, 17, 18, 19, 20):
        make("received", received_on=date(2026, 11, day))
        make("complaint", received_on=date(2026, 11, day))
    assert "12 complaints and contacts matching your filters" in _get(client, staff["officer"], due="overdue")
    assert queries(due="overdue") == few


def test_2024_6_2_my_work_today_tells_whoever_triages_what_nobody_has_taken_is_late(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """ "Nothing of yours is overdue" read as a quiet day while the team view showed a contact 4 working
    days late and nobody's (browser walk): whoever triages and allocates is told, with the queue's
    filter; a complaint handler, who does neither, is not."""
    contact = make("received", received_on=date(2026, 11, 23))
    make("received", received_on=TODAY)  # not late
    html = _get(client, staff["officer"], "/workspace/today/")
    said = html.split('id="unclaimed-overdue"', 1)[1].split("</strong>", 1)[0]
    assert "1 not taken by anyone is overdue" in said and "?whose=unallocated&amp;due=overdue" in said
    queue = _get(client, staff["officer"], "/workspace/", whose="unallocated", due="overdue")
    assert f">{contact.reference}</a>" in queue
    assert 'id="unclaimed-overdue"' not in _get(client, staff["hana"], "/workspace/today/")
