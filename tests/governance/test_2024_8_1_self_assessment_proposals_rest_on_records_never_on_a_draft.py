"""The self-assessment's proposals can be opened down to their records, and never rest on a draft.

* 2024 8.1 a: every "Yes" proposed has records behind it: the count of cases a rule covered opens the
  list of those complaints (linked for those who may open them, references only for the MRC), as the
  failing ones do.
* 2024 8.1: "Landlords must produce an annual complaints performance and service improvement report
  for scrutiny and challenge, which must include: a. the annual self-assessment against this Code".
  A report on a draft self-assessment does not show that, and the report says how many provisions
  were answered, never "we comply with 1 of 72" from a draft.
* 2024 8.3, 8.4: a re-assessment is never refused, but a second self-assessment for a year is said.
* The Ombudsman's annual submission: a due date passed with nothing submitted is marked overdue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.governance import services
from putright.governance.facts import AsAt
from putright.governance.forms import TriggerForm
from putright.governance.measures import Period
from putright.governance.models import SelfAssessment
from putright.governance.performance import Scope


@pytest.fixture
def records(journey: Any) -> list[Any]:
    d = date
    return [
        journey(d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18)),
        journey(d(2025, 6, 9), ack=d(2025, 6, 10), respond=d(2025, 6, 20)),
        journey(
            d(2025, 7, 1),
            ack=d(2025, 7, 2),
            respond=d(2025, 7, 14),
            escalate=d(2025, 8, 4),
            ack2=d(2025, 8, 5),
            respond2=d(2025, 8, 20),
        ),
    ]


def _scope(a: SelfAssessment) -> Scope:
    return Scope(Period(a.period_from, a.period_to), AsAt(a.as_at_day, a.as_at_moment))


def _answer_all(a: SelfAssessment, officer: User, *, leave: int = 0) -> None:
    for entry in list(a.entries.all())[leave:]:
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            policy_reference="Complaints policy",
            contradiction_explanation="Explained to the Board." if entry.state == "non_compliance" else "",
        )


def test_2024_8_1_a_the_cases_a_proposal_covers_open_down_to_the_complaints(
    records: list[Any], officer: User, signed_in_officer: Client
) -> None:
    """'All 5 complaints considered at stage 2', 'All 140 steps' had no way to the cases they counted."""
    a = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    scope = _scope(a)
    for number, expected in (("6.13", [records[2]]), ("6.9", records), ("5.12", records), ("6.2", records)):
        entry = a.entries.get(provision=number)
        assert entry.evidence["covered_listed"] is True, number
        link = scope.link(f"rule:2024:{number}", part="covered") + f"&assessment={a.pk}"
        page = signed_in_officer.get(link)
        assert page.status_code == 200, number
        html = page.content.decode()
        assert f"Covered by 2024 {number}" in html
        assert '<th scope="col" class="govuk-table__header">What was tested</th>' in html
        for r in expected:
            assert f'href="/workspace/complaints/{r.reference}/">{r.reference}</a>' in html, (number, r)
        assert f"{entry.evidence['covered']} case" in html, number  # the count the entry gave
    five_twelve = signed_in_officer.get(
        scope.link("rule:2024:5.12", part="covered") + f"&assessment={a.pk}"
    ).content.decode()
    assert "stage 1 acknowledgement on 4 June 2025; stage 1 response on 18 June 2025" in five_twelve
    section = signed_in_officer.get(f"/governance/self-assessment/{a.pk}/section/6/").content.decode()
    covered_link = (scope.link("rule:2024:6.13", part="covered") + f"&assessment={a.pk}").replace(
        "&", "&amp;"
    )
    assert f'href="{covered_link}"' in section
    # a rule that keeps no list of every case it covered says so plainly: one on governance records
    # (an appointment), and 1.4, which proposes nothing and reports service requests as figures
    for number in ("9.5", "1.4"):
        refused = signed_in_officer.get(scope.link(f"rule:2024:{number}", part="covered"))
        said = refused.content.decode()
        assert refused.status_code == 400 and "keeps no list of every case it covered" in said, number
        assert "not tested on complaints" not in said


def test_2024_9_6_the_mrc_opens_the_covered_cases_as_references_not_links(
    records: list[Any], officer: User
) -> None:
    a = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    mrc = User.objects.create_user("mrc", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)
    client = Client()
    client.force_login(mrc)
    html = client.get(_scope(a).link("rule:2024:6.9", part="covered")).content.decode()
    assert "Anonymised" in html
    for r in records:
        assert r.reference in html and f'href="/workspace/complaints/{r.reference}/"' not in html


def test_2024_8_1_a_report_on_a_draft_self_assessment_neither_proposes_yes_nor_claims_compliance(
    records: list[Any], officer: User, signed_in_officer: Client
) -> None:
    draft = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    on_form = draft.entries.count()
    _answer_all(draft, officer, leave=on_form - 1)  # one answered
    services.produce_annual_report(actor=officer, year=2025)
    html = signed_in_officer.get("/governance/reports/annual/2025/").content.decode()
    assert f"1 of {on_form} provisions answered (draft)" in html
    assert "we comply with" not in html
    again = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    eight_one = again.entries.get(provision="8.1")
    assert eight_one.state == "cannot_show" and eight_one.proposed == ""
    assert (
        f"self-assessment 2025/26 (draft), with 1 of {on_form} provisions answered"
        in (eight_one.evidence["summary"])
    )
    # completed and approved, and the report produced again: the records show 8.1
    _answer_all(draft, officer)
    services.approve_self_assessment(
        assessment=draft, actor=officer, approved_on=date(2026, 5, 20), approved_by="Board, minute 9"
    )
    services.produce_annual_report(actor=officer, year=2025)
    html = signed_in_officer.get("/governance/reports/annual/2025/").content.decode()
    assert f"we comply with {on_form} of {on_form} provisions" in html
    third = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    assert third.entries.get(provision="8.1").state == "compliance"


def test_2024_8_3_a_second_self_assessment_for_a_year_is_started_and_said(
    records: list[Any], signed_in_officer: Client
) -> None:
    first = signed_in_officer.post(
        "/governance/self-assessment/", {"year": "2025", "edition": "2024"}, follow=True
    ).content.decode()
    assert "No answers are carried over" in first and "already exists" not in first
    second = signed_in_officer.post(
        "/governance/self-assessment/", {"year": "2025", "edition": "2024"}, follow=True
    ).content.decode()
    assert SelfAssessment.objects.filter(year=2025).count() == 2  # never refused (8.3, 8.4)
    assert "Self-assessment 2025/26 (2024 Code), started " in second and "already exists" in second
    on_form = SelfAssessment.objects.first().entries.count()  # type: ignore[union-attr]
    listing = signed_in_officer.get("/governance/self-assessment/").content.decode()
    assert listing.count(f"0 of {on_form}") == 2 and ">Started</th>" in listing


def test_the_submission_due_date_passed_with_nothing_submitted_is_overdue(
    officer: User, landlord: Any, client: Client
) -> None:
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 7, 10)), tick=False):
        client.force_login(officer)  # signed in on the day travelled to (a session before it expires)
        html = client.get("/governance/submission/").content.decode()
    assert "Overdue (due 30 September 2026, not submitted)" in html
    assert "Overdue (due 30 September 2025, not submitted)" in html
    assert "Overdue (due 30 September 2027" not in html


def test_self_assessment_forms_read_as_english(
    records: list[Any], officer: User, signed_in_officer: Client
) -> None:
    """No blank '---------' radio among the kinds of change; 'The other 1 answer was saved'."""
    assert "---------" not in str(TriggerForm(prefix="t")["kind"])
    a = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    page = signed_in_officer.post(
        f"/governance/self-assessment/{a.pk}/section/6/",
        {"p6-13-comply": "yes", "p6-13-policy_reference": "Policy 6", "p6-3-comply": "no"},
    ).content.decode()
    assert "The other 1 answer was saved." in page
