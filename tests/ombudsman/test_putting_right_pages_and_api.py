"""The putting-right pages on the case, the shortfall warning on the letter draft page, the complaint
file page, and ``GET /api/v1/complaints/{reference}/ombudsman-file`` with the case's permission."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import time_machine
from django.test import Client

from putright.accounts.models import Role, Team, User
from putright.accounts.services import create_api_token
from putright.letters import services as letters
from putright.ombudsman.models import ComplaintFileProduced, FailureFound, RemedyDecision

MAY = "2026-05-01 10:00 +01:00"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(MAY, tick=False)
def test_2024_7_4_handler_records_failures_accepts_and_the_case_shows_it(
    build, handler_1, letterhead
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    client = _client(handler_1)
    base = f"/putting-right/{complaint.reference}"
    page = client.get(f"{base}/failures/")
    assert page.status_code == 200 and "Total loss of heating (£15 for each day" in page.content.decode()
    refused = client.post(f"{base}/failures/", {"kind": "loss_of_heating"})
    assert refused.status_code == 422 and "per day" in refused.content.decode()
    assert (
        client.post(
            f"{base}/failures/",
            {"kind": "loss_of_heating", "started_on": "2026-04-01", "ended_on": "2026-04-23"},
        ).status_code
        == 302
    )
    assert client.post(f"{base}/failures/", {"kind": "missed_appointment", "count": "2"}).status_code == 302
    proposal = client.get(f"{base}/proposal/").content.decode()
    assert "23 days × £15 = £345" in proposal and "£375.00" in proposal
    assert 'placeholder="345.00"' in proposal and "(proposed 345.00; leave empty to accept)" in proposal
    assert (
        client.post(f"{base}/proposal/", {"due": "2026-05-15", "agreed_with_resident": "on"}).status_code
        == 302
    )
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Putting things right" in case and "£345.00, accepted the proposal" in case
    assert "below the Ombudsman" not in case
    draft = letters.start_draft(complaint=complaint, kind="remedy-offer", actor=handler_1)
    assert "Compensation of £375" in draft.body  # the remedy appears in the letter without retyping


@time_machine.travel(MAY, tick=False)
def test_2024_7_4_an_offer_below_the_defined_sum_is_flagged_on_the_case_and_the_letter_draft(
    build, handler_1, letterhead
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    client = _client(handler_1)
    base = f"/putting-right/{complaint.reference}"
    client.post(f"{base}/failures/", {"kind": "loss_of_heating", "days": "30"})
    no_reason = client.post(f"{base}/proposal/", {"offer-1": "1", "due": "2026-05-15"})
    assert no_reason.status_code == 422 and "say why you offer £1" in no_reason.content.decode()
    assert RemedyDecision.objects.count() == 0
    client.post(f"{base}/proposal/", {"offer-1": "1", "reason-1": "Heaters lent", "due": "2026-05-15"})
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "Offers below the Ombudsman's defined sums (2024 7.4)" in case
    assert "£1 offered, £449 below the Ombudsman&#x27;s defined sum of £450" in case
    draft = letters.start_draft(complaint=complaint, kind="remedy-offer", actor=handler_1)
    page = client.get(f"/letters/{complaint.reference}/drafts/{draft.pk}/").content.decode()
    assert "Before you issue" in page and "£449 below" in page


@time_machine.travel(MAY, tick=False)
def test_2024_7_1_an_offer_with_a_comma_that_does_not_separate_thousands_is_refused(
    build, handler_1, letterhead
) -> None:  # type: ignore[no-untyped-def]
    """ "£1,00.00" was offered as £100 and a continental "3,45" (£3.45) as £345."""
    complaint = build("stage_1_acknowledged")
    client = _client(handler_1)
    base = f"/putting-right/{complaint.reference}"
    client.post(f"{base}/failures/", {"kind": "loss_of_heating", "days": "30"})
    for written in ("£1,00.00", "3,45"):
        refused = client.post(f"{base}/proposal/", {"offer-1": written, "due": "2026-05-15"})
        assert refused.status_code == 422, written
        assert "Failure 1: enter the offer in pounds, for example 345 or 345.50" in refused.content.decode()
    assert RemedyDecision.objects.count() == 0
    accepted = {"offer-1": "1,000.00", "reason-1": "Eight weeks without heating", "due": "2026-05-15"}
    assert client.post(f"{base}/proposal/", accepted).status_code == 302
    assert RemedyDecision.objects.get().offered_pence == 100000


def test_the_complaint_file_page_produces_and_serves_the_files(build, handler_1, letterhead) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    client = _client(handler_1)
    response = client.post(f"/putting-right/{complaint.reference}/file/", {})
    assert response.status_code == 302
    record = ComplaintFileProduced.objects.get(complaint=complaint)
    pdf = client.get(f"/putting-right/{complaint.reference}/file/{record.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == record.pdf_sha256
    listing = client.get(f"/putting-right/{complaint.reference}/file/").content.decode()
    assert f"{record.pages} pages" in listing


def test_the_api_produces_the_file_with_the_case_permission(build, handler_1, letterhead) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")  # handled by handler_1
    token, _ = create_api_token(user=handler_1, name="t")
    response = Client().get(
        f"/api/v1/complaints/{complaint.reference}/ombudsman-file",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content[:300]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert all(hashlib.sha256(archive.read(f["path"])).hexdigest() == f["sha256"] for f in manifest["files"])
    pdf = Client().get(
        f"/api/v1/complaints/{complaint.reference}/ombudsman-file?part=pdf",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert pdf.content.startswith(b"%PDF")
    assert ComplaintFileProduced.objects.filter(complaint=complaint).count() == 2

    team = Team.objects.create(name="Elsewhere")
    other = User.objects.create_user("other", role=Role.COMPLAINT_HANDLER, team=team)
    handler_1.team = Team.objects.create(name="Mine")
    handler_1.save()
    other_token, _ = create_api_token(user=other, name="t")
    hidden = Client().get(
        f"/api/v1/complaints/{complaint.reference}/ombudsman-file",
        headers={"Authorization": f"Bearer {other_token}"},
    )
    assert hidden.status_code == 404
    assert _client(other).get(f"/putting-right/{complaint.reference}/file/").status_code == 404
    assert FailureFound.objects.count() == 0


def test_the_openapi_schema_describes_the_file_download(db) -> None:  # type: ignore[no-untyped-def]
    schema = Client().get("/api/v1/openapi.json").json()
    found = schema["paths"]["/api/v1/complaints/{reference}/ombudsman-file"]["get"]
    assert set(found["responses"]["200"]["content"]) == {"application/zip", "application/pdf"}
    assert {p["name"] for p in found["parameters"]} == {"reference", "part", "staff_notes"}
