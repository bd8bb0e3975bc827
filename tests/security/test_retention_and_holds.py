"""The retention schedule (default 6 years after a complaint ended, configurable per record type)
and legal holds, which stop a complaint falling due and stop any purge of its history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from putright.cli import main
from putright.complaints.models import Complaint
from putright.records.models import LegalHold
from putright.records.purge import audited_purge
from putright.records.retention import HoldError, due, lift_hold, place_hold

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(build: Any) -> Complaint:
    complaint = build("closed")
    assert not complaint.is_open and complaint.ended_on is not None
    return complaint


def _day_after_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def test_a_finished_complaint_falls_due_six_years_after_it_ended(closed: Complaint) -> None:
    ended = closed.ended_on
    assert due(today=_day_after_years(ended, 6) - timedelta(days=1)) == []
    found = due(today=_day_after_years(ended, 6))
    assert [(d.reference, d.keep_until) for d in found] == [(closed.reference, _day_after_years(ended, 6))]


def test_retention_is_configurable_per_record_type(closed: Complaint, settings: Any) -> None:
    settings.PUTRIGHT_RETENTION_YEARS = {closed.status: 2}
    assert [d.reference for d in due(today=_day_after_years(closed.ended_on, 2))] == [closed.reference]
    settings.PUTRIGHT_RETENTION_YEARS = {"default": 10}
    assert due(today=_day_after_years(closed.ended_on, 6)) == []


def test_an_open_complaint_never_falls_due(build: Any) -> None:
    build("stage_1_acknowledged")
    assert due(today=date(2099, 1, 1)) == []


def test_a_legal_hold_stops_retention_and_purges_until_lifted(closed: Complaint, capsys: Any) -> None:
    later = _day_after_years(closed.ended_on, 7)
    hold = place_hold(reason="County court claim K00XX123", by="Legal team", resident=closed.resident)
    assert due(today=later) == []
    with (
        pytest.raises(HoldError, match=closed.reference),
        audited_purge(
            by="DPO", reason="retention period ended", subject=closed.reference, complaints=[closed]
        ),
    ):
        pass
    lift_hold(hold, by="Legal team")
    assert [d.reference for d in due(today=later)] == [closed.reference]
    with pytest.raises(HoldError, match="already been lifted"):
        lift_hold(hold, by="Legal team")


def test_the_cli_places_lifts_and_lists(closed: Complaint, capsys: Any) -> None:
    assert (
        main(["hold", "place", "--reference", closed.reference, "--reason", "Ombudsman case", "--by", "Olu"])
        == 0
    )
    hold = LegalHold.objects.get()
    assert hold.complaint == closed and hold.lifted_at is None
    assert main(["hold", "place", "--reference", "PR-999999", "--reason", "x", "--by", "Olu"]) == 2
    with time_machine.travel(_day_after_years(closed.ended_on, 7)):
        capsys.readouterr()
        assert main(["retention", "due"]) == 0
        assert "0 record(s) past their retention period" in capsys.readouterr().out
        assert main(["hold", "lift", str(hold.pk), "--by", "Olu"]) == 0
        capsys.readouterr()
        assert main(["retention", "due"]) == 0
        out = capsys.readouterr().out
        assert closed.reference in out and "1 record(s)" in out
