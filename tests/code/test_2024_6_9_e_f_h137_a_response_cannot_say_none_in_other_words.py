"""2024 6.9 e, f (6.19 e, f): the response confirms "the details of any remedy offered to put things
right" and "details of any outstanding actions". ce2c3bb refuses "None", "N/A" and "No remedy." over
a record holding remedies and open actions, but the same denial in other words a handler types every
day is recorded, and its letter tells the resident less than the record holds (adversarial review,
helper-137). Each of these says only that there is none, and nothing of its own."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response
from test_2024_6_9_e_f_a_response_cannot_say_none_over_the_record import _with_the_walks_record

from putright.code.errors import CodeViolation

OTHER_WORDS = ["-", "None at this time.", "No.", "NA", "None identified.", "Not applicable at this stage."]


@pytest.mark.parametrize("none", [*OTHER_WORDS, "No remedies.", "There is nothing to offer."])
def test_2024_6_9_e_no_remedy_in_other_words_is_refused_while_the_record_holds_remedies(none: str) -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(remedy=none))
    assert refused.value.provision == "2024 6.9 e"


@pytest.mark.parametrize("none", [*OTHER_WORDS, "None outstanding.", "No actions."])
def test_2024_6_9_f_no_outstanding_action_in_other_words_is_refused_while_some_are_open(none: str) -> None:
    journey = _with_the_walks_record(Journey().to_stage_1_acknowledged())
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(outstanding_actions=none))
    assert refused.value.provision == "2024 6.9 f"
