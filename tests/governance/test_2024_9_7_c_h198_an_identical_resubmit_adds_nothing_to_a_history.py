"""2024 9.7 c (the governing body is told of the Ombudsman's orders and investigations as recorded):
a double click, or Back then Send, on compliance with an order (same day, same evidence, the same
file) appended a second row to the order's history, as if it had been recorded twice; the same for a
case's progress recorded again unchanged (the evidence request, the start, a start cleared). An
identical resubmit now changes nothing and adds no row (the page says so); a changed date still needs
its reason, and changed evidence is still kept as a new row."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder
from putright.ombudsman import follow_through

pytestmark = pytest.mark.django_db

ON_TIME, LATE = date(2025, 11, 20), date(2025, 12, 15)


def _order(case: OmbudsmanCase, officer) -> OmbudsmanOrder:  # type: ignore[no-untyped-def]
    return services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=date(2025, 12, 1)
    )


def _complied(order, officer, on, evidence="Paid by BACS.", file=None, reason=""):  # type: ignore[no-untyped-def]
    return services.record_order_compliance(
        order=order, actor=officer, complied_on=on, evidence_text=evidence, evidence_file=file, reason=reason
    )


def test_2024_9_7_c_compliance_submitted_twice_unchanged_is_recorded_once(officer, ombudsman_case):  # type: ignore[no-untyped-def]  # noqa: F811
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME, file=ContentFile(b"remittance", name="remittance.pdf"))
    recorded_at = order.complied_recorded_at
    # the same page posted again, from a stale copy of the order: the same day, words and file
    stale = OmbudsmanOrder.objects.get(pk=order.pk)
    stale.complied_on, stale.evidence, stale.complied_recorded_at = None, "", None
    _complied(
        stale, officer, ON_TIME, evidence="  Paid by BACS. ", file=ContentFile(b"remittance", name="x.pdf")
    )
    assert order.compliance_history.count() == 1
    assert stale.complied_on == ON_TIME and stale.complied_recorded_at == recorded_at
    # no file given keeps the one recorded: still nothing changed
    _complied(order, officer, ON_TIME)
    assert order.compliance_history.count() == 1


def test_2024_9_7_c_changed_evidence_or_file_is_still_kept_and_a_changed_date_still_needs_its_reason(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    _complied(order, officer, ON_TIME, evidence="Paid by BACS; remittance attached.")
    _complied(
        order,
        officer,
        ON_TIME,
        evidence="Paid by BACS; remittance attached.",
        file=ContentFile(b"r", name="r.pdf"),
    )
    _complied(
        order,
        officer,
        ON_TIME,
        evidence="Paid by BACS; remittance attached.",
        file=ContentFile(b"s", name="s.pdf"),
    )
    assert order.compliance_history.count() == 4
    with pytest.raises(InvalidRequest) as refused:
        _complied(order, officer, LATE, evidence="Paid by BACS; remittance attached.")
    assert refused.value.fields[0][0] == "reason"
    assert order.compliance_history.count() == 4


def test_2024_9_7_c_the_case_page_says_a_resubmitted_compliance_changed_nothing(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order(ombudsman_case, officer)
    prefix = f"c{order.pk}"
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    posted = {
        "action": "comply",
        "order": order.pk,
        f"{prefix}-complied_on-day": "20",
        f"{prefix}-complied_on-month": "11",
        f"{prefix}-complied_on-year": "2025",
        f"{prefix}-evidence": "Paid by BACS.",
    }
    first = signed_in_officer.post(url, posted, follow=True)
    assert "Compliance recorded" in first.content.decode()
    again = signed_in_officer.post(url, posted, follow=True)
    assert "Compliance already recorded as given: nothing changed" in again.content.decode()
    assert order.compliance_history.count() == 1


def test_2024_9_7_c_progress_recorded_again_unchanged_adds_no_row(officer, ombudsman_case):  # type: ignore[no-untyped-def]  # noqa: F811
    case = ombudsman_case
    start = case.referred_on
    for _ in range(2):
        services.update_ombudsman_case(
            case=case, actor=officer, progress="investigation", investigation_started_on=start
        )
    assert case.progress_history.count() == 2  # the referral, then the start: once
    for _ in range(2):
        follow_through.record_evidence_request(
            case=case, actor=officer, requested_on=start, due=date(2025, 12, 1)
        )
    assert case.progress_history.count() == 3
    for _ in range(2):
        services.update_ombudsman_case(
            case=case,
            actor=officer,
            progress="investigation",
            clear_investigation_started=True,
            reason="Typed in error",
        )
    assert case.progress_history.count() == 4
    assert case.progress_history.order_by("-recorded_at", "-id")[0].investigation_started_on is None
    # a changed date still needs its reason
    with pytest.raises(InvalidRequest):
        follow_through.record_evidence_request(
            case=case, actor=officer, requested_on=start, due=date(2025, 12, 2)
        )
    assert case.progress_history.count() == 4
