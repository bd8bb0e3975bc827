"""2024 6.9 a, 6.19 a ask that a stage response confirm in writing "the complaint stage"; nothing in
the Code forbids a landlord's wording of it. helper-126 refuses a stage 1 complaint stage that calls
itself final, but reads "final"/"last" anywhere in the text, with only "not", "not the", "n't" (straight
apostrophe) just before it as a denial: a stage 1 that says stage 2 is the final stage, or that it
is not final in ordinary words, is refused (over-enforcement). And a stage 1 response that confirms
"Complaint stage: 2" is recorded: the check reads only "stage 2" with spaces or a hyphen between."""

from __future__ import annotations

import pytest
from code_lifecycle_helpers import Journey, stage_response

from putright.code.errors import CodeViolation


@pytest.mark.parametrize(
    "said",
    [
        "Stage 1 – this isn’t our final stage",  # a typographic apostrophe, as phones and Word type it
        "Stage 1 (stage 2 is our final stage)",
        "Stage 1; the last stage is stage 2",
        "Stage 1, not a final response",
        "Stage 1 - not yet final",
    ],
)
def test_2024_6_9_a_a_stage_1_said_not_to_be_the_final_stage_is_recorded_as_written(said: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    journey.respond(response=stage_response(complaint_stage=said))
    assert journey.case.state != "stage_1_acknowledged"


@pytest.mark.parametrize("said", ["Complaint stage: 2", "Stage: two", "Stage no. 2", "Stage II"])
def test_2024_6_9_a_a_stage_1_response_confirming_stage_2_in_other_punctuation_is_refused(said: str) -> None:
    journey = Journey().to_stage_1_acknowledged()
    with pytest.raises(CodeViolation) as refused:
        journey.respond(response=stage_response(complaint_stage=said))
    assert refused.value.provision == "2024 6.9 a"
    assert journey.case.state == "stage_1_acknowledged"
