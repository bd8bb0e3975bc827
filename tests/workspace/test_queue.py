"""The queue at /workspace/: open complaints with stage, handler, working-day deadlines, flags,
filters, search, sorting and pages, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints import services


def _get(client: Client, user: User, url: str = "/workspace/", **params: Any) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_queue_needs_sign_in(client: Client, db: None) -> None:
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_queue_shows_deadlines_in_working_days_with_the_provision(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make("stage_1_acknowledged", name="Lola Late", received_on=working_days_ago(13))
    fresh = make("complaint", name="Fay Fresh")
    html = _get(client, staff["officer"])
    assert late.reference in html and fresh.reference in html
    assert "3 working days late" in html  # acknowledged 13 working days ago, due 10 after (2024 6.3)
    assert "(2024 6.3)" in html
    assert "due in 5 working days" in html  # accepted today: acknowledge within 5 (2024 6.2)
    assert "(2024 6.2)" in html
    assert "govuk-tag--red" in html
    # sorted by deadline, the late one first
    assert html.index("Lola Late") < html.index("Fay Fresh")


def test_queue_flags_vulnerability_adjustments_and_representatives(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint", name="Vera Vulnerable")
    resident = complaint.resident
    resident.support_needs = "Uses a wheelchair; hard of hearing"
    resident.save()
    services.record_reasonable_adjustment(
        resident=resident, adjustment="Letters in large print", agreed_on=resident.created_at.date()
    )
    html = _get(client, staff["officer"])
    assert "Vulnerable" in html
    assert "Adjustments" in html


def test_handler_sees_their_cases_their_teams_and_the_intake_but_not_another_teams(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    mine = make(handler=staff["hana"], name="Mine Case")
    team = make(handler=staff["hugo"], name="Team Case")
    other = make(handler=staff["sian"], name="Other Team Case")
    intake = make("complaint", name="Intake Case")
    html = _get(client, staff["hana"])
    assert mine.reference in html and team.reference in html and intake.reference in html
    assert other.reference not in html
    assert client.get(f"/workspace/complaints/{other.reference}/").status_code == 404
    # filters: mine, my team
    html = _get(client, staff["hana"], whose="mine")
    assert mine.reference in html and team.reference not in html
    html = _get(client, staff["hana"], whose="team")
    assert mine.reference in html and team.reference in html and intake.reference not in html
    # the officer and the manager see everything
    html = _get(client, staff["officer"])
    assert other.reference in html


def test_restricted_complaint_only_for_the_people_named(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    secret = make("complaint", name="About Staff", restricted=True, restricted_to=[staff["manager"]])
    assert secret.reference not in _get(client, staff["officer"])
    assert client.get(f"/workspace/complaints/{secret.reference}/").status_code == 404
    assert secret.reference in _get(client, staff["manager"])


def test_filters_overdue_due_this_week_stage_and_category(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make(received_on=working_days_ago(12))
    fresh = make("complaint")
    escalated = make("escalation_requested")
    html = _get(client, staff["officer"], due="overdue")
    assert late.reference in html and fresh.reference not in html
    html = _get(client, staff["officer"], stage="2")
    assert escalated.reference in html and late.reference not in html
    html = _get(client, staff["officer"], category="damp-and-mould")
    assert late.reference in html
    html = _get(client, staff["officer"], category="no-such-thing")
    assert "No open complaints match your filters" in html


def test_search_by_reference_name_address_and_words(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    target = make(
        name="Priya Patel", summary="Water is pouring through the kitchen ceiling from the flat above."
    )
    other = make(name="Tom Jones", summary="The lift has been broken for weeks.")
    for term in (target.reference, "Priya", "ceiling", target.property.address_line_1):
        html = _get(client, staff["officer"], q=term)
        assert target.reference in html, term
        assert other.reference not in html, term


def test_sorting_and_pages(client: Client, staff: dict[str, User], make: Make) -> None:
    made = [make("complaint", name=f"Person {i:02d}") for i in range(12)]
    html = _get(client, staff["officer"], per_page="10")
    assert "Next" in html and "Previous" not in html
    html2 = _get(client, staff["officer"], per_page="10", page="2")
    assert "Previous" in html2
    shown = [c.reference for c in made if c.reference in html]
    shown2 = [c.reference for c in made if c.reference in html2]
    assert len(shown) == 10 and len(shown2) == 2 and not set(shown) & set(shown2)
    html = _get(client, staff["officer"], sort="-received", per_page="10")
    assert html.index(made[-1].reference) < html.index(made[-2].reference)


def _queries(client: Client, **params: Any) -> int:
    """Queries to show the page, not counting the access log's one INSERT (none for an empty page;
    ``tests/access/test_access_log_lists.py`` checks it)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/workspace/", params)
    assert response.status_code == 200
    return len([q for q in captured.captured_queries if "access_accessrecord" not in q["sql"]])


