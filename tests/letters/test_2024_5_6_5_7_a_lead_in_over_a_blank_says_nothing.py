"""2024 5.6 and 5.7: a letter's scaffold is not the element. The check said "present" for the
complaint definition from "Our understanding of your complaint is:" over a deleted blank, and for
the landlord's responsibilities from "We are responsible for: [enter what we are responsible for]"
(found in a browser walk): the lead-in's words match the element's wording, but the resident is told
nothing. A lead-in or a heading with nothing after it, in its section, says nothing."""

from __future__ import annotations

import pytest

from putright.letters.check import check_letter

MARKED = """Dear Ms Evans,

[6.2] Your complaint
Thank you for contacting us on 1 December 2026. We have logged your complaint at stage 1 of our
complaints procedure.

[5.6 complaint_definition] What your complaint is about
Our understanding of your complaint is:

[5.6 outcomes_sought] What you would like us to do
{outcomes}

[5.7] What we are responsible for
We are responsible for: {responsible}

[6.3] When you will hear from us
We will send you our full response by 16 December 2026.
[/]

Yours sincerely,
"""

PLAIN = """Dear Ms Evans,

Your complaint

Thank you for contacting us on 1 December 2026. We have logged your complaint at stage 1 of our
complaints procedure.

What your complaint is about

Our understanding of your complaint is:

What you would like us to do

You would like us to repair the extractor fan.

When you will hear from us

We will send you our full response by 16 December 2026.

Yours sincerely,
"""


def _statuses(text: str) -> dict[str, str]:
    result = check_letter(text, "stage1-acknowledgement", "2024", {})
    return {e.element: e.status for e in result.elements}


def test_2024_5_6_5_7_a_marked_section_with_only_its_lead_in_is_missing() -> None:
    statuses = _statuses(
        MARKED.format(
            outcomes="You would like us to repair the extractor fan.",
            responsible="[enter what we are responsible for]",
        )
    )
    assert statuses["complaint_definition"] == "missing"
    assert statuses["responsibilities"] == "missing"
    assert statuses["outcomes_sought"] == "present"


def test_2024_5_6_a_lead_in_followed_by_what_it_introduces_is_present() -> None:
    text = MARKED.format(
        outcomes="You would like us to repair the extractor fan.",
        responsible="the repair of the extractor fan and treating the mould.",
    ).replace(
        "Our understanding of your complaint is:\n",
        "Our understanding of your complaint is:\n\nThe extractor fan has not worked since March.\n",
    )
    statuses = _statuses(text)
    assert statuses["complaint_definition"] == "present"
    assert statuses["responsibilities"] == "present"


@pytest.mark.parametrize("cut", ["", "Our understanding of your complaint is:\n\n"])
def test_2024_5_6_an_unmarked_heading_over_nothing_is_not_the_complaint_definition(cut: str) -> None:
    text = PLAIN.replace("Our understanding of your complaint is:\n\n", cut)
    assert _statuses(text)["complaint_definition"] == "missing"
    assert _statuses(text)["outcomes_sought"] == "present"


def test_2024_6_19_c_a_decision_ending_in_a_colon_is_still_the_decision() -> None:
    """A longer line ending in a colon says something itself: the landlord's own stage 2 template,
    filled with this recorded decision, had it thrown away and the decision called missing (found in
    an adversarial review)."""
    from putright.letters.check import scaffold_of
    from putright.letters.defaults import DEFAULT_TEMPLATES
    from putright.letters.placeholders import fill

    template = DEFAULT_TEMPLATES["stage2-response"].body
    letter = fill(
        template,
        {
            "complaint.reference": "PR-000001",
            "definition.complaint": "The damp in your bedroom.",
            "response.decision": "We have decided to partly uphold your complaint, for the reasons below:",
            "response.reasons": "We missed two appointments and did not keep you informed.",
            "response.remedy": "We will pay you £400 by 4 May 2025.",
            "response.outstanding_actions": "We will fit a new extractor fan on 28 April 2025.",
        },
    )
    result = check_letter(letter, "stage2-response", "2024", {"scaffold": scaffold_of(template)})
    decision = next(e for e in result.elements if e.element == "decision")
    # read, not thrown away as a lead-in: "partly uphold" is for a person to confirm, as before
    assert decision.status in ("present", "confirm"), decision
    assert decision.evidence and "partly uphold your complaint" in decision.evidence


@pytest.mark.parametrize(
    "letter",
    [
        # the letter ends on the lead-in
        "Dear Rita\n\nYour complaint is about the leak in your bathroom.\n\nYou would like us to:",
        # another lead-in follows it: both left unfilled
        "Dear Rita\n\nYour complaint is about the leak in your bathroom.\n\nWhat you would like us to do:\n\n"
        "What we are responsible for:\n\nWe will send you our full response by 16 December 2026.",
    ],
)
def test_2024_5_6_an_unmarked_lead_in_over_nothing_is_not_the_outcomes_sought(letter: str) -> None:
    """Without markers, "You would like us to:" with nothing after it was read as the outcomes sought
    (closing19, left alone): the pattern matched the lead-in's own words."""
    result = check_letter(letter, "stage1-acknowledgement", "2024")
    assert result.element("outcomes_sought").status == "missing"
    assert result.element("complaint_definition").status == "present"
    listed = check_letter(
        letter.replace(
            "You would like us to:", "You would like us to:\n- fix the leak\n- repaint the ceiling"
        ),
        "stage1-acknowledgement",
        "2024",
    )
    if "You would like us to:" in letter:
        assert listed.element("outcomes_sought").status == "present"
