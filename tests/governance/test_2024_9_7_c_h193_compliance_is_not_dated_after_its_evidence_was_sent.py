"""2024 9.7 c (the governing body is told of the Ombudsman's orders and compliance with them): a date
of compliance can now be corrected (with its reason), but a correction to a day after the evidence of
that compliance was recorded as sent to the Ombudsman was accepted. The record then said the evidence
of compliance reached the Ombudsman before the order was complied with: the very thing the
follow-through refuses when the evidence is sent ("the evidence cannot be sent before the order was
complied with"). It is refused on the field, and nothing recorded changes."""

from __future__ import annotations

from datetime import date

import pytest
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder
from putright.ombudsman.follow_through import record_compliance_evidence_sent

pytestmark = pytest.mark.django_db

DUE, COMPLIED, SENT, CORRECTED_TO = (
    date(2025, 12, 1),
    date(2025, 11, 20),
    date(2025, 11, 25),
    date(2025, 12, 2),
)


def _order_complied_and_sent(case: OmbudsmanCase, officer) -> OmbudsmanOrder:  # type: ignore[no-untyped-def]
    order = services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=DUE
    )
    services.record_order_compliance(order=order, actor=officer, complied_on=COMPLIED, evidence_text="Paid.")
    return record_compliance_evidence_sent(order=order, actor=officer, sent_on=SENT)


def test_2024_9_7_c_compliance_is_not_corrected_to_a_day_after_its_evidence_was_sent(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order_complied_and_sent(ombudsman_case, officer)
    with pytest.raises(InvalidRequest) as refused:
        services.record_order_compliance(
            order=order, actor=officer, complied_on=CORRECTED_TO, evidence_text="Paid.", reason="Paid late."
        )
    assert dict(refused.value.fields)["complied_on"] == (
        "Date the order was complied with must be on or before the day its evidence was sent to the "
        "Ombudsman, 25 November 2025"
    )
    order.refresh_from_db()
    assert (order.complied_on, order.evidence_sent_on) == (COMPLIED, SENT)
    assert order.compliance_history.count() == 1


def test_2024_9_7_c_compliance_may_be_corrected_to_a_day_up_to_its_evidence_being_sent(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order_complied_and_sent(ombudsman_case, officer)
    services.record_order_compliance(
        order=order, actor=officer, complied_on=SENT, evidence_text="Paid.", reason="Remittance date."
    )
    order.refresh_from_db()
    assert order.complied_on == SENT
    assert order.compliance_history.count() == 2
