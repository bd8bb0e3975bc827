"""2024 6.2, 5.12: /track/ tells the resident what happened at a stage the previous system answered
without ever acknowledging it (imported as it happened). It said "Acknowledged: due by 9 Jun 2025"
beside "Response: dated 10 Jun 2025", as if the acknowledgement were still to come (found by an
adversarial review)."""

from __future__ import annotations

import re

import pytest
from imports.conftest import FIXTURES, upload
from portal.conftest import sign_in

from putright.complaints.models import Resident
from putright.imports.models import ImportedRow
from putright.imports.services import import_file

pytestmark = pytest.mark.django_db


def test_2024_6_2_a_stage_answered_without_an_acknowledgement_reads_not_acknowledged(client) -> None:
    import_file(upload(FIXTURES / "responded_never_acknowledged.csv", "mapping_walker.toml"), actor=None)
    complaint = ImportedRow.objects.get(key="Z-1").complaint
    Resident.objects.filter(pk=complaint.resident_id).update(email="sam@example.org")
    sign_in(client, complaint, "sam@example.org")
    page = re.sub(r"\s+", " ", client.get("/track/complaint/").content.decode())
    stage_1 = re.search(r"<tr[^>]*>\s*<t[hd][^>]*>\s*Stage 1.*?</tr>", page)
    assert stage_1 is not None, page
    row = stage_1.group(0)
    assert "Not acknowledged: answered without one" in row, row
    assert "due by" not in row, row
    assert "dated 10 Jun 2025" in row, row
