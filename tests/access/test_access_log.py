"""The access log (UK GDPR accountability): who viewed or downloaded each complaint, letter and
document, through every door (workspace, letters pages, API), shown to the complaints officer on the
case and exportable as CSV; one INSERT per view and no extra read."""

from __future__ import annotations

import csv
import io

import pytest
from access.conftest import World
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putright.access.models import AccessRecord

pytestmark = pytest.mark.django_db


def _api(world: World, role: str, path: str) -> int:
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
    return response.status_code


def test_every_door_that_shows_a_complaint_letter_or_document_records_who_and_what_with_one_insert(
    world: World,
) -> None:
    case = world.cases["own"]
    ref = case.complaint.reference
    handler = world.client("handler")
    doors = [
        (
            lambda: handler.get(f"/workspace/complaints/{ref}/").status_code,
            "complaint",
            "viewed",
            None,
            "web",
        ),
        (
            lambda: handler.get(f"/workspace/complaints/{ref}/documents/{case.document.pk}/").status_code,
            "document",
            "downloaded",
            case.document.pk,
            "web",
        ),
        (lambda: handler.get(f"/letters/{ref}/").status_code, "letters", "viewed", None, "web"),
        (
            lambda: handler.get(f"/letters/{ref}/letters.csv").status_code,
            "letters",
            "downloaded",
            None,
            "web",
        ),
        (
            lambda: handler.get(f"/letters/issued/{case.letter.pk}/pdf/").status_code,
            "letter",
            "downloaded",
            case.letter.pk,
            "web",
        ),
        (
            lambda: handler.get(f"/letters/issued/{case.letter.pk}/docx/").status_code,
            "letter",
            "downloaded",
            case.letter.pk,
            "web",
        ),
        (
            lambda: handler.get(f"/letters/{ref}/drafts/{case.draft.pk}/").status_code,
            "draft",
            "viewed",
            case.draft.pk,
            "web",
        ),
        (lambda: _api(world, "handler", f"/api/v1/complaints/{ref}"), "complaint", "viewed", None, "api"),
        (
            lambda: _api(world, "handler", f"/api/v1/complaints/{ref}/letters"),
            "letters",
            "viewed",
            None,
            "api",
        ),
        (
            lambda: _api(world, "handler", f"/api/v1/complaints/{ref}/letters/{case.draft.pk}"),
            "draft",
            "viewed",
            case.draft.pk,
            "api",
        ),
    ]
    for door, what, how, object_id, through in doors:
        before = AccessRecord.objects.count()
        assert door() == 200
        assert AccessRecord.objects.count() == before + 1, what
        record = AccessRecord.objects.order_by("-pk").first()
        assert record is not None
        assert (record.complaint_id, record.user_id) == (case.complaint.pk, world.users["handler"].pk)
        assert (record.what, record.how, record.object_id, record.door) == (what, how, object_id, through)

    # a refused look is not recorded as a view
    other = world.cases["other"].complaint
    assert world.client("handler").get(f"/workspace/complaints/{other.reference}/").status_code == 404
    assert _api(world, "handler", f"/api/v1/complaints/{other.reference}") == 404
    assert not AccessRecord.objects.filter(complaint=other).exists()

    # recording a view is one INSERT, and no extra read
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['officer']}"}
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/complaints/{ref}", **headers).status_code == 200
    touching = [q["sql"] for q in queries.captured_queries if "access_accessrecord" in q["sql"]]
    assert len(touching) == 1 and touching[0].lstrip().upper().startswith("INSERT")


def test_the_complaints_officer_reads_and_exports_the_log_on_the_case_and_handlers_do_not(
    world: World,
) -> None:
    ref = world.cases["own"].complaint.reference
    world.client("handler").get(f"/workspace/complaints/{ref}/")
    _api(world, "manager", f"/api/v1/complaints/{ref}")
    officer = world.client("officer")
    case_page = officer.get(f"/workspace/complaints/{ref}/").content.decode()
    assert f"/workspace/complaints/{ref}/access-log/" in case_page
    page = officer.get(f"/workspace/complaints/{ref}/access-log/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hana Hussain (Complaint handler)" in html and "Mina Mensah (Manager)" in html
    assert f"/api/v1/complaints/{ref}" in html

    export = officer.get(f"/workspace/complaints/{ref}/access-log.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    seen = {(r["who"], r["what"], r["door"]) for r in rows}
    assert {("hana", "complaint", "web"), ("mina", "complaint", "api"), ("olu", "complaint", "web")} <= seen
    assert all(r["when"] and r["address"].startswith("/") for r in rows)

    # the handler sees the case but not who else looked at it; the board sees neither
    assert world.client("handler").get(f"/workspace/complaints/{ref}/access-log/").status_code == 403
    assert world.client("board").get(f"/workspace/complaints/{ref}/access-log/").status_code == 404
    handler_page = world.client("handler").get(f"/workspace/complaints/{ref}/").content.decode()
    assert "access-log" not in handler_page
