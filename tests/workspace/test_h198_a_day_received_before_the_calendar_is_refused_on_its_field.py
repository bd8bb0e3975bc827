"""A new contact dated 1 January 1900, or 0026 typed for 2026, was recorded: the workspace asked "its
acknowledgement was due by ...?" with a day counted on a calendar with no bank holidays known (the
package gives none at all for year 26), ticking the box recorded it, under an edition not then in
force, and the API recorded it without a question. Every deadline on the record was false. A day
received before the first day the kept bank holidays cover (``bank_holidays.toml``) is now refused on
its field, saying that first day, at every door that goes through the core (workspace, API, the
correction of the day received, and the import of a previous system's history, whose row is then a
problem in its dry run). Not a time limit of the Code: a complaint about something long ago is
received today, and the first day covered is accepted."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import Api
from django.test import Client
from django.utils import timezone
from workspace.test_new_contact_asks_before_a_second_resident_or_a_late_date import _post

from putright.accounts.models import Role, User
from putright.code import lifecycle as core
from putright.code.calendar import first_day_covered
from putright.code.errors import InvalidRequest
from putright.code.wording import long_date
from putright.complaints.models import Complaint

pytestmark = pytest.mark.django_db

TYPED = ("1900-01-01", "0026-12-01")


def _said() -> str:
    return (
        f"Date received must be on or after {long_date(first_day_covered())}, the first day of the "
        "England and Wales bank holidays PutRight keeps, from which working days are counted ("
    )


def test_the_first_day_covered_is_read_from_the_kept_bank_holidays() -> None:
    import tomllib

    from putright.code.calendar import KEPT_BANK_HOLIDAYS

    years = tomllib.loads(KEPT_BANK_HOLIDAYS.read_text(encoding="utf-8"))["years"]
    assert first_day_covered() == date(min(int(y) for y in years), 1, 1)


@pytest.mark.parametrize("typed", TYPED)
def test_a_contact_received_before_the_calendar_is_refused_on_its_field_ticked_or_not(
    client: Client, staff: dict[str, User], typed: str
) -> None:
    for confirmed in ({}, {"received_on_confirmed": "on"}):
        response = _post(client, staff["officer"], received_on=typed, **confirmed)
        assert response.status_code == 422
        html = response.content.decode()
        assert _said() in html and 'href="#id_received_on"' in html
        assert "acknowledgement was due by" not in html  # nothing counted from it
    assert not Complaint.objects.exists()


def test_the_first_day_the_calendar_covers_is_recorded(client: Client, staff: dict[str, User]) -> None:
    first = first_day_covered().isoformat()
    response = _post(client, staff["officer"], received_on=first, received_on_confirmed="on")
    assert response.status_code == 302
    assert Complaint.objects.get().received_on == first_day_covered()


@pytest.mark.parametrize("typed", TYPED)
def test_the_api_refuses_a_day_received_before_the_calendar_on_its_field(typed: str) -> None:
    api = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER))
    answer = api.post(
        "/complaints",
        {
            "resident": {"name": "Rita Resident", "email": "rita@example.org"},
            "channel": "telephone",
            "summary": "The bathroom fan has been broken for months.",
            "received_on": typed,
        },
    )
    assert answer.status_code == 422, answer.content
    body = answer.json()
    # API v1 is a contract: a refusal of the Code's keeps its "detail" string, and names its field beside
    assert isinstance(body["detail"], str) and long_date(first_day_covered()) in body["detail"]
    said = {".".join(str(p) for p in item["loc"]): item["msg"] for item in body["fields"]}
    assert list(said) == ["received_on"], said
    assert long_date(first_day_covered()) in said["received_on"]
    assert not Complaint.objects.exists()


def test_the_day_received_cannot_be_corrected_to_before_the_calendar() -> None:
    case = core.evolve(None, core.receive(on=date(2025, 6, 2), channel="email", summary="Leak"))
    with pytest.raises(InvalidRequest) as refused:
        core.correct_received_date(
            case,
            on=date(2025, 6, 3),
            received_on=date(1900, 1, 1),
            reason="Typed",
            recorded_on=date(2025, 6, 2),
        )
    assert refused.value.fields[0][0] == "received_on"


def test_an_imported_row_received_before_the_calendar_is_a_problem_of_its_row(tmp_path: Any) -> None:
    from imports.conftest import FIXTURES, upload

    from putright.imports.services import check_file

    source = FIXTURES / "responded_never_acknowledged.csv"
    rows = list(csv.reader(io.StringIO(source.read_text())))
    rows[1][3] = "01/01/1900"
    for cell in (7, 8, 16):
        rows[1][cell] = rows[1][cell].replace("2025", "1900")
    changed = tmp_path / "old.csv"
    with changed.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    run = check_file(upload(changed, "mapping_walker.toml"), actor=None)
    lines = {str(r["key"]): str(r["line"]) for r in run.report}
    assert long_date(first_day_covered()) in lines["Z-1"], lines["Z-1"]
    # not a rule of the Code's, so not said to be one
    assert "it cannot be recorded: " in lines["Z-1"] and "the Code refuses it" not in lines["Z-1"]
    assert "would create" not in lines["Z-1"] and run.with_problems == 1
    assert timezone.localdate() >= first_day_covered()
