"""2024 7.4 (2022 6.8): the landlord takes account of the Ombudsman's guidance on remedies.

Worked examples against the Compensation Guidance data file (in effect from 1 April 2026): each
defined sum, the landlord's own policy as a second table, categories left to judgement, offers
below the defined sums, and the dates each edition and policy version is in force.
"""

from __future__ import annotations

from datetime import date

import pytest

from putright.code.compensation import (
    Basis,
    CompensationInputError,
    Failure,
    NoGuidance,
    Rate,
    Schedule,
    calculate,
    guidance_editions,
    guidance_on,
    kinds,
    parse_request,
    policy_in_force,
)
from putright.code.provisions import edition

MAY_2026 = date(2026, 5, 1)


def test_2024_7_4_the_worked_example_23_days_without_heating_and_2_missed_appointments_is_375() -> None:
    on, failures = parse_request(
        {
            "on": "2026-05-01",
            "failures": [{"kind": "loss_of_heating", "days": 23}, {"kind": "missed_appointment", "count": 2}],
        }
    )
    result = calculate(failures, on=on)
    heating, appointments = result.proposals
    assert heating.proposed_pence == 34500
    assert heating.workings == "23 days × £15 = £345"
    assert appointments.proposed_pence == 3000
    assert appointments.workings == "2 × £15 = £30"
    assert result.total_pence == 37500
    assert heating.rule == "£15 for each day of total loss of heating"
    assert "published 3 February 2026, in effect from 1 April 2026" in heating.source
    assert heating.provisions == ("2024 7.1", "2024 7.2", "2024 7.3", "2024 7.4")


@pytest.mark.parametrize(
    ("failure", "pence"),
    [
        (Failure(kind="loss_of_heating", days=1), 1500),
        (Failure(kind="loss_of_heating_or_hot_water_only", days=10), 8000),
        (Failure(kind="loss_of_power", days=3), 3000),
        (Failure(kind="loss_of_lighting", weeks=2), 2000),
        (Failure(kind="missed_appointment", count=1), 1500),
        (Failure(kind="loss_of_heating", started_on=date(2026, 5, 1), ended_on=date(2026, 5, 23)), 34500),
        (Failure(kind="loss_of_power", days=0), 0),
    ],
)
def test_2024_7_4_each_defined_sum(failure: Failure, pence: int) -> None:
    (proposal,) = calculate([failure], on=MAY_2026).proposals
    assert proposal.proposed_pence == pence
    assert proposal.defined_pence == pence


def test_2024_7_4_lighting_counts_whole_weeks_and_says_what_it_left_to_judgement() -> None:
    (proposal,) = calculate([Failure(kind="loss_of_lighting", days=17)], on=MAY_2026).proposals
    assert proposal.quantity == 2
    assert proposal.proposed_pence == 2000
    assert "3 days beyond 2 whole weeks" in proposal.notes[0]


def test_2024_7_2_judgement_categories_get_no_invented_sum() -> None:
    result = calculate([Failure(kind="distress_and_inconvenience")], on=MAY_2026)
    (proposal,) = result.proposals
    assert proposal.proposed_pence is None
    assert proposal.defined_pence is None
    assert result.total_pence == 0
    assert result.left_to_judgement == (proposal,)
    assert "2024 7.2" in proposal.workings


def test_2024_7_2_a_sum_of_judgement_needs_its_reasons() -> None:
    with pytest.raises(CompensationInputError, match="reasons"):
        calculate([Failure(kind="time_and_trouble", amount_pence=5000)], on=MAY_2026)
    (proposal,) = calculate(
        [Failure(kind="time_and_trouble", amount_pence=5000, reason="six calls and two visits to chase")],
        on=MAY_2026,
    ).proposals
    assert proposal.proposed_pence == 5000
    assert "six calls" in proposal.workings


def test_2024_7_4_an_offer_below_the_defined_sum_is_below_it_and_one_at_it_is_not() -> None:
    (proposal,) = calculate([Failure(kind="loss_of_heating", days=30)], on=MAY_2026).proposals
    assert proposal.below_defined_sum(100)  # £1 for 30 days without heating
    assert proposal.below_defined_sum(44999)
    assert not proposal.below_defined_sum(45000)
    assert not proposal.below_defined_sum(60000)
    (judged,) = calculate([Failure(kind="distress_and_inconvenience")], on=MAY_2026).proposals
    assert not judged.below_defined_sum(0)  # no defined sum: nothing to fall below


