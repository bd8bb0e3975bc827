"""The case page asks in one query which of a complaint's side tables hold anything, and reads
only those (issue 17: the page read in 23 queries). What it must never do is hide a record: every
"absent" answer is checked here against the ORM's own question of the same table, and the page is
shown with a record in the resident's tables to see each one on it (2024 5.10 vulnerabilities and
adjustments, 5.14 restrictions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.workspace import records
from putright.workspace.outbox import add_internal_note
from putright.workspace.presence import PROBES, known_absent, present

pytestmark = pytest.mark.django_db


def _asked_by_the_orm(complaint: Complaint) -> frozenset[str]:
    found = set()
    for name, (label, by_complaint, by_resident) in PROBES.items():
        test = Q()
        for field in by_complaint:
            test |= Q(**{f"{field}_id": complaint.pk})
        for field in by_resident:
            test |= Q(**{f"{field}_id": complaint.resident_id})
        if apps.get_model(label).objects.filter(test).exists():
            found.add(name)
    return frozenset(found)


def test_the_probe_answers_as_the_orm_does_for_each_table(make: Make, staff: dict[str, User]) -> None:
    complaint = make("stage_1_responded")
    assert present(complaint) == _asked_by_the_orm(complaint)
    add_internal_note(complaint=complaint, actor=staff["hana"], body="Called the contractor")
    records.record_vulnerability(
        complaint=complaint, actor=staff["hana"], reason="Hearing loss", source="resident"
    )
    today = timezone.localdate()
    records.record_adjustment(
        complaint=complaint,
        actor=staff["hana"],
        adjustment="Large print letters",
        disclosed_disability="Sight loss",
        agreed_on=today,
        review_due=today + timedelta(days=90),
    )
    found = present(complaint)
    assert found == _asked_by_the_orm(complaint)
    assert {"notes", "vulnerabilities", "adjustments"} <= found
    assert complaint.present == found  # type: ignore[attr-defined]
    assert not known_absent(complaint, "notes")
    assert known_absent(complaint, "failures") == ("failures" not in found)
    other = make("stage_1_acknowledged")
    assert known_absent(other, "notes") is False  # never probed: the panel reads its table as before
    with pytest.raises(KeyError):
        known_absent(complaint, "no such table")


def test_a_plain_complaint_reads_only_what_it_has_and_the_page_shows_what_it_has(
    make: Make, staff: dict[str, User], settings: Any
) -> None:
    settings.RATELIMIT_ENABLE = False
    complaint = make("stage_1_responded")
    client = Client()
    client.force_login(staff["hana"])
    url = f"/workspace/complaints/{complaint.reference}/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    # 9: session, user, the landlord's rules, complaint, probe, history, the history's words,
    # correspondence (the response letter's) and the access log's insert (23 before the probe)
    assert len(plain.captured_queries) <= 10, [q["sql"][:90] for q in plain.captured_queries]
    add_internal_note(complaint=complaint, actor=staff["hana"], body="Called the contractor on Tuesday")
    records.record_vulnerability(
        complaint=complaint, actor=staff["hana"], reason="Recently bereaved", source="resident"
    )
    page = client.get(url).content.decode()
    assert "Called the contractor on Tuesday" in page
    assert "Recently bereaved" in page
