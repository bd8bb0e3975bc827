"""2024 8.2: "The response of the governing body must be published alongside this." Once the governing
body has approved a self-assessment, its approval and response are what was published and sent to the
Ombudsman: the form is no longer shown, and a second approval posted to the page (another tab, a
request replayed) must not replace the date, the meeting or the response with no trace. A changed
self-assessment is a new one (the page's own words: "start a new one to change it")."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from governance.test_2024_8_2_h179_the_self_assessment_pages_keep_what_was_asked_and_where_it_was import (
    _answer_all,
    _summary,
)

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.models import SelfAssessment


@pytest.fixture
def approved(officer: User) -> SelfAssessment:
    assessment = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    _answer_all(assessment, officer)
    return services.approve_self_assessment(
        assessment=assessment,
        actor=officer,
        approved_on=date(2026, 5, 20),
        approved_by="Board, minute 9",
        governing_body_response="The Board accepts it.",
    )


def _as_approved(assessment: SelfAssessment) -> None:
    assessment.refresh_from_db()
    assert (assessment.approved_on, assessment.approved_by, assessment.governing_body_response) == (
        date(2026, 5, 20),
        "Board, minute 9",
        "The Board accepts it.",
    )


def test_2024_8_2_a_second_approval_is_refused_and_the_response_published_stays(
    officer: User, approved: SelfAssessment
) -> None:
    with pytest.raises(InvalidRequest) as refused:
        services.approve_self_assessment(
            assessment=approved,
            actor=officer,
            approved_on=date(2026, 6, 1),
            approved_by="Board, minute 14",
            governing_body_response="Words given later.",
        )
    assert "already approved" in refused.value.detail and "start a new one" in refused.value.detail
    _as_approved(approved)


def test_2024_8_2_a_second_approval_posted_to_the_page_is_refused_on_it(
    signed_in_officer: Client, approved: SelfAssessment
) -> None:
    page = signed_in_officer.post(
        f"/governance/self-assessment/{approved.pk}/approve/",
        {"approved_on": "2026-06-01", "approved_by": "Board, minute 14", "governing_body_response": "Later."},
    )
    assert page.status_code == 422
    assert any("already approved on 20 May 2026" in said for said in _summary(page.content.decode()))
    _as_approved(approved)
