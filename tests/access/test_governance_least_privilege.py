"""Least privilege for the governing body and the MRC: every governance page (and its downloads)
shows them figures, trends and anonymised case summaries, never a resident's name, contact details,
address, disabilities, adjustments or words. The same pages show the complaints officer the names
(so the test can tell the difference). And both land on governance after signing in."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from access.conftest import World
from access.doors import door_url, door_values
from access.matrix import PAGES, RELATIONAL_PK, may
from django.test import Client
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Resident

pytestmark = pytest.mark.django_db

GOVERNANCE_PAGES = sorted(
    r for r, methods in PAGES.items() if r.startswith("governance/") and "GET" in methods
)


@pytest.fixture
def personal(world: World) -> list[str]:
    """A resident with two complaints (a repeat complainant, from a repeat home) and health details."""
    resident: Resident = world.cases["own"].complaint.resident
    resident.phone = "07700 900123"
    resident.support_needs = "Uses a wheelchair since a stroke"
    resident.save()
    services.record_reasonable_adjustment(
        resident=resident,
        adjustment="Letters in large print",
        disclosed_disability="Multiple sclerosis",
        agreed_on=timezone.localdate(),
    )
    services.receive_complaint(
        resident=resident,
        summary="The damp has come back in my daughter's bedroom and her asthma is worse.",
        channel="email",
        received_on=timezone.localdate(),
        actor=world.users["officer"],
        accept=True,
    )
    home = resident.property
    assert home is not None
    return [
        resident.name,
        resident.email,
        resident.phone,
        "wheelchair",
        "large print",
        "Multiple sclerosis",
        "asthma",
        "mould in the bathroom",  # the resident's own words (the complaint's summary)
        home.address_line_1,
        home.postcode,
    ]


def _text(response: Any) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing"):
        document = docx.Document(io.BytesIO(response.content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return response.content.decode()


#: a governance page about one complaint's record (an Ombudsman case) is read for the complaint whose
#: resident has the personal details
RELATION = "own"


def _relation(route: str) -> str | None:
    return RELATION if route in RELATIONAL_PK else None


def _pages(world: World) -> list[tuple[str, str]]:
    pages = []
    for route in GOVERNANCE_PAGES:
        url = door_url(route, door_values(world, route, _relation(route)))
        if route == "governance/complaints/":
            url += "?measure=s1_received"
        pages.append((route, url))
    # the complaints behind the repeat complainants figure
    resident = world.cases["own"].complaint.resident_id
    pages.append(
        (
            "governance/complaints/",
            f"/governance/complaints/?measure=s1_received&by=resident&value={resident}",
        )
    )
    return pages


def test_governance_pages_show_the_board_and_the_mrc_no_personal_or_health_details(
    world: World, personal: list[str]
) -> None:
    for role in ("board", "mrc"):
        client = world.client(role)
        shown = 0
        for route, url in _pages(world):
            if not may(PAGES[route]["GET"], role, _relation(route)):
                continue
            # a single provision's link now opens its section of the form: follow it and read that
            response = client.get(url, follow=True)
            assert response.status_code == 200, (url, response.status_code)
            text = _text(response).lower()
            leaked = [detail for detail in personal if detail.lower() in text]
            assert not leaked, f"{url} shows {role} {leaked}"
            shown += 1
        assert shown >= len(GOVERNANCE_PAGES) - 1  # every page they may read (the MRC also answers)

    # the same pages name repeat complainants to the staff who handle complaints
    name, address = personal[0], personal[8]
    officer = world.client("officer").get("/governance/").content.decode()
    assert name in officer and address in officer
    board = world.client("board").get("/governance/").content.decode()
    assert name not in board and "Resident 1" in board and "Home 1" in board
    # and offers the board no way into the complaint records
    assert "Complaints queue" in officer and "Complaints queue" not in board
    # the anonymised list behind a figure gives references, not links into the case records
    listed = world.client("board").get("/governance/complaints/?measure=s1_received").content.decode()
    reference = world.cases["own"].complaint.reference
    assert reference in listed and f"/workspace/complaints/{reference}/" not in listed


def _export_text(response: Any) -> str:
    from openpyxl import load_workbook

    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheet"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v
        )
    return response.content.decode("utf-8-sig")


def test_governance_exports_give_the_board_and_the_mrc_what_their_screen_shows(
    world: World, personal: list[str]
) -> None:
    """Every governance page offered as CSV or XLSX runs the page's own view for the person asking:
    the board's and the MRC's downloads are as anonymised as their screens, the officer's are not."""
    exported = 0
    for route, url in _pages(world):
        for role in ("board", "mrc"):
            if not may(PAGES[route]["GET"], role, _relation(route)):
                continue
            page = world.client(role).get(url, follow=True)
            if not page["Content-Type"].startswith("text/html") or "export=csv" not in page.content.decode():
                continue  # a download itself (a report, the self-assessment form), or no list
            for fmt in ("csv", "xlsx"):
                joiner = "&" if "?" in url else "?"
                response = world.client(role).get(f"{url}{joiner}export={fmt}", follow=True)
                assert response.status_code == 200 and "attachment" in response["Content-Disposition"], url
                assert response["Content-Type"].startswith(
                    ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheet")
                ), (url, fmt, response["Content-Type"])
                text = _export_text(response).lower()
                leaked = [detail for detail in personal if detail.lower() in text]
                assert not leaked, f"{url} exported to {role} shows {leaked}"
                exported += 1
    assert exported >= 2 * 2 * 8  # both roles, both formats, the governance lists
    officer = _export_text(world.client("officer").get("/governance/?export=xlsx"))
    assert personal[0] in officer  # the repeat complainant, named to the complaints officer


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        (Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS, "/governance/"),
        (Role.GOVERNING_BODY_READER, "/governance/"),
        (Role.COMPLAINTS_OFFICER, "/workspace/today/"),
        (Role.COMPLAINT_HANDLER, "/workspace/today/"),
    ],
)
def test_after_signing_in_the_mrc_and_the_board_land_on_governance(
    client: Client, settings: Any, role: str, lands_on: str
) -> None:
    settings.AXES_ENABLED = False
    User.objects.create_user("person", password="a long enough password", role=role)
    response = client.post(
        "/sign-in/", {"username": "person", "password": "a long enough password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == lands_on
    assert response.status_code == 200