@pytest.mark.django_db
def test_queue_query_count_is_constant_as_pages_and_data_grow(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    client.force_login(staff["officer"])
    for i in range(3):
        case = make(name=f"Small {i}")
        services.record_reasonable_adjustment(
            resident=case.resident, adjustment="Large print", agreed_on=case.received_on
        )
    small = {size: _queries(client, per_page=str(size)) for size in (10, 50)}
    for i in range(30):
        make(
            "complaint" if i % 2 else "stage_1_acknowledged",
            name=f"Big {i}",
            handler=staff["hugo"] if i % 2 == 0 else None,
        )
    large = {size: _queries(client, per_page=str(size)) for size in (10, 50)}
    filtered = _queries(client, per_page="50", q="Big", whose="team", due="week", stage="1")
    # the filtered page is empty: with no complaint at a stage on it, there is no response date a
    # resident was told to read (putright.workspace.promises), one query fewer (on PostgreSQL too:
    # a page's rows are read with the JIT as it is, tests/workspace/test_queue_costs.py)
    promises = 1
    # and "due this week" cannot hold a contact already late if it is a complaint (2024 6.2), so the
    # count of those the deadline order puts after the complaints is not asked for
    late_contacts = 1
    assert small[10] == small[50] == large[10] == large[50] == filtered + promises + late_contacts, (
        small,
        large,
        filtered,
    )
    print("queue queries per request:", large[50])


def test_the_permission_predicate_and_the_queue_filter_agree(staff: dict[str, User], make: Make) -> None:
    from putright.workspace.permissions import can_view_complaint, scope

    complaints = [
        make(handler=staff["hana"]),
        make(handler=staff["hugo"]),
        make(handler=staff["sian"]),
        make("complaint"),
        make("complaint", restricted=True, restricted_to=[staff["hana"]]),
        make(handler=staff["sian"], restricted=True, restricted_to=[staff["sian"], staff["manager"]]),
    ]
    for user in staff.values():
        visible = set(scope(user).values_list("pk", flat=True))
        for complaint in complaints:
            assert can_view_complaint(user, complaint) == (complaint.pk in visible), (user, complaint)
            assert user.has_perm("workspace.view_complaint", complaint) == (complaint.pk in visible)


def test_queue_shows_the_total_of_the_filtered_queue_across_pages(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    for i in range(12):
        make("complaint", name=f"Total {i:02d}", handler=staff["hugo"] if i < 5 else None)
    make("complaint", name="Someone Else")
    html = _get(client, staff["officer"], per_page="10")
    assert ">13 complaints and contacts<" in html and "1 to 10 of 13" in html
    html = _get(client, staff["officer"], per_page="10", whose="unallocated")
    assert "8 complaints and contacts matching your filters" in html
    html = _get(client, staff["officer"], q="Total 03")
    assert "1 complaint or contact matching your filters" in html
    html = _get(client, staff["officer"], q="Zebedee Quibble")  # no name, address or words match
    assert "0 complaints and contacts matching your filters" in html


def test_queue_page_past_the_end_says_so_and_links_to_the_last_page(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """Page 2 of 2 overdue complaints said "2 complaints and contacts matching your filters" and then
    "No open complaints match your filters" (found in a browser walk): both cannot be true."""
    for i in range(2):
        make(received_on=working_days_ago(12), name=f"Late {i}")
    make("complaint", name="On time")
    html = _get(client, staff["officer"], due="overdue", page="2")
    assert "2 complaints and contacts matching your filters" in html
    assert "No open complaints match your filters" not in html
    said = "There are no more open complaints and contacts matching your filters: page 2 is past the end."
    assert said in html
    assert '<a class="govuk-link" href="?due=overdue">Go to the last page (page 1)</a>' in html
    html = _get(client, staff["officer"], per_page="10", page="3")  # unfiltered: 3 on page 1 of 1
    assert "There are no more open complaints and contacts: page 3 is past the end." in html
    assert '<a class="govuk-link" href="?per_page=10">Go to the last page (page 1)</a>' in html
    for i in range(10):
        make("complaint", name=f"More {i}")
    html = _get(client, staff["officer"], per_page="10", page="5")
    assert '<a class="govuk-link" href="?per_page=10&amp;page=2">Go to the last page (page 2)</a>' in html
    html = _get(client, staff["officer"], due="overdue")  # not over-reached: page 1 lists them
    assert "past the end" not in html


def test_queue_counts_up_to_its_limit_and_then_says_more_than(
    client: Client, staff: dict[str, User], make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    from putright.workspace import selectors

    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 10)
    for i in range(10):
        make("complaint", name=f"Counted {i:02d}")
    html = _get(client, staff["officer"], per_page="10")
    assert ">10 complaints and contacts<" in html and "1 to 10 of 10" in html  # at the limit: exact
    make("complaint", name="Counted 10")
    make("complaint", name="Counted 11")
    html = _get(client, staff["officer"], per_page="10")
    assert ">More than 10 complaints and contacts<" in html and "1 to 10 of more than 10" in html
    html = _get(client, staff["officer"], per_page="10", q="Counted 11")
    assert "1 complaint or contact matching your filters" in html  # a filtered count under the limit is exact


@pytest.mark.django_db
def test_queue_total_is_one_count_query_on_the_complaint_table(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    make("complaint", name="Counted Once")
    client.force_login(staff["officer"])
    with CaptureQueriesContext(connection) as captured:
        client.get("/workspace/", {"q": "Counted", "whose": "team"})
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    # the total, and how many contacts waiting for triage the deadline order puts after the
    # complaints though already late if they are complaints (2024 6.2): only contacts received
    assert len(counts) == 2, counts
    assert "'received'" not in counts[0] and "'received'" in counts[1], counts
    # neither count builds each row's details (vulnerability, adjustments, restriction)
    assert not any("reasonableadjustment" in count.lower() for count in counts)


@pytest.mark.parametrize(
    ("today", "friday"),
    [
        (date(2026, 11, 30), date(2026, 12, 4)),  # Monday: this Friday
        (date(2026, 12, 4), date(2026, 12, 4)),  # Friday: today
        (date(2026, 12, 5), date(2026, 12, 11)),  # Saturday: the coming Friday, not Saturday itself
        (date(2026, 12, 6), date(2026, 12, 11)),  # Sunday: the coming Friday
    ],
)
def test_due_this_week_at_the_weekend_is_the_coming_working_week(today: date, friday: date) -> None:
    """On a Saturday "due this week" ran to that Saturday, a day no deadline falls on, so the queue's
    filter, the handlers' workload and "my work today" showed nothing due (found walking the
    workspace on a Saturday)."""
    from putright.workspace.selectors import _end_of_week

    assert _end_of_week(today) == friday


def test_back_to_the_queue_returns_to_the_search_and_page_the_handler_came_from(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """ "Back to the queue" on a case went to the whole open queue, losing the search and the page
    (found in a browser walk): it goes back to the queue as last filtered, keeping only the queue's
    own parameters."""
    complaint = make(name="Gwen Harris")
    client.force_login(staff["officer"])
    assert client.get("/workspace/", {"q": "Gwen", "sort": "received", "evil": "x"}).status_code == 200
    html = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    back = re.search(r'<a href="([^"]*)" class="govuk-back-link">Back to the queue</a>', html)
    assert back is not None
    assert back.group(1).replace("&amp;", "&") == "/workspace/?q=Gwen&sort=received"
    client.get("/workspace/")
    html = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert '<a href="/workspace/" class="govuk-back-link">Back to the queue</a>' in html
