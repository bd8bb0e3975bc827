"""2024 5.12: what a letter already issued says for each section a step records, read back through
the landlord's template so the step's form can be filled in from it. A section whose wording around
the recorded words was changed is not read: nothing is guessed."""

from __future__ import annotations

from datetime import date

from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.placeholders import fill
from putright.letters.read_back import form_values, new_response_date, recorded_values

ACKNOWLEDGEMENT = DEFAULT_TEMPLATES["stage1-acknowledgement"].body
EXTENSION = DEFAULT_TEMPLATES["extension-notice"].body
VALUES = {
    "complaint.received_on": "1 December 2026",
    "definition.complaint": "The fan broke.\n\nThe mould came back.",
    "definition.outcomes_sought": "Repair the fan.",
    "definition.responsible_for": "The fan and the mould treatment.",
    "definition.not_responsible_for": "We are not responsible for: the garden fence.",
    "deadline.response_due": "16 December 2026",
    "contact.phone": "0113 496 0000",
    "contact.email": "complaints@example.org",
}


def test_2024_5_12_each_recorded_section_is_read_back_with_its_paragraphs() -> None:
    assert recorded_values(fill(ACKNOWLEDGEMENT, VALUES), ACKNOWLEDGEMENT) == {
        "definition.complaint": "The fan broke.\n\nThe mould came back.",
        "definition.outcomes_sought": "Repair the fan.",
        "definition.responsible_for": "The fan and the mould treatment.",
        "definition.not_responsible_for": "the garden fence.",
    }


def test_2024_5_12_a_section_reworded_around_its_value_is_not_read() -> None:
    letter = fill(ACKNOWLEDGEMENT, VALUES).replace("We are responsible for:", "Our part is:")
    values = form_values(
        recorded_values(letter, ACKNOWLEDGEMENT),
        fields=["complaint_definition", "outcomes_sought", "responsible_for"],
    )
    assert "responsible_for" not in values
    assert values["outcomes_sought"] == "Repair the fan."


def test_2024_6_4_an_extension_letters_new_date_is_read_only_when_it_gives_one_full_date() -> None:
    values = {
        "extension.reason": "Waiting for the surveyor.",
        "deadline.original_response_due": "2 December 2026",
    }
    letter = fill(EXTENSION, {**values, "extension.new_response_due": "16 December 2026"})
    assert new_response_date(recorded_values(letter, EXTENSION)) == date(2026, 12, 16)
    no_year = fill(EXTENSION, {**values, "extension.new_response_due": "16 December"})
    assert new_response_date(recorded_values(no_year, EXTENSION)) is None


def test_2024_5_12_runs_of_blank_lines_and_spaces_are_read_back_in_one_pass() -> None:
    """Blank lines holding spaces made the read-back backtrack for minutes on 200 of them (found in
    an adversarial review): whitespace is put in one form first, and the value keeps its paragraphs."""
    letter = fill(ACKNOWLEDGEMENT, VALUES).replace(
        "The fan and the mould treatment.", "the fan." + "\n  " * 200 + "\nthe mould."
    )
    assert recorded_values(letter, ACKNOWLEDGEMENT)["definition.responsible_for"] == "the fan.\n\nthe mould."


def test_2024_5_12_a_section_with_more_placeholders_than_can_be_told_apart_is_not_read() -> None:
    template = (
        "Dear {{ addressee.name }},\n\n[6.9 e] Putting things right\n{{ response.remedy }} Call "
        "{{ contact.phone }} or email {{ contact.email }} to arrange it.\n[/]\n"
    )
    letter = template.replace("{{ response.remedy }} Call {{ contact.phone }}", "We will pay £50. Call 0113")
    assert recorded_values(letter, template) == {}


def test_2024_5_7_a_not_responsible_sentence_is_never_read_back_as_a_responsibility() -> None:
    """Without the template's colon, "We are not responsible for the fence" ran into the value read
    back as what the landlord is responsible for (found in an adversarial review)."""
    letter = fill(ACKNOWLEDGEMENT, VALUES).replace(
        "We are not responsible for: the garden fence.",
        "We are not responsible for the fence, the council is.",
    )
    values = recorded_values(letter, ACKNOWLEDGEMENT)
    assert "definition.responsible_for" not in values
    assert values["definition.outcomes_sought"] == "Repair the fan."
