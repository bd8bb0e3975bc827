"""The 2022 edition data quotes the 2022 Code (docs/sources/001_3772d9aa7e1ca515.txt) word for word.

The source is text extracted from the Code's PDF: a contents list, the Code body (sections 1 to 9),
Appendix A (flow charts and case studies) and Appendix B (the self-assessment form, as filled in by
a landlord: the "Code requirement" column quotes the Code, the last column is the landlord's own
commentary, which the edition must never take in).
"""

from __future__ import annotations

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from seedtext import source_text, words

from putright.code.provisions import edition

SOURCE = "001_3772d9aa7e1ca515.txt"

SECTION_TITLES = {
    1: "Definition of a complaint",
    2: "Accessibility and awareness",
    3: "Complaint handling personnel",
    4: "Complaint handling principles",
    5: "Complaints stages",
    6: "Putting things right",
    7: "Continuous learning and improvement",
    8: "Self-assessment",
    9: "Compliance",
}


def _numbers(section: int, last: int) -> list[str]:
    return [f"{section}.{n}" for n in range(1, last + 1)]


# Every numbered provision of the Code body, per section, as the Code numbers them.
PROVISIONS = {
    1: _numbers(1, 9),
    2: _numbers(2, 8),
    3: _numbers(3, 4),
    4: _numbers(4, 19),
    5: _numbers(5, 20),
    6: _numbers(6, 8),
    7: _numbers(7, 6),
    8: _numbers(8, 4),
    9: _numbers(9, 3),
}

