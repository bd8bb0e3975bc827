"""What a letter already issued says for each of a step's recorded sections, read back through the
landlord's template (2024 5.12).

A step told by a letter issued from the letters page is recorded only if the letter says what the
step records (``services.differs_from_the_record``). The handler then had to type again, word for
word, what the letter already said (found in a browser walk). Here each section of the letter that
the template fills from one recorded placeholder is matched against the template's own section: the
template's words around the placeholder are the frame, and what the letter has in their place is the
value. A section whose words were changed around the placeholder does not match and is left for the
person to fill in: nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date

from putright.letters.check import parse_markers
from putright.letters.dates import find_dates
from putright.letters.placeholders import as_read

#: the recorded placeholders a form field is filled from, by field
FIELD_OF = {
    "definition.complaint": "complaint_definition",
    "definition.outcomes_sought": "outcomes_sought",
    "definition.responsible_for": "responsible_for",
    "definition.not_responsible_for": "not_responsible_for",
    "response.complaint_stage": "complaint_stage",
    "response.complaint_definition": "complaint_definition",
    "response.decision": "decision",
    "response.reasons": "reasons",
    "response.remedy": "remedy",
    "response.outstanding_actions": "outstanding_actions",
    "response.escalation_route": "escalation_route",
    "extension.reason": "reason",
    "exclusion.reason": "explanation",
}

#: placeholders filled with a sentence around the recorded words (``services.held_values``): what the
#: letter says in their place, with the recorded words as the group
_FILLED_AS = {
    "definition.not_responsible_for": (
        r"(?:We are not responsible for: ?\n?(?P<{group}>.*?)"
        r"|There is nothing in your complaint that we are not responsible for\.)?"
    ),
}

_NOT_RESPONSIBLE = re.compile(
    r"\bnot\s+(?:be\s+)?responsible\b|\bnot\s+our\s+responsibility\b", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


#: the longest section read back, and the most placeholders in one: beyond these the person types it
#: (the lazy groups below cost the square of the section's length, never more)
LONGEST = 4000
_MOST_PLACEHOLDERS = 2


def _normal(text: str) -> str:
    """Whitespace as one canonical form: a space for any run of spaces and tabs, lines trimmed, one
    blank line for any run of them. The letter was written from the template, so after this their
    words around a value are the same characters, and are matched as such."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _frame(section: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern matching a template section with its placeholders filled in, and the group of each
    recorded placeholder (or the new response date). ``None`` where the section records nothing, or
    has too many placeholders to read back without guessing."""
    found = list(_PLACEHOLDER.finditer(section))
    if len(found) > _MOST_PLACEHOLDERS:
        return None
    groups: dict[str, str] = {}
    parts: list[str] = []
    at = 0
    for match in found:
        parts.append(_literal(section[at : match.start()]))
        name = match.group(1)
        group = f"g{len(groups)}"
        if name in _FILLED_AS:
            groups[group] = name
            parts.append(_FILLED_AS[name].format(group=group))
        elif name in FIELD_OF or name == "extension.new_response_due":
            groups[group] = name
            parts.append(f"(?P<{group}>.+?)")
        else:
            parts.append(".*?")
        at = match.end()
    parts.append(_literal(section[at:]))
    if not groups:
        return None
    return re.compile("".join(parts), re.DOTALL), groups


def _literal(text: str) -> str:
    """A template's words (in the normal form) as a pattern: the same characters, except that a
    paragraph break at the end may be the end of the section (what follows may be left out)."""
    if text.endswith("\n\n"):
        return re.escape(text[:-2]) + r"(?:\n\n|\Z)"
    return re.escape(text)


def recorded_values(letter_text: str, template_text: str) -> dict[str, str]:
    """The value the letter gives for each recorded placeholder of the template, where the letter's
    section of the same marker has the template's words around it."""
    _, letter_sections = parse_markers(letter_text)
    by_marker: dict[tuple[str, ...], str] = {}
    for section in letter_sections:
        by_marker.setdefault(tuple(str(t) for t in section.tokens), _normal(section.content))
    found: dict[str, str] = {}
    for section in parse_markers(template_text)[1]:
        framed = _frame(_normal(section.content))
        content = by_marker.get(tuple(str(t) for t in section.tokens))
        if framed is None or content is None or len(content) > LONGEST:
            continue
        pattern, groups = framed
        match = pattern.fullmatch(content)
        if match is None:
            continue
        # as the resident read it: what the letter escaped (a typed "[" or "{{") is carried as typed
        values = {name: as_read((match.group(group) or "").strip()) for group, name in groups.items()}
        if _NOT_RESPONSIBLE.search(values.get("definition.responsible_for", "")):
            continue  # "we are not responsible for..." read as a responsibility: left to the person
        for name, value in values.items():
            found.setdefault(name, value)
    return found


def form_values(recorded: dict[str, str], *, fields: list[str]) -> dict[str, str]:
    """The form's ``fields`` that ``recorded`` (:func:`recorded_values`) fills in, by field name
    (empty values left out)."""
    return {
        FIELD_OF[name]: value
        for name, value in recorded.items()
        if name in FIELD_OF and FIELD_OF[name] in fields and value
    }


def new_response_date(recorded: dict[str, str]) -> date | None:
    """The new response date an extension letter gives, where its section (in ``recorded``, from
    :func:`recorded_values`) reads back to one full date."""
    said = recorded.get("extension.new_response_due", "")
    dates = set()
    for found in find_dates(said):
        if found.year is None:
            return None  # "16 December": which year is for the person to say
        try:
            dates.add(date(found.year, found.month, found.day))
        except ValueError:
            return None
    return dates.pop() if len(dates) == 1 else None
