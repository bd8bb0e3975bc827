"""2024 5.12 (the complaint file, the full record): an order typed as a sentence read "...trouble
caused., due 18 Dec 2026" in the file, a full stop then a comma. The order's words, and an
outstanding action's, go on with their due date without the full stop typed at their end."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string

from putright.governance import services as governance
from putright.ombudsman.casefile import _context

pytestmark = pytest.mark.django_db


def test_2024_5_12_an_order_typed_as_a_sentence_goes_on_with_its_due_date(build, officer) -> None:  # type: ignore[no-untyped-def]
    complaint = build("referred_to_ombudsman")
    case = governance.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=date(2026, 3, 2), reference="HOS-2026-78"
    )
    governance.record_ombudsman_order(
        case=case,
        actor=officer,
        kind="order",
        description="Pay £150 for the time and trouble caused.",
        due=date(2026, 12, 18),
    )
    context, _ = _context(complaint, include_staff_notes=False, produced_by=officer)
    html = render_to_string("ombudsman/complaint_file.html", context)
    flat = " ".join(html.split())
    assert "Order: Pay £150 for the time and trouble caused, due 18 Dec 2026" in flat
    assert "caused., due" not in flat
