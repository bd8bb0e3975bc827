"""2024 9.7: the MRC and the governing body "must receive" the regular reports; PutRight records the
day each received one, and "produced is not received". A report's earliest day received was the day
its figures are taken as at (a quarter's end), not the day it was made: a quarter's report made on
7 December could be recorded as received by the MRC on 1 December, before it existed (walker-186)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.measures import Period
from putright.governance.models import ReportReceipt, ReportRun

pytestmark = pytest.mark.django_db


def _made_today(p: Period) -> ReportRun:
    """A quarter's MRC report made today, its figures as at the quarter's end."""
    return ReportRun.objects.create(
        kind=ReportRun.Kind.MRC_QUARTERLY,
        period_from=p.start,
        period_to=p.end,
        as_at_day=p.end,
        as_at_moment=timezone.make_aware(datetime.combine(p.end, time(23, 59))),
        figures={},
    )


def test_2024_9_7_a_report_made_today_for_an_earlier_quarter_is_not_received_before_today(officer) -> None:  # type: ignore[no-untyped-def]
    run = _made_today(Period.quarter(2025, 2))
    made = timezone.localdate(run.recorded_at)
    with pytest.raises(InvalidRequest) as refused:
        services.record_report_received(
            run=run, actor=officer, body=ReportReceipt.Body.MRC, received_on=made - timedelta(days=6)
        )
    assert refused.value.fields[0][0] == "received_on" and f"{made:%-d %B %Y}" in refused.value.fields[0][1]
    assert not ReportReceipt.objects.exists()
    services.record_report_received(run=run, actor=officer, body=ReportReceipt.Body.MRC, received_on=made)
    assert ReportReceipt.objects.get().received_on == made


def test_2024_9_7_the_oversight_page_says_the_day_a_report_was_made(signed_in_officer) -> None:  # type: ignore[no-untyped-def]
    p = Period.quarter(2025, 2)
    _made_today(p)
    html = signed_in_officer.get("/governance/oversight/").content.decode()
    assert f"(produced {timezone.localdate():%-d %b %Y}, as at {p.end:%-d %b %Y})" in html
