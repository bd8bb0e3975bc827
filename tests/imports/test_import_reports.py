"""Imported closed complaints count in the Tenant Satisfaction Measures and annual figures for the
year they happened, from the projections (live figures) and from the history (figures as at a day)
alike; a report run before the import keeps its figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from imports.conftest import upload

from putright.accounts.models import User
from putright.governance.facts import AsAt
from putright.governance.tsm import tenant_satisfaction_measures, tsm_lists
from putright.imports.models import ImportedRow
from putright.imports.services import import_file

pytestmark = pytest.mark.django_db

#: reporting year 2024/25 (1 April 2024 to 31 March 2025): HX-1001 (received 1 May 2024, stage 1
#: acknowledged Fri 3 May, due Mon 20 May after the Early May bank holiday, responded 14 May),
#: HX-1003 (received 2 September 2024, acknowledged Wed 4 Sep, due 18 Sep, responded 16 Sep;
#: escalated 20 Sep, stage 2 acknowledged Wed 25 Sep, due 23 Oct, responded 21 Oct), HX-1012
#: (received 1 August 2024, acknowledged Fri 2 Aug, responded 14 Aug; escalated 15 Aug, stage 2
#: acknowledged 16 Aug, responded 30 Aug: by the stage 1 handler, imported as it happened, 2024 6.13)
#: HX-1013 (received Thu 1 August 2024, never acknowledged: imported as it happened; 6.2's last day
#: to acknowledge was Thu 8 Aug, so 6.3's 10 working days from it end Thu 22 Aug, and it was answered
#: 14 Aug) and HX-1002 (received 3 March 2025, still open): five received at stage 1, two at stage 2,
#: every response within the Code's timescales
YEAR_2024 = dict(
    stage_1_received=5,
    stage_2_received=2,
    stage_1_responded=4,
    stage_1_within=4,
    stage_2_responded=2,
    stage_2_within=2,
)
#: 2023/24: HX-1015 (2022 Code, received 10 January 2024, responded 24 January 2024)
YEAR_2023 = dict(
    stage_1_received=1,
    stage_2_received=0,
    stage_1_responded=1,
    stage_1_within=1,
    stage_2_responded=0,
    stage_2_within=0,
)


def _counts(year: int, as_at: AsAt | None = None) -> dict[str, int]:
    figures = tenant_satisfaction_measures(year, as_at).as_dict()
    return {key: figures[key] for key in YEAR_2024}


def test_imported_complaints_count_in_the_tsm_for_their_year(administrator: User) -> None:
    before = timezone.now()
    empty = {key: 0 for key in YEAR_2024}
    assert _counts(2024) == empty
    import_file(upload(), actor=administrator)
    assert _counts(2024) == YEAR_2024
    assert _counts(2023) == YEAR_2023
    # figures from the history as at the end of each year agree with the projections
    assert _counts(2024, AsAt.of(date(2025, 3, 31))) == YEAR_2024
    assert _counts(2023, AsAt.of(date(2024, 3, 31))) == YEAR_2023
    # a report taken before the import, re-run as at that moment, shows the figures it showed then
    assert _counts(2024, AsAt.of(date(2025, 3, 31), before)) == empty
    on_time = set(tsm_lists(2024)["CH02 (1) numerator"].values_list("reference", flat=True))
    keys = ["HX-1001", "HX-1003", "HX-1012", "HX-1013"]
    assert on_time == set(
        ImportedRow.objects.filter(key__in=keys).values_list("complaint__reference", flat=True)
    )


def test_2024_5_12_the_ombudsman_complaint_file_says_imported_not_recorded_late(
    administrator: User, settings: Any, tmp_path: Path
) -> None:
    from letters.conftest import pdf_text

    from putright.ombudsman.casefile import build_complaint_file

    settings.MEDIA_ROOT = str(tmp_path / "media")
    import_file(upload(), actor=administrator)
    complaint = ImportedRow.objects.get(key="HX-1001").complaint
    text = " ".join(pdf_text(build_complaint_file(complaint).pdf).split())
    assert "Recorded late" not in text
    today = timezone.localdate()
    # one flag per imported step (received, accepted, acknowledged, responded, closed)
    assert text.count(f"Imported on {today.day} {today:%B %Y} from") == 5
    # (the PDF's table wraps a cell's words among its neighbours': the phrase's words, not its lines)
    assert text.count("previous system's record, not a step") == 5
