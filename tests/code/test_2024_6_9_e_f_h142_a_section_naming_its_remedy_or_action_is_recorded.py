"""2024 6.9 e, f (6.19 e, f): the response confirms "the details of any remedy offered to put things
right" and "details of any outstanding actions". A section that says none of one kind and names the
remedy or action the record holds in the same sentence ("No compensation, but an apology.", "None
outstanding except the extractor fan.") sets out the details the Code asks for: refusing it as "says
there is none" is over-enforcement, and the handler is told they wrote "None" when they did not
(adversarial review, helper-142, of 8b0fe0f and ce2c3bb: ``says_none`` lets up to four other words
stand beside a denial, so "but an apology" or "except the extractor fan" reads as none).
``response_denials`` promises "A section in its own words is never refused here, whatever it says"."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response
from test_2024_6_9_e_f_a_response_cannot_say_none_over_the_record import _with_the_walks_record

from putright.code import lifecycle as lc


def _with_an_apology_only(journey: Journey) -> Journey:
    """The record holds one remedy, an apology, and no outstanding action."""
    journey.decide(
        lc.agree_remedy,
        on=journey.today,
        description="An apology for the delay in repairing the extractor fan.",
        due=journey.today,
        remedy_kind=lc.RemedyKind.APOLOGY,
        agreed_with_resident=True,
    )
    return journey


@pytest.mark.parametrize(
    "remedy",
    [
        "No compensation, but an apology.",
        "No award, but we apologise.",
        "No financial remedy: apology only.",
        "Nothing to offer but our apology.",
        "Nothing further to offer, apology above.",
    ],
)
def test_2024_6_9_e_a_remedy_section_naming_the_apology_is_recorded(remedy: str) -> None:
    journey = _with_an_apology_only(Journey().to_stage_1_acknowledged())
    journey.respond(response=stage_response(remedy=remedy, outstanding_actions="None."))
    assert journey.case.status == lc.Status.RESPONDED


@pytest.mark.parametrize(
    "outstanding_actions",
    [
        "None outstanding except the extractor fan.",
        "None outstanding, fan booked 15 January.",
        "No further repairs except the extractor fan.",
        "All repairs have been completed except the fan.",
    ],
)
def test_2024_6_9_f_an_actions_section_naming_the_open_action_is_recorded(outstanding_actions: str) -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    journey.respond(
        response=stage_response(
            remedy="An apology, and £75 compensation by 14 December 2026.",
            outstanding_actions=outstanding_actions,
        )
    )
    assert journey.case.status == lc.Status.RESPONDED
