"""2024 5.12 "Landlords must maintain a full record of complaints". Each imported step of the case page's
full record said "Imported from walker.csv row 2" twice: once in its "Imported" line, and again as the
step's text, the reason the import wrote with it (found in a browser walk). The API's timeline and the
Ombudsman's complaint file read the same text. Each says it once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from imports.conftest import FIXTURES, upload
from letters.conftest import pdf_text

from putright.accounts.models import User
from putright.accounts.services import create_api_token
from putright.complaints.models import ComplaintEvent
from putright.imports.models import ImportedRow
from putright.imports.services import import_file
from putright.ombudsman.casefile import build_complaint_file

pytestmark = pytest.mark.django_db

SOURCE = FIXTURES / "same_handler_both_stages.csv"
WHERE = "same_handler_both_stages.csv row 3"


def test_2024_5_12_an_imported_step_says_once_where_it_came_from(client: Client, administrator: User) -> None:
    import_file(upload(SOURCE, "mapping_walker.toml"), actor=administrator)
    complaint = ImportedRow.objects.get(key="Y-2").complaint
    steps = ComplaintEvent.objects.filter(complaint=complaint).count()
    assert steps >= 4

    client.force_login(administrator)
    page = client.get(f"/workspace/complaints/{complaint.reference}/").text
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    assert len(re.findall(re.escape(WHERE), timeline)) == steps, timeline
    assert "Imported from" not in timeline

    token, _ = create_api_token(user=administrator, name="tests")
    body = client.get(
        f"/api/v1/complaints/{complaint.reference}", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert [entry["imported_from"] for entry in body["timeline"]] == [WHERE] * steps
    assert not [entry["summary"] for entry in body["timeline"] if WHERE in entry["summary"]]

    filed = " ".join(pdf_text(build_complaint_file(complaint).pdf).split())
    assert "Imported from" not in filed
