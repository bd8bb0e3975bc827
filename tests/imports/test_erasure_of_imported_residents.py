"""An import's dry run in the workspace keeps the uploaded file (every resident's name, email and
words in it) until its "import" button is pressed; imported another way (the CLI, or the file
uploaded again) that run keeps it for ever. Erasing a resident must not leave their words there."""

from __future__ import annotations

import pytest
from imports.conftest import upload

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.imports.models import ImportRun
from putright.imports.services import check_file, import_file
from putright.records.erasure import UPLOADS, erase_resident, plan

pytestmark = pytest.mark.django_db


def test_erasing_an_imported_resident_empties_the_files_kept_from_dry_runs(administrator: User) -> None:
    checked = check_file(upload(), actor=administrator, keep_content=True)
    assert b"Ada Lovelace" in bytes(checked.source_content)
    import_file(upload(), actor=administrator)  # imported from the command line: a run of its own
    ada = Complaint.objects.get(import_row__key="HX-1001").resident
    assert UPLOADS in plan(ada).erased, "the erasure page says the kept files go"

    record = erase_resident(ada, by="Olu Officer", reason="Erasure request R-7")

    assert record.detail["erased"][UPLOADS] == 1
    for run in ImportRun.objects.all():
        assert b"Ada Lovelace" not in bytes(run.source_content)
        assert b"ada@example.org" not in bytes(run.source_content)
    checked.refresh_from_db()
    assert checked.report, "what the dry run found is kept; only the file goes"
