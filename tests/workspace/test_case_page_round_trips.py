"""The case page's round trips to the database: counted, not timed (on PostgreSQL each is a trip to
another process, which is what kept the page's p95 over 40 ms). Before issue 17's work the page took
25 queries for a stage 1 complaint; the landlord's rules were read twice and the handlers' names
again after the complaint had joined them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from workspace.conftest import Make

from putright.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_case_page_reads_the_landlords_rules_once_and_stays_within_10_queries(
    make: Make, staff: dict[str, User], settings: Any
) -> None:
    settings.RATELIMIT_ENABLE = False
    complaint = make("stage_1_responded")
    client = Client()
    client.force_login(staff["hana"])
    url = f"/workspace/complaints/{complaint.reference}/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "complaints_landlord"' in s for s in sql) == 1, sql
    assert len(sql) <= 10, sql  # 9: the side tables holding nothing are not read (test_case_page_presence)
    assert "Hana Hussain" in response.content.decode()  # the handler's name, from the joined row
