"""2024 5.6: "landlords must set out their understanding of the complaint and the outcomes the
resident is seeking". A template's lead-ins ("Our understanding of your complaint is:", "What you
would like us to do:") match those elements' wording. With the blank under them deleted, the next
part of the letter moved up beneath them and the check read the lead-in as the element: an
acknowledgement saying only when the response would come and what the landlord is responsible for
passed as defining the complaint and the outcomes sought (closing20 and closing21 left this alone).

Now a lead-in followed straight away by another part of the letter, in the landlord's voice (a
promise of when the response will come, a statement of what the landlord is or is not responsible
for, how to take the complaint further), is not the element. The test is kept narrow, because a
false "missing" refuses a good letter: a definition may say "We did not respond by 3 February" or
"We have not repaired the fan we are responsible for", and those still pass."""

from __future__ import annotations

import pytest

from putright.letters.check import check_letter

LETTER = """Dear Ms Jones,

Your stage 1 complaint

Thank you for your complaint, which we logged at stage 1 on 3 March 2025.

{definition}

{outcomes}

We are responsible for the repair of the extractor fan.

We will send you our full response by 17 March 2025.

Yours sincerely,
Olu Officer
"""

DEFINITION = "Our understanding of your complaint is:\n\nThe extractor fan in your bathroom has not worked since January."
OUTCOMES = "What you would like us to do:\n\nRepair the fan and pay for the damage to your ceiling."


def _statuses(definition: str = DEFINITION, outcomes: str = OUTCOMES) -> dict[str, str]:
    result = check_letter(LETTER.format(definition=definition, outcomes=outcomes), "stage1-acknowledgement")
    return {e.element: e.status for e in result.elements}


@pytest.mark.parametrize(
    "definition",
    [
        # the response date moved up under the lead-in
        "Our understanding of your complaint is:\n\nWe will send you our full response by 17 March 2025.",
        # run together in one sentence
        "Our understanding of your complaint is: We will reply by 17 March 2025.",
        # the route onward
        "Our understanding of your complaint is:\n\nWe will consider stage 2 if you reply within 20 working days.",
        "Our understanding of your complaint is:\n\nWe must tell you that you can ask the Housing Ombudsman to look "
        "at your complaint.",
        # what the landlord is responsible for
        "Our understanding of your complaint is:\n\nWe are not responsible for the fence, which is a matter for "
        "your neighbour.",
    ],
)
def test_2024_5_6_a_lead_in_over_another_part_of_the_letter_does_not_define_the_complaint(
    definition: str,
) -> None:
    statuses = _statuses(definition=definition)
    assert statuses["complaint_definition"] == "missing", statuses
    assert statuses["outcomes_sought"] == "present", statuses


@pytest.mark.parametrize(
    "outcomes",
    [
        "What you would like us to do:\n\nWe are responsible for the repair of the extractor fan.",
        "You would like us to: We are responsible for the fan.",
        "What you would like us to do:\n\nWe aim to respond within 10 working days.",
    ],
)
def test_2024_5_6_a_lead_in_over_another_part_of_the_letter_does_not_give_the_outcomes_sought(
    outcomes: str,
) -> None:
    statuses = _statuses(outcomes=outcomes)
    assert statuses["outcomes_sought"] == "missing", statuses
    assert statuses["complaint_definition"] == "present", statuses


def test_2024_5_6_a_letter_of_lead_ins_over_other_parts_cannot_be_issued() -> None:
    text = LETTER.format(
        definition="Our understanding of your complaint is:\n\nWe will send you our full response by 17 March 2025.",
        outcomes="What you would like us to do:\n\nWe are responsible for the repair of the extractor fan.",
    )
    result = check_letter(text, "stage1-acknowledgement")
    assert not result.can_issue
    definition = result.element("complaint_definition")
    assert definition.note.startswith(
        "the section under its heading says only 'We will send you our full response by 17 March 2025.', "
        "which is another part of the letter"
    ), definition.note


@pytest.mark.parametrize(
    ("definition", "outcomes"),
    [
        (DEFINITION, OUTCOMES),
        # in the landlord's voice, about what happened: the complaint itself
        (
            "Our understanding of your complaint is:\n\nWe did not attend the repair appointment on 3 February.",
            "What you would like us to do:\n\nWe understand you would like us to repair the fan.",
        ),
        (
            "Our understanding of your complaint is:\n\nWe did not respond by 3 February as we said we would.",
            OUTCOMES,
        ),
        (
            "Our understanding of your complaint is:\n\nWe have not repaired the fan we are responsible for.",
            OUTCOMES,
        ),
        # in the resident's voice, naming responsibility
        (
            "Our understanding of your complaint is:\n\nYou say we are responsible for the damp in your bedroom "
            "and have not treated it.",
            "You would like us to:\n\n- treat the damp\n- repaint the wall",
        ),
        # a time, not a lead-in
        (
            "Your complaint is about the repair visit booked for 10:30 that did not happen.",
            "You would like us to: rebook the visit and explain what went wrong.",
        ),
    ],
)
def test_2024_5_6_a_lead_in_over_the_complaint_in_any_voice_still_passes(
    definition: str, outcomes: str
) -> None:
    statuses = _statuses(definition=definition, outcomes=outcomes)
    assert statuses["complaint_definition"] == "present", statuses
    assert statuses["outcomes_sought"] == "present", statuses
