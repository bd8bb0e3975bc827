"""The learning register (2024 9.1-9.3) names a complaint only to people who may see its anonymised
summary (``access.policy.summary_scope``) and links it only for those who may open it
(``workspace.view_complaint``); the others are counted, never named: "1 on a complaint you cannot
see". A learning point's description on such a complaint is not shown either (it is counted). Its
export is the page, so it names no more. The themes and trends count every complaint (README,
access: the figures stay landlord-wide).

The access tests' landlord: ``own`` (the handler's team, North), ``other`` (team South),
``restricted`` (North, restricted to someone else) and ``unallocated``; the MRC and the board see
every unrestricted complaint's summary but open none, the handler their own team's and unallocated
ones."""

from __future__ import annotations

import re

import pytest
from access.conftest import World
from access.test_ombudsman_cases_only_where_the_complaint_may_be_seen import (
    RELATIONS,
    SEEN,
    _reference,
    _shown,
)
from django.urls import reverse

from putright.complaints import services as complaints
from putright.governance import services as governance

pytestmark = pytest.mark.django_db

#: whose own page each reader may open from the register
OPENS = {
    "mrc": set(),
    "board": set(),
    "handler": {"own", "unallocated"},
    "officer": {"own", "other", "unallocated"},
}


def _learning_on_every_complaint(world: World) -> None:
    """An improvement raised by every complaint (recorded by the system, which sees them all) and a
    learning point on each, its description naming the complaint it is on."""
    governance.record_service_improvement(
        actor=None,
        title="Answer the phone",
        description="Staff the line at lunchtime.",
        complaints=[world.cases[relation].complaint for relation in RELATIONS],
    )
    for relation in RELATIONS:
        complaints.record_learning_point(
            complaint=world.cases[relation].complaint,
            actor=None,
            description=f"Learning on the {relation} one",
        )


@pytest.mark.parametrize("role", ["mrc", "board", "handler", "officer"])
def test_2024_9_1_the_learning_register_names_only_complaints_the_reader_may_see(
    world: World, role: str
) -> None:
    _learning_on_every_complaint(world)
    client = world.client(role)
    hidden = len(RELATIONS) - len(SEEN[role])
    page = client.get("/governance/learning/").content.decode()
    download = client.get("/governance/learning/?export=csv")
    assert download.status_code == 200
    for text in (page, download.content.decode()):
        assert _shown(world, text) == SEEN[role]
        for relation in RELATIONS:  # 9.1 learning points: the description only where the complaint is seen
            assert (f"Learning on the {relation} one" in text) == (relation in SEEN[role]), relation
        complaints_you_cannot_see = "a complaint" if hidden == 1 else "complaints"
        assert f"{hidden} on {complaints_you_cannot_see} you cannot see" in text
        learning_points = "learning point" if hidden == 1 else "learning points"
        assert f"{hidden} {learning_points} on {complaints_you_cannot_see} you cannot see" in text
    for relation in RELATIONS:
        link = f'href="{reverse("workspace:case", args=[_reference(world, relation)])}"'
        assert (link in page) == (relation in OPENS[role]), relation
        if relation in OPENS[role]:
            assert (
                client.get(reverse("workspace:case", args=[_reference(world, relation)])).status_code == 200
            )


def test_2024_9_1_the_superuser_sees_every_complaint_on_the_learning_register(world: World) -> None:
    """Not over-enforced: someone who may see every complaint is told of none hidden."""
    _learning_on_every_complaint(world)
    page = world.client("superuser").get("/governance/learning/").content.decode()
    assert _shown(world, page) == set(RELATIONS)
    assert "you cannot see" not in page


@pytest.mark.parametrize("role", ["mrc", "handler"])
def test_2024_9_3_the_learning_registers_themes_count_every_complaint(world: World, role: str) -> None:
    """The figures stay landlord-wide (README, access): the themes and trends count the complaints a
    reader cannot see too, as the superuser's do."""
    _learning_on_every_complaint(world)

    def themes(who: str) -> list[str]:
        page = world.client(who).get("/governance/learning/").content.decode()
        section = page[page.index("Themes and trends") : page.index("Reviews of systemic issues")]
        return re.findall(r"<desc[^>]*>([^<]*)</desc>", section)  # each chart's every value, in words

    assert themes(role) == themes("superuser")
    assert any(f"{len(RELATIONS)}." in description for description in themes(role))
