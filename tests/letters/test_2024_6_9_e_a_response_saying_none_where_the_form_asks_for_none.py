"""2024 6.9 e and f: the stage 1 response sets out "details of any remedy offered to put things
right" and "details of any outstanding actions". The response form asks staff to "Write 'None' if
none". In a browser walk the letter PutRight filled from that form ("Putting things right: None")
was refused for a missing remedy, and discarding the held response to record it again lost what
was typed. A section saying only "None" under its own marker or heading says there is none; the same
word elsewhere in a letter is not the remedy's."""

from __future__ import annotations

import pytest

from putright.letters.check import check_letter


def _response(remedy: str, outstanding: str) -> str:
    return (
        "[6.9 a] Our response\nThis is our stage 1 response to your complaint.\n\n"
        "[6.9 b] What your complaint is about\nThe extractor fan in the bathroom.\n\n"
        "[6.9 c] Our decision\nWe do not uphold your complaint.\n\n"
        "[6.9 d] Why we made this decision\nBecause the fan was repaired the day it was reported.\n\n"
        f"[6.9 e] Putting things right\n{remedy}\n\n[6.9 f] What we still need to do\n{outstanding}\n\n"
        "[6.9 g] If you are not happy with our response\nYou can ask us to take your complaint to stage 2.\n[/]"
    )


@pytest.mark.parametrize("none", ["None", "None.", "none", "N/A", "Not applicable"])
def test_2024_6_9_e_f_a_marked_section_saying_none_sets_out_that_there_is_none(none: str) -> None:
    result = check_letter(_response(none, none), "stage1-response")
    assert result.element("remedy").status == "present"
    assert result.element("outstanding_actions").status == "present"


def test_2024_6_9_e_a_none_under_a_heading_of_its_own_is_the_remedys() -> None:
    letter = (
        "Dear Ms Smith,\n\nThis is our stage 1 response to your complaint.\n\nWe do not uphold your "
        "complaint because the fan was repaired the day it was reported.\n\nPutting things right\n\nNone.\n\n"
        "You can ask us to take your complaint to stage 2."
    )
    assert check_letter(letter, "stage1-response").element("remedy").status == "present"


def test_2024_6_9_e_a_none_under_another_heading_is_not_the_remedys() -> None:
    """A letter with no remedy section: "None." under "Other matters" says nothing of the remedy."""
    letter = (
        "Dear Ms Smith,\n\nThis is our stage 1 response to your complaint.\n\nWe do not uphold your "
        "complaint because the fan was repaired the day it was reported.\n\nOther matters\n\nNone.\n\n"
        "You can ask us to take your complaint to stage 2."
    )
    assert check_letter(letter, "stage1-response").element("remedy").status == "missing"


def test_2024_6_9_f_a_none_under_another_heading_is_not_the_outstanding_actions() -> None:
    """The same for the outstanding actions: it passed as "none outstanding" before."""
    letter = (
        "Dear Ms Smith,\n\nThis is our stage 1 response to your complaint.\n\nWe do not uphold your "
        "complaint because the fan was repaired the day it was reported. We offer £50.\n\nOther matters\n\n"
        "None.\n\nYou can ask us to take your complaint to stage 2."
    )
    assert check_letter(letter, "stage1-response").element("outstanding_actions").status != "present"
