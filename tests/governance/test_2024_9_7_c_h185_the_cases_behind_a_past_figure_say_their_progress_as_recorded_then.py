"""2024 9.7 c: the list behind "investigations open" (and behind the Ombudsman cases counted) as at a
past moment named each case with its progress as it stands today. The MRC's report of 1 October
counted a case as under investigation, and its list then said "determined": the figure and the line
beside it disagreed, and the line was not what the MRC was told. Each line now says the progress as
recorded by the figure's moment."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.governance import services
from putright.governance.facts import AsAt
from putright.governance.items import items_for
from putright.governance.measures import Period

pytestmark = pytest.mark.django_db

YEAR = Period.reporting_year(2025)


@pytest.mark.parametrize("measure", ["ombudsman_investigations_open", "ombudsman_cases"])
def test_2024_9_7_c_a_case_counted_open_then_is_listed_as_under_investigation_then(
    measure,
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    services.update_ombudsman_case(
        case=ombudsman_case,
        actor=officer,
        progress="investigation",
        investigation_started_on=date(2025, 9, 1),
    )
    told = AsAt(day=date(2025, 11, 30), moment=timezone.now())
    services.update_ombudsman_case(
        case=ombudsman_case, actor=officer, progress="determined", determined_on=date(2025, 11, 3)
    )
    complaint = ombudsman_case.complaint_id
    (then,) = items_for(measure, YEAR, told, [complaint], words=False)[complaint]
    assert then.endswith("investigation") and "determined" not in then
    (now,) = items_for("ombudsman_cases", YEAR, AsAt.of(date(2025, 11, 30)), [complaint], words=False)[
        complaint
    ]
    assert now.endswith("determined")
