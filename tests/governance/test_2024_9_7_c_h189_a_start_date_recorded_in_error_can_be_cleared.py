"""2024 9.7 c (the Ombudsman's investigations, as the governing body is told of them): a day the
Ombudsman started investigating recorded in error (on the wrong case, say) could be changed but never
cleared: a date left out kept the one recorded, so "investigations open" went on counting an
investigation the Ombudsman had not started. It can now be cleared, with its reason; the date
recorded stays in the case's history, a report of an earlier moment still reads it, and the figures
as they stand now say they cannot tell for a case under investigation without a start date."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.facts import AsAt
from putright.governance.measures import Period, ombudsman_summary
from putright.governance.models import OmbudsmanCase

pytestmark = pytest.mark.django_db

YEAR = Period.reporting_year(2025)
STARTED = date(2025, 9, 1)
IN_ERROR = "Recorded on this case in error: the Ombudsman's letter of 1 September was about another"


def _investigating(case: OmbudsmanCase, officer) -> None:  # type: ignore[no-untyped-def]
    services.update_ombudsman_case(
        case=case, actor=officer, progress="investigation", investigation_started_on=STARTED
    )


def _cleared(case: OmbudsmanCase, officer, reason: str) -> None:  # type: ignore[no-untyped-def]
    services.update_ombudsman_case(
        case=case, actor=officer, progress="investigation", clear_investigation_started=True, reason=reason
    )


def test_2024_9_7_c_a_start_date_recorded_in_error_is_cleared_with_its_reason_and_kept_in_the_history(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _investigating(ombudsman_case, officer)
    told = AsAt(day=date(2025, 10, 1), moment=timezone.now())
    with pytest.raises(InvalidRequest) as refused:
        _cleared(ombudsman_case, officer, reason="")
    assert refused.value.fields == (
        (
            "reason",
            "Say why the date the Ombudsman started investigating, recorded as 1 September 2025, is changed",
        ),
    )
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on == STARTED
    _cleared(ombudsman_case, officer, reason=IN_ERROR)
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on is None
    assert list(
        ombudsman_case.progress_history.order_by("recorded_at", "id").values_list(
            "investigation_started_on", "reason"
        )
    ) == [(None, ""), (STARTED, ""), (None, IN_ERROR)]
    now = ombudsman_summary(YEAR, AsAt.of(date(2025, 10, 1)))
    assert (now["open_investigations"], now["investigation_start_not_known"]) == (0, 1)
    assert (
        "Cannot tell for 1 Ombudsman case recorded as under investigation" in now["progress_not_known_note"]
    )
    # the report the MRC was given before the correction still says what it said
    assert ombudsman_summary(YEAR, told)["open_investigations"] == 1


def test_2024_9_7_c_the_case_page_clears_a_start_date_recorded_in_error(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _investigating(ombudsman_case, officer)
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    page = signed_in_officer.get(url).content.decode()
    assert 'name="clear_started"' in page
    # the page shows the date recorded in the date input: ticked with it still there, it is cleared
    shown = {"started-day": "1", "started-month": "9", "started-year": "2025"}
    asked = signed_in_officer.post(
        url, {"action": "progress", "progress": "investigation", "clear_started": "on", **shown}
    )
    assert asked.status_code == 422
    assert _summary(asked.content.decode()) == [
        (
            "#id_reason",
            "Say why the date the Ombudsman started investigating, recorded as 1 September 2025, is changed",
        )
    ]
    cleared = signed_in_officer.post(
        url,
        {
            "action": "progress",
            "progress": "investigation",
            "clear_started": "on",
            "reason": IN_ERROR,
            **shown,
        },
    )
    assert cleared.status_code == 302
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on is None


def test_2024_9_7_c_a_new_start_date_and_clearing_it_at_once_is_refused_on_the_date(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _investigating(ombudsman_case, officer)
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    refused = signed_in_officer.post(
        url,
        {
            "action": "progress",
            "progress": "investigation",
            "clear_started": "on",
            "started-day": "15",
            "started-month": "10",
            "started-year": "2025",
            "reason": IN_ERROR,
        },
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert _summary(html) == [
        (
            "#id_started",
            "Either give a new date the Ombudsman started investigating or clear the one recorded, not both",
        )
    ]
    assert _marked_in_error(html, "id_started")
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on == STARTED


def test_2024_9_7_c_the_service_refuses_a_new_start_date_with_clearing_it_at_every_door(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """Only the page refused a new date with "clear it" ticked; the service (the API's and every other
    door's) cleared the date and dropped the new one without a word."""
    _investigating(ombudsman_case, officer)
    kept = ombudsman_case.progress_history.count()
    with pytest.raises(InvalidRequest) as refused:
        services.update_ombudsman_case(
            case=ombudsman_case,
            actor=officer,
            progress="investigation",
            investigation_started_on=date(2025, 9, 8),
            clear_investigation_started=True,
            reason=IN_ERROR,
        )
    assert [name for name, _ in refused.value.fields] == ["investigation_started_on"]
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on == STARTED
    assert ombudsman_case.progress_history.count() == kept
