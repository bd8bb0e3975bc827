"""2024 9.7 c: the follow-through page (the evidence the Ombudsman asked for, sent, and evidence of
compliance sent) said a refusal by the core ("say why a date already recorded is changed", a day
still to come) as a banner linking to the forms, where the governance pages put each on its field at
422 (``web.refusals.refused_on_its_fields``). Now the same: on the field it is about, in the error
summary linked to it, with what was typed kept and nothing recorded."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from refused_form import marked_in_error, summary, title_says_error

from putright.accounts.models import User
from putright.governance import services as governance
from putright.governance.models import OmbudsmanCase
from putright.ombudsman import follow_through

TODAY = date(2026, 4, 16)


@pytest.fixture
def case(build, officer) -> OmbudsmanCase:  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        case = governance.open_ombudsman_case(
            actor=officer, complaint=build("referred_to_ombudsman"), referred_on=date(2026, 3, 2)
        )
        follow_through.record_evidence_request(
            case=case, actor=officer, requested_on=date(2026, 3, 9), due=date(2026, 3, 23)
        )
        return case


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_a_due_date_changed_without_its_reason_is_asked_for_on_the_reason(
    case: OmbudsmanCase, officer: User, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    response = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {
            "action": "request",
            "request-requested_on-day": "9",
            "request-requested_on-month": "3",
            "request-requested_on-year": "2026",
            "request-due-day": "6",
            "request-due-month": "4",
            "request-due-year": "2026",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert title_says_error(html)
    assert summary(html) == [
        ("#id_request-reason", "Say why the date the evidence is due, recorded as 23 March 2026, is changed")
    ]
    assert marked_in_error(html, "id_request-reason")
    assert 'value="6"' in html and 'value="4"' in html  # what was typed kept
    case.refresh_from_db()
    assert case.evidence_due == date(2026, 3, 23)


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_evidence_sent_on_a_day_still_to_come_is_refused_on_its_date(
    case: OmbudsmanCase, officer: User, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    response = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {
            "action": "evidence-sent",
            "sent-sent_on-day": "17",
            "sent-sent_on-month": "4",
            "sent-sent_on-year": "2026",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert summary(html) == [("#id_sent-sent_on", "Date the evidence was sent must be today or in the past")]
    assert marked_in_error(html, "id_sent-sent_on") and 'value="17"' in html
    case.refresh_from_db()
    assert case.evidence_sent_on is None


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_evidence_sent_with_no_request_recorded_is_refused_on_its_date(
    build, officer: User, client
) -> None:  # type: ignore[no-untyped-def]
    """ "Record the Ombudsman's request for evidence first" was the one refusal on no field: the error
    summary linked to the top of the page and the form sent showed nothing wrong."""
    case = governance.open_ombudsman_case(
        actor=officer, complaint=build("referred_to_ombudsman"), referred_on=date(2026, 3, 2)
    )
    client.force_login(officer)
    response = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {
            "action": "evidence-sent",
            "sent-sent_on-day": "1",
            "sent-sent_on-month": "4",
            "sent-sent_on-year": "2026",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert summary(html) == [
        (
            "#id_sent-sent_on",
            "Record the Ombudsman's request for evidence first: evidence is sent in answer to one",
        )
    ]
    assert marked_in_error(html, "id_sent-sent_on")
    case.refresh_from_db()
    assert case.evidence_sent_on is None


@time_machine.travel(TODAY, tick=False)
def test_2024_9_7_c_evidence_sent_before_it_was_asked_for_is_refused_on_its_date_naming_the_earliest(
    case: OmbudsmanCase, officer: User, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    response = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {
            "action": "evidence-sent",
            "sent-sent_on-day": "5",
            "sent-sent_on-month": "3",
            "sent-sent_on-year": "2026",
        },
    )
    assert response.status_code == 422
    assert summary(response.content.decode()) == [
        (
            "#id_sent-sent_on",
            "The evidence cannot be sent before it was asked for: the earliest is 9 March 2026",
        )
    ]
    case.refresh_from_db()
    assert case.evidence_sent_on is None
