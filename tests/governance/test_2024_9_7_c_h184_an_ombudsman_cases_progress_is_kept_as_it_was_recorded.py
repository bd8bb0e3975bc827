"""2024 9.7 c (the Ombudsman's investigations, as the governing body is told of them): how far the
Ombudsman has got with a case was edited in place. A figure taken as at a past moment ("investigations
open" on the dashboard, the MRC's report, the annual report) was worked out from today's values, so a
report re-run for its own moment changed after a correction, and the correction left no trace of what
had been recorded, nor who changed it. Each change is now kept (who, when, and why when a date
already recorded is changed); a figure as at a moment reads what was recorded by then, and a case
whose history began after that moment is counted as "cannot tell", never with today's values."""

from __future__ import annotations

import importlib
from datetime import date, datetime

import pytest
from django.apps import apps as django_apps
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
from putright.governance.models import OmbudsmanCase, OmbudsmanCaseProgress
from putright.ombudsman import follow_through

pytestmark = pytest.mark.django_db

YEAR = Period.reporting_year(2025)
CORRECTED = "The Ombudsman's letter of 20 October says it started on 15 October"


def _history(case: OmbudsmanCase) -> list[tuple[object, ...]]:
    return list(
        case.progress_history.order_by("recorded_at", "id").values_list(
            "progress", "investigation_started_on", "determined_on", "reason", "before_history"
        )
    )


def _started(case: OmbudsmanCase, officer, day: date, reason: str = "") -> None:  # type: ignore[no-untyped-def]
    services.update_ombudsman_case(
        case=case, actor=officer, progress="investigation", investigation_started_on=day, reason=reason
    )