# Appendix B, "Mandatory 'must' requirements", per section.
MUST = {
    1: ["1.2", "1.3", "1.6", "1.7", "1.8", "1.9"],
    2: ["2.1", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"],
    3: ["3.1", "3.2"],
    4: ["4.1", "4.2", "4.6", "4.7", "4.11", "4.12", "4.13", "4.14", "4.15", "4.18"],
    5: ["5.1", "5.5", "5.6", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13", "5.16", "5.17", "5.20"],
    6: ["6.1", "6.2", "6.5", "6.6"],
    7: ["7.2"],
    8: ["8.1", "8.2", "8.3"],
    9: [],
}

# Appendix B, "Best practice 'should' requirements", per section. 5.18 sits in the should table
# although it contains a "must".
SHOULD = {
    1: ["1.4", "1.5"],
    2: ["2.2"],
    3: ["3.3"],
    4: ["4.3", "4.4", "4.5", "4.8", "4.9", "4.10", "4.16", "4.17", "4.19"],
    5: ["5.2", "5.3", "5.4", "5.7", "5.14", "5.15", "5.18", "5.19"],
    6: ["6.3", "6.7"],
    7: ["7.3", "7.4", "7.5", "7.6"],
    8: [],
    9: [],
}

# Sub-headings the Code puts above groups of provisions.
HEADINGS = {
    **{n: "Exclusions" for n in ("1.7", "1.8", "1.9")},
    **{n: "Stage 1" for n in _numbers(5, 8)},
    **{n: "Stage 2" for n in [f"5.{i}" for i in range(9, 17)]},
    **{n: "Stage 3" for n in [f"5.{i}" for i in range(17, 21)]},
}

# The Code body needs no allowance: its extraction artefacts (5.1 "**within 10 working days**",
# 6.4 a stray "·" bullet, 9.2 "<u>guidance document</u>", 4.1 split by a page break) are all
# punctuation or markup, which ``words`` drops, and the edition stores the plain text.
#
# Appendix B's flattened table rows interleave the landlord's "Comply" and commentary columns (or
# the row's number) with the Code requirement column. Each entry reads one such row back in
# column order: (words as extracted, words read as).
FORM_ROW_ARTEFACTS = [
    # 1.9: the requirement column wraps beside the "Yes" of the Comply column.
    ("matter is not suitable yes for the complaints", "matter is not suitable for the complaints"),
    # 3.3: the landlord's commentary sits in the middle of the last bullet.
    (
        "facilitate quick yes monika brouth is our current officer and has shown to handle complaints"
        " very effectively resolution of complaints",
        "facilitate quick resolution of complaints",
    ),
    # 4.15: "Yes" and the commentary "Filed on Civica" break the requirement after "all".
    ("the date received all yes filed on civica correspondence", "the date received all correspondence"),
    # 4.16: "Yes" breaks the requirement before its last two words.
    ("positive complaint and yes learning culture", "positive complaint and learning culture"),
    # 4.18: the row number, "Yes" and the commentary are interleaved with the requirement.
    (
        "landlords must have policies and procedures in place 4 18 for managing unacceptable behaviour"
        " from residents yes vexatious complainant part of the and or their representatives when"
        " pursuing a complaint complaints policy",
        "4 18 landlords must have policies and procedures in place for managing unacceptable behaviour"
        " from residents and or their representatives when pursuing a complaint",
    ),
]


def _parts() -> tuple[str, str]:
    """The raw text of the Code body (sections 1-9) and of Appendix B."""
    text = source_text(SOURCE)
    start = text.index("\nThe complaints process\n")  # the body's part heading, after the contents
    appendix_a = text.index("\nAppendix A", start)
    appendix_b = text.index("\nAppendix B", appendix_a)
    return text[start:appendix_a], text[appendix_b:]


def _body_words() -> str:
    return words(_parts()[0])


def _form_words() -> str:
    read = words(_parts()[1])
    for extracted, read_as in FORM_ROW_ARTEFACTS:
        assert words(extracted) in read, f"artefact no longer in the source: {extracted!r}"
        read = read.replace(words(extracted), words(read_as))
    return read


def test_section_titles_are_the_codes_headings():
    body = _parts()[0]
    code = edition("2022")
    assert {s.number: s.title for s in code.sections} == SECTION_TITLES
    for number, title in SECTION_TITLES.items():
        assert f"\n{number}. {title}\n" in body


def test_every_numbered_provision_of_sections_1_to_9_is_there():
    code = edition("2022")
    held = {n: [p.number for p in code.provisions if p.section.number == n] for n in SECTION_TITLES}
    assert held == PROVISIONS
    in_source = re.findall(r"^(?:- )?(\d\.\d+) ", _parts()[0], flags=re.MULTILINE)
    assert in_source == [n for numbers in PROVISIONS.values() for n in numbers]
    for provision in code.provisions:
        assert provision.number.startswith(f"{provision.section.number}.")


def test_every_text_and_item_is_quoted_from_the_code_body():
    body = _body_words()
    for provision in edition("2022").provisions:
        assert provision.text, provision.number
        assert words(provision.text) in body, f"{provision.number} text not in the Code body"
        for item in provision.items:
            assert item.text, (provision.number, item.label)
            assert words(item.text) in body, f"{provision.number} item {item.label} not in the Code body"
        assert words(provision.full_text) in body, f"{provision.number} text and items not in sequence"


def test_items_are_numbered_in_source_order():
    for provision in edition("2022").provisions:
        assert [i.label for i in provision.items] == [str(n) for n in range(1, len(provision.items) + 1)]


def test_headings():
    code = edition("2022")
    assert {p.number: p.heading for p in code.provisions if p.heading} == HEADINGS


def test_form_texts_are_quoted_from_appendix_b_and_only_where_the_form_differs():
    form = _form_words()
    for provision in edition("2022").provisions:
        if provision.form_text is not None:
            assert provision.on_form, provision.number
            assert words(provision.form_text) in form, f"{provision.number} form_text not in Appendix B"
            assert words(provision.form_text) != words(provision.full_text), provision.number
        elif provision.on_form:
            assert words(provision.full_text) in form, f"{provision.number}: Appendix B quotes it otherwise"


def test_must_and_should_match_appendix_b():
    code = edition("2022")
    for section in SECTION_TITLES:
        in_section = [p for p in code.provisions if p.section.number == section]
        assert [p.number for p in in_section if p.on_form and p.obligation == "must"] == MUST[section]
        assert [p.number for p in in_section if p.on_form and p.obligation == "should"] == SHOULD[section]
    for provision in code.provisions:
        if not provision.on_form:
            assert provision.obligation is None, provision.number


def test_the_lists_are_those_of_the_form_itself():
    """Read the form's rows (a number in the first column) under its must and should headings."""
    found: dict[str, list[str]] = {"must": [], "should": []}
    obligation = None
    for line in _parts()[1].splitlines():
        if "Mandatory 'must' requirements" in line:
            obligation = "must"
        elif "Best practice 'should' requirements" in line:
            obligation = "should"
        row = re.match(r"(\d\.\d+)\t", line)
        if row:
            assert obligation is not None
            found[obligation].append(row.group(1))
    assert sorted(found["must"]) == sorted(n for numbers in MUST.values() for n in numbers)
    assert sorted(found["should"]) == sorted(n for numbers in SHOULD.values() for n in numbers)


def test_no_landlord_commentary_in_any_text():
    """Words that only the landlord's columns of Appendix B use (its name, systems, Comply answers)."""
    commentary = {"harrow", "civica", "monika", "yes", "partially", "commonplace"}
    for provision in edition("2022").provisions:
        quoted = [provision.full_text, provision.form_text or ""]
        for text in quoted:
            assert not commentary & set(words(text).split()), provision.number


def test_edition_metadata_and_lookup():
    code = edition("2022")
    assert code.title == "Complaint Handling Code (2022)"
    assert code.in_force_from.isoformat() == "2022-04-01"
    assert code.sources == (SOURCE,)
    assert code.provision("5.12").text.startswith("The person considering the complaint at stage two")
