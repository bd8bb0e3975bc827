"""2024 9.7 c: what the governing body is told of the Ombudsman's cases is what happened. Evidence
"sent" tomorrow took the Ombudsman's request off the overdue list today (and its reminders) while
nothing had been sent, as an order "complied with" tomorrow would have (refused already). The day the
Ombudsman asked, and the day evidence (of a case or of compliance with an order) was sent, are days
that have come; the day the evidence is due may be ahead."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.governance import services as governance
from putright.governance.models import OmbudsmanCase, OmbudsmanCaseProgress
from putright.ombudsman import follow_through

TODAY = date(2026, 4, 16)
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def case(build, officer) -> OmbudsmanCase:  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        return governance.open_ombudsman_case(
            actor=officer, complaint=build("referred_to_ombudsman"), referred_on=date(2026, 3, 2)
        )


def _kept(case: OmbudsmanCase) -> tuple[object, ...]:
    case.refresh_from_db()
    return (
        case.evidence_requested_on,
        case.evidence_due,
        case.evidence_sent_on,
        case.progress_history.count(),
    )


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_evidence_sent_tomorrow_is_refused_and_the_request_stays_overdue(
    case: OmbudsmanCase, officer: User
) -> None:
    follow_through.record_evidence_request(
        case=case, actor=officer, requested_on=date(2026, 3, 9), due=date(2026, 3, 23)
    )
    before = _kept(case)
    with pytest.raises(InvalidRequest) as refused:
        follow_through.record_evidence_sent(case=case, actor=officer, sent_on=TOMORROW)
    assert refused.value.fields == (("sent_on", "Date the evidence was sent must be today or in the past"),)
    assert _kept(case) == before
    overdue, _ = follow_through.outstanding(TODAY)
    assert [(i.kind, i.case.pk) for i in overdue] == [("evidence", case.pk)]
    follow_through.record_evidence_sent(
        case=case, actor=officer, sent_on=TODAY
    )  # today is a day that has come
    assert follow_through.outstanding(TODAY) == ([], [])


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_an_evidence_request_dated_tomorrow_is_refused_its_due_date_may_be_ahead(
    case: OmbudsmanCase, officer: User
) -> None:
    before = _kept(case)
    with pytest.raises(InvalidRequest) as refused:
        follow_through.record_evidence_request(
            case=case, actor=officer, requested_on=TOMORROW, due=TOMORROW + timedelta(days=14)
        )
    assert refused.value.fields == (
        ("requested_on", "Date the Ombudsman asked must be today or in the past"),
    )
    assert _kept(case) == before
    follow_through.record_evidence_request(
        case=case, actor=officer, requested_on=TODAY, due=TODAY + timedelta(days=14)
    )
    assert OmbudsmanCaseProgress.objects.filter(case=case, evidence_due=TODAY + timedelta(days=14)).exists()


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_evidence_of_compliance_sent_tomorrow_is_refused(
    case: OmbudsmanCase, officer: User
) -> None:
    order = governance.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £600", due=date(2026, 4, 20)
    )
    governance.record_order_compliance(
        order=order, actor=officer, complied_on=date(2026, 4, 14), evidence_text="Paid to the rent account"
    )
    with pytest.raises(InvalidRequest) as refused:
        follow_through.record_compliance_evidence_sent(order=order, actor=officer, sent_on=TOMORROW)
    assert refused.value.fields == (
        ("sent_on", "Date the evidence of compliance was sent must be today or in the past"),
    )
    assert follow_through.compliance_not_sent() == [order]


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_a_new_request_after_evidence_was_sent_is_owed_until_its_evidence_is_sent(
    case: OmbudsmanCase, officer: User
) -> None:
    """The Ombudsman asked again, after the first evidence was sent: the day sent stayed on the case,
    earlier than the new request, so the new request was never listed as owed (nor reminded of)."""
    follow_through.record_evidence_request(
        case=case, actor=officer, requested_on=date(2026, 3, 9), due=date(2026, 3, 23)
    )
    follow_through.record_evidence_sent(case=case, actor=officer, sent_on=date(2026, 3, 20))
    follow_through.record_evidence_request(
        case=case,
        actor=officer,
        requested_on=date(2026, 4, 1),
        due=date(2026, 4, 15),
        reason="The Ombudsman asked for the repair records too",
    )
    case.refresh_from_db()
    assert case.evidence_sent_on is None
    overdue, _ = follow_through.outstanding(TODAY)
    assert [(i.kind, i.due) for i in overdue] == [("evidence", date(2026, 4, 15))]
    # the first evidence sent stays in the case's history
    assert case.progress_history.filter(evidence_sent_on=date(2026, 3, 20)).exists()
