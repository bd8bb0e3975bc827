"""2024 6.2 "Complaints must be acknowledged, defined and logged at stage 1 ... within five working
days of the complaint being received" (6.11 the same at stage 2; 2022 4.1 "it must be acknowledged and
logged at stage one ... within five days of receipt").

A row whose previous system records a response but no acknowledgement was refused ("a stage 1 response
without a stage 1 acknowledgement date"): the landlord could only leave the complaint out of its
history or make up an acknowledgement date, and either record looks better than what the resident
received. It is imported as it happened: no acknowledgement is recorded (no date made up), the dry
run warns on that line, and the case page says the stage was not acknowledged (2024 6.2, 6.11). The
self-assessment counts it: tests/governance/test_2024_6_2_6_11_evidence_counts_a_stage_never_acknowledged.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from imports.conftest import FIXTURES, upload
from letters.conftest import pdf_text

from putright.accounts.models import Role, User
from putright.code import lifecycle as core
from putright.code.errors import TransitionNotAllowed
from putright.complaints.models import Complaint, ComplaintEvent, Stage
from putright.imports.models import ImportedRow
from putright.imports.services import check_file, import_file
from putright.ombudsman.casefile import build_complaint_file

pytestmark = pytest.mark.django_db

NEVER_ACKNOWLEDGED = FIXTURES / "responded_never_acknowledged.csv"
MAPPING = "mapping_walker.toml"


def warning(stage: int, provision: str) -> str:
    return (
        f"WARNING: stage {stage} has a response but no acknowledgement date: imported as it happened, with "
        f"no acknowledgement recorded; it will count against {provision} as not acknowledged in time"
    )


def test_2024_6_2_the_dry_run_would_import_a_stage_1_response_never_acknowledged_with_a_warning() -> None:
    run = check_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=None)
    lines = {str(r["key"]): str(r["line"]) for r in run.report}
    assert lines["Z-1"].startswith(
        "row 2 (Z-1): would create a closed stage 1 complaint (2024 Code), closed 11 June 2025: received "
        "2 June 2025, stage 1 not acknowledged, stage 1 response 10 June 2025 (upheld); " + warning(1, "6.2")
    )
    assert (
        "stage 2 not acknowledged, stage 2 response 30 June 2025 (not upheld); " + warning(2, "6.11")
        in lines["Z-2"]
    )
    assert "WARNING" not in lines["Z-3"] and "not acknowledged" not in lines["Z-3"]
    assert (run.with_problems, Complaint.objects.count()) == (0, 0)


def test_2024_6_2_the_record_says_no_acknowledgement_was_made_and_a_second_run_creates_nothing(
    administrator: User,
) -> None:
    run = import_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    assert (run.created, run.with_problems) == (3, 0)
    assert warning(1, "6.2") in str(run.report[0]["line"])
    never = ImportedRow.objects.get(key="Z-1").complaint
    events = ComplaintEvent.objects.filter(complaint=never).order_by("sequence")
    assert [e.kind for e in events] == ["contact_received", "accepted_as_complaint", "responded", "closed"]
    responded = events.get(kind="responded")
    assert responded.data["without_acknowledgement"] is True
    stage = Stage.objects.get(complaint=never, number=1)
    assert (stage.acknowledged_on, stage.responded_on) == (None, date(2025, 6, 10))
    assert never.stage_1_acknowledged_on is None
    # an acknowledged stage's response is stored as it always was
    fine = ImportedRow.objects.get(key="Z-3").complaint
    assert "without_acknowledgement" not in ComplaintEvent.objects.get(complaint=fine, kind="responded").data
    complaints, stored = Complaint.objects.count(), ComplaintEvent.objects.count()
    again = import_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    assert (again.created, again.already_imported) == (0, 3)
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (complaints, stored)


def test_2024_6_2_the_case_page_says_the_stage_was_not_acknowledged(
    client: Client, administrator: User
) -> None:
    import_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    client.force_login(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER, password="x"))
    never = ImportedRow.objects.get(key="Z-1").complaint.reference
    page = client.get(f"/workspace/complaints/{never}/").text
    assert (
        "No stage 1 acknowledgement is recorded: this stage was answered without one, so it was not "
        "acknowledged within the Code&#x27;s time (2024 6.2)." in page
    )
    at_stage_2 = ImportedRow.objects.get(key="Z-2").complaint.reference
    page = client.get(f"/workspace/complaints/{at_stage_2}/").text
    assert "No stage 2 acknowledgement is recorded" in page and "(2024 6.11)." in page
    assert "No stage 1 acknowledgement is recorded" not in page


def test_2024_6_2_only_history_as_it_happened_responds_to_a_stage_never_acknowledged() -> None:
    """The core refuses a live response before the acknowledgement, as it always did; only the
    importer's ``as_it_happened`` records one (the API's and workspace's refusals: their own tests)."""
    case = core.evolve(None, core.receive(on=date(2025, 6, 2), channel="email", summary="Heating"))
    case = core.evolve(case, core.accept_as_complaint(case, on=date(2025, 6, 2)))
    response = core.StageResponse(
        outcome=core.Outcome.UPHELD,
        complaint_definition="Heating",
        decision="d",
        reasons="r",
        remedy="r",
        outstanding_actions="o",
        escalation_route="e",
    )
    assert core.acknowledgement_missed(case) == "2024 6.2"
    with pytest.raises(TransitionNotAllowed):
        core.respond(case, on=date(2025, 6, 10), handler="J Smith", response=response)
    answered = core.respond(
        case, on=date(2025, 6, 10), handler="J Smith", response=response, as_it_happened=True
    )
    assert answered.without_acknowledgement
    assert 1 not in core.evolve(case, answered).acknowledged_on


def _deadline_row(page: str, step: str) -> str:
    row = re.search(rf"<tr[^>]*>\s*<td[^>]*>{step}.*?</tr>", page, re.DOTALL)
    assert row, step
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())


def test_2024_6_2_the_deadlines_say_the_stage_was_not_acknowledged_not_that_it_is_still_running(
    client: Client, administrator: User
) -> None:
    """HX-1013 is open after its stage 1 response, which came with no acknowledgement: its stage 1
    acknowledgement is not a deadline still running ("N working days late", growing every day, in red
    as if it could still be done), it was never made."""
    import_file(upload(), actor=administrator)
    client.force_login(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER, password="x"))
    open_one = ImportedRow.objects.get(key="HX-1013").complaint
    assert open_one.is_open
    row = _deadline_row(
        client.get(f"/workspace/complaints/{open_one.reference}/").text, "Stage 1 acknowledgement"
    )
    assert "working days late" not in row
    assert "Not acknowledged: the stage was answered without one" in row


def test_2024_5_12_the_complaint_file_says_the_stage_was_not_acknowledged(administrator: User) -> None:
    """The Ombudsman's complaint file (2024 5.12, the full record) said "Not yet" of the closed Z-1's
    stage 1 acknowledgement, as if it were still to come: the stage was answered and closed without
    one (2024 6.2)."""
    import_file(upload(NEVER_ACKNOWLEDGED, MAPPING), actor=administrator)
    never = ImportedRow.objects.get(key="Z-1").complaint
    filed = " ".join(pdf_text(build_complaint_file(never).pdf).split())
    # (the PDF's table wraps a cell's words among its neighbours': its words, not its lines)
    # ("Not acknowledged:" and the response's "(23 Jun 2025)" beside it share the cell's first lines)
    assert "answered without one (9 Jun 2025)" in filed and "Not yet" not in filed
    assert re.search(r"\bNot\b.{0,40}\backnowledged: .{0,40}answered without one", filed), filed