POLICY = Schedule(
    title="Compensation policy",
    publisher="Riverside Homes",
    source="Riverside Homes compensation policy, version 3 (from 1 April 2026)",
    effective_from=date(2026, 4, 1),
    rates=(
        Rate("missed_appointment", "Missed appointment", Basis.EACH, 2000, "£20 for each missed appointment"),
        Rate("loss_of_heating", "Total loss of heating", Basis.PER_DAY, 1000, "£10 a day without heating"),
        Rate(
            "right_to_repair",
            "Qualifying repair late",
            Basis.EACH,
            1000,
            "£10 for each repair not done on time",
        ),
    ),
)


def test_2024_7_4_a_more_generous_landlord_policy_is_proposed_with_its_own_source() -> None:
    (proposal,) = calculate(
        [Failure(kind="missed_appointment", count=2)], on=MAY_2026, policy=POLICY
    ).proposals
    assert proposal.proposed_pence == 4000
    assert proposal.defined_pence == 3000
    assert proposal.policy_pence == 4000
    assert proposal.source == POLICY.source


def test_2024_7_4_a_landlord_policy_below_the_guidance_gives_way_to_the_defined_sum() -> None:
    (proposal,) = calculate([Failure(kind="loss_of_heating", days=23)], on=MAY_2026, policy=POLICY).proposals
    assert proposal.proposed_pence == 34500
    assert proposal.policy_pence == 23000
    assert "below the Ombudsman's defined sum" in proposal.notes[-1]
    assert "2024 7.4" in proposal.notes[-1]


def test_a_landlord_only_kind_comes_from_its_policy() -> None:
    (proposal,) = calculate([Failure(kind="right_to_repair", count=3)], on=MAY_2026, policy=POLICY).proposals
    assert proposal.proposed_pence == 3000
    assert proposal.defined_pence is None
    assert "right_to_repair" in {r.kind for r in kinds(MAY_2026, POLICY)}


def test_the_policy_version_in_force_is_chosen_by_date_and_a_later_version_ends_the_earlier() -> None:
    later = Schedule(
        title="Compensation policy",
        publisher="Riverside Homes",
        source="version 4",
        effective_from=date(2026, 9, 1),
        rates=(),
    )
    assert policy_in_force([later, POLICY], date(2026, 8, 31)).source == POLICY.source  # type: ignore[union-attr]
    assert policy_in_force([later, POLICY], date(2026, 9, 1)).source == "version 4"  # type: ignore[union-attr]
    assert policy_in_force([later, POLICY], date(2026, 3, 31)) is None


def test_2022_6_8_a_2022_case_cites_the_2022_provisions() -> None:
    (proposal,) = calculate([Failure(kind="loss_of_power", days=1)], on=MAY_2026, edition="2022").proposals
    assert proposal.provisions == ("2022 6.1", "2022 6.2", "2022 6.5", "2022 6.6", "2022 6.8")


def test_the_guidance_is_dated_data_with_its_source() -> None:
    (first, *_) = guidance_editions()
    assert first.effective_from == date(2026, 4, 1)
    assert first.published_on == date(2026, 2, 3)
    assert guidance_on(date(2026, 4, 1)) == first
    with pytest.raises(NoGuidance, match="2026-03-31"):
        guidance_on(date(2026, 3, 31))
    assert edition("2024").provision("7.4").text.startswith("Landlords must take account of the guidance")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"on": "2026-05-01", "failures": [{"kind": "flood", "days": 2}]}, "unknown kind 'flood'"),
        ({"on": "2026-05-01", "failures": [{"kind": "loss_of_heating", "days": -1}]}, "cannot be negative"),
        ({"on": "2026-02-30", "failures": [{"kind": "loss_of_heating", "days": 1}]}, "not a date"),
        ({"on": "2026-05-01", "failures": [{"kind": "loss_of_heating"}]}, "per day"),
        ({"on": "2026-05-01", "failures": [{"kind": "loss_of_heating", "days": True}]}, "whole number"),
        ({"on": "2026-05-01", "failures": []}, "at least one"),
        ({"on": "2026-05-01", "failures": [{"kind": "loss_of_heating", "days": 1, "x": 1}]}, "unknown field"),
        (
            {
                "on": "2026-05-01",
                "failures": [{"kind": "loss_of_heating", "from": "2026-05-02", "to": "2026-05-01"}],
            },
            "end before it started",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw: object, message: str) -> None:
    with pytest.raises(CompensationInputError, match=message):
        on, failures = parse_request(raw)
        calculate(failures, on=on)
