"""Evidence for 2024 6.13 counts a breach the previous system records: a complaint imported with the
same person considering stage 1 and stage 2 is a failing case in the self-assessment (it is imported
as it happened, not refused, so the breach reaches the landlord's evidence)."""

from __future__ import annotations

from governance.test_governance_evidence_rules import letterhead, refs, show, small_minimum  # noqa: F401
from imports.conftest import FIXTURES, administrator, upload  # noqa: F401

from putright.accounts.models import User
from putright.imports.models import ImportedRow
from putright.imports.services import import_file


def test_2024_6_13_an_imported_stage_2_by_the_stage_1_handler_fails(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    import_file(upload(FIXTURES / "same_handler_both_stages.csv", "mapping_walker.toml"), actor=administrator)
    same_handler = ImportedRow.objects.get(key="Y-1").complaint.reference
    found = show("6.13")
    assert found.state == "non_compliance" and refs(found) == {same_handler}
    [case] = found.cases
    assert "imported:J Smith" not in case.why and "J Smith" in case.why


def test_2024_5_12_the_6_13_evidence_says_an_imported_handler_is_a_name_as_imported_not_no_user(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    """The file names "J Smith", and a PutRight account is called J Smith: the evidence said "J Smith
    (imported, not a PutRight user)", which may be false; it names the handler as imported, not the
    account (two people can share a name)."""
    User.objects.create_user("j.smith", first_name="J", last_name="Smith")
    import_file(upload(FIXTURES / "same_handler_both_stages.csv", "mapping_walker.toml"), actor=administrator)
    [case] = show("6.13").cases
    assert case.why == (
        "stage 2 considered by J Smith (name as imported, not linked to an account), who considered stage 1"
    )
