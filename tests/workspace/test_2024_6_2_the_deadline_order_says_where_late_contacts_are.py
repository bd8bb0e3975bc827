"""2024 6.2: a complaint is acknowledged "within five working days of the complaint being received",
so a contact waiting for triage has that clock running. "Deadline, soonest first" (the queue's
default order) lists such a contact after every complaint, as it has no Code deadline of its own
(sorting by its would-be date took the deadline index away from every default queue page): a contact
already late if it is a complaint sat past every page of complaints due later. The queue now says,
above the list, how many such contacts its filters hold and links to them; it says nothing where
there are none, in another order, or where they are already all that is shown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services

WEDNESDAY = datetime(2026, 12, 2, 10, tzinfo=UTC)  # 2 December 2026


def _queue(client: Client, user: User, **params: str) -> str:
    client.force_login(user)
    response = client.get("/workspace/", params)
    assert response.status_code == 200
    return response.content.decode()


def _notice(html: str) -> str:
    return html.split('id="late-contacts"')[1].split("</div>")[0] if 'id="late-contacts"' in html else ""


def test_2024_6_2_the_queue_says_how_many_late_contacts_come_after_the_complaints(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        complaints = [make("stage_1_acknowledged") for _ in range(3)]
        late = make("received", name="Otto Overdue", received_on=date(2026, 11, 23))  # due 30 Nov
        later = make("received", name="Lena Late", received_on=date(2026, 11, 24))  # due 1 Dec
        in_time = make("received", name="Tia Intime", received_on=date(2026, 11, 30))  # due 7 Dec
        html = _queue(client, staff["officer"], per_page="10")
        notice = _notice(html)
        assert "2 contacts waiting for triage would already be late if they are complaints" in notice
        assert "(2024 6.2)" in notice
        # they are on the page, after every complaint: the notice is what says so at the top
        assert all(html.index(c.reference) < html.index(late.reference) for c in complaints)
        link = notice.split('href="')[1].split('"')[0].replace("&amp;", "&")
        query = parse_qs(urlsplit(link).query)
        assert query["due"] == ["overdue"] and query["stage"] == ["0"]
        shown = _queue(client, staff["officer"], **{k: v[0] for k, v in query.items()})
        assert late.reference in shown and later.reference in shown
        assert in_time.reference not in shown and not any(c.reference in shown for c in complaints)
        # already showing only them: nothing more to say
        assert _notice(shown) == ""


def test_2024_6_2_one_late_contact_is_named_in_the_singular(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        make("received", received_on=date(2026, 11, 23))
        assert "1 contact waiting for triage would already be late if it is a complaint" in _notice(
            _queue(client, staff["officer"])
        )


def test_2024_6_2_no_notice_without_a_late_contact_or_in_another_order(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        make("stage_1_acknowledged")
        in_time = make("received", received_on=date(2026, 11, 30))
        assert _notice(_queue(client, staff["officer"])) == ""
        late = make("received", received_on=date(2026, 11, 23))
        assert _notice(_queue(client, staff["officer"])) != ""
        # received oldest first already puts it first
        assert _notice(_queue(client, staff["officer"], sort="received")) == ""
        # stage 1 complaints only: no contact can be there
        assert _notice(_queue(client, staff["officer"], stage="1")) == ""
        # recorded as a service request, it has no Code clock (2024 1.4)
        services.triage_as_service_request(
            complaint=late, actor=staff["officer"], reason="A request for a repair, no dissatisfaction."
        )
        assert _notice(_queue(client, staff["officer"])) == ""
        assert in_time.reference in _queue(client, staff["officer"])


def test_2024_6_2_the_notice_counts_only_what_the_person_may_see_under_their_filters(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The count is of the filtered queue: "Mine" holds no unallocated contact."""
    with time_machine.travel(WEDNESDAY, tick=False):
        make("received", received_on=date(2026, 11, 23))
        assert _notice(_queue(client, staff["officer"], whose="mine")) == ""
        assert _notice(_queue(client, staff["officer"], whose="unallocated")) != ""
