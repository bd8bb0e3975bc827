"""2024 9.7 c (the Ombudsman's investigations, as the governing body is told of them): the day the
Ombudsman started investigating a case, or determined it, is a day that has happened, on or after the
day the complaint was referred. The case page's progress form (new, helper-171) and the register's
form took any date: started "next year" recorded the case as under investigation while the
dashboard's "investigations open" left it out until that day came, and a start before the referral
was kept as typed. Each is refused on its date's field (422), what was chosen kept, the case as it
was."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.governance import services
from putright.governance.models import OmbudsmanCase

pytestmark = pytest.mark.django_db


def _progress(client, case: OmbudsmanCase, started: str, reason: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/governance/ombudsman/{case.pk}/",
        {"action": "progress", "progress": "investigation", "started": started, "reason": reason},
    )


def test_2024_9_7_c_an_investigation_started_in_the_future_is_refused_on_its_date(
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _progress(signed_in_officer, ombudsman_case, tomorrow.isoformat())
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="investigation" checked' in unescape(html)
    assert _summary(html) == [
        ("#id_started", "Date the Ombudsman started investigating must be today or in the past")
    ]
    assert _marked_in_error(html, "id_started")
    ombudsman_case.refresh_from_db()
    assert (ombudsman_case.progress, ombudsman_case.investigation_started_on) == ("referred", None)


def test_2024_9_7_c_an_investigation_started_before_the_referral_is_refused_on_its_date(
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    before = ombudsman_case.referred_on - timedelta(days=1)
    response = _progress(signed_in_officer, ombudsman_case, before.isoformat())
    assert response.status_code == 422
    assert _summary(response.content.decode()) == [
        (
            "#id_started",
            "Date the Ombudsman started investigating must be on or after the day the complaint was "
            "referred (15 August 2025)",
        )
    ]
    ombudsman_case.refresh_from_db()
    assert (ombudsman_case.progress, ombudsman_case.investigation_started_on) == ("referred", None)


def test_2024_9_7_c_an_investigation_started_on_the_day_of_the_referral_is_recorded(
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """Not over-enforced: the day of the referral itself, and today, are days it may have started."""
    for day in (ombudsman_case.referred_on, timezone.localdate()):
        # the second changes a date already recorded, so says why (kept in the case's history, h184)
        why = (
            "" if ombudsman_case.investigation_started_on is None else "Corrected from the Ombudsman's letter"
        )
        assert _progress(signed_in_officer, ombudsman_case, day.isoformat(), why).status_code == 302
        ombudsman_case.refresh_from_db()
        assert ombudsman_case.investigation_started_on == day


def test_2024_9_7_c_compliance_with_an_order_dated_in_the_future_is_refused_on_its_date(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """An order complied with on a day still to come is a promise, not compliance: the case page showed
    it complied with, its evidence kept, before anything was done."""
    order = services.record_ombudsman_order(
        case=ombudsman_case, actor=officer, kind="order", description="Pay £400", due=date(2025, 12, 1)
    )
    later, prefix = timezone.localdate() + timedelta(days=7), f"c{order.pk}"
    response = signed_in_officer.post(
        f"/governance/ombudsman/{ombudsman_case.pk}/",
        {
            "action": "comply",
            "order": order.pk,
            f"{prefix}-complied_on-day": str(later.day),
            f"{prefix}-complied_on-month": str(later.month),
            f"{prefix}-complied_on-year": str(later.year),
            f"{prefix}-evidence": "Paid £400 by BACS.",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Paid £400 by BACS." in html
    assert _summary(html) == [
        (f"#id_{prefix}-complied_on", "Date the order was complied with must be today or in the past")
    ]
    assert _marked_in_error(html, f"id_{prefix}-complied_on")
    order.refresh_from_db()
    assert order.complied_on is None and order.evidence == ""


def test_2024_9_7_c_a_case_referred_in_the_future_is_refused_on_its_referral_date(
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """As the start and the determination: a referral next week was kept, the register saying the
    complaint was referred on a day that has not come (helper-181)."""
    later = timezone.localdate() + timedelta(days=7)
    response = signed_in_officer.post(
        "/governance/ombudsman/",
        {
            "complaint_reference": ombudsman_case.complaint.reference,
            "reference": "202599999",
            "referred_on": later.isoformat(),
            "progress": "referred",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="202599999"' in html
    assert _summary(html) == [
        ("#id_referred_on", "Date referred to the Ombudsman must be today or in the past")
    ]
    assert _marked_in_error(html, "id_referred_on")
    assert list(OmbudsmanCase.objects.all()) == [ombudsman_case]
