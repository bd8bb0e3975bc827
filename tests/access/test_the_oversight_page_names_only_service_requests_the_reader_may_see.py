"""The oversight page's service requests still open (2024 1.4) name a contact only to people who may
see its complaint record's anonymised summary (``access.policy.summary_scope``) and link it only for
those who may open it (``workspace.view_complaint``); the others are counted, never named: "1 service
request on a complaint you cannot see". A handler was shown and linked the service requests of
another team, and the link answered "Page not found". Its export is the page, so it names no more.
The report's figures ("Still open") count every one (README, access: the figures stay
landlord-wide). The page's other lists (appointments, reports received, homes owned) name no
complaint.

The access tests' landlord, with a contact for each relation to the handler (team North), each
recorded as a service request and not yet resolved: ``own``, ``other`` and ``restricted`` then
complained about (2024 1.5: the service request stays open) and handled in North, in team South, and
in North but restricted to someone else; ``unallocated`` still only a service request."""

from __future__ import annotations

import pytest
from access.conftest import World
from access.test_ombudsman_cases_only_where_the_complaint_may_be_seen import RELATIONS, SEEN
from access.test_the_learning_register_names_only_complaints_the_reader_may_see import OPENS
from django.urls import reverse
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services

pytestmark = pytest.mark.django_db


def _service_requests(world: World, make: Make, staff: dict[str, User]) -> dict[str, str]:
    """A contact for each relation, recorded as a service request (by the system, which sees them
    all) and still open: its reference by relation."""
    handlers = {"own": staff["hugo"], "other": staff["sian"], "restricted": staff["hugo"]}
    # restricted, as the world's restricted complaint is, to the one person named on it
    rex = User.objects.get(username="rex")
    requests = {}
    for relation in RELATIONS:
        restricted = {"restricted": True, "restricted_to": [rex]} if relation == "restricted" else {}
        contact = make("received", name=f"Sam {relation.title()}", **restricted)
        contact = services.triage_as_service_request(complaint=contact, actor=None, reason="A repair request")
        if relation in handlers:  # the resident complained about it (2024 1.5): it stays open
            contact = services.accept_as_complaint(complaint=contact, actor=None)
            contact = services.allocate_handler(complaint=contact, actor=None, handler=handlers[relation])
        requests[relation] = contact.reference
    return requests


def _still_open(text: str) -> str:
    return text[text.index("Still open, longest first") :]


@pytest.mark.parametrize("role", ["mrc", "board", "handler", "officer"])
def test_access_policy_the_oversight_pages_service_requests_name_only_complaints_the_reader_may_see(
    world: World, make: Make, staff: dict[str, User], role: str
) -> None:
    requests = _service_requests(world, make, staff)
    seen = SEEN[role]
    client = world.client(role)
    page = client.get("/governance/oversight/").content.decode()
    download = client.get("/governance/oversight/?export=csv")
    assert download.status_code == 200
    hidden = len(RELATIONS) - len(seen)
    for text in (_still_open(page), _still_open(download.content.decode())):
        assert {relation for relation, ref in requests.items() if ref in text} == seen
        complaints_you_cannot_see = "a complaint" if hidden == 1 else "complaints"
        service_requests = "service request" if hidden == 1 else "service requests"
        assert f"{hidden} {service_requests} on {complaints_you_cannot_see} you cannot see" in text
    for relation, reference in requests.items():
        link = f'href="{reverse("workspace:case", args=[reference])}"'
        assert (link in page) == (relation in OPENS[role]), relation
        if relation in OPENS[role]:
            assert client.get(reverse("workspace:case", args=[reference])).status_code == 200


def test_access_policy_the_superuser_sees_every_service_request_still_open(
    world: World, make: Make, staff: dict[str, User]
) -> None:
    """Not over-enforced: someone who may see every complaint is told of none hidden, and the figure
    counts every service request for everyone."""
    requests = _service_requests(world, make, staff)
    page = world.client("superuser").get("/governance/oversight/").content.decode()
    assert all(reference in _still_open(page) for reference in requests.values())
    assert "you cannot see" not in page
    handler = world.client("handler").get("/governance/oversight/").content.decode()
    still_open = 'Still open</dt><dd class="govuk-summary-list__value">4</dd>'
    assert still_open in page and still_open in handler


@pytest.mark.parametrize("role", ["mrc", "handler", "superuser"])
def test_2024_1_4_the_still_open_list_says_how_many_it_leaves_out_and_links_to_them_all(
    world: World, make: Make, staff: dict[str, User], role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list stopped at its first rows without a word: a reviewer monitoring service requests
    (2024 1.4) read the rows shown as all there were. It now says how many of those the reader may
    see it shows, and links to the whole list, which names no more than the page does."""
    from putright.governance import oversight_views

    monkeypatch.setattr(oversight_views, "STILL_OPEN_LISTED", 1)
    requests = _service_requests(world, make, staff)
    seen = SEEN[role]
    client = world.client(role)
    page = _still_open(client.get("/governance/oversight/").content.decode())
    assert sum(ref in page for ref in requests.values()) == 1
    assert f"Showing 1 of {len(seen)}" in page
    assert 'href="?still_open=all#service-requests"' in page
    everything = _still_open(client.get("/governance/oversight/?still_open=all").content.decode())
    assert {relation for relation, ref in requests.items() if ref in everything} == seen
    assert "Showing 1 of" not in everything
