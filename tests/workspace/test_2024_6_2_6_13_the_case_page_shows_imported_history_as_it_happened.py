"""2024 5.12 "keep a full record"; 6.2 "Complaints must be acknowledged ... within five working days";
6.13 "the person considering the complaint at stage 2 must not be the same person that considered it
at stage 1".

A complaint imported as it happened, answered at stage 1 without an acknowledgement (received 2 June
2025, never acknowledged, answered 10 June 2025, closed 11 June): the case page's Deadlines table said
"Stage 1 acknowledgement | 9 June 2025 | 2024 6.2 | Not completed" in plain words on a closed case,
which reads like work still to do, not a breach; and the stage 1 decision ("Upheld") was shown nowhere,
because the definition block, the only place it was, is shown only for a stage with a definition (one
made at the acknowledgement it never had). And a complaint imported with the same person considering
both stages, which the import warned "will count against 6.13", said nothing of it on its page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from imports.conftest import FIXTURES, administrator, upload  # noqa: F401

from putright.accounts.models import Role, User
from putright.imports.models import ImportedRow
from putright.imports.services import import_file

pytestmark = pytest.mark.django_db

MAPPING = "mapping_walker.toml"


def _page(client: Client, by: User, source: str, key: str) -> str:
    import_file(upload(FIXTURES / source, MAPPING), actor=by)
    client.force_login(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER, password="x"))
    reference = ImportedRow.objects.get(key=key).complaint.reference
    return client.get(f"/workspace/complaints/{reference}/").text


def _deadlines(page: str) -> dict[str, list[str]]:
    """The Deadlines table, row by row: step -> the cells' text."""
    table = page.split('id="deadlines"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows[cells[0].split(" Not acknowledged")[0]] = cells
    return rows


def test_2024_6_2_the_case_page_deadlines_say_not_acknowledged_and_the_response_done(
    client: Client,
    administrator: User,  # noqa: F811
) -> None:
    page = _page(client, administrator, "responded_never_acknowledged.csv", "Z-1")
    rows = _deadlines(page)
    assert rows["Stage 1 acknowledgement"][1:] == ["9 June 2025", "2024 6.2", "Not acknowledged (2024 6.2)"]
    assert '<strong class="govuk-tag govuk-tag--red">Not acknowledged</strong>' in page
    assert "Not completed" not in page
    # the response row: due 10 working days from the last day to acknowledge (2024 6.3), done in time
    assert rows["Stage 1 response"][1:] == ["23 June 2025", "2024 6.3", "Done 10 June 2025"]


def test_2024_5_12_the_case_page_shows_the_decision_of_a_stage_never_acknowledged(
    client: Client,
    administrator: User,  # noqa: F811
) -> None:
    page = _page(client, administrator, "responded_never_acknowledged.csv", "Z-1")
    assert "Stage 1 decision" in page
    assert re.search(r"<dt[^>]*>Decision</dt><dd[^>]*>Upheld, 10 June 2025", page)


def test_2024_6_13_the_case_page_says_the_same_person_considered_both_stages(
    client: Client,
    administrator: User,  # noqa: F811
) -> None:
    page = _page(client, administrator, "same_handler_both_stages.csv", "Y-1")
    assert (
        '<strong class="govuk-tag govuk-tag--red">Not independent</strong> Stage 2 was considered by '
        "J Smith (name as imported, not linked to an account), who considered an earlier stage (2024 6.13)."
        in page
    )
    fine = ImportedRow.objects.get(key="Y-2").complaint.reference
    assert "Not independent" not in client.get(f"/workspace/complaints/{fine}/").text
