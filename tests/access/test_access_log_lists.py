"""The access log beyond one case's pages (issue 12): list pages that show personal data (the queue,
its search and export, today's work, the team's page, a resident search), the Django admin and the
residents' own tracking pages; one multi-row INSERT for a list page and no extra read; and what is
logged shown to the complaints officer per resident."""

from __future__ import annotations

from typing import Any

import pytest
from access.conftest import World
from access.following import track
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.access.models import AccessRecord
from putright.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_and_tasks(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _new(after: int, **filters: Any) -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(pk__gt=after, **filters).order_by("pk"))


def _last() -> int:
    return AccessRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _writes_to_log(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"].lstrip().upper()[:6] for q in queries.captured_queries if "access_accessrecord" in q["sql"]
    ]


def test_list_pages_record_each_complaint_shown_with_one_insert(world: World) -> None:
    officer = world.client("officer")
    visible = {relation: world.cases[relation].complaint.pk for relation in ("own", "other", "unallocated")}
    restricted = world.cases["restricted"].complaint.pk

    before = _last()
    with CaptureQueriesContext(connection) as queries:
        assert officer.get("/workspace/").status_code == 200
    assert _writes_to_log(queries) == ["INSERT"], "one INSERT for the whole page, no read"
    rows = _new(before)
    assert {r.complaint_id for r in rows} == set(visible.values())
    assert {(r.what, r.how, r.user_id, r.door) for r in rows} == {
        ("listed", "viewed", world.users["officer"].pk, "web")
    }
    assert all(r.path == "/workspace/" for r in rows)

    # a search lists only what it found
    name = world.cases["other"].complaint.resident.name
    before = _last()
    assert officer.get("/workspace/", {"q": name}).status_code == 200
    assert [r.complaint_id for r in _new(before)] == [visible["other"]]

    # the queue's export: every complaint in it, downloaded
    before = _last()
    assert officer.get("/workspace/", {"export": "csv"}).status_code == 200
    assert {(r.complaint_id, r.how) for r in _new(before)} == {(pk, "downloaded") for pk in visible.values()}

    # a handler's queue logs what the handler saw, never a complaint they could not see
    before = _last()
    assert world.client("handler").get("/workspace/").status_code == 200
    seen = {r.complaint_id for r in _new(before)}
    assert seen == {visible["own"], visible["unallocated"]} and restricted not in seen

    # a list with nothing in it writes nothing
    before = _last()
    with CaptureQueriesContext(connection) as queries:
        assert officer.get("/workspace/", {"q": "no such person anywhere"}).status_code == 200
    assert _writes_to_log(queries) == [] and _new(before) == []


def test_todays_work_the_team_page_flags_and_resident_searches_are_logged(world: World) -> None:
    officer = world.client("officer")
    for page in ("/workspace/today/", "/workspace/team/"):
        before = _last()
        assert officer.get(page).status_code == 200
        assert all(r.what == "listed" and r.path == page for r in _new(before))
    # the possible complaints found in residents' words: each flagged complaint the officer may see
    before = _last()
    assert officer.get("/intake/flags/").status_code == 200
    flagged = {world.cases[r].complaint.pk for r in ("own", "other", "unallocated")}
    assert {r.complaint_id for r in _new(before)} == flagged
    resident = world.cases["own"].complaint.resident
    before = _last()
    page = officer.get("/workspace/new/", {"find": resident.name}).content.decode()
    assert resident.name in page
    # the resident found, and their open complaints the page names (to record the call on one)
    shown = [c.pk for c in Complaint.objects.filter(resident=resident, is_open=True)]
    assert shown
    assert sorted(((r.resident_id, r.complaint_id, r.what) for r in _new(before)), key=str) == sorted(
        [(resident.pk, None, "listed"), *((None, pk, "listed") for pk in shown)], key=str
    )
    before = _last()
    assert officer.get("/data-protection/residents/", {"q": resident.name}).status_code == 200
    assert [(r.resident_id, r.what) for r in _new(before)] == [(resident.pk, "listed")]


def test_admin_pages_are_logged_against_the_complaint_or_resident_they_show(world: World) -> None:
    complaint = world.cases["own"].complaint
    root = world.client("superuser")
    before = _last()
    assert root.get(f"/admin/complaints/complaint/{complaint.pk}/change/").status_code == 200
    assert root.get(f"/admin/complaints/resident/{complaint.resident_id}/change/").status_code == 200
    assert root.get("/admin/complaints/complaint/").status_code == 200
    rows = _new(before)
    assert [(r.what, r.door, r.complaint_id, r.resident_id, r.object_id) for r in rows] == [
        ("admin", "admin", complaint.pk, None, complaint.pk),
        ("admin", "admin", None, complaint.resident_id, complaint.resident_id),
        ("admin", "admin", None, None, None),
    ]
    # a refused admin page is not a view
    before = _last()
    world.client("officer").get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert _new(before) == []


def test_a_resident_following_their_complaint_is_logged_and_shown_to_the_complaints_officer(
    world: World,
) -> None:
    case = world.cases["own"]
    complaint = case.complaint
    following = track(complaint.resident.email, complaint)
    assert following is not None
    before = _last()
    assert following.get("/track/complaint/").status_code == 200
    assert following.get(f"/track/complaint/letters/{case.letter.pk}/").status_code == 200
    rows = _new(before)
    assert [(r.what, r.how, r.door, r.user_id, r.complaint_id) for r in rows] == [
        ("complaint", "viewed", "portal", None, complaint.pk),
        ("letter", "downloaded", "portal", None, complaint.pk),
    ]
    assert rows[1].object_id == case.letter.pk

    world.client("superuser").get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    officer = world.client("officer")
    officer.get("/workspace/")
    page = officer.get(f"/data-protection/residents/{complaint.resident_id}/access-log/").content.decode()
    assert "The resident or their representative, signed in to follow the complaint" in page
    assert "Complaints website" in page and "Admin" in page and "Viewed: listed on a page" in page
    case_log = officer.get(f"/workspace/complaints/{complaint.reference}/access-log/").content.decode()
    assert "Downloaded: letter" in case_log and "/track/complaint/letters/" in case_log
    # the complaints officer's page is for them: a handler cannot read it
    assert (
        world.client("handler")
        .get(f"/data-protection/residents/{complaint.resident_id}/access-log/")
        .status_code
        == 403
    )
