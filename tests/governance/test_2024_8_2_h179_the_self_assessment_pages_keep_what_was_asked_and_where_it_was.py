"""The self-assessment's pages, found in a browser walk (helper-179):

* 2024 8.2: "Publish on the website" ticked on an approval refused for its date came back unticked,
  so putting the date right recorded the approval unpublished, though the person had asked for it
  published (the Code asks for the self-assessment to be published on the website).
* 2024 8.1, 8.2: an approval with provisions unanswered and a date in the future said only the first;
  the date's problem was said only once the answers were in. Every problem is said at once.
* The governance sub-navigation is on every governance page a self-assessment or an Ombudsman case
  is read on, names the self-assessment, and marks where the reader is (``aria-current="page"``,
  as the workspace's navigation marks its own).
* 2024 7.3: the lists behind a self-assessment's remedy figures went "Back to the dashboard", which
  the reader had not come from; like the lists of cases covered and failing, they go back to the
  section of the self-assessment they were opened from.
* 2024 2.1: the list of cases covered left a complaint's stage 1 cell blank where it had no stage 1
  dates, where stage 2 says "–".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.models import OmbudsmanCase, SelfAssessment
from putright.governance.performance import Scope


def _approve(client: Client, assessment: SelfAssessment, **posted: str) -> Any:
    body = {
        "approved_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "approved_by": "Board meeting, minute 12",
        "governing_body_response": "The Board accepts it.",
        **posted,
    }
    return client.post(f"/governance/self-assessment/{assessment.pk}/approve/", body)


def _answer_all(assessment: SelfAssessment, officer: User) -> None:
    for entry in assessment.entries.all():
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            contradiction_explanation="Explained." if entry.state == "non_compliance" else "",
        )


def _summary(html: str) -> list[str]:
    """What the GOV.UK error summary lists."""
    listed = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [unescape(said) for said in re.findall(r'<a href="[^"]+">([^<]+)</a>', listed)]


@pytest.fixture
def assessment(officer: User) -> SelfAssessment:
    return services.start_self_assessment(actor=officer, year=2025, edition="2024")


def test_2024_8_2_publish_on_the_website_stays_ticked_on_an_approval_refused_for_its_date(
    officer: User, signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    _answer_all(assessment, officer)
    refused = _approve(signed_in_officer, assessment, publish="1")
    assert refused.status_code == 422
    html = refused.content.decode()
    assert re.search(r'<input[^>]*id="publish"[^>]*\schecked>', html), "the tick was lost"
    assert 'value="Board meeting, minute 12"' in html and "The Board accepts it." in html
    # the date put right, with the tick as it came back: approved and published, as asked
    corrected = {"approved_on": timezone.localdate().isoformat(), "publish": "1"}
    assert _approve(signed_in_officer, assessment, **corrected).status_code == 302
    assessment.refresh_from_db()
    assert assessment.approved_on == timezone.localdate() and assessment.published


def test_2024_8_2_publish_on_the_website_left_unticked_stays_unticked(
    officer: User, signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    _answer_all(assessment, officer)
    html = _approve(signed_in_officer, assessment).content.decode()
    assert re.search(r'<input[^>]*id="publish"[^>]*value="1">', html)


def test_2024_8_1_8_2_an_approval_unanswered_and_dated_in_the_future_is_refused_with_both_at_once(
    signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    response = _approve(signed_in_officer, assessment, publish="1")
    assert response.status_code == 422
    summary = _summary(response.content.decode())
    assert len(summary) == 2, summary
    assert summary[0].startswith("2024 8.1: answer every provision first")
    assert summary[1] == "Date the governing body approved it must be today or in the past"
    assessment.refresh_from_db()
    assert assessment.approved_on is None and not assessment.published


def test_2024_8_1_8_2_an_approval_unanswered_and_missing_its_meeting_says_both(
    signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    """The form's own refusal (nothing typed for the meeting) and the Code's, together."""
    html = _approve(signed_in_officer, assessment, approved_by="", approved_on="2026-01-05").content.decode()
    summary = _summary(html)
    assert len(summary) == 2, summary
    assert summary[0].startswith("2024 8.1: answer every provision first")
    assert summary[1].startswith("Enter the governing body and meeting")


def test_2024_8_1_8_2_the_service_refuses_an_approval_with_every_problem_at_once(
    officer: User, assessment: SelfAssessment
) -> None:
    with pytest.raises(InvalidRequest) as refused:
        services.approve_self_assessment(
            assessment=assessment,
            actor=officer,
            approved_on=timezone.localdate() + timedelta(days=1),
            approved_by=" ",
        )
    assert refused.value.provision == "2024 8.1"
    assert [name for name, _ in refused.value.fields] == ["approved_by", "approved_on"]
    assert "cannot be in the future" in refused.value.detail and "(2024 8.2)" in refused.value.detail


def _subnav(html: str) -> str:
    return html.split('<nav aria-label="Governance"', 1)[1].split("</nav>", 1)[0]


def test_governance_subnav_is_on_the_self_assessment_and_ombudsman_case_pages_marking_where_the_reader_is(
    officer: User, signed_in_officer: Client, assessment: SelfAssessment, journey: Any
) -> None:
    d = date
    complaint = journey(
        d(2025, 7, 1),
        ack=d(2025, 7, 2),
        respond=d(2025, 7, 4),
        escalate=d(2025, 7, 7),
        ack2=d(2025, 7, 8),
        respond2=d(2025, 7, 30),
        refer=d(2025, 8, 15),
    )
    case: OmbudsmanCase = services.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=d(2025, 8, 15), reference="202512345"
    )
    current = {
        "/governance/": "Performance dashboard",
        "/governance/self-assessment/": "Self-assessment",
        f"/governance/self-assessment/{assessment.pk}/": "Self-assessment",
        f"/governance/self-assessment/{assessment.pk}/section/7/": "Self-assessment",
        "/governance/ombudsman/": "Ombudsman cases",
        f"/governance/ombudsman/{case.pk}/": "Ombudsman cases",
        "/governance/reports/annual/2025/": "Reports",
    }
    services.produce_annual_report(actor=officer, year=2025)
    for path, label in current.items():
        page = signed_in_officer.get(path)
        assert page.status_code == 200, path
        nav = _subnav(page.content.decode())
        assert re.search(r'href="/governance/self-assessment/"[^>]*>Self-assessment</a>', nav), path
        marked = re.findall(r'href="([^"]+)" aria-current="page">([^<]+)</a>', nav)
        assert [said for _, said in marked] == [label], path


def _scope(a: SelfAssessment) -> Scope:
    return Scope(Period(a.period_from, a.period_to), AsAt(a.as_at_day, a.as_at_moment))


def test_2024_7_3_the_lists_behind_the_remedy_figures_go_back_to_section_7_of_the_self_assessment(
    signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    section = signed_in_officer.get(
        f"/governance/self-assessment/{assessment.pk}/section/7/"
    ).content.decode()
    figures = {
        label: unescape(href)
        for href, label in re.findall(r'<a class="govuk-link" href="([^"]+)">([^<:]+): \d+</a>', section)
    }
    for label in ("remedies agreed, each with a due date", "completed", "past due, not completed"):
        assert label in figures, (label, sorted(figures))
    assert any(label.startswith("withdrawn") for label in figures), sorted(figures)
    for label, href in figures.items():
        listed = signed_in_officer.get(href)
        assert listed.status_code == 200, label
        html = listed.content.decode()
        back = f'href="/governance/self-assessment/{assessment.pk}/section/7/" class="govuk-back-link"'
        assert back in html and "Back to section 7 of the self-assessment" in html, label
        assert "Back to the dashboard" not in html, label
    # the same list opened from the dashboard still goes back to the dashboard
    remedies = _scope(assessment).link("remedies")
    assert "Back to the dashboard" in signed_in_officer.get(remedies).content.decode()


def test_2024_2_1_the_cases_covered_say_a_stage_1_with_no_dates_as_stage_2_does(
    officer: User, signed_in_officer: Client, journey: Any
) -> None:
    declined = journey(date(2025, 8, 4), decline=date(2025, 8, 5), ground="legal_proceedings")
    a = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    html = signed_in_officer.get(
        _scope(a).link("rule:2024:2.1", part="covered") + f"&assessment={a.pk}"
    ).content.decode()
    row = html.split(f">{declined.reference}</a>", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', row)
    assert cells[-2:] == ["–", "–"], cells  # stage 1 due / done, stage 2 due / done


def test_2024_8_1_answer_every_provision_first_is_said_at_the_approval_form_the_summary_links_to(
    signed_in_officer: Client, assessment: SelfAssessment
) -> None:
    """The approval form sits below all 72 provisions: a problem that is no one field's ("answer every
    provision first") is said above it, with a link to the provisions still to answer, and the error
    summary links there, not to the top of a page the form is thousands of pixels below."""
    html = _approve(signed_in_officer, assessment, publish="1").content.decode()
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r'<a href="#approval-problems">2024 8\.1: answer every provision first', summary)
    problems = html.split('id="approval-problems"', 1)[1].split("</div>", 1)[0]
    assert "2024 8.1: answer every provision first" in problems
    assert 'href="#still-to-answer"' in problems and 'id="still-to-answer"' in html
    form = html.split('/approve/" novalidate>', 1)[1]
    assert 'id="approval-problems"' in form.split('id="id_approved_on"', 1)[0]  # said above the form's fields
