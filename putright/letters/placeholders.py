"""The placeholder language of letter templates: small, whitelisted, and safe. Pure Python: no Django.

A landlord edits its templates, so a template must never run code. Templates are **not** Django or
Jinja templates: the only thing a template can do is name a value, ``{{ complaint.reference }}``,
from the fixed list :data:`PLACEHOLDERS`. There are no tags, filters, attribute look-ups or
expressions; ``{% ... %}`` and anything else is plain text. Filling is a single pass, so a value
that itself contains ``{{ ... }}`` (a resident can type anything) is never expanded.

The filled text is still *text*. Escaping happens where text meets a format:

* HTML and PDF: every piece of text is HTML-escaped when the document is built
  (:mod:`putright.letters.document`), so ``<script>`` in a complaint summary prints as itself.
* DOCX: text goes into python-docx runs (which write XML escapes themselves); characters XML
  cannot hold (control characters) are removed by :func:`clean_value`.
* Spreadsheets and CSV: :func:`spreadsheet_safe` prefixes a value that starts with ``=``, ``+``,
  ``-``, ``@`` (or a tab or carriage return) with an apostrophe, so it cannot become a formula.
* The letter format itself (what a value typed by a handler or a resident says is printed as typed,
  and read by the Code check as text, never as the letter's own syntax; 2024 5.12, 6.9, 6.19):

  * a line of a value that starts with ``[`` (after any spaces and backslashes) is written with a
    ``\\`` before the ``[``, so it cannot forge a Code marker (``[6.9 g]``, ``[/]``) and make the
    check find a section the template does not have, or end one it does;
  * a ``{`` of a value that opens ``{{`` or ``{%`` (or follows a backslash) is written ``\\{``, so
    the value is not left in the letter as a blank to fill in (the letter could never be issued);
  * the other line breaks the check reads as new lines (U+2028, U+2029, U+0085) are written as new
    lines, so the check and the document agree on where a line of the value starts.

  :func:`as_read` undoes both escapes: the document builder prints the letter through it, so the
  resident reads exactly what was typed, braces, brackets and backslashes included.

A value the case does not have yet (no decision recorded) fills as ``[enter the decision]``: the
Code check treats it as a blank, and a letter with blanks left cannot be issued.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

#: name -> what it gives (shown to the landlord on the template page)
PLACEHOLDERS: dict[str, str] = {
    "letter.date": "the date the letter is issued, e.g. 14 March 2025",
    "landlord.name": "your organisation's name",
    "resident.name": "the resident's name",
    "resident.address": "the resident's address (several lines)",
    "addressee.name": "who the letter is to: the representative where there is one, else the resident",
    "complaint.reference": "the complaint reference",
    "complaint.summary": "the complaint as the resident put it",
    "complaint.received_on": "the date the complaint was received",
    "complaint.stage": "the current stage: stage 1 or stage 2",
    "definition.complaint": "the complaint definition: the landlord's understanding of the complaint (5.6)",
    "definition.outcomes_sought": "the outcomes the resident is seeking (5.6)",
    "definition.responsible_for": "what the landlord is responsible for (5.7)",
    "definition.not_responsible_for": "what the landlord is not responsible for, and who is (5.7)",
    "response.complaint_stage": "the complaint stage the response records, e.g. Stage 1 (6.9 a, 6.19 a)",
    "response.complaint_definition": (
        "the complaint definition the response records, with the outcomes sought (6.9 b, 6.19 b)"
    ),
    "response.decision": "the decision on the complaint (6.9 c, 6.19 c)",
    "response.outcome": "upheld, partly upheld or not upheld",
    "response.reasons": "the reasons for the decisions (6.9 d, 6.19 d)",
    "response.remedy": "the remedy offered (6.9 e, 6.19 e)",
    "response.outstanding_actions": "the outstanding actions (6.9 f, 6.19 f)",
    "response.escalation_route": "how to escalate (6.9 g, 6.19 g)",
    "deadline.response_due": "the date the response is due (6.3, 6.14)",
    "deadline.original_response_due": "the response date before any extension",
    "deadline.escalation_by": "the last day to ask for stage 2, on the landlord's policy",
    "extension.new_response_due": "the new response date after the extension (6.4, 6.15)",
    "extension.reason": "the reason for the extension (6.4, 6.15)",
    "extension.working_days": "how many working days the extension adds",
    "remedy.list": "the remedies agreed, one a line, with the date each is due (7.3)",
    "remedy.by_when": "the date the last remedy is due (7.3)",
    "actions.list": "the outstanding actions, one a line, with who does each and when (6.17)",
    "actions.by_when": "the date the last outstanding action is due (6.17)",
    "update.interval": "the agreed interval for updates, e.g. every 5 working days by email (5.9)",
    "exclusion.reason": "why the complaint was not accepted or not escalated (2.4, 5.11)",
    "exclusion.previously_considered": (
        "where escalation is refused as a matter previously considered, a sentence naming the earlier "
        "complaint that considered it (5.11); nothing on any other ground"
    ),
    "restriction.details": "the contact restriction (5.14, 5.15)",
    "restriction.reason": "the reason for the restriction (5.14)",
    "restriction.equality": "how the restriction has regard to the Equality Act 2010 (5.15)",
    "restriction.review_due": "when the restriction will be reviewed (5.14)",
    "restriction.ended_on": "the day the last restriction ended, after its review (5.14)",
    "handler.name": "the member of staff handling the complaint",
    "ombudsman.name": "the Housing Ombudsman Service",
    "ombudsman.phone": "the Ombudsman's telephone number (configured once)",
    "ombudsman.website": "the Ombudsman's website",
    "ombudsman.form_url": "the Ombudsman's online complaint form",
    "ombudsman.email": "the Ombudsman's email address",
    "ombudsman.address": "the Ombudsman's postal address, on one line",
    "contact.phone": "your complaints telephone number (letterhead settings)",
    "contact.email": "your complaints email address (letterhead settings)",
}

#: what a blank says when the case does not have the value yet
BLANK_LABEL: dict[str, str] = {
    "response.complaint_stage": "the complaint stage",
    "response.complaint_definition": "your understanding of the complaint",
    "response.decision": "the decision",
    "response.reasons": "the reasons",
    "response.remedy": "the remedy, or why there is none",
    "response.outstanding_actions": "any outstanding actions, or say there are none",
    "response.escalation_route": "how to escalate",
    "definition.complaint": "your understanding of the complaint",
    "definition.outcomes_sought": "the outcomes the resident is seeking",
    "definition.responsible_for": "what we are responsible for",
    "definition.not_responsible_for": "what we are not responsible for, or leave this out",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")
#: the most characters between a blank's brackets: a pattern that looked as far as the text went for
#: the closing brackets did so again from every ``{{`` (100,000 characters of them took a minute to
#: check); a blank longer than this, or one left open, is still a blank (:data:`BLANKS`)
BLANK_MOST = 300
_ANY_BRACES = re.compile(rf"\{{\{{(.{{0,{BLANK_MOST}}}?)\}}\}}|\{{\{{", re.DOTALL)
# Characters XML 1.0 cannot hold (so DOCX cannot), and other controls; tab and newline are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: a line that starts with ``[`` after any spaces and backslashes (a marker, or one typed after a ``\\``)
_MARKER_START = re.compile(r"^(\s*\\*)\[", re.MULTILINE)
_MARKER_ESCAPED = re.compile(r"^(\s*\\*)\\\[", re.MULTILINE)
#: a ``{`` that opens a blank (``{{``, ``{%``) or follows a backslash; and one written escaped
_BRACE = re.compile(r"(?<=\\)\{|\{(?=[{%])")
_BRACE_ESCAPED = re.compile(r"\\\{")
#: line breaks ``str.splitlines`` (the Code check's reading) makes that the letter format does not
_OTHER_BREAKS = re.compile("[\u2028\u2029\x85]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TemplateError(ValueError):
    """A template names something that is not a placeholder, or is otherwise unusable."""


@dataclass(frozen=True)
class TemplateProblem:
    placeholder: str
    message: str


def plain(text: str) -> str:
    """``text`` with each run of whitespace (line ends too) as one space: a letter and the template or
    record it was written from compared word for word, however its lines were broken."""
    return " ".join(text.split())


def placeholders_in(template: str) -> list[str]:
    """The placeholder names a template uses, in order of first use."""
    seen: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def problems(template: str) -> list[TemplateProblem]:
    """Everything in ``{{ ... }}`` that is not a known placeholder (the template page refuses these)."""
    found: list[TemplateProblem] = []
    for match in _ANY_BRACES.finditer(template):
        if match.group(1) is None:
            found.append(
                TemplateProblem(
                    placeholder="{{",
                    message=f"a {{{{ is not closed by }}}} within {BLANK_MOST} characters: "
                    "write each placeholder as {{ name }}",
                )
            )
            continue
        inner = match.group(1).strip()
        if inner not in PLACEHOLDERS:
            found.append(
                TemplateProblem(
                    placeholder=inner,
                    message=f"{{{{ {inner} }}}} is not a placeholder PutRight knows"
                    + (
                        " (filters and expressions are not allowed)"
                        if re.search(r"[|()\[\] ]", inner)
                        else ""
                    ),
                )
            )
    if "{%" in template:
        found.append(
            TemplateProblem("{%", "template tags ({% ... %}) are not allowed: use {{ placeholders }}")
        )
    return found


def validate(template: str) -> None:
    found = problems(template)
    if found:
        raise TemplateError("; ".join(p.message for p in found))


def clean_value(value: object, *, line_start: bool = True) -> str:
    """A value as safe text: controls removed, line endings normalised, Code markers and blanks
    escaped (undone by :func:`as_read`). ``line_start``: the value starts a line of the letter (its
    placeholder has nothing before it on its line), so its first line is a line as well."""
    text = "" if value is None else str(value)
    text = _OTHER_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BRACE.sub(r"\\{", _CONTROL.sub("", text).strip())
    if line_start:
        return _MARKER_START.sub(r"\1\\[", text)
    first, newline, rest = text.partition("\n")
    return first + newline + _MARKER_START.sub(r"\1\\[", rest)


def as_read(text: str) -> str:
    """Letter text as the resident reads it: what :func:`clean_value` escaped, as it was typed."""
    return _BRACE_ESCAPED.sub("{", _MARKER_ESCAPED.sub(r"\1[", text))


#: placeholders said only in some cases, which fill as nothing (not a blank to fill in) when the case
#: has no value: the earlier complaint is named only where escalation is refused as previously
#: considered (2024 5.11), and the same letter refuses on every other ground
SAID_ONLY_SOMETIMES = frozenset({"exclusion.previously_considered"})


def blank(name: str) -> str:
    return f"[enter {BLANK_LABEL.get(name, PLACEHOLDERS.get(name, name))}]"


def fill(template: str, values: Mapping[str, object]) -> str:
    """The template with every known placeholder replaced by its cleaned value, in one pass.

    A known placeholder with no value (``None`` or empty) becomes a blank (``[enter ...]``). Unknown
    ``{{ ... }}`` are left as they are (the check treats them as blanks; :func:`validate` refuses
    them when the template is saved).
    """

    # whether a value starts a line of the letter is read from the letter as filled so far, not the
    # template: a placeholder before it may fill as nothing (``SAID_ONLY_SOMETIMES``; helper-136)
    filled: list[str] = []
    line = ""  # the letter's current line so far
    at = 0
    for match in _PLACEHOLDER.finditer(template):
        before = template[at : match.start()]
        line = _last_line(line, before)
        name = match.group(1)
        if name not in PLACEHOLDERS:
            value = match.group(0)
        else:
            value = clean_value(values.get(name), line_start=not line.strip())
            value = value if value or name in SAID_ONLY_SOMETIMES else blank(name)
        filled += [before, value]
        line = _last_line(line, value)
        at = match.end()
    filled.append(template[at:])
    return "".join(filled)


def _last_line(line: str, added: str) -> str:
    """The letter's current line after ``added`` is written at the end of ``line``."""
    return added[added.rfind("\n") + 1 :] if "\n" in added else line + added


