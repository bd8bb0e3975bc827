"""Imported history as it happened: the dry run tells every problem a row has (issue 17 item 4), and a
breach of the Code the previous system records is imported and flagged, not refused (2024 6.13), while
data that cannot be true (a response before the complaint, 2024 5.12) is still refused."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from imports.conftest import FIXTURES, upload

from putright.accounts.models import User
from putright.code import lifecycle as core
from putright.code.errors import CodeViolation
from putright.complaints.models import Complaint
from putright.imports.services import check_file, import_file

pytestmark = pytest.mark.django_db

#: the previous system's columns for both stages' handlers (tests/fixtures/imports/mapping_walker.toml)
MAPPING = "mapping_walker.toml"
SAME_HANDLER = FIXTURES / "same_handler_both_stages.csv"
WARNING_6_13 = (
    "WARNING: stage 2 considered by J Smith (name as imported, not linked to an account), who considered "
    "stage 1 (2024 6.13): imported as it happened; it will count against 6.13"
)


def _lines(source: Path) -> dict[str, str]:
    run = check_file(upload(source, MAPPING), actor=None)
    return {str(r["key"]): str(r["line"]) for r in run.report}


def test_issue_17_item_4_the_dry_run_reports_every_problem_in_a_row_not_only_the_first_kind() -> None:
    line = _lines(FIXTURES / "every_problem_in_a_row.csv")["PR-010"]
    assert line.startswith("row 2 (PR-010): NOT IMPORTED: unknown category 'Parking Wars'")
    assert "the stage 1 response (1 March 2025) is before the complaint was received (10 March 2025)" in line
    assert (
        "dates in the wrong order: stage 1 response (1 March 2025) is before stage 1 acknowledged "
        "(12 March 2025)" in line
    )


def test_issue_17_item_4_a_check_needing_a_date_that_could_not_be_read_is_not_made() -> None:
    line = _lines(FIXTURES / "every_problem_in_a_row.csv")["PR-020"]
    assert "stage 1 response: '31/02/2025' is not a date PutRight can read" in line
    assert "unknown category 'Parking Wars'" in line
    # the stage 1 response is there, unreadable: not "a stage 2 without a stage 1 response"
    assert "without a stage 1 response" not in line


def test_2024_6_13_the_same_handler_at_both_stages_is_imported_as_it_happened_with_a_warning(
    administrator: User,
) -> None:
    lines = _lines(SAME_HANDLER)
    assert lines["Y-1"].startswith("row 2 (Y-1): would create a closed stage 2 complaint")
    assert lines["Y-1"].endswith(WARNING_6_13)
    assert "NOT IMPORTED" not in lines["Y-2"] and "WARNING" not in lines["Y-2"]
    run = import_file(upload(SAME_HANDLER, MAPPING), actor=administrator)
    assert (run.created, run.with_problems) == (2, 0)
    assert str(run.report[0]["line"]).endswith(WARNING_6_13)
    assert Complaint.objects.count() == 2


def test_2024_5_12_impossible_history_is_still_refused_when_it_also_breaches_6_13(tmp_path: Path) -> None:
    rows = SAME_HANDLER.read_text().replace(
        "20/06/2025,Not upheld,J Smith,20/06/2025", "01/06/2025,Not upheld,J Smith,"
    )
    source = tmp_path / SAME_HANDLER.name
    source.write_text(rows)
    line = _lines(source)["Y-1"]
    assert (
        "NOT IMPORTED" in line
        and "stage 2 response (1 June 2025) is before the complaint was received" in line
    )


def test_2024_6_13_a_live_stage_2_response_by_the_stage_1_handler_is_still_refused() -> None:
    case = core.evolve(None, core.receive(on=date(2025, 6, 2), channel="email", summary="Heating"))
    definition = core.ComplaintDefinition(
        complaint="Heating", outcomes_sought="Fix", responsible_for="Heating"
    )
    response = core.StageResponse(
        outcome=core.Outcome.NOT_UPHELD,
        decision="d",
        reasons="r",
        remedy="r",
        outstanding_actions="o",
        escalation_route="e",
    )
    for step in (
        lambda c: core.accept_as_complaint(c, on=date(2025, 6, 2)),
        lambda c: core.acknowledge(c, on=date(2025, 6, 3), definition=definition),
        lambda c: core.respond(c, on=date(2025, 6, 10), handler="J Smith", response=response),
        lambda c: core.request_escalation(c, on=date(2025, 6, 12)),
        lambda c: core.acknowledge(c, on=date(2025, 6, 13), definition=definition),
    ):
        case = core.evolve(case, step(case))
    assert core.considered_both_stages(case, 2, "J Smith") == "2024 6.13"
    with pytest.raises(CodeViolation) as refused:
        core.respond(case, on=date(2025, 6, 20), handler="J Smith", response=response)
    assert refused.value.provision == "2024 6.13"


def test_2024_6_13_a_row_imported_with_a_warning_is_not_tagged_as_all_well(
    administrator: User, client: Client
) -> None:
    """The dry run and the import's report tagged it green, "Would create" and "Created", beside a
    warning that it counts against the landlord (found in a browser walk)."""
    client.force_login(administrator)
    checked = check_file(upload(SAME_HANDLER, MAPPING), actor=administrator)
    rows = _tags(client.get(f"/workspace/imports/{checked.pk}/").text)
    assert rows["Y-1"] == ("govuk-tag--yellow", "Would create, with a warning")
    assert rows["Y-2"] == ("govuk-tag--green", "Would create")
    imported = import_file(upload(SAME_HANDLER, MAPPING), actor=administrator)
    rows = _tags(client.get(f"/workspace/imports/{imported.pk}/").text)
    assert rows["Y-1"] == ("govuk-tag--yellow", "Created, with a warning")
    assert rows["Y-2"] == ("govuk-tag--green", "Created")


def _tags(page: str) -> dict[str, tuple[str, str]]:
    """Each row's reference and its status tag (class, words)."""
    found = re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell"><strong class="govuk-tag ([^"]+)">([^<]+)</strong>',
        page,
    )
    return {key: (tag, words) for key, tag, words in found}
