"""2024 9.7 c (the MRC and the governing body are told of the Ombudsman's orders and compliance with
them): the quarterly report, as at its last day, lists each order due in the quarter and each still
outstanding on that day. An order overdue all quarter and complied with after it was left out of the
list because it is complied with now, so the report read as if nothing was outstanding; and a report
produced again from its run showed compliance recorded after the run. Each order is listed as it
stood at the report's as-at."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.governance import reports, services
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db

#: October to December 2025; the case was referred on 15 August 2025
QUARTER = Period.quarter(2025, 3)


def _overdue_all_quarter(case: OmbudsmanCase, officer) -> OmbudsmanOrder:  # type: ignore[no-untyped-def]
    order = services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=date(2025, 9, 1)
    )
    return services.record_order_compliance(
        order=order, actor=officer, complied_on=date(2026, 1, 20), evidence_text="Paid by BACS."
    )


def _orders_in_the_word_document(scope: Scope, officer) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The rows of the report's table of orders (the PDF lists the same ``mrc_context``)."""
    from docx import Document

    document = Document(io.BytesIO(reports.mrc_docx(reports.mrc_context(scope, officer))))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Order or recommendation"]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_2024_9_7_c_an_order_outstanding_all_quarter_and_complied_with_later_is_listed_not_yet_complied(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    _overdue_all_quarter(ombudsman_case, officer)
    [(order, due, complied, _)] = _orders_in_the_word_document(
        Scope(QUARTER, AsAt.of(QUARTER.end).pinned()), officer
    )
    assert order.startswith("Order: Pay £400") and due == "1 Sep 2025"
    assert complied == "Not yet"  # outstanding on 31 December 2025


def test_2024_9_7_c_a_report_produced_again_shows_no_compliance_recorded_after_its_run(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = services.record_ombudsman_order(
        case=ombudsman_case, actor=officer, kind="order", description="Pay £400", due=date(2025, 11, 1)
    )
    run = AsAt.of(QUARTER.end, timezone.now() - timedelta(seconds=1))
    OmbudsmanOrder.objects.filter(pk=order.pk).update(recorded_at=run.moment - timedelta(days=1))
    order.refresh_from_db()  # recorded before the run; its compliance after it
    services.record_order_compliance(
        order=order, actor=officer, complied_on=date(2025, 12, 1), evidence_text="Paid by BACS."
    )
    [(_, _, complied, evidence)] = _orders_in_the_word_document(Scope(QUARTER, run), officer)
    assert (complied, evidence) == ("Not yet", "")
    # as the records stand now, it was complied with on 1 December 2025
    [(_, _, complied, evidence)] = _orders_in_the_word_document(
        Scope(QUARTER, AsAt.of(QUARTER.end).pinned()), officer
    )
    assert (complied, evidence) == ("1 Dec 2025", "Paid by BACS.")
