"""What is recorded as done is done on a day that has happened: the governing body's approval and its
report (2024 8.2), a referral, the Ombudsman's start and determination, compliance with an order and
the evidence asked for and sent (2024 9.7 c), what 2024 8.5 asks done, a report received (2024 9.7).
Each refusal of a day still to come was written out on its own, eight times in the governance
services and once more in the Ombudsman's follow-through: one wording could drift from the others.
They are now said by one helper (``not_yet_come``, ``has_come``), each on its field, in the words
each door has always used."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    answered,  # noqa: F401 (a fixture)
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.measures import Period
from putright.governance.models import (
    ExceptionalCircumstance,
    OmbudsmanCase,
    OmbudsmanOrder,
    ReportReceipt,
    ReportRun,
)
from putright.ombudsman import follow_through

pytestmark = pytest.mark.django_db

ROOT = Path(services.__file__).resolve().parents[1]
SAID = "must be today or in the past"


def test_the_refusal_of_a_day_still_to_come_is_worded_once() -> None:
    """No door writes the refusal out again (copies drift): each asks ``not_yet_come``/``has_come``."""
    written = {
        path.relative_to(ROOT).as_posix(): len(re.findall(SAID, path.read_text()))
        for path in (ROOT / "governance" / "services.py", ROOT / "ombudsman" / "follow_through.py")
    }
    assert written == {"governance/services.py": 1, "ombudsman/follow_through.py": 0}


def test_the_helper_says_the_field_and_the_words_or_nothing_for_a_day_that_has_come() -> None:
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    assert services.not_yet_come(tomorrow, "received_on", "Received on") == (
        "received_on",
        "Received on must be today or in the past",
    )
    assert services.not_yet_come(today, "received_on", "Received on") is None
    assert services.not_yet_come(None, "received_on", "Received on") is None
    with pytest.raises(InvalidRequest) as refused:
        services.has_come(tomorrow, "sent_on", "Date sent", provision="2024 9.7", detail="not yet sent")
    assert (refused.value.provision, refused.value.detail, refused.value.fields) == (
        "2024 9.7",
        "not yet sent",
        (("sent_on", "Date sent must be today or in the past"),),
    )


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def test_2024_9_7_c_every_ombudsman_door_refuses_a_day_still_to_come_on_its_field_in_its_words(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    case: OmbudsmanCase = ombudsman_case
    order = services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=date(2025, 12, 1)
    )
    doors = [
        (
            lambda: services.open_ombudsman_case(
                actor=officer, complaint=case.complaint, referred_on=_tomorrow()
            ),
            None,
            ("referred_on", "Date referred to the Ombudsman must be today or in the past"),
        ),
        (
            lambda: services.update_ombudsman_case(
                case=case, actor=officer, progress="investigation", investigation_started_on=_tomorrow()
            ),
            None,
            (
                "investigation_started_on",
                "Date the Ombudsman started investigating must be today or in the past",
            ),
        ),
        (
            lambda: services.record_order_compliance(
                order=order, actor=officer, complied_on=_tomorrow(), evidence_text="Paid by BACS."
            ),
            "2024 9.7",
            ("complied_on", "Date the order was complied with must be today or in the past"),
        ),
        (
            lambda: follow_through.record_evidence_request(
                case=case, actor=officer, requested_on=_tomorrow(), due=_tomorrow()
            ),
            None,
            ("requested_on", "Date the Ombudsman asked must be today or in the past"),
        ),
    ]
    for door, provision, field in doors:
        with pytest.raises(InvalidRequest) as refused:
            door()
        assert (refused.value.provision, refused.value.detail, refused.value.fields) == (
            provision,
            field[1],
            (field,),
        )
    assert OmbudsmanCase.objects.count() == 1
    assert OmbudsmanOrder.objects.get().complied_on is None
    case.refresh_from_db()
    assert (case.investigation_started_on, case.evidence_requested_on) == (None, None)


def test_2024_8_2_8_5_9_7_the_governance_doors_refuse_a_day_still_to_come_in_their_words(
    officer,
    answered,  # noqa: F811
):  # type: ignore[no-untyped-def]
    [approval] = services.approval_problems(answered, approved_on=_tomorrow(), approved_by="The Board")
    assert (approval.detail, approval.fields) == (
        "the approval date cannot be in the future",
        (("approved_on", "Date the governing body approved it must be today or in the past"),),
    )
    with pytest.raises(InvalidRequest) as refused:
        services.record_exceptional_circumstance(
            actor=officer,
            title="Cyber incident",
            description="Systems down",
            told_ombudsman="Emailed",
            told_residents="Letter",
            started_on=date(2025, 10, 1),
            return_to_compliance_by=date(2025, 10, 31),
            ombudsman_informed_on=date(2025, 10, 2),
            residents_informed_on=date(2025, 10, 2),
            published_on=_tomorrow(),
        )
    assert (refused.value.provision, refused.value.fields) == (
        "2024 8.5",
        (("published_on", "Date published on our website must be today or in the past"),),
    )
    assert not ExceptionalCircumstance.objects.exists()
    p = Period.quarter(2025, 2)
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.MRC_QUARTERLY,
        period_from=p.start,
        period_to=p.end,
        as_at_day=p.end,
        as_at_moment=timezone.make_aware(datetime.combine(p.end, time(23, 59))),
        figures={},
    )
    with pytest.raises(InvalidRequest) as refused:
        services.record_report_received(
            run=run, actor=officer, body=ReportReceipt.Body.MRC, received_on=_tomorrow()
        )
    assert (refused.value.detail, refused.value.fields) == (
        "the date received cannot be in the future",
        (("received_on", "Received on must be today or in the past"),),
    )
    assert not ReportReceipt.objects.exists()
