"""The Code check on letters: every required element of every kind, named after its provision.

For each kind and edition, the sample letter in ``fixtures/`` passes; removing the one paragraph
that gives an element leaves exactly that element missing, with the right provision, and the
letter cannot be issued.
"""

from __future__ import annotations

from datetime import date

import pytest
from letters_helpers import PARAGRAPH_FOR, case_id, sample, without_paragraph

from putright.code.letters import (
    KindNotInEdition,
    LetterKind,
    UnknownLetterKind,
    letter_kinds,
    required_elements,
)
from putright.code.provisions import UnknownEdition, provision
from putright.letters.check import check_letter, parse_markers
from putright.letters.ombudsman import OmbudsmanContact


def _cases() -> list[object]:
    cases = []
    for edition in ("2024", "2022"):
        for kind in letter_kinds(edition):
            for required in required_elements(kind, edition):
                cases.append(
                    pytest.param(
                        edition,
                        kind.value,
                        required.element.value,
                        required.provision,
                        id=case_id(edition, required.provision, kind.value, required.element.value),
                    )
                )
    return cases


CASES = _cases()


@pytest.mark.parametrize(
    ("kind", "edition"),
    [
        (k.value, edition)
        for edition in ("2024", "2022")
        for k in LetterKind
        if not (k.value == "stage3-response" and edition == "2024")  # no stage 3 under the 2024 Code (5.3)
    ],
)
def test_the_sample_letter_can_be_issued(kind: str, edition: str) -> None:
    result = check_letter(sample(kind), kind, edition)
    assert result.can_issue, [(e.element, e.provision, e.note) for e in result.missing]
    assert all(e.evidence for e in result.elements)
    assert not result.warnings


@pytest.mark.parametrize(("edition", "kind", "element", "provision"), CASES)
def test_missing_element_cannot_be_issued(edition: str, kind: str, element: str, provision: str) -> None:
    letter = without_paragraph(sample(kind), PARAGRAPH_FOR[kind][element])
    result = check_letter(letter, kind, edition)
    assert not result.can_issue
    blocked = [(e.element, e.provision) for e in result.blocking]
    # without the Ombudsman's details the route to the Ombudsman has no way to reach it (6.19 g)
    also = ALSO_BLOCKED.get((edition, kind, element), [])
    assert sorted(blocked) == sorted([(element, provision), *also])
    found = result.element(element)
    # the element is missing, or (where the rest of the letter still says something like it) the
    # check asks a person to confirm the sentence it found: it never passes silently
    assert found.status in ("missing", "confirm")
    if found.status == "missing":
        assert found.evidence is None
    else:
        assert found.evidence
    assert found.note  # a hint of what to write, or why it is unsure
    as_json = result.as_dict()
    assert as_json["can_issue"] is False


ALSO_BLOCKED = {
    ("2022", "stage2-response", "ombudsman_contact_details"): [("ombudsman_route", "2022 5.16")],
    ("2022", "stage3-response", "ombudsman_contact_details"): [("ombudsman_route", "2022 5.20")],
    # with no date for the work anywhere, the outstanding action itself needs a person to confirm it
    ("2024", "outstanding-action-update", "action_timescale"): [("outstanding_actions", "2024 6.17")],
    ("2022", "outstanding-action-update", "action_timescale"): [("outstanding_actions", "2022 5.5")],
}


def test_there_is_a_case_for_every_required_element_of_every_kind() -> None:
    # 2024: 41 + 2 definition-amended; 2022: 54 + 3 definition-amended + 1 restriction ended (every 2022
    # letter gives the Ombudsman's details, 2.7)
    assert len(CASES) == 43 + 58
    for kind, elements in PARAGRAPH_FOR.items():
        needed = {
            r.element.value
            for e in ("2024", "2022")
            if LetterKind(kind) in letter_kinds(e)
            for r in required_elements(kind, e)
        }
        assert needed == set(elements), kind


# --- named examples the brief asks for -------------------------------------------------------------


def test_2024_6_9_g_stage1_response_missing_escalation_route_cannot_be_issued() -> None:
    letter = without_paragraph(sample("stage1-response"), "take your complaint to stage 2")
    result = check_letter(letter, "stage1-response")
    assert [e.provision for e in result.missing] == ["2024 6.9 g"]
    assert result.element("escalation_route").requirement == provision("2024", "6.9").item("g").text


def test_2024_6_9_g_escalation_route_needs_a_how() -> None:
    letter = sample("stage1-response").replace(
        "Please reply to this letter, email complaints@northgatehomes.org.uk or call us on 0113 496 0000 "
        "within 20 working days of the date of this letter. ",
        "",
    )
    assert "within 20 working days" not in letter
    result = check_letter(letter, "stage1-response")
    assert [e.provision for e in result.missing] == ["2024 6.9 g"]


