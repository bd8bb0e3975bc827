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
