"""2024 6.3 "within 10 working days of the complaint being acknowledged", 6.2 "within five working days
of the complaint being received" (6.14 and 6.11 at stage 2).

A response imported at a stage never acknowledged is timed from the last day the acknowledgement was
due (tests/governance/test_2024_6_3_a_response_never_acknowledged_is_within_or_late_by_the_records.py),
but the dry run's warning said only that it "will count against 6.2": the landlord could not tell from
it when the response counts as late, nor whether this one does. It now says both. And the dry run's
summary counted only the rows to create and those with problems, never those created with a warning
that counts against the landlord: it counts them, and each row's warning is a line of its own."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from imports.conftest import FIXTURES, upload

from putright.accounts.models import User
from putright.imports.services import check_file, import_file

pytestmark = pytest.mark.django_db

MAPPING = "mapping_walker.toml"
IN_TIME_AND_LATE = FIXTURES / "responded_never_acknowledged_in_time_and_late.csv"
NEVER_ACKNOWLEDGED = FIXTURES / "responded_never_acknowledged.csv"


def test_2024_6_3_the_warning_says_the_response_is_timed_from_the_last_day_to_acknowledge() -> None:
    run = check_file(upload(IN_TIME_AND_LATE, MAPPING), actor=None)
    lines = {str(r["key"]): str(r["line"]) for r in run.report}
    timed = (
        "its response is timed from the last day the acknowledgement was due (9 June 2025), so it was due "
        "by 23 June 2025 (6.3): answered "
    )
    assert lines["W-3"].endswith(timed + "5 June 2025, on or before it: it does not count against 6.3")
    assert lines["W-20"].endswith(timed + "30 June 2025, after it: it will count against 6.3 as late")


def test_2024_6_14_at_stage_2_it_is_timed_from_the_last_day_to_acknowledge_the_escalation() -> None:
    run = check_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=None)
    line = next(str(r["line"]) for r in run.report if r["key"] == "Z-2")
    assert line.endswith(
        "(19 June 2025), so it was due by 17 July 2025 (6.14): answered 30 June 2025, on or before it: "
        "it does not count against 6.14"
    )


def _figures(page: str) -> dict[str, int]:
    found = re.findall(r'<span class="putright-figure">(\d+)</span> ([^<]+)</p>', page)
    return {words.strip(): int(n) for n, words in found}


def test_2024_6_2_the_dry_run_counts_the_rows_to_create_with_a_warning(
    administrator: User, client: Client
) -> None:
    client.force_login(administrator)
    checked = check_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    page = client.get(f"/workspace/imports/{checked.pk}/").text
    figures = _figures(page)
    assert figures["to create"] == 3 and figures["with problems"] == 0
    assert figures["with a warning (imported as it happened; they count against the Code)"] == 2
    # each warning on a line of its own, tagged, not run on after the row's history
    assert "; WARNING:" not in page
    assert page.count('<strong class="govuk-tag govuk-tag--yellow">Warning</strong> Stage ') == 2
    imported = import_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    figures = _figures(client.get(f"/workspace/imports/{imported.pk}/").text)
    assert figures["created"] == 3
    assert figures["with a warning (imported as it happened; they count against the Code)"] == 2