def test_2024_6_19_g_a_mention_of_the_ombudsman_is_not_the_route() -> None:
    letter = without_paragraph(
        sample("stage2-response"), "refer your complaint to the Housing Ombudsman Service"
    )
    letter += "\n\nYou can contact the Housing Ombudsman Service at any time for free, impartial advice.\n"
    result = check_letter(letter, "stage2-response")
    assert [e.provision for e in result.missing] == ["2024 6.19 g"]


def test_2024_6_5_the_configured_ombudsman_details_are_what_is_recognised() -> None:
    letter = sample("extension-notice")
    moved = OmbudsmanContact(
        telephone="0300 222 4000",
        website="www.example-ombudsman.org.uk",
        complaint_form_url="https://www.example-ombudsman.org.uk/form/",
        email="help@example-ombudsman.org.uk",
        postal_address=("Ombudsman", "PO Box 99", "Leeds", "LS1 1AA"),
    )
    result = check_letter(letter, "extension-notice", context={"ombudsman": moved})
    # the letter's number is not the configured one: the detail is wrong, not merely missing
    assert [e.provision for e in result.wrong] == ["2024 6.5"]
    assert "0300 222 4000" in result.element("ombudsman_contact_details").note
    for configured, moved_to in (
        ("0300 111 3000", "0300 222 4000"),
        ("www.housing-ombudsman.org.uk", "www.example-ombudsman.org.uk"),
        ("PO Box 1484, Unit D, Preston, PR2 0ET", "PO Box 99, Leeds, LS1 1AA"),
    ):
        letter = letter.replace(configured, moved_to)
    assert check_letter(letter, "extension-notice", context={"ombudsman": moved}).can_issue


def test_2024_6_5_ombudsman_details_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUTRIGHT_OMBUDSMAN_PHONE", "0300 222 4000")
    monkeypatch.setenv("PUTRIGHT_OMBUDSMAN_WEBSITE", "www.example-ombudsman.org.uk")
    monkeypatch.setenv("PUTRIGHT_OMBUDSMAN_ADDRESS", "Ombudsman | PO Box 99 | Leeds | LS1 1AA")
    monkeypatch.setenv("PUTRIGHT_OMBUDSMAN_FORM_URL", "https://www.example-ombudsman.org.uk/form/")
    monkeypatch.setenv("PUTRIGHT_OMBUDSMAN_EMAIL", "help@example-ombudsman.org.uk")
    assert not check_letter(sample("extension-notice"), "extension-notice").can_issue
    letter = "We will respond by 1 April 2025 because we need more time. Call the Ombudsman on 0300-222-4000."
    assert check_letter(letter, "extension-notice").can_issue


def test_2024_6_15_6_16_extension_at_stage_2_cites_the_stage_2_provisions() -> None:
    result = check_letter(sample("extension-notice"), "extension-notice", context={"stage": 2})
    assert result.can_issue
    assert [e.provision for e in result.elements] == ["2024 6.15", "2024 6.15", "2024 6.16"]


def test_2024_6_4_new_deadline_must_be_the_given_date() -> None:
    letter = sample("extension-notice")
    assert check_letter(letter, "extension-notice", context={"new_deadline": date(2025, 3, 21)}).can_issue
    result = check_letter(letter, "extension-notice", context={"new_deadline": "2025-03-28"})
    assert [e.provision for e in result.wrong] == ["2024 6.4"]
    assert "28 March 2025" in result.element("new_deadline").note


@pytest.mark.parametrize(
    "written",
    ["21/03/2025", "21.03.25", "Friday 21st March 2025", "21 Mar 2025", "March 21, 2025", "2025-03-21"],
)
def test_2024_6_4_new_deadline_in_uk_date_formats(written: str) -> None:
    letter = sample("extension-notice").replace("Friday 21 March 2025", written)
    result = check_letter(letter, "extension-notice", context={"new_deadline": date(2025, 3, 21)})
    assert result.can_issue, result.element("new_deadline").note


def test_2024_6_3_acknowledgement_response_date_can_be_checked_against_the_due_date() -> None:
    letter = sample("stage1-acknowledgement")
    assert check_letter(
        letter, "stage1-acknowledgement", context={"response_due": date(2025, 3, 10)}
    ).can_issue
    result = check_letter(letter, "stage1-acknowledgement", context={"response_due": date(2025, 3, 11)})
    assert [e.provision for e in result.wrong] == ["2024 6.3"]


