"""2024 5.12 (the record is what the resident was sent): a template's blank left in a step's fields
is refused when the step is recorded (4ca072d), read by ``blanks_left``. A blank whose instruction is
not its first word, or is "TBA", is still read as text: the step is recorded, its letter issued, and
the resident receives "We will visit on [Date TBC]" (adversarial review, helper-137). The ordinary
bracketed words that must stay no blank are in test_2024_5_12_a_blank_typed_into_a_step_is_refused_when_recorded."""

from __future__ import annotations

import pytest

from putright.letters.placeholders import blanks_left


@pytest.mark.parametrize("text", ["[Date TBC]", "[TBA]", "[date to be confirmed]", "[name of officer]"])
def test_2024_5_12_a_blank_whose_instruction_is_not_its_first_word_is_a_blank(text: str) -> None:
    assert blanks_left(f"We will visit on {text}.") == [text]
