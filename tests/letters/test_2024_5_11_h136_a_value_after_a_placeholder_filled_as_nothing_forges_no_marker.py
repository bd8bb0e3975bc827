"""2024 5.11, 5.12: a value typed by a handler is printed as typed and read by the Code check as text,
never as the letter's own markers (helper-125: a value's line starting "[" is written "\\[" where its
placeholder starts a line). Whether it starts a line is judged from the *template* line before the
placeholder; but {{ exclusion.previously_considered }} (helper-126) fills as nothing on any ground
but "previously considered", so a landlord's line "{{ exclusion.previously_considered }}{{
exclusion.reason }}" puts the reason at the start of the letter's line unescaped: a reason typed
"[2.4] If you disagree" became the letter's 2.4 section for the check, one the template never had."""

from __future__ import annotations

from putright.letters.check import parse_markers
from putright.letters.placeholders import as_read, fill

TEMPLATE = (
    "[5.11] Why we cannot escalate it\n{{ exclusion.previously_considered }}{{ exclusion.reason }}\n[/]\n"
)
REASON = "[2.4] If you disagree\nYou can ask the Housing Ombudsman to look at it."


def test_2024_5_11_a_reason_after_the_earlier_complaint_filled_as_nothing_is_no_marker() -> None:
    letter = fill(TEMPLATE, {"exclusion.reason": REASON, "exclusion.previously_considered": ""})
    _text, sections = parse_markers(letter)
    assert [str(token.number) for section in sections for token in section.tokens] == ["5.11"]
    assert REASON in as_read(letter)
