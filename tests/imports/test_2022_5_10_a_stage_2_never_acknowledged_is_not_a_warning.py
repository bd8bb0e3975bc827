"""2022 5.10 "On receipt of the escalation request, landlords must set out their understanding of
issues outstanding and the outcomes the resident is seeking"; 5.13 "Landlords must respond to the stage
two complaint within 20 working days of the complaint being escalated". The 2022 Code sets no time to
acknowledge stage 2 (2024 6.11 does: "within five working days of the escalation request").

A 2022 stage 2 answered with no acknowledgement date was imported with a warning, its row tagged
yellow and counted "with a warning" (they count against the Code), though it breaks no timescale:
over-enforcement. It is imported with a note that says so, not a warning; a 2024 stage 2 still warns.

And a row's tag came from its report line: a reference holding "; WARNING: " turned a row yellow.
The tag and the warnings come from the report's own parts, never from text the file gave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from imports.conftest import FIXTURES, upload

from putright.accounts.models import User
from putright.imports.services import check_file, import_file

pytestmark = pytest.mark.django_db

MAPPING = "mapping_walker.toml"
HEADER = (FIXTURES / "responded_never_acknowledged.csv").read_text().splitlines()[0]
#: received 2 October 2023 (2022 Code), escalated 12 October, answered at stage 2 on 30 October with
#: no stage 2 acknowledgement; and the same in 2025 (2024 Code)
STAGE_2_NEVER_ACKNOWLEDGED = (
    "{ref},Val V,,02/10/{year},,Email,Stage 2 never acknowledged,04/10/{year},10/10/{year},Not upheld,"
    "B Person,12/10/{year},,30/10/{year},Not upheld,C Person,30/10/{year}"
)
#: "will count against 6.11 as not acknowledged in time", in the 2024 Code's words
WARNING_6_11 = "it will count against 6.11 as not acknowledged in time"


def _source(tmp_path: Path, *rows: str) -> Path:
    source = tmp_path / "walker.csv"
    source.write_text("\n".join([HEADER, *rows]) + "\n")
    return source


def _page_rows(page: str) -> dict[str, tuple[str, str, str]]:
    """Each row's reference, its status tag (class, words) and its "what" cell's text."""
    found = re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell"><strong class="govuk-tag '
        r'([^"]+)">([^<]+)</strong>.*?</td>\s*<td class="govuk-table__cell">(.*?)</td>',
        page,
        re.S,
    )
    return {
        key: (tag, words, " ".join(re.sub(r"<[^>]+>", " ", what).split())) for key, tag, words, what in found
    }


def _warned(page: str) -> int:
    return int(re.search(r'<span class="putright-figure">(\d+)</span> with a warning', page)[1])  # type: ignore[index]


def test_2022_5_10_a_stage_2_response_never_acknowledged_is_imported_with_a_note_not_a_warning(
    tmp_path: Path, administrator: User, client: Client
) -> None:
    source = _source(
        tmp_path,
        STAGE_2_NEVER_ACKNOWLEDGED.format(ref="V-2022", year=2023),
        STAGE_2_NEVER_ACKNOWLEDGED.format(ref="V-2024", year=2025),
    )
    checked = check_file(upload(source, MAPPING), actor=administrator)
    client.force_login(administrator)
    page = client.get(f"/workspace/imports/{checked.pk}/").text
    rows = _page_rows(page)
    assert rows["V-2022"][:2] == ("govuk-tag--green", "Would create")
    assert "Note: Stage 2 has a response but no acknowledgement date" in rows["V-2022"][2]
    assert rows["V-2024"][:2] == ("govuk-tag--yellow", "Would create, with a warning")
    assert _warned(page) == 1
    report = {str(r["key"]): r for r in checked.report}
    assert "(2022 Code)" in str(report["V-2022"]["what"]) and report["V-2022"]["warnings"] == []
    assert report["V-2022"]["notes"] == [
        "stage 2 has a response but no acknowledgement date: imported as it happened, with no "
        "acknowledgement recorded; the 2022 Code sets no time to acknowledge stage 2, so it does not "
        "count as not acknowledged in time"
    ]
    assert "WARNING" not in str(report["V-2022"]["line"])
    # 2024 6.11 sets a time: still a warning
    assert "(2024 Code)" in str(report["V-2024"]["what"]) and report["V-2024"]["notes"] == []
    assert WARNING_6_11 in report["V-2024"]["warnings"][0]

    imported = import_file(upload(source, MAPPING), actor=administrator)
    rows = _page_rows(client.get(f"/workspace/imports/{imported.pk}/").text)
    assert rows["V-2022"][:2] == ("govuk-tag--green", "Created")
    assert rows["V-2024"][:2] == ("govuk-tag--yellow", "Created, with a warning")


def test_2024_6_13_a_reference_holding_the_word_warning_does_not_turn_a_row_yellow(
    tmp_path: Path, administrator: User, client: Client
) -> None:
    """A reference is the file's text: "X-1; WARNING: ..." is a reference, not a breach of the Code."""
    hostile = "X-1; WARNING: stage 1 and stage 2 considered by the same person: 6.13"
    fine = "X-2: would create; WARNING: nothing"
    row = "{ref},Wes W,,02/07/2025,,Email,Acknowledged in time,03/07/2025,10/07/2025,Upheld,A Person,,,,,,11/07/2025"
    source = _source(tmp_path, row.format(ref=f'"{hostile}"'), row.format(ref=f'"{fine}"'))
    checked = check_file(upload(source, MAPPING), actor=administrator)
    client.force_login(administrator)
    page = client.get(f"/workspace/imports/{checked.pk}/").text
    rows = _page_rows(page)
    for key in (hostile, fine):
        tag, words, what = rows[key]
        assert (tag, words) == ("govuk-tag--green", "Would create"), key
        assert (
            what.startswith("Would create a closed stage 1 complaint (2024 Code)") and "Warning" not in what
        )
    assert _warned(page) == 0
    assert [r["warnings"] for r in checked.report] == [[], []]
    imported = import_file(upload(source, MAPPING), actor=administrator)
    page = client.get(f"/workspace/imports/{imported.pk}/").text
    assert [v[:2] for v in _page_rows(page).values()] == [("govuk-tag--green", "Created")] * 2
    assert _warned(page) == 0
