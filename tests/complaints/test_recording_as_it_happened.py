"""Steps recorded "as it happened" (the demo landlord's year, fixtures of past complaints) are
recorded at noon on the day they are dated, but never later than the moment they were really
recorded. Before, a step dated today and recorded in the morning was recorded at noon: until
noon a report as at now (2024 9.6, 8.1) left it out, and a step dated tomorrow passed the check
that nothing is received in the future (2024 5.12: the record is what happened, when it happened)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from putright.code.errors import CodeViolation
from putright.complaints import services
from putright.complaints.models import ComplaintEvent, Resident

LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2025, 3, 10, 9, 30, tzinfo=LONDON)


def _received(resident: Resident, officer, on: date):  # type: ignore[no-untyped-def]
    return services.receive_complaint(
        resident=resident, summary="Leak under the sink", channel="telephone", received_on=on, actor=officer
    )


@pytest.mark.django_db
def test_a_step_dated_today_is_recorded_now_not_at_noon_later_today(resident, officer):  # type: ignore[no-untyped-def]
    with time_machine.travel(MORNING, tick=False), services.recording_as_it_happened():
        today = _received(resident, officer, date(2025, 3, 10))
        earlier = _received(resident, officer, date(2025, 3, 7))
    assert ComplaintEvent.objects.get(complaint=today).recorded_at == MORNING
    assert ComplaintEvent.objects.get(complaint=earlier).recorded_at == datetime(
        2025, 3, 7, 12, tzinfo=LONDON
    )


@pytest.mark.django_db
def test_2024_5_12_a_step_dated_tomorrow_is_refused_even_when_recording_as_it_happened(resident, officer):  # type: ignore[no-untyped-def]
    with (
        time_machine.travel(MORNING, tick=False),
        services.recording_as_it_happened(),
        pytest.raises(CodeViolation, match="future"),
    ):
        _received(resident, officer, date(2025, 3, 11))
    assert not ComplaintEvent.objects.exists()
