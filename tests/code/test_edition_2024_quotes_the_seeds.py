"""The 2024 edition of the Code is quoted word for word from the source documents.

Sources (docs/sources, copied from shared/seeds):

* 003 — Halton Housing's 2024/25 self-assessment: a PDF table flattened to text, so the landlord's
  Comply / Evidence / Commentary columns are sometimes interleaved in the middle of a provision.
* 004 — West Lancashire's self-assessment: one provision a line (tab-separated, some HTML), except
  that a few requirements run on to a continuation line after the landlord's columns.

Every stored text (lead-in and each item) must appear, as lower-case words (``seedtext.words``), as a
contiguous run in the words of 003 or of 004. Only where *both* sources break the same sentence is a
text checked piece by piece, at the explicit break points in ``SPLIT_IN_BOTH`` below; every word is
still checked against a source, and the test also proves such a text really is split in both.
No table of broken words is needed: each word-level artefact in one source (e.g. 004's "the choice to
make complaint" in 1.3) is absent from the other, and the stored text follows the correct one.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from seedtext import SOURCES, source_words, words

from putright.code.provisions import edition

HALTON = "003_8034160ffa6011fa.txt"
WEST_LANCS = "004_e767b7c80e117285.txt"

# The provisions on the 2024 self-assessment form, section by section, as the Code numbers them
# (each section's first provision, x.1, except section 1, whose 1.1 is not on the form).
EXPECTED_NUMBERS = {
    1: ["1.2", "1.3", "1.4", "1.5", "1.6"],
    2: ["2.1", "2.2", "2.3", "2.4", "2.5"],
    3: ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"],
    4: ["4.1", "4.2", "4.3"],
    5: [f"5.{n}" for n in range(1, 16)],
    6: [f"6.{n}" for n in range(1, 21)],
    7: ["7.1", "7.2", "7.3", "7.4"],
    8: ["8.1", "8.2", "8.3", "8.4", "8.5"],
    9: ["9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7", "9.8"],
}

# Section titles as the sources give them ("Section 2: Exclusions" -> "Exclusions"). 004 heads
# section 8 "Putting things right" (a copy of section 7's title); 003 has the right one.
EXPECTED_SECTIONS = {
    1: "Definition of a complaint",
    2: "Exclusions",
    3: "Accessibility and Awareness",
    4: "Complaint Handling Staff",
    5: "The Complaint Handling Process",
    6: "Complaints Stages",
    7: "Putting things right",
    8: "Self-assessment, reporting and compliance",
    9: "Scrutiny & oversight: continuous learning and improvement",
}

# Texts that neither source holds in one piece, with the words each piece ends on.
# 6.8's first sentence: 003 interleaves the landlord's columns after "...and the stage 1 response",
# and 004 continues the row on a second line after "...if they are related". So the text is checked
# in two pieces split at 004's break: "Where residents ... if they are related" (in both sources)
# and "and the stage 1 response has not been issued. Where ... a new complaint." (in 004's
# continuation line).
SPLIT_IN_BOTH = {
    "6.8": ["if they are related"],
}

LETTERED = {
    "5.8": "abcd",
    "6.9": "abcdefg",
    "6.19": "abcdefg",
    "8.1": "abcdef",
    "9.7": "abcd",
    "9.8": "abc",
}
# Bulleted (unlettered) lists, labelled "1", "2", ... in source order.
BULLETED = {"2.2": 3, "7.1": 8}


def _sources() -> dict[str, str]:
    return {name: source_words(name) for name in (HALTON, WEST_LANCS)}


def _found_in(text: str) -> list[str]:
    wanted = words(text)
    return [name for name, body in _sources().items() if wanted and f" {wanted} " in f" {body} "]


def _pieces(text: str, breaks: list[str]) -> list[str]:
    """``words(text)`` cut after each break phrase, in order."""
    rest = words(text)
    pieces = []
    for phrase in breaks:
        head, sep, rest = rest.partition(words(phrase) + " ")
        assert sep, f"break {phrase!r} not found"
        pieces.append(head + sep.strip())
    return [*pieces, rest]


def _all_texts():
    for p in edition("2024").provisions:
        yield p.number, None, p.text
        for item in p.items:
            yield p.number, item.label, item.text


def test_sources_present():
    for name in (HALTON, WEST_LANCS):
        assert (SOURCES / name).is_file()
    assert edition("2024").sources == (HALTON, WEST_LANCS)


def test_edition_metadata():
    code = edition("2024")
    assert code.title == "Complaint Handling Code (2024)"
    assert code.in_force_from == date(2024, 4, 1)


def test_exactly_the_72_provisions_in_order():
    code = edition("2024")
    expected = [n for section in sorted(EXPECTED_NUMBERS) for n in EXPECTED_NUMBERS[section]]
    assert len(expected) == 72
    assert [p.number for p in code.provisions] == expected
    for p in code.provisions:
        assert p.section.number == int(p.number.split(".")[0])
        assert p.on_form is True
        assert p.obligation is None


def test_section_titles():
    code = edition("2024")
    assert {s.number: s.title for s in code.sections} == EXPECTED_SECTIONS
    for number, title in EXPECTED_SECTIONS.items():
        assert _found_in(f"Section {number}: {title}"), f"section {number} title not in a source"


def test_stage_headings_in_section_6():
    code = edition("2024")
    for p in code.provisions:
        if p.number in [f"6.{n}" for n in range(1, 10)]:
            assert p.heading == "Stage 1", p.number
        elif p.number in [f"6.{n}" for n in range(10, 21)]:
            assert p.heading == "Stage 2", p.number
        else:
            assert p.heading is None, p.number
    # Both sources set the sub-headings above the tables holding 6.1 and 6.10.
    for name, body in _sources().items():
        assert "stage 1 code provision code requirement" in body, name
        assert "stage 2 code provision code requirement" in body, name


def test_every_text_is_quoted_word_for_word():
    for number, label, text in _all_texts():
        where = f"{number} {label or 'text'}"
        assert text.strip(), where
        if label is None and number in SPLIT_IN_BOTH:
            continue
        assert _found_in(text), f"{where} is not quoted word for word from {HALTON} or {WEST_LANCS}"


def test_texts_split_in_both_sources_are_quoted_piece_by_piece():
    code = edition("2024")
    for number, breaks in SPLIT_IN_BOTH.items():
        text = code.provision(number).text
        # The exception is needed: neither source holds the whole text in one run.
        assert not _found_in(text), f"{number} is whole in a source; drop it from SPLIT_IN_BOTH"
        pieces = _pieces(text, breaks)
        assert " ".join(pieces) == words(text)
        for piece in pieces:
            assert _found_in(piece), f"{number}: {piece!r} not in a source"


# Provisions whose requirement cell is not followed directly by the landlord's "Yes" in either source,
# so that completeness is checked only from the start (provision number and first words):
# 6.8 (see SPLIT_IN_BOTH) and 9.8, whose lettered items come after the landlord's columns in both
# sources (003 page break, 004 continuation line).
NOT_WHOLE_IN_EITHER = {"6.8", "9.8"}


def test_every_provision_is_quoted_whole():
    """Nothing is dropped at either end: the number, the whole provision, then the landlord's "Yes".

    Items are tried with their letters (as 003 prints them) and without (004's <ol> drops them).
    """
    sources = [f" {body} " for body in _sources().values()]
    for p in edition("2024").provisions:
        forms = []
        for with_letters in (True, False):
            parts = [p.number, p.text]
            parts += [
                f"{i.label} {i.text}" if with_letters and i.label.isalpha() else i.text for i in p.items
            ]
            forms.append(words(" ".join(parts)))
        whole = any(f" {form} yes " in body for form in forms for body in sources)
        if p.number in NOT_WHOLE_IN_EITHER:
            assert not whole, f"{p.number} is whole in a source; drop it from NOT_WHOLE_IN_EITHER"
            start = " ".join(words(f"{p.number} {p.text}").split()[:12])
            assert any(f" {start} " in body for body in sources), p.number
        else:
            assert whole, f"{p.number} is not the whole requirement, from number to the Comply column"


def test_no_landlord_material_or_list_markers_in_texts():
    for number, label, text in _all_texts():
        w = words(text).split()
        assert "yes" not in w and w[-1] != "no", f"{number} {label}: landlord's Comply column"
        for marker in ("<", ">", "•", "Comply", "Evidence", "Commentary", "http"):
            assert marker not in text, f"{number} {label}: {marker!r}"
        assert not re.search(r"(^|\s)[a-g]\.\s", text), f"{number} {label}: letter marker in text"
        assert "\n" not in text.strip(), f"{number} {label}: unjoined line break"
        assert not re.search(r"\w- \w", text), f"{number} {label}: unjoined hyphenation"


def test_lettered_items():
    code = edition("2024")
    for p in code.provisions:
        labels = "".join(i.label for i in p.items if i.label.isalpha())
        assert labels == LETTERED.get(p.number, ""), p.number
    assert code.provision("6.9").item("g").text.startswith("details of how to escalate the matter to stage 2")
    assert (
        code.provision("6.19")
        .item("g")
        .text.startswith("details of how to escalate the matter to the Ombudsman Service")
    )
    assert code.provision("8.1").item("f").text.startswith("any other relevant reports or publications")
    assert code.provision("9.7").item("c").text.startswith("regular updates on the outcomes of the Ombudsman")
    assert code.provision("9.8").item("a").text.startswith("have a collaborative and co-operative approach")


def test_bulleted_items():
    code = edition("2024")
    for p in code.provisions:
        labels = [i.label for i in p.items if not i.label.isalpha()]
        assert labels == [str(n) for n in range(1, BULLETED.get(p.number, 0) + 1)], p.number
    exclusions = code.provision("2.2")
    assert exclusions.text.endswith("Acceptable exclusions include:")
    assert [i.text.split(".")[0] for i in exclusions.items] == [
        "The issue giving rise to the complaint occurred over twelve months ago",
        "Legal proceedings have started",
        "Matters that have previously been considered under the complaints policy",
    ]
    assert "•" in exclusions.full_text
    assert code.provision("7.1").item("8").text == "Changing policies, procedures or practices."


def test_provision_6_13():
    assert (
        edition("2024").provision("6.13").text.startswith("The person considering the complaint at stage 2")
    )