#: the words a template's blank opens with ("[enter the decision]", "[insert date]", "[TBC]"): an
#: instruction to whoever fills the letter in, not a word joined to another ("[Add-on]", an ordinary
#: bracketed word, was read as a blank and refused a letter that had none)
_BLANK_WORDS = r"\[\s*(?:insert|enter|add|tbc|tba|todo|to do|placeholder)\b(?![-\u2010\u2011]\w)"
#: a bracket holding only what belongs there ("[date]", "[name]", "[name of officer]"), or a short one
#: saying it is still to be settled anywhere in it ("[Date TBC]", "[date to be confirmed]"; helper-137)
_BLANK_ONLY = (
    r"\[\s*(?:date|name)(?:\s+of\b[^\]\[\n]{0,40})?\s*\]"
    r"|\[[^\]\[\n]{0,40}?\b(?:tbc|tba|to be confirmed|to be agreed)\b[^\]\[\n]{0,40}\]"
)
#: a blank: ``{{ ... }}``, ``{% ... %}``, ``[enter ...]`` or ``[date]``, closed within ``BLANK_MOST``
#: characters; or the opening of one never closed there (its closing brackets deleted: still a
#: blank). A ``{`` written ``\\{`` is a value's own brace (:func:`clean_value`), printed as typed: not
#: a blank.
BLANKS = (
    rf"(?<!\\)\{{\{{.{{0,{BLANK_MOST}}}?\}}\}}|(?<!\\)\{{%.{{0,{BLANK_MOST}}}?%\}}"
    rf"|{_BLANK_WORDS}[^\]]{{0,{BLANK_MOST}}}\]|{_BLANK_ONLY}|(?<!\\)\{{\{{|(?<!\\)\{{%|{_BLANK_WORDS}"
)
_BLANKS = re.compile(BLANKS, re.IGNORECASE | re.DOTALL)


def blanks_left(text: str) -> list[str]:
    """The unfilled blanks in a letter (``[enter ...]``, ``{{ ... }}``): a letter with any cannot be issued."""
    return [m.group(0) for m in _BLANKS.finditer(text)]


def spreadsheet_safe(value: object) -> str:
    """A value for a CSV or spreadsheet cell that cannot become a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
