"""What the import shows people (issue 17 item 4): an imported handler by name, not PutRight's internal
value; the command's progress on lines of its own; the page's example mapping and date forms from the
same sources as the README; and a refusal that says who can import."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape
from imports.conftest import FIXTURES

from putright.accounts.models import Role, User
from putright.imports.dates import EXAMPLES, parse_date
from putright.imports.mapping import EXAMPLE, parse_mapping
from putright.imports.models import ImportedRow

pytestmark = pytest.mark.django_db

README = FIXTURES.parents[2] / "README.md"
SAME_HANDLER = FIXTURES / "same_handler_both_stages.csv"


def _import_by_command(capsys: pytest.CaptureFixture[str]) -> list[str]:
    from putright.cli import main

    args = ["import", "complaints", str(SAME_HANDLER), "--mapping", str(FIXTURES / "mapping_walker.toml")]
    assert main([*args, "--by", "ann.admin"]) == 0
    return capsys.readouterr().out.splitlines()


def test_the_command_lines_progress_is_a_line_of_its_own_before_the_report(
    administrator: User, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import_by_command(capsys)
    assert out[0] == "imported 2 of 2 complaints so far"
    assert out[-1] == "same_handler_both_stages.csv: 2 rows; created 2; nothing to do for 0; 0 with problems"


def test_the_case_page_names_an_imported_handler_as_imported_not_as_putrights_internal_value(
    client: Client, administrator: User, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_by_command(capsys)
    client.force_login(administrator)
    reference = ImportedRow.objects.get(key="Y-1").complaint.reference
    page = client.get(f"/workspace/complaints/{reference}/").text
    assert "Stage 1: J Smith (name as imported, not linked to an account)" in page
    assert "imported:J Smith" not in page


def test_2024_5_12_a_handler_named_by_the_import_is_not_said_to_have_no_account_when_one_has_that_name(
    client: Client, administrator: User, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file names "J Smith", and a PutRight account is called J Smith: the case page said "J Smith
    (imported, not a PutRight user)", which may be false. It says what is known, the name as imported,
    and does not link the name to the account either (two people can share a name)."""
    j_smith = User.objects.create_user(
        "j.smith", first_name="J", last_name="Smith", role=Role.COMPLAINT_HANDLER
    )
    _import_by_command(capsys)
    client.force_login(administrator)
    reference = ImportedRow.objects.get(key="Y-1").complaint.reference
    page = client.get(f"/workspace/complaints/{reference}/").text
    assert "Stage 1: J Smith (name as imported, not linked to an account)" in page
    assert "not a PutRight user" not in page
    complaint = ImportedRow.objects.get(key="Y-1").complaint
    assert j_smith not in (complaint.handler, complaint.stage_1_handler, complaint.stage_2_handler)


def test_the_import_page_shows_the_example_mapping_and_every_date_form_the_parser_reads(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    page = client.get("/workspace/imports/").text
    assert escape(EXAMPLE.read_text(encoding="utf-8")) in page
    assert "README" not in page  # a web user cannot reach it
    assert all(example in page for example in EXAMPLES), [e for e in EXAMPLES if e not in page]
    assert "2/3/2024" in page and "02-Mar-24" in page


def test_the_readme_prints_the_same_example_mapping_and_date_forms_and_each_reads_as_said() -> None:
    readme = README.read_text(encoding="utf-8")
    example = EXAMPLE.read_text(encoding="utf-8")
    assert f"```toml\n{example}```" in readme
    assert parse_mapping(example, name=EXAMPLE.name).columns["reference"] == "Case ref"
    said = re.search(r"\*\*Dates\*\* are read day first.*?Accepted: (.*?), with or without", readme, re.S)
    assert said is not None
    assert tuple(re.findall(r"`([^`]+)`", said.group(1))) == EXAMPLES
    assert {parse_date(example) for example in EXAMPLES} == {parse_date("2024-03-02")}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COMPLAINTS_OFFICER])
def test_the_refusal_to_import_says_only_administrators_can_and_sends_no_one_else(
    client: Client, role: str
) -> None:
    client.force_login(User.objects.create_user(f"someone-{role}", role=role))
    refused = client.get("/workspace/imports/")
    assert refused.status_code == 403
    assert "Only administrators can import complaints: ask your administrator" in refused.text
    assert "ask the complaints officer" not in refused.text
