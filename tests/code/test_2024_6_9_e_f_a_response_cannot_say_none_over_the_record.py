"""2024 6.9 e and f (6.19 e, f at stage 2; 2022 5.8, 5.16): the response confirms in writing "the
details of any remedy offered to put things right" and "details of any outstanding actions"; 7.3: the
remedy offer "must clearly set out what will happen and by when".

A browser walk found a stage 1 response recorded with "None" for the remedy and for the outstanding
actions while the record held an apology, £75 compensation due 14 December 2026 and an extractor fan
to fix by 15 January 2027: its letter would tell the resident nothing was offered. A response that
says there is none while the record holds some is refused, naming what the record holds; a response
in its own words is never refused for what it says, nor one where the record holds none."""

from __future__ import annotations

from datetime import date

import pytest
from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc
from putright.code.contents import Element, says_none
from putright.code.errors import CodeViolation

ROUTE = "You may refer your complaint to the Housing Ombudsman Service."


def _with_the_walks_record(journey: Journey) -> Journey:
    """An apology, £75 compensation due 14 December 2026, and an outstanding action due 15 January 2027."""
    on = journey.today
    journey.decide(
        lc.agree_remedy,
        on=on,
        description="An apology for the delay in repairing the extractor fan.",
        due=on,
        remedy_kind=lc.RemedyKind.APOLOGY,
        agreed_with_resident=True,
    )
    journey.decide(
        lc.agree_remedy,
        on=on,
        description="Compensation for the delay",
        due=date(2026, 12, 14),
        remedy_kind=lc.RemedyKind.FINANCIAL,
        agreed_with_resident=True,
        amount_pence=7500,
    )
    journey.decide(
        lc.add_outstanding_action,
        on=on,
        description="Replace the bathroom extractor fan.",
        owner="Repairs team",
        due=date(2027, 1, 15),
    )
    return journey


@pytest.mark.parametrize(
    "none", ["None", "None.", "N/A", "Nothing", "No remedy.", "There is no remedy to offer."]
)
def test_2024_6_9_e_a_response_saying_no_remedy_is_refused_while_the_record_holds_remedies(none: str) -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(remedy=none))
    assert refused.value.provision == "2024 6.9 e"
    # it names what the record holds, what and by when (7.3)
    assert "An apology for the delay in repairing the extractor fan" in refused.value.detail
    assert "Compensation for the delay (£75), by 14 December 2026." in refused.value.detail
    assert "2024 7.3" in refused.value.detail
    assert journey.case.status == lc.Status.ACKNOWLEDGED


@pytest.mark.parametrize(
    "none", ["None", "N/A", "nothing", "No outstanding actions.", "There are no further actions."]
)
def test_2024_6_9_f_a_response_saying_no_outstanding_actions_is_refused_while_some_are_open(
    none: str,
) -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(outstanding_actions=none))
    assert refused.value.provision == "2024 6.9 f"
    assert "Replace the bathroom extractor fan (Repairs team), by 15 January 2027." in refused.value.detail


def test_2024_6_9_e_f_both_sections_are_named_at_once() -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    denials = lc.response_denials(journey.case, remedy="None", outstanding_actions="None", final=False)
    assert [(name, error.provision) for name, error in denials] == [
        ("remedy", "2024 6.9 e"),
        ("outstanding_actions", "2024 6.9 f"),
    ]


def test_2024_6_19_e_f_the_same_at_stage_2() -> None:
    journey = Journey().to_stage_2_acknowledged()
    _with_the_walks_record(journey)
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(remedy="None", escalation_route=ROUTE))
    assert refused.value.provision == "2024 6.19 e"
    with pytest.raises(CodeViolation) as refused:
        journey.respond("Bola", response=stage_response(outstanding_actions="N/A", escalation_route=ROUTE))
    assert refused.value.provision == "2024 6.19 f"


def test_2022_5_8_the_2022_edition_cites_its_own_numbers() -> None:
    journey = _with_the_walks_record(Journey(on=RECEIVED_2022).to_stage_1_acknowledged())
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(remedy="None"))
    assert refused.value.provision == "2022 5.8"
    assert "2022 6.5" in refused.value.detail  # 2022's "what will happen and by when"


def test_2024_6_9_e_f_a_response_in_its_own_words_is_recorded() -> None:
    """No matching of amounts or words against the record: the handler's own account stands."""
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    journey.respond(
        response=stage_response(
            remedy="We are sorry, and will pay you compensation for the delay by mid-December.",
            outstanding_actions="We will fit a new fan in January.",
        )
    )
    assert journey.case.status == lc.Status.RESPONDED


def test_2024_6_9_e_a_none_alongside_words_of_its_own_is_the_sections_own_account() -> None:
    assert not says_none(Element.REMEDY, "No compensation, but we have amended your rent record.")
    assert not says_none(Element.REMEDY, "None.\nWe apologise for the missed appointments.")
    assert says_none(Element.REMEDY, "None.\nN/A")


def test_2024_6_9_e_f_none_is_recorded_where_the_record_holds_none() -> None:
    journey = Journey().to_stage_1_acknowledged()
    journey.respond(response=stage_response(remedy="None", outstanding_actions="None"))
    assert journey.case.status == lc.Status.RESPONDED


def test_2024_6_9_e_f_withdrawn_remedies_and_completed_actions_are_not_held() -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    for number in (1, 2):
        journey.decide(
            lc.withdraw_remedy,
            on=journey.today,
            number=number,
            ground="recorded_in_error",
            reason="Wrong case.",
        )
    journey.decide(lc.complete_outstanding_action, on=journey.today, number=1, note="Fan fitted.")
    assert lc.recorded_remedies(journey.case) == ""
    assert lc.recorded_outstanding_actions(journey.case) == ""
    journey.respond(response=stage_response(remedy="None", outstanding_actions="None"))
    assert journey.case.status == lc.Status.RESPONDED


def test_2024_7_3_the_record_written_out_says_what_will_happen_and_by_when() -> None:
    """What the response form opens with (2024 6.9 e, f): one sentence a line, a remedy carried out
    with the day it was."""
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    journey.decide(lc.complete_remedy, on=journey.today, number=1, evidence="Said on the phone.")
    done = journey.today
    assert lc.recorded_remedies(journey.case) == (
        f"An apology for the delay in repairing the extractor fan, carried out on {done.day} {done:%B %Y}.\n"
        "Compensation for the delay (£75), by 14 December 2026."
    )
    assert lc.recorded_outstanding_actions(journey.case) == (
        "Replace the bathroom extractor fan (Repairs team), by 15 January 2027."
    )
