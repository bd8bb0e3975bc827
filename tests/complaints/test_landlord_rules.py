"""The landlord's rules: one query for the settings and closure days, once per request, and never
stale after the landlord or a closure day changes in the same request."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.complaints.models import ClosureDay, Landlord
from putright.complaints.rules import landlord_and_rules, landlord_rules, remembered

pytestmark = pytest.mark.django_db


def test_the_landlord_and_its_closure_days_come_in_one_query() -> None:
    Landlord.load()
    ClosureDay.objects.create(date=date(2025, 12, 29), reason="Office closed")
    ClosureDay.objects.create(date=date(2025, 12, 24))
    with CaptureQueriesContext(connection) as ctx:
        landlord, rules = landlord_and_rules()
    assert len(ctx.captured_queries) == 1
    assert landlord.pk == 1
    assert not rules.calendar.is_working_day(date(2025, 12, 24))
    assert not rules.calendar.is_working_day(date(2025, 12, 29))
    assert rules.calendar.is_working_day(date(2025, 12, 23))


def test_2024_6_2_a_closure_day_added_in_the_same_request_counts_at_once() -> None:
    Landlord.load()
    with remembered():
        before = landlord_rules()
        with CaptureQueriesContext(connection) as ctx:
            assert landlord_rules() is before
        assert len(ctx.captured_queries) == 0
        assert before.calendar.is_working_day(date(2025, 3, 4))
        ClosureDay.objects.create(date=date(2025, 3, 4))
        assert not landlord_rules().calendar.is_working_day(date(2025, 3, 4))
        landlord = Landlord.load()
        landlord.third_stage = True
        landlord.save()
        assert landlord_rules().third_stage is True