def test_2024_9_7_c_each_change_of_progress_is_kept_with_who_recorded_it_and_when(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _started(ombudsman_case, officer, date(2025, 9, 1))
    _started(ombudsman_case, officer, date(2025, 10, 15), reason=CORRECTED)
    assert _history(ombudsman_case) == [
        ("referred", None, None, "", False),
        ("investigation", date(2025, 9, 1), None, "", False),
        ("investigation", date(2025, 10, 15), None, CORRECTED, False),
    ]
    assert {row.recorded_by for row in ombudsman_case.progress_history.all()} == {officer}
    ombudsman_case.refresh_from_db()  # the case's own columns are the latest values
    assert (ombudsman_case.progress, ombudsman_case.investigation_started_on) == (
        "investigation",
        date(2025, 10, 15),
    )


def test_2024_9_7_c_a_recorded_date_changed_without_a_reason_is_refused_and_nothing_lost(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _started(ombudsman_case, officer, date(2025, 9, 1))
    with pytest.raises(InvalidRequest) as refused:
        _started(ombudsman_case, officer, date(2025, 10, 15))
    assert refused.value.fields == (
        (
            "reason",
            "Say why the date the Ombudsman started investigating, recorded as 1 September 2025, is changed",
        ),
    )
    ombudsman_case.refresh_from_db()
    assert ombudsman_case.investigation_started_on == date(2025, 9, 1)
    assert len(_history(ombudsman_case)) == 2
    # not over-enforced: the same date again, or a change of progress alone, needs no reason
    services.update_ombudsman_case(case=ombudsman_case, actor=officer, progress="assessment")
    _started(ombudsman_case, officer, date(2025, 9, 1))
    assert len(_history(ombudsman_case)) == 4


def test_2024_9_7_c_investigations_open_as_at_a_past_moment_read_what_was_recorded_then(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The MRC's report taken on 1 October showed one investigation open; re-run for its own moment
    after the start date was corrected to 15 October, it must still say one (what the MRC was told),
    while as the records stand now it says none."""
    _started(ombudsman_case, officer, date(2025, 9, 1))
    told = timezone.now()
    _started(ombudsman_case, officer, date(2025, 10, 15), reason=CORRECTED)
    assert ombudsman_summary(YEAR, AsAt(day=date(2025, 10, 1), moment=told))["open_investigations"] == 1
    assert ombudsman_summary(YEAR, AsAt.of(date(2025, 10, 1)))["open_investigations"] == 0
    # a determination recorded later: the report of a moment before it still shows it open
    before_determined = timezone.now()
    services.update_ombudsman_case(
        case=ombudsman_case, actor=officer, progress="determined", determined_on=date(2025, 11, 3)
    )
    later = date(2025, 11, 30)
    assert ombudsman_summary(YEAR, AsAt(day=later, moment=before_determined))["open_investigations"] == 1
    assert ombudsman_summary(YEAR, AsAt.of(later))["open_investigations"] == 0


def test_2024_9_7_c_a_case_from_before_its_history_was_kept_is_cannot_tell_as_at_an_earlier_moment(
    journey,
):  # type: ignore[no-untyped-def]
    """The migration keeps one row per case as it stands, marked as recorded before history was kept:
    as at a moment before then, the case's progress is not known, and is said so, not read from today's
    values."""
    complaint = journey(
        date(2025, 7, 1), ack=date(2025, 7, 2), respond=date(2025, 7, 4), refer=date(2025, 8, 15)
    )
    recorded = timezone.make_aware(datetime(2025, 8, 20, 12))
    case = OmbudsmanCase.objects.create(
        complaint=complaint,
        referred_on=date(2025, 8, 15),
        progress="investigation",
        investigation_started_on=date(2025, 9, 1),
        recorded_at=recorded,
    )
    migration = importlib.import_module("putright.governance.migrations.0007_ombudsman_case_progress")
    migration.history_begins(django_apps, None)
    assert _history(case) == [("investigation", date(2025, 9, 1), None, "", True)]
    earlier = AsAt(day=date(2025, 10, 1), moment=timezone.make_aware(datetime(2025, 10, 1, 18)))
    summary = ombudsman_summary(YEAR, earlier)
    assert (summary["open_investigations"], summary["progress_not_known"]) == (0, 1)
    now = ombudsman_summary(YEAR, AsAt.of(date(2025, 10, 1)))
    assert (now["open_investigations"], now["progress_not_known"]) == (1, 0)


def test_2024_9_7_c_the_case_page_shows_every_change_recorded_and_why(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _started(ombudsman_case, officer, date(2025, 9, 1))
    OmbudsmanCaseProgress.objects.filter(case=ombudsman_case).update(before_history=False)
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    refused = signed_in_officer.post(
        url, {"action": "progress", "progress": "investigation", "started": "2025-10-15"}
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert _summary(html) == [
        (
            "#id_reason",
            "Say why the date the Ombudsman started investigating, recorded as 1 September 2025, is changed",
        )
    ]
    assert _marked_in_error(html, "id_reason")
    kept = signed_in_officer.post(
        url,
        {"action": "progress", "progress": "investigation", "started": "2025-10-15", "reason": CORRECTED},
    )
    assert kept.status_code == 302
    page = signed_in_officer.get(url).content.decode()
    history = page.split("Progress as recorded", 1)[1]
    assert "1 September 2025" in history and "15 October 2025" in history
    assert CORRECTED.replace("'", "&#x27;") in history and officer.get_full_name() in history


def test_2024_9_7_c_the_evidence_asked_for_and_sent_is_kept_as_each_was_recorded(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    follow_through.record_evidence_request(
        case=ombudsman_case, actor=officer, requested_on=date(2025, 9, 1), due=date(2025, 9, 15)
    )
    with pytest.raises(InvalidRequest) as refused:
        follow_through.record_evidence_request(
            case=ombudsman_case, actor=officer, requested_on=date(2025, 9, 1), due=date(2025, 9, 29)
        )
    assert refused.value.fields == (
        ("reason", "Say why the date the evidence is due, recorded as 15 September 2025, is changed"),
    )
    follow_through.record_evidence_request(
        case=ombudsman_case,
        actor=officer,
        requested_on=date(2025, 9, 1),
        due=date(2025, 9, 29),
        reason="The Ombudsman gave us two more weeks",
    )
    follow_through.record_evidence_sent(case=ombudsman_case, actor=officer, sent_on=date(2025, 9, 26))
    assert list(
        ombudsman_case.progress_history.order_by("recorded_at", "id").values_list(
            "evidence_requested_on", "evidence_due", "evidence_sent_on"
        )
    ) == [
        (None, None, None),
        (date(2025, 9, 1), date(2025, 9, 15), None),
        (date(2025, 9, 1), date(2025, 9, 29), None),
        (date(2025, 9, 1), date(2025, 9, 29), date(2025, 9, 26)),
    ]


def test_2024_9_7_c_a_case_under_investigation_with_no_start_date_is_said_not_counted(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """Recorded as under investigation with the start date left blank (it is optional), the case was
    left out of "investigations open" with nothing said (walker-186): the figure read 0 beside a
    register saying "Under investigation"."""
    services.update_ombudsman_case(case=ombudsman_case, actor=officer, progress="investigation")
    now = ombudsman_summary(YEAR, AsAt.now())
    assert now["open_investigations"] == 0 and now["investigation_start_not_known"] == 1
    assert (
        "Cannot tell for 1 Ombudsman case recorded as under investigation without the day"
        in (now["progress_not_known_note"])
    )
    _started(ombudsman_case, officer, date(2025, 9, 1))
    now = ombudsman_summary(YEAR, AsAt.now())
    assert now["open_investigations"] == 1 and now["progress_not_known_note"] == ""