def test_2022_5_16_with_a_third_stage_the_route_is_to_stage_3() -> None:
    letter = sample("stage2-response")
    result = check_letter(letter, "stage2-response", "2022", context={"third_stage": True})
    assert [e.element for e in result.missing] == ["escalation_route"]
    assert result.element("escalation_route").requirement.startswith("if the landlord has a third stage")
    letter += (
        "\n\nIf you are not happy with this response, you can ask for your complaint to go to stage 3, our "
        "complaints panel. Please reply to this letter within 20 working days.\n"
    )
    assert check_letter(letter, "stage2-response", "2022", context={"third_stage": True}).can_issue


# --- markers -----------------------------------------------------------------------------------------

MARKED = """Dear Ms Patel,

[6.9 a] Stage
This is the first stage of our complaints process.

[6.9 b] What you told us
The communal door has not closed properly since May.

[6.9 c] Our decision
{decision}

[decision, reasons] (both marked)
[6.9 d] Why
The contractor's records show nobody came to the communal door on 9 January.

[2024 6.9 e] Putting it right
A payment of £100, paid by 4 April 2025.

[6.9f]
None.

[6.9 g] If you are not happy
Reply to this letter.
[/6.9 g]

Yours sincerely,
"""


def test_2024_6_9_marked_sections_with_content_are_present() -> None:
    result = check_letter(MARKED.format(decision="Upheld."), "stage1-response")
    assert result.can_issue, [(e.element, e.note) for e in result.missing]
    assert {e.method for e in result.elements} == {"marker"}
    assert result.element("escalation_route").evidence == "Reply to this letter."


@pytest.mark.parametrize(
    "placeholder", ["", "{{ decision }}", "[insert decision here]", "<<DECISION>>", "______"]
)
def test_2024_6_9_c_an_empty_or_unfilled_marked_section_is_missing(placeholder: str) -> None:
    result = check_letter(MARKED.format(decision=placeholder), "stage1-response")
    assert [e.provision for e in result.missing] == ["2024 6.9 c"]
    assert "empty" in result.element("decision").note


def test_an_ambiguous_provision_marker_marks_nothing_and_warns() -> None:
    text = "[5.6] Your complaint\nSomething.\n"
    result = check_letter(text, "stage1-acknowledgement")
    assert not result.element("complaint_definition").present
    assert any("name the element" in w for w in result.warnings)
    named = (
        "[5.6 complaint_definition] Your complaint\nThe communal door has not closed since May.\n"
        "[5.6 outcomes_sought]\nYou would like a repair.\n"
    )
    result = check_letter(named, "stage1-acknowledgement")
    assert result.element("complaint_definition").present and result.element("outcomes_sought").present


def test_markers_for_another_edition_or_kind_are_warned_about() -> None:
    result = check_letter("[2022 5.8] Stage\nStage one.\n[7.3] Remedy\n£5.\n", "stage1-response")
    assert len(result.warnings) == 2


def test_text_in_square_brackets_that_is_not_a_marker_stays_text() -> None:
    clean, sections = parse_markers("[insert date]\n[Flat 3] is damp.\n[6.9 g] How\nReply.\n[/]\nAfter.\n")
    assert [str(t) for s in sections for t in s.tokens] == ["6.9 g"]
    assert sections[0].content == "Reply."
    assert "[insert date]" in clean and "[Flat 3] is damp." in clean and "After." in clean


# --- the element lists themselves ---------------------------------------------------------------------


def test_every_requirement_quotes_its_provision() -> None:
    def words(text: str) -> str:
        return " ".join(text.replace("’", "'").split())

    for edition in ("2024", "2022"):
        for kind in letter_kinds(edition):
            for required in required_elements(kind, edition):
                base = required.provision.split(" ")[1]
                assert words(required.requirement) in words(provision(edition, base).full_text), required


def test_2024_has_no_stage_3_and_bad_kinds_are_refused() -> None:
    with pytest.raises(KindNotInEdition):
        required_elements("stage3-response", "2024")
    with pytest.raises(UnknownLetterKind):
        check_letter("text", "stage-9-letter")
    with pytest.raises(UnknownEdition):
        check_letter("text", "stage1-response", "2020")
    with pytest.raises(ValueError, match="unknown context"):
        check_letter("text", "stage1-response", context={"stgae": 1})


def test_the_result_is_json_ready() -> None:
    import json

    result = check_letter(sample("stage1-response"), "stage1-response")
    data = json.loads(json.dumps(result.as_dict()))
    assert data["can_issue"] is True
    assert [e["provision"] for e in data["elements"]] == [f"2024 6.9 {x}" for x in "abcdefg"]
    assert {"flesch_reading_ease", "long_sentences", "jargon"} <= set(data["readability"])
