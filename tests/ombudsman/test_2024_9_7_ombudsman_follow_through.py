"""2024 9.7 c: Ombudsman cases followed through: the evidence request and its due date, evidence of
compliance sent, what is overdue, reminders sent once per due date, and offers below the defined
sums counted on the governance dashboard (2024 7.4)."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from putright.accounts.models import Role, User
from putright.code.errors import InvalidRequest
from putright.governance import services as governance
from putright.governance.models import OmbudsmanOrder
from putright.ombudsman import follow_through
from putright.ombudsman import services as putting_right
from putright.ombudsman.models import OmbudsmanReminderSent


@pytest.fixture
def ombudsman_case(build, officer):  # type: ignore[no-untyped-def]
    complaint = build("referred_to_ombudsman")
    return governance.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=date(2026, 3, 2), reference="HOS-2026-77"
    )


def test_2024_9_7_evidence_request_and_orders_overdue_and_due_soon(ombudsman_case, officer) -> None:  # type: ignore[no-untyped-def]
    follow_through.record_evidence_request(
        case=ombudsman_case, actor=officer, requested_on=date(2026, 3, 9), due=date(2026, 3, 23)
    )
    order = governance.record_ombudsman_order(
        case=ombudsman_case, actor=officer, kind="order", description="Pay £600", due=date(2026, 4, 20)
    )
    overdue, soon = follow_through.outstanding(date(2026, 4, 16))  # Thursday; 20 April is 2 working days on
    assert [i.kind for i in overdue] == ["evidence"]
    assert [i.order for i in soon] == [order]
    follow_through.record_evidence_sent(case=ombudsman_case, actor=officer, sent_on=date(2026, 3, 24))
    overdue, _ = follow_through.outstanding(date(2026, 4, 21))
    assert [i.order for i in overdue] == [order]
    with pytest.raises(InvalidRequest, match="record the compliance and its evidence"):
        follow_through.record_compliance_evidence_sent(order=order, actor=officer, sent_on=date(2026, 4, 21))
    governance.record_order_compliance(
        order=order, actor=officer, complied_on=date(2026, 4, 22), evidence_text="Paid to the rent account"
    )
    assert follow_through.compliance_not_sent() == [order]
    follow_through.record_compliance_evidence_sent(order=order, actor=officer, sent_on=date(2026, 4, 23))
    assert OmbudsmanOrder.objects.get(pk=order.pk).evidence_sent_on == date(2026, 4, 23)
    assert follow_through.compliance_not_sent() == []
    assert follow_through.outstanding(date(2026, 5, 1)) == ([], [])


def test_bad_dates_are_refused(ombudsman_case, officer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidRequest, match="before it was asked for"):
        follow_through.record_evidence_request(
            case=ombudsman_case, actor=officer, requested_on=date(2026, 3, 9), due=date(2026, 3, 1)
        )
    with pytest.raises(InvalidRequest, match="request for evidence first"):
        follow_through.record_evidence_sent(case=ombudsman_case, actor=officer, sent_on=date(2026, 3, 9))


def test_2024_9_7_reminders_are_sent_once_per_due_date(ombudsman_case, officer) -> None:  # type: ignore[no-untyped-def]
    officer.email = "olu@landlord.example"
    officer.save()
    governance.record_ombudsman_order(
        case=ombudsman_case,
        actor=officer,
        kind="order",
        description="Apologise in writing",
        due=date(2026, 4, 20),
    )
    run = follow_through.send_reminders(today=date(2026, 4, 16))
    assert run.reminders == 1 and run.emails == 1
    assert "Apologise in writing" in mail.outbox[0].body and "due 20 April 2026" in mail.outbox[0].body
    again = follow_through.send_reminders(today=date(2026, 4, 21))
    assert again.reminders == 0 and len(mail.outbox) == 1
    assert OmbudsmanReminderSent.objects.count() == 1


def test_the_follow_through_pages_and_permissions(ombudsman_case, officer, handler_1) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    page = f"/putting-right/ombudsman-cases/{ombudsman_case.pk}/"
    assert (
        client.post(
            page, {"action": "request", "request-requested_on": "2026-03-09", "request-due": "2026-03-23"}
        ).status_code
        == 302
    )
    bad = client.post(
        page,
        {
            "action": "evidence-sent",
            "sent-sent_on-day": "30",
            "sent-sent_on-month": "2",
            "sent-sent_on-year": "2026",
        },
    )
    assert bad.status_code == 422 and "real date" in bad.content.decode()
    with time_machine.travel("2026-04-01 09:00 +01:00", tick=False):
        overview = client.get("/putting-right/ombudsman-cases/").content.decode()
    assert "Overdue" in overview and "Evidence the Ombudsman asked for" in overview
    # the list downloads in one click, as on screen (issue 15 item 4), read back
    with time_machine.travel("2026-04-01 09:00 +01:00", tick=False):
        download = client.get("/putting-right/ombudsman-cases/", {"export": "xlsx"})
    assert 'filename="what-we-owe-the-ombudsman-' in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.content))
    overdue = [list(r) for r in book["Overdue"].iter_rows(values_only=True)]
    assert len(overdue) >= 2 and any("Evidence the Ombudsman asked for" in str(v) for v in overdue[1])
    reader = Client()
    reader.force_login(User.objects.create_user("board", role=Role.GOVERNING_BODY_READER))
    assert reader.get(page).status_code == 200
    assert reader.post(page, {"action": "evidence-sent", "sent-sent_on": "2026-03-20"}).status_code == 403


@time_machine.travel("2026-05-01 10:00 +01:00", tick=False)
def test_2024_7_4_offers_below_the_defined_sums_are_counted_on_the_dashboard(
    build, handler_1, officer
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    putting_right.record_failure(complaint=complaint, actor=handler_1, kind="loss_of_power", days=3)
    putting_right.decide_remedy(
        complaint=complaint,
        actor=handler_1,
        offers={1: putting_right.Offer(1000, "Power was restored in part on day 1")},
        due=date(2026, 5, 20),
        agreed_with_resident=False,
    )
    client = Client()
    client.force_login(officer)
    response = client.get("/governance/?from=2026-04-01&to=2026-05-31")
    figure = response.context["data"]["extras"]["remedies_below_defined_sum"]
    assert figure["value"] == 1
    behind = client.get(figure["href"]).content.decode()
    assert complaint.reference in behind
