"""2024 8.1 a: every "Yes" the self-assessment proposes has records behind it. A rule that proposes an
answer from the cases it tested keeps the list of those cases ("All 12 declines" opens down to the
twelve), so a reader can check each one against its record. These rules kept only the count: 2024
1.3, 2.1, 2.3, 2.4, 2.5, 5.9, 5.10, 5.11, 5.14, 5.15, 6.8, 7.3 and 2022 4.10. Each test below has a
record of what the rule tests and one of what it does not: the list holds exactly the first, one
line for each case it counted, and never the second.

Also 2024 5.11 and 2022 4.14: "must not refuse to escalate a complaint through all stages of the
complaints procedure" unless for valid reasons. A refusal to escalate to a 2022 third stage is a
refusal through all stages, and was not looked at: the rule read stage 2 only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from governance.journeys import imported, untold
from governance.test_2022_4_15_a_stage_3_refusal_to_escalate_needs_its_letter import (
    _REFUSAL,
    _asked_for_stage_3,
    third_stage,  # noqa: F401
)
from governance.test_governance_evidence_1_3_6_8 import _acknowledged, _added, _choice, _new
from governance.test_governance_evidence_rules import (  # noqa: F401
    YEAR,
    _interval_case,
    _restriction,
    decline,
    letterhead,
    show,
    small_minimum,
)

from putright.code import lifecycle
from putright.code.exclusions import ExclusionGround
from putright.code.lifecycle import Declined
from putright.complaints import services as cs
from putright.complaints.models import Complaint
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope


def covered(found: evidence.Evidence) -> list[tuple[str, str]]:
    """The cases ``found`` lists as covered, as (reference, what was tested), after checking there is
    a list and that it lists as many cases as the entry counts."""
    assert found.covering is not None, f"no list of the cases behind {found.summary!r}"
    listed = found.covering()
    assert len(listed) == found.covered, (listed, found.covered)
    return sorted((c.reference, c.why) for c in listed)


@pytest.fixture
def declined(journey: Any, officer: Any) -> list[Complaint]:
    """Two complaints not accepted, and one accepted (which no rule on declines looks at)."""
    journey(date(2025, 5, 6))
    return [
        decline(journey, officer, date(2025, 5, 1), "Answered at stage 2 in May 2024.", "Nothing new since."),
        decline(
            journey,
            officer,
            date(2025, 6, 2),
            "Your fence claim is in the county court.",
            "The claim covers the fence.",
            "legal_proceedings",
        ),
    ]


@pytest.mark.parametrize("number", ["2.1", "2.4", "2.5"])
def test_2024_2_1_2_4_and_2_5_list_the_declines_they_covered(
    number: str,
    declined: list[Complaint],
    small_minimum: int,  # noqa: F811
) -> None:
    assert covered(show(number)) == [
        (declined[0].reference, "decision not to accept on 1 May 2025"),
        (declined[1].reference, "decision not to accept on 2 June 2025"),
    ]


def test_2024_2_3_lists_the_complaints_accepted_it_covered(
    declined: list[Complaint], journey: Any, officer: Any
) -> None:
    accepted = journey(date(2025, 7, 1), accept=False)
    with cs.recording_as_it_happened():
        cs.accept_as_complaint(
            complaint=accepted, actor=officer, issue_date=date(2025, 6, 1), on=date(2025, 7, 1)
        )
    found = covered(show("2.3"))
    assert (accepted.reference, "accepted as a complaint on 1 July 2025") in found
    assert not {c.reference for c in declined} & {ref for ref, _ in found}  # never accepted: not covered


def test_2024_5_11_lists_the_refusals_to_escalate_it_covered(
    journey: Any,
    officer: Any,
    small_minimum: int,  # noqa: F811
) -> None:
    refused = journey(
        date(2025, 6, 4),
        ack=date(2025, 6, 4),
        respond=date(2025, 6, 16),
        escalate=date(2025, 6, 20),
        refuse_escalation=date(2025, 6, 23),
    )
    journey(date(2025, 6, 5), ack=date(2025, 6, 5), respond=date(2025, 6, 16), escalate=date(2025, 6, 20))
    decline(journey, officer, date(2025, 5, 1), "Answered at stage 2 in May 2024.", "Nothing new since.")
    assert covered(show("5.11")) == [(refused.reference, "refusal to escalate to stage 2 on 23 June 2025")]


def _third_stage_scope() -> Scope:
    return Scope(Period.reporting_year(2023), AsAt.of(date(2024, 3, 31)))


def _evaluate_2023(edition: str, number: str) -> evidence.Evidence:
    found = evidence.evaluate(edition, number, evidence.context(_third_stage_scope()))
    assert found is not None
    return found


def test_2024_5_11_a_refusal_to_escalate_to_a_third_stage_is_looked_at(
    third_stage: Any,  # noqa: F811
    journey: Any,
    officer: Any,
) -> None:
    """A refusal at a 2022 third stage with nothing to show the resident was told fails, as one at
    stage 2 does: both are refusals to escalate "through all stages of the complaints procedure"."""
    c = _asked_for_stage_3(journey)
    untold(c, lifecycle.decline_escalation, on=date(2023, 6, 24), **_REFUSAL)
    found = _evaluate_2023("2024", "5.11")
    assert found.state == "non_compliance"
    assert [(case.reference, case.why) for case in found.cases] == [
        (c.reference, "refusal to escalate on 24 June 2023: no letter issued")
    ]
    assert covered(found) == [(c.reference, "refusal to escalate to stage 3 on 24 June 2023")]


def test_2022_4_14_refusals_to_escalate_through_all_stages_record_their_reasons(
    third_stage: Any,  # noqa: F811
    journey: Any,
    officer: Any,
    small_minimum: int,  # noqa: F811
) -> None:
    """2022 4.14 asks for "clear and valid reasons", not a letter (the full record's, 4.15): stage 3
    refusals with their reasons but no letter do not fail it; one with no reasons does."""
    with_reasons = [_asked_for_stage_3(journey) for _ in range(2)]
    for c in with_reasons:
        untold(c, lifecycle.decline_escalation, on=date(2023, 6, 24), **_REFUSAL)
    found = _evaluate_2023("2022", "4.14")
    # none failing, but only the complaints policy can show its reasons are those for not accepting
    assert found.cases == [] and found.state == "cannot_show"
    assert "the complaints policy must set out the reasons for declining to escalate" in found.summary
    without = _asked_for_stage_3(journey)
    imported(
        without,
        Declined(
            on=date(2023, 6, 26),
            stage=3,
            ground=ExclusionGround.LEGAL_PROCEEDINGS,
            explanation="",
            considered_on_merits="",
            exclusion_provision="2022 4.14",
        ),
    )
    found = _evaluate_2023("2022", "4.14")
    assert found.state == "non_compliance"
    assert [(case.reference, case.why) for case in found.cases] == [
        (without.reference, "refusal to escalate on 26 June 2023: no reasons recorded")
    ]
    assert covered(found) == sorted(
        [(c.reference, "refusal to escalate to stage 3 on 24 June 2023") for c in with_reasons]
        + [(without.reference, "refusal to escalate to stage 3 on 26 June 2023")]
    )


def test_2024_5_9_and_2022_4_10_list_the_late_responses_and_intervals_they_covered(
    journey: Any, officer: Any, handler_1: Any
) -> None:
    late = journey(date(2025, 6, 2), ack=date(2025, 6, 3), respond=date(2025, 7, 30))
    journey(date(2025, 6, 9), ack=date(2025, 6, 10), respond=date(2025, 6, 20))  # on time: neither's
    agreed = _interval_case(journey, officer, handler_1, date(2026, 2, 2), [date(2026, 2, 6)])
    interval = (agreed.reference, "stage 1 update every 5 working days agreed on 2 February 2026")
    assert covered(show("5.9")) == sorted([(late.reference, "stage 1 response late"), interval])
    assert covered(show("4.10", "2022")) == [interval]


def test_2024_5_10_lists_the_adjustments_it_covered(
    journey: Any, officer: Any, signed_in_officer: Client
) -> None:
    on_a_complaint = journey(date(2025, 5, 1))
    cs.record_reasonable_adjustment(
        resident=on_a_complaint.resident,
        adjustment="Large print letters",
        agreed_on=date(2025, 5, 2),
        review_due=date(2026, 5, 2),
    )
    cs.record_reasonable_adjustment(
        resident=cs.create_resident(name="Nadia No-Complaint"),
        adjustment="Email only",
        agreed_on=date(2025, 7, 1),
        review_due=date(2026, 7, 1),
    )
    journey(date(2025, 6, 2))  # a complaint with no adjustment: not covered
    found = covered(show("5.10"))
    assert found[0] == (on_a_complaint.reference, "adjustment agreed 2 May 2025")
    assert [why for ref, why in found[1:]] == ["adjustment agreed 1 July 2025"] and found[1][0].startswith(
        "resident "
    )
    # the list opens down to the complaint; the adjustment of a resident with no complaint is counted
    # and said, not silently left out of a list shorter than its count
    scope = Scope(YEAR, AsAt.of(date(2026, 3, 31)))
    html = signed_in_officer.get(scope.link("rule:2024:5.10", part="covered")).content.decode()
    assert f'href="/workspace/complaints/{on_a_complaint.reference}/">{on_a_complaint.reference}</a>' in html
    assert "2 cases tested, 1 of them for a resident with no complaint (not listed here)" in html


@pytest.mark.parametrize("number", ["5.14", "5.15"])
def test_2024_5_14_and_5_15_list_the_restrictions_they_covered(number: str, db: None) -> None:
    _restriction("Rhys", date(2026, 1, 5), date(2026, 4, 6), "Considered.")
    _restriction("Later", date(2026, 5, 1), date(2026, 8, 1), "Considered.")  # after the as-at day
    ((reference, why),) = covered(show(number))
    assert reference.startswith("resident ") and why == "restriction from 5 January 2026"


def test_2024_7_3_lists_the_complaints_with_remedies_it_covered(journey: Any) -> None:
    remedied = [
        journey(
            date(2025, 6, d),
            ack=date(2025, 6, d),
            remedy=(date(2025, 6, 10), 5000, date(2025, 7, 1), completed),
        )
        for d, completed in ((2, date(2025, 6, 20)), (3, None))
    ]
    journey(date(2025, 6, 4), ack=date(2025, 6, 4))  # no remedy: not covered
    found = covered(show("7.3"))
    assert [ref for ref, _ in found] == sorted(c.reference for c in remedied)  # once each


def test_2024_1_3_lists_the_choices_it_covered(journey: Any, officer: Any) -> None:
    asked = _choice(journey, officer, date(2025, 5, 5), "make_a_complaint")
    not_now = _choice(journey, officer, date(2025, 5, 12), "not_now")
    journey(date(2025, 5, 19))  # a complaint made with no choice recorded: not covered
    assert covered(show("1.3")) == sorted(
        [
            (asked.reference, "choice to make a complaint given (make a complaint) on 6 May 2025"),
            (not_now.reference, "choice to make a complaint given (not now) on 13 May 2025"),
        ]
    )


def test_2024_6_8_lists_the_new_issues_it_covered(journey: Any, handler_1: Any) -> None:
    added = _added(_acknowledged(journey, date(2025, 5, 5)), handler_1, date(2025, 5, 8))
    logged = _new(_acknowledged(journey, date(2025, 5, 12)), handler_1, date(2025, 5, 14))
    _acknowledged(journey, date(2025, 5, 19))  # no new issues: not covered
    found = covered(show("6.8"))
    assert [ref for ref, _ in found] == sorted([added.reference, logged.reference])
    assert all(why.startswith("new issues raised at stage 1 on ") for _, why in found)


#: rules on governance records, not on cases: an appointment, a report, a review. Their evidence names
#: the records themselves (the board minute, the report run), so there are no cases to list
ON_GOVERNANCE_RECORDS = {
    "2024": {
        "1.4",
        "4.1",
        "8.1",
        "8.2",
        "8.3",
        "8.4",
        "8.5",
        "9.1",
        "9.2",
        "9.3",
        "9.4",
        "9.5",
        "9.6",
        "9.7",
    },
    "2022": {"1.4", "3.1", "7.2", "7.3", "8.2"},
}


@pytest.mark.parametrize("edition", ["2024", "2022"])
def test_2024_8_1_a_every_rule_on_cases_keeps_the_list_of_the_cases_it_covered(
    edition: str, officer: Any
) -> None:
    """A rule added on cases without its list fails here by its number; one on governance records is
    named above, with why it has none."""
    ctx = evidence.context(Scope(YEAR, AsAt.of(date(2026, 3, 31))))
    without = {n for n in evidence.RULES[edition] if evidence.evaluate(edition, n, ctx).covering is None}  # type: ignore[union-attr]
    assert without == ON_GOVERNANCE_RECORDS[edition]
