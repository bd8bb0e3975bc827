"""REST API v1: the complaint's timeline is the full record the case page shows (2024 5.12):
changes to the resident's and the complaint's details (who, when, why, old and new values) and, for
staff who handle complaints, internal notes marked staff only. Additive: the fields every entry had
are unchanged; residents never see a note (they hold no API token, and their tracking page leaves
notes out)."""

from __future__ import annotations

from api.test_api_v1 import Api, new_complaint, officer  # noqa: F401
from django.test import Client

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint
from putright.workspace import outbox, records


def test_2024_5_12_api_timeline_has_amendments_and_internal_notes(officer: Api) -> None:  # noqa: F811
    ref = new_complaint(officer)["reference"]
    complaint = Complaint.objects.get(reference=ref)
    records.change_resident_contact(
        complaint=complaint,
        actor=officer.user,
        reason="Rita phoned with her new number",
        email="rita@example.org",
        phone="07700 900456",
        preferred_contact_method="phone",
    )
    outbox.add_internal_note(
        complaint=complaint, actor=officer.user, body="Rita's son may call on her behalf"
    )
    timeline = officer.get(f"/complaints/{ref}").json()["timeline"]
    events = [e for e in timeline if e["type"] == "event"]
    assert events and all(e["staff_only"] is False for e in events)
    assert {"type", "kind", "on", "at", "actor", "provision", "summary", "data"} <= set(events[0])
    amendment = next(e for e in timeline if e["type"] == "amendment")
    assert amendment["kind"] == "resident_contact" and amendment["staff_only"] is False
    assert amendment["data"]["reason"] == "Rita phoned with her new number"
    phone = next(c for c in amendment["data"]["changes"] if c["field"] == "phone")
    assert phone == {"field": "phone", "label": "Phone", "old": "", "new": "07700 900456"}
    assert amendment["summary"].startswith("Contact details changed")
    note = next(e for e in timeline if e["type"] == "note")
    assert note["kind"] == "internal_note" and note["staff_only"] is True
    assert "Rita's son may call on her behalf" in note["summary"]
    # in the order they happened: the complaint received, then the change, then the note
    kinds = [e["type"] for e in timeline]
    assert kinds.index("event") < kinds.index("amendment") < kinds.index("note")


def test_the_board_gets_no_timeline_and_no_notes(officer: Api) -> None:  # noqa: F811
    ref = new_complaint(officer)["reference"]
    complaint = Complaint.objects.get(reference=ref)
    outbox.add_internal_note(complaint=complaint, actor=officer.user, body="Staff only: do not share")
    board = Api(User.objects.create_user("board", role=Role.GOVERNING_BODY_READER))
    response = board.get(f"/complaints/{ref}")
    assert response.status_code == 403 and "do not share" not in response.content.decode()


def test_the_schema_describes_amendments_notes_and_staff_only(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    entry = schema["components"]["schemas"]["TimelineEntry"]
    assert "staff_only" in entry["properties"]
    assert "amendment" in entry["properties"]["type"]["description"]
    assert "note" in entry["properties"]["type"]["description"]
